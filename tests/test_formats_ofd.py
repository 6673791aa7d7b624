"""OFD (GB/T 33190) reading: real OFD files from a public repository (tests/fixtures/ofd/SOURCES.md).

The text comes out line by line with positions, and goes through the same layout stages as a PDF:
page numbers dropped, wrapped lines rejoined, the red 发文机关标志 marked; the header fields are
asserted exactly.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

import policydoc
from policydoc.errors import CorruptFileError, NoTextError
from policydoc.readers.sniff import sniff

OFD = Path(__file__).resolve().parent / "fixtures" / "ofd"
HEADER = ("doc_number", "issuer", "title", "doc_type", "date", "recipients", "printed_by", "print_date")


def header(doc) -> dict:
    r = doc.record()
    return {k: r[k] for k in HEADER}


def test_pifu_in_gbt9704_layout():
    doc = policydoc.parse(OFD / "lu_wei_fa_2011_76.ofd")
    assert doc.format == "ofd" and sniff(OFD / "lu_wei_fa_2011_76.ofd") == "ofd"
    assert header(doc) == {"doc_number": "路卫发〔2011〕76号", "issuer": "测试符路桥区卫生局办公室",
                           "title": "关于同意张阿三同志辞职的批复", "doc_type": "批复", "date": "2011-03-10",
                           "recipients": ["区中医院"], "printed_by": "测试符路桥区卫生局办公室",
                           "print_date": "2011-03-10"}
    assert doc.record()["status"] == "ok" and len(doc.pages) == 2
    assert [doc.raw_text[ln.raw_start:ln.raw_end] for ln in doc.layout if ln.red] == ["测试符路桥区卫生局文件"]
    assert "— 1 —" in doc.raw_text and "— 1 —" not in doc.text  # page numbers are furniture
    # a paragraph wrapped over two lines is one line again (the layout stage used the OFD geometry)
    assert "你院《关于给张阿三同志辞职的请示》（路中医发〔2011〕10号）收悉。" in doc.text.split("\n")
    f = doc.fields["date"]
    assert f.page == 2 and doc.text[f.start:f.end] == "2011年3月10日"
    ln = next(ln for ln in doc.layout if doc.raw_text[ln.raw_start:ln.raw_end] == "路卫发〔2011〕76号")
    assert round(ln.x0) == 230 and round(ln.size, 1) == 15.9  # 80.98 mm from the left; 5.6 mm type = 3号


def test_han_without_a_printed_issuer():
    doc = policydoc.parse(OFD / "bengbu_nanhuochang_han.ofd")
    assert header(doc) == {"doc_number": None, "issuer": None, "title": "关于加快南货场铁路涵洞下穿建设的函",
                           "doc_type": "函", "date": "2023-07-12", "recipients": ["蚌山区政府"],
                           "printed_by": None, "print_date": None}
    assert doc.meta["ofd_docinfo"]["Title"] == "蚌埠市国土资源局"  # package metadata, never taken as the issuer
    assert doc.text.split("\n")[-2:] == ["此函。", "2023年7月12日"]


def test_minimal_ofd():
    doc = policydoc.parse(OFD / "helloworld.ofd")
    assert doc.raw_text == "你好呀，OFD Reader&Writer！\n"
    rec = doc.record()
    # read without error; a greeting is no 公文, and the record says so instead of passing as a document
    assert rec["status"] == "warning" and rec["title"] is None
    assert [n.code for n in doc.notices] == ["no_header"]


def test_damaged_ofd(tmp_path):
    cut = tmp_path / "路卫发〔2011〕76号.ofd"
    cut.write_bytes((OFD / "lu_wei_fa_2011_76.ofd").read_bytes()[:5000])
    with pytest.raises(CorruptFileError, match="路卫发"):
        policydoc.read(cut)
    # OFD.xml present but the document root it names is missing
    broken = tmp_path / "broken.ofd"
    with zipfile.ZipFile(OFD / "helloworld.ofd") as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            if not item.filename.endswith("Document.xml"):
                dst.writestr(item, src.read(item))
    with pytest.raises(CorruptFileError, match="Document.xml"):
        policydoc.read(broken)
    # pages without any text object
    empty = tmp_path / "empty.ofd"
    with zipfile.ZipFile(OFD / "helloworld.ofd") as src, zipfile.ZipFile(empty, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("Content.xml"):
                data = data.replace(b"TextObject", b"PathObject")
            dst.writestr(item, data)
    with pytest.raises(NoTextError, match="no OFD page"):
        policydoc.read(empty)


def test_ofd_named_zip(tmp_path):
    p = tmp_path / "公文.zip"
    shutil.copy(OFD / "helloworld.ofd", p)
    assert sniff(p) == "ofd"  # decided by content: the OFD.xml entry
