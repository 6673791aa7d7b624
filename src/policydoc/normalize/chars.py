"""Character-level cleaning: invisible characters, odd spaces, full-width letters and digits.

Full-width ASCII letters and digits (ＡＢＣ１２３) become half-width; Chinese punctuation
(，。：；（）〔〕《》) stays as printed, since 公文 use it by the standard.
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
    return mt.translate(TABLE)
