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
from ..lang.zh.gongwen import (BODY_TYPES, CC_LABELS, DOC_TYPE_ALIASES, DOC_TYPES, ORG_SUFFIXES,
                               SECRECY_LEVELS, URGENCY_LEVELS)

_TYPE_WORDS = sorted(set(DOC_TYPES) | set(DOC_TYPE_ALIASES) | set(BODY_TYPES), key=len, reverse=True)
TITLE_END = re.compile(r"(?:" + "|".join(_TYPE_WORDS) + r")(?:[(（][^()（）]{1,12}[)）])?$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、，．.]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[．.、]|第[一二三四五六七八九十百]+[章节条])")
_SENTENCE_PUNCT = re.compile(r"[。；;！？!?]")
_IMPRINT = re.compile(r"^(?P<org>.{2,60}?)\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发\s*$")
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


@dataclass
class Anchors:
    """Line indexes of the parts found; ``None`` where a part is absent."""

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


def _recipient_like(s: str) -> bool:
    s = s.strip()
    if not s or s[-1] not in ":：" or len(s) > 600 or _SENTENCE_PUNCT.search(s[:-1]) or _HEADING.match(s):
        return False
    body = s[:-1].strip()
    if len(body) < 2 or "现" in body[-6:] or body.endswith(("如下", "通知", "意见", "要求", "情况")):
        return False
    parts = [p for p in re.split(r"[，,、；;]", body) if p]
    orgish = sum(1 for p in parts if p.startswith("各") or p.endswith(ORG_SUFFIXES) or "单位" in p
                 or p.endswith(("军区", "兵团", "牵头部门", "成员单位", "（室）", "(室)", "市", "省", "县", "区")))
    return orgish >= max(1, len(parts) * 0.5)


def find_anchors(lines: list[str], site_date=None) -> Anchors:
    """Locate the parts of a 公文 in its lines."""
    a = Anchors()
    n = len(lines)
    head_limit = min(n, 40)
    # 版头: number line, marks, 份号/密级/紧急程度, 签发人
    for i in range(head_limit):
        s = lines[i]
        if a.number is None and whole_line_number(s):
            a.number = i
            if _SIGNER.search(s):
                a.signer = i
            continue
        if a.signer is None and _SIGNER.search(s) and i < 20:
            a.signer = i
            a.header.append(i)
    # 主送: the first recipient-like line in the top part
    for i in range(head_limit):
        if _recipient_like(lines[i]):
            a.recipients = i
            break
    top_end = a.recipients if a.recipients is not None else min(n, 12)
    # title: the last block of consecutive non-anchor lines before 主送 that ends like a title
    blocks: list[list[int]] = []
    cur: list[int] = []
    for i in range(top_end):
        s = lines[i].strip()
        skip = (i == a.number or i == a.signer or _COPY_NO.match(s) or s in SECRECY_LEVELS
                or s.startswith(SECRECY_LEVELS) and len(s) < 12 or s in URGENCY_LEVELS or is_mark_line(s)
                or NUMBER_RE.match(s) or (find_dates(s) and len(s) < 20))
        if skip:
            if cur:
                blocks.append(cur)
                cur = []
            if is_mark_line(s):
                a.mark.append(i)
            elif i != a.number and i != a.signer:
                if NUMBER_RE.match(s) and i < (a.number if a.number is not None else n):
                    a.web.append(i)
                else:
                    a.header.append(i)
            continue
        cur.append(i)
    if cur:
        blocks.append(cur)
    for block in reversed(blocks):
        # trim from the end until the block ends like a title
        while block and not is_title_end(lines[block[-1]]):
            block = block[:-1]
        if block:
            # a title is at most 4 lines; anything longer above it is something else
            block = block[-4:]
            # issuer-mark lines ("国家发展改革委办公厅" above "文件") are not part of the title,
            # but a joint title may start with "A、B" — keep org lines only if they end with 、 or 和
            while len(block) > 1 and is_org_line(lines[block[0]]) and (block[0] + 1 < n and is_mark_line(lines[block[0] + 1])):
                block = block[1:]
            a.title = block
            break
    # marks: org lines next to a "文件" line belong to the mark
    for i in list(a.mark):
        for j in (i - 1, i + 1):
            if 0 <= j < top_end and j not in a.title and j != a.number and is_org_line(lines[j]) and j not in a.mark:
                a.mark.append(j)
    a.mark.sort()
    # 成文日期 and 署名: the first date-only line after the start of the body
    body_start = (a.recipients + 1) if a.recipients is not None else ((a.title[-1] + 1) if a.title else 0)
    for i in range(body_start, n):
        s = lines[i]
        if _IMPRINT.match(s):
            break
        dm = parse_date_line(s, hint=site_date)
        org_date = None
        if dm is None:
            org_date = _org_then_date(s)
        if dm is None and org_date is None:
            continue
        a.date = i
        j = i - 1
        sig: list[int] = []
        while j >= body_start and len(sig) < 4 and is_org_line(lines[j]) and not _ATTACH.match(lines[j]):
            sig.insert(0, j)
            j -= 1
        a.signature = sig if not org_date else [i]
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


def _org_then_date(s: str):
    """"XX人民政府 2025年2月19日" on one line (signature and date together)."""
    ds = find_dates(s)
    if len(ds) != 1 or ds[0].end != len(s.rstrip()) or ds[0].precision != "day":
        return None
    head = s[: ds[0].start].strip()
    return ds[0] if head and is_org_line(head) else None


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
