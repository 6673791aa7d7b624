"""OpenDocument text: the DOCX fixtures saved as .odt by LibreOffice read like their originals."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import policydoc
from policydoc.errors import CorruptFileError, UnsupportedFormatError
from policydoc.readers.sniff import sniff

ROOT = Path(__file__).resolve().parent.parent
ODT = ROOT / "tests" / "fixtures" / "odt"
DOCX = ROOT / "tests" / "fixtures" / "docx"
HEADER = ("doc_number", "issuer", "title", "doc_type", "date", "recipients", "printed_by", "print_date")
_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．])")


@pytest.mark.parametrize("name", ["liubei_2025_2", "guofa_2019_5"])
def test_odt_reads_like_the_docx(name):
    doc, ref = policydoc.parse(ODT / f"{name}.odt"), policydoc.parse(DOCX / f"{name}.docx")
    assert sniff(ODT / f"{name}.odt") == "odt" and doc.format == "odt"
    r, rr = doc.record(), ref.record()
    assert {k: r[k] for k in HEADER} == {k: rr[k] for k in HEADER}
    assert r["fingerprint"] == rr["fingerprint"] and r["doc_key"] == rr["doc_key"]
    lines = [ln for ln in doc.raw_text.split("\n") if ln.strip()]
    want = [_LABEL.sub("", ln, count=1) for ln in ref.raw_text.split("\n") if ln.strip()]
    assert [_LABEL.sub("", ln, count=1) for ln in lines] == want  # list labels are not stored in ODT
    assert "欢迎访问" not in doc.raw_text  # the page header (styles.xml) stays out


def test_other_opendocument_and_damage(tmp_path):
    ods = tmp_path / "报表.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    with pytest.raises(UnsupportedFormatError, match="not a text document"):
        policydoc.read(ods)
    bad = tmp_path / "坏.odt"
    with zipfile.ZipFile(ODT / "guofa_2019_5.odt") as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "content.xml" else data)
    with pytest.raises(CorruptFileError, match="坏.odt"):
        policydoc.read(bad)
