"""Measure extraction against a gold file (format of shared/corpus/gold.jsonl).

Per field: precision (right among the values we gave), recall (right among the values the
gold has) and exact-match accuracy (right, counting "both null" as right) over the
documents where the gold labels that field. A key left out of a gold line means "present
but not labelled with certainty" and is not scored.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .extract.doc_number import parse_number

_JM_KIND = {True: "gov_union", "related": "related", "non_union": "non_union", False: None}


def _norm_text(s: Any) -> Any:
    if s is None:
        return None
    s = re.sub(r"\s+", "", str(s))
    return s.translate(str.maketrans("（）：，", "():,"))


def _norm_organ(s: Any) -> Any:
    """An organ name without the term of a congress: "广东省第十一届人民代表大会常务委员会" is the body the
    signature prints as "广东省人民代表大会常务委员会" (labels give either)."""
    s = _norm_text(s)
    return re.sub(r"第[一二三四五六七八九十百]+届(?=人民代表大会)", "", s) if s else s


def _organ_set(items: Any) -> Any:
    return None if items is None else frozenset(_norm_organ(x) for x in items)


def _norm_number(s: Any) -> Any:
    if not s:
        return None
    n = parse_number(s)
    return n.normalized if n else _norm_text(s)


def _norm_doc_type(s: Any) -> Any:
    """文种 names and their aliases compare equal (令 is 命令, 复函 is 函)."""
    from .lang.zh.gongwen import DOC_TYPE_ALIASES

    s = _norm_text(s)
    return DOC_TYPE_ALIASES.get(s, s) if s else s


def _parts(items: Any) -> Any:
    """Recipients as a set of parts split at 、 and ，(groups compared part by part)."""
    if items is None:
        return None
    out = set()
    for it in items:
        for p in re.split(r"[、，,；;]", _norm_text(it)):
            if p:
                out.add(p)
    return frozenset(out)


def _set(items: Any) -> Any:
    return None if items is None else frozenset(_norm_text(x) for x in items)


def _jm(rec: dict, key: str) -> Any:
    jm = rec.get("joint_meeting") or {}
    if key == "kind":
        return jm.get("kind")
    if key == "frequency":
        return (jm.get("frequency") or {}).get("normalized")
    return jm.get(key)


#: field → (gold getter, predicted getter, comparer-normaliser)
FIELDS: dict[str, tuple[Callable[[dict], Any], Callable[[dict], Any], Callable[[Any], Any]]] = {
    "doc_number": (lambda g: g.get("doc_number"), lambda r: r.get("doc_number"), _norm_number),
    "issuer": (lambda g: g.get("issuer"), lambda r: r.get("issuer"), _norm_organ),
    "issuers": (lambda g: g.get("issuers"), lambda r: r.get("issuers") or None, _organ_set),
    "title": (lambda g: g.get("title"), lambda r: r.get("title"), _norm_text),
    "doc_type": (lambda g: g.get("doc_type"), lambda r: r.get("doc_type"), _norm_doc_type),
    "date": (lambda g: g.get("date"), lambda r: r.get("date"), _norm_text),
    # silver labels that give only the year of the 成文日期
    "year": (lambda g: g.get("year"), lambda r: (r.get("date") or "")[:4] or None, _norm_text),
    "recipients": (lambda g: g.get("recipients"), lambda r: r.get("recipients") or None, _parts),
    "printed_by": (lambda g: g.get("printed_by"), lambda r: r.get("printed_by"), _norm_text),
    "print_date": (lambda g: g.get("print_date"), lambda r: r.get("print_date"), _norm_text),
    "is_joint_meeting_system": (lambda g: _JM_KIND.get(g.get("is_joint_meeting_system")),
                                lambda r: _jm(r, "kind"), lambda v: v),
    "meeting_frequency": (lambda g: g.get("meeting_frequency"), lambda r: _jm(r, "frequency"), _norm_text),
    "chair": (lambda g: g.get("chair"), lambda r: _jm(r, "chair"), _norm_text),
    "attendees": (lambda g: g.get("attendees"), lambda r: _jm(r, "attendees") or None, _set),
    "convener": (lambda g: g.get("convener"), lambda r: _jm(r, "convener"), _norm_text),
    "observers": (lambda g: g.get("observers"), lambda r: _jm(r, "observers") or None, _set),
    "trial": (lambda g: g.get("trial"), lambda r: _jm(r, "trial"), lambda v: v),
    "topics": (lambda g: g.get("topics"), lambda r: [t["label"] for t in r.get("topics") or []] or None, _set),
}
_GOLD_KEY = {"is_joint_meeting_system": "is_joint_meeting_system"}
#: Record field → Document field whose confidence it carries (see :func:`header_extract`).
_CONF_FIELD = {"issuers": "issuer", "year": "date", "doc_type": "doc_type"}
HEADER_FIELDS = ("doc_number", "issuer", "issuers", "title", "doc_type", "date", "year", "recipients")


@dataclass
class FieldScore:
    labelled: int = 0
    predicted: int = 0
    gold_present: int = 0
    correct: int = 0
    exact: int = 0
    misses: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold_present if self.gold_present else None

    @property
    def accuracy(self) -> float | None:
        return self.exact / self.labelled if self.labelled else None

    @property
    def coverage(self) -> float | None:
        """Share of the documents that have a gold value for which we gave one."""
        return self.predicted_on_present / self.gold_present if self.gold_present else None

    predicted_on_present: int = 0


@dataclass
class Report:
    fields: dict[str, FieldScore]
    documents: int
    missing: list[str]
    errors: list[str]
    pairs: list = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {"documents": self.documents, "missing_files": self.missing, "errors": self.errors,
                "fields": {k: {"labelled": v.labelled, "precision": v.precision, "recall": v.recall,
                               "accuracy": v.accuracy, "coverage": v.coverage, "misses": v.misses}
                           for k, v in self.fields.items()}}


def resolve_file(entry: str, gold_dir: Path, roots: Iterable[Path]) -> Path | None:
    p = (gold_dir / entry)
    if p.exists():
        return p
    name = Path(entry).name
    for root in roots:
        cand = root / entry
        if cand.exists():
            return cand
        cand = root / name
        if cand.exists():
            return cand
    return None


def header_extract(path: str, lines: str = "combined") -> dict:
    """Header fields only (no topics or joint-meeting pass), with each field's confidence in ``_confidence``.

    *lines*: "rules" (today's rules), "model" (the line labeller alone) or "combined" (see
    :mod:`policydoc.extract.line_fields`).
    """
    from .errors import PolicydocError
    from .pipeline import Pipeline, parse

    global _HEADER_PIPE
    if _HEADER_PIPE is None:
        _HEADER_PIPE = Pipeline(["normalize", "structure", "header_fields"])
    from .extract.line_fields import MODE

    token = MODE.set(lines)
    try:
        doc = parse(path, pipeline=_HEADER_PIPE)
    except PolicydocError as exc:
        return {"status": "error", "error": str(exc)}
    finally:
        MODE.reset(token)
    rec = doc.record()
    rec["_confidence"] = {k: f.confidence for k, f in doc.fields.items()}
    rec["_rule"] = {k: f.rule for k, f in doc.fields.items()}
    return rec


_HEADER_PIPE = None


def _confidence(rec: dict, name: str) -> float | None:
    conf = rec.get("_confidence") or {}
    return conf.get(_CONF_FIELD.get(name, name), conf.get(name))


def load_gold(gold_path: str | Path) -> list[dict]:
    with open(gold_path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score_records(pairs: list[tuple[dict, dict]], *, min_confidence: float | None = None,
                  fields: Iterable[str] | None = None) -> dict[str, FieldScore]:
    """Per-field scores of ``(gold, record)`` pairs; below *min_confidence* a value counts as not given."""
    scores = {k: FieldScore() for k in (fields or FIELDS)}
    for g, rec in pairs:
        for name in scores:
            gget, pget, norm = FIELDS[name]
            if _GOLD_KEY.get(name, name) not in g:
                continue
            s = scores[name]
            gv, pv = norm(gget(g)), norm(pget(rec))
            if pv is not None and min_confidence is not None:
                c = _confidence(rec, name)
                if c is not None and c < min_confidence:
                    pv = None
            s.labelled += 1
            s.gold_present += gv is not None
            s.predicted += pv is not None
            s.predicted_on_present += gv is not None and pv is not None
            if gv is not None and pv == gv:
                s.correct += 1
            if pv == gv:
                s.exact += 1
            elif min_confidence is None or pv is not None:
                s.misses.append({"file": g.get("id") or g["file"], "gold": _show(gget(g)), "got": _show(pget(rec))})
    return {k: v for k, v in scores.items() if v.labelled}


def run_gold(gold_path: str | Path, roots: Iterable[str | Path] = (),
             extract: Callable[[str], dict] | None = None) -> tuple[list[tuple[dict, dict]], list[str], list[str]]:
    """Extract every document of a gold file: ``(pairs, missing, errors)``."""
    from .batch import extract_one

    extract = extract or extract_one
    gold_path = Path(gold_path)
    roots = [Path(r) for r in roots]
    pairs, missing, errors = [], [], []
    for g in load_gold(gold_path):
        path = resolve_file(g["file"], gold_path.parent, roots)
        if path is None:
            missing.append(g["file"])
            continue
        rec = extract(str(path))
        if rec.get("status") == "error":
            errors.append(rec.get("error") or g["file"])
        pairs.append((g, rec))
    return pairs, missing, errors


def evaluate(gold_path: str | Path, roots: Iterable[str | Path] = (),
             extract: Callable[[str], dict] | None = None, *, min_confidence: float | None = None) -> Report:
    """Score extraction on every document of a gold file.

    >>> r = evaluate("../shared/corpus/gold.jsonl", ["../shared/corpus/docs", "../shared/seeds"])  # doctest: +SKIP
    >>> r.fields["doc_number"].accuracy  # doctest: +SKIP
    1.0
    """
    pairs, missing, errors = run_gold(gold_path, roots, extract)
    return Report(score_records(pairs, min_confidence=min_confidence), len(pairs), missing, errors)


def evaluate_splits(gold_path: str | Path, roots: Iterable[str | Path] = (),
                    extract: Callable[[str], dict] | None = None, *,
                    min_confidence: float | None = None, lines: str = "combined",
                    all_fields: bool = False) -> dict[str, Report]:
    """One report per ``split`` value of the gold lines ("seen", "blind"), extracted in one pass.

    Header fields only, unless *all_fields* (then every labelled field, joint-meeting ones included).

    >>> reps = evaluate_splits("corpora/headers/silver.jsonl")  # doctest: +SKIP
    >>> sorted(reps)  # doctest: +SKIP
    ['blind', 'seen']
    """
    # all_fields: every labelled field through the whole pipeline (corpora/jointmeeting); the default
    # stays the header fields through the header pipeline (corpora/headers and its --lines modes).
    full = all_fields
    if extract is None:
        from .batch import extract_one

        extract = extract_one if full else (lambda p: header_extract(p, lines))
    pairs, missing, errors = run_gold(gold_path, roots, extract)
    out = {}
    for split in sorted({g.get("split", "all") for g, _ in pairs}, key=lambda s: (s != "seen", s)):
        sub = [(g, r) for g, r in pairs if g.get("split", "all") == split]
        out[split] = Report(score_records(sub, min_confidence=min_confidence, fields=None if full else HEADER_FIELDS),
                            len(sub), missing, errors, sub)
    return out


def _show(v: Any) -> Any:
    return sorted(v) if isinstance(v, (set, frozenset)) else v
