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
from ..lang.zh.gongwen import SECRECY_LEVELS, URGENCY_LEVELS
from .line_shapes import (_AFTER_FLAT_TITLE, _ATTACH, _CC, _COPY_NO, _FLAT_QUOTED, _FLAT_TITLE, _IMPRINT, _MAIN_LABEL, _NOTE, _ORDER_HEAD,
                          _ORDER_LINE, _ORDER_NO, _SIGNER, _date_mid_line, glued_url_end, library_lead_end, _org_then_date, _signature_run_on, _title_candidate, menu_lines,
                          is_history_line, is_mark_line, is_org_line, is_title_end, recipients_end)
from .title_block import _TITLE_NOTE, _title_above_recipients, _trim_title


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
    #: the first line of the document's head when a page puts menus or a blurb above it (0 otherwise); rules that
    #: look at "the first lines" count from here
    lead: int = 0
    spans: dict[str, tuple[int, int, int]] = field(default_factory=dict)


def find_anchors(lines: list[str], site_date=None) -> Anchors:
    """Locate the parts of a 公文 in its lines."""
    a = Anchors()
    n = len(lines)
    head_limit = min(n, 40)
    # 命令: "中华人民共和国国务院令" / "第707号"; what it publishes follows the date (a page's menus may stand above)
    for i in range(min(n - 1, 40)):
        u = glued_url_end(lines[i + 1])  # "Original URL: http://…第77号": the number after the page's address
        m, k = _ORDER_HEAD.match(lines[i].strip()), _ORDER_NO.match(lines[i + 1][u:].strip())
        if m and k:
            a.mark.append(i)
            a.number = i + 1
            a.spans["order"] = (i, 0, len(lines[i].strip()))
            if u:
                a.spans["number"] = (i + 1, u, len(lines[i + 1].rstrip()))
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
    # the head lies above the first sentence: under a page's menus it may start below line 40
    head_limit = min(n, max(40, min(first_sentence + 1, 90)))
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

    menu = menu_lines(lines, min(head_limit, first_sentence))
    for i in range(min(head_limit, first_sentence)):
        s = lines[i].strip()
        if a.recipients_hint is not None and i >= a.recipients_hint:
            break
        if i in menu:  # a page's menu items end a title block and are never part of one
            a.web.append(i)
            close_block()
            block = []
            continue
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
        if not inline_title and "title" not in a.spans and i > 0:
            v = library_lead_end(lines[i], lines[i - 1])
            if v and _title_candidate(lines[i][v:]):
                a.spans["title"] = (i, v, len(lines[i].rstrip()))  # the title runs on from "第一篇:<heading>"
                block = []  # the heading above is the library's, not the title's first line
                inline_title = True
                block.append(i)
                continue
        u = glued_url_end(lines[i])
        if u and not inline_title and "title" not in a.spans and is_title_end(lines[i][u:]):
            a.spans["title"] = (i, u, len(lines[i].rstrip()))  # the page's address and what precedes it are chrome
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
            m = _FLAT_TITLE.match(lines[i]) or _FLAT_QUOTED.match(lines[i])
            if m and re.search(r"[。；;！？!?，,]", re.sub(r"《[^》]*》", "", m["title"])):
                continue  # a sentence, not a title
            if m and recipients_end(m["rest"], after_title=False) is not None:
                a.title = [i]
                a.spans["title"] = (i, m.start("title"), m.end("title"))
                end = recipients_end(m["rest"], after_title=False)
                a.recipients = i
                a.spans["recipients"] = (i, _after_number(lines[i], m.start("rest"), m.start("rest") + end),
                                         m.start("rest") + end)
                break
            if m and _AFTER_FLAT_TITLE.match(m["rest"]):  # rules: the order or adoption note runs on
                a.title = [i]
                a.spans["title"] = (i, m.start("title"), m.end("title"))
                break
    # marks: org lines next to a "文件" line belong to the mark
    for i in list(a.mark):
        for j in (i - 1, i + 1):
            if 0 <= j < n and j not in a.title and j != a.number and is_org_line(lines[j]) and j not in a.mark:
                a.mark.append(j)
    a.mark.sort()
    first = min([x for x in [a.number] + a.title + a.mark if x is not None], default=0)
    a.lead = 0 if first <= 10 else first - 4
    # 主送: a labelled "主送：…" line anywhere (版记 of some documents), else the first recipient-like
    # line after the title (or from the top), up to the first sentence
    for i in range(n if a.recipients is None else 0):
        m = _MAIN_LABEL.match(lines[i])
        if m:
            a.recipients = i
            a.spans["recipients"] = (i, m.end(), len(lines[i].rstrip()))
            break
    # (no title: from under a page's menu, if any)
    start = (a.title[-1] + 1) if a.title else (max(menu) + 1 if menu else 0)
    for i in range(start, min(n, first_sentence + 1, start + 12)):
        if a.recipients is not None:
            break
        if i == a.number or i in a.mark or i in a.header:
            continue
        after_title = bool(a.title) and all(k in (a.number, a.signer) or k in a.header for k in range(start, i))
        end = recipients_end(lines[i], after_title=after_title)
        if end is not None:
            a.recipients = i
            a.spans["recipients"] = (i, _after_number(lines[i], 0, end), end)
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
        tail = None if dm is not None else (_org_then_date(s) or _date_mid_line(s) or _signature_run_on(s))
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
    if a.date is None:
        a.signature = _undated_signature(lines, body_start)
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


