"""DOCX reading: body order, Word's automatic numbering, text boxes, tables, headers and footers.

The fixtures in tests/fixtures/docx are real 公文 texts built with python-docx by
``make_docx.py`` (see the README there); ``expected_docx.json`` lists each file's lines as
printed, numbering labels included, although the files hold the labels only as
``w:numPr`` references to numbering.xml.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import policydoc
from policydoc.readers.docx import chinese_number, read_docx

from .conftest import need_shared

ROOT = Path(__file__).resolve().parent.parent
DOCX = ROOT / "tests" / "fixtures" / "docx"
EXPECTED = json.loads((DOCX / "expected_docx.json").read_text(encoding="utf-8"))
BY_FILE = {e["file"]: e for e in EXPECTED}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def lines_of(doc) -> list[str]:
    return [ln for ln in doc.raw_text.split("\n") if ln.strip()]


def document_xml(name: str) -> str:
    with zipfile.ZipFile(DOCX / name) as z:
        return z.read("word/document.xml").decode("utf-8")


@pytest.fixture(params=EXPECTED, ids=[e["file"] for e in EXPECTED])
def case(request):
    e = request.param
    return e, read_docx(DOCX / e["file"])


def test_fixtures_present():
    names = {p.name for p in DOCX.glob("*.docx")}
    assert {"liubei_2025_2.docx", "guofa_2019_5.docx", "guobanfa_2019_3.docx"} <= names
    assert names == set(BY_FILE)


def test_paragraphs_in_order_with_labels(case):
    e, doc = case
    assert doc.format == "docx"
    assert lines_of(doc) == e["lines"]


def test_labels_come_from_numbering_not_text(case):
    """The fixture is meaningful only if the labels are not in the XML: Word renders them."""
    e, _ = case
    xml = document_xml(e["file"])
    texts = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert e["numbered"]
    for line in e["numbered"]:
        label = re.match(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|（[一二三四五六七八九十]+）|\d+\.)",
                         line).group(0)
        assert line[len(label):] in texts
        assert label + line[len(label):len(label) + 4] not in texts


def test_numbering_labels_rendered():
    doc = read_docx(DOCX / "liubei_2025_2.docx")
    lines = lines_of(doc)
    heads = [ln for ln in lines if re.match(r"^[一二三四五六七八九十]+、", ln)]
    assert heads == ["一、联席会议目标", "二、联席会议内容", "三、联席会议的组织落实", "四、本制度自颁布之日起施行。"]
    subs = [ln[:3] for ln in lines if ln.startswith("(")]
    # (一)…(六) under 二、, restarted at (一) under 三、
    assert subs == ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)"] * 2
    assert lines.index("二、联席会议内容") < lines.index(next(ln for ln in lines if ln.startswith("(一)政府通报")))


def test_style_linked_numbering():
    """021's 一、 headings get their numbering from a paragraph style, （一） items from direct numPr."""
    xml = document_xml("guofa_2019_5.docx")
    assert xml.count("<w:numPr>") == 10  # the （一）… items only
    assert xml.count('<w:pStyle w:val="') == 4  # the four 一、 headings carry the numbered style
    doc = read_docx(DOCX / "guofa_2019_5.docx")
    lines = lines_of(doc)
    assert [ln for ln in lines if re.match(r"^[一二三四]、", ln)] == ["一、总体要求", "二、主要目标", "三、重点任务", "四、保障措施"]
    items = [ln for ln in lines if ln.startswith("（") and ln[1] in "一二三四五六七"]
    assert [ln[:3] for ln in items] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）",
                                        "（一）", "（二）", "（三）"]
    assert "（七）做好个案处理和专项检查工作。" in lines


def test_decimal_lists_restart():
    """023: each "1." list is its own w:num with a startOverride, so numbering restarts per section."""
    doc = read_docx(DOCX / "guobanfa_2019_3.docx")
    lines = lines_of(doc)
    decimal = [ln[:2] for ln in lines if re.match(r"^\d\.", ln)]
    assert decimal == ["1.", "2.", "3."] * 3
    assert lines[lines.index("三、工作措施") + 1].startswith("1.摸底排查。")
    assert lines[lines.index("四、组织实施") + 1].startswith("1.建立治理工作协调机制。")


