"""Chinese dates as printed in 公文, parsed by an ordered table of patterns.

As in dateparser, each parser is tried in order and the first valid result wins; a result
carries its precision (day/month/year) and, when the printed form was damaged, the
alternatives it could stand for ("2025111" → 2025-01-11 or 2025-11-01).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..lang.zh.gongwen import HISTORY_VERBS

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0, "О": 0, "о": 0, "Ο": 0, "◯": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零ＯOo0ОоΟ◯一二三四五六七八九十"  # Cyrillic О/о and Greek Ο pass for 〇 in scraped text


def cn_int(s: str) -> int | None:
    """Chinese numeral (up to 99, or digit-by-digit years) → int.

    >>> cn_int("二〇二五"), cn_int("十九"), cn_int("二十"), cn_int("十"), cn_int("三十一")
    (2025, 19, 20, 10, 31)
    """
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" not in s:
        digits = [_CN_DIGIT.get(c) for c in s]
        if None in digits:
            return None
        n = 0
        for d in digits:
            n = n * 10 + d
        return n
    head, _, tail = s.partition("十")
    tens = _CN_DIGIT.get(head, None) if head else 1
    ones = _CN_DIGIT.get(tail, None) if tail else 0
    if tens is None or ones is None:
        return None
    return tens * 10 + ones


@dataclass
class DateMatch:
    value: date | None
    start: int
    end: int
    text: str
    precision: str = "day"
    parser: str = ""
    alternatives: list[date] = field(default_factory=list)

    @property
    def iso(self) -> str | None:
        if self.value is None:
            return None
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


def _mk(y: int | None, m: int | None, d: int | None) -> date | None:
    if y is None or m is None or d is None or not (1900 <= y <= 2100):
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _arabic(m: re.Match) -> tuple[date | None, str]:
    return _mk(int(m["y"]), int(m["m"]), int(m["d"])), "day"


def _chinese(m: re.Match) -> tuple[date | None, str]:
    return _mk(cn_int(m["y"]), cn_int(m["m"]), cn_int(m["d"])), "day"


def _month(m: re.Match) -> tuple[date | None, str]:
    return _mk(int(m["y"]), int(m["m"]), 1), "month"


#: (name, pattern, builder): tried in order at each position; the first valid result wins.
PARSERS = [
    ("arabic", r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日", _arabic),
    ("chinese", rf"(?P<y>[{_CN}]{{4}})\s*年\s*(?P<m>[{_CN}]{{1,2}})\s*月\s*(?P<d>[{_CN}]{{1,3}})\s*日", _chinese),
    ("iso", r"(?<!\d)(?P<y>(?:19|20)\d{2})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)", _arabic),
    ("year_month", r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?!\s*\d)", _month),
]
_COMPILED = [(n, re.compile(p), b) for n, p, b in PARSERS]
_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<rest>\d{2,4})$")


def find_dates(text: str, offset: int = 0) -> list[DateMatch]:
    """Every date in *text*, left to right, with offsets shifted by *offset*.

    >>> [d.iso for d in find_dates("2019年8月20日印发，二〇〇四年四月二十七日")]
    ['2019-08-20', '2004-04-27']
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for name, rx, build in _COMPILED:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            value, precision = build(m)
            if value is None:
                continue
            found.append(DateMatch(value, m.start() + offset, m.end() + offset, m.group(0), precision, name))
            taken.append(m.span())
    return sorted(found, key=lambda d: d.start)


def parse_compact(s: str) -> list[date]:
    """Dates a digit string can stand for when 年月日 were lost ("2025219").

    >>> parse_compact("2025219")
    [datetime.date(2025, 2, 19)]
    >>> parse_compact("2025111")
    [datetime.date(2025, 1, 11), datetime.date(2025, 11, 1)]
    """
    m = _COMPACT.match(s.strip())
    if not m:
        return []
    y, rest = int(m["y"]), m["rest"]
    out = []
    for k in range(1, len(rest)):
        mo, d = rest[:k], rest[k:]
        if len(mo) > 2 or len(d) > 2:
            continue
        v = _mk(y, int(mo), int(d))
        if v and v not in out:
            out.append(v)
    return sorted(out)


def parse_date_line(line: str, offset: int = 0, hint: date | None = None) -> DateMatch | None:
    """Parse a line that should be nothing but a date (a signature's 成文日期).

    *hint* (e.g. the site's 成文日期) picks among the readings of a damaged compact date.

    >>> parse_date_line("二〇二五年二月十九日").iso
    '2025-02-19'
    >>> parse_date_line("二OO五年四月二十九日").iso
    '2005-04-29'
    >>> parse_date_line("二0一九年一月八日").iso
    '2019-01-08'
    >>> parse_date_line("2025219").iso
    '2025-02-19'
    >>> parse_date_line("2025111", hint=__import__("datetime").date(2025, 11, 1)).iso
    '2025-11-01'
    """
    s = line.strip()
    if not s:
        return None
    lead = len(line) - len(line.lstrip())
    ds = find_dates(s, offset + lead)
    if len(ds) == 1 and ds[0].precision == "day" and len(s) - len(ds[0].text) <= 2 \
            and not any(v in s for v in HISTORY_VERBS):  # "2008年11月1日施行" is a law's history step
        return ds[0]
    alts = parse_compact(s)
    if alts:
        pick = hint if hint in alts else (alts[0] if len(alts) == 1 else None)
        precision = "day" if pick else "year"
        value = pick or date(alts[0].year, 1, 1)
        return DateMatch(value, offset + lead, offset + lead + len(s), s, precision, "compact", alts)
    return None
