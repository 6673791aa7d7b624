#!/usr/bin/env python3
"""Round-13 model variants, chosen by grouped cross-validation on the training split only.

    PYTHONPATH=src nice python corpora/topics/experiments_round13.py [variant ...]

Each variant is fitted on the train split with the shipped procedure (``policydoc.classify.model.fit_matrix``:
one-vs-rest logistic regressions, Platt scaling and per-topic thresholds from 5 folds that keep every source
whole). The grouped-CV micro-F1 on train is the only figure used to choose; the seen test split, blind and
blind2 are printed beside it, never used to choose. Prints one JSON line per variant.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from policydoc.classify import model as M  # noqa: E402
from policydoc.classify import segment as S  # noqa: E402
from policydoc.classify.taxonomy import ids  # noqa: E402
from policydoc.classify.train import f1_table, load_segments, model_input  # noqa: E402


def micro(gold, pred):
    return f1_table(gold, pred)


def main(names):
    if "char4" in names:
        # character 1-4-grams instead of 1-3 (own run: the featurizer differs from the other variants)
        orig = M.char_ngrams
        M.char_ngrams = lambda text, n_max=4: orig(text, 4)  # noqa: E731
    segs = load_segments(ROOT / "corpora/topics/segments.jsonl")
    split = {k: [s for s in segs if s["split"] == k] for k in ("train", "test", "blind", "blind2")}
    tr = split["train"]
    topics = ids()
    Y = np.array([[t in s["labels"] for t in topics] for s in tr], dtype=int)
    groups = [s["source"] for s in tr]
    cut = S.get("jieba")
    fz = M.fit_featurizer([model_input(s) for s in tr], cut)
    X = fz.transform([model_input(s) for s in tr])
    Xs = {k: fz.transform([model_input(s) for s in v]) for k, v in split.items() if k != "train"}
    gold_tr = [s["labels"] for s in tr]

    def evaluate(name, coef, icpt, a, b, thr, cv, gate=0.0, extra=None):
        cv_pred = [[t for t, on in zip(topics, row) if on] for row in cv["pred"]]
        if gate:
            cv_pred = [p if mx >= gate else [] for p, mx in zip(cv_pred, cv["prob"].max(axis=1))]
        out = {"variant": name, "cv_micro_f1": micro(gold_tr, cv_pred)["micro_f1"], **(extra or {})}
        for k, Xk in Xs.items():
            P = 1 / (1 + np.exp(-((np.asarray(Xk @ coef.T) + icpt) * a + b)))
            pred = [[t for t, on in zip(topics, row >= thr) if on] if row.max() >= gate else [] for row in P]
            r = micro([s["labels"] for s in split[k]], pred)
            none = [not p for s, p in zip(split[k], pred) if not s["labels"]]
            out[k] = {"f1": r["micro_f1"], "p": r["micro_precision"], "r": r["micro_recall"],
                      "none_kept": f"{sum(none)}/{len(none)}"}
        print(json.dumps(out, ensure_ascii=False), flush=True)
        return out

    cache = {}
    for name in names:
        t0 = time.process_time()
        if name in ("base", "gate"):
            res = cache.get("base") or M.fit_matrix(X, Y, groups=groups)
            cache["base"] = res
            if name == "base":
                evaluate("base", *res, extra={"cpu_s": round(time.process_time() - t0)})
            else:
                # calibrated abstention: no topic unless the best calibrated probability reaches the gate;
                # the gate is chosen on the grouped-CV predictions of the training split
                cv = res[5]
                best = max(np.arange(0.3, 0.96, 0.05), key=lambda g: micro(
                    gold_tr, [[t for t, on in zip(topics, row) if on] if mx >= g else []
                              for row, mx in zip(cv["pred"], cv["prob"].max(axis=1))])["micro_f1"])
                evaluate(f"gate {best:.2f}", *res, gate=float(best))
        elif name.startswith("C="):
            res = M.fit_matrix(X, Y, groups=groups, C=float(name[2:]))
            evaluate(name, *res, extra={"cpu_s": round(time.process_time() - t0)})
        elif name == "unbalanced":
            orig = M.CLASS_WEIGHT
            M.CLASS_WEIGHT = None
            try:
                res = M.fit_matrix(X, Y, groups=groups)
            finally:
                M.CLASS_WEIGHT = orig
            evaluate(name, *res, extra={"cpu_s": round(time.process_time() - t0)})
        elif name == "char4":
            res = M.fit_matrix(X, Y, groups=groups)
            evaluate(name, *res, extra={"cpu_s": round(time.process_time() - t0), "features": X.shape[1]})
        elif name == "grid":
            res = M.fit_matrix(X, Y, groups=groups, threshold_rule="grid")
            evaluate(name, *res)
        else:
            raise SystemExit(f"unknown variant {name}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["base", "gate", "unbalanced", "C=16"])
