"""Header and signature fields of a 公文: number, issuer, title, 文种, recipients, dates, 版记.

Each field has an ordered list of strategies; the first that yields a valid value wins
and its name is kept as the field's ``rule``. Site metadata from web pages is used only
where the document itself is silent, and then with low confidence.
"""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh.gongwen import ORDER_CODES, SECRECY_LEVELS, URGENCY_LEVELS
from ..structure.line_shapes import _IMPRINT, _SIGNER
from ..structure.zones import Anchors
from .announcement import announced_law_title
from .dates import find_dates
from .doc_number import NUMBER_RE, find_numbers, parse_number, whole_line_number
from .doc_type import doc_type_of, extract_doc_type
from .header_date import extract_date
from .issuer import extract_issuer, split_orgs


def split_recipients(s: str) -> list[str]:
    """主送/抄送 list: split at "，" and "；", groups joined by "、" kept whole.

    >>> split_recipients("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：")
    ['各省、自治区、直辖市人民政府', '国务院各部委、各直属机构']
    """
    s = re.sub(r"^\s*(?:抄送|抄报|分送|发送|主送)\s*[:：]", "", s.strip())
    s = s.rstrip("：:。. ")
    return [p.strip() for p in re.split(r"[，,；;]", s) if p.strip()]


def _line_span(doc: Document, i: int, text: str | None = None) -> tuple[int, int]:
    ln = doc.lines[i]
    if text is None:
        return ln.start, ln.end
    k = ln.text.find(text)
    return (ln.start + k, ln.start + k + len(text)) if k >= 0 else (ln.start, ln.end)


def _order_org(doc: Document, a: Anchors) -> str | None:
    if "order" not in a.spans:
        return None
    i, s0, e0 = a.spans["order"]
    head = doc.lines[i].text.strip()[s0:e0 - 1]
    return re.sub(r"^中华人民共和国", "", head)


def extract_order(doc: Document, a: Anchors) -> bool:
    """命令: number "第707号" under "中华人民共和国国务院令"; the title is what the order publishes."""
    org = _order_org(doc, a)
    if org is None:
        return False
    ln = doc.lines[a.number]
    u = a.spans["number"][1] if a.spans.get("number", (None,))[0] == a.number else 0  # after a glued page address
    serial = int(re.search(r"\d+", ln.text[u:]).group(0))
    code = ORDER_CODES.get(org, f"{org}令")
    doc.set_field("doc_number", f"{code}第{serial}号", ln.start, ln.end, confidence=0.9, rule="order_number",
                  printed=ln.text.strip())
    mark = doc.lines[a.spans["order"][0]]  # the "XX令" heading (or the one-line "XX令第N号")
    doc.set_field("issuers", [org], mark.start, mark.end, confidence=0.9, rule="order_mark")
    doc.set_field("issuer", org, mark.start, mark.end, confidence=0.9, rule="order_mark")
    doc.set_field("doc_type", "命令", mark.start, mark.end, confidence=0.9, rule="order_mark")
    if a.appendix_start is not None:
        for ln2 in doc.lines[a.appendix_start:a.appendix_start + 3]:
            t = ln2.text.strip()
            if len(t) <= 60 and doc_type_of(t):
                doc.set_field("title", t, ln2.start, ln2.end, confidence=0.8, rule="order_published")
                break
    sig = [doc.lines[i] for i in range(a.number + 1, a.date or 0) if re.fullmatch(r"\S{1,8}\s+\S{2,4}", doc.lines[i].text.strip())]
    if sig:
        doc.set_field("signers", [sig[-1].text.strip()], sig[-1].start, sig[-1].end, confidence=0.8, rule="order_signature")
    return True


def extract_number(doc: Document, a: Anchors) -> None:
    if "order" in a.spans:
        return
    if a.number is not None:
        ln = doc.lines[a.number]
        if "number" in a.spans:
            _, s0, _ = a.spans["number"]
            n = parse_number(ln.text[s0:])
            base = ln.start + s0
        else:
            n = whole_line_number(ln.text)
            base = ln.start + ln.text.find(n.printed)
            n.start, n.end = 0, len(n.printed)
        doc.set_field("doc_number", n.normalized, base + n.start, base + n.end,
                      confidence=0.95, rule="header_line", printed=n.printed)
        doc.extras["doc_number"] = n
        return
    # a web heading "number title" above the document
    for i in a.web:
        ln = doc.lines[i]
        m = NUMBER_RE.match(ln.text.strip())
        if m:
            n = parse_number(ln.text)
            doc.set_field("doc_number", n.normalized, ln.start + n.start, ln.start + n.end,
                          confidence=0.8, rule="web_heading", printed=n.printed)
            doc.extras["doc_number"] = n
            return
    # a labelled number in the page's own metadata lines ("文号 平政办发〔2023〕40号", "【发布文号】…")
    for ln in doc.lines[: a.lead + 15]:
        m = _LABELLED_NUMBER.search(ln.text)
        if m:
            n = parse_number(m["num"])
            if n:
                s0 = ln.start + m.start("num")
                doc.set_field("doc_number", n.normalized, s0 + n.start, s0 + n.end, confidence=0.6,
                              rule="labelled_line", printed=n.printed)
                doc.extras["doc_number"] = n
                return
    meta = doc.site_metadata.get("发文字号")
    if meta:
        n = parse_number(meta)
        if n:
            doc.set_field("doc_number", n.normalized, confidence=0.5, rule="site_metadata", printed=n.printed)
            doc.extras["doc_number"] = n
            doc.warn("doc_number_from_site", "发文字号 taken from the web page's metadata; the text shows none")


