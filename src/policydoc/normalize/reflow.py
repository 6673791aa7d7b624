"""Restore the line breaks of a notice that lost them (the whole 公文 on one line).

Web scrapers, database exports and copy-paste often deliver a notice as one long line, either
with every break removed or with breaks collapsed to single spaces. The header extractors work
line by line (版头, 标题, 主送, 落款), so such a line is split again at the cues GB/T 9704 layout
leaves in the text:

* a space between two words of two or more characters (a collapsed break; single characters
  separated by spaces are letter-spaced words such as "税 务 总 局" and stay);
* after the 发文机关标志 ("…文件") and after the 发文字号 in the head;
* after the title's 文种 word ("…的通知"), outside 《》, and after the 主送 that ends with "：";
* after each sentence end 。！？, and before "附件：", "抄送：";
* between the 署名 and the 成文日期 ("…人民政府2025年2月19日", also with 年月日 lost: "…人民政府2025219"), and after a 成文日期 that stands after a
  sentence end or a signatory ("…贯彻落实。2017年6月22日鹿寨县…", "省长二○一○年十二月二十五日");
* after a closing formula without 。 ("特此通告"), around a 附注 "（此件公开发布）";
* before 第X章 when a chapter heading and its first article follow ("办法第一章总则第一条为…");
* in the head: around site metadata (labels of ``lang.zh.noise``: "来源：…", "成文日期2013-07-02", ISO dates),
  公开属性 marks ("主动公开"), and between a site's organ name and the same organ opening the title
  ("河南省许昌市人民政府许昌市人民政府关于…").

Only a line that looks like a flattened notice is touched: at least 300 characters with three or more
sentence ends and a title cue ("关于…的<文种>") before its first 。; or 150 characters with one sentence end
and a 发文字号 there; or a rule's title followed by its first chapter or article ("…制度第一条").
"""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh.gongwen import (BODY_TYPES, CC_LABELS, CLOSING_FORMULAS, DISCLOSURE_MARKS, DOC_TYPE_ALIASES,
                               DOC_TYPES, HISTORY_VERBS, ORG_SUFFIXES, SIGNATORY_TITLES)
from ..lang.zh.noise import SITE_METADATA_LINE_LABELS
from ..mapped import MappedText

