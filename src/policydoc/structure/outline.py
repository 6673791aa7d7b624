"""The outline: 一、 / （一） / 1. / （1） and 第X章 / 第X节 / 第X条, as a tree with spans.

Levels come from the table ``HEADING_LEVELS`` in :mod:`policydoc.lang.zh.gongwen`; the
nesting follows the order in which levels first appear, since documents skip levels.
"""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh.gongwen import HEADING_LEVELS

_LEVEL_RES = [(name, re.compile(rf"^\s*(?P<label>{rx})\s*")) for name, rx in HEADING_LEVELS]
_FIRST_SENTENCE = re.compile(r"^(.{1,60}?)(?:[。；;：:]|$)")


def heading_of(line: str) -> tuple[str, str] | None:
    """``(level, label)`` if *line* opens with a heading numeral.

    >>> heading_of("（一）全面实施个人所得税申报信用承诺制")
    ('h2', '（一）')
    >>> heading_of("第十二条 本办法自印发之日起施行。")
    ('article', '第十二条')
    >>> heading_of("2019年1月1日起全面施行") is None
    True
    """
    for name, rx in _LEVEL_RES:
        m = rx.match(line)
        if m:
            return name, m.group("label")
    return None


def build_outline(doc: Document, zones: tuple[str, ...] = ("body", "appendix")) -> list[dict]:
    """Nested headings of the body and appendix, each with its span and page.

    >>> from policydoc import parse_text
    >>> [h["label"] for h in parse_text("一、总体要求\\n（一）基本原则\\n二、主要任务").outline]
    ['一、', '二、']
    """
    order: list[str] = []
    root: list[dict] = []
    stack: list[tuple[int, dict]] = []
    for ln in doc.lines:
        if ln.zone not in zones:
            continue
        h = heading_of(ln.text)
        if not h:
            continue
        level, label = h
        rest = ln.text.strip()[len(label):].strip()
        m = _FIRST_SENTENCE.match(rest)
        title = (m.group(1) if m else rest[:60]).strip()
        if level not in order:
            order.append(level)
        depth = order.index(level)
        node = {"level": level, "label": label, "title": title, "start": ln.start, "end": ln.end,
                "page": doc.page_at(ln.start), "zone": ln.zone, "children": []}
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1]["children"] if stack else root).append(node)
        stack.append((depth, node))
    return root
