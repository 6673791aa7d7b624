"""Structure: lines, zones (版头/主体/版记) and the outline of a normalised document."""
from __future__ import annotations

from ..document import Document
from ..pipeline import component
from .outline import build_outline, heading_of
from .zones import find_anchors, label_lines


@component("structure", requires=("text",), assigns=("lines", "zones"))
def structure(doc: Document) -> Document:
    return label_lines(doc)


@component("outline", requires=("lines",), assigns=("outline",))
def outline(doc: Document) -> Document:
    doc.outline = build_outline(doc)
    return doc


__all__ = ["build_outline", "find_anchors", "heading_of", "label_lines"]
