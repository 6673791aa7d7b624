"""What the index keeps of a news report: headline, dateline date, region and source.

``extract/news.py`` gives the region and the dateline date of a report (``record["news"]``);
the headline and the publishing source are read here from the lines above the body, so that
a report is listed by its headline and filtered by region and year like a 公文. A value that
is not there stays ``None`` (no first-line guess for a report that opens with its body).
"""
from __future__ import annotations

import re

_DATELINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|来源\s*[:：]|^\S{2,16}?\d{1,2}月\d{1,2}日电?讯")
_SOURCE = re.compile(r"来源\s*[:：]\s*《?([^》\s|]{2,30})》?|^(\S{2,16}?(?:日报|晚报|时报|新闻网|网|报|社))\d{1,2}月\d{1,2}日电?讯")
_BYLINE = re.compile(r"(?:[\u4e00-\u9fff]{2,4}(?:\s+|$)){1,4}")
_SENTENCE_END = ("。", "；", ";", "！", "？")


def news_fields(record: dict, text: str) -> dict:
    """Headline, date, region and source of a news record (``{}`` for a 公文 record).

    >>> text = "高位推动 高频联动 高效行动\\n西藏自治区推动政府与工会联席会议制度全域覆盖\\n郝赫 张中源\\n2024年05月27日09:00 来源:工人日报\\n日前，……"
    >>> f = news_fields({"news": {"date": {"value": "2024-05-27"}, "region": {"province": "西藏自治区"}}}, text)
    >>> f["headline"], f["date"], f["source"], f["region"]["province"]
    ('西藏自治区推动政府与工会联席会议制度全域覆盖', '2024-05-27', '工人日报', '西藏自治区')
    """
    news = record.get("news")
    if not isinstance(news, dict):
        return {}
    lines = [ln.strip() for ln in (text or "").splitlines()[:12] if ln.strip()]
    head: list[str] = []
    source = None
    for ln in lines:
        m = _SOURCE.search(ln)
        if m and source is None:
            source = m[1] or m[2]
        if _DATELINE.search(ln):
            break
        head.append(ln)
    else:
        head = []  # no dateline near the top: the report's headline is not known
    headline = None
    for ln in head[:5]:
        kicker = ln.endswith(("——", "—", "--")) or bool(re.search(r"\S\s+\S", ln))  # 引题 / 肩题
        if kicker or _BYLINE.fullmatch(ln) or ln.endswith(_SENTENCE_END) or not 6 <= len(ln) <= 60:
            continue
        headline = ln
        break
    date = (news.get("date") or {}).get("value") if isinstance(news.get("date"), dict) else None
    region = {k: v for k, v in (news.get("region") or {}).items() if k in ("province", "city", "county", "code",
                                                                          "level")} or None
    return {"headline": headline, "date": date, "region": region, "source": source}
