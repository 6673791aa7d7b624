#!/usr/bin/env python
"""Reader overhead: policydoc.read / policydoc.parse against a bare pdfplumber call.

Times, in one process and interleaved, on the same PDFs:

* ``raw``   — ``pdfplumber.open(p)`` and ``page.extract_text()`` for every page;
* ``read``  — ``policydoc.read(p)`` (the reader only: text lines, geometry, colour);
* ``parse`` — ``policydoc.parse(p)`` (reader + the full default pipeline).

Every file is run once untimed by each contender (imports, CMap loading, pipeline set-up),
then ``--rounds`` timed rounds follow; within a round the contenders alternate per file and
their order rotates from file to file, so none of them always runs first (warm caches) or
last. Each file's time is the median over the rounds; the totals are sums of those medians.

The project's requirement is ``read / raw <= 1.3``.

    .venv/bin/python benchmarks/bench_read.py                 # markdown table
    .venv/bin/python benchmarks/bench_read.py --rounds 9 --json results.json
    .venv/bin/python benchmarks/bench_read.py --json -        # JSON on stdout only
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
EXTRA = [ROOT.parent / "shared" / "corpus" / "docs" / "034.pdf"]
CONTENDERS = ("raw", "read", "parse")
LIMIT = 1.3


def raw(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        n = 0
        for page in pdf.pages:
            page.extract_text()
            n += 1
    return n


def read(path: Path) -> int:
    import policydoc

    return len(policydoc.read(path).pages)


def parse(path: Path) -> int:
    import policydoc

    return len(policydoc.parse(path).pages)


FUNCS = {"raw": raw, "read": read, "parse": parse}


def text_pdfs(paths: list[Path]) -> tuple[list[Path], dict[str, str]]:
    """Keep PDFs that open without a password and have characters on some page."""
    import pdfplumber

    keep, skipped = [], {}
    for p in paths:
        try:
            with pdfplumber.open(p) as pdf:
                if not any(page.chars for page in pdf.pages):
                    skipped[p.name] = "no text layer (scanned)"
                    continue
        except Exception as exc:  # encrypted, damaged
            skipped[p.name] = f"cannot open without a password/damaged ({type(exc).__name__})"
            continue
        keep.append(p)
    return keep, skipped


def timed(fn, path: Path) -> tuple[float, int]:
    gc.collect()
    t0 = time.perf_counter()
    n = fn(path)
    return time.perf_counter() - t0, n


def bench(files: list[Path], rounds: int, log=None) -> dict:
    times: dict[str, dict[str, list[float]]] = {c: {p.name: [] for p in files} for c in CONTENDERS}
    pages: dict[str, int] = {}
    for p in files:  # warm-up, untimed
        for c in CONTENDERS:
            _, n = timed(FUNCS[c], p)
            if c == "raw":
                pages[p.name] = n
    k = 0
    for r in range(rounds):
        for p in files:
            order = CONTENDERS[k % 3:] + CONTENDERS[:k % 3]
            k += 1
            for c in order:
                secs, _ = timed(FUNCS[c], p)
                times[c][p.name].append(secs)
        if log:
            log(f"round {r + 1}/{rounds} done")
    rows = []
    for p in files:
        med = {c: statistics.median(times[c][p.name]) for c in CONTENDERS}
        rows.append({"file": p.name, "pages": pages[p.name],
                     **{f"{c}_s": med[c] for c in CONTENDERS},
                     **{f"{c}_pages_per_s": pages[p.name] / med[c] for c in CONTENDERS},
                     "read_raw": med["read"] / med["raw"], "parse_raw": med["parse"] / med["raw"]})
    tot = {c: sum(r[f"{c}_s"] for r in rows) for c in CONTENDERS}
    npages = sum(pages.values())
    # Robustness checks on the total ratio: per-round totals (median) and best-of-rounds.
    round_tot = {c: [sum(times[c][p.name][i] for p in files) for i in range(rounds)] for c in CONTENDERS}
    best = {c: sum(min(times[c][p.name]) for p in files) for c in CONTENDERS}
    total = {"file": "TOTAL", "pages": npages, **{f"{c}_s": tot[c] for c in CONTENDERS},
             **{f"{c}_pages_per_s": npages / tot[c] for c in CONTENDERS},
             "read_raw": tot["read"] / tot["raw"], "parse_raw": tot["parse"] / tot["raw"],
             "read_raw_round_median": statistics.median(a / b for a, b in zip(round_tot["read"], round_tot["raw"])),
             "parse_raw_round_median": statistics.median(a / b for a, b in zip(round_tot["parse"], round_tot["raw"])),
             "read_raw_best": best["read"] / best["raw"], "parse_raw_best": best["parse"] / best["raw"]}
    return {"rows": rows, "total": total, "samples": times}


def env() -> dict:
    import pdfminer
    import pdfplumber

    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform(),
            "cpu_model": _cpu_model(), "pdfplumber": pdfplumber.__version__,
            "pdfminer.six": getattr(pdfminer, "__version__", "?"), "git": _git_state()}


def _git_state() -> str:
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip()
        return head + (f" + {len(dirty.splitlines())} uncommitted change(s) in src/" if dirty else "")
    except OSError:
        return "?"


def _busy_s() -> float | None:
    """CPU-seconds the machine has been busy since boot (/proc/stat), or None off Linux."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            f = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(f[:8]) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")


