"""Confidence that means something: each header field's confidence is the measured precision of the rule
that produced it, on the SEEN split of corpora/headers (never the blind one).

``policydoc train lines`` writes the table to ``models/lines/calibration.json``: for every field and rule,
how many values the rule gave on the seen documents and how many were right; the confidence is the
smoothed precision (right + 1) / (given + 2). A rule seen fewer than MIN_SUPPORT times keeps its own
hand-set confidence. The reliability of the result is reported on the blind split (README, "Header fields").
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..document import Document

#: Fields whose confidence is calibrated (record names; "issuers" follows "issuer").
FIELDS = ("doc_number", "issuer", "title", "doc_type", "date", "recipients")
MIN_SUPPORT = 5


def table_path(model_dir: Path | None = None) -> Path:
    from ..structure.lines import MODEL_DIR

    return Path(model_dir or MODEL_DIR) / "calibration.json"


@lru_cache(maxsize=2)
def _load(path: str) -> dict:
    p = Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


def calibrated(field: str, rule: str, default: float, table: dict | None = None) -> float:
    """The calibrated confidence of *field* from *rule*, or *default* without enough support.

    >>> calibrated("title", "title_block", 0.9, {"title": {"title_block": [200, 180]}})
    0.896
    >>> calibrated("title", "site_metadata", 0.5, {"title": {"site_metadata": [2, 2]}})
    0.5
    """
    t = table if table is not None else _load(str(table_path()))
    given, right = (t.get(field) or {}).get(rule, (0, 0))
    if given < MIN_SUPPORT:
        return default
    return round((right + 1) / (given + 2), 3)


def calibrate(doc: Document, table: dict | None = None) -> Document:
    """Replace the hand-set confidences of the header fields by the calibrated ones."""
    for name in FIELDS:
        f = doc.fields.get(name)
        if f is None:
            continue
        f.confidence = calibrated(name, f.rule, f.confidence, table)
        if name == "issuer" and "issuers" in doc.fields:
            doc.fields["issuers"].confidence = f.confidence
    return doc


def fit(pairs: list[tuple[dict, dict]]) -> dict:
    """``{field: {rule: [given, right]}}`` from ``(gold, record)`` pairs; records carry ``_rule``."""
    from ..evaluate import FIELDS as EVAL_FIELDS

    out: dict[str, dict[str, list[int]]] = {}
    for g, rec in pairs:
        rules = rec.get("_rule") or {}
        for name in FIELDS:
            if name not in g or name not in rules:
                continue
            gget, pget, norm = EVAL_FIELDS[name]
            pv = norm(pget(rec))
            if pv is None:
                continue
            cell = out.setdefault(name, {}).setdefault(rules[name], [0, 0])
            cell[0] += 1
            cell[1] += pv == norm(gget(g))
    return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}


def reliability(pairs: list[tuple[dict, dict]], bins=(0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01)) -> list[dict]:
    """Rows ``{"field", "bin", "n", "mean_confidence", "accuracy"}``: does a value's confidence match how
    often such values are right? (Computed on held-out documents.)"""
    from ..evaluate import FIELDS as EVAL_FIELDS

    cells: dict[tuple[str, int], list[float]] = {}
    for g, rec in pairs:
        conf = rec.get("_confidence") or {}
        for name in FIELDS:
            if name not in g or conf.get(name) is None:
                continue
            gget, pget, norm = EVAL_FIELDS[name]
            pv = norm(pget(rec))
            if pv is None:
                continue
            c = conf[name]
            b = next(i for i in range(len(bins) - 1) if bins[i] <= c < bins[i + 1])
            for key in ((name, b), ("all", b)):
                cells.setdefault(key, []).append((c, pv == norm(gget(g))))
    rows = []
    for (name, b), vals in sorted(cells.items(), key=lambda kv: (kv[0][0] != "all", kv[0])):
        rows.append({"field": name, "bin": f"[{bins[b]:.2f}, {min(bins[b + 1], 1.0):.2f}{']' if bins[b + 1] > 1 else ')'}",
                     "n": len(vals), "mean_confidence": round(sum(c for c, _ in vals) / len(vals), 3),
                     "accuracy": round(sum(ok for _, ok in vals) / len(vals), 3)})
    return rows
