"""The parts of a 公文 (GB/T 9704-2012 §7): 版头, 主体, 版记, and what a web page adds.

Finds anchor lines in the normalised text and labels every line with a zone:

``web``          a web page's heading above the document (number + title in one line)
``mark``         发文机关标志 ("XX人民政府文件", joint issuers stacked)
``header``       份号, 密级, 紧急程度, 发文字号, 签发人
``title``        标题 (one or more lines)
``recipients``   主送机关
``body``         正文
``attachment_note``  附件说明
``signature``    发文机关署名; ``date`` 成文日期; ``note`` 附注 ("（此件公开发布）")
``appendix``     附件 / the document a covering notice transmits
``imprint``      版记: 抄送, 印发机关和印发日期
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Document, Line
from ..extract.dates import find_dates, parse_date_line
from ..extract.doc_number import NUMBER_RE, whole_line_number
from ..lang.zh.gongwen import (BODY_TYPES, CC_LABELS, DOC_TYPE_ALIASES, DOC_TYPES, HISTORY_VERBS,
                               ORG_SUFFIXES, PERSON_TITLES, SECRECY_LEVELS, URGENCY_LEVELS)

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
_APPENDIX_HEAD = re.compile(r"^\s*附\s*件\s*\d{0,2}\s*$|^\s*附\s*件\s*\d{0,2}\s*[:：]?\s*$")
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


@dataclass
class Anchors:
    """Line indexes of the parts found; ``None`` where a part is absent.

    ``spans`` holds ``(line, start, end)`` character ranges for parts that share a line
    with something else (a number after a title, recipients before the first sentence,
    a signature and date at the end of a flattened paragraph).
    """

    number: int | None = None
    title: list[int] = field(default_factory=list)
    recipients: int | None = None
    date: int | None = None
    signature: list[int] = field(default_factory=list)
    attachment_note: list[int] = field(default_factory=list)
    appendix_start: int | None = None
    imprint: list[int] = field(default_factory=list)
    cc: list[int] = field(default_factory=list)
    mark: list[int] = field(default_factory=list)
    header: list[int] = field(default_factory=list)
    web: list[int] = field(default_factory=list)
    note: list[int] = field(default_factory=list)
    signer: int | None = None
    recipients_hint: int | None = None
    spans: dict[str, tuple[int, int, int]] = field(default_factory=dict)


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
        return None
    if after_title and len(s) <= 300 and not _SENTENCE_PUNCT.search(s) and not find_dates(s):
        parts = [p for p in re.split(r"[，,、；;]", s) if p.strip()]
        if (len(parts) >= 2 or s.strip().startswith("各")) and all(map(_orgish, parts)):
            return len(s.rstrip())
    return None


_FLAT_TITLE = re.compile(r"^(?P<title>\S.{6,150}?(?:" + "|".join(_TYPE_WORDS) + r"))\s+(?P<rest>\S.*)$")
_COMPLETE = re.compile(r"^(.{2,40}?)(?:关于|印发|转发|批转)")


def _title_candidate(s: str) -> bool:
    t = s.strip()
    # a title has no "label: value" colon (作者:…, 时间:…) outside its 《》
    outside = re.sub(r"《[^》]*》", "", t)
    return bool(t) and len(t) <= 90 and not _SENTENCE_PUNCT.search(t) and t[-1] not in ":：" \
        and not _HEADING.match(t) and not re.search(r"[:：]", outside)


def find_anchors(lines: list[str], site_date=None) -> Anchors:
    """Locate the parts of a 公文 in its lines."""
    a = Anchors()
    n = len(lines)
    head_limit = min(n, 40)
    # 命令: "中华人民共和国国务院令" / "第707号"; what it publishes follows the date
    for i in range(min(n - 1, 10)):
        m, k = _ORDER_HEAD.match(lines[i].strip()), _ORDER_NO.match(lines[i + 1].strip())
        if m and k:
            a.mark.append(i)
            a.number = i + 1
            a.spans["order"] = (i, 0, len(lines[i].strip()))
            break
    if "order" not in a.spans:
        for i in range(min(n, 40)):
            m = _ORDER_LINE.match(lines[i].strip())
            if m:  # "广州市人民政府令第5号" on one line
                a.number = i
                a.spans["order"] = (i, 0, m.end("org") + 1)
                break
    # The header starts after the last 发文机关标志 or number line near the top: junk above it
    # (a repost's blurb) may hold sentences, and the title search must look past them.
    header_start = 0
    for i in range(min(n, 40)):
        st = lines[i].strip()
        if is_mark_line(st) or whole_line_number(st) or _ORDER_LINE.match(st):
            header_start = i
    # (an ASCII "?" in scraped Chinese is usually a lost character, not a question)
    first_sentence = next((i for i in range(header_start, n)
                           if re.search(r"[。；;！？!]", lines[i]) and len(lines[i]) > 12), n)
    a.recipients_hint = next((i for i in range(min(n, first_sentence + 1))
                              if recipients_end(lines[i], after_title=False) is not None), None)
    # 版头: number line (alone, in parentheses, or after the title), 签发人, marks, 份号/密级/紧急程度
    for i in range(min(head_limit, first_sentence + 1)):
        s = lines[i]
        if i in a.mark:
            continue
        if a.number is None:
            num = whole_line_number(s)
            if num:
                a.number = i
                if _SIGNER.search(s):
                    a.signer = i
                continue
            m = NUMBER_RE.search(s)  # "…的通知 安政办发〔2018〕20号", "…的通知(岳办发〔2017〕2号)"
            if m and m.start() > 0 and s[m.end():].strip() in ("", ")", "）"):
                head = s[: m.start()].rstrip(" (（")
                if is_title_end(head):
                    a.number = i
                    a.spans["number"] = (i, m.start(), m.end())
                    a.spans["title"] = (i, 0, len(head))
                    continue
        if a.signer is None and _SIGNER.search(s) and i < 20:
            a.signer = i
            a.header.append(i)
    # title: of the blocks of title-like lines above the first sentence that end like a title, the one
    # nearest the document's body (web pages repeat the title above, in their own heading)
    block: list[int] = []
    candidates: list[list[int]] = []

    def close_block() -> None:
        if block:
            t = _trim_title(block, lines, a)
            if t:
                candidates.append(t)

    for i in range(min(head_limit, first_sentence)):
        s = lines[i].strip()
        if a.recipients_hint is not None and i >= a.recipients_hint:
            break
        inline_title = a.spans.get("title", (None,))[0] == i
        skip = ((i == a.number and not inline_title) or i == a.signer or _COPY_NO.match(s) or s in SECRECY_LEVELS
                or (s.startswith(SECRECY_LEVELS) and len(s) < 12) or s in URGENCY_LEVELS or is_mark_line(s)
                or NUMBER_RE.match(s) or (find_dates(s) and len(s) < 20) or parse_date_line(s) is not None
                or is_history_line(s))  # a law's history note ends a title block (the title may follow again)
        if skip:
            wm = NUMBER_RE.match(s)
            if wm and "web_title" not in a.spans and is_title_end(s[wm.end():].strip()):
                rest = lines[i][lines[i].find(wm.group(0)) + len(wm.group(0)):]
                a.spans["web_title"] = (i, len(lines[i]) - len(rest.lstrip()), len(lines[i].rstrip()))
            if is_mark_line(s):
                a.mark.append(i)
            elif i != a.number and i != a.signer:
                if NUMBER_RE.match(s) and i < (a.number if a.number is not None else n):
                    a.web.append(i)
                else:
                    a.header.append(i)
            close_block()
            block = []
            continue
        q = re.fullmatch(r"《(.+)》", s)
        if q and is_title_end(q.group(1)) and not inline_title and "title" not in a.spans:
            a.spans["title"] = (i, lines[i].find("《") + 1, lines[i].rfind("》"))
            inline_title = True
        g = _TITLE_NOTE.match(s)
        if g and not inline_title and "title" not in a.spans:  # "…试行办法(2009年11月27日甘肃省人民政府令第…)"
            k = lines[i].find(g["t"])
            a.spans["title"] = (i, k, k + len(g["t"]))
            inline_title = True
        if not _title_candidate(s if not inline_title else s[a.spans["title"][1]: a.spans["title"][2]]):
            close_block()
            block = []
            continue
        block.append(i)
        if inline_title:
            close_block()
            block = []
    close_block()
    if candidates:
        a.title = candidates[-1]
    elif "web_title" in a.spans:  # only a web heading "盘政发〔2010〕22号 盘锦市人民政府关于…的决定"
        a.title = [a.spans["web_title"][0]]
        a.spans["title"] = a.spans.pop("web_title")
    elif _title_above_recipients(lines, a):
        pass
    else:  # a flattened page: "…的通知 各县、区人民政府,市政府各有关部门: 2005年11月…"
        for i in range(min(n, 5)):
            m = _FLAT_TITLE.match(lines[i])
            if m and recipients_end(m["rest"], after_title=False) is not None:
                a.title = [i]
                a.spans["title"] = (i, 0, m.end("title"))
                end = recipients_end(m["rest"], after_title=False)
                a.recipients = i
                a.spans["recipients"] = (i, m.start("rest"), m.start("rest") + end)
                break
    # marks: org lines next to a "文件" line belong to the mark
    for i in list(a.mark):
        for j in (i - 1, i + 1):
            if 0 <= j < n and j not in a.title and j != a.number and is_org_line(lines[j]) and j not in a.mark:
                a.mark.append(j)
    a.mark.sort()
    # 主送: a labelled "主送：…" line anywhere (版记 of some documents), else the first recipient-like
    # line after the title (or from the top), up to the first sentence
    for i in range(n if a.recipients is None else 0):
        m = _MAIN_LABEL.match(lines[i])
        if m:
            a.recipients = i
            a.spans["recipients"] = (i, m.end(), len(lines[i].rstrip()))
            break
    start = (a.title[-1] + 1) if a.title else 0
    for i in range(start, min(n, first_sentence + 1, start + 12)):
        if a.recipients is not None:
            break
        if i == a.number or i in a.mark or i in a.header:
            continue
        after_title = bool(a.title) and all(k in (a.number, a.signer) or k in a.header for k in range(start, i))
        end = recipients_end(lines[i], after_title=after_title)
        if end is not None:
            a.recipients = i
            a.spans["recipients"] = (i, 0, end)
            break
    # 成文日期 and 署名: the first date line after the start of the body
    top_recipients = a.recipients is not None and a.recipients <= first_sentence + 1
    body_start = (a.recipients + 1) if top_recipients else ((a.title[-1] + 1) if a.title else 0)
    if top_recipients and a.spans["recipients"][2] < len(lines[a.recipients].rstrip()) - 1:
        body_start = a.recipients  # recipients and body share the line
    for i in range(body_start, n):
        s = lines[i]
        if _IMPRINT.match(s):
            break
        dm = parse_date_line(s, hint=site_date)
        tail = None if dm is not None else (_org_then_date(s) or _date_mid_line(s))
        if dm is None and tail is None:
            continue
        a.date = i
        if tail is not None:
            (ds, de), org = tail
            a.spans["date"] = (i, ds, de)
            if org:
                a.spans["signature"] = (i, org[0], org[1])
                a.signature = [i]
            break
        j = i - 1
        sig: list[int] = []
        # joint documents sign one body a line (14 bodies seen)
        while j >= body_start and len(sig) < 16 and is_org_line(lines[j]) and not _ATTACH.match(lines[j]):
            sig.insert(0, j)
            j -= 1
        a.signature = sig
        break
    # 附件说明: "附件：…" lines before the signature (or before the date)
    limit = a.signature[0] if a.signature else (a.date if a.date is not None else n)
    for i in range(body_start, limit):
        if _ATTACH.match(lines[i]):
            a.attachment_note.append(i)
            k = i + 1
            while k < limit and re.match(r"^\s*\d{1,2}\s*[．.、]", lines[k]) and len(lines[k]) < 120:
                a.attachment_note.append(k)
                k += 1
            break
    after = (a.date + 1) if a.date is not None else n
    for i in range(after, min(n, after + 3)):
        if _NOTE.match(lines[i].strip()):
            a.note.append(i)
    # 版记 from the end: 印发 line, 抄送
    for i in range(n - 1, max(-1, n - 15), -1):
        s = lines[i]
        if _IMPRINT.match(s):
            a.imprint.insert(0, i)
        elif _CC.match(s):
            a.cc.insert(0, i)
    # appendix: what follows signature/date/note and precedes the imprint
    if a.date is not None:
        start = max([a.date] + a.note) + 1
        end = min(a.imprint + a.cc) if (a.imprint or a.cc) else n
        if start < end:
            a.appendix_start = start
    return a


def _pure_organs(s: str) -> bool:
    """The line is organ names only (lexicon), e.g. "天津市劳动和社会保障局"."""
    from ..extract.organs import segment_organs

    parts = [p for p in re.split(r"[\s、]+", s.strip()) if p]
    return bool(parts) and all(segment_organs(p) for p in parts)


#: A title with its gazette note on the same line: "甘肃省城乡居民临时救助试行办法(2009年11月27日甘肃省人民政府令第52号)".
_TITLE_NOTE = re.compile(r"^(?P<t>\S.{3,80}?(?:" + "|".join(_TYPE_WORDS) + r"))\s*[(（](?P<note>[^()（）]{0,6}"
                         r"(?:(?:19|20)\d{2}|[〇○零OО一二三四五六七八九]{4})年[^()（）]{1,4}月[^()（）]{1,4}日[^()（）]*)[)）]?$")
_ISSUES_HEAD = re.compile(r"^\S{2,40}?(?:人民代表大会常务委员会|人大常委会|人民政府|政府)(?:公告|令|通告)$")


def _title_above_recipients(lines: list[str], a: Anchors) -> bool:
    """A page whose first lines are a reposting site's headline and chrome ("…有补贴!", "来源:…【字号】打印"):
    the title is the block that ends right above the 主送 line ("各有关单位:"), wherever the first sentence is."""
    for r in range(1, min(len(lines), 20)):
        if recipients_end(lines[r], after_title=False) is None or not re.search(r"[:：]\s*$", lines[r]):
            continue
        if any(parse_date_line(lines[i].strip()) is not None for i in range(r)):
            return False  # a dated notice above: this 主送 line opens what it attaches
        block = []
        for i in range(r - 1, max(-1, r - 5), -1):
            if not _title_candidate(lines[i].strip()) or i == a.number or i in a.mark:
                break
            block.insert(0, i)
        t = _trim_title(block, lines, a) if block else []
        if t and t[-1] == r - 1:
            a.title = t
            return True
        return False
    return False


def _trim_title(block: list[int], lines: list[str], a: Anchors) -> list[int]:
    """Cut a candidate block to the lines that make the title (≤ 4, ending like one)."""
    def text(i):
        if a.spans.get("title", (None,))[0] == i:
            return lines[i][a.spans["title"][1]: a.spans["title"][2]]
        return lines[i]

    while block and not is_title_end(text(block[-1])):
        block = block[:-1]
    # a "XX人大常委会公告" / "XX人民政府令" heading under a complete title publishes it; it is not the title
    while len(block) > 1 and _ISSUES_HEAD.match(text(block[-1]).strip()) and is_title_end(text(block[-2])):
        block = block[:-1]
    block = block[-4:]
    # a site's section heading glued above a complete title ("薪酬政策汇编" / "关于印发…的通知")
    if len(block) > 1:
        t0 = text(block[0]).strip()
        rest = "".join(text(i).strip() for i in block[1:])
        if len(t0) <= 12 and not re.search(r"关于|印发|转发|批转|的$|和$|与$", t0) and not _pure_organs(t0) \
                and re.match(r"^(?:关于|\S{2,40}?关于)", rest) and is_title_end(rest):
            block = block[1:]
    # a heading repeated further down (web title, the issuer, then the document's title) is one title
    if len(block) > 1 and any(text(i).strip() == text(block[-1]).strip() for i in block[:-1]):
        block = block[-1:]
    # the issuer's name on a line of its own above a title that does not continue it ("关于…") is a heading
    while len(block) > 1 and _pure_organs(text(block[0])) and not text(block[0]).rstrip().endswith(("、", "，", ",")) \
            and not re.match(r"\s*(?:关于|转发|印发|批转)", text(block[1])):
        block = block[1:]
    # a line that is a whole title by itself ("许昌市人民政府关于印发…的通知") starts the title:
    # what stands above it is a repeated heading or the issuer's name
    for k in range(len(block) - 1, 0, -1):
        t = text(block[k]).strip()
        m = _COMPLETE.search(t)
        if is_title_end(t) and m and m.group(1).endswith(ORG_SUFFIXES) and len(t) >= 10:
            block = block[k:]
            break
    # an issuer line directly above a "文件" line is the mark, not the title
    while len(block) > 1 and is_org_line(lines[block[0]]) and block[0] + 1 < len(lines) \
            and is_mark_line(lines[block[0] + 1]):
        block = block[1:]
    return block


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


def label_lines(doc: Document) -> Document:
    """Split ``doc.text`` into :class:`Line` objects and label each with its zone."""
    text = doc.text
    spans = doc.mapped.lines() if doc.mapped is not None else []
    lines = [text[s:e] for s, e in spans]
    site_date = None
    if doc.site_metadata.get("成文日期"):
        ds = find_dates(doc.site_metadata["成文日期"])
        site_date = ds[0].value if ds else None
    a = find_anchors(lines, site_date)
    zone = ["body"] * len(lines)
    first = min([x for x in [a.number, a.recipients] + a.title + a.mark if x is not None], default=0)
    for i in range(first):
        zone[i] = "web"
    for i in a.web:
        zone[i] = "web"
    for i in a.mark:
        zone[i] = "mark"
    for i in a.header:
        zone[i] = "header"
    if a.number is not None:
        zone[a.number] = "header"
    for i in a.title:
        zone[i] = "title"
    if a.recipients is not None:
        zone[a.recipients] = "recipients"
    for i in a.attachment_note:
        zone[i] = "attachment_note"
    for i in a.signature:
        zone[i] = "signature"
    if a.date is not None and a.date not in a.signature:
        zone[a.date] = "date"
    for i in a.note:
        zone[i] = "note"
    if a.appendix_start is not None:
        end = min(a.imprint + a.cc) if (a.imprint or a.cc) else len(lines)
        for i in range(a.appendix_start, end):
            zone[i] = "appendix"
    for i in a.cc + a.imprint:
        zone[i] = "imprint"
    doc.lines = [Line(k, s, e, lines[k], zone[k]) for k, (s, e) in enumerate(spans)]
    doc.extras["anchors"] = a
    return doc
