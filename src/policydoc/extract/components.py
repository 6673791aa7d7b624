"""Pipeline components of the extractors (registered on import by policydoc.pipeline)."""
from __future__ import annotations

from ..document import Document
from ..pipeline import component
from .citations import find_citations
from .header import extract_header_fields
from .region import resolve as resolve_region


@component("header_fields", requires=("lines",), assigns=("doc_number", "issuer", "title", "date"))
def header_fields(doc: Document) -> Document:
    from .calibration import calibrate
    from .line_fields import apply_model_if_available

    extract_header_fields(doc)
    apply_model_if_available(doc)  # the line labeller fills what the rules missed ([crf] extra)
    return calibrate(doc)


@component("citations", requires=("lines",), assigns=("citations",))
def citations(doc: Document) -> Document:
    doc.extras["citations"] = find_citations(doc)
    return doc


@component("region", requires=("issuer",), assigns=("region",))
def region(doc: Document) -> Document:
    issuers = doc.value("issuers") or []
    f = doc.fields.get("issuer")
    for name in issuers:
        r = resolve_region(name, doc.text)
        if r:
            doc.set_field("region", r, f.start if f else None, f.end if f else None,
                          confidence=0.9 if r.get("code") or r.get("level") == "national" else 0.5,
                          rule=f"division_table:{name}")
            break
    return doc


from . import header_check, joint_meeting, news  # noqa: E402,F401  (register their components)
