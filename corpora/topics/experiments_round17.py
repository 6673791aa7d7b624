#!/usr/bin/env python3
"""Round 17: grouped CV of the shipped procedure (``policydoc train topics``: title dropout, document prior) on the
round-17 corpus with or without its training batches, scored on ALL training segments and on the segments of the
round-16 training sources only (the same 11,077 segments in every run, so the figures are comparable although the
corpora differ). The keep rule, declared before measuring: a batch is kept when the CV on those 11,077 segments does
not drop by more than 0.002.

    PYTHONPATH=src python corpora/topics/experiments_round17.py [drop=neg6,lab6] [light] [fixed] [report]

``drop`` removes the training sources whose slug starts with one of the given prefixes; ``light`` keeps of batch 1
(neg6-) only every 10th segment, those with a labour word and those with a topic; ``fixed`` keeps the folds GroupKFold
gives the round-16 training rows (a new source's fold from the SHA-1 of its slug): adding sources reshuffles
GroupKFold's folds, and 47 segments moved the CV of the other 11,077 by 0.005 that way; ``report`` also prints the
seen-test and blind figures of the fitted model (printed beside CV, never used to choose).
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: slugs of the round-17 batches: negatives on other subjects (neg6-), labour texts of new kinds (lab6-)
BATCH_PREFIXES = ("neg6-", "lab6-")


def main(drop=(), report=False, light=False, fixed=False):
    from policydoc.classify.model import train
    from policydoc.classify.train import (attach_titles, document_sentences, f1_table, load_segments, model_input,
                                          split_report)

    corpus = HERE / "segments.jsonl"
    segs = load_segments(corpus)
    attach_titles(segs, corpus)
    tr = [s for s in segs if s["split"] == "train" and not s["source"].startswith(tuple(drop) or ("\0",))]
    if light:
        # batch 1 read the way round 12 read its negatives: every 10th segment of a source plus those with a
        # labour word in passing (build_segments.LABOUR_WORDS, rescue 2) and those carrying a topic
        sys.path.insert(0, str(HERE))
        from build_segments import LABOUR_WORDS

        tr = [s for s in tr if not s["source"].startswith("neg6-") or s["labels"] or LABOUR_WORDS.search(s["text"])
              or (int(s["id"].rsplit("-", 1)[1]) - 1) % 10 == 0]
    groups = [s["source"] for s in tr]
    documents = document_sentences(corpus, sorted({s["source"] for s in segs}))
    fold_of = None
    if fixed:
        # the folds GroupKFold gives the round-16 training rows, kept for them; a new source's fold from its SHA-1
        import hashlib

        from sklearn.model_selection import GroupKFold

        base = [s["source"] for s in segs if s["split"] == "train" and not s["source"].startswith(BATCH_PREFIXES)]
        fold_of = {base[i]: f for f, (_, te) in enumerate(GroupKFold(n_splits=5).split(base, groups=base)) for i in te}
        for g in groups:
            fold_of.setdefault(g, int(hashlib.sha1(g.encode("utf-8")).hexdigest(), 16) % 5)
    model = train([model_input(s) for s in tr], [s["labels"] for s in tr], groups=groups,
                  titles=[s.get("title") for s in tr], documents={g: documents[g] for g in groups if g in documents},
                  fold_of=fold_of)
    rows = model.cv.get("prior_pred", model.cv["pred"])
    pred = [[t for t, on in zip(model.topics, row) if on] for row in rows]
    gold = [s["labels"] for s in tr]
    old = [i for i, s in enumerate(tr) if not s["source"].startswith(BATCH_PREFIXES)]
    out = {"dropped": sorted(drop), "light": light, "fixed_folds": fixed, "train_segments": len(tr), "cv_all": f1_table(gold, pred)["micro_f1"],
           "cv_round16_segments": len(old),
           "cv_round16": f1_table([gold[i] for i in old], [pred[i] for i in old])["micro_f1"]}
    if report:
        for split in ("test", "blind", "blind2", "blind3", "blind4"):
            r = split_report(model, [s for s in segs if s["split"] == split], documents)
            out[split] = {k: r[k] for k in ("micro_f1", "micro_precision", "micro_recall", "none_kept")}
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    args = sys.argv[1:]
    drop = next((a.split("=", 1)[1].split(",") for a in args if a.startswith("drop=")), ())
    main(tuple(drop), "report" in args, "light" in args, "fixed" in args)
