"""OCR of scans and images, on real documents turned into pictures inside the test.

Each scan is made here from a real document's PDF (the 柳北政发〔2025〕2号 notice typeset by
tools/gongwen_pdf.py, and the real 发改办财金规〔2019〕860号 PDF): pages rendered at two resolutions,
tilted, speckled and JPEG-compressed, then wrapped as an image-only PDF, a mixed PDF (one scanned
page among text pages), a PNG and a multi-page TIFF. The header fields read by OCR must equal the
labelled values of the same document exactly. Without the ``[ocr]`` extra the OCR tests skip, and
the error a user then gets is tested instead (that test always runs).
"""
from __future__ import annotations

import glob
import io
import json
import random
from pathlib import Path

import pytest

import policydoc
from policydoc.errors import ModelError, NoTextError, UsageError
from policydoc.readers import ocr as ocr_mod

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "tests" / "fixtures" / "pdf"
DOC_034 = ROOT.parent / "shared" / "corpus" / "docs" / "034.pdf"
GOLD = ROOT.parent / "shared" / "corpus" / "gold.jsonl"
EXPECTED = {e["file"]: e for e in json.loads((PDFS / "expected.json").read_text(encoding="utf-8"))}
HEADER = ("doc_number", "issuer", "title", "doc_type", "date", "recipients")

needs_ocr = pytest.mark.skipif(not ocr_mod.available(), reason='the [ocr] extra is not installed '
                                                              '(pip install "policydoc[ocr]")')
# 003.pdf uses reportlab's non-embedded STSong-Light: pdfium needs a system CJK font to draw it
# (.ci/run installs Debian's fonts-wqy-zenhei).
_CJK_FONTS = [f for pat in ("/usr/share/fonts/**/*wqy*", "/usr/share/fonts/**/*[Cc][Jj][Kk]*",
                            "/usr/share/fonts/**/*[Dd]roid*[Ff]allback*") for f in glob.glob(pat, recursive=True)]
needs_font = pytest.mark.skipif(not _CJK_FONTS, reason="no CJK system font to render the typeset fixtures "
                                                       "(apt-get install fonts-wqy-zenhei)")


def expected_003() -> dict:
    e = EXPECTED["003.pdf"]
    return {"doc_number": e["doc_number"], "issuer": e["issuers"][0], "title": e["title"], "doc_type": "通知",
            "date": "2025-02-19", "recipients": [e["recipients"]]}


def expected_034() -> dict:
    if not GOLD.exists():
        pytest.skip("../shared (labelled corpus) is not beside the repository")
    g = next(json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()
             if line.strip() and json.loads(line)["file"] == "docs/034.pdf")
    return {k: g[k] for k in HEADER}


def render(pdf: Path, index: int, dpi: int):
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return doc[index].render(scale=dpi / 72, rev_byteorder=True).to_pil().convert("RGB")
    finally:
        doc.close()


