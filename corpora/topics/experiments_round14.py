#!/usr/bin/env python3
"""Round-14 variants: the section heading and the document title as separate, down-weighted TF-IDF blocks.

    nice python corpora/topics/experiments_round14.py . 0,0.3 0,0.5 0.3,0.3

Each argument after the repository root is "heading weight,title weight". The sentence block is the shipped
one (``model_input``: the sentence under its heading); the heading block and the title block (source title from
SOURCES.tsv) are fitted on the train split and stacked beside it, scaled by their weights. Fitted with the
shipped procedure (``fit_matrix``: grouped 5-fold CV, Platt, per-topic thresholds). Grouped-CV micro-F1 on train
is the only figure used to choose; test, blind and blind2 are printed beside it. One JSON line per variant.
"""
import sys, json, csv, time
from pathlib import Path
import numpy as np
from scipy.sparse import hstack
ROOT = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(ROOT / "src"))
from policydoc.classify import model as M, segment as S
from policydoc.classify.taxonomy import ids
from policydoc.classify.train import load_segments, model_input, f1_table
segs = load_segments(ROOT / "corpora/topics/segments.jsonl")
titles = {r["source"]: r["title"] for r in csv.DictReader(open(ROOT / "corpora/topics/SOURCES.tsv", encoding="utf-8"), delimiter="\t")}
split = {k: [s for s in segs if s["split"] == k] for k in ("train", "test", "blind", "blind2")}
tr = split["train"]; topics = ids()
Y = np.array([[t in s["labels"] for t in topics] for s in tr], dtype=int)
groups = [s["source"] for s in tr]
cut = S.get("jieba")
fz = M.fit_featurizer([model_input(s) for s in tr], cut)
fh = M.fit_featurizer([s.get("context") or "" for s in tr], cut); fh.cues = []; fh.combos = []
ft = M.fit_featurizer([titles.get(s["source"], "") for s in tr], cut); ft.cues = []; ft.combos = []
def mats(ss):
    return (fz.transform([model_input(s) for s in ss]), fh.transform([s.get("context") or "" for s in ss]),
            ft.transform([titles.get(s["source"], "") for s in ss]))
B = {k: mats(v) for k, v in split.items()}
for spec in sys.argv[2:]:
    wh, wt = map(float, spec.split(","))
    comb = lambda b: hstack([b[0], wh * b[1], wt * b[2]]).tocsr()
    t0 = time.process_time()
    coef, icpt, a, b_, thr, cv = M.fit_matrix(comb(B["train"]), Y, groups=groups)
    cvp = [[t for t, on in zip(topics, row) if on] for row in cv["pred"]]
    out = {"variant": f"head {wh} title {wt}", "cv_micro_f1": f1_table([s["labels"] for s in tr], cvp)["micro_f1"], "cpu_s": round(time.process_time()-t0)}
    for k in ("test", "blind", "blind2"):
        P = 1 / (1 + np.exp(-((np.asarray(comb(B[k]) @ coef.T) + icpt) * a + b_)))
        pred = [[t for t, on in zip(topics, row >= thr) if on] for row in P]
        r = f1_table([s["labels"] for s in split[k]], pred)
        out[k] = {"f1": round(r["micro_f1"], 4), "p": round(r["micro_precision"], 4), "r": round(r["micro_recall"], 4)}
    print(json.dumps(out, ensure_ascii=False), flush=True)