MIN_LEN = 300
MIN_LEN_NUMBERED = 150  # a 发文字号 near the start is a strong cue: short notices and 报告 qualify
_HAN = "\u4e00-\u9fff"
_TYPES = "|".join(sorted(set(DOC_TYPES) | set(DOC_TYPE_ALIASES), key=len, reverse=True))
_NUMBER = re.compile(rf"[{_HAN}]{{1,12}}[〔\[［【(（]\s*(?:19|20)\d{{2}}\s*[〕\]］】)）]\s*第?\s*\d{{1,5}}\s*号")
_TITLE = re.compile(rf"关于.{{2,200}}?(?:{_TYPES})(?=[^》」』”）)的]|$)")  # "…意见的通知" goes on to 通知
# Latin and Cyrillic O stand for 〇 in typed years ("二OO六年")
_DATE = r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九OОΟ]{4})年[\d〇○零一二三四五六七八九十]{1,2}月[\d〇○零一二三四五六七八九十]{1,3}日"
_ISO_DATE = re.compile(r"(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_ORG_END = "|".join(sorted(ORG_SUFFIXES, key=len, reverse=True))
# only names that cannot be part of a 机关代字 (a code such as 发改办 or 国办发 holds 办/发, never 办公厅)
_LONG_ORG = "|".join(sorted((o for o in ORG_SUFFIXES if len(o) >= 3), key=len, reverse=True))
_ORG_TAIL = re.compile(rf"(?:{_LONG_ORG})(?!.*(?:{_LONG_ORG}))")
_SIGN_DATE = re.compile(rf"(?:{_ORG_END})(?={_DATE}(?!印发))")
# the same with the 年月日 lost ("…人民政府2025219"): seven or eight digits right after an organ name
_SIGN_COMPACT = re.compile(rf"(?:{_ORG_END})(?P<date>(?:19|20)\d{{5,6}})(?![\d年.\-/])")
_SENTENCE = re.compile(r"(?<=[。！？])(?=[^」』”’）)》。！？\n])")
_BEFORE = re.compile(rf"(?<=[^\n])(?=(?:附件|{'|'.join(CC_LABELS)})[:：])")
_HEADING = re.compile(r"(?<=[:：；;])(?=[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十百]+[条章])")
_GAP = re.compile(r"(?<=\S{2}) +(?=\S{2})")
_CN_NUM = "[一二三四五六七八九十百零〇]+"  # 第一百零一条
_YMD = r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日"  # a date in Arabic digits, as law databases print it
_LABEL_END = re.compile(rf"第{_CN_NUM}[章节条]$")
_DATE_END = re.compile(_YMD + "$")


def _keeps_space(line: str, gap: re.Match) -> bool:
    """A space inside a line, not a collapsed break: after an article or chapter label ("第一条 为了",
    "第一章 总则"), and after the date of a law's history step ("2014年2月19日 《国务院关于…》第一次修订")."""
    before = line[max(0, gap.start() - 16):gap.start()]
    if _LABEL_END.search(before):
        return True
    if _DATE_END.search(before):
        step = line[gap.end():gap.end() + 80].split(" ", 1)[0]
        return step.endswith(HISTORY_VERBS)
    return False
_RULE_OPENING = re.compile(rf"^[^。！？，,；;]{{2,120}}?(?:{'|'.join(sorted(BODY_TYPES, key=len, reverse=True))})(?= ?第[一1]\s*[章条])")
# a law or regulation as the law databases print it: title, history note (dated steps), then 第一章 / 第一条
_LAW_OPENING = re.compile(rf"^[^。！？，,；;]{{2,60}}?(?:{'|'.join(sorted(BODY_TYPES, key=len, reverse=True))})"
                          rf"(?= ?[（(]?(?:根据)?{_YMD})")
_HISTORY_STEP = re.compile(rf"(?:根据)?{_YMD}")
_FIRST_ARTICLE = re.compile(r"第一[章条]")
# an announcement that publishes a law, heading and number first: "安徽省人民代表大会常务委员会公告（第二十八号）《…》已经"
_ANNOUNCEMENT_OPENING = re.compile(rf"^(?P<org>[{_HAN}]{{4,40}}?(?:公告|令))\s*(?P<no>[（(]?[^（()）《]{{0,10}}?第[{_CN_NUM[1:-2]}\d]+号[)）]?)")
# a copy that starts with its 主送 (各…：) and runs the body on after the colon
_ADDRESSEE_OPENING = re.compile(r"^各[^。！？:：]{2,200}?(?:[:：])(?=\s?\S)")
_CHAPTER = re.compile(rf"第{_CN_NUM}章([^，,。；;：:、]{{1,15}}?)(?=第{_CN_NUM}[条节])")
_CLOSING = re.compile(rf"(?:{'|'.join(CLOSING_FORMULAS)})(?=[^。！？，,；;：:\n])")
_NOTE = re.compile(r"[（(](?:此件|本件)[^（()）]{1,12}[)）]")
# a date that goes on into a sentence ("2004年1月10日前报送", "2020年3月19日召开") is not a 成文日期
_DATE_GOES_ON = set("，,。；;、：:起前后至以到内止开的为及和与召举在印发经颁通正由对向将已上下午晚时期第共")
_ARTICLE = re.compile(rf"第{_CN_NUM}条")
# what follows a 成文日期 in a notice: a 附注, a 版记 label, or the title of the transmitted rule and its first
# words; a date that opens a sentence ("1995年12月21日…通过的《…规定》同时废止") is followed by none of them
_AFTER_DATE = re.compile(
    rf"[（(](?:此件|本件)|主题词|{'|'.join(CC_LABELS)}|附件|印发"
    rf"|[^，,。；;：:《》“”\n]{{2,60}}?(?:{'|'.join(sorted(set(BODY_TYPES) | set(DOC_TYPES), key=len, reverse=True))})"
    r"(?:[（(][^）)]{1,8}[)）])?(?=第[一二三四五六七八九十]+[章条节]|为|根据|一、|总则|$)")
# site metadata labels that can stand in a notice's head; short generic words (时间, 名称, 作者) only with a colon
_META = sorted(SITE_METADATA_LINE_LABELS, key=len, reverse=True)
_META_LABEL = re.compile(rf"(?:{'|'.join(l for l in _META if len(l) >= 3)})(?=[:：]|\s*\d)|(?:{'|'.join(_META)})(?=[:：])")
_META_ORGAN = {lab for lab, canon in SITE_METADATA_LINE_LABELS.items() if canon in ("发布机构", "发文机关")}
_CHROME_BITS = re.compile(r"https?://[\x21-\x7e]+|(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")
_ORG_THEN_ADDRESSEE = re.compile(rf"(?:{_ORG_END})(?=各)")


def flattened(line: str) -> bool:
    """Does *line* look like a whole notice run together?

    >>> flattened("柳北政发〔2025〕2号柳州市柳北区人民政府关于印发《制度》的通知各基层工会：" + "经研究决定，现印发。" * 40)
    True
    >>> flattened("为贯彻落实党的群团工作会议精神，特制定本制度。" * 20)
    False
    """
    if len(line) < MIN_LEN_NUMBERED:
        return False
    ends = sum(line.count(c) for c in "。！？")
    head = line[: max(line.find("。"), 0) or 300][:400]
    # a number after clause punctuation is cited in a sentence ("按照运政办发〔2003〕66号文件要求"), not printed
    if ends >= 1 and any(_opens(head, m) and not re.search(r"[，,；;]", head[:m.start()])
                         for m in _NUMBER.finditer(head)):
        return True
    for m in _TITLE.finditer(head):
        if not _opens(head, m):
            continue
        if len(line) >= MIN_LEN and ends >= 3:
            return True
        # a title right at the start and the 主送's colon after it: the head of a short notice
        colon = re.search(r"[:：]", line[m.end():m.end() + 200])
        if ends >= 1 and m.start() <= 30 and colon and not re.search(r"[。；;]", line[m.end():m.end() + colon.start()]):
            return True
    if ends >= 1 and _ADDRESSEE_OPENING.match(line):  # "各自治州、市人民政府,…,省政府各部门、各直属机构: 根据…"
        return True
    if ends >= 1 and _ANNOUNCEMENT_OPENING.match(line):
        return True
    return ends >= 3 and bool(_RULE_OPENING.match(line) or _LAW_OPENING.match(line))


def _opens(head: str, m: re.Match) -> bool:
    """A cue that can open a notice: near the start and not cited inside 《》, （）, “”."""
    before = head[:m.start()]
    if m.start() > 150 or before.count("《") > before.count("》") or before.count("（") > before.count("）") \
            or before.count("(") > before.count(")") or before.count("“") > before.count("”"):
        return False
    return not before.endswith(("《", "（", "(", "“"))


def _break_at(line: str, positions: set[int]) -> str:
    out, last = [], 0
    for p in sorted(positions):
        if 0 < p < len(line) and line[p - 1] != "\n" and line[p] != "\n":
            out.append(line[last:p].rstrip(" "))
            last = p
    out.append(line[last:])
    return "\n".join(s.lstrip(" ") for s in out)


def reflow_line(line: str) -> str:
    """The line with its breaks restored (unchanged if it does not look flattened).

    >>> print(*reflow_line("柳州市柳北区人民政府文件柳北政发〔2025〕2号柳州市柳北区人民政府关于印发《柳州市柳北区人民政府与柳州市柳北区总工会联席会议制度(试行)》的通知各基层工会、区机关各委办局：经研究决定,现将《制度》印发给你们,请认真贯彻落实。" + "一、联席会议目标。" * 30 + "柳州市柳北区人民政府2025年2月19日").splitlines()[:5], sep=chr(10))
    柳州市柳北区人民政府文件
    柳北政发〔2025〕2号
    柳州市柳北区人民政府关于印发《柳州市柳北区人民政府与柳州市柳北区总工会联席会议制度(试行)》的通知
    各基层工会、区机关各委办局：
    经研究决定,现将《制度》印发给你们,请认真贯彻落实。
    """
    if not flattened(line):
        return line
    cuts: set[int] = set()
    for m in _GAP.finditer(line):  # collapsed breaks; remove the spaces, cut there
        if not _keeps_space(line, m):
            cuts.add(m.end())
    stop = line.find("。")
    head = line[:stop if stop > 0 else 600]
    opening = _ADDRESSEE_OPENING.match(line)
    if opening:  # the copy starts with its 主送: the head ends at its colon, numbers after it are cited
        head = line[:opening.end()]
    # titles ("…关于…的通知") in the head: 《》 balanced, and no clause punctuation between the previous
    # cut and the title (that would make it a phrase of the body: "…党的十九大关于“…”的意见")
    title_ends: list[int] = []
    for m in _TITLE.finditer(head):
        before = head[:m.end()]
        prev = max([c for c in cuts | set(title_ends) if c <= m.start()] + [0])
        nums_before = [n.end() for n in _NUMBER.finditer(head, 0, m.start())]
        prev = max([prev] + nums_before)
        if before.count("《") != before.count("》") or re.search(r"[，,。；;：:]", head[prev:m.start()]) \
                or m.group(0).count("》") > m.group(0).count("《"):  # it began inside a cited 《…》
            continue
        title_ends.append(m.end())
        colon = _addressee_colon(line, m.end())
        if colon is not None and "。" not in line[m.end():colon]:
            cuts.add(colon)
    cuts.update(title_ends)
    for num in _NUMBER.finditer(head):
        colon = _addressee_colon(line, num.end())
        if colon is not None and not re.search(r"[。；;]", line[num.end():colon - 1]):
            cuts.add(colon)  # the 主送 line after the number, when no title sits between
        bracket = num.start() + re.search(r"[〔\[［【(（]", num.group(0)).start()
        start = max([num.start()] + [t for t in title_ends if num.start() < t <= bracket])
        k = head.rfind("文件", start, bracket)
        if k >= 0:  # the 机关代字 glued to the 发文机关标志 ("…文件柳北政发〔2025〕2号")
            start = k + 2
        org = _ORG_TAIL.search(head, start, bracket)
        if org:  # …or to the last name of a joint mark ("…税务总局办公厅发改办财金规〔2019〕860号")
            start = org.end()
        end = num.end()
        if start == num.start() and start > 0 and line[start - 1] in "（(" and line[end:end + 1] in ("）", ")"):
            start, end = start - 1, end + 1  # a number in brackets under the title: "(豫政〔2006〕58号)"
        cuts.update((start, end))
    for m in _SIGN_DATE.finditer(line):  # 署名 + 成文日期: a line each, and what follows on its own line
        cuts.add(m.end())
        d = re.match(_DATE, line[m.end():])
        if d:
            cuts.add(m.end() + d.end())
    for m in _SIGN_COMPACT.finditer(line):
        cuts.update((m.start("date"), m.end("date")))
    cuts.update(m.start() for m in _SENTENCE.finditer(line))
    cuts.update(m.start() for m in _BEFORE.finditer(line))
    cuts.update(m.start() for m in _HEADING.finditer(line))
    cuts.update(_tail_cuts(line))
    cuts.update(_head_cuts(head))
    cuts.update(_law_cuts(line))
    if opening:
        cuts.add(opening.end())
    announced = _ANNOUNCEMENT_OPENING.match(line)
    if announced:  # "XX公告" / "（第二十八号）" / the announcement's sentence
        cuts.update((announced.end("org"), announced.end()))
    return _break_at(line, cuts)


def _addressee_colon(line: str, start: int) -> int | None:
    """End of the first colon within 200 characters of *start* that is not a site metadata label's."""
    for c in re.finditer(r"[:：]", line[start:start + 200]):
        at = start + c.start()
        if not any(line.endswith(lab, 0, at) for lab in _META):
            return at + 1
    return None


def _tail_cuts(line: str) -> set[int]:
    """Cuts around the 成文日期, closing formulas, 附注 and chapter headings of a flattened notice."""
    cuts: set[int] = set()
    for m in re.finditer(_DATE, line):
        before = line[:m.start()]
        signatory = before.endswith(SIGNATORY_TITLES)
        if not (signatory or before.endswith(("。", "！", "？", "）", ")"))):
            continue  # a date inside a sentence ("并于2004年1月10日前报送")
        if signatory:
            cuts.add(m.start())
        if m.end() == len(line) or _AFTER_DATE.match(line, m.end()):
            cuts.add(m.end())
        elif line[m.end()] not in _DATE_GOES_ON and not _ARTICLE.search(line, 0, m.start()):
            cuts.add(m.end())  # before the first article: a 成文日期 (after it, a date opening a sentence of a rule)
    cuts.update(m.end() for m in _CLOSING.finditer(line))
    for m in _NOTE.finditer(line):
        cuts.update((m.start(), m.end()))
    for m in _CHAPTER.finditer(line):
        cuts.update((m.start(), m.end()))
    return cuts


def _repeats(head: str, shortest: int = 6) -> set[int]:
    """Cuts between a run of text and its immediate repetition: a site heading over the same title
    ("舟山市总工会关于表彰…的决定舟山市总工会关于表彰…的决定")."""
    cuts: set[int] = set()
    i = 0
    while i < len(head) - 2 * shortest:
        for n in range(min(80, (len(head) - i) // 2), shortest - 1, -1):
            if head[i:i + n] == head[i + n:i + 2 * n]:
                cuts.update((i, i + n, i + 2 * n))
                i += n - 1
                break
        i += 1
    return cuts


def _head_cuts(head: str) -> set[int]:
    """Cuts in the head (before the first 。): site metadata, 公开属性 marks, a site name over the title."""
    cuts: set[int] = set()
    for m in _META_LABEL.finditer(head):
        if head[:m.start()].count("《") > head[:m.start()].count("》"):
            continue
        cuts.add(m.start())
        value = re.match(r"\s*[:：]?\s*", head[m.end():])
        at = m.end() + value.end()
        date = _ISO_DATE.match(head, at) or re.compile(_DATE).match(head, at)
        if date:  # "成文日期2013-07-02", "发布时间:2020年03月25日11:31"
            end = date.end()
            clock = re.match(r"\s*\d{1,2}:\d{2}(?::\d{2})?", head[end:])
            cuts.add(end + (clock.end() if clock else 0))
        elif m.group(0) in _META_ORGAN:  # "来源：全总法律工作部各省、自治区…：" — the 主送 opens with 各
            org = _ORG_THEN_ADDRESSEE.search(head, at, at + 40)
            if org:
                cuts.add(org.end())
    for m in _ISO_DATE.finditer(head):  # ISO dates are page chrome in a 公文 head, never its text
        cuts.update((m.start(), m.end()))
    for m in _CHROME_BITS.finditer(head):  # a page address, a bare clock time ("通告11:39实施…")
        cuts.update((m.start(), m.end()))
    for mark in DISCLOSURE_MARKS:
        k = head.find(mark, 0, 200)
        if k >= 0:
            cuts.update((k, k + len(mark)))
    for m in re.finditer("关于", head):  # "河南省许昌市人民政府许昌市人民政府关于…": the site name, then the title
        for j in range(max(m.start() - 20, 0), m.start() - 3):
            organ = head[j:m.start()]
            if organ.endswith(ORG_SUFFIXES) and head.endswith(organ, 0, j):
                cuts.add(j)
                break
    cuts.update(_repeats(head))
    rule = _RULE_OPENING.match(head)
    if rule:  # "贵阳市人民政府与市总工会联席会议制度第一条根据…": the rule's title, then its first article
        cuts.add(rule.end())
    return cuts


def _law_cuts(line: str) -> set[int]:
    """A law run together: its title, each dated step of its history note, then its first chapter or article
    ("北京市控制吸烟条例2014年11月28日…通过2021年9月24日…修正第一条为了…")."""
    law = _LAW_OPENING.match(line)
    if not law:
        return set()
    first = _FIRST_ARTICLE.search(line, law.end(), law.end() + 1000)
    if not first:
        return set()
    cuts = {law.end(), first.start()}
    cuts.update(m.start() for m in _HISTORY_STEP.finditer(line, law.end() + 1, first.start()))
    return cuts


def restore_breaks(mt: MappedText, doc: Document | None) -> MappedText:
    """Normalisation step: split flattened notice lines (see the module docstring)."""
    if doc is not None and doc.format not in ("txt", "html", "doc", "wps", "docx"):
        return mt
    spans = mt.lines()
    if not any(flattened(mt.text[s:e]) for s, e in spans):
        return mt
    pieces = []
    for s, e in spans:
        line = mt.text[s:e]
        pieces.append(reflow_line(line))
    new = "\n".join(pieces)
    if doc is not None:
        doc.meta["line_breaks_restored"] = new.count("\n") - mt.text.count("\n")
        doc.warn("line_breaks_restored", "the text came as long run-together lines; line breaks were "
                                         f"restored at {doc.meta['line_breaks_restored']} layout cues")
    return _aligned(mt, new)


def _aligned(mt: MappedText, new: str) -> MappedText:
    """*new* differs from mt.text only by inserted newlines and removed spaces: map it exactly."""
    from array import array

    origin = array("l")
    i = 0
    old = mt.text
    for ch in new:
        while i < len(old) and old[i] != ch and old[i] == " ":
            i += 1  # a space turned into (or dropped at) a break
        if i < len(old) and old[i] == ch:
            origin.append(mt.origin[i])
            i += 1
        else:  # an inserted newline: it stands where the next character comes from
            origin.append(mt.raw_offset(i))
    return MappedText(new, origin, mt.raw_len)
