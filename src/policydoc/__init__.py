"""policydoc: Chinese official documents (公文) and the news about them, as structured data.

>>> import policydoc
>>> doc = policydoc.parse("柳北政发〔2025〕2号.pdf")  # doctest: +SKIP
>>> doc["doc_number"], doc.fields["doc_number"].page  # doctest: +SKIP
('柳北政发〔2025〕2号', 1)
"""
from __future__ import annotations

__version__ = "0.1.0"

from .document import Document, Field
from .errors import PolicydocError
from .pipeline import Pipeline, parse, parse_text, read

__all__ = ["Document", "Field", "Pipeline", "PolicydocError", "parse", "parse_text", "read", "__version__"]


def __getattr__(name: str):
    # Heavier parts load on first use, so `import policydoc` stays fast.
    if name == "Index":
        from .index import Index

        return Index
    raise AttributeError(name)
