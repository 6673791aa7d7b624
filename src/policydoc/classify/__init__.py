"""Topic classification by the taxonomy in ``data/taxonomy.yaml``."""
from __future__ import annotations

from ..document import Document
from ..pipeline import component


@component("topics", requires=("lines",), assigns=("topics",))
def topics(doc: Document) -> Document:
    return doc