_LABELLED_NUMBER = re.compile(r"(?:发文字号|发布文号|文\s*号)\s*[:：】\]]?\s*(?P<num>[^\s:：]{2,20}?[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\s*\d{1,6}\s*号)")

#: What a web page puts before a title: bullets, "【文件来源】-----" labels, a number whose brackets were lost.
_TITLE_LEAD = re.compile(r"^(?:[★☆•●◆◇■□▪►▶·\-—_=~\s]+|【[^】]{1,10}】[-—_=\s]*|"
                         r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]?\s*\d{1,4}\s*号?(?=[\u4e00-\u9fff]{4}))+")


def _clean_title(t: str) -> str:
    """A title without the page's chrome in front of it.

    >>> _clean_title("★关于申请对灌南县五队乡市级环境优美乡镇验收的报告")
    '关于申请对灌南县五队乡市级环境优美乡镇验收的报告'
    >>> _clean_title("南兴府办函〔202058南宁市兴宁区人民政府办公室关于印发2020年兴宁区优化营商环境实施方案的通知")
    '南宁市兴宁区人民政府办公室关于印发2020年兴宁区优化营商环境实施方案的通知'
    """
    m = _TITLE_LEAD.match(t)
    return t[m.end():] if m and len(t) - m.end() >= 6 else t


#: "（交通运输部令2016年第64号）" after a title: the order that published it.
_ORDER_NOTE = re.compile(r"[(（][^()（）]{2,80}?令\s*(?:(?:19|20)\d{2}\s*年\s*)?第\s*\d{1,5}\s*号[^()（）]{0,40}[)）]$")


def _whole_title_line(parts: list[str]) -> list[str]:
    """The lines of a title block without a 版头/number line above a whole title and a second heading below it.

    A line that is a title on its own ("关于…的通知") keeps only the lines that continue it:

    >>> _whole_title_line(["台州市住房公积金管理委员会办公室文件台房金管办2022]1号", "关于调整住房公积金政策的通知"])
    ['关于调整住房公积金政策的通知']
    >>> _whole_title_line(["关于举办2023年宿州市房地产展示交易会的通告", "2023宿州市房地产展示交易会通告"])
    ['关于举办2023年宿州市房地产展示交易会的通告']
    >>> _whole_title_line(["关于转发省政府关于做好安全生产工作的通知", "的通知"])
    ['关于转发省政府关于做好安全生产工作的通知', '的通知']
    """
    if len(parts) < 2:
        return parts
    for k, p in enumerate(parts):
        if p.startswith("关于") and len(p) >= 8 and doc_type_of(p):
            before = parts[:k]
            after = parts[k + 1:]
            if before and not all(re.search(r"(?:文件|\d\s*号)$", b) for b in before):
                return parts  # the lines above are the start of this title ("国务院办公厅" / "关于…")
            if after and not all(len(x) >= 6 and not x.startswith(("的", "《", "(", "（")) and doc_type_of(x)
                                 for x in after):
                return parts  # a title continued ("…的通知" / "的通知")
            return [p]
    return parts


def extract_title(doc: Document, a: Anchors) -> None:
    if a.title:
        cut = a.spans.get("title")
        parts = [(doc.lines[i].text[cut[1]: cut[2]] if cut and cut[0] == i else doc.lines[i].text).strip()
                 for i in a.title]
        title = _clean_title("".join(_whole_title_line(parts)))
        # A web heading may lead with the number: "柳北政发〔2025〕2号 柳州市…的通知"
        m = NUMBER_RE.match(title)
        if m and a.title[0] in a.web:
            title = title[m.end():].strip()
        note = _ORDER_NOTE.search(title)
        if note:  # the order that published the rules is not part of their title (the issuer reads it)
            doc.extras["promulgation_note"] = note.group(0)
            title = title[: note.start()].rstrip()
        start, end = doc.lines[a.title[0]].start, doc.lines[a.title[-1]].end
        doc.set_field("title", title, start, end, confidence=0.9, rule="title_block")
    elif doc.site_metadata.get("标题"):
        # a metadata table's cell borders come with the value ("标题:…的通知 | |")
        t = doc.site_metadata["标题"].strip(" \t|｜")
        n = NUMBER_RE.match(t)
        t = t[n.end():].strip() if n else t
        doc.set_field("title", t, confidence=0.5, rule="site_metadata")
    extract_doc_type(doc)


