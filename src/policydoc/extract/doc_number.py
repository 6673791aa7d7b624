"""发文字号: 机关代字〔年份〕序号, as printed and as normalised.

GB/T 9704-2012 §7.2.4: the year in 〔〕, the serial without leading zeros and without 第.
People type every other bracket, full-width digits, 號, Chinese-numeral years and spaces;
all are accepted, normalised, and the departures from the standard are flagged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lang.zh.gongwen import NUMBER_BRACKETS
from .dates import cn_int

_OPEN = re.escape("".join(NUMBER_BRACKETS))
_CLOSE = re.escape("".join(NUMBER_BRACKETS.values()))
_YEAR = r"(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4}"
#: The agency code: Han characters (and the odd Latin letter), ending before the year bracket.
PATTERN = (rf"(?P<code>[\u4e00-\u9fffA-Za-z]{{1,20}}?)\s*(?P<open>[{_OPEN}])\s*(?P<year>{_YEAR})\s*"
           rf"(?P<close>[{_CLOSE}])\s*(?P<zi>字)?\s*(?P<di>第)?\s*(?P<serial>\d{{1,6}})\s*(?P<hao>[号號])")
NUMBER_RE = re.compile(PATTERN)
#: Old style without a year: "国发字第12号", "京政字第5号".
OLD_STYLE_RE = re.compile(r"(?P<code>[\u4e00-\u9fff]{1,12}字)\s*第\s*(?P<serial>\d{1,6})\s*(?P<hao>[号號])")
#: Words that stand before a cited number in running text but are not part of the code.
_LEAD_WORDS = re.compile(r"^(?:发文字号|发布文号|文号|根据|依据|按照|依照|参照|详见|见|据|印发|转发|执行|落实|贯彻|和|及|与|、)+")


@dataclass
class DocNumber:
    """A parsed 发文字号.

    >>> n = parse_number("柳北政发[2025]2 号")
    >>> n.normalized, n.agency_code, n.year, n.serial, n.flags
    ('柳北政发〔2025〕2号', '柳北政发', 2025, 2, ['brackets', 'spaces'])
    """

    printed: str
    agency_code: str
    year: int | None
    serial: int
    flags: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0

    @property
    def normalized(self) -> str:
        if self.year is None:
            return f"{self.agency_code}第{self.serial}号"
        return f"{self.agency_code}〔{self.year}〕{self.serial}号"

    def parts(self) -> dict:
        return {"agency_code": self.agency_code, "year": self.year, "serial": self.serial}


def _from_match(m: re.Match, offset: int = 0) -> DocNumber | None:
    code = m["code"]
    lead = _LEAD_WORDS.match(code)
    start = m.start()
    if lead:
        code = code[lead.end():]
        start += lead.end()
    if not code:
        return None
    flags = []
    year = None
    if "year" in m.groupdict() and m["year"]:
        y = m["year"]
        year = int(y) if y.isdigit() else cn_int(y)
        if not y.isdigit():
            flags.append("chinese_year")
        if m["open"] != "〔" or m["close"] != "〕":
            flags.append("brackets")
        if m["zi"]:
            flags.append("zi")
    else:
        flags.append("no_year")
    serial_s = m["serial"]
    if serial_s.startswith("0") and len(serial_s) > 1:
        flags.append("leading_zero")
    if m.groupdict().get("di"):
        flags.append("di")
    if m["hao"] == "號":
        flags.append("traditional")
    printed = m.string[start:m.end()]
    if re.search(r"\s", printed):
        flags.append("spaces")
    if code.endswith("字") and year is None:
        code = code  # old style keeps its 字: "国发字第12号"
    return DocNumber(printed, code, year, int(serial_s), flags, start + offset, m.end() + offset)


def parse_number(text: str) -> DocNumber | None:
    """Parse the first 发文字号 in *text*; ``None`` if there is none.

    >>> parse_number("国办发明电〔2018〕15号").normalized
    '国办发明电〔2018〕15号'
    >>> parse_number("京政发（二〇一〇）第 03 號").flags
    ['chinese_year', 'brackets', 'leading_zero', 'di', 'traditional', 'spaces']
    """
    m = NUMBER_RE.search(text)
    if m:
        return _from_match(m)
    m = OLD_STYLE_RE.search(text)
    return _from_match(m) if m else None


def find_numbers(text: str, offset: int = 0) -> list[DocNumber]:
    """All 发文字号 in *text* (citations included), left to right.

    >>> [n.normalized for n in find_numbers("根据《通知》（国发〔2018〕41 号）和温政办〔2004〕182号")]
    ['国发〔2018〕41号', '温政办〔2004〕182号']
    """
    out = []
    for m in NUMBER_RE.finditer(text):
        n = _from_match(m, offset)
        if n:
            out.append(n)
    return out


def whole_line_number(line: str) -> DocNumber | None:
    """A number that is (nearly) the whole line, as in a 公文 header.

    The line may also carry the 签发人 of an upward document ("…〔2025〕3号 签发人：张三").

    >>> whole_line_number("柳北政发〔2025〕2号").normalized
    '柳北政发〔2025〕2号'
    >>> whole_line_number("(豫政办 〔2008〕38号)").normalized
    '豫政办〔2008〕38号'
    >>> whole_line_number("根据国发〔2018〕41号文件精神，现通知如下：") is None
    True
    """
    s = re.sub(r"\s*签\s*发\s*人\s*[:：].*$", "", line).strip()
    if len(s) > 2 and s[0] in "(（" and s[-1] in ")）":  # "(豫政办〔2008〕38号)" under a web title
        s = s[1:-1].strip()
    if not s or len(s) > 40:
        return None
    m = NUMBER_RE.fullmatch(s) or OLD_STYLE_RE.fullmatch(s)
    return _from_match(m) if m else None
