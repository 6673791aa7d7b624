#!/usr/bin/env python
"""Batch throughput and memory: policydoc.batch.extract with 1 and 2 workers.

Throughput mode (default). Builds a corpus in a temporary folder from real documents —
the fixture PDFs (tests/fixtures/pdf/*.pdf, including the scanned and the encrypted one,
which end as error records as they would in a real folder), ../shared/corpus/docs/*
(13 HTML pages and 034.pdf), corpora/documents/*.txt and ../shared/seeds/003_*.txt —
copied N times (default: enough copies for ~300 files); every copy after the first gets a
few trailing bytes (a PDF comment after %%EOF, an HTML comment, trailing newlines) so no two
files share a content hash. Then, for ``--rounds`` rounds with the order rotating, runs

* ``raw``    — pdfplumber ``extract_text()`` on every page of every PDF, single process;
* ``jobs=1`` — ``policydoc.batch.extract(folder, out, jobs=1)``;
* ``jobs=2`` — ``policydoc.batch.extract(folder, out, jobs=2)``.

Each run happens in a fresh Python process, so its peak RSS is its own:
``ru_maxrss`` of RUSAGE_SELF is the batch parent's peak and of RUSAGE_CHILDREN the largest
worker's peak (workers are forked, so that includes the pages they share with the parent).
On Linux a sampler thread also adds up VmRSS and Pss (from /proc/PID/smaps_rollup) of the
parent and its live workers every ``--sample`` seconds: the peak of that sum is the whole
batch's footprint at one moment (Pss counts shared pages once).

Memory mode (``--memory N``). Extracts N small real text files (copies of
corpora/documents/*.txt and ../shared/seeds/*.txt) with 2 workers in one run, recording
RSS/PSS at 20 checkpoints, and reports the peaks, the slope, and a straight-line
extrapolation to 10,000 documents (requirement: <= 400 MB).

    .venv/bin/python benchmarks/bench_batch.py                  # ~300 files, 3 rounds
    .venv/bin/python benchmarks/bench_batch.py --copies 2 --rounds 1 --json out.json
    .venv/bin/python benchmarks/bench_batch.py --memory 2000
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CONFIGS = ("raw", "jobs=1", "jobs=2")
SPEEDUP_TARGET = 1.7
MEMORY_LIMIT_MB = 400
MB = 1024  # ru_maxrss is in KiB on Linux


# -- corpus ----------------------------------------------------------------
def sources() -> list[Path]:
    out = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))
    out += sorted((SHARED / "corpus" / "docs").glob("*.html"))
    out += sorted((SHARED / "corpus" / "docs").glob("*.pdf"))
    out += sorted((ROOT / "corpora" / "documents").glob("*.txt"))
    out += sorted((SHARED / "seeds").glob("003_*.txt"))
    return [p for p in out if p.is_file()]


def text_sources() -> list[Path]:
    out = sorted((ROOT / "corpora" / "documents").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
    return [p for p in out if p.is_file()]


def _tail(suffix: str, i: int) -> bytes:
    if i == 0:
        return b""
    if suffix == ".pdf":
        return f"\n%policydoc-bench copy {i}\n".encode()
    if suffix in (".html", ".htm"):
        return f"\n<!-- policydoc-bench copy {i} -->\n".encode()
    return b"\n" * i  # text: trailing blank lines only, the text itself is untouched


def build(folder: Path, srcs: list[Path], copies: int, limit: int | None = None) -> list[Path]:
    """Copy *srcs* *copies* times into folder/cNN/ (at most *limit* files)."""
    made = []
    for i in range(copies):
        d = folder / f"c{i:03d}"
        d.mkdir(parents=True, exist_ok=True)
        for s in srcs:
            if limit is not None and len(made) >= limit:
                return made
            t = d / s.name
            t.write_bytes(s.read_bytes() + _tail(s.suffix.lower(), i))
            made.append(t)
    return made


def distinct_hashes(files: list[Path]) -> int:
    from policydoc.batch import file_hash

    return len({file_hash(f) for f in files})


# -- memory sampling (Linux /proc) -----------------------------------------
def _status_kb(pid: int | str, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _pss_kb(pid: int | str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children() -> list[str]:
    kids: list[str] = []
    try:
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children", encoding="ascii") as fh:
                kids += fh.read().split()
    except OSError:
        pass
    return kids


def snapshot() -> dict:
    """Current memory of this process and its live children, in KiB."""
    kids = _children()
    me = os.getpid()
    return {"parent_rss": _status_kb(me, "VmRSS"), "workers": len(kids),
            "workers_rss": sum(_status_kb(k, "VmRSS") for k in kids),
            "total_rss": _status_kb(me, "VmRSS") + sum(_status_kb(k, "VmRSS") for k in kids),
            "total_pss": _pss_kb(me) + sum(_pss_kb(k) for k in kids)}


class Sampler(threading.Thread):
    def __init__(self, every: float):
        super().__init__(daemon=True)
        self.every, self.stop_ev = every, threading.Event()
        self.peak = {"total_rss": 0, "total_pss": 0, "parent_rss": 0, "workers_rss": 0}
        self.enabled = every > 0 and os.path.exists("/proc/self/smaps_rollup")

    def run(self):
        while not self.stop_ev.wait(self.every):
            s = snapshot()
            for k in self.peak:
                self.peak[k] = max(self.peak[k], s[k])

    def __enter__(self):
        if self.enabled:
            self.start()
        return self

    def __exit__(self, *exc):
        self.stop_ev.set()
        if self.enabled:
            self.join()


def _busy_s() -> float | None:
    """CPU-seconds the whole machine has spent busy since boot (/proc/stat), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            f = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = f[3] + (f[4] if len(f) > 4 else 0)  # idle + iowait
    return (sum(f[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu_s() -> float:
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


# -- one measured run (in its own process) ---------------------------------
def child(cfg: dict) -> dict:
    folder, mode, every = Path(cfg["folder"]), cfg["mode"], cfg["sample"]
    res: dict = {"mode": mode}
    busy0, own0 = _busy_s(), _own_cpu_s()
    if mode == "raw":
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError  # noqa: F401  (import cost outside the timing)

        pdfs = sorted(folder.rglob("*.pdf"))
        pages = errors = 0
        with Sampler(every) as smp:
            t0 = time.perf_counter()
            for p in pdfs:
                try:
                    with pdfplumber.open(p) as pdf:
                        for page in pdf.pages:
                            page.extract_text()
                            pages += 1
                except Exception:
                    errors += 1
            res["seconds"] = time.perf_counter() - t0
        res.update(files=len(pdfs), pdfs=len(pdfs), pages=pages, pdf_pages=pages, errors=errors,
                   pdf_seconds_sum=res["seconds"])
    else:
        from policydoc.batch import extract

        jobs = int(mode.split("=")[1])
        stats = {"files": 0, "pages": 0, "pdfs": 0, "pdf_pages": 0, "pdf_seconds_sum": 0.0,
                 "seconds_sum": 0.0, "status": {}}
        checkpoints: list[dict] = []
        every_n = cfg.get("checkpoint_every") or 0

        def on_record(rec: dict, secs: float) -> None:
            stats["files"] += 1
            st = rec.get("status", "error")
            stats["status"][st] = stats["status"].get(st, 0) + 1
            n = rec.get("pages") or 0
            stats["pages"] += n
            stats["seconds_sum"] += secs
            if rec.get("format") == "pdf" or str(rec.get("source", "")).lower().endswith(".pdf"):
                stats["pdfs"] += 1
                stats["pdf_pages"] += n
                stats["pdf_seconds_sum"] += secs
            if every_n and stats["files"] % every_n == 0:
                checkpoints.append({"docs": stats["files"], "t": time.perf_counter() - t0, **snapshot()})

        out = Path(cfg["out"])
        with Sampler(every) as smp:
            t0 = time.perf_counter()
            summary = extract([folder], out, jobs=jobs, on_record=on_record)
            res["seconds"] = time.perf_counter() - t0
        out.unlink(missing_ok=True)
        res.update(stats)
        res["errors"] = summary.error
        res["summary_seconds"] = summary.seconds
        if checkpoints:
            res["checkpoints"] = checkpoints
    own = _own_cpu_s() - own0
    busy1 = _busy_s()
    res["cpu_s"] = own  # this run's CPU time: parent + (reaped) workers
    # CPU time other processes on the machine used meanwhile (a busy machine skews the timings).
    res["other_cpu_s"] = max(0.0, busy1 - busy0 - own) if busy0 is not None and busy1 is not None else None
    res["parent_maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    res["worker_maxrss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    res["sampled_peak_kb"] = smp.peak if smp.enabled else None
    return res


def wait_idle(max_wait: float, log, threshold: float = 0.25, quiet_for: int = 3) -> float:
    """Wait (up to *max_wait* s) until the machine's busy CPUs stay under *threshold* for *quiet_for* s."""
    if max_wait <= 0 or _busy_s() is None:
        return 0.0
    t0 = time.monotonic()
    quiet, prev = 0, _busy_s()
    while time.monotonic() - t0 < max_wait:
        time.sleep(1.0)
        b = _busy_s()
        quiet = quiet + 1 if b - prev < threshold else 0
        prev = b
        if quiet >= quiet_for:
            return time.monotonic() - t0
    log(f"machine still busy after {max_wait:g} s of waiting; running anyway")
    return time.monotonic() - t0


def run_child(cfg: dict) -> dict:
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--_child", json.dumps(cfg)],
                          capture_output=True, text=True, cwd=str(ROOT))
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"run {cfg['mode']} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- reporting -------------------------------------------------------------
def env() -> dict:
    cpu = "?"
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo", encoding="utf-8")
                   if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "cpu_model": cpu, "python": platform.python_version(), "platform": platform.platform(),
            "git": git_state()}


def git_state() -> str:
    """Commit and whether src/ has uncommitted changes (results depend on the pipeline's state)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip()
        return head + (f" + {len(dirty.splitlines())} uncommitted change(s) in src/" if dirty else "")
    except OSError:
        return "?"


def _mb(kb: int | None) -> str:
    return "–" if not kb else f"{kb / MB:.0f}"


def throughput(args) -> dict:
    srcs = sources()
    if args.pdf_only:  # the goal of #17: a batch over PDFs costs less than bare pdfplumber on them
        srcs = [p for p in srcs if p.suffix.lower() == ".pdf"]
    tmp = Path(tempfile.mkdtemp(prefix="policydoc-bench-", dir=args.tmp))
    log = (lambda m: print(m, file=sys.stderr, flush=True)) if args.json != "-" else (lambda m: None)
    try:
        copies = args.copies or max(1, round(args.target / len(srcs)))
        folder = tmp / "corpus"
        files = build(folder, srcs, copies)
        nd = distinct_hashes(files)
        log(f"corpus: {len(files)} files ({len(srcs)} sources x {copies}), {nd} distinct hashes, in {folder}")
        runs: dict[str, list[dict]] = {c: [] for c in CONFIGS}
        for r in range(args.rounds):
            order = CONFIGS[r % 3:] + CONFIGS[:r % 3]
            for mode in order:
                wait_idle(args.wait_idle, log)
                res = run_child({"folder": str(folder), "mode": mode, "out": str(tmp / "out.jsonl"),
                                 "sample": args.sample})
                runs[mode].append(res)
                log(f"round {r + 1}/{args.rounds} {mode}: {res['seconds']:.2f} s "
                    f"(others used {res['other_cpu_s'] or 0:.1f} CPU-s meanwhile)")
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    summary = {}
    for mode, rs in runs.items():
        secs = statistics.median(r["seconds"] for r in rs)
        r0 = rs[0]
        peaks = [r["sampled_peak_kb"] for r in rs if r["sampled_peak_kb"]]
        summary[mode] = {
            "files": r0["files"], "pdfs": r0["pdfs"], "pages": r0["pages"], "pdf_pages": r0["pdf_pages"],
            "errors": r0["errors"], "status": r0.get("status"), "seconds": secs,
            "seconds_all": [r["seconds"] for r in rs],
            "docs_per_s": r0["files"] / secs, "pages_per_s": r0["pages"] / secs,
            "best_seconds": min(r["seconds"] for r in rs),
            "cpu_s": statistics.median(r["cpu_s"] for r in rs),
            "other_cpu_s": statistics.median(r["other_cpu_s"] or 0.0 for r in rs),
            "pdf_seconds_sum": statistics.median(r["pdf_seconds_sum"] for r in rs),
            "parent_maxrss_kb": max(r["parent_maxrss_kb"] for r in rs),
            "worker_maxrss_kb": max(r["worker_maxrss_kb"] for r in rs),
            "peak_total_rss_kb": max((p["total_rss"] for p in peaks), default=None),
            "peak_total_pss_kb": max((p["total_pss"] for p in peaks), default=None)}
    s1, s2, raw = summary["jobs=1"], summary["jobs=2"], summary["raw"]
    return {"mode": "throughput", "env": env(), "copies": copies, "sources": len(srcs), "files": len(files),
            "distinct_hashes": nd, "rounds": args.rounds, "results": summary,
            "speedup": s1["seconds"] / s2["seconds"], "speedup_best": s1["best_seconds"] / s2["best_seconds"],
            "speedup_target": SPEEDUP_TARGET,
            "speedup_met": s1["seconds"] / s2["seconds"] >= SPEEDUP_TARGET,
            # Worker-side parse time of the PDFs (sum of per-file seconds, jobs=1) against raw pdfplumber.
            "pdf_parse_vs_raw": s1["pdf_seconds_sum"] / raw["seconds"],
            "raw_runs": runs["raw"], "batch_runs": {k: runs[k] for k in ("jobs=1", "jobs=2")}}


def throughput_md(res: dict) -> str:
    out = ["| run | files | PDFs | pages | wall s (median) | wall s (best) | CPU s | others' CPU s | docs/s | "
           "pages/s | "
           "parent peak RSS MB | worker peak RSS MB | peak total RSS MB | peak total PSS MB |",
           "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for mode, s in res["results"].items():
        name = "raw pdfplumber (PDFs only, 1 process)" if mode == "raw" else f"batch.extract {mode}"
        out.append(f"| {name} | {s['files']} | {s['pdfs']} | {s['pages']} | {s['seconds']:.2f} | "
                   f"{s['best_seconds']:.2f} | "
                   f"{s['cpu_s']:.1f} | {s['other_cpu_s']:.1f} | "
                   f"{s['docs_per_s']:.1f} | {s['pages_per_s']:.1f} | {_mb(s['parent_maxrss_kb'])} | "
                   f"{_mb(s['worker_maxrss_kb']) if mode != 'raw' else '–'} | {_mb(s['peak_total_rss_kb'])} | "
                   f"{_mb(s['peak_total_pss_kb'])} |")
    s1 = res["results"]["jobs=1"]
    e = res["env"]
    out += ["",
            f"Speed-up of 2 workers over 1: **{res['speedup']:.2f}x** on median wall time "
            f"({res['speedup_best']:.2f}x best-of-rounds; target >= {res['speedup_target']}: "
            f"**{'MET' if res['speedup_met'] else 'NOT MET'}**).",
            "docs/s and pages/s use the median wall time; \"others' CPU s\" is what other processes on the machine "
            "used during the run (from /proc/stat) — large values mean the timing was disturbed.",
            f"PDF parse time inside the worker (jobs=1, sum over {s1['pdfs']} PDFs) / raw pdfplumber over the same "
            f"PDFs: **{res['pdf_parse_vs_raw']:.2f}**.",
            "Per run (wall s / others' CPU s): " + "; ".join(
                f"{m}: " + ", ".join(f"{r['seconds']:.1f}/{r['other_cpu_s'] or 0:.1f}" for r in rs)
                for m, rs in [("raw", res["raw_runs"])] + list(res["batch_runs"].items())) + ".",
            f"Statuses (jobs=1): {s1['status']}. Corpus: {res['sources']} real files x {res['copies']} copies = "
            f"{res['files']} files, {res['distinct_hashes']} distinct content hashes; {res['rounds']} rounds.",
            f"{e['date']}, {e['cpus']} CPUs ({e['cpu_model']}), Python {e['python']}, git {e['git']}."]
    return "\n".join(out)


def memory(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="policydoc-bench-mem-", dir=args.tmp))
    try:
        srcs = text_sources()
        copies = -(-args.memory // len(srcs))
        files = build(tmp / "corpus", srcs, copies, limit=args.memory)
        res = run_child({"folder": str(tmp / "corpus"), "mode": "jobs=2", "out": str(tmp / "out.jsonl"),
                         "sample": args.sample, "checkpoint_every": max(1, len(files) // 20)})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    cps = res.get("checkpoints", [])
    # Workers are recycled, so memory is a sawtooth: compare the peak of the first half of the
    # checkpoints with the peak of the second half rather than fitting a line through the teeth.
    fit = {}
    if len(cps) >= 4:
        h = len(cps) // 2
        first, second = cps[:h], cps[h:]
        span = (second[-1]["docs"] - first[-1]["docs"]) or 1
        for key in ("total_pss", "total_rss", "parent_rss"):
            p1, p2 = max(c[key] for c in first), max(c[key] for c in second)
            rate = (p2 - p1) / span
            peak = max(p1, p2)
            fit[key] = {"first_half_peak_kb": p1, "second_half_peak_kb": p2, "kb_per_1000_docs": rate * 1000,
                        "projected_10000_kb": peak + max(0.0, rate) * max(0, 10_000 - cps[-1]["docs"])}
    return {"mode": "memory", "env": env(), "docs": len(files), "sources": len(srcs), "result": res, "fit": fit,
            "limit_mb": MEMORY_LIMIT_MB}


def memory_md(res: dict) -> str:
    r, e = res["result"], res["env"]
    pk = r.get("sampled_peak_kb") or {}
    out = [f"Memory run: {res['docs']} small real text files ({res['sources']} sources copied), batch.extract jobs=2, "
           f"{r['seconds']:.1f} s ({res['docs'] / r['seconds']:.0f} docs/s), statuses {r.get('status')}.",
           "",
           "| measure | MB |", "|---|--:|",
           f"| parent peak RSS (ru_maxrss SELF) | {_mb(r['parent_maxrss_kb'])} |",
           f"| largest worker peak RSS (ru_maxrss CHILDREN) | {_mb(r['worker_maxrss_kb'])} |",
           f"| parent + 2 x worker peaks (upper bound) | {_mb(r['parent_maxrss_kb'] + 2 * r['worker_maxrss_kb'])} |",
           f"| peak total RSS, sampled (parent + live workers) | {_mb(pk.get('total_rss'))} |",
           f"| peak total PSS, sampled (shared pages counted once) | {_mb(pk.get('total_pss'))} |",
           "", "| docs done | parent RSS MB | workers RSS MB | total PSS MB |", "|--:|--:|--:|--:|"]
    for c in r.get("checkpoints", []):
        out.append(f"| {c['docs']} | {c['parent_rss'] / MB:.1f} | {c['workers_rss'] / MB:.1f} | "
                   f"{c['total_pss'] / MB:.1f} |")
    for key, f in res["fit"].items():
        out.append(f"\n{key}: peak in the first half {f['first_half_peak_kb'] / MB:.0f} MB, in the second half "
                   f"{f['second_half_peak_kb'] / MB:.0f} MB ({f['kb_per_1000_docs'] / MB:+.2f} MB per 1,000 docs); "
                   f"projection to 10,000 docs {f['projected_10000_kb'] / MB:.0f} MB.")
    proj = max((f["projected_10000_kb"] for f in res["fit"].values()), default=None)
    if proj is not None:
        ok = proj / MB <= res["limit_mb"]
        measured = res["docs"] >= 10_000
        ok = proj / MB <= res["limit_mb"]
        how = (f"measured on {res['docs']} documents" if measured else
               f"EXTRAPOLATED (peak + growth between the halves' peaks, if any) from {res['docs']} documents")
        out.append(f"\nRequirement <= {res['limit_mb']} MB for 10,000 documents (total RSS of parent + workers): "
                   f"**{'MET' if ok else 'NOT MET'}**, {how}. Memory per worker is mostly fixed start-up state "
                   "(loaded on the first document); workers are replaced every batch.RECYCLE_AFTER files, so "
                   "growth within a worker is bounded by that.")
    out.append(f"{e['date']}, {e['cpus']} CPUs ({e['cpu_model']}), Python {e['python']}, git {e['git']}; "
               f"others' CPU during the run {r['other_cpu_s'] or 0:.1f} s, this run's CPU {r['cpu_s']:.1f} s.")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, help="copies of each source file (default: enough for --target files)")
    ap.add_argument("--target", type=int, default=300, help="approximate corpus size when --copies is not given")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of (raw, jobs=1, jobs=2), order rotating")
    ap.add_argument("--memory", type=int, metavar="N", help="memory mode: N small text files, 2 workers")
    ap.add_argument("--pdf-only", action="store_true", help="throughput mode on the PDFs only")
    ap.add_argument("--sample", type=float, default=0.1,
                    help="seconds between /proc memory samples (0: off; default 0.1)")
    ap.add_argument("--wait-idle", type=float, default=0, metavar="S",
                    help="before each run wait up to S seconds for the machine to be idle (shared machines)")
    ap.add_argument("--tmp", help="parent folder for the temporary corpus (default: system temp)")
    ap.add_argument("--keep", action="store_true", help="keep the corpus folder")
    ap.add_argument("--json", metavar="PATH", nargs="?", const="-",
                    help="also write results as JSON to PATH ('-' or no value: JSON on stdout, no table)")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._child:
        print(json.dumps(child(json.loads(args._child))))
        return 0
    if args.memory:
        res = memory(args)
        md = memory_md(res)
    else:
        res = throughput(args)
        md = throughput_md(res)
    if args.json:
        text = json.dumps(res, ensure_ascii=False, indent=2)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    if args.json != "-":
        print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
