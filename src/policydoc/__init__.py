"""policydoc: Chinese official documents (公文) and the news about them, as structured data.

>>> import policydoc
>>> doc = policydoc.parse("柳北政发〔2025〕2号.pdf")  # doctest: +SKIP
>>> doc["doc_number"], doc.fields["doc_number"].page  # doctest: +SKIP
('柳北政发〔2025〕2号', 1)
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import PolicydocError

__all__ = ["Document", "Field", "Pipeline", "PolicydocError", "parse", "parse_text", "read", "__version__"]

#: Where each public name lives. They load on first use, so that `import policydoc` (and with
#: it `policydoc search`, which needs none of the readers and patterns) starts fast.
_LAZY = {"Document": "document", "Field": "document", "Pipeline": "pipeline", "parse": "pipeline",
         "parse_text": "pipeline", "read": "pipeline", "Index": "index"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(name)


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
