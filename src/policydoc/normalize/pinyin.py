"""Remove pinyin annotations that scrapers leave after characters: "中國(guó)共產(chǎn)黨" → "中國共產黨".

An annotation is a parenthesised pinyin syllable right after a Han character (some scrapers
double it: "直(zhi)(zhi)辖市"). "市(地)" and "(试行)" are Han inside parentheses and stay.
Toneless syllables ("的(de)") are removed only when the text is evidently annotated: it shows
tone-marked annotations, or at least five toneless ones spelling three different syllables with
an initial (copies that lost their tone marks: "总(zong)工会(hui)"), so an abbreviation like
"(a)" in an ordinary document survives. A lost character followed by its orphaned annotation ("日?qǐng)")
becomes U+FFFD, so the damage stays visible and countable.
"""
from __future__ import annotations

import re
import unicodedata

from ..document import Document
from ..lang.zh.noise import PINYIN_FINALS, PINYIN_INITIALS, TONE_MARKS
from ..mapped import MappedText

_SYLLABLES = frozenset(i + f for i in PINYIN_INITIALS for f in PINYIN_FINALS)
_LATIN = "a-zA-Z" + TONE_MARKS + "üÜ"
_ONE = rf"[(（]([{_LATIN}]{{1,6}})[)）]"
_ANNOT = re.compile(rf"(?<=[\u4e00-\u9fff\u3400-\u4dbf\ue000-\uf8ff\ufffd?？])((?:{_ONE})+)")
_SYL_IN = re.compile(_ONE)
_ORPHAN = re.compile(rf"[?？\ufffd]([{_LATIN}]{{1,6}})[)）]")


def _bare(s: str) -> str:
    s = unicodedata.normalize("NFD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("ü", "v")


def is_syllable(s: str) -> bool:
    """``True`` for a pinyin syllable with or without tone marks.

    >>> is_syllable("guó"), is_syllable("huì"), is_syllable("de"), is_syllable("abc")
    (True, True, True, False)
    """
    b = _bare(s)
    return b in _SYLLABLES or (b.endswith("r") and b[:-1] in _SYLLABLES)


def _toned(s: str) -> bool:
    return any(c in TONE_MARKS for c in s)


def strip_annotations(mt: MappedText, doc: Document | None) -> MappedText:
    """Drop pinyin annotations; count them in ``doc.quality['pinyin_annotations']``.

    >>> strip_annotations(MappedText("中國(guó)共產(chǎn)黨的(de)市(地)(试行)"), None).text
    '中國共產黨的(de)市(地)(试行)'
    """
    syls = [s for m in _ANNOT.finditer(mt.text) for s in _SYL_IN.findall(m.group(1)) if is_syllable(s)]
    toned = sum(1 for s in syls if _toned(s))
    # Toneless copies: many annotations over several distinct syllables that start with an initial.
    toneless_copy = len(syls) >= 5 and len({_bare(s) for s in syls if _bare(s)[0] not in "aeo"}) >= 3
    if not toned and not toneless_copy:
        return mt
    dense = toned >= 3 or toneless_copy
    count = 0

    def annot(m: re.Match) -> str:
        nonlocal count
        group = _SYL_IN.findall(m.group(1))
        if all(is_syllable(s) and (_toned(s) or dense) for s in group):
            count += len(group)
            return ""
        return m.group(0)

    def orphan(m: re.Match) -> str:
        nonlocal count
        if is_syllable(m.group(1)) and (_toned(m.group(1)) or dense):
            count += 1
            return "\ufffd"
        return m.group(0)

    mt = mt.sub(_ORPHAN, orphan)
    mt = mt.sub(_ANNOT, annot)
    if doc is not None and count:
        doc.quality["pinyin_annotations"] = count
        doc.warn("pinyin_annotations", f"{count} pinyin annotations removed")
    return mt
