"""Header and signature fields of a 公文: number, issuer, title, 文种, recipients, dates, 版记.

Each field has an ordered list of strategies; the first that yields a valid value wins
and its name is kept as the field's ``rule``. Site metadata from web pages is used only
where the document itself is silent, and then with low confidence.
"""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh.gongwen import (BODY_TYPES, DOC_TYPE_ALIASES, DOC_TYPES, ORDER_CODES, SECRECY_LEVELS,
                               URGENCY_LEVELS)
from ..structure.zones import _IMPRINT, _SIGNER, Anchors, is_history_line
from .dates import find_dates, parse_date_line
from .doc_number import NUMBER_RE, find_numbers, parse_number, whole_line_number
from .issuer import extract_issuer, split_orgs

_TRAILING_PAREN = re.compile(r"[(（][^()（）]{1,12}[)）]$")
_TRANSMIT = re.compile(r"关于(?:印发|转发|发布|颁发|下发|修订印发)(?P<what>.+?)的(?:通知|函|决定)$")
_QUOTED = re.compile(r"《(?P<t>[^《》]+)》")


def doc_type_of(title: str) -> str | None:
    """文种 (or body type) from the end of a title.

    >>> doc_type_of("国务院办公厅关于同意以哈尔滨市名义申办…的复函")
    '函'
    >>> doc_type_of("柳北区人民政府与柳北区总工会联席会议制度(试行)")
    '制度'
    """
    t = _TRAILING_PAREN.sub("", title.strip())
    for word in sorted(set(DOC_TYPE_ALIASES) | set(DOC_TYPES) | set(BODY_TYPES), key=len, reverse=True):
        if t.endswith(word):
            return DOC_TYPE_ALIASES.get(word, word)
    return None


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
    serial = int(re.search(r"\d+", ln.text).group(0))
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
    for ln in doc.lines[:15]:
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

#: 文种 evident from the body when no title says it: closing formulas and covering-note phrases.
_CLOSING = [(re.compile(p), t) for p, t in (
    (r"(?:现|特此)批复(?:如下)?", "批复"), (r"(?:现|特此)函复(?:如下)?|特此复函|函复如下|特此函告|函告如下", "函"),
    (r"特此通知|通知如下|(?:现|特)将.{0,80}?(?:印发|转发|下发)给你们|现予印发", "通知"),
    (r"特此通报|通报如下|予以通报(?:表彰|批评)", "通报"),
    (r"特此决定|现决定如下", "决定"), (r"特此公告", "公告"), (r"特此通告", "通告"),
    (r"(?:现|特)(?:提出|就.{1,30}提出)(?:如下|以下)(?:实施|指导)?意见|提出(?:如下|以下)(?:实施|指导)?意见", "意见"),
    (r"妥否，?请批示|请予审批|请批复", "请示"), (r"特此报告|报告如下", "报告"))]


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
        t = doc.site_metadata["标题"]
        n = NUMBER_RE.match(t)
        t = t[n.end():].strip() if n else t
        doc.set_field("title", t, confidence=0.5, rule="site_metadata")
    title = doc.value("title")
    if not title:
        _doc_type_from_closing(doc)
        return
    f = doc.fields["title"]
    dt = doc_type_of(title)
    cover = _covering_note(doc) if dt in _CARRIED_TYPES and not _TRANSMIT.search(title) else None
    if cover is not None:
        # a web heading names the document carried ("…联席会议制度"), the text is its covering note
        doc.set_field("doc_type", "通知", cover[0], cover[1], confidence=0.6, rule="covering_note")
    elif dt:
        doc.set_field("doc_type", dt, f.start, f.end, confidence=f.confidence, rule="title_end")
    else:
        _doc_type_from_closing(doc)
    m = _TRANSMIT.search(title)
    if m:
        q = _QUOTED.search(m["what"])
        what = q["t"] if q else m["what"]
        doc.set_field("transmitted_title", what, f.start, f.end, confidence=f.confidence, rule="transmit_title")
        tdt = doc_type_of(what)
        if tdt:
            doc.set_field("transmitted_type", tdt, f.start, f.end, confidence=f.confidence, rule="transmit_title")


