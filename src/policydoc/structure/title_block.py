"""The title block of a 公文: which of the title-like lines above the first sentence make the 标题.

A candidate block is cut to the lines that end like a title (≤ 4), without a site's section heading, a
repeated heading, the issuer's name on a line of its own, a "XX人民政府令" heading under the title or the
issuer line of a 发文机关标志.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..extract.dates import parse_date_line
from ..extract.organs import organ_at
from ..lang.zh.gongwen import ORG_SUFFIXES
from .line_shapes import _COMPLETE, _TYPE_WORDS, _title_candidate, is_mark_line, is_org_line, is_title_end, recipients_end

if TYPE_CHECKING:
    from .zones import Anchors


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

    # a qualifier on a line of its own under the title ("(试行)", "（草案）") ends it
    if len(block) > 1 and re.fullmatch(r"\s*[(（](?:试行|暂行|草案|修订|修正|修订稿|送审稿|征求意见稿|(?:19|20)\d{2}年?(?:修订|修正)?)[)）]\s*",
                                       text(block[-1])) \
            and is_title_end(text(block[-2]).rstrip() + text(block[-1]).strip()):
        head = _trim_title(block[:-1], lines, a)
        return head + [block[-1]] if head and head[-1] == block[-2] else head
    while block and not is_title_end(text(block[-1])):
        block = block[:-1]
    # a "XX人大常委会公告" / "XX人民政府令" heading under a complete title publishes it; it is not the title
    while len(block) > 1 and _ISSUES_HEAD.match(text(block[-1]).strip()) and is_title_end(text(block[-2])):
        block = block[:-1]
    block = block[-4:]
    # a site's section headings or menu items glued above a complete title ("薪酬政策汇编" / "关于印发…的通知";
    # "领导信息" / "统计信息" / "人力资源社会保障部对…的答复"): short lines that name no organ
    loose, strong = None, None
    for k in range(1, len(block)):
        t0 = text(block[k - 1]).strip()
        if len(t0) > 12 or re.search(r"关于|印发|转发|批转|的$|和$|与$", t0) or _pure_organs(t0):
            break
        rest = "".join(text(i).strip() for i in block[k:])
        if not is_title_end(rest):
            continue
        if rest.startswith("关于") or organ_at(rest, 0):
            strong = k  # the title opens here: drop every heading above it
        elif loose is None and re.match(r"^\S{2,40}?关于", rest):
            loose = k
    if strong or loose:
        block = block[strong or loose:]
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
    # a page's heading cut short inside its 《》 ("《广东省…民间投资生长实行") above a title that opens with an
    # organ or "关于" is chrome, never the title's first line
    while len(block) > 1 and text(block[0]).strip().startswith("《") and "》" not in text(block[0]) \
            and (text(block[1]).strip().startswith("关于") or organ_at(text(block[1]).strip(), 0)):
        block = block[1:]
    # an issuer line directly above a "文件" line is the mark, not the title
    while len(block) > 1 and is_org_line(lines[block[0]]) and block[0] + 1 < len(lines) \
            and is_mark_line(lines[block[0] + 1]):
        block = block[1:]
    return block
