"""Undo print layout in PDFs: page numbers, running headers and footers, wrapped lines.

Works on the reader's raw lines and their geometry (:class:`~policydoc.document.LayoutLine`):
a line that runs to the right margin and is followed by a line starting at the left
margin (no first-line indent) continues the same paragraph, whatever its last character.
"""
from __future__ import annotations

import re
from collections import Counter
from statistics import median

from ..document import PAGE_FORMATS, Document, LayoutLine
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
    if doc.format not in PAGE_FORMATS or not doc.layout or mt.text != doc.raw_text:
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


_TERMINAL = "。！？；：!?;:"
_DASH_PAGE = re.compile(r"^\s*(?:[—－\-–―]{1,3}\s*\d{1,4}\s*[—－\-–―]{1,3}|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?)\s*$")


def _width(s: str) -> float:
    """Display width in CJK cells: Latin letters, digits and spaces are half a cell."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in s)


def wrap_width(lines: list[str]) -> float | None:
    """The width at which a text was hard-wrapped (text copied out of a PDF), or ``None``.

    >>> wrap_width(["各省、自治区、直辖市、新疆生产建设兵团社会信用体系建设牵头"] * 6 + ["一、总体要求"])
    29.0
    """
    kept = [ln.strip() for ln in lines if _width(ln.strip()) >= 10]
    widths = [round(_width(t)) for t in kept]
    if len(widths) < 5:
        return None
    from collections import Counter

    counts = Counter(widths)
    mode, _ = max(counts.items(), key=lambda kv: (kv[1] + counts.get(kv[0] - 1, 0) + counts.get(kv[0] + 1, 0), kv[0]))
    near = [t for t, w in zip(kept, widths) if abs(w - mode) <= 1.5]
    if mode < 16 or len(near) < 0.3 * len(widths) or len(near) < 5:
        return None
    # text wrapped at a width has (almost) no line much wider than it
    if sum(1 for w in widths if w > mode + 3) > 0.1 * len(widths):
        return None
    # wrapped lines break mid-sentence; paragraphs that happen to share a length end with 。
    open_ended = sum(1 for t in near if t[-1] not in _TERMINAL)
    if open_ended < 0.6 * len(near):
        return None
    return float(mode)


def unwrap_text(mt: MappedText, doc: Document) -> MappedText:
    """Text copied out of a PDF (pdftotext, copy-paste): drop page numbers, rejoin wrapped lines.

    A line as wide as the wrap width that does not end with 。！？；： continues on the next,
    unless the next line opens a heading ("一、", "（二）", "第三条").
    """
    if doc is None or doc.format != "txt":
        return mt
    mt = mt.sub("\f", "\n")  # a form feed is a page break
    spans = mt.lines()
    texts = [mt.text[s:e] for s, e in spans]
    width = wrap_width(texts)
    if width is None:
        return mt
    from ..structure.outline import heading_of

    ranges: list[tuple[int, int]] = []
    joiners: list[str] = []
    dropped = 0
    para_start = True  # the first line of a paragraph is short by its two-character indent
    for k, ((s, e), t) in enumerate(zip(spans, texts)):
        if _DASH_PAGE.match(t) or not t.strip():  # page numbers and the blank lines around page breaks
            dropped += 1 if t.strip() else 0
            continue
        if ranges:
            prev = mt.text[ranges[-1][0]:ranges[-1][1]].rstrip()
            need = width - (3.5 if para_start else 1.5)
            full = _width(prev.strip()) >= need
            cont = bool(full and prev and prev[-1] not in _TERMINAL and heading_of(t.strip()) is None)
            joiners.append("" if cont else "\n")
            para_start = not cont
        ranges.append((s, e))
    joiners.append("")
    doc.meta["hard_wrapped_at"] = width
    if dropped:
        doc.meta["furniture_lines_removed"] = dropped
    return mt.keep(ranges, joiners)
