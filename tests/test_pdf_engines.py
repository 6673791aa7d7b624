"""The PDFium engine (default) against pdfplumber (the reference) on every PDF we hold.

Both engines must give the same normalised text and the same record (every field, with its
offsets and pages) on the typeset fixtures (STSong-Light, not embedded; fake-bold and letter-spaced
variants; a joint mark; red 发文机关标志), the real 034.pdf and the examples. Glyphs without a
Unicode mapping make the PDFium engine hand the document to pdfplumber, so ``(cid:NN)`` text reads
exactly as before.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import policydoc
from policydoc.errors import EncryptedFileError, NoTextError
from policydoc.readers import pdfium
from policydoc.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "tests" / "fixtures" / "pdf"
REAL = ROOT.parent / "shared" / "corpus" / "docs" / "034.pdf"
TEXT_PDFS = sorted(p for p in PDFS.glob("*.pdf") if p.name not in ("encrypted.pdf", "scanned.pdf"))
LIBREOFFICE = sorted((ROOT / "tests" / "fixtures" / "pdf_libreoffice").glob("*.pdf"))
ALL = TEXT_PDFS + LIBREOFFICE + sorted((ROOT / "examples").glob("*.pdf")) + ([REAL] if REAL.exists() else [])


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_engines_agree(path):
    ref = policydoc.parse(path, engine="pdfplumber")
    fast = policydoc.parse(path, engine="pdfium")
    assert fast.meta["pdf_engine"] == "pdfium"  # not a silent fallback
    assert fast.text == ref.text
    assert fast.record() == ref.record()
    # the geometry the layout stages use: same lines, sizes, red marks; x within a point or two; y
    # within 0.25 × size (a font descriptor without Descent: pdfminer takes 0, PDFium the font file's)
    assert len(fast.layout) == len(ref.layout)
    for a, b in zip(fast.layout, ref.layout):
        assert (a.raw_start, a.raw_end, a.page, a.red) == (b.raw_start, b.raw_end, b.page, b.red)
        assert a.size == pytest.approx(b.size, abs=0.01)
        assert max(abs(a.x0 - b.x0), abs(a.x1 - b.x1)) < 2.0
        assert max(abs(a.top - b.top), abs(a.bottom - b.bottom)) < max(2.0, 0.25 * a.size)


def test_libreoffice_pdfs_are_there():
    assert len(LIBREOFFICE) == 3


def test_real_pdf_is_needed():
    if not REAL.exists():
        pytest.skip("../shared/corpus/docs/034.pdf is not beside the checkout")
    assert REAL in ALL


def test_red_mark_and_fake_bold_are_seen():
    doc = read_pdf(PDFS / "003_bold.pdf")
    assert doc.meta["pdf_engine"] == "pdfium"
    assert any(w.startswith("fake-bold doubled characters removed") for w in doc.warnings)
    reds = [doc.raw_text[ln.raw_start:ln.raw_end] for ln in doc.layout if ln.red]
    assert reds == [t for t in (doc.raw_text[ln.raw_start:ln.raw_end] for ln in
                                read_pdf(PDFS / "003_bold.pdf", engine="pdfplumber").layout if ln.red)]
    assert reds and "柳北区人民政府文件" in reds[0].replace(" ", "")


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_encrypted_and_scanned(engine):
    with pytest.raises(EncryptedFileError, match="needs a password"):
        read_pdf(PDFS / "encrypted.pdf", engine=engine)
    with pytest.raises(EncryptedFileError, match="wrong"):
        read_pdf(PDFS / "encrypted.pdf", password="wrong", engine=engine)
    doc = read_pdf(PDFS / "encrypted.pdf", password="policydoc", engine=engine)
    assert doc.raw_text == read_pdf(PDFS / "024.pdf", engine=engine).raw_text
    with pytest.raises(NoTextError, match="2 page"):  # without OCR (tests/test_formats_ocr.py reads it with OCR)
        read_pdf(PDFS / "scanned.pdf", engine=engine, ocr="never")


def _cid_pdf() -> bytes:
    """One page: a Helvetica line and three glyphs of a Type0 font without ToUnicode (no Unicode)."""
    content = (b"BT /F1 16 Tf 72 760 Td (Notice 2019 No. 5) Tj ET\n"
               b"BT /F2 16 Tf 72 720 Td <000100020003> Tj ET\n")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe)"
        b" /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0"
        b" /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def test_cid_glyphs_read_as_before(tmp_path):
    p = tmp_path / "cid.pdf"
    p.write_bytes(_cid_pdf())
    ref = read_pdf(p, engine="pdfplumber", ocr="never")  # the text layer as it is, not OCR'd
    doc = read_pdf(p, ocr="never")
    assert ref.raw_text == "Notice 2019 No. 5\n(cid:1)(cid:2)(cid:3)\n"
    assert doc.raw_text == ref.raw_text and doc.warnings == ref.warnings
    assert doc.meta["pdf_engine"].startswith("pdfplumber")
    assert doc.quality["cid_glyphs"] == 3


def test_engine_choice(monkeypatch):
    with pytest.raises(ValueError, match="pdfplumber"):
        read_pdf(PDFS / "027.pdf", engine="pymupdf")
    monkeypatch.setenv("POLICYDOC_PDF_ENGINE", "pdfplumber")
    assert read_pdf(PDFS / "027.pdf").meta["pdf_engine"] == "pdfplumber"


def test_lines_follow_pdfplumber_rules():
    # (text, x0, x1, top, bottom, size, red): a gap over 3 pt or a space starts a new word; tops within
    # 3 pt share a line; words of one line are joined by one space
    g = [("发", 100, 116, 50, 66, 16, True), ("文", 116, 132, 51, 67, 16, True),
         ("号", 140, 156, 50, 66, 16, False), (" ", 156, 160, 50, 66, 16, False), ("文", 160, 176, 52.5, 68, 16, False),
         ("二", 100, 116, 80, 96, 16, False)]
    lines = pdfium._lines(g)
    assert [ln.text for ln in lines] == ["发文 号 文", "二"]
    assert (lines[0].x0, lines[0].x1, lines[0].top, lines[0].reds) == (100, 176, 50, 2)
    assert pdfium._cluster_ids([0, 2.9, 5.8, 9.0], 3.0) == {0: 0, 2.9: 0, 5.8: 0, 9.0: 1}
