"""Snippets: the piece of a document's text shown under a hit, query words marked.

Snippets are cut from the stored original text around the window with the most query words,
not by FTS5's ``snippet()``: that returns the indexed column, here the token stream
("劳动 动模 模范 劳动模范 …") — and a contentless table has none to return.

Bounded: a back end hands over at most :data:`~policydoc.index.config.SNIPPET_SCAN_CHARS`
characters of the text (the start, where a 公文 states its purpose), and words are found with
``str.find`` on a lower-cased copy instead of one case-insensitive regex over the whole text:
at 10,000 documents snippets were a third of a search's time.
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
    >>> make_snippet("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉会议", ["会议", "甲乙"], width=21)
    '【甲乙】丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉【会议】'
    """
    if not text:
        return None
    matches = find_terms(text, terms, cap=500)  # a window of *width* never needs more
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
            end = max(end, e)  # a term the window would cut is shown whole, not as 【工】…
            parts += [text[pos:s], markers[0], text[s:e], markers[1]]
            pos = e
        parts.append(text[pos:end])
        out = "".join(parts)
    out = re.sub(r"\s+", " ", out).strip()
    return ("…" if begin > 0 else "") + out + ("…" if end < len(text) else "")


def find_terms(text: str, terms: Sequence[str], cap: int = 5000) -> list[tuple[int, int, str]]:
    """Leftmost, longest, non-overlapping case-insensitive occurrences of *terms*: ``(start, end, term)``.

    What ``re.finditer`` over an alternation of the terms (longest first, IGNORECASE) finds, by
    ``str.find`` per term (several times faster on Chinese text).

    >>> find_terms("劳动模范和劳模，ABC劳模", ["劳模", "劳动模范", "abc"])
    [(0, 4, '劳动模范'), (5, 7, '劳模'), (8, 11, 'abc'), (11, 13, '劳模')]
    """
    terms = sorted({t.lower() for t in terms if t}, key=len, reverse=True)
    if not terms:
        return []
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer (İ): offsets would shift
        pat = re.compile("|".join(map(re.escape, terms)), re.IGNORECASE)
        return [(m.start(), m.end(), m.group().lower()) for _, m in zip(range(cap), pat.finditer(text))]
    found: list[tuple[int, int, str]] = []
    for rank, t in enumerate(terms):
        i, n = low.find(t), 0
        while i >= 0 and n < cap:
            found.append((i, rank, t))
            n += 1
            i = low.find(t, i + 1)
    found.sort()  # by start, then the longer term first (lower rank), as the alternation tries them
    out: list[tuple[int, int, str]] = []
    end = 0
    for start, _rank, t in found:
        if start >= end:
            out.append((start, start + len(t), t))
            end = start + len(t)
            if len(out) >= cap:
                break
    return out


def hit_snippet(text: str, title: str | None, highlight: Sequence[str], markers: tuple[str, str],
                width: int) -> str | None:
    """The snippet of one hit: from the body when a highlight word is in it, else from the title.

    >>> hit_snippet("各区总工会：现将通知印发给你们", "关于劳动模范待遇的通知", ["劳动模范"], ("[", "]"), 40)
    '关于[劳动模范]待遇的通知'
    """
    if highlight:
        low = text.lower() if text else ""
        body_has = any(h.lower() in low for h in highlight if h)
        return make_snippet(text if body_has or not title else title, highlight, markers, width)
    if text:
        return make_snippet(text, [], markers, width)
    return None
