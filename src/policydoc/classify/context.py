"""Section context for topic classification: the heading a sentence stands under.

A sentence such as "用人单位应当按时足额支付" says little by itself; under "第三章 工资支付" or
"一、保障新就业形态劳动者权益" its topic is plain. The model is trained and applied on
``"<heading title>：<sentence>"``, so the corpus builder and the document classifier must find
headings the same way: both call :func:`section_title`.
"""
from __future__ import annotations

import re

from ..structure.outline import heading_of

#: Outline levels that open a section (articles and lower levels are content, not context).
SECTION_LEVELS = ("chapter", "section", "h1")
#: A heading line is short and has no full stop; longer "一、…。" lines are paragraphs.
MAX_TITLE = 30
_SPACE = re.compile(r"\s+")


def section_title(line: str) -> str | None:
    """The title of a section heading line, without its numeral; ``None`` for other lines.

    >>> section_title("第三章  工资支付")
    '工资支付'
    >>> section_title("一、切实保障新就业形态劳动者权益")
    '切实保障新就业形态劳动者权益'
    >>> section_title("一、各级工会要主动参与。") is None
    True
    """
    line = line.strip().lstrip("#").strip()
    h = heading_of(line)
    if not h or h[0] not in SECTION_LEVELS:
        return None
    title = line[len(h[1]):].strip().strip("　").strip()
    if not 2 <= len(title) <= MAX_TITLE or "。" in title or title.endswith(("：", ":")):
        return None
    return title


def with_context(text: str, title: str | None) -> str:
    """The string the topic model reads for a sentence under a heading.

    >>> with_context("用人单位应当按时足额支付。", "工资支付")
    '工资支付：用人单位应当按时足额支付。'
    >>> with_context("本条例自2008年1月1日起施行。", "附　则")
    '附则：本条例自2008年1月1日起施行。'
    """
    # spacing inside a heading ("总　则", "总 则") is layout, not wording
    return f"{_SPACE.sub('', title)}：{text}" if title else text
