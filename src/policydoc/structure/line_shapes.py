"""The shapes of single lines of a 公文: title endings, organ lines, 发文机关标志, 主送 lists, history notes,
a signature and date run on at the end of a flattened paragraph.

These predicates are what :mod:`policydoc.structure.zones` anchors the parts on and what the line labeller
(:mod:`policydoc.structure.lines`) uses as features; they look at one line only.
"""
from __future__ import annotations

import re

from ..extract.dates import find_dates
from ..extract.doc_number import NUMBER_RE
from ..lang.zh.gongwen import (BODY_TYPES, CC_LABELS, DOC_TYPE_ALIASES, DOC_TYPES, HISTORY_VERBS,
                               ORG_SUFFIXES, PERSON_TITLES)

_TYPE_WORDS = sorted(set(DOC_TYPES) | set(DOC_TYPE_ALIASES) | set(BODY_TYPES), key=len, reverse=True)
#: A title ends with its 文种, then perhaps "(试行)" or the note of the order that published it:
#: "…暂行办法（交通运输部 工业和信息化部 …令2016年第60号）".
TITLE_END = re.compile(r"(?:" + "|".join(_TYPE_WORDS) + r")(?:[(（][^()（）]{1,12}[)）]|"
                       r"[(（][^()（）]{2,80}?令\s*(?:(?:19|20)\d{2}\s*年\s*)?第\s*\d{1,5}\s*号[^()（）]{0,40}[)）])?$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、，．.]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[．.、]|第[一二三四五六七八九十百]+[章节条])")
_SENTENCE_PUNCT = re.compile(r"[。；;！？!?]")
_IMPRINT = re.compile(r"^(?P<org>.{2,60}?)\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发\s*$")
_MAIN_LABEL = re.compile(r"^\s*主\s*送\s*[:：]\s*")
_CC = re.compile(r"^\s*(?:" + "|".join(CC_LABELS) + r")\s*[:：]")
_ATTACH = re.compile(r"^\s*附\s*件\s*(?P<num>\d{1,2})?\s*[:：]")
_NOTE = re.compile(r"^[(（](?:此件|联系人|此页无正文|本件)[^()（）]*[)）]$")
_SIGNER = re.compile(r"签\s*发\s*人\s*[:：]\s*(?P<names>.+)$")
_COPY_NO = re.compile(r"^\d{6}$")


def is_org_line(s: str) -> bool:
    """A short line that reads as organisation names (a signature, an issuer mark).

    >>> is_org_line("国务院办公厅 中央军委办公厅"), is_org_line("请认真贯彻落实。")
    (True, False)
    """
    s = s.strip()
    if not s or len(s) > 60 or _SENTENCE_PUNCT.search(s) or "，" in s or "," in s:
        return False
    if NUMBER_RE.search(s) or find_dates(s):
        return False
    parts = [p for p in re.split(r"[ 、]+", s) if p]
    return all(p.endswith(ORG_SUFFIXES) or p == "文件" for p in parts) and len(parts) <= 6


def is_mark_line(s: str) -> bool:
    """发文机关标志: "XX人民政府文件", "文件" alone, or an issuer line above/below it."""
    s = s.strip()
    return s == "文件" or (s.endswith("文件") and is_org_line(s[:-2]) and len(s) <= 40)


def is_title_end(s: str) -> bool:
    return bool(TITLE_END.search(s.strip()))


_HISTORY_LINE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def is_history_line(s: str) -> bool:
    """A step of a law's history printed under its title, a dated line of its own (not in parentheses):

    >>> is_history_line("2008年10月6日 宁波市第十三届人民代表大会常务委员会公告第6号公布")
    True
    >>> is_history_line("（2009年11月27日甘肃省人民政府令第63号公布）")
    False
    """
    s = s.strip()
    return bool(_HISTORY_LINE.match(s)) and any(v in s[:160] for v in HISTORY_VERBS)


_ORGISH_TAIL = ("军区", "兵团", "牵头部门", "成员单位", "（室）", "(室)", "市", "省", "县", "区", "场", "所", "社")


_ORDER_HEAD = re.compile(r"^(?P<org>[\u4e00-\u9fff]{2,30}?)令$")
_ORDER_NO = re.compile(r"^[(（]?\s*第\s*(?P<n>\d{1,5})\s*号\s*[)）]?$")  # "第279号", "(第67号)"
_ORDER_LINE = re.compile(r"^(?P<org>[\u4e00-\u9fff]{2,30}?)令\s*第\s*(?P<n>\d{1,5})\s*号$")


def _place(part: str) -> bool:
    from ..extract.region import table

    return part in table()[1]


def _orgish(part: str) -> bool:
    part = part.strip()
    return bool(part) and (part.startswith("各") or part.endswith(ORG_SUFFIXES) or "单位" in part
                           or "部门" in part or part.endswith(_ORGISH_TAIL) or part.endswith(PERSON_TITLES)
                           or _place(part))


