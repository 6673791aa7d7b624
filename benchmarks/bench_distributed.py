#!/usr/bin/env python
"""Dask extraction against ``-j 2`` on the same files, in the same run.

Corpus: the real documents of bench_batch.py (fixture PDFs, ../shared corpus pages and PDF,
corpora/documents/*.txt, a seed), copied ``--copies`` times with distinct tails; and a
"small" corpus of the real text files only (where per-file overhead shows most).
For ``--rounds`` rounds, alternating the order, it runs

* ``jobs=2``       — ``policydoc.batch.extract(folder, out, jobs=2)`` (forked workers);
* ``dask local:2`` — the same call with ``runner=dask_runner(client)`` on a LocalCluster of
  2 one-thread worker processes, started once before the rounds (its start-up is reported
  apart: a long-lived cluster pays it once).

Reported per config: files/s (= tasks/s: one task per file) and wall time; the Dask
overhead per file is (wall_dask − wall_j2) / files. A no-op round-trip per task on the same
cluster measures the scheduler's own cost per task.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_distributed.py --copies 3 --rounds 2 --json benchmarks/results_distributed.json
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_batch  # noqa: E402  (corpus builder and environment)


def _noop(x):
    return x


def cpu_seconds() -> dict[int, float]:
    """CPU seconds of this process and every live descendant (workers, nannies, forked parsers),
    children that were waited for included: ``pid → seconds``. Wall time on a machine shared
    with other jobs is noisy; the CPU that a configuration burns is not."""
    import psutil

    out = {}
    me = psutil.Process()
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
            out[p.pid] = t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            pass
    return out


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(v - before.get(pid, 0.0) for pid, v in after.items())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--small-copies", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json")
    args = ap.parse_args(argv)

    from policydoc import batch, distributed

    res: dict = {"env": bench_batch.env(), "corpora": {}}
    with tempfile.TemporaryDirectory(prefix="policydoc-bench-dask-") as tmp:
        tmp = Path(tmp)
        corpora = {
            "mixed": bench_batch.build(tmp / "mixed", bench_batch.sources(), args.copies),
            "small": bench_batch.build(tmp / "small", bench_batch.text_sources(), args.small_copies),
        }
        t0 = time.perf_counter()
        client = distributed.connect("local:2")
        res["cluster_start_s"] = round(time.perf_counter() - t0, 2)
        try:
            # the scheduler's own cost: 500 no-op tasks, submitted and gathered like the runner does
            t0 = time.perf_counter()
            c0 = cpu_seconds()
            futs = client.map(_noop, range(500), pure=False)
            client.gather(futs)
            res["noop_ms_per_task"] = round((time.perf_counter() - t0) * 1000 / 500, 3)
            res["noop_cpu_ms_per_task"] = round(_spent(c0, cpu_seconds()) * 1000 / 500, 3)
            del futs
            runner = distributed.dask_runner(client)
            for name, files in corpora.items():
                folder = tmp / name
                times: dict[str, list[float]] = {"jobs=2": [], "dask local:2": []}
                cpu: dict[str, list[float]] = {k: [] for k in times}
                for r in range(args.rounds):
                    order = list(times) if r % 2 == 0 else list(times)[::-1]
                    for cfg in order:
                        out = tmp / f"{name}-{cfg}-{r}.jsonl".replace(" ", "_").replace(":", "")
                        c0 = cpu_seconds()
                        t0 = time.perf_counter()
                        s = batch.extract([folder], out, jobs=2, runner=runner if cfg.startswith("dask") else None)
                        times[cfg].append(time.perf_counter() - t0)
                        cpu[cfg].append(_spent(c0, cpu_seconds()))
                        assert s.total == len(files)
                n = len(files)
                c = {cfg: {"seconds": round(min(ts), 3), "seconds_all": [round(t, 3) for t in ts],
                           "files_per_s": round(n / min(ts), 1),
                           "cpu_ms_per_file": round(min(cpu[cfg]) * 1000 / n, 2),
                           "cpu_s_all": [round(x, 2) for x in cpu[cfg]]} for cfg, ts in times.items()}
                c["dask_cpu_overhead_ms_per_file"] = round((min(cpu["dask local:2"]) - min(cpu["jobs=2"])) * 1000 / n, 2)
                c["files"] = n
                c["dask_overhead_ms_per_file"] = round(
                    (min(times["dask local:2"]) - min(times["jobs=2"])) * 1000 / n, 2)
                c["j2_ms_per_file"] = round(min(times["jobs=2"]) * 1000 / n * 2, 2)  # CPU-ms of one file on one worker
                c["ratio_dask_over_j2"] = round(statistics.fmean(times["dask local:2"]) /
                                                statistics.fmean(times["jobs=2"]), 3)
                res["corpora"][name] = c
                print(name, json.dumps(c), flush=True)
            res["plugin"] = distributed.plugin_stats(client)
        finally:
            distributed.close(client)
    print(json.dumps(res, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
