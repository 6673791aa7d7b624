"""Remove what a website wrapped around a document: chrome lines, inline metadata, link spam.

Saved pages carry the site's metadata block as text lines ("索  引  号:" then its value).
Those lines are parsed into ``doc.site_metadata`` (evidence, never the answer) and removed
from the text. Trailing lists of place names that spam sites append ("扶风县| 孝感市| …")
are removed too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..document import PAGE_FORMATS, WORD_FORMATS, Document
from ..lang.zh.noise import CHROME_LINE_PATTERNS, PLACE_SUFFIXES, SITE_METADATA_LINE_LABELS
from ..mapped import MappedText

CHROME_RE = re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in CHROME_LINE_PATTERNS) + r")\s*$")
_LABELS = sorted(SITE_METADATA_LINE_LABELS, key=len, reverse=True)
_LABEL_RE = re.compile(r"^\s*(" + "|".join(r"\s*".join(map(re.escape, lab)) for lab in _LABELS)
                       + r")\s*[:：]\s*(.*?)\s*$")
_SPAM_SPLIT = re.compile(r"\s*[|｜]\s*")
# A line of several "label: value" pairs ("索引号: … 组配分类: …", "作者:… 时间:… 浏览:…").
_PAIR_RE = re.compile(r"(?:^|\s|[【\[])(" + "|".join(r"\s*".join(map(re.escape, lab)) for lab in _LABELS)
                      + r")\s*[】\]]?\s*[:：]?\s*")


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    from ..lang.zh import data_text

    names = set()
    for line in data_text("regions.tsv").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 2:
            names.add(parts[1])
    return frozenset(names)


def is_spam_list(line: str) -> bool:
    """A line that is mostly a "|"-separated list of place names.

    >>> is_spam_list("扶风县| 孝感市| 梅河口市| 古丈县| 纳雍县| 棋牌| 治多县| 巴彦淖尔市|")
    True
    >>> is_spam_list("区长、相关副区长和区总工会班子成员出席会议。")
    False
    """
    items = [t for t in _SPAM_SPLIT.split(line.strip()) if t]
    if len(items) < 6 or line.count("|") + line.count("｜") < 5:
        return False
    places = _place_names()
    hits = sum(1 for t in items if len(t) <= 10 and (t in places or t.endswith(PLACE_SUFFIXES)))
    return hits >= 0.6 * len(items)


def _pairs_cover(t: str, pairs: list) -> bool:
    """The pairs start the line and have colons: a metadata line, not a sentence naming 来源 or 时间."""
    return t.strip().startswith(t[pairs[0].start():pairs[0].end()].strip()[:2]) and \
        sum(1 for p in pairs if re.search(r"[:：】]", t[p.start(1):p.end() + 1])) >= 2


def is_chrome(line: str) -> bool:
    """A whole line of website chrome ("网站支持IPv6", "主办单位:…", "(责编:…)").

    >>> is_chrome("主办单位:柳州市柳北区人民政府办公室"), is_chrome("各基层工会、区机关各委办局:")
    (True, False)
    """
    return bool(CHROME_RE.match(line))


def strip(mt: MappedText, doc: Document) -> MappedText:
    """Drop chrome, inline site metadata and spam lines (not for PDF/DOCX, which have none)."""
    if doc is not None and doc.format in PAGE_FORMATS | WORD_FORMATS:
        return mt
    lines = mt.lines()
    texts = [mt.text[s:e] for s, e in lines]
    drop = set()
    meta: dict[str, str] = {}
    k = 0
    while k < len(texts):
        t = texts[k]
        m = _LABEL_RE.match(t)
        pairs = list(_PAIR_RE.finditer(t)) if len(t) <= 300 else []
        if len(pairs) >= 2 and all(t[p.end():p.end() + 1] != "" for p in pairs[:1]) and _pairs_cover(t, pairs):
            drop.add(k)
            for a, b in zip(pairs, pairs[1:] + [None]):
                key = SITE_METADATA_LINE_LABELS[re.sub(r"\s", "", a.group(1))]
                value = t[a.end(): b.start() if b else len(t)].strip()
                if value:
                    meta.setdefault(key, value)
        elif m and len(t.strip()) <= 80:
            key = SITE_METADATA_LINE_LABELS[re.sub(r"\s", "", m.group(1))]
            value = m.group(2)
            drop.add(k)
            # value on the next line when the label stands alone
            nxt = texts[k + 1] if k + 1 < len(texts) else ""
            if not value and nxt.strip() and not _LABEL_RE.match(nxt) and not is_chrome(nxt) and len(nxt.strip()) <= 200:
                value = texts[k + 1].strip()
                if value:
                    drop.add(k + 1)
                    k += 1
            if value:
                meta.setdefault(key, value)
        elif is_chrome(t) or is_spam_list(t):
            drop.add(k)
        k += 1
    # a metadata block needs at least 3 labels; a lone "标题:" line in a body is not one
    label_lines = [i for i in drop if _LABEL_RE.match(texts[i])]
    multi = [i for i in drop if len(_PAIR_RE.findall(texts[i])) >= 2]
    if len(label_lines) + 3 * len(multi) < 3:
        for i in label_lines:
            drop.discard(i)
            if i + 1 in drop and not (is_chrome(texts[i + 1]) or is_spam_list(texts[i + 1])):
                drop.discard(i + 1)
        meta = {}
    if doc is not None:
        for key, value in meta.items():
            doc.site_metadata.setdefault(key, value)
        if drop:
            doc.meta["boilerplate_lines_removed"] = len(drop)
    return mt.drop_lines(lambda i, _t: i in drop) if drop else mt
