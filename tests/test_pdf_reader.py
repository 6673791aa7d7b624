"""PDF reading and layout undoing, checked against typeset real documents.

tests/fixtures/pdf holds real 公文 texts typeset in GB/T 9704 layout (see its README.md);
expected.json says exactly what was drawn: every paragraph, every line break, every page
number. After ``policydoc.parse`` each paragraph must be one line of ``doc.text`` (wrapped
lines rejoined across pages), page numbers gone, fake bold undone, damaged spacing
("2 号") repaired, and every field must point back to where it is printed.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import policydoc

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "tests" / "fixtures" / "pdf"
DOC_034 = ROOT.parent / "shared" / "corpus" / "docs" / "034.pdf"
ALL = json.loads((PDFS / "expected.json").read_text(encoding="utf-8"))
TEXT_PDFS = [e for e in ALL if e["has_text_layer"] and not e["password"]]
PAGE_NUMBER = re.compile(r"^\s*[—–-]\s*\d+\s*[—–-]\s*$")


def ws(s: str) -> str:
    return re.sub(r"\s+", "", s)


_cache: dict[str, policydoc.Document] = {}


def parsed(name: str) -> policydoc.Document:
    if name not in _cache:
        _cache[name] = policydoc.parse(PDFS / name)
    return _cache[name]


def test_fixture_list_is_complete():
    names = {e["file"] for e in ALL}
    assert names == {p.name for p in PDFS.glob("*.pdf")}
    assert len(TEXT_PDFS) == 18


@pytest.fixture(params=TEXT_PDFS, ids=[e["file"] for e in TEXT_PDFS])
def case(request):
    e = request.param
    return e, parsed(e["file"])


def _one_line(e: dict, paragraph: str) -> str:
    """Lines typeset with full-width gaps (name lists) are compared without white space (README)."""
    return ws(paragraph) if "\u3000" in paragraph else paragraph


def test_paragraphs_are_single_lines(case):
    e, doc = case
    lines = doc.text.split("\n")
    have = set(lines) | {ws(ln) for ln in lines}
    missing = [p for p in e["paragraphs"] if _one_line(e, p) not in have]
    assert not missing, f"{len(missing)} of {len(e['paragraphs'])} paragraphs not rejoined: {missing[0][:40]}"


def test_paragraphs_in_order(case):
    e, doc = case
    lines = [ws(ln) for ln in doc.text.split("\n")]
    pos = [lines.index(ws(p)) for p in e["paragraphs"]]
    assert pos == sorted(pos)


def test_after_signature_paragraphs(case):
    """附注, attachment and transmitted text: body-size paragraphs are rejoined too."""
    e, doc = case
    titles = {t for page in e["page_lines"] for role, t in page if role == "attachment_title"}
    lines = {ws(ln) for ln in doc.text.split("\n")}
    for p in e["after_signature"]:
        if p not in titles and any(p.startswith(t) for t in titles):
            continue  # a multi-line centred title stays as printed (one line per printed line)
        assert ws(p) in lines, p[:40]


def test_page_numbers_removed(case):
    e, doc = case
    lines = doc.text.split("\n")
    assert not [ln for ln in lines if PAGE_NUMBER.match(ln)]
    assert not set(lines) & set(e["page_numbers"])
    for n in e["page_numbers"]:
        assert n not in doc.text
    if e["pages"] > 1:
        assert doc.meta["furniture_lines_removed"] == e["pages"]


def test_page_count(case):
    e, doc = case
    assert len(doc.pages) == e["pages"]
    assert doc.meta["page_count"] == e["pages"]
    assert doc.record()["pages"] == e["pages"]


def test_doc_number(case):
    e, doc = case
    f = doc.fields["doc_number"]
    assert f.value == e["doc_number"]
    assert f.page == 1
    raw = doc.raw_text[slice(*doc.raw_span(f.start, f.end))]
    assert ws(raw) == e["doc_number"]
    if e["variant"] == "spaced":
        assert " 号" in raw  # printed with the gap; the value is repaired, the span shows the print


def test_title_date_recipients_spans(case):
    e, doc = case
    title = doc.fields["title"]
    assert title.value == e["title"]
    assert ws(doc.raw_text[slice(*doc.raw_span(title.start, title.end))]) == e["title"]
    assert title.page == 1
    date = doc.fields["date"]
    assert ws(doc.raw_text[slice(*doc.raw_span(date.start, date.end))]) == e["date"]
    assert e["recipients"] + "：" in doc.text.split("\n")


def test_issuer_mark_and_date_lines(case):
    e, doc = case
    lines = doc.text.split("\n")
    if e["variant"] != "joint":
        assert lines[0] == e["issuer_mark"]
    assert ws(e["date"]) in {ws(ln) for ln in lines}


BOLD = [e for e in TEXT_PDFS if e["variant"] == "bold"]
SPACED = [e for e in TEXT_PDFS if e["variant"] == "spaced"]


@pytest.mark.parametrize("e", BOLD, ids=[e["file"] for e in BOLD])
def test_bold_variants_have_no_doubled_characters(e):
    doc = parsed(e["file"])
    hints = e["raw_extraction_hints"]
    assert hints["issuer_mark"] not in doc.raw_text  # doubled only in a naive extraction
    lines = doc.text.split("\n")
    assert lines[0] == e["issuer_mark"]
    assert lines[2: 2 + len(e["title_lines"])] == e["title_lines"]
    assert doc.text.count(e["title_lines"][0]) == 1
    assert doc.value("title") == e["title"]
    assert any(n.code == "overprint" for n in doc.notices)
    # only the overprinted lines changed: the whole text is exactly the base variant's
    assert doc.text == parsed(e["file"].replace("_bold", "")).text


@pytest.mark.parametrize("e", SPACED, ids=[e["file"] for e in SPACED])
def test_spaced_variant_equals_base_after_normalisation(e):
    doc = parsed(e["file"])
    base = parsed(e["file"].replace("_spaced", ""))
    hints = e["raw_extraction_hints"]
    assert hints["doc_number"] in doc.raw_text and hints["date"] in doc.raw_text  # the damage is real
    assert e["doc_number"] not in doc.raw_text
    assert doc.value("doc_number") == base.value("doc_number") == e["doc_number"]
    assert doc.value("date") == base.value("date")
    assert e["doc_number"] in doc.text.split("\n")
    assert e["date"] in doc.text.split("\n")


def test_page_of_each_paragraph():
    """Fields and paragraphs know their page: 022's cover letter is on page 1, its 方案 starts on page 2."""
    doc = parsed("022.pdf")
    assert doc.fields["doc_number"].page == 1
    e = next(x for x in ALL if x["file"] == "022.pdf")
    first_after = e["after_signature"][0]
    k = doc.text.find(first_after)
    assert k > 0
    assert doc.page_at(k) == next(i + 1 for i, page in enumerate(e["page_lines"])
                                  if any(t == first_after for _r, t in page))


