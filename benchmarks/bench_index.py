"""Benchmark of the policy index (``policydoc.index``) at 10,000 and 100,000 documents.

    .venv/bin/python benchmarks/bench_index.py                 # 10k and 100k, markdown table
    .venv/bin/python benchmarks/bench_index.py --sizes 10000   # one size
    .venv/bin/python benchmarks/bench_index.py --write         # also write benchmarks/README-index.md

The corpus is made only of real text: every real document the repository holds
(../shared/corpus/docs, ../shared/seeds, corpora/documents, corpora/topics/raw) is parsed once;
synthetic documents then recombine them: a real document's record and paragraphs, with the
issuer (and its region and 机关代字) of another real document, a date taken from a real
document with the year moved, a new serial, and about a third of the body paragraphs swapped
for paragraphs of other real documents. Topics are drawn from the taxonomy (the classifier is
not built yet) so that the topic filter and facet have work to do. No prose is invented.

Documents go in through ``Index.add_document`` (no parsing), 1,000 per transaction, then
``Index.optimize()``; each batch of 1,000 is made before the clock starts, so the build rate is
the index's own (before 2026-12-07 the rate also counted making the documents, about 10% of it). Each size runs in its own process so that peak RSS is its own.
Because the paragraphs repeat, the per-line segmentation cache makes the build faster than
indexing as many unique texts; the uncached segmentation rate is reported separately.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
SEED = 20250219

#: ~50 realistic queries: (query, filters).
QUERIES: list[tuple[str, dict]] = [
    ("联席会议", {}), ("劳模", {}), ("劳动模范", {}), ("工会", {}), ("总工会", {}), ("社会保障", {}),
    ("社保", {}), ("医保", {}), ("职业教育", {}), ("就业", {}), ("困难职工", {}), ("帮扶", {}),
    ("安全生产", {}), ("农民工", {}), ("最低工资", {}), ("集体协商", {}), ("职工代表大会", {}),
    ("民主管理", {}), ("新就业形态", {}), ("住房公积金", {}), ("技能培训", {}), ("女职工", {}),
    ("劳动关系", {}), ("联席会议制度", {}), ("政府与工会联席会议", {}), ("劳动争议调解", {}),
    ("双随机 一公开", {}), ("个人所得税 纳税信用", {}), ("雄安新区", {}), ("幼儿园 治理", {}),
    ("疗休养", {}), ("工匠", {}), ("稳岗", {}), ("户外劳动者", {}), ("节假日安排", {}), ("煤矿 瓦斯", {}),
    ("国发〔2019〕5号", {}), ("柳北政发[2025]2 号", {}),
    # with filters
    ("联席会议", {"year": 2019}), ("工会", {"region": "广西"}), ("劳动模范", {"doc_type": "通知"}),
    ("就业", {"issuer": "国务院"}), ("社会保障", {"topic": "social_security"}),
    ("联席会议", {"region": "广东", "year": "2015-2020"}), ("职工", {"doc_type": "意见", "year": 2020}),
    ("困难职工 帮扶", {"topic": "hardship_assistance", "region": "江西"}),
    ("", {"year": 2018}), ("", {"region": "柳州"}), ("", {"topic": "model_workers", "doc_type": "通知"}),
    ("", {"number": "国发〔2019〕"}), ("", {"issuer": "总工会", "year": 2023}),
]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def real_documents() -> list[tuple[dict, str]]:
    """(record, text) of every real document the repository can reach."""
    import policydoc

    files: list[Path] = []
    for folder in (SHARED / "corpus" / "docs", SHARED / "seeds", REPO / "corpora" / "documents",
                   REPO / "corpora" / "topics" / "raw"):
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.suffix.lower() in {".pdf", ".html", ".txt", ".md", ".docx"})
    out = []
    for p in files:
        try:
            doc = policydoc.parse(p)
        except Exception:  # noqa: BLE001 - a bad file just isn't in the pool
            continue
        if len(doc.text) > 200:
            out.append((doc.record(), doc.text))
    return out


def topic_labels() -> list[tuple[str, str]]:
    text = (SHARED / "taxonomy.yaml").read_text(encoding="utf-8") if (SHARED / "taxonomy.yaml").exists() else ""
    pairs = re.findall(r"- id: (\w+)\s+label: (\S+)", text)
    return pairs or [("social_security", "社会保障"), ("model_workers", "劳模待遇")]


class Synth:
    """Recombines real records and paragraphs into new documents."""

    def __init__(self, docs: list[tuple[dict, str]], seed: int = SEED):
        self.rng = random.Random(seed)
        self.docs = docs
        self.paras = [ln for _, t in docs for ln in t.splitlines() if len(ln.strip()) >= 20]
        self.issuers = [(r.get("issuer"), r.get("issuers") or [], r.get("region"),
                         (r.get("doc_number_parts") or {}).get("agency_code")) for r, _ in docs if r.get("issuer")]
        self.dates = [r["date"] for r, _ in docs if r.get("date")]
        self.topics = topic_labels()

    def make(self, i: int) -> tuple[dict, str]:
        rng = self.rng
        base, text = self.docs[rng.randrange(len(self.docs))]
        rec = json.loads(json.dumps(base, ensure_ascii=False))
        issuer, issuers, region, code = self.issuers[rng.randrange(len(self.issuers))]
        if rec.get("title") and base.get("issuer") and rec["title"].startswith(base["issuer"]):
            rec["title"] = issuer + rec["title"][len(base["issuer"]):]
        rec["issuer"], rec["issuers"], rec["region"] = issuer, issuers, region
        date = self.dates[rng.randrange(len(self.dates))]
        year = rng.randint(2000, 2025)
        rec["date"] = f"{year}{date[4:]}" if not date[4:].startswith("-02-29") else f"{year}-02-28"
        if code:
            serial = rng.randint(1, 200)
            rec["doc_number"] = f"{code}〔{year}〕{serial}号"
            rec["doc_number_parts"] = {"agency_code": code, "year": year, "serial": serial}
        else:
            rec["doc_number"], rec["doc_number_parts"] = None, None
        rec["topics"] = [{"id": tid, "label": label, "score": round(rng.uniform(0.3, 1), 2), "evidence": []}
                         for tid, label in rng.sample(self.topics, rng.randint(0, 3))]
        lines = text.splitlines()
        for k in range(len(lines)):
            if len(lines[k]) >= 20 and rng.random() < 0.33:
                lines[k] = self.paras[rng.randrange(len(self.paras))]
        rec["source"] = f"bench/{i:06d}.txt"
        # a new document, not a copy of its base: its fingerprint and copy key are its own
        # (before 2026-12-07 they were the base's, so 9,349 of 10,000 documents were "copies")
        rec.pop("fingerprint", None)
        rec.pop("doc_key", None)
        return rec, "\n".join(lines)


def bigram_report(docs: list[tuple[dict, str]]) -> dict:
    """How many lines containing a two-character word a token search finds, with and without bigrams.

    Lines (paragraphs), not documents: a long document almost always holds some occurrence that
    jieba cuts as a word, so document-level recall hides the misses that matter for short
    fields (titles) and for the snippet. ``all dictionary words``: every two-character jieba
    dictionary word that occurs in the corpus, occurrences summed.
    """
    from policydoc.index import _jieba, index_tokens

    queries = ["工会", "劳模", "职工", "柳北", "就业", "会议", "保障", "帮扶", "模范", "工资", "培训", "联席",
               "民主", "安全", "权益", "困难", "服务", "政府", "监督", "建设"]
    lines = sorted({ln.strip() for _, t in docs for ln in t.splitlines() if ln.strip()})
    with_bi = [set(index_tokens(ln).split()) for ln in lines]
    without = [set(index_tokens(ln, bigrams=False).split()) for ln in lines]
    rows = []
    for q in queries:
        rows.append({"query": q, "substring": sum(q in ln for ln in lines),
                     "search_mode": sum(q in s for ln, s in zip(lines, without) if q in ln),
                     "with_bigrams": sum(q in s for ln, s in zip(lines, with_bi) if q in ln)})
    known = _jieba().has_word
    grams: dict[str, int] = {}
    for ln in lines:
        for g in {ln[i:i + 2] for i in range(len(ln) - 1)}:
            grams[g] = grams.get(g, 0) + 1
    words = [g for g in grams if known(g) and re.fullmatch("[\u4e00-\u9fff]{2}", g)]
    tot = {"query": f"all {len(words):,} dictionary words", "substring": 0, "search_mode": 0, "with_bigrams": 0}
    for ln, a, b in zip(lines, without, with_bi):
        for g in {ln[i:i + 2] for i in range(len(ln) - 1)}:
            if known(g) and re.fullmatch("[\u4e00-\u9fff]{2}", g):
                tot["substring"] += 1
                tot["search_mode"] += g in a
                tot["with_bigrams"] += g in b
    rows.append(tot)
    # short forms of place names (柳北 inside 柳北区): what users type, and not dictionary words
    from policydoc.lang.zh import data_text

    names = {ln.split("\t")[1] for ln in data_text("regions.tsv").splitlines()[1:] if "\t" in ln}
    names = sorted(n for n in names if len(n) == 3 and n[-1] in "市县区" and not known(n[:-1]))
    short = {"query": "short place names in full ones (柳北 in 柳北区 …)", "substring": 0, "search_mode": 0,
             "with_bigrams": 0}
    for ln, a, b in zip(lines, without, with_bi):
        for n in names:
            if n in ln:
                short["substring"] += 1
                short["search_mode"] += n[:-1] in a
                short["with_bigrams"] += n[:-1] in b
    rows.append(short)
    ntok = [sum(len(s) for s in without), sum(len(s) for s in with_bi)]
    return {"lines": len(lines), "rows": rows, "distinct_tokens_per_line": ntok,
            "tokens": [len(index_tokens("\n".join(lines), bigrams=False).split()),
                       len(index_tokens("\n".join(lines)).split())]}


def query_latency(idx, reps: int, group: bool = False) -> dict:
    """p50/p95 of the query mix, wall and CPU (the machine is shared: CPU time is the steadier figure).
    ``group=True``: copies collapsed, as ``policydoc search`` and the web page ask."""
    idx.search("工会", group=group)
    for q, f in QUERIES:
        idx.search(q, group=group, **f)
    wall, cpu = [], []
    for _ in range(reps):
        for q, f in QUERIES:
            t, c = time.perf_counter(), time.process_time()
            idx.search(q, group=group, **f)
            cpu.append((time.process_time() - c) * 1000)
            wall.append((time.perf_counter() - t) * 1000)
    q = lambda xs, p: statistics.quantiles(xs, n=100, method="inclusive")[p - 1]  # noqa: E731
    return {"p50_ms": round(q(wall, 50), 1), "p95_ms": round(q(wall, 95), 1),
            "cpu_p50_ms": round(q(cpu, 50), 1), "cpu_p95_ms": round(q(cpu, 95), 1)}


def run_one(n: int, reps: int = 5, engine: str | None = None) -> dict:
    from policydoc.index import Index, _line_tokens, index_tokens

    t = time.perf_counter()
    docs = real_documents()
    parse_s = time.perf_counter() - t
    synth = Synth(docs)
    # segmentation rate on unique text (cache cleared), for estimating real-world builds
    _line_tokens.cache_clear()
    chars = sum(len(t) for _, t in docs)
    t = time.perf_counter()
    for _, text in docs:
        index_tokens(text)
    seg_rate = chars / (time.perf_counter() - t)
    tmp = tempfile.mkdtemp(prefix="bench_index_")
    db = os.path.join(tmp, f"bench_{n}.db")
    idx = Index(db, engine=engine)
    batch = 1000
    build_s = build_cpu_s = 0.0
    for start in range(0, n, batch):
        # the documents are made outside the clock: only Index work is timed
        made = [synth.make(i) for i in range(start, min(n, start + batch))]
        t, cpu0 = time.perf_counter(), time.process_time()
        with idx.batch():
            for rec, text in made:
                idx.add_document(rec, text)
        build_s += time.perf_counter() - t
        build_cpu_s += time.process_time() - cpu0
    t = time.perf_counter()
    idx.optimize()
    optimize_s = time.perf_counter() - t
    idx.close()
    size = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))
    idx = Index(db, create=False)
    t = time.perf_counter()
    idx.search("工会")  # the first search loads the facet columns
    first_ms = (time.perf_counter() - t) * 1000
    for q, f in QUERIES:  # warm the page cache
        idx.search(q, **f)
    plain, filtered, per_query = [], [], {}
    totals = {}
    for _ in range(reps):
        for q, f in QUERIES:
            t = time.perf_counter()
            res = idx.search(q, **f)
            ms = (time.perf_counter() - t) * 1000
            (filtered if f else plain).append(ms)
            per_query.setdefault((q, json.dumps(f, ensure_ascii=False)), []).append(ms)
            totals[(q, json.dumps(f, ensure_ascii=False))] = res.total
    lat = query_latency(idx, reps)
    latg = query_latency(idx, reps, group=True)
    # ranked hits only, no facets: the cost of the facet counts
    nofacet = []
    for _ in range(reps):
        for q, f in QUERIES:
            t = time.perf_counter()
            idx.search(q, facets=False, **f)
            nofacet.append((time.perf_counter() - t) * 1000)
    idx.close()
    for s in ("", "-wal", "-shm"):
        if os.path.exists(db + s):
            os.remove(db + s)
    import shutil

    shutil.rmtree(db + ".tantivy", ignore_errors=True)
    os.rmdir(tmp)
    every = plain + filtered
    q = lambda xs, p: statistics.quantiles(xs, n=100, method="inclusive")[p - 1]  # noqa: E731
    slow = sorted(((statistics.median(v), k) for k, v in per_query.items()), reverse=True)[:8]
    return {"docs": n, "engine": engine or "fts5", "build_cpu_docs_per_s": round(n / build_cpu_s),
            "cpu_p50_ms": lat["cpu_p50_ms"], "cpu_p95_ms": lat["cpu_p95_ms"],
            "cpu_p50_grouped_ms": latg["cpu_p50_ms"], "cpu_p95_grouped_ms": latg["cpu_p95_ms"],
            "real_docs": len(docs), "parse_pool_s": round(parse_s, 1),
            "build_s": round(build_s, 1), "build_docs_per_s": round(n / build_s),
            "optimize_s": round(optimize_s, 1), "seg_chars_per_s": round(seg_rate),
            "db_mb": round(size / 1e6, 1), "peak_rss_mb": round(_rss_mb()),
            "p50_ms": round(q(every, 50), 1), "p95_ms": round(q(every, 95), 1),
            "p50_plain_ms": round(q(plain, 50), 1), "p95_plain_ms": round(q(plain, 95), 1),
            "p50_filtered_ms": round(q(filtered, 50), 1), "p95_filtered_ms": round(q(filtered, 95), 1),
            "p95_nofacets_ms": round(q(nofacet, 95), 1), "max_ms": round(max(every), 1),
            "first_search_ms": round(first_ms, 1),
            "p95_selective_ms": round(q([m for k, v in per_query.items() if totals[k] < 0.2 * n for m in v], 95), 1),
            "broad_queries": sum(1 for k in per_query if totals[k] >= 0.2 * n), "queries": len(per_query),
            "slowest": [{"query": k[0], "filters": k[1], "median_ms": round(m, 1), "total": totals[k]}
                        for m, k in slow]}


def real_build(rounds: int = 3) -> dict:
    """CPU rate of ``Index.add_document`` over the real pool: unique text, as a first build of a
    user's folder sees it (the synthetic corpus repeats paragraphs, so its build mostly hits the
    per-line segmentation cache and measures SQLite and zlib). Each round is a fresh process
    state for the caches: they are cleared, and the dictionary is loaded before the clock starts.
    Uses only ``Index(path)``, ``batch()`` and ``add_document(record, text)``, so an older
    checkout can be measured the same way (``PYTHONPATH=OLD/src``)."""
    from policydoc import index as index_mod

    docs = real_documents()
    chars = sum(len(t) for _, t in docs)
    index_mod.index_tokens("劳动模范的待遇")  # the segmenter's dictionary, outside the clock
    rates = []
    for r in range(rounds):
        for name in ("_line_tokens", "_line_tuple", "_word_tokens", "_word_parts"):  # whichever the checkout has
            fn = getattr(index_mod, name, None) or getattr(getattr(index_mod, "tokens", None), name, None)
            if fn is not None and hasattr(fn, "cache_clear"):
                fn.cache_clear()
        tmp = tempfile.mkdtemp(prefix="bench_real_")
        idx = index_mod.Index(os.path.join(tmp, "real.db"))
        cpu = time.process_time()
        with idx.batch():
            for i, (rec, text) in enumerate(docs):
                idx.add_document({**rec, "source": f"real/{r}/{i:05d}"}, text)
        cpu = time.process_time() - cpu
        idx.close()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        rates.append(len(docs) / cpu)
    return {"documents": len(docs), "characters": chars, "docs_per_cpu_s": [round(x) for x in rates],
            "kchars_per_cpu_s": [round(x * chars / len(docs) / 1000) for x in rates]}


def table(results: list[dict]) -> str:
    cols = [("docs", "documents"), ("engine", "engine"), ("build_cpu_docs_per_s", "build docs/CPU-s"),
            ("cpu_p50_ms", "p50 CPU ms"), ("cpu_p95_ms", "p95 CPU ms"),
            ("cpu_p95_grouped_ms", "p95 CPU ms, grouped"), ("build_docs_per_s", "build docs/s"), ("build_s", "build s"),
            ("optimize_s", "optimize s"), ("db_mb", "DB MB"), ("peak_rss_mb", "peak RSS MB"),
            ("p50_ms", "p50 ms (all)"), ("p95_ms", "p95 ms (all)"), ("p95_plain_ms", "p95 ms (no filter)"),
            ("p95_filtered_ms", "p95 ms (filters)"), ("p95_selective_ms", "p95 ms (< 20% match)"),
            ("p95_nofacets_ms", "p95 ms (no facets)"), ("max_ms", "max ms"), ("first_search_ms", "1st search ms")]
    lines = ["| " + " | ".join(h for _, h in cols) + " |", "|" + "---|" * len(cols)]
    for r in results:
        lines.append("| " + " | ".join(f"{r[k]:,}" if isinstance(r[k], int) else str(r[k]) for k, _ in cols) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--reps", type=int, default=5, help="timed runs of each query (default 5)")
    ap.add_argument("--write", action="store_true",
                    help="put the results into benchmarks/README-index.md (between its results markers)")
    ap.add_argument("--bigrams", action="store_true", help="print the bigram recall measurement only")
    ap.add_argument("--engine", choices=["fts5", "tantivy"], help="text engine of the index (default fts5)")
    ap.add_argument("--query", metavar="DB", help="only time the query mix on an existing index DB")
    ap.add_argument("--real-build", action="store_true",
                    help="only the build rate over the real pool (unique text, cold caches)")
    args = ap.parse_args()
    if args.real_build:
        print(json.dumps(real_build(), ensure_ascii=False))
        return
    if args.one:
        print(json.dumps(run_one(args.one, args.reps, args.engine), ensure_ascii=False))
        return
    if args.query:
        from policydoc.index import Index

        idx = Index(args.query, create=False)
        res = {"db": args.query, "engine": type(idx.storage).__name__, "documents": idx.stats()["documents"],
               **query_latency(idx, args.reps)}
        print(json.dumps(res, ensure_ascii=False))
        return
    if args.bigrams:
        rep = bigram_report(real_documents())
        print(f"{rep['lines']:,} distinct lines\n")
        print("| query | lines containing it | found, search-mode parts only | found, with all bigrams |\n|---|---|---|---|")
        for r in rep["rows"]:
            print(f"| {r['query']} | {r['substring']:,} | {r['search_mode']:,} | {r['with_bigrams']:,} |")
        a, b = rep["tokens"]
        print(f"\ntokens indexed: {a:,} search-mode parts only, {b:,} with all bigrams (+{(b - a) / a:.0%})")
        return
    results = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--reps", str(args.reps)]
                             + (["--engine", args.engine] if args.engine else []),
                             check=True, capture_output=True, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"{n:,} documents: done", file=sys.stderr)
    lines = [table(results)]
    for r in results:
        lines.append(f"\nSlowest queries at {r['docs']:,} documents (median ms, matching documents):\n")
        for s in r["slowest"]:
            lines.append(f"    {s['median_ms']:>7} ms  {s['total']:>7,}  {s['query']!r} {s['filters']}")
        lines.append(f"\n{r['broad_queries']} of the {r['queries']} queries match 20% of the corpus or more.")
    lines.append(f"\nPool: {results[0]['real_docs']} real documents; jieba segmentation of unique text: "
                 f"{results[0]['seg_chars_per_s']:,} characters/s.")
    out = "\n".join(lines)
    print(out)
    if args.write:
        readme = HERE / "README-index.md"
        text = readme.read_text(encoding="utf-8")
        a, b = text.index("<!-- results -->"), text.index("<!-- /results -->")
        cmd = "    .venv/bin/python benchmarks/bench_index.py " + " ".join(sys.argv[1:])
        readme.write_text(text[:a] + "<!-- results -->\n" + cmd + "\n\n" + out + "\n" + text[b:], encoding="utf-8")


if __name__ == "__main__":
    main()