def _after_number(line: str, s0: int, end: int) -> int:
    """Where a 主送 list starts on a flattened line that carries the number in front of it:
    "…的通知 安政办发〔2018〕20号 各乡镇人民政府,…:" → after the number."""
    nums = list(NUMBER_RE.finditer(line, s0, end))
    if nums:
        s0 = nums[-1].end()
        s0 += len(line[s0:end]) - len(line[s0:end].lstrip(" )）"))
    return s0


def _undated_signature(lines: list[str], start: int) -> list[int]:
    """A signature whose date is lost or unreadable ("{ 2017 6 23"): organ lines after the last sentence (or the
    附件 list) and right before the 附注, 抄送/印发 or the 附件 the document carries.

        …同时废止。 / 牟定县人民政府办公室 / (此件公开发布)   → the organ line
    """
    n = len(lines)
    for i in range(start, n):
        if not is_org_line(lines[i]) or _ATTACH.match(lines[i]):
            continue
        nxt = next((lines[j].strip() for j in range(i + 1, min(n, i + 4)) if lines[j].strip()), "")
        if not (_NOTE.match(nxt) or _CC.match(nxt) or _IMPRINT.match(nxt) or re.match(r"^附\s*件\s*\d{0,2}\s*[:：]?$", nxt)):
            continue
        sig = [i]
        j = i - 1
        while j >= start and len(sig) < 16 and is_org_line(lines[j]) and not _ATTACH.match(lines[j]):
            sig.insert(0, j)
            j -= 1
        while j >= start and not lines[j].strip():
            j -= 1
        above = lines[j].strip() if j >= start else ""
        if above.endswith(("。", "！")) or _ATTACH.match(above) or re.match(r"^\d{1,2}\s*[．.、]", above):
            return sig
    return []


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
    # a signature and date run on inside a long line that lost its breaks: the line is still text (the spans
    # hold the signature and the date)
    if "date" in a.spans and a.date is not None and len(lines[a.date].strip()) > 80 \
            and not (_org_then_date(lines[a.date]) or _date_mid_line(lines[a.date])):
        zone[a.date] = "body"
    doc.lines = [Line(k, s, e, lines[k], zone[k]) for k, (s, e) in enumerate(spans)]
    doc.extras["anchors"] = a
    return doc
