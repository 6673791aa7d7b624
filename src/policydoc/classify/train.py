"""``policydoc train topics``: build the topic model from corpora/topics into models/topics.

Reads the labelled segments, fits on the ``train`` split only, scores the held-out ``test``
split against the keyword baseline, and writes the model with a report (REPORT.md, report.json).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from .baseline import keyword_topics
from .context import with_context
from .model import train
from .taxonomy import ids, labels


def load_segments(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def f1_table(gold: list[list[str]], pred: list[list[str]]) -> dict:
    topics = ids()
    per = {}
    TP = FP = FN = 0
    for t in topics:
        tp = sum(1 for g, p in zip(gold, pred) if t in g and t in p)
        fp = sum(1 for g, p in zip(gold, pred) if t not in g and t in p)
        fn = sum(1 for g, p in zip(gold, pred) if t in g and t not in p)
        TP, FP, FN = TP + tp, FP + fp, FN + fn
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[t] = {"precision": round(prec, 4), "recall": round(rec, 4),
                  "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0, "support": tp + fn}
    micro_p = TP / (TP + FP) if TP + FP else 0.0
    micro_r = TP / (TP + FN) if TP + FN else 0.0
    micro = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    macro = float(np.mean([v["f1"] for v in per.values()]))
    return {"micro_f1": round(micro, 4), "macro_f1": round(macro, 4), "micro_precision": round(micro_p, 4),
            "micro_recall": round(micro_r, 4), "per_topic": per}


def split_report(model, segs: list[dict], documents: dict | None = None) -> dict:
    """Scores of *model* on labelled segments: the F1 table plus the no-topic figures — how many
    segments that carry no topic were left without one (``none_kept``), and the precision of an
    empty prediction (``none_precision``: of the segments given no topic, how many carry none).

    With *documents* (source → texts and titles of all its sentences, :func:`document_sentences`)
    each segment is read as in its parsed document: beside the document's mean score (the document
    prior), as ``policydoc parse`` reads it; ``bare`` then gives the figure of the segments read
    alone, without title or document (``classify_texts``).

    >>> split_report(load(), [{"text": "本条例自2008年1月1日起施行。", "labels": []}])["none_kept"]  # doctest: +SKIP
    '1/1'
    """
    gold = [s["labels"] for s in segs]
    P = model.scores([model_input(s) for s in segs], [s.get("title") for s in segs])
    thr = model.thresholds
    if documents is not None and model.prior is not None:
        P, thr = in_documents(model, segs, P, documents), model.document_thresholds
    pred = [[t for t, on in zip(model.topics, row >= thr) if on] for row in P]
    out = f1_table(gold, pred)
    none = [not p for g, p in zip(gold, pred) if not g]
    empty = [not g for g, p in zip(gold, pred) if not p]
    # topics absent from a small split would count as F1 0 in the plain macro average
    sup = [v["f1"] for v in out["per_topic"].values() if v["support"]]
    out["macro_f1_supported"] = round(float(np.mean(sup)), 4) if sup else None
    out["segments"] = len(segs)
    out["sources"] = len({s.get("source") for s in segs})
    out["none_kept"] = f"{sum(none)}/{len(none)}"
    out["none_kept_rate"] = round(sum(none) / len(none), 4) if none else None
    out["none_precision"] = round(sum(empty) / len(empty), 4) if empty else None
    if documents is not None:
        bare = [[t for t, _ in hits] for hits in model.predict([model_input(s) for s in segs])]
        r = f1_table(gold, bare)
        out["bare"] = {k: r[k] for k in ("micro_f1", "micro_precision", "micro_recall")}
    return out


def in_documents(model, segs: list[dict], P: np.ndarray, documents: dict) -> np.ndarray:
    """Second-stage scores of corpus segments (first-stage scores *P*), each beside the mean score of
    all sentences of its source document; a source with no parsed sentence uses its corpus segments."""
    from .prior import apply

    out = np.zeros_like(P)
    srcs = sorted({s["source"] for s in segs})
    for src in srcs:
        rows = [i for i, s in enumerate(segs) if s["source"] == src]
        texts, titles = documents.get(src) or ([], [])
        mean = model.scores(texts, titles).mean(axis=0) if texts else P[rows].mean(axis=0)
        out[rows] = apply(model.prior, P[rows], mean)
    return out


def document_sentences(corpus: str | Path, sources) -> dict[str, tuple[list[str], list[str | None]]]:
    """Every source of *sources* in ``raw/`` beside the corpus, parsed as a user's document
    (``policydoc.parse_text``): the model input of each of its sentences (under its heading) and the
    extracted title, as :func:`policydoc.classify.topics_of_documents` reads them. Sources whose text
    yields no sentence are left out.

    >>> d = document_sentences("corpora/topics/segments.jsonl", ["beijing-jitihetong-tiaoli"])  # doctest: +SKIP
    >>> d["beijing-jitihetong-tiaoli"][1][0]  # doctest: +SKIP
    '北京市集体合同条例'
    """
    from ..pipeline import DEFAULT_STAGES, Pipeline, parse_text
    from .doc_eval import read_official_text
    from .document import _title, segments

    raw = Path(corpus).parent / "raw"
    nlp = Pipeline([s for s in DEFAULT_STAGES if s != "topics"])
    out = {}
    for src in sorted(set(sources)):
        path = next((p for p in (raw / f"{src}.md", raw / f"{src}.txt") if p.exists()), None)
        if path is None:
            continue
        doc = parse_text(read_official_text(path), source=src, pipeline=nlp)
        title = _title(doc)
        sents = [with_context(s[2], s[3]) for s in segments(doc)]
        if sents:
            out[src] = (sents, [title] * len(sents))
    return out


def model_input(seg: dict) -> str:
    """What the model reads for a corpus segment: the segment under its section heading."""
    return with_context(seg["text"], seg.get("context"))


def attach_titles(segs: list[dict], corpus: str | Path) -> None:
    """Give every segment the title of its source (``SOURCES.tsv`` beside the corpus), which the model
    reads as a separate block, as it reads a parsed document's title.

    >>> s = [{"source": "beijing-jitihetong-tiaoli"}]; attach_titles(s, "corpora/topics/segments.jsonl")  # doctest: +SKIP
    >>> s[0]["title"]  # doctest: +SKIP
    '北京市集体合同条例'
    """
    import csv

    path = Path(corpus).parent / "SOURCES.tsv"
    titles = {}
    if path.exists():
        with open(path, encoding="utf-8", newline="") as fh:
            titles = {r["source"]: r["title"] for r in csv.DictReader(fh, delimiter="\t")}
    for s in segs:
        s["title"] = titles.get(s.get("source"))


def train_topics(corpus: str | Path, out: str | Path, *, segmenter: str = "jieba", compare: bool = True) -> dict:
    """Train, evaluate on the held-out split, save; return the report."""
    segs = load_segments(corpus)
    attach_titles(segs, corpus)
    tr = [s for s in segs if s["split"] == "train"]
    te = [s for s in segs if s["split"] == "test"]
    t0 = time.perf_counter()
    # Calibrate on folds that keep each source whole: users run the model on documents it has not seen.
    groups = [s["source"] for s in tr]
    # every source parsed as a document: the document prior reads each sentence beside its document's mean
    documents = document_sentences(corpus, [s["source"] for s in segs])
    model = train([model_input(s) for s in tr], [s["labels"] for s in tr], segmenter=segmenter, groups=groups,
                  titles=[s.get("title") for s in tr], documents={g: documents[g] for g in groups if g in documents})
    fit_s = time.perf_counter() - t0
    gold = [s["labels"] for s in te]
    # grouped 5-fold CV on the training split: the only figure model choices are made on
    cv_pred = [[t for t, on in zip(model.topics, row) if on] for row in model.cv.get("prior_pred", model.cv["pred"])]
    cv_micro = f1_table([s["labels"] for s in tr], cv_pred)["micro_f1"]
    cv1 = [[t for t, on in zip(model.topics, row) if on] for row in model.cv["pred"]]
    cv_first = f1_table([s["labels"] for s in tr], cv1)["micro_f1"]
    t0 = time.perf_counter()
    model.predict([model_input(s) for s in te], [s.get("title") for s in te])
    per_seg = (time.perf_counter() - t0) / max(len(te), 1)
    seen = split_report(model, te, documents)
    P = model.scores([model_input(s) for s in te], [s.get("title") for s in te])
    if model.prior is not None:
        P = in_documents(model, te, P, documents)
    pred = [[t for t, on in zip(model.topics, row >= model.document_thresholds) if on] for row in P]
    report = {"corpus": str(corpus), "train_segments": len(tr), "test_segments": len(te), "segmenter": segmenter,
              "fit_seconds": round(fit_s, 1), "cv_micro_f1_train": cv_micro,
              "cv_micro_f1_train_first_stage": cv_first, "segments_per_second": round(1 / per_seg, 1) if per_seg else None,
              "model": f1_table(gold, pred),
              "baseline_keywords": f1_table(gold, [keyword_topics(s["text"]) for s in te]),
              "thresholds": {t: round(float(x), 3) for t, x in zip(model.topics, model.document_thresholds)},
              "first_stage_thresholds": {t: round(float(x), 3) for t, x in zip(model.topics, model.thresholds)},
              **({"prior": {t: [round(float(x), 3) for x in row] for t, row in zip(model.topics, model.prior)}}
                 if model.prior is not None else {})}
    if compare:
        from ..errors import MissingDependencyError

        other = "pkuseg" if segmenter == "jieba" else "jieba"
        try:
            m2 = train([model_input(s) for s in tr], [s["labels"] for s in tr], segmenter=other, groups=groups,
                       titles=[s.get("title") for s in tr])
            p2 = [[t for t, _ in hits] for hits in m2.predict([model_input(s) for s in te], [s.get("title") for s in te])]
            # first stage against first stage: the comparison model is trained without the document prior
            p1 = [[t for t, _ in hits] for hits in model.predict([model_input(s) for s in te], [s.get("title") for s in te])]
            report["segmenter_comparison"] = {segmenter: f1_table(gold, p1)["micro_f1"], other: f1_table(gold, p2)["micro_f1"]}
        except MissingDependencyError as exc:
            report["segmenter_comparison"] = {segmenter: report["model"]["micro_f1"], other: f"not installed ({exc})"}
    # the blind split (whole sources never used for training or tuning) beside the test split
    bl = [s for s in segs if s["split"] == "blind"]
    report["seen_test"] = seen
    if bl:
        report["blind"] = split_report(model, bl, documents)
        report["gap_micro_f1"] = round(report["seen_test"]["micro_f1"] - report["blind"]["micro_f1"], 4)
    # the second blind split (round 13), frozen before any change of model or training data
    bl2 = [s for s in segs if s["split"] == "blind2"]
    if bl2:
        report["blind2"] = split_report(model, bl2, documents)
    # the third blind split (round 16), frozen before that round's data changes
    bl3 = [s for s in segs if s["split"] == "blind3"]
    if bl3:
        report["blind3"] = split_report(model, bl3, documents)
    # the fourth blind split (round 17): half of that round's new labour sources, frozen by source first
    bl4 = [s for s in segs if s["split"] == "blind4"]
    if bl4:
        report["blind4"] = split_report(model, bl4, documents)
    model.meta = {"train_segments": len(tr), "micro_f1_test": report["model"]["micro_f1"],
                  **({"micro_f1_blind": report["blind"]["micro_f1"]} if bl else {}),
                  **({"micro_f1_blind2": report["blind2"]["micro_f1"]} if bl2 else {}),
                  **({"micro_f1_blind3": report["blind3"]["micro_f1"]} if bl3 else {}),
                  **({"micro_f1_blind4": report["blind4"]["micro_f1"]} if bl4 else {})}
    # document level: official texts on other subjects must not be mainly about a labour topic
    other = Path(corpus).parent / "other_documents"
    if (other / "DOCUMENTS.tsv").exists():
        from .doc_eval import other_subject_documents

        d = other_subject_documents(other, model)
        report["other_subject_documents"] = {k: d[k] for k in ("documents", "with_primary", "with_any_topic")}
    model.save(out)
    (Path(out) / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    # the hand-written "## Experiments" section of an earlier report survives a rebuild
    old = Path(out) / "REPORT.md"
    kept = old.read_text(encoding="utf-8").split("\n## Experiments", 1) if old.exists() else [""]
    old.write_text(render(report) + ("\n## Experiments" + kept[1] if len(kept) > 1 else ""), encoding="utf-8")
    return report


def render(r: dict) -> str:
    names = labels()
    lines = ["# Topic model report", "",
             f"Built by `policydoc train topics` from `{r['corpus']}`: {r['train_segments']} training segments, "
             f"evaluated on the {r['test_segments']} held-out test segments (split by source document; no tuning "
             f"looks at them). Segmenter: {r['segmenter']}.", "",
             "| | micro-F1 | macro-F1 | micro-P | micro-R |", "|---|---|---|---|---|"]
    for key, name in (("model", "model (TF-IDF words+chars, one-vs-rest logistic, Platt, per-topic thresholds; "
                                "segments read in their documents with the document prior)"),
                      ("baseline_keywords", "keyword-rule baseline")):
        m = r[key]
        lines.append(f"| {name} | {m['micro_f1']:.3f} | {m['macro_f1']:.3f} | {m['micro_precision']:.3f} | "
                     f"{m['micro_recall']:.3f} |")
    if "cv_micro_f1_train" in r:
        first = (f" (first stage alone, each sentence with its title but without the document prior: "
                 f"{r['cv_micro_f1_train_first_stage']:.3f})" if "cv_micro_f1_train_first_stage" in r else "")
        lines += ["", f"Grouped 5-fold cross-validation on the training split (folds keep each source whole; the "
                  f"figure model choices are made on): micro-F1 {r['cv_micro_f1_train']:.3f}{first}."]
    if "prior" in r:
        lines += ["", "Segments are read as in their parsed source document: the first-stage score beside the "
                  "document's mean score per topic (the document prior, `classify/prior.py`). The last column of "
                  "the next table is the figure of the same segments read bare (no title, no document: "
                  "`classify_texts`)."]
    if "blind" in r:
        lines += ["", "Seen test split (sources of the original corpus held out) beside the blind split (whole sources "
                  "— new provinces, 行政法规, 部门规章, local notices, texts on other subjects — that no training, "
                  "rule or threshold has seen; `corpora/topics/blind_sources.txt`) and the second blind split frozen in "
                  "round 13 (`blind2_sources.txt`), the third frozen in round 16 (`blind3_sources.txt`) and the fourth "
                  "frozen in round 17 (`blind4_sources.txt`; 17 segments of labour page copies, a coarse figure):", "",
                  "| split | segments | sources | micro-F1 | macro-F1 (topics present) | micro-P | micro-R | "
                  "no-topic segments left empty | precision of 'no topic' | bare sentences micro-F1 (P / R) |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for key in [k for k in ("seen_test", "blind", "blind2", "blind3", "blind4") if k in r]:
            m = r[key]
            lines.append(f"| {key} | {m['segments']} | {m['sources']} | {m['micro_f1']:.3f} | "
                         f"{m['macro_f1_supported']:.3f} | {m['micro_precision']:.3f} | {m['micro_recall']:.3f} | "
                         f"{m['none_kept']} | " + (f"{m['none_precision']:.3f}" if m["none_precision"] is not None else "—") + " | " + (
                             f"{m['bare']['micro_f1']:.3f} ({m['bare']['micro_precision']:.3f} / "
                             f"{m['bare']['micro_recall']:.3f}) |" if "bare" in m else "— |"))
        gap2 = "".join(f"; seen − {k}: {r['seen_test']['micro_f1'] - r[k]['micro_f1']:.3f}" for k in ("blind2", "blind3", "blind4")
                       if k in r)
        lines += ["", f"Gap (seen − blind micro-F1): {r['gap_micro_f1']:.3f}{gap2}."]
    if "other_subject_documents" in r:
        d = r["other_subject_documents"]
        lines += ["", f"Document level: of {d['documents']} complete official texts on other subjects "
                  f"(`corpora/topics/other_documents/`), {d['with_primary']} get a primary topic; "
                  f"{d['with_any_topic']} get at least one minor (non-primary) topic."]
    lines += ["", "| topic | support | model P | model R | model F1 | baseline F1 | threshold |",
              "|---|---|---|---|---|---|---|"]
    for t, v in r["model"]["per_topic"].items():
        b = r["baseline_keywords"]["per_topic"][t]
        lines.append(f"| {names[t]} ({t}) | {v['support']} | {v['precision']:.3f} | {v['recall']:.3f} | "
                     f"{v['f1']:.3f} | {b['f1']:.3f} | {r['thresholds'][t]:.3f} |")
    if "segmenter_comparison" in r:
        lines += ["", "Segmenters (micro-F1 on the test split): "
                  + ", ".join(f"{k} {v}" for k, v in r["segmenter_comparison"].items())]
    lines += ["", f"Speed: {r['segments_per_second']} segments/s (prediction on the test split, wall clock on the machine as "
              f"loaded while training; CPU-time figures on one core are in benchmarks/README.md, bench_topics.py).", ""]
    return "\n".join(lines)
