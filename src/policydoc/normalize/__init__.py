"""Normalisation: raw reader text → clean text, every step keeping the map back to raw.

Steps run in this order (first the layout, then characters, then lines):

=================  ==================================================================
``line_ends``      Windows and old-Mac line ends (\r\n, \r) → \n
``unwrap_pdf``     page numbers, running headers/footers, wrapped lines (PDF geometry)
``unwrap_text``    the same for text copied out of a PDF (hard-wrapped at a fixed width)
``clean``          invisible characters, ``(cid:NN)``, odd spaces, full-width ASCII
``strip_pinyin``   pinyin annotations after characters ("中國(guó)" → "中國")
``simplify``       traditional → simplified (OpenCC)
``reflow``         line breaks restored in a notice run together on one line
``strip``          website chrome, inline site metadata, place-name spam
``tidy``           layout gaps inside Chinese text, trimmed lines, no blank lines
``assess``         mojibake and lost-character counts (measures only)
=================  ==================================================================
"""
from __future__ import annotations

from typing import Callable

from ..document import Document
from ..mapped import MappedText
from ..pipeline import component
from . import boilerplate, chars, layout, mojibake, pinyin, reflow, script, spacing

Step = Callable[[MappedText, Document], MappedText]

STEPS: list[tuple[str, Step]] = [
    ("line_ends", chars.line_ends),
    ("unwrap_pdf", layout.unwrap_pdf),
    ("unwrap_text", layout.unwrap_text),
    ("clean", chars.clean),
    ("strip_pinyin", pinyin.strip_annotations),
    ("simplify", script.simplify),
    ("reflow", reflow.restore_breaks),
    ("strip", boilerplate.strip),
    ("tidy", spacing.tidy),
    ("assess", mojibake.assess),
]


@component("normalize", requires=("raw_text",), assigns=("text",))
def _normalize_component(doc: Document) -> Document:
    return normalize(doc)


def normalize(doc: Document, steps: list[tuple[str, Step]] | None = None) -> Document:
    """Fill ``doc.mapped`` with the normalised text and its map to ``doc.raw_text``.

    >>> from policydoc.document import Document
    >>> d = normalize(Document(source="-", format="txt", raw_text="中國(guó)工會(huì)  \\n\\n2025 年 2 月"))
    >>> d.text
    '中国工会\\n2025年2月'
    """
    mt = MappedText(doc.raw_text)
    for _name, step in steps or STEPS:
        mt = step(mt, doc)
    doc.mapped = mt
    return doc


def normalize_text(text: str) -> str:
    """Normalise a bare string (no file): handy for queries and tests.

    >>> normalize_text("黑龍江(jiāng)省總工會(huì)")
    '黑龙江省总工会'
    """
    return normalize(Document(source="<text>", format="txt", raw_text=text)).text
