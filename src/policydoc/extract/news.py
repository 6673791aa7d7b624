"""Facts from news reports about joint meetings: placeholder until issue #4 lands."""
from __future__ import annotations

from ..document import Document
from ..pipeline import component


@component("news_facts", requires=("lines",), assigns=("news",))
def news_facts(doc: Document) -> Document:
    return doc
