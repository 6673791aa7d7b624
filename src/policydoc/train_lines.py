"""Train the line labeller (``policydoc train lines``) from corpora/headers into models/lines/.

Training documents: the SEEN split of corpora/headers/gold.jsonl and silver.jsonl, minus every document of a
blind group (split.json). Targets: the rules' label of each line, corrected where the document's labels say
otherwise — a line that is part of the labelled title is 标题, the line printing the labelled number is 发文字号,
the line giving the labelled date near the end is 成文日期, a line that is the labelled issuer(s) near the end is
署名, and lines above the title that the rules called title are web chrome. Deterministic (L-BFGS, fixed order).
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .document import Document
from .structure.lines import LABELS, line_features, model_path, rule_label, window


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", s or "").translate(str.maketrans("（）：，", "():,"))


def targets(doc: Document, g: dict) -> list[str]:
    """Training label of every window line of *doc* given its labels *g*."""
    from .extract.dates import find_dates
    from .extract.doc_number import find_numbers, whole_line_number

    idx = window(doc)
    labs = {i: rule_label(doc, i) for i in idx}
    n = len(doc.lines)
    title = _flat(g.get("title"))
    if title:
        hits = [i for i in idx if i < 25 and len(_flat(doc.lines[i].text)) >= 4 and _flat(doc.lines[i].text) in title]
        for i in idx:
            if labs[i] == "title" and i not in hits:
                labs[i] = "chrome" if hits and i < hits[0] else "body"
        for i in hits:
            labs[i] = "title"
        if hits:
            for i in idx:
                if i < hits[0] and labs[i] == "body":
                    labs[i] = "chrome"
    num = g.get("doc_number")
    if num:
        for i in idx:
            if i < 25:
                ns = [x.normalized for x in find_numbers(doc.lines[i].text)]
                w = whole_line_number(doc.lines[i].text)
                if w is not None and w.normalized == num or (num in ns and len(doc.lines[i].text) < 60 and labs[i] != "title"):
                    labs[i] = "number"
                    break
    date = g.get("date")
    if date:
        for i in reversed(idx):
            if i >= n - TAIL_SEARCH and len(doc.lines[i].text.strip()) <= 30 and any(d.iso == date for d in find_dates(doc.lines[i].text)):
                labs[i] = "date"
                break
    issuers = g.get("issuers") or ([g["issuer"]] if g.get("issuer") else [])
    if issuers:
        want = _flat("".join(issuers))
        for i in idx:
            if i >= n - TAIL_SEARCH and labs[i] not in ("date",) and _flat(doc.lines[i].text) and \
                    _flat(doc.lines[i].text).replace("、", "") in (want, *map(_flat, issuers)):
                labs[i] = "signature"
    return [labs[i] for i in idx]


TAIL_SEARCH = 15


def training_docs(root: Path) -> list[tuple[dict, Path]]:
    base = root / "corpora" / "headers"
    blind = set(json.loads((base / "split.json").read_text(encoding="utf-8"))["blind_groups"])
    out = []
    for name in ("gold.jsonl", "silver.jsonl"):
        for line in (base / name).read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            if g.get("split") != "seen" or g.get("group") in blind:
                continue
            out.append((g, (base / g["file"]).resolve()))
    return out


def train(root: Path = Path("."), model_dir: Path | None = None, *, c1: float = 0.05, c2: float = 0.01,
          iterations: int = 150) -> dict:
    """Train and save the model; returns the facts written to ``meta.json``."""
    from .pipeline import Pipeline, parse
    from .structure.lines import _crfsuite

    pycrfsuite = _crfsuite()
    pipe = Pipeline(["normalize", "structure", "header_fields"])
    trainer = pycrfsuite.Trainer(verbose=False)
    counts: dict[str, int] = {}
    docs = 0
    for g, path in training_docs(root):
        doc = parse(path, pipeline=pipe)
        idx = window(doc)
        if not idx:
            continue
        y = targets(doc, g)
        trainer.append(line_features(doc, idx), y)
        docs += 1
        for lab in y:
            counts[lab] = counts.get(lab, 0) + 1
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    out = model_path(model_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    # calibration of the header fields' confidences on the same seen documents (with the new model)
    from .evaluate import header_extract
    from .extract.calibration import _load, fit, table_path
    from .structure.lines import MODEL_DIR, _tagger

    _tagger.cache_clear()
    _load.cache_clear()
    if model_dir is not None and Path(model_dir) != MODEL_DIR:
        pass  # the pipeline reads the package's model: calibrate only when training it in place
    else:
        pairs = [(g, header_extract(str(path))) for g, path in training_docs(root)]
        table = fit(pairs)
        table_path(out.parent).write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        _load.cache_clear()
    meta = {"documents": docs, "line_labels": dict(sorted(counts.items())), "labels": list(LABELS),
            "params": {"c1": c1, "c2": c2, "max_iterations": iterations},
            "sha1": hashlib.sha1(out.read_bytes()).hexdigest()}
    (out.parent / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return meta