def test_name_list_page_is_not_merged():
    """031's second page has only indented name lines: none may be glued to the next."""
    doc = parsed("031.pdf")
    lines = {ws(ln) for ln in doc.text.split("\n")}
    for name in ("贾高建中央党史和文献研究院副院长、中央编译局局长", "李树深中科院副院长", "吴德刚中央党史和文献研究院副院长"):
        assert name in lines


def test_joint_document_wrapped_across_pages():
    """026: the last paragraph's final word "处理。" is alone on page 3, above the signatures."""
    doc = parsed("026_joint.pdf")
    e = next(x for x in ALL if x["file"] == "026_joint.pdf")
    assert e["paragraphs"][-1].endswith("不得擅自处理。")
    assert e["paragraphs"][-1] in doc.text.split("\n")
    assert "处理。" not in doc.text.split("\n")


@pytest.fixture(scope="module")
def doc034():
    if not DOC_034.exists():
        pytest.skip("../shared/corpus is not beside the repository")
    return policydoc.parse(DOC_034)


def test_034_fields(doc034):
    doc = doc034
    assert doc.value("doc_number") == "发改办财金规〔2019〕860号"
    assert doc.value("issuers") == ["国家发展改革委办公厅", "税务总局办公厅"]
    assert doc.value("date") == "2019-08-20"
    assert doc.value("title") == "关于加强个人所得税纳税信用建设的通知"
    f = doc.fields["doc_number"]
    assert f.page == 1
    assert ws(doc.raw_text[slice(*doc.raw_span(f.start, f.end))]) == "发改办财金规〔2019〕860号"


def test_034_recipients_line_is_one_line(doc034):
    line = ("各省、自治区、直辖市、新疆生产建设兵团社会信用体系建设牵头部门，国家税务总局各省、自治区、直辖市和计划单列市"
            "税务局，社会信用体系建设部际联席会议成员单位办公厅（室）：")
    assert line in doc034.text.split("\n")
    assert doc034.value("recipients") == ["各省、自治区、直辖市、新疆生产建设兵团社会信用体系建设牵头部门",
                                          "国家税务总局各省、自治区、直辖市和计划单列市税务局",
                                          "社会信用体系建设部际联席会议成员单位办公厅（室）"]
    assert not [ln for ln in doc034.text.split("\n") if PAGE_NUMBER.match(ln)]
