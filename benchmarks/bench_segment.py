#!/usr/bin/env python
"""Segmentation engines on the whole topic corpus: rjieba (default) against jieba (the reference).

For every segment of corpora/topics/segments.jsonl (10,388 real texts): characters per CPU-second
of each engine with the domain dictionary (HMM on, as the classifier and the index cut), how many
segments and token positions differ, then the shipped topic model scored on the held-out test
split with each engine (micro/macro-F1 and segments per CPU-second of ``model.predict``), and the
index tokens of every segment with each engine.

    .venv/bin/python benchmarks/bench_segment.py [--rounds 3] [--json PATH]
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", metavar="PATH")
    args = ap.parse_args(argv)
    from policydoc import segmenter
    from policydoc.classify.model import load
    from policydoc.classify.train import f1_table, load_segments, model_input

    segs = load_segments(ROOT / "corpora" / "topics" / "segments.jsonl")
    texts = [s["text"] for s in segs]
    chars = sum(map(len, texts))
    out: dict = {"segments": len(texts), "chars": chars, "engines": {}}
    words = {}
    for engine in segmenter.ENGINES:
        sg = segmenter.get("domain", engine)
        sg.cut("预热")
        runs = []
        for _ in range(args.rounds):
            t = time.process_time()
            cut = [sg.cut(x) for x in texts]
            runs.append(time.process_time() - t)
        words[engine] = cut
        out["engines"][engine] = {"version": sg.version, "chars_per_cpu_s": round(chars / statistics.median(runs)),
                                  "tokens": sum(map(len, cut))}
    a, b = words["jieba"], words["rjieba"]
    diff_pos = 0
    for x, y in zip(a, b):
        if x != y:
            sm = difflib.SequenceMatcher(a=x, b=y, autojunk=False)
            diff_pos += sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")
    out["differing_segments"] = sum(x != y for x, y in zip(a, b))
    out["differing_token_positions"] = diff_pos
    # the shipped topic model, scored with each engine on the held-out split
    test = [s for s in segs if s["split"] == "test"]
    gold = [s["labels"] for s in test]
    model = load()
    preds = {}
    for engine in segmenter.ENGINES:
        os.environ[segmenter.ENGINE_ENV] = engine
        model.predict([model_input(s) for s in test[:5]])
        t = time.process_time()
        pred = [[t for t, _ in h] for h in model.predict([model_input(s) for s in test])]
        dt = time.process_time() - t
        preds[engine] = pred
        r = f1_table(gold, pred)
        out["engines"][engine].update(micro_f1=r["micro_f1"], macro_f1=r["macro_f1"],
                                      classify_segments_per_cpu_s=round(len(test) / dt))
    os.environ.pop(segmenter.ENGINE_ENV, None)
    out["test_segments"] = len(test)
    out["same_predictions"] = preds["jieba"] == preds["rjieba"]
    md = ["| engine | chars/CPU-s | tokens | topic micro-F1 (test) | macro-F1 | classify seg/CPU-s |",
          "|---|--:|--:|--:|--:|--:|"]
    for engine, e in out["engines"].items():
        md.append(f"| {engine} | {e['chars_per_cpu_s']:,} | {e['tokens']:,} | {e['micro_f1']} | {e['macro_f1']} | "
                  f"{e['classify_segments_per_cpu_s']:,} |")
    md.append(f"\n{out['differing_segments']} of {len(texts):,} segments cut differently "
              f"({out['differing_token_positions']} token positions of {out['engines']['jieba']['tokens']:,}); "
              f"predictions on the {len(test)} test segments identical: {out['same_predictions']}.")
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
