"""Measure damage that cannot be undone: mojibake, lost characters, unmapped glyphs.

Nothing is rewritten here; the counts go to ``doc.quality`` and a warning, so a user can
sort a batch by how trustworthy each text is. Signals: U+FFFD, private-use characters,
"?" standing for a lost Chinese character, and runs of rare characters that GBK/UTF-8
confusion produces ("焙邶埥偣").
"""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh import HAN_RE, common_chars
from ..mapped import MappedText

_PUA = re.compile("[\ue000-\uf8ff]")
_QMARK = re.compile(r"(?<=[\u4e00-\u9fff])\?+|\?+(?=[\u4e00-\u9fff])|\?{3,}")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+")


def rare_runs(text: str, window: int = 5, need: int = 3) -> list[tuple[int, int]]:
    """Spans where at least *need* of *window* consecutive Han characters are rare.

    >>> rare_runs("先后出台!焙邶埥】偣基层建设")
    [(5, 8)]
    """
    common = common_chars()
    out: list[tuple[int, int]] = []
    han = [(i, ch) for i, ch in enumerate(text) if "\u3400" <= ch <= "\u9fff"]
    flags = [ch not in common for _, ch in han]
    k = 0
    while k + window <= len(han):
        if sum(flags[k:k + window]) >= need:
            first = next(j for j in range(k, k + window) if flags[j])
            last = max(j for j in range(k, k + window) if flags[j])
            s, e = han[first][0], han[last][0] + 1
            if out and s <= out[-1][1] + 2:
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
            k = last + 1
        else:
            k += 1
    return out


def assess(mt: MappedText, doc: Document | None) -> MappedText:
    text = mt.text
    han = len(HAN_RE.findall(text)) or 1
    fffd = text.count("\ufffd")
    pua = len(_PUA.findall(text))
    qmarks = sum(len(m.group(0)) for m in _QMARK.finditer(text))
    runs = rare_runs(text)
    rare = sum(e - s for s, e in runs)
    bad = fffd + pua + qmarks + rare
    score = round(bad / han, 4)
    if doc is not None:
        doc.quality.update({"mojibake_chars": bad, "mojibake_ratio": score})
        if runs:
            doc.quality["mojibake_spans"] = [list(r) for r in runs[:20]]
        if bad:
            doc.warn("mojibake", f"{bad} damaged characters (U+FFFD {fffd}, private-use {pua}, "
                                 f"'?' {qmarks}, garbled runs {rare}); ratio {score:.2%}")
    return mt
