"""文种 of a 公文: from the end of its title, a covering note, or the closing formula of its body."""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh.gongwen import BODY_TYPES, DOC_TYPE_ALIASES, DOC_TYPES


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

#: 文种 evident from the body when no title says it: closing formulas and covering-note phrases.
_CLOSING = [(re.compile(p), t) for p, t in (
    (r"(?:现|特此)批复(?:如下)?", "批复"), (r"(?:现|特此)函复(?:如下)?|特此复函|函复如下|特此函告|函告如下", "函"),
    (r"特此通知|通知如下|(?:现|特)(?:将.{0,80}?)?(?:予以|予)?(?:印发|转发|下发)给你们|现予印发", "通知"),
    (r"特此通报|通报如下|予以通报(?:表彰|批评)", "通报"),
    (r"特此决定|现决定如下", "决定"), (r"特此公告", "公告"), (r"特此通告", "通告"),
    (r"(?:现|特)(?:提出|就.{1,30}提出)(?:如下|以下)(?:实施|指导)?意见|提出(?:如下|以下)(?:实施|指导)?意见", "意见"),
    (r"妥否，?请批示|请予审批|请批复", "请示"), (r"特此报告|报告如下", "报告"))]

#: 文种 of documents that are issued by being carried in a covering 通知 ("印发", "转发").
_CARRIED_TYPES = frozenset({"制度", "办法", "规定", "细则", "方案", "规划", "要点", "预案", "规则", "条例", "计划"})
#: The covering note's formula: "《…暂行办法》已经省人民政府同意，现印发给你们".
_COVER_FORMULA = re.compile(r"现(?:将.{0,40}?)?(?:予以|予)?(?:印发|转发|下发)给你们")


def _text_line(ln) -> bool:
    """A line of the text: body or 主送, or a long line that lost its breaks and also holds the signature."""
    return ln.zone in ("body", "recipients") or (ln.zone in ("signature", "date") and len(ln.text) > 80)


def _covering_note(doc: Document) -> tuple[int, int] | None:
    """Offsets of the covering formula in the text before any appendix, or None.

    >>> bool(_COVER_FORMULA.search("《山西省人民政府与山西省总工会联席会议暂行办法》已经省人民政府同意,现印发给你们,请认真贯彻执行"))
    True
    """
    for ln in doc.lines:
        if ln.zone in ("appendix", "attachment"):
            break
        if not _text_line(ln):
            continue
        m = _COVER_FORMULA.search(ln.text)
        if m:
            return ln.start + m.start(), ln.start + m.end()
    return None


def _doc_type_from_closing(doc: Document) -> None:
    """No title to read the 文种 from: use the closing formula ("特此批复", "现通知如下")."""
    for ln in doc.lines:
        if not _text_line(ln):
            continue
        for rx, dt in _CLOSING:
            m = rx.search(ln.text)
            if m:
                doc.set_field("doc_type", dt, ln.start + m.start(), ln.start + m.end(), confidence=0.6,
                              rule="closing_formula")
                return


def extract_doc_type(doc: Document) -> None:
    """文种 from the title's ending ("…的复函" → 函); a heading that names a carried document over a covering
    note ("现印发给你们") is a 通知; with no title, or none that ends in a 文种, the body's closing formula
    ("特此批复" → 批复). A title "关于印发《…办法》的通知" also gives the transmitted title and its type."""
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
