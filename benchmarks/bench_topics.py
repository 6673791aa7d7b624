"""Topic classification speed: segments/s on one core, against bare jieba segmentation of the same text.

Usage: .venv/bin/python benchmarks/bench_topics.py [--rounds 5]

Reads every segment of corpora/topics/segments.jsonl, loads the shipped model once (timed),
then alternates per round: (a) jieba segmentation alone (the domain tokenizer), (b) the
classifier's scores() on all segments. Prints a markdown table with the ratio classify/segment.
Times are CPU time of this process (the machine is shared: wall time would measure the neighbours).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    from policydoc.classify.train import attach_titles, model_input

    # what the model reads: each segment under its section heading, beside its document's title (round 14),
    # as in document classification
    corpus = ROOT / "corpora/topics/segments.jsonl"
    segs = [json.loads(x) for x in corpus.read_text("utf-8").splitlines() if x]
    attach_titles(segs, corpus)
    texts = [model_input(s) for s in segs]
    titles = [s.get("title") for s in segs]
    t0 = time.process_time()
    from policydoc.classify.model import load
    from policydoc.classify.segment import jieba_cut

    model = load()
    model.scores(texts[:10], titles[:10])
    load_s = time.process_time() - t0
    seg, cls = [], []
    for _ in range(args.rounds):
        t = time.process_time()
        for x in texts:
            jieba_cut(x)
        seg.append(time.process_time() - t)
        t = time.process_time()
        model.scores(texts, titles)
        cls.append(time.process_time() - t)
    s, c = statistics.median(seg), statistics.median(cls)
    from policydoc import segmenter

    # the engine matters: rjieba (Rust) segments ~8x faster than jieba, which changes the ratio, not the model
    print(f"| segments | engine | model load s (CPU) | jieba only seg/s | classify seg/s | classify/jieba time |")
    print(f"|---|---|---|---|---|---|")
    print(f"| {len(texts)} | {segmenter.default_engine()} | {load_s:.2f} | {len(texts) / s:,.0f} | {len(texts) / c:,.0f} "
          f"| {c / s:.2f} |")


if __name__ == "__main__":
    main()
