"""Character-level cleaning: invisible characters, odd spaces, full-width letters and digits.

Full-width ASCII letters and digits (ＡＢＣ１２３) become half-width; Chinese punctuation
(，。：；（）〔〕《》) stays as printed, since 公文 use it by the standard. Where a web copy or OCR typed ASCII
for the marks that have no other reading in Chinese text, they are folded to the standard ones: a title in
angle brackets ("关于印发<…办法>的通知" → 《…办法》), quotes around Chinese words ("\"三农\"" → “三农”), and a
full stop between Chinese characters ("执行.特此通知" → "执行。特此通知").
"""
from __future__ import annotations

import re

from ..document import PAGE_FORMATS, Document
from ..mapped import MappedText

_WIDTH = {cp: chr(cp - 0xFEE0) for cp in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B))
          + list(range(0xFF41, 0xFF5B))}
_SPACES = {cp: " " for cp in (0x00A0, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
                              0x200A, 0x202F, 0x205F, 0x3000, 0x0009, 0x000B, 0x000C)}
# The katakana middle dot is the Adobe-GB1 glyph of the 间隔号 (“5·13”): PDFium and Japanese-made fonts map
# it to U+30FB where pdfminer and the standard (GB/T 15834) use U+00B7.
_DOTS = {0x30FB: "\u00b7"}
TABLE = {**_WIDTH, **_SPACES, **_DOTS}
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]")
_CID = re.compile(r"\(cid:\d+\)")
_LINE_END = re.compile(r"\r\n?")
_HAN = "\u4e00-\u9fff"
# <…> holding Chinese and no markup (tags are gone by now; "<p>" leftovers hold no Han)
# (a title may wrap onto a second line)
_ANGLE_TITLE = re.compile(rf"<([^<>=/\n]{{0,80}}?[{_HAN}]\n?[^<>=/\n]{{0,80}}?[{_HAN}][^<>=/\n]{{0,80}}?)>")
_ASCII_QUOTES = re.compile(rf'"([^"\n]{{0,40}}?[{_HAN}][^"\n]{{0,40}}?)"')
_ASCII_STOP = re.compile(rf"(?<=[{_HAN}）”》])\.(?=[{_HAN}“《（]|\s*$)", re.M)


def line_ends(mt: MappedText, doc: Document) -> MappedText:
    """\\r\\n and \\r become \\n before anything reads lines: a string from Windows or an old Mac reaches
    ``parse_text`` untranslated, and a file reader may keep them.

    >>> line_ends(MappedText("各基层工会：\\r\\n\\r\\n现印发给你们。\\r"), None).text
    '各基层工会：\\n\\n现印发给你们。\\n'
    """
    return mt.sub(_LINE_END, "\n") if "\r" in mt.text else mt


def clean(mt: MappedText, doc: Document) -> MappedText:
    """Remove invisible characters and ``(cid:NN)`` glyphs; fold spaces and full-width ASCII.

    >>> clean(MappedText("柳北政发〔２０２５〕２号\\u3000通知"), None).text
    '柳北政发〔2025〕2号 通知'
    """
    if doc is not None and (doc.format in PAGE_FORMATS or doc.meta.get("hard_wrapped_at")):
        # In a PDF's text layer a soft hyphen is a printed hyphen ("2014\u00ad2020").
        mt = mt.translate({0xAD: "-"})
    mt = mt.sub(_INVISIBLE, "")
    mt = mt.sub(_CID, "")
    mt = mt.translate(TABLE)
    return ascii_marks(mt)


def ascii_marks(mt: MappedText) -> MappedText:
    """Fold ASCII stand-ins for 《》, “” and 。 in Chinese text (one character for one: offsets keep).

    >>> ascii_marks(MappedText('关于印发<工会法>的通知."三农"发展.')).text
    '关于印发《工会法》的通知。“三农”发展。'
    """
    t = mt.text
    if "<" not in t and '"' not in t and "." not in t:
        return mt
    mt = mt.sub(_ANGLE_TITLE, lambda m: "《" + m.group(1) + "》")
    mt = mt.sub(_ASCII_QUOTES, lambda m: "“" + m.group(1) + "”")
    return mt.sub(_ASCII_STOP, "。")
