"""Undo print layout in PDFs: page numbers, running headers and footers, wrapped lines.

Works on the reader's raw lines and their geometry (:class:`~policydoc.document.LayoutLine`):
a line that runs to the right margin and is followed by a line starting at the left
margin (no first-line indent) continues the same paragraph, whatever its last character.
"""
from __future__ import annotations

import re
from collections import Counter
from statistics import median

from ..document import Document, LayoutLine
from ..lang.zh.noise import PAGE_NUMBER_PATTERNS
from ..mapped import MappedText

PAGE_NUMBER_RE = re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in PAGE_NUMBER_PATTERNS) + r")\s*$")
_DIGITS = re.compile(r"\d+")


def _page_edges(layout: list[LayoutLine]) -> dict[int, list[int]]:
    """Index of the layout lines that are first or last on their page (up to 2 each side)."""
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(layout):
        by_page.setdefault(ln.page, []).append(i)
    return by_page


def find_furniture(doc: Document) -> set[int]:
    """Layout-line indexes that are page numbers or running headers/footers."""
    layout = doc.layout
    text = doc.raw_text
    by_page = _page_edges(layout)
    drop: set[int] = set()
    edge_texts: Counter = Counter()
    for page, idx in by_page.items():
        edges = idx[:2] + idx[-2:]
        for i in edges:
            ln = layout[i]
            s = text[ln.raw_start:ln.raw_end]
            if PAGE_NUMBER_RE.match(s) and (i in idx[-2:] or i in idx[:1]):
                drop.add(i)
        for i in set(idx[:1] + idx[-1:]):
            ln = layout[i]
            edge_texts[_DIGITS.sub("#", text[ln.raw_start:ln.raw_end]).strip()] += 1
    pages = len(by_page)
    if pages >= 3:
        repeated = {t for t, n in edge_texts.items() if n >= max(3, pages * 0.5) and len(t) > 1}
        for page, idx in by_page.items():
            for i in set(idx[:1] + idx[-1:]):
                ln = layout[i]
                if _DIGITS.sub("#", text[ln.raw_start:ln.raw_end]).strip() in repeated:
                    drop.add(i)
    return drop


def unwrap_pdf(mt: MappedText, doc: Document) -> MappedText:
    """Drop page furniture and join visually wrapped lines (PDF only)."""
    if doc.format != "pdf" or not doc.layout or mt.text != doc.raw_text:
        return mt
    layout = doc.layout
    drop = find_furniture(doc)
    body = [ln for i, ln in enumerate(layout) if i not in drop]
    if not body:
        return mt
    body_size = median(ln.size for ln in body)
    margins: dict[int, tuple[float, float]] = {}
    for page in {ln.page for ln in body}:
        lines = [ln for ln in body if ln.page == page and abs(ln.size - body_size) <= 1.0]
        if lines:
            margins[page] = (min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))
    # a page whose lines are all indented (name list) would take the indent as its margin: borrow a full page's
    block = max((r - l for l, r in margins.values()), default=0.0)
    full = [m for m in margins.values() if m[1] - m[0] >= block - body_size]
    for page, (left, right) in margins.items():
        lefts = [fl for fl, fr in full if abs(fr - right) <= 0.5 * body_size and fl < left]
        if lefts:
            margins[page] = (min(lefts), right)
    ranges: list[tuple[int, int]] = []
    joiners: list[str] = []
    prev: LayoutLine | None = None
    for i, ln in enumerate(layout):
        if i in drop:
            continue
        if prev is not None:
            joiners.append("" if _continues(prev, ln, margins, body_size) else "\n")
        ranges.append((ln.raw_start, ln.raw_end))
        prev = ln
    joiners.append("")
    if drop:
        doc.meta["furniture_lines_removed"] = len(drop)
    return mt.keep(ranges, joiners)


def _continues(a: LayoutLine, b: LayoutLine, margins: dict, size: float) -> bool:
    if abs(a.size - size) > 1.0 or abs(b.size - size) > 1.0 or a.red or b.red:
        return False
    ma, mb = margins.get(a.page), margins.get(b.page)
    if not ma or not mb:
        return False
    full = a.x1 >= ma[1] - 1.5 * size and a.x0 <= ma[0] + 2.5 * size
    flush = b.x0 <= mb[0] + 0.6 * size
    return full and flush