#: Labels of site metadata and article headers: "发布部门:…" is not a 主送 line.
_NOT_RECIPIENTS = re.compile(r"^(?:发布|来源|信息|所属|作者|时间|浏览|文\s*号|索\s*引|主题|成文|发文|生效|废止|有效|栏目|标\s*题)")


def recipients_end(s: str, *, after_title: bool) -> int | None:
    """Where a 主送 list ends in line *s* (index of its colon, or len(s)); ``None`` if not one.

    >>> recipients_end("各区人民政府,市政府各部门、各直属机构:为贯彻落实……", after_title=False)
    19
    >>> recipients_end("各乡镇人民政府,县直各林(垦殖)场,县政府有关部门", after_title=True)
    25
    >>> recipients_end("现将有关事项通知如下:", after_title=True) is None
    True
    """
    if not s.strip() or _HEADING.match(s) or _NOT_RECIPIENTS.match(s.strip()):
        return None
    m = re.search(r"[:：]", s)
    if m and m.start() <= 400:
        head = s[: m.start()].strip()
        if len(head) >= 2 and not _SENTENCE_PUNCT.search(head) and not head.endswith(
                ("如下", "通知", "意见", "要求", "情况", "内容", "任务")) and "现" not in head[-6:]:
            parts = [p for p in re.split(r"[，,、；;]", head) if p.strip()]
            if parts and sum(map(_orgish, parts)) >= max(1, len(parts) * 0.5):
                return m.start()
            # names sharing the body of the last one: "祖庵、渭丰、涝店、甘河、蒋村、石井镇人民政府:"
            if len(parts) >= 2 and _orgish(parts[-1]) and all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", p.strip())
                                                               for p in parts[:-1]):
                return m.start()
        return None
    if after_title and len(s) <= 300 and not _SENTENCE_PUNCT.search(s) and not find_dates(s):
        parts = [p for p in re.split(r"[，,、；;]", s) if p.strip()]
        if (len(parts) >= 2 or s.strip().startswith("各")) and all(map(_orgish, parts)):
            return len(s.rstrip())
    return None


_FLAT_TITLE = re.compile(r"^(?P<title>\S.{3,150}?(?:" + "|".join(_TYPE_WORDS) + r"))\s+(?P<rest>\S.*)$")
#: The same with the title in 《》: "《湖北省人民政府办公厅关于…的实施意见》 各市、州、县人民政府,…: 为…".
_FLAT_QUOTED = re.compile(r"^《(?P<title>[^《》]{6,150}?(?:" + "|".join(_TYPE_WORDS) + r"))》\s*(?P<rest>\S.*)$")
#: What runs on after the title of rules on a flattened page: the order or adoption note, or the first chapter:
#: "天津市劳动监督检查规定 天津市人民政府令第87号 一九九七年…", "快递市场管理办法 （中华人民共和国交通运输部令…）".
_AFTER_FLAT_TITLE = re.compile(r"^(?:[(（][^()（）]{0,60}?(?:令|通过|公布|发布)|[\u4e00-\u9fff]{2,40}?令\s*"
                               r"(?:(?:19|20)\d{2}\s*年\s*)?第\s*\d|第[一二三四五六七八九十]+[章条]|"
                               # a law's history note ("绍兴黄酒保护和发展条例 2021年6月25日 绍兴市…会议审议通过")
                               r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*\S|"
                               # the first sentence of a text with no 主送 ("…专项行动方案 为深入贯彻落实…")
                               r"(?:为了?|根据|按照|依据)[\u4e00-\u9fff《“])")
_COMPLETE = re.compile(r"^(.{2,40}?)(?:关于|印发|转发|批转)")


_MENU_ITEM = re.compile(r"^[\u4e00-\u9fffA-Za-z]{2,8}$")
_NOT_MENU = re.compile(r"关于|印发|转发|批转|的|和|与|及|文件$")


def menu_lines(lines: list[str], limit: int) -> set[int]:
    """Indexes of a page's menu above the document: runs of three or more short lines that are bare words (no
    punctuation, no organ, no title ending), as "政策解读" / "公示公告" / "领导信息" / "统计信息".

    >>> sorted(menu_lines(["政策解读", "公示公告", "领导信息", "盘锦市人民政府关于表彰…的决定"], 4))
    [0, 1, 2]
    >>> sorted(menu_lines(["农村五保", "供养工作条例"], 2))
    []
    """
    from ..extract.organs import segment_organs

    def item(s: str) -> bool:
        s = s.strip()
        # "公示公告", "通知公告" end in a 文种 but are four characters: no document is titled so
        return bool(_MENU_ITEM.match(s)) and not _NOT_MENU.search(s) and (not is_title_end(s) or len(s) == 4) \
            and not segment_organs(s)

    out: set[int] = set()
    run: list[int] = []
    for i in range(min(limit, len(lines)) + 1):
        if i < min(limit, len(lines)) and item(lines[i]):
            run.append(i)
            continue
        if len(run) >= 3:
            out.update(run)
        run = []
    return out


