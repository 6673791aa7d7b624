"""Cited documents: titles in 《》 with the 发文字号 that follows them, where given.

"《国务院关于印发…的通知》（国发〔2018〕41号）" → {"title": …, "number": "国发〔2018〕41号"}.
"""
from __future__ import annotations

import re

from ..document import Document
from .doc_number import NUMBER_RE, _from_match

_CITE = re.compile(r"《(?P<title>[^《》\n]{2,150})》(?:\s*[(（](?P<num>[^()（）\n]{4,40})[)）])?")


def find_citations(doc: Document) -> list[dict]:
    """Every distinct 《title》 in the body, with its number and span.

    >>> from policydoc import parse_text
    >>> parse_text("根据《国务院关于印发个人所得税专项附加扣除暂行办法的通知》（国发〔2018〕41 号），现通知如下：").extras["citations"][0]["number"]
    '国发〔2018〕41号'
    """
    out: list[dict] = []
    seen: dict[str, dict] = {}
    for ln in doc.lines:
        if ln.zone in ("web", "title"):
            continue
        for m in _CITE.finditer(ln.text):
            title = m["title"].strip()
            number = None
            if m["num"]:
                nm = NUMBER_RE.search(m["num"])
                if nm:
                    n = _from_match(nm)
                    number = n.normalized if n else None
            if title in seen:
                if number and not seen[title]["number"]:
                    seen[title]["number"] = number
                continue
            item = {"title": title, "number": number, "start": ln.start + m.start(), "end": ln.start + m.end(),
                    "page": doc.page_at(ln.start + m.start())}
            seen[title] = item
            out.append(item)
    return out
