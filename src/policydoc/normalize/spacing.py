"""Spaces and blank lines: remove the gaps that layout puts inside Chinese text.

"〔2025〕2 号" → "〔2025〕2号", "2025 年 2 月" → "2025年2月", "税 务 总 局" → "税务总局";
spaces between Latin words stay. Lines are trimmed and blank lines dropped, so every line
of the normalised text is one paragraph.
"""
from __future__ import annotations

import re

from ..document import PAGE_FORMATS, Document
from ..mapped import MappedText

_CJK = "\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019\u00b7\ufffd"
# Gaps inside numbers, dates and document numbers are never meant: "2 号", "2025 年", "〔 2025 〕".
_NUMBER_GAP = re.compile(r"(?<=\d) +(?=[年月日号號〕\]］)）])|(?<=[年月〔\[［(（〕\]］)）]) +(?=\d)")
# Letter-spaced words ("税 务 总 局", "标  题"): three or more CJK characters each one gap apart.
_SPACED_WORD = re.compile(rf"[{_CJK}](?: {{1,4}}[{_CJK}]){{2,}}")
# In a PDF any gap between CJK characters is layout, not a word break.
_PDF_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}0-9])|(?<=[0-9]) +(?=[{_CJK}])")
_MULTI = re.compile(r" {2,}")
_EDGE = re.compile(r"^ +| +$", re.M)
_BLANK = re.compile(r"\n{2,}")


def tidy(mt: MappedText, doc: Document | None) -> MappedText:
    """Remove layout gaps in Chinese text, trim lines, drop blank lines.

    Single spaces between Chinese words in web text stay ("精议题 重质效 强落实" is a
    headline of three phrases); in PDFs every gap between Chinese characters goes.

    >>> tidy(MappedText("发改办财金规〔2019〕860 号\\n\\n 2019 年 8 月 20 日 \\n税 务 总 局"), None).text
    '发改办财金规〔2019〕860号\\n2019年8月20日\\n税务总局'
    """
    mt = mt.sub(_NUMBER_GAP, "")
    mt = mt.sub(_SPACED_WORD, lambda m: m.group(0).replace(" ", ""))
    if doc is not None and doc.format in PAGE_FORMATS:
        mt = mt.sub(_PDF_GAP, "")
    mt = mt.sub(_MULTI, " ")
    mt = mt.sub(_EDGE, "")
    mt = mt.sub(_BLANK, "\n")
    return mt.sub(r"^\n+|\n+$", "")
