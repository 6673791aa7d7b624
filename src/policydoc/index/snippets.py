"""Snippets: the piece of a document's text shown under a hit, query words marked.

Snippets are cut from the stored original text around the window with the most query words,
not by FTS5's ``snippet()``: that returns the indexed column, here the token stream
("劳动 动模 模范 劳动模范 …") — and a contentless table has none to return.
"""
from __future__ import annotations

import re
from typing import Sequence

from . import config


def make_snippet(text: str, terms: Sequence[str], markers: tuple[str, str] = config.DEFAULT_MARKERS,
                 width: int = config.SNIPPET_CHARS) -> str | None:
    """The window of *text* with the most distinct *terms*, each occurrence marked.

    >>> make_snippet("一、联席会议目标\\n围绕区委和区政府的中心工作，加强政府与工会的联系", ["工会", "政府"], width=20)
    '…区委和区【政府】的中心工作，加强【政府】与【工会】的…'
    """
    if not text:
        return None
    terms = [t for t in terms if t]
    matches: list[tuple[int, int, str]] = []
    if terms:
        pat = re.compile("|".join(map(re.escape, sorted(set(terms), key=len, reverse=True))), re.IGNORECASE)
        for m in pat.finditer(text):
            matches.append((m.start(), m.end(), m.group().lower()))
            if len(matches) >= 5000:
                break
    if not matches:
        piece, begin, end = text[:width], 0, min(width, len(text))
        out = piece
    else:
        best, best_key, j = 0, (-1, -1), 0
        counts: dict[str, int] = {}
        for i, (s, _e, t) in enumerate(matches):  # two pointers: matches starting in [s, s + width)
            while j < len(matches) and matches[j][0] < s + width:
                counts[matches[j][2]] = counts.get(matches[j][2], 0) + 1
                j += 1
            key = (len(counts), j - i)
            if key > best_key:
                best, best_key = i, key
            counts[t] -= 1
            if not counts[t]:
                del counts[t]
        s0 = matches[best][0]
        begin = max(0, s0 - width // 5)
        end = min(len(text), begin + width)
        begin = max(0, min(begin, end - width))
        parts, pos = [], begin
        for s, e, _t in matches:
            if s < pos or s >= end:
                continue
            e = min(e, end)
            parts += [text[pos:s], markers[0], text[s:e], markers[1]]
            pos = e
        parts.append(text[pos:end])
        out = "".join(parts)
    out = re.sub(r"\s+", " ", out).strip()
    return ("…" if begin > 0 else "") + out + ("…" if end < len(text) else "")


def hit_snippet(text: str, title: str | None, highlight: Sequence[str], markers: tuple[str, str],
                width: int) -> str | None:
    """The snippet of one hit: from the body when a highlight word is in it, else from the title.

    >>> hit_snippet("各区总工会：现将通知印发给你们", "关于劳动模范待遇的通知", ["劳动模范"], ("[", "]"), 40)
    '关于[劳动模范]待遇的通知'
    """
    if highlight:
        body_has = text and re.search("|".join(map(re.escape, highlight)), text, re.IGNORECASE)
        return make_snippet(text if body_has or not title else title, highlight, markers, width)
    if text:
        return make_snippet(text, [], markers, width)
    return None
