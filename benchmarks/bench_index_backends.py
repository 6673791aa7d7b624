#!/usr/bin/env python
"""The index on SQLite and on PostgreSQL, same documents, same queries, one run.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_index_backends.py --docs 20000 --json benchmarks/results_index_backends.json

Documents: bench_index.py's corpus (real records and paragraphs of every real document the
repository holds, recombined; no invented prose), the same seed, so both back ends index the
same N documents. Each goes in through ``Index.add_document``, 1,000 per transaction (as
bench_index.py), then ``Index.optimize()`` (FTS5 optimize / VACUUM ANALYZE). PostgreSQL is a
throw-away local server (tests/pgserver.py) with ``synchronous_commit=off`` (SQLite's WAL with
``synchronous=NORMAL`` does not sync every commit either), fsync on, shared_buffers 256 MB.

Build: documents/s (wall) and CPU seconds of this process and of every PostgreSQL server
process (psutil), since the machine is shared and wall time is noisy.

Queries: bench_index.QUERIES (51: 38 text queries, 13 with filters), each client a separate
process with its own connection running every query in its own shuffled order (``--reps``
times; one warm-up pass first); 1, 4 and 16 clients at once. ``search()`` as users call it:
page of 20 with snippets, total and all facets. Reported: p50/p95 latency and queries/s over
all clients. Agreement: for every query, how many of SQLite's top 10 are in PostgreSQL's top
10, and whether the first hit is the same.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
import bench_index  # noqa: E402
from pgserver import PgServer  # noqa: E402


def _cpu(pids=None) -> float:
    import psutil

    procs = [psutil.Process()] if pids is None else []
    if pids is not None:
        for p in psutil.process_iter(["username", "name"]):
            if p.info["name"] and p.info["name"].startswith("postgres"):
                procs.append(p)
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            pass
    return total


def build(target: str, n: int, synth_docs) -> dict:
    from policydoc.index import Index
    from policydoc.index.tokens import _line_tokens

    _line_tokens.cache_clear()  # each back end segments its documents from a cold cache
    rng_state = synth_docs.rng.getstate()
    idx = Index(target)
    c0, s0, t0 = _cpu(), _cpu("pg"), time.perf_counter()
    for start in range(0, n, 1000):
        with idx.batch():
            for i in range(start, min(n, start + 1000)):
                rec, text = synth_docs.make(i)
                idx.add_document(rec, text)
    build_s = time.perf_counter() - t0
    t = time.perf_counter()
    idx.optimize()
    opt_s = time.perf_counter() - t
    client_cpu, server_cpu = _cpu() - c0, _cpu("pg") - s0
    st = idx.stats()
    idx.close()
    synth_docs.rng.setstate(rng_state)  # the next back end gets the same documents
    return {"build_s": round(build_s, 1), "docs_per_s": round(n / build_s), "optimize_s": round(opt_s, 1),
            "client_cpu_s": round(client_cpu, 1), "server_cpu_s": round(server_cpu, 1) if "://" in target else 0.0,
            "db_mb": round(st["db_bytes"] / 1e6, 1), "gin_mb": round(st.get("gin_bytes", 0) / 1e6, 1)}


def _client(args) -> list[tuple[int, float, int]]:
    target, seed, reps = args
    from policydoc.index import Index

    order = list(range(len(bench_index.QUERIES)))
    out = []
    with Index(target, create=False) as idx:
        for q, f in bench_index.QUERIES:  # warm-up: caches, facet columns, IDF
            idx.search(q, **f)
        rng = random.Random(seed)
        for _ in range(reps):
            rng.shuffle(order)
            for k in order:
                q, f = bench_index.QUERIES[k]
                t = time.perf_counter()
                res = idx.search(q, **f)
                out.append((k, (time.perf_counter() - t) * 1000, res.total))
    return out


def latency(target: str, clients: int, reps: int) -> dict:
    ctx = multiprocessing.get_context("fork")
    t0 = time.perf_counter()
    with ctx.Pool(clients) as pool:
        runs = pool.map(_client, [(target, 1000 + c, reps) for c in range(clients)])
    wall = time.perf_counter() - t0
    ms = [m for r in runs for _, m, _ in r]
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"clients": clients, "queries": len(ms), "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1),
            "max_ms": round(max(ms), 1), "queries_per_s": round(len(ms) / wall, 1)}


def agreement(sqlite_db: str, url: str) -> dict:
    from policydoc.index import Index

    same_first, overlap, rows = 0, [], []
    with Index(sqlite_db, create=False) as a, Index(url, create=False) as b:
        for q, f in bench_index.QUERIES:
            ra, rb = a.search(q, limit=10, **f), b.search(q, limit=10, **f)
            sa, sb = [h.source for h in ra.hits], [h.source for h in rb.hits]
            same_first += sa[:1] == sb[:1]
            overlap.append(len(set(sa) & set(sb)) / max(1, len(sa)))
            rows.append({"query": q, "filters": f, "total_sqlite": ra.total, "total_pg": rb.total,
                         "top10_overlap": len(set(sa) & set(sb)), "same_order": sa == sb})
    return {"same_first_hit": same_first, "queries": len(bench_index.QUERIES),
            "mean_top10_overlap": round(statistics.fmean(overlap), 3),
            "same_top10_order": sum(r["same_order"] for r in rows),
            "same_total": sum(r["total_sqlite"] == r["total_pg"] for r in rows), "rows": rows}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    ap.add_argument("--reps", type=int, default=2, help="passes over the 51 queries per client")
    ap.add_argument("--json")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    pool = bench_index.real_documents()
    res: dict = {"docs": args.docs, "real_docs": len(pool), "pool_parse_s": round(time.perf_counter() - t, 1),
                 "load_avg_start": os.getloadavg()[0]}
    synth = bench_index.Synth(pool)
    tmp = tempfile.mkdtemp(prefix="bench_backends_")
    sqlite_db = os.path.join(tmp, "index.db")
    with PgServer({"fsync": "on", "full_page_writes": "on", "shared_buffers": "256MB", "work_mem": "16MB",
                   "max_connections": "40"}) as pg:
        url = pg.url("bench")
        res["build"] = {}
        for name, target in (("sqlite", sqlite_db), ("postgres", url)):
            res["build"][name] = build(target, args.docs, synth)
            print(name, "build", res["build"][name], flush=True)
        res["agreement"] = agreement(sqlite_db, url)
        print("agreement", {k: v for k, v in res["agreement"].items() if k != "rows"}, flush=True)
        res["latency"] = {"sqlite": [], "postgres": []}
        for c in args.clients:
            for name, target in (("sqlite", sqlite_db), ("postgres", url)):
                reps = args.reps if c < 16 else 1
                r = latency(target, c, reps)
                res["latency"][name].append(r)
                print(name, r, flush=True)
    res["load_avg_end"] = os.getloadavg()[0]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(sqlite_db + suffix):
            os.remove(sqlite_db + suffix)
    os.rmdir(tmp)
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