#: A page address glued in front of a line's text, with the site's words before it: "沈阳某医院 http://x.net/西平县…的通知",
#: "Original URL: http://lib.sdsqw.cn/bin/mse.exe?…&run=13第77号".
_GLUED_URL = re.compile(r"^[^\n]{0,30}?https?://[\x21-\x7e]+(?=[\u4e00-\u9fff（(《])")


#: A document library's "第一篇:" lead with the page's heading repeated after it: "第一篇:XX办法(精排版)XX预警信息".
_LIBRARY_LEAD = re.compile(r"^第[一二三四五六七八九十]{1,3}篇\s*[:：]\s*")


def library_lead_end(s: str, heading: str) -> int:
    """Where a title starts on a library page's "第一篇:<heading>" line that runs on into it (0 if none).

    >>> s = "第一篇:内蒙古自治区突发事件预警信息发布管理办法(精排版)内蒙古自治区突发事件预警信息"
    >>> s[library_lead_end(s, "内蒙古自治区突发事件预警信息发布管理办法(精排版)"):]
    '内蒙古自治区突发事件预警信息'
    """
    m = _LIBRARY_LEAD.match(s)
    h = heading.strip()
    if m and h and s.startswith(h, m.end()) and len(s) > m.end() + len(h):
        return m.end() + len(h)
    return 0


def glued_url_end(s: str) -> int:
    """Where the text after a page address glued to its front starts (0 when there is none).

    >>> s = "沈阳白癜风医院 http://baidianfeng.39.net/西平县防汛抗早指挥部关于加强小洪河堤防值守的通知"
    >>> s[glued_url_end(s):]
    '西平县防汛抗早指挥部关于加强小洪河堤防值守的通知'
    """
    m = _GLUED_URL.match(s)
    return m.end() if m else 0


def _title_candidate(s: str) -> bool:
    t = s.strip()
    # a title has no "label: value" colon (作者:…, 时间:…) outside its 《》
    outside = re.sub(r"《[^》]*》", "", t)
    return bool(t) and len(t) <= 90 and not _SENTENCE_PUNCT.search(t) and t[-1] not in ":：" \
        and not _HEADING.match(t) and not re.search(r"[:：]", outside)



def _date_mid_line(s: str):
    """A flattened page: "…见到实效。 二○○五年十一月二十一日 附: 关于…" (a date between the last sentence
    and the attachment or the end)."""
    for d in find_dates(s):
        before, after = s[: d.start].rstrip(), s[d.end:]
        if d.precision == "day" and before.endswith(("。", "！")) and len(before) < len(s[: d.start]) \
                and re.match(r"^\s+(?:附|[(（]此件)", after):
            return (d.start, d.end), None
    return None


def _org_then_date(s: str):
    """Signature and date at the end of a line: "…新的贡献。 嘉兴市人民政府办公室 2013年12月10日".

    Returns ``((date_start, date_end), (org_start, org_end) or None)``.

    >>> _org_then_date("广州市人民政府办公厅 2015年12月30日")
    ((11, 22), (0, 10))
    """
    ds = find_dates(s)
    if not ds or ds[-1].precision != "day" or ds[-1].end != len(s.rstrip()):
        return None
    d = ds[-1]
    head = s[: d.start].rstrip()
    if not head:
        return None
    cut = max(head.rfind(" "), max((head.rfind(c) for c in "。；！？"), default=-1))
    org = head[cut + 1:].strip()
    if org and is_org_line(org):
        o = head.rfind(org)
        return (d.start, d.end), (o, o + len(org))
    return None


#: What may stand right before a signature that lost its line break: the end of the last sentence or of the
#: 附注 ("公开方式:依申请公开") or of a date line ("征求意见截止时间:2021年9月7日").
_BEFORE_SIGNATURE = re.compile(r"(?:[。！？；!?;)）]|公开|发布|\d{1,2}日)$")


def _signature_run_on(s: str):
    """Signature and date run on inside a line that lost its breaks, with more text after the date:

    "…请认真遵照执行。 龙里县人民政府办公室 2018年10月18日 龙里县农村人居环境整治三年行动实施方案".
    The organ names stand between spaces, after the end of a sentence (or at the start of the line), and the
    date is a whole token (not "2023年1月15日前"). Joint signatures give every name. Returns
    ``((date_start, date_end), (org_start, org_end))`` or None.

    >>> _signature_run_on("现印发给你们。 国务院办公厅 中央军委办公厅 2019年3月1日 （此件公开发布）")
    ((23, 32), (8, 22))
    >>> _signature_run_on("请于 市人社局 2023年3月1日前报送") is None
    True
    """
    for d in find_dates(s):
        if d.precision != "day" or not s[: d.start].endswith((" ", "\u3000")) or s[d.end: d.end + 1].strip():
            continue
        head = s[: d.start].rstrip()
        tokens = [m for m in re.finditer(r"\S+", head)]
        for k in range(max(0, len(tokens) - 6), len(tokens)):  # the most names first
            org = head[tokens[k].start():]
            before = head[: tokens[k].start()].rstrip()
            if is_org_line(org) and (not before or _BEFORE_SIGNATURE.search(before)):
                return (d.start, d.end), (tokens[k].start(), len(head))
    return None