#: 文种 of documents that are issued by being carried in a covering 通知 ("印发", "转发").
_CARRIED_TYPES = frozenset({"制度", "办法", "规定", "细则", "方案", "规划", "要点", "预案", "规则", "条例", "计划"})
#: The covering note's formula: "《…暂行办法》已经省人民政府同意，现印发给你们".
_COVER_FORMULA = re.compile(r"现(?:将.{0,40}?)?(?:予以|予)?(?:印发|转发|下发)给你们")


def _covering_note(doc: Document) -> tuple[int, int] | None:
    """Offsets of the covering formula in the text before any appendix, or None.

    >>> bool(_COVER_FORMULA.search("《山西省人民政府与山西省总工会联席会议暂行办法》已经省人民政府同意,现印发给你们,请认真贯彻执行"))
    True
    """
    for ln in doc.lines:
        if ln.zone in ("appendix", "attachment"):
            break
        if ln.zone not in ("body", "recipients"):
            continue
        m = _COVER_FORMULA.search(ln.text)
        if m:
            return ln.start + m.start(), ln.start + m.end()
    return None


def _doc_type_from_closing(doc: Document) -> None:
    """No title to read the 文种 from: use the closing formula ("特此批复", "现通知如下")."""
    for ln in doc.lines:
        if ln.zone not in ("body", "recipients"):
            continue
        for rx, dt in _CLOSING:
            m = rx.search(ln.text)
            if m:
                doc.set_field("doc_type", dt, ln.start + m.start(), ln.start + m.end(), confidence=0.6,
                              rule="closing_formula")
                return


def _site_publish_date(doc: Document):
    ds = find_dates(doc.site_metadata.get("发布日期", "") or "")
    return ds[0].value if ds else None


def extract_date(doc: Document, a: Anchors) -> None:
    site_date = None
    if doc.site_metadata.get("成文日期"):
        ds = find_dates(doc.site_metadata["成文日期"])
        site_date = ds[0].value if ds else None
    if a.date is None:
        _date_from_head(doc, a)
        return
    ln = doc.lines[a.date]
    if "date" in a.spans:
        _, s0, e0 = a.spans["date"]
        ds = find_dates(ln.text[s0:e0], ln.start + s0)
        dm = ds[0] if ds else None
    else:
        dm = parse_date_line(ln.text, ln.start, hint=site_date)
    if dm is None:
        ds = find_dates(ln.text, ln.start)
        dm = ds[-1] if ds else None
    if dm is None or dm.value is None:
        return
    conf = 0.95 if dm.parser != "compact" else (0.8 if dm.precision == "day" else 0.3)
    if dm.parser == "compact":
        if len(dm.alternatives) > 1 and site_date not in dm.alternatives:
            # a document is published after it is written: readings later than the page's
            # publish date are impossible ("2016125" published 2016-02 → 2016-01-25, not 2016-12-05)
            published = _site_publish_date(doc)
            possible = [d for d in dm.alternatives if published and d <= published]
            if len(possible) == 1:
                dm.value, dm.precision, conf = possible[0], "day", 0.6
                doc.warn("date_ambiguous", f"'{dm.text}' read as {dm.iso}: the other readings are after the "
                                           f"page's publish date {published.isoformat()}")
            else:
                doc.warn("date_ambiguous", f"'{dm.text}' could be " + " or ".join(d.isoformat() for d in dm.alternatives))
                return
        doc.warn("date_digits_only", f"成文日期 printed as '{dm.text}' (年月日 lost); read as {dm.iso}"
                 + (", confirmed by the site's 成文日期" if site_date in dm.alternatives else ""))
    doc.set_field("date", dm.iso, dm.start, dm.end, confidence=conf, rule=f"signature_{dm.parser}", printed=dm.text)
    if site_date and dm.value != site_date:
        doc.extras.setdefault("disagreements", {})["date"] = {"document": dm.iso, "site": site_date.isoformat()}


_GAZETTE = re.compile(r"^[(（](?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零OОΟ0一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
                      r"(?P<rest>[^()（）]*)[)）]")  # a flattened copy may go on with the body after ")"