def scanned(img, seed: int, *, angle: float = 0.4, noise: int = 14, quality: int = 70):
    """What a desk scanner does to a page: a slight tilt, speckle, JPEG artefacts."""
    from PIL import Image

    rnd = random.Random(seed)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    px = img.load()
    w, h = img.size
    for _ in range(w * h // 60):  # speckle: 1.7 % of pixels darkened or lightened
        x, y = rnd.randrange(w), rnd.randrange(h)
        d = rnd.randint(-noise * 4, noise * 4)
        r, g, b = px[x, y]
        px[x, y] = tuple(max(0, min(255, c + d)) for c in (r, g, b))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def header(doc) -> dict:
    r = doc.record()
    return {k: r[k] for k in HEADER}


# -- without the extra: a typed error that names the install command (always runs) ------------------
def test_scan_without_the_extra_names_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setattr(ocr_mod, "available", lambda: False)
    monkeypatch.setattr(ocr_mod, "_ENGINE", None)
    monkeypatch.setattr("policydoc.readers.pdf.ocr_available", lambda: False)
    with pytest.raises(NoTextError) as exc:
        policydoc.read(PDFS / "scanned.pdf")
    assert 'pip install "policydoc[ocr]"' in str(exc.value) and "scanned.pdf" in str(exc.value)
    png = tmp_path / "国办函〔2004〕36号.png"
    from PIL import Image

    Image.new("RGB", (60, 80), "white").save(png)
    with pytest.raises(NoTextError, match=r'pip install "policydoc\[ocr\]"'):
        policydoc.read(png)


def test_ocr_never_keeps_the_old_verdict():
    with pytest.raises(NoTextError, match="--ocr never"):
        policydoc.read(PDFS / "scanned.pdf", ocr="never")
    with pytest.raises(UsageError, match="auto, never, force"):
        policydoc.read(PDFS / "003.pdf", ocr="sometimes")


def test_which_pages_go_to_ocr():
    p = ocr_mod.PdfPageOcr(PDFS / "003.pdf", "auto")
    text = [{"text": c} for c in "柳北政发〔2025〕2号"]
    cid = [{"text": "(cid:1234)"}] * 40 + text
    assert not p.wanted(text) and p.wanted([]) and p.wanted(cid)
    assert ocr_mod.PdfPageOcr(PDFS / "003.pdf", "force").wanted(text)
    assert not ocr_mod.PdfPageOcr(PDFS / "003.pdf", "never").wanted([])


@needs_ocr
def test_models_come_from_the_wheel_and_a_missing_one_is_a_typed_error(tmp_path):
    import rapidocr

    eng = ocr_mod.RapidOcrEngine()
    wheel = Path(rapidocr.__file__).parent
    assert all(Path(p).is_file() and Path(p).is_relative_to(wheel) for p in eng.model_paths.values())
    with pytest.raises(ModelError, match="never downloads"):
        ocr_mod.RapidOcrEngine(model_dir=tmp_path)  # empty folder: rapidocr would download; we refuse


# -- real documents as scans --------------------------------------------------------------------
@needs_ocr
@needs_font
@pytest.mark.parametrize("dpi,seed", [(150, 1), (300, 2)])
def test_scanned_notice_at_two_resolutions(tmp_path, dpi, seed):
    page = scanned(render(PDFS / "003.pdf", 0, dpi), seed)
    pdf = tmp_path / f"柳北政发〔2025〕2号_{dpi}dpi.pdf"
    page.save(pdf, "PDF", resolution=dpi)
    doc = policydoc.parse(pdf)
    assert header(doc) == expected_003()
    rec = doc.record()
    assert rec["ocr"]["pages"] == [1] and rec["ocr"]["mean_confidence"] > 0.9
    span = rec["spans"]["doc_number"]
    assert span["page"] == 1 and span["confidence"] > 0.9
    x0, top, x1, bottom = span["box"]  # points on an A4 page: the 发文字号 is centred under the red mark
    assert 200 < (x0 + x1) / 2 < 400 and top < bottom < 842
    assert "ocr" in [n.code for n in doc.notices]
    marks = [ln for ln in doc.layout if ln.red]
    assert [doc.raw_text[ln.raw_start:ln.raw_end] for ln in marks] == ["柳州市柳北区人民政府文件"]


@needs_ocr
@needs_font
def test_mixed_pdf_keeps_its_text_pages(tmp_path):
    import pypdfium2

    scan = tmp_path / "scan.pdf"
    scanned(render(PDFS / "003.pdf", 0, 200), 3).save(scan, "PDF", resolution=200)
    mixed = tmp_path / "mixed.pdf"
    out, a, b = pypdfium2.PdfDocument.new(), pypdfium2.PdfDocument(str(scan)), pypdfium2.PdfDocument(str(PDFS / "003.pdf"))
    out.import_pages(a)
    out.import_pages(b, pages=[1, 2, 3])
    out.save(str(mixed))
    for d in (out, a, b):
        d.close()
    doc = policydoc.parse(mixed)
    assert doc.meta["ocr"]["pages"] == [1]
    assert header(doc) == expected_003()
    text_layer = policydoc.read(PDFS / "003.pdf")
    for n in (2, 3, 4):  # pages 2–4 come from the text layer, character for character
        mine, theirs = doc.pages[n - 1], text_layer.pages[n - 1]
        assert doc.raw_text[mine.raw_start:mine.raw_end] == text_layer.raw_text[theirs.raw_start:theirs.raw_end]
        assert not mine.scanned
    assert doc.pages[0].scanned
    assert all(ln.confidence is None for ln in doc.layout if ln.page > 1)
    assert all(ln.confidence is not None for ln in doc.layout if ln.page == 1)


@needs_ocr
def test_png_of_a_real_pdf(tmp_path):
    if not DOC_034.exists():
        pytest.skip("../shared/corpus/docs/034.pdf is not beside the repository")
    png = tmp_path / "发改办财金规〔2019〕860号.png"
    scanned(render(DOC_034, 0, 200), 4, angle=-0.3).save(png, dpi=(200, 200))
    doc = policydoc.parse(png)
    assert doc.format == "image" and doc.meta["image_format"] == "PNG"
    gold = expected_034()
    got = header(doc)
    for k in ("doc_number", "title", "doc_type", "recipients"):  # all printed on page 1
        assert got[k] == gold[k], k
    # issuer and date: page 1 alone holds only the short red mark (发展改革委办公厅) and no 成文日期, so the
    # reference is the text layer of that same page
    import pypdfium2

    one = tmp_path / "page1.pdf"
    out, src = pypdfium2.PdfDocument.new(), pypdfium2.PdfDocument(str(DOC_034))
    out.import_pages(src, pages=[0])
    out.save(str(one))
    out.close(), src.close()
    assert got == header(policydoc.parse(one))
    assert got["issuer"] == "发展改革委办公厅、税务总局办公厅" and got["date"] is None
    red = [doc.raw_text[ln.raw_start:ln.raw_end] for ln in doc.layout if ln.red]  # the joint red mark
    assert sorted("".join(red)) == sorted("发展改革委办公厅税务总局办公厅文件") and red[0] == "发展改革委办公厅"


@needs_ocr
@needs_font
def test_multipage_tiff(tmp_path):
    frames = [scanned(render(PDFS / "003.pdf", i, 150), 10 + i) for i in (0, 3)]
    tif = tmp_path / "柳北政发〔2025〕2号.tif"
    frames[0].save(tif, save_all=True, append_images=frames[1:], compression="tiff_lzw", dpi=(150, 150))
    doc = policydoc.parse(tif)
    assert [p.number for p in doc.pages] == [1, 2] and doc.meta["ocr"]["pages"] == [1, 2]
    assert header(doc) == expected_003()
    rec = doc.record()
    assert rec["printed_by"] == EXPECTED["003.pdf"]["banji"]["printer"]  # the 版记 on the last frame
    assert rec["print_date"] == "2025-02-19"
    assert rec["pages"] == 2


@needs_ocr
def test_the_scanned_fixture_reads(monkeypatch):
    """tests/fixtures/pdf/scanned.pdf: 国办函〔2004〕36号 drawn as 150-dpi JPEG pages with skew and speckle."""
    monkeypatch.delenv("POLICYDOC_OCR", raising=False)
    e = EXPECTED["scanned.pdf"]
    doc = policydoc.parse(PDFS / "scanned.pdf")
    assert header(doc) == {"doc_number": e["doc_number"], "issuer": e["issuers"][0], "title": e["title"],
                           "doc_type": "函", "date": "2004-04-27", "recipients": e["recipients"].split("，")}
    assert doc.meta["ocr"]["pages"] == [1, 2]


def test_cli_ocr_option():
    from click.testing import CliRunner

    from policydoc.cli import main

    r = CliRunner().invoke(main, ["parse", "--ocr", "never", str(PDFS / "scanned.pdf")])
    assert r.exit_code == 3 and "--ocr never" in r.output
    r = CliRunner().invoke(main, ["parse", "--ocr", "sometimes", str(PDFS / "scanned.pdf")])
    assert r.exit_code == 2