def test_headers_and_footers_kept_apart():
    for name in ("liubei_2025_2.docx", "liubei_2025_2_libreoffice.docx"):
        if name not in BY_FILE:
            continue
        e = BY_FILE[name]
        doc = read_docx(DOCX / name)
        assert doc.extras["docx_headers"] == e["headers"]
        for h in e["headers"]:
            assert h not in doc.raw_text
            assert "主办单位" not in doc.raw_text and "欢迎访问" not in doc.raw_text
    assert read_docx(DOCX / "guofa_2019_5.docx").extras["docx_headers"] == []


@pytest.mark.parametrize("name", ["liubei_2025_2.docx", "liubei_2025_2_libreoffice.docx"])
def test_text_box_read_once_in_place(name):
    """The 发文机关标志 in a text box (DrawingML plus its VML fallback) is read once, first."""
    if name not in BY_FILE:
        pytest.skip("no LibreOffice-saved fixture")
    xml = document_xml(name)
    assert "txbxContent" in xml and "mc:Fallback" in xml  # as Word writes it: two copies of the box
    doc = read_docx(DOCX / name)
    assert doc.raw_text.count("柳州市柳北区人民政府文件") == 1
    assert lines_of(doc)[0] == "柳州市柳北区人民政府文件"


def test_table_rows(case):
    e, doc = case
    assert doc.meta["tables"] == e["tables"]
    if e["tables"]:
        assert lines_of(doc)[-1] == "柳州市柳北区人民政府办公室\t2025年2月19日印发"


def test_parsed_fields(case):
    e, _ = case
    doc = policydoc.parse(DOCX / e["file"])
    assert doc.value("doc_number") == e["doc_number"]
    assert doc.value("title") == e["title"]
    assert doc.value("issuer") == e["issuer"]
    assert doc.value("issuers") == [e["issuer"]]
    assert doc.value("date") == e["date"]
    if "printed_by" in e:
        assert doc.value("printed_by") == e["printed_by"]
        assert doc.value("print_date") == e["print_date"]
    f = doc.fields["doc_number"]
    assert doc.raw_text[slice(*doc.raw_span(f.start, f.end))] == e["doc_number"]
    assert f.page == 1
    assert doc.warnings == []


def test_libreoffice_copy():
    name = "liubei_2025_2_libreoffice.docx"
    if name not in BY_FILE:
        pytest.skip("no LibreOffice-saved fixture (LibreOffice was not available when the fixtures were built)")
    with zipfile.ZipFile(DOCX / name) as z:
        assert "LibreOffice" in z.read("docProps/app.xml").decode("utf-8")
    assert "<w:numPr>" in document_xml(name)
    a, b = read_docx(DOCX / "liubei_2025_2.docx"), read_docx(DOCX / name)
    assert lines_of(a) == lines_of(b)


def test_chinese_counting():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 15, 20, 21, 99, 100, 101, 110)] == [
        "一", "九", "十", "十一", "十五", "二十", "二十一", "九十九", "一百", "一百零一", "一百一十"]


def test_generator_matches_committed_expectations(tmp_path):
    """make_docx.py rebuilds the same lines and fields as the committed expected_docx.json."""
    need_shared()  # the generator writes one of its documents from seed 003
    subprocess.run([sys.executable, str(DOCX / "make_docx.py"), "--outdir", str(tmp_path)], check=True,
                   capture_output=True, timeout=60)
    rebuilt = json.loads((tmp_path / "expected_docx.json").read_text(encoding="utf-8"))
    committed = [e for e in EXPECTED if not e["file"].endswith("_libreoffice.docx")]
    assert rebuilt == committed
    for e in rebuilt:
        assert lines_of(read_docx(tmp_path / e["file"])) == e["lines"]
