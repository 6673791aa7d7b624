"""Say so when a document looks like a 公文 but no header field came out of it.

A notice that reads but yields nothing (lost line breaks, an odd layout, OCR noise) must not pass
as ``status: "ok"`` with every field null. The evidence that a header is expected:

* a 文种 word ending one of the first lines ("…的通知", "…意见", "…批复", "…函"), or
* a 发文字号 anywhere in the text ("柳北政发〔2025〕2号").

If there is such evidence and none of the header fields was found, the document gets a
``header_missing`` warning that names the evidence and every missing field; if a 发文字号 stands in
the first lines but ``doc_number`` is empty, a ``doc_number_missing`` warning names it.

A text with neither header fields nor such evidence, and no mark of a news report, gets ``no_header``.
When some header fields were read, each field every 公文 has (标题, 发文机关, 文种, 成文日期) that was not
is named in one ``fields_missing`` warning, so a null is never silent. 发文字号 and 主送 are left out of it:
laws, 公告 and 令 have neither.
"""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh.gongwen import DOC_TYPE_ALIASES, DOC_TYPES
from ..pipeline import component
from .doc_number import find_numbers
from .news import news_mark

HEADER_FIELDS = ("doc_number", "issuer", "title", "date", "recipients")
#: Fields every 公文 prints (GB/T 9704: 标题, 发文机关 in 版头 or 署名, 成文日期; 文种 ends the title).
EXPECTED_FIELDS = ("title", "issuer", "doc_type", "date")
#: How many lines count as "the first lines" of a document (版头 + 标题 + 主送 fit in this).
FIRST_LINES = 8
#: Longest plausible single 主送 entry ("各省、自治区、直辖市、新疆生产建设兵团社会信用体系建设牵头部门" is 33).
MAX_RECIPIENT = 60
_TYPES = sorted(set(DOC_TYPES) | set(DOC_TYPE_ALIASES), key=len, reverse=True)
_TYPE_AT_END = re.compile(rf"(?:{'|'.join(_TYPES)})[)）]?$")


def header_evidence(text: str) -> str | None:
    """Why a header is expected in *text*, or ``None``.

    >>> header_evidence("柳州市柳北区人民政府关于印发《联席会议制度》的通知\\n各基层工会：")
    "文种 word in the first lines: '柳州市柳北区人民政府关于印发《联席会议制度》的通知'"
    >>> header_evidence("根据柳北政发〔2025〕2号文件精神，现将有关事项说明如下。")
    "发文字号 pattern: '柳北政发〔2025〕2号'"
    >>> header_evidence("今天天气很好。") is None
    True
    """
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:FIRST_LINES]
    for ln in lines:
        if len(ln) <= 120 and _TYPE_AT_END.search(ln):
            return f"文种 word in the first lines: '{ln}'"
    nums = find_numbers(text)
    if nums:
        return f"发文字号 pattern: '{nums[0].printed}'"
    return None


def check_header(doc: Document) -> Document:
    """Warn (``header_missing``, ``fields_missing``, ``doc_number_missing``) when an expected header field
    did not come out.

    >>> import policydoc
    >>> doc = policydoc.parse_text("各乡镇人民政府：\\n现将有关事项通知如下。\\n柳州市柳北区人民政府\\n2025年3月1日")
    >>> doc.value("issuer"), doc.value("doc_type")
    ('柳州市柳北区人民政府', '通知')
    >>> [n.message for n in doc.notices if n.code == "fields_missing"]
    ['not found in this copy: title (left null)']
    """
    if news_mark(doc):  # a news report is not a 公文 (the news stage needs the same mark)
        return doc
    found = [f for f in HEADER_FIELDS if _plausible(f, doc.value(f))]
    if not found:
        why = header_evidence(doc.text)
        if why:
            odd = [f for f in HEADER_FIELDS if doc.value(f) not in (None, [], "")]
            note = f" ({', '.join(odd)}: implausible value)" if odd else ""
            doc.warn("header_missing", f"looks like a 公文 ({why}) but no header field was found: "
                                       f"{', '.join(HEADER_FIELDS)} missing{note}")
        elif doc.text.strip():  # nothing found and nothing expected: still said, never an empty record in silence
            doc.warn("no_header", f"no header field was found ({', '.join(HEADER_FIELDS)}) and nothing marks "
                                  "the text as a 公文 or a news report")
        return doc
    missing = [f for f in EXPECTED_FIELDS if doc.value(f) in (None, [], "")]
    if missing:
        doc.warn("fields_missing", f"not found in this copy: {', '.join(missing)} (left null)")
    if doc.value("doc_number") is None:
        for ln in doc.text.split("\n")[:FIRST_LINES]:
            nums = find_numbers(ln)
            if nums and nums[0].start <= 2:  # the number opens its line: not a citation in a sentence
                doc.warn("doc_number_missing", f"a 发文字号 '{nums[0].printed}' stands in the first lines "
                                               "but no doc_number was extracted")
                break
    return doc


def _plausible(name: str, value) -> bool:
    """A value that can be a header field: a 主送 list of a whole run-together header is not."""
    if value in (None, [], ""):
        return False
    if name == "recipients":
        return all(len(r) <= MAX_RECIPIENT for r in value)
    return True


@component("header_check", requires=("lines",), assigns=("header_check",))
def _header_check_component(doc: Document) -> Document:
    return check_header(doc)