def extract_recipients(doc: Document, a: Anchors) -> None:
    if a.recipients is None:
        return
    i, s0, e0 = a.spans.get("recipients", (a.recipients, 0, len(doc.lines[a.recipients].text)))
    ln = doc.lines[i]
    text = ln.text[s0:e0]
    rule = "colon_line" if e0 < len(ln.text) and ln.text[e0] in ":：" else "after_title"
    doc.set_field("recipients", split_recipients(text), ln.start + s0, ln.start + e0, confidence=0.9, rule=rule)


def extract_imprint(doc: Document, a: Anchors) -> None:
    for i in a.imprint:
        ln = doc.lines[i]
        m = _IMPRINT.match(ln.text)
        if not m:
            continue
        org = m["org"].strip()
        doc.set_field("printed_by", org, ln.start + m.start("org"), ln.start + m.start("org") + len(org),
                      confidence=0.9, rule="imprint_line")
        ds = find_dates(m["date"])
        if ds:
            doc.set_field("print_date", ds[0].iso, ln.start + m.start("date"), ln.start + m.end("date"),
                          confidence=0.9, rule="imprint_line", printed=m["date"])
        break
    if a.cc:
        i = a.cc[0]
        ln = doc.lines[i]
        doc.set_field("cc", split_recipients(ln.text), ln.start, ln.end, confidence=0.9, rule="cc_line")


def extract_attachments(doc: Document, a: Anchors) -> None:
    items: list[str] = []
    for k, i in enumerate(a.attachment_note):
        s = doc.lines[i].text.strip()
        s = re.sub(r"^附\s*件\s*\d{0,2}\s*[:：]", "", s).strip()
        s = re.sub(r"^\d{1,2}\s*[．.、]\s*", "", s).strip()
        if s:
            items.append(s.rstrip("。"))
    if items:
        start = doc.lines[a.attachment_note[0]].start
        end = doc.lines[a.attachment_note[-1]].end
        doc.set_field("attachments", items, start, end, confidence=0.85, rule="attachment_note")


def extract_header_marks(doc: Document, a: Anchors) -> None:
    if a.signer is not None:
        ln = doc.lines[a.signer]
        m = _SIGNER.search(ln.text)
        if m:
            names = [x for x in re.split(r"[ 、，,]+", m["names"].strip()) if x]
            doc.set_field("signers", names, ln.start + m.start("names"), ln.start + m.end("names"),
                          confidence=0.9, rule="signer_label")
    for i in a.header:
        s = doc.lines[i].text.strip()
        ln = doc.lines[i]
        if re.fullmatch(r"\d{6}", s):
            doc.set_field("copy_number", s, ln.start, ln.end, confidence=0.8, rule="header")
        for lv in SECRECY_LEVELS:
            if s.startswith(lv):
                doc.set_field("secrecy", s, ln.start, ln.end, confidence=0.8, rule="header")
        if s in URGENCY_LEVELS:
            doc.set_field("urgency", s, ln.start, ln.end, confidence=0.8, rule="header")


def extract_parts(doc: Document, a: Anchors) -> None:
    """The split between a covering notice and what it transmits or attaches (附件 after the signature)."""
    if a.appendix_start is None:
        return
    body = [ln for ln in doc.lines if ln.zone == "appendix"]
    if not body:
        return
    covering_end = doc.lines[a.appendix_start - 1].end
    head = body[0].text.strip()
    if re.fullmatch(r"附\s*件\s*\d{0,2}", head) and len(body) > 1:
        head = body[1].text.strip()
    doc.set_field("covering", {"start": doc.lines[0].start, "end": covering_end}, doc.lines[0].start, covering_end,
                  confidence=0.8, rule="zones")
    doc.set_field("transmitted", {"title": head if len(head) <= 80 else None, "start": body[0].start,
                                  "end": body[-1].end}, body[0].start, body[-1].end, confidence=0.8, rule="zones")


def extract_header_fields(doc: Document) -> Document:
    """Fill the GB/T 9704 header, signature and 版记 fields of *doc*."""
    a: Anchors = doc.extras["anchors"]
    if extract_order(doc, a):
        extract_date(doc, a)
        extract_parts(doc, a)
        return doc
    extract_number(doc, a)
    extract_title(doc, a)
    extract_issuer(doc, a)
    extract_date(doc, a)
    extract_recipients(doc, a)
    extract_imprint(doc, a)
    extract_attachments(doc, a)
    extract_header_marks(doc, a)
    extract_parts(doc, a)
    announced_law_title(doc)
    n = doc.extras.get("doc_number")
    if n is not None and (n.agency_code or "").endswith("令") and doc.value("doc_type") != "命令":
        # "政府令〔2010〕第15号", "国令第707号": an order, whatever the title of the rules it publishes says
        f = doc.fields["doc_number"]
        doc.set_field("doc_type", "命令", f.start, f.end, confidence=0.85, rule="order_number_code")
    if n is not None:
        nonstandard = [f for f in n.flags if f in ("leading_zero", "di", "zi", "chinese_year", "no_year")]
        if nonstandard:
            doc.warn("doc_number_nonstandard", f"发文字号 '{n.printed}' departs from GB/T 9704: {', '.join(nonstandard)}")
    return doc


__all__ = ["extract_header_fields", "doc_type_of", "split_orgs", "split_recipients", "find_numbers"]
