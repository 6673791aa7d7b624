"""Facts from news reports about joint meetings: region, date, agenda items, rates, money, counts.

News has no 发文字号 or 主送; what users want from it is where and when something happened
and the figures reported ("召开率从79.9%上升为100%", "每年支持3000万元", "提出…等5个议题").
Every fact keeps its span in the normalised text.
"""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh.news import NEWS_MARKS
from ..pipeline import component
from .dates import cn_int, find_dates
from .region import chain, table

_DATELINE = re.compile(r"^(?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\s*\d{1,2}:\d{2}")
_AGENDA = re.compile(r"提出(?:了)?(?P<items>[^。；]{4,300}?)等(?P<n>\d+|[一二三四五六七八九十]{1,3})(?:个|项)(?:议题|事项|建议)")
_RATE = re.compile(r"(?P<what>[\u4e00-\u9fff]{1,8}率)(?:从|由)?(?P<from>\d+(?:\.\d+)?%)?(?:上升|提高|提升|增长|增加)?"
                   r"(?:为|到|至|达到|达)(?P<to>\d+(?:\.\d+)?%)")
_MONEY = re.compile(r"(?P<ctx>(?:每年|累计|共|年均)?(?:支持|投入|安排|拨付|补助|下拨|筹集|发放|争取|落实)[\u4e00-\u9fff]{0,6}?)"
                    r"(?P<amount>\d+(?:\.\d+)?)(?P<unit>万元|亿元|元)")
_COUNT = re.compile(r"(?P<n>\d+)(?P<unit>个|家|项|名)(?P<what>[\u4e00-\u9fff]{1,8}?(?:[(（][^)）]{1,10}[)）])?)(?=[，,。；、]|参加|联席|$)")
_SPLIT_ITEMS = re.compile(r"、(?![^（(]*[)）])")
_NEWS_MARK = re.compile("|".join(f"(?:{p})" for p in NEWS_MARKS))
#: How many lines at the top are searched for a news mark (site menu, kicker, headline, byline, dateline).
HEAD_LINES = 15


def news_mark(doc: Document) -> str | None:
    """The first news mark (source paper, dateline, byline) in the first lines, or ``None``.

    >>> from policydoc import parse_text
    >>> news_mark(parse_text("黑龙江日报6月1日讯 5月22日，黑龙江省总工会召开改革工作动员部署大会。"))
    '黑龙江日报6月1日讯'
    >>> news_mark(parse_text("安徽省集体合同条例\\n来源：安徽省人民政府\\n第一条 为了规范集体协商…")) is None
    True
    """
    if "news_mark" not in doc.extras:  # read once: the news stage and the header check both ask
        marks = (_NEWS_MARK.search(ln.text) for ln in doc.lines[:HEAD_LINES])
        doc.extras["news_mark"] = next((m.group(0).strip() for m in marks if m), None)
    return doc.extras["news_mark"]


def _region(doc: Document, lines: list) -> tuple[dict, int, int] | None:
    by_code, by_name = table()
    names = sorted((n for n in by_name if len(n) >= 2), key=len, reverse=True)
    rx = _region_rx(tuple(names))
    for ln in lines[:6]:
        for m in rx.finditer(ln.text):
            cands = by_name[m.group(0)]
            if len(cands) == 1:
                return chain(cands[0].code), ln.start + m.start(), ln.start + m.end()
    return None


_RX_CACHE: dict = {}


def _region_rx(names: tuple[str, ...]):
    if names not in _RX_CACHE:
        _RX_CACHE.clear()
        _RX_CACHE[names] = re.compile("|".join(map(re.escape, names)))
    return _RX_CACHE[names]


def extract_news(doc: Document) -> Document:
    """Fill ``news`` for texts without a 公文 header (news reports, web articles).

    >>> from policydoc import parse
    >>> n = parse("../shared/seeds/001_220e5d161991d45d.txt")["news"]  # doctest: +SKIP
    >>> n["region"]["province"], n["agenda"][0]["count"]  # doctest: +SKIP
    ('西藏自治区', 5)
    """
    if doc.value("doc_number") or doc.value("recipients") or not doc.lines:
        return doc
    if news_mark(doc) is None:
        return doc  # no source paper, dateline or byline: a law or notice that names a union is not news
    if "联席会议" not in doc.text and "工会" not in doc.text:
        return doc
    news: dict = {"region": None, "date": None, "agenda": [], "rates": [], "money": [], "counts": []}
    r = _region(doc, doc.lines)
    if r:
        news["region"] = {**r[0], "start": r[1], "end": r[2], "page": doc.page_at(r[1])}
    for ln in doc.lines[:8]:
        m = _DATELINE.match(ln.text)
        if m:
            ds = find_dates(m["date"], ln.start)
            if ds:
                news["date"] = {"value": ds[0].iso, "kind": "published", "start": ds[0].start, "end": ds[0].end}
            break
    for ln in doc.lines:
        for m in _AGENDA.finditer(ln.text):
            items = [re.sub(r"^(?:关于)?(?:推动)?", "", x).strip() for x in _SPLIT_ITEMS.split(m["items"]) if x.strip()]
            n = int(m["n"]) if m["n"].isdigit() else cn_int(m["n"])
            news["agenda"].append({"count": n, "items": items, "text": m.group(0),
                                   "start": ln.start + m.start(), "end": ln.start + m.end()})
        for m in _RATE.finditer(ln.text):
            news["rates"].append({"what": m["what"], "from": m["from"], "to": m["to"], "text": m.group(0),
                                  "start": ln.start + m.start(), "end": ln.start + m.end()})
        for m in _MONEY.finditer(ln.text):
            amount = float(m["amount"])
            yuan = amount * {"万元": 1e4, "亿元": 1e8, "元": 1}[m["unit"]]
            news["money"].append({"text": m.group(0), "amount": amount, "unit": m["unit"], "yuan": yuan,
                                  "annual": "每年" in m["ctx"], "start": ln.start + m.start(), "end": ln.start + m.end()})
        if "联席会议" in ln.text or "工会" in ln.text:
            for m in _COUNT.finditer(ln.text):
                news["counts"].append({"n": int(m["n"]), "unit": m["unit"], "what": m["what"],
                                       "start": ln.start + m.start(), "end": ln.start + m.end()})
    if any(news[k] for k in ("agenda", "rates", "money")) or news["region"]:
        doc.set_field("news", news, news["region"]["start"] if news["region"] else None,
                      news["region"]["end"] if news["region"] else None, confidence=0.7, rule="news")
    return doc


@component("news_facts", requires=("lines",), assigns=("news",))
def news_facts(doc: Document) -> Document:
    return extract_news(doc)