def _cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def markdown(res: dict) -> str:
    out = ["| file | pages | raw s | read s | parse s | raw p/s | read p/s | parse p/s | read/raw | parse/raw |",
           "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in res["rows"] + [res["total"]]:
        name = f"**{r['file']}**" if r["file"] == "TOTAL" else r["file"]
        out.append(f"| {name} | {r['pages']} | {r['raw_s']:.3f} | {r['read_s']:.3f} | {r['parse_s']:.3f} | "
                   f"{r['raw_pages_per_s']:.1f} | {r['read_pages_per_s']:.1f} | {r['parse_pages_per_s']:.1f} | "
                   f"{r['read_raw']:.2f} | {r['parse_raw']:.2f} |")
    t = res["total"]
    verdict = "MET" if t["read_raw"] <= res["limit"] else "NOT MET"
    out += ["", f"Total read/raw = **{t['read_raw']:.2f}** "
                f"(median of per-round totals {t['read_raw_round_median']:.2f}, "
                f"best-of-rounds {t['read_raw_best']:.2f}); parse/raw = **{t['parse_raw']:.2f}** "
                f"(per-round {t['parse_raw_round_median']:.2f}, best {t['parse_raw_best']:.2f}).",
            f"Requirement read/raw <= {res['limit']}: **{verdict}**."]
    if res["skipped"]:
        out.append("Skipped: " + "; ".join(f"{k} — {v}" for k, v in res["skipped"].items()) + ".")
    e = res["env"]
    out.append(f"{e['date']}, {e['cpus']} CPUs ({e['cpu_model']}), Python {e['python']}, "
               f"pdfplumber {e['pdfplumber']}, pdfminer.six {e['pdfminer.six']}, git {e['git']}, "
               f"{res['rounds']} rounds in {res['wall_s']:.0f} s; other processes used "
               f"{res['other_cpu_s'] or 0:.0f} CPU-s meanwhile (of {2 * res['wall_s']:.0f} available on 2 CPUs).")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path,
                    help="PDFs to time (default: text PDFs in tests/fixtures/pdf plus ../shared/corpus/docs/034.pdf)")
    ap.add_argument("--rounds", type=int, default=7, help="timed rounds per file and contender (default 7)")
    ap.add_argument("--limit", type=float, default=LIMIT, help="allowed read/raw ratio (default 1.3)")
    ap.add_argument("--json", metavar="PATH", nargs="?", const="-",
                    help="also write the results as JSON to PATH ('-' or no value: JSON on stdout, no table)")
    ap.add_argument("--strict", action="store_true", help="exit with status 1 when read/raw is over the limit")
    args = ap.parse_args(argv)

    candidates = args.files or sorted(FIXTURES.glob("*.pdf")) + [p for p in EXTRA if p.exists()]
    files, skipped = text_pdfs(candidates)
    if not files:
        ap.error("no text PDFs to time")
    quiet = args.json == "-"
    log = None if quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    if log:
        log(f"{len(files)} PDFs, {args.rounds} rounds; skipped {len(skipped)}")
    busy0, cpu0, t0 = _busy_s(), time.process_time(), time.perf_counter()
    res = bench(files, args.rounds, log)
    busy1, own = _busy_s(), time.process_time() - cpu0
    res["wall_s"] = time.perf_counter() - t0
    res["other_cpu_s"] = max(0.0, busy1 - busy0 - own) if busy0 is not None and busy1 is not None else None
    res.update({"limit": args.limit, "rounds": args.rounds, "skipped": skipped, "env": env(),
                "met": res["total"]["read_raw"] <= args.limit})
    if args.json:
        text = json.dumps(res, ensure_ascii=False, indent=2)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    if not quiet:
        print(markdown(res))
    return 1 if (args.strict and not res["met"]) else 0


if __name__ == "__main__":
    sys.exit(main())