def _promulgation_date(doc: Document, ln, t: str) -> bool:
    """Rules published by an order are dated by it: "天津市人民政府令第87号 一九九七年九月二十四日",
    "（…交通运输部令2023年第22号，2023年12月17日公布，自2024年3月1日起施行）" (the date it was 公布, not 施行)."""
    from .issuer import PROMULGATION

    if len(t) > 160 or not PROMULGATION.search(t):
        return False
    k = ln.text.find(t) if t in ln.text else 0
    ds = [d for d in find_dates(t, ln.start + k) if d.value is not None and d.precision == "day"]
    ds = [d for d in ds if not re.match(r"\s*起?施行", t[d.end - ln.start - k:])]
    if not ds:
        return False
    d = next((d for d in ds if re.match(r"\s*(?:公布|发布)", t[d.end - ln.start - k:])), ds[0])
    doc.set_field("date", d.iso, d.start, d.end, confidence=0.85, rule="promulgation_note", printed=d.text)
    return True


def _history_note_date(doc: Document, a: Anchors) -> bool:
    """Laws as the 国家法律法规数据库 prints them: next to the title one line per step of the law's history
    ("2008年6月19日 宁波市…会议通过", "2008年9月19日 浙江省…批准", "2008年10月6日 …公告第6号公布",
    "2008年11月1日 施行"). The text is the version of the latest step that is not its 施行: 2008-10-06.
    The note is read under the title, or above it when the title is printed again under the note.
    A note in parentheses is not one of these (gazette style, read by the rules below)."""
    if not a.title:
        return False
    below = range(max(a.title) + 1, min(len(doc.lines), max(a.title) + 16))
    above = range(min(a.title) - 1, max(-1, min(a.title) - 16), -1)
    best = None
    for run in (below, above):
        for i in run:
            ln = doc.lines[i]
            if not ln.text.strip():
                continue
            if not is_history_line(ln.text):
                break
            for d in find_dates(ln.text, ln.start):
                if d.value is None or d.precision != "day" or re.match(r"\s*起?施行", ln.text[d.end - ln.start:]):
                    continue
                if best is None or d.value > best.value:
                    best = d
        if best is not None:
            break
    if best is None:
        return False
    doc.set_field("date", best.iso, best.start, best.end, confidence=0.85, rule="history_note", printed=best.text)
    return True


def _date_from_head(doc: Document, a: Anchors) -> None:
    """No dated signature: the date printed under the title in parentheses (gazette style,
    "（1989年4月12日 发〔1989〕35号）"), or a date line of its own beside the number at the top (web copies)."""
    if _history_note_date(doc, a):
        return
    near = [i for i in range(len(doc.lines)) if i < 12 and (i in a.title or i == a.number)]
    if not near:
        return
    cut = a.spans.get("title")
    for i in range(min(near), min(len(doc.lines), max(near) + 3)):
        ln = doc.lines[i]
        t = ln.text.strip()
        if cut and cut[0] == i and cut[2] < len(ln.text):  # the note after a title on its line
            t = ln.text[cut[2]:].strip()
        if _promulgation_date(doc, ln, t):
            return
        m = _GAZETTE.match(t)
        if m:
            ds = find_dates(m["date"], ln.start + ln.text.find(m["date"]))
            if ds and ds[0].value:
                doc.set_field("date", ds[0].iso, ds[0].start, ds[0].end, confidence=0.85, rule="gazette_parens",
                              printed=ds[0].text)
                if doc.value("doc_number") is None:
                    nums = find_numbers(m["rest"])
                    if nums:
                        k = ln.start + ln.text.find(m["rest"])
                        doc.set_field("doc_number", nums[0].normalized, k + nums[0].start, k + nums[0].end,
                                      confidence=0.85, rule="gazette_parens", printed=nums[0].printed)
                        doc.extras["doc_number"] = nums[0]
            return
        if i not in a.title and i != a.number and len(t) <= 16:
            dm = parse_date_line(t, ln.start)
            if dm is not None and dm.value is not None and dm.parser != "compact":
                doc.set_field("date", dm.iso, dm.start, dm.end, confidence=0.7, rule="head_date", printed=dm.text)
                return


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
