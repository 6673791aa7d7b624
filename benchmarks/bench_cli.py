"""Cold-start wall-clock of ``policydoc search`` on the 10,000-document benchmark index.

    .venv/bin/python benchmarks/bench_cli.py                  # build the index if missing, time 12 queries
    .venv/bin/python benchmarks/bench_cli.py --db /tmp/b.db --runs 3

Each query runs in a fresh process (``python -m policydoc.cli search …``), exactly as a user
types it, so the figure includes interpreter start-up, imports, opening the index, the
tokenizer dictionary and printing. The index is built as ``bench_index.py`` builds it (real
records and paragraphs recombined, 10,000 documents) and kept at ``--db`` for reruns.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = [["联席会议"], ["劳模"], ["工会", "--region", "广西"], ["职业教育", "--year", "2019"],
           ["", "--year", "2018"], ["国发〔2019〕5号"], ["困难职工 帮扶"], ["社保", "--type", "通知"],
           ["", "--region", "火星"], ["安全生产", "--json"], ["新就业形态"], ["住房公积金", "--no-facets"]]


def build(db: str, n: int) -> None:
    sys.path.insert(0, str(HERE))
    from bench_index import Synth, real_documents

    from policydoc.index import Index

    synth = Synth(real_documents())
    with Index(db) as idx:
        for start in range(0, n, 1000):
            with idx.batch():
                for i in range(start, min(n, start + 1000)):
                    rec, text = synth.make(i)
                    idx.add_document(rec, text)
        idx.optimize()


def time_queries(db: str, runs: int) -> dict:
    env = dict(os.environ)
    out = {}
    for q in QUERIES:
        walls, cpus = [], []
        for _ in range(runs):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            p = subprocess.run([sys.executable, "-m", "policydoc.cli", "search", *q, "--db", db],
                               capture_output=True, env=env)
            walls.append(time.perf_counter() - t)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
            if p.returncode != 0:
                raise SystemExit(f"{q}: exit {p.returncode}: {p.stderr.decode()[-500:]}")
        out[" ".join(x or '""' for x in q)] = {"wall_ms": round(statistics.median(walls) * 1000),
                                               "cpu_ms": round(statistics.median(cpus) * 1000)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="/tmp/policydoc_bench_10000.db")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3, help="cold runs of each query (median)")
    args = ap.parse_args()
    if not os.path.exists(args.db):
        t = time.perf_counter()
        build(args.db, args.n)
        print(f"built {args.db} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    res = time_queries(args.db, args.runs)
    print(json.dumps(res, ensure_ascii=False))
    for k in ("wall_ms", "cpu_ms"):
        v = [r[k] for r in res.values()]
        print(f"{k}: median {statistics.median(v)}, max {max(v)}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", file=sys.stderr)


if __name__ == "__main__":
    main()
