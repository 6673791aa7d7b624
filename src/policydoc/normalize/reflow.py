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
* between the 署名 and the 成文日期 ("…人民政府2025年2月19日").

Only a line that looks like a flattened notice is touched: at least 300 characters, three or more
sentence ends, and a header cue (发文字号 or "关于…的<文种>") before its first 。.
"""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh.gongwen import CC_LABELS, DOC_TYPE_ALIASES, DOC_TYPES, ORG_SUFFIXES
from ..mapped import MappedText

MIN_LEN = 300
_HAN = "\u4e00-\u9fff"
_TYPES = "|".join(sorted(set(DOC_TYPES) | set(DOC_TYPE_ALIASES), key=len, reverse=True))
_NUMBER = re.compile(rf"[{_HAN}]{{1,12}}[〔\[［【(（]\s*(?:19|20)\d{{2}}\s*[〕\]］】)）]\s*第?\s*\d{{1,5}}\s*号")
_TITLE = re.compile(rf"关于.{{2,200}}?(?:{_TYPES})(?=[^》」』”）)的]|$)")  # "…意见的通知" goes on to 通知
_DATE = r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年[\d〇○零一二三四五六七八九十]{1,2}月[\d〇○零一二三四五六七八九十]{1,3}日"
_ORG_END = "|".join(sorted(ORG_SUFFIXES, key=len, reverse=True))
# only names that cannot be part of a 机关代字 (a code such as 发改办 or 国办发 holds 办/发, never 办公厅)
_LONG_ORG = "|".join(sorted((o for o in ORG_SUFFIXES if len(o) >= 3), key=len, reverse=True))
_ORG_TAIL = re.compile(rf"(?:{_LONG_ORG})(?!.*(?:{_LONG_ORG}))")
_SIGN_DATE = re.compile(rf"(?:{_ORG_END})(?={_DATE}(?!印发))")
_SENTENCE = re.compile(r"(?<=[。！？])(?=[^」』”’）)》。！？\n])")
_BEFORE = re.compile(rf"(?<=[^\n])(?=(?:附件|{'|'.join(CC_LABELS)})[:：])")
_HEADING = re.compile(r"(?<=[:：；;])(?=[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十百]+[条章])")
_GAP = re.compile(r"(?<=\S{2}) +(?=\S{2})")


def flattened(line: str) -> bool:
    """Does *line* look like a whole notice run together?

    >>> flattened("柳北政发〔2025〕2号柳州市柳北区人民政府关于印发《制度》的通知各基层工会：" + "经研究决定，现印发。" * 40)
    True
    >>> flattened("为贯彻落实党的群团工作会议精神，特制定本制度。" * 20)
    False
    """
    if len(line) < MIN_LEN or sum(line.count(c) for c in "。！？") < 3:
        return False
    head = line[: max(line.find("。"), 0) or 300][:400]
    return any(_opens(head, m) for rx in (_NUMBER, _TITLE) for m in rx.finditer(head))


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
        cuts.add(m.end())
    stop = line.find("。")
    head = line[:stop if stop > 0 else 600]
    # titles ("…关于…的通知") in the head: 《》 balanced, and no clause punctuation between the previous
    # cut and the title (that would make it a phrase of the body: "…党的十九大关于“…”的意见")
    title_ends: list[int] = []
    for m in _TITLE.finditer(head):
        before = head[:m.end()]
        prev = max([c for c in cuts | set(title_ends) if c <= m.start()] + [0])
        nums_before = [n.end() for n in _NUMBER.finditer(head, 0, m.start())]
        prev = max([prev] + nums_before)
        if before.count("《") != before.count("》") or re.search(r"[，,。；;：:]", head[prev:m.start()]):
            continue
        title_ends.append(m.end())
        colon = re.search(r"[:：]", line[m.end():m.end() + 200])
        if colon and "。" not in line[m.end():m.end() + colon.end()]:
            cuts.add(m.end() + colon.end())
    cuts.update(title_ends)
    for num in _NUMBER.finditer(head):
        colon = re.search(r"[:：]", line[num.end():num.end() + 200])
        if colon and not re.search(r"[。；;]", line[num.end():num.end() + colon.start()]):
            cuts.add(num.end() + colon.end())  # the 主送 line after the number, when no title sits between
        bracket = num.start() + re.search(r"[〔\[［【(（]", num.group(0)).start()
        start = max([num.start()] + [t for t in title_ends if num.start() < t <= bracket])
        k = head.rfind("文件", start, bracket)
        if k >= 0:  # the 机关代字 glued to the 发文机关标志 ("…文件柳北政发〔2025〕2号")
            start = k + 2
        org = _ORG_TAIL.search(head, start, bracket)
        if org:  # …or to the last name of a joint mark ("…税务总局办公厅发改办财金规〔2019〕860号")
            start = org.end()
        cuts.update((start, num.end()))
    for m in _SIGN_DATE.finditer(line):  # 署名 + 成文日期: a line each, and what follows on its own line
        cuts.add(m.end())
        d = re.match(_DATE, line[m.end():])
        if d:
            cuts.add(m.end() + d.end())
    cuts.update(m.start() for m in _SENTENCE.finditer(line))
    cuts.update(m.start() for m in _BEFORE.finditer(line))
    cuts.update(m.start() for m in _HEADING.finditer(line))
    cuts.update(m.end() for m in _SIGN_DATE.finditer(line))
    return _break_at(line, cuts)


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
