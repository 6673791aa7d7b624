"""The output-contract record (shared/output-contract.md): one JSON object per input file.

Keys of the contract are stable; extra keys (``outline``, ``citations``, ``quality`` …)
are additions. A field the document lacks is ``null`` (``[]`` for lists), never a guess.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from .document import Document
from .errors import PolicydocError

CONTRACT_SCALARS = ("doc_number", "issuer", "title", "doc_type", "date", "printed_by", "print_date")
CONTRACT_LISTS = ("issuers", "recipients", "cc", "attachments")
EXTRA_FIELDS = ("transmitted_title", "transmitted_type", "signers", "copy_number", "secrecy", "urgency", "covering",
                "transmitted", "primary_topics")


def to_record(doc: Document) -> dict[str, Any]:
    """The contract record of a parsed document.

    >>> from policydoc import parse_text
    >>> r = to_record(parse_text("柳北政发〔2025〕2号\\n柳州市柳北区人民政府关于印发《联席会议制度》的通知"))
    >>> r["doc_number"], r["doc_number_parts"]["serial"], r["issuer"]
    ('柳北政发〔2025〕2号', 2, '柳州市柳北区人民政府')
    >>> r["status"], r["warnings"]  # the head alone: no 成文日期 in this copy
    ('warning', ['not found in this copy: date (left null)'])
    """
    rec: dict[str, Any] = {"source": doc.source, "format": doc.format}
    warnings = doc.warnings
    rec["status"] = "warning" if warnings else "ok"
    rec["error"] = None
    rec["warnings"] = warnings
    for key in CONTRACT_SCALARS:
        rec[key] = doc.value(key)
    for key in CONTRACT_LISTS:
        rec[key] = doc.value(key) or []
    n = doc.extras.get("doc_number")
    rec["doc_number_parts"] = n.parts() if n is not None and rec["doc_number"] else None
    rec["region"] = doc.value("region")
    rec["joint_meeting"] = doc.value("joint_meeting")
    rec["topics"] = doc.value("topics") or []
    rec["spans"] = {name: f.as_span() for name, f in doc.fields.items() if f.as_span() is not None}
    if doc.meta.get("ocr"):
        rec["ocr"] = doc.meta["ocr"]
        _add_ocr_boxes(doc, rec["spans"])
    for key in EXTRA_FIELDS:
        if key in doc.fields:
            rec[key] = doc.value(key)
    if "news" in doc.fields:
        rec["news"] = doc.value("news")
    rec["outline"] = doc.outline
    rec["citations"] = doc.extras.get("citations", [])
    rec["site_metadata"] = doc.site_metadata or None
    rec["quality"] = doc.quality
    rec["fingerprint"] = fingerprint(doc)
    rec["doc_key"] = doc_key(doc)
    rec["pages"] = len(doc.pages)
    if doc.extras.get("disagreements"):
        rec["site_disagreements"] = doc.extras["disagreements"]
    return rec


#: Zones whose text is the document itself; the rest (web chrome, 版头, 署名, 版记) differs between copies.
CONTENT_ZONES = frozenset({"title", "recipients", "body", "appendix", "attachment_note"})


def _fold(text: str) -> str:
    """Letters and digits only, NFKC-folded and lower-cased: what every copy of a text shares."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN").lower()


def fingerprint(doc: Document) -> str | None:
    """Content fingerprint: the same for the PDF, DOCX, web page and text copies of one document.

    SHA-256 (first 32 hex digits) of the title, 主送, body and appended text with heading labels
    ("一、", "（二）") dropped (Word keeps them out of the text) and everything but letters and digits
    removed, so layout, punctuation width, spacing and the site's chrome do not matter.

    >>> from policydoc import parse_text
    >>> a = parse_text("柳北政发〔2025〕2号\\n柳州市柳北区人民政府关于印发《联席会议制度》的通知\\n各基层工会：\\n现印发给你们。")
    >>> b = parse_text("柳北政发[2025]2号\\n柳州市柳北区人民政府关于印发《联席会议制度》的通知\\n各基层工会:\\n现印发给你们, ")
    >>> fingerprint(a) == fingerprint(b), len(fingerprint(a))
    (True, 32)
    """
    from .lang.zh.gongwen import HEADING_LEVELS

    label = re.compile("^(?:" + "|".join(p for _, p in HEADING_LEVELS) + ")")
    parts = [label.sub("", ln.text) for ln in doc.lines if ln.zone in CONTENT_ZONES]
    folded = _fold("".join(parts)) or _fold(doc.text)
    if not folded:
        return None
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


def doc_key(doc: Document) -> str | None:
    """``发文字号|issuer`` when the document has a number: copies agree on it even after OCR noise.

    >>> from policydoc import parse_text
    >>> doc_key(parse_text("柳北政发〔2025〕2号\\n柳州市柳北区人民政府关于印发《联席会议制度》的通知"))
    '柳北政发〔2025〕2号|柳州市柳北区人民政府'
    """
    number = doc.value("doc_number")
    if not number:
        return None
    return f"{number}|{doc.value('issuer') or ''}"


def error_record(source: str, fmt: str | None, exc: BaseException) -> dict[str, Any]:
    """The record of a file that could not be read: ``status: error`` and why.

    >>> from policydoc.errors import EmptyFileError
    >>> error_record("a.pdf", "pdf", EmptyFileError("a.pdf", "the file has 0 bytes"))["error"]
    'a.pdf: empty file: the file has 0 bytes'
    """
    message = str(exc) if isinstance(exc, PolicydocError) else f"{source}: {type(exc).__name__}: {exc}"
    rec: dict[str, Any] = {"source": source, "format": fmt, "status": "error", "error": message,
                           "error_kind": getattr(exc, "kind", type(exc).__name__), "warnings": []}
    for key in CONTRACT_SCALARS:
        rec[key] = None
    for key in CONTRACT_LISTS:
        rec[key] = []
    rec.update({"doc_number_parts": None, "region": None, "joint_meeting": None, "topics": [], "spans": {}})
    return rec


def _add_ocr_boxes(doc: Document, spans: dict) -> None:
    """For a value read by OCR, its span also gets the line's box (points) and the engine's confidence."""
    from bisect import bisect_right

    lines = [ln for ln in doc.layout if ln.confidence is not None]
    starts = [ln.raw_start for ln in lines]
    for span in spans.values():
        raw = doc.raw_span(span["start"], span["end"])[0]
        k = bisect_right(starts, raw) - 1
        if k >= 0 and lines[k].raw_start <= raw < lines[k].raw_end + 1:
            ln = lines[k]
            span["box"] = [round(v, 1) for v in (ln.x0, ln.top, ln.x1, ln.bottom)]
            span["confidence"] = ln.confidence
