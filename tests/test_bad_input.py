"""Bad input gives a typed error that names the file and the cause: never a traceback or a hang.

Every bad file is tried twice: ``policydoc.read`` must raise the right class from
``policydoc.errors``, and ``policydoc.batch.extract_one`` must return a ``status: error``
record whose ``error`` names the file. The good files are real documents (the seeds, the
corpus, the typeset fixtures in tests/fixtures/pdf).
"""
from __future__ import annotations

import codecs
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

import policydoc
from policydoc.batch import extract, extract_one
from policydoc.errors import (CorruptFileError, EmptyFileError, EncryptedFileError, FileTooLargeError,
                              InputError, NoTextError, UnsupportedFormatError)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_003 = SHARED / "seeds" / "003_e226338f45839dff.txt"
DOCS = SHARED / "corpus" / "docs"
PDFS = ROOT / "tests" / "fixtures" / "pdf"
DOCX = ROOT / "tests" / "fixtures" / "docx"
EXPECTED = {e["file"]: e for e in json.loads((PDFS / "expected.json").read_text(encoding="utf-8"))}

pytestmark = pytest.mark.skipif(not SEED_003.exists() or not DOCS.exists(),
                                reason="../shared (seeds and corpus) is not beside the repository")


def check_error(path: Path, cls: type, *causes: str, password: str | None = None) -> InputError:
    """``read`` raises exactly *cls*; ``extract_one`` gives an error record; both name the file and a cause."""
    t0 = time.monotonic()
    with pytest.raises(InputError) as info:
        policydoc.read(path, password=password)
    exc = info.value
    assert type(exc) is cls, f"{type(exc).__name__}: {exc}"
    msg = str(exc)
    assert path.name in msg
    assert any(c in msg.replace(str(path), "") for c in causes), msg  # the cause, not the folder's name
    rec = extract_one(str(path), password=password)
    # a format no reader supports is skipped with its reason (issue #12); everything else is an error
    assert rec["status"] == ("skipped" if issubclass(cls, UnsupportedFormatError) else "error")
    assert path.name in rec["error"]
    assert any(c in rec["error"].replace(str(path), "") for c in causes), rec["error"]
    assert rec["error_kind"] == cls.kind
    assert rec["doc_number"] is None and rec["issuers"] == []
    assert time.monotonic() - t0 < 10, "a bad file must fail fast"
    return exc


# -- empty and junk -------------------------------------------------------------------------------
def test_empty_file(tmp_path):
    p = tmp_path / "柳北政发〔2025〕2号.pdf"
    p.write_bytes(b"")
    check_error(p, EmptyFileError, "0 bytes")


def test_whitespace_only_file(tmp_path):
    p = tmp_path / "通知.txt"
    p.write_bytes(b" \r\n\t\n\xef\xbb\xbf   \n" * 50)
    check_error(p, EmptyFileError, "white space")


def test_binary_junk(tmp_path):
    p = tmp_path / "junk.txt"
    p.write_bytes(os.urandom(64 * 1024))
    check_error(p, UnsupportedFormatError, "binary data")


def test_legacy_doc(tmp_path):
    p = tmp_path / "关于印发联席会议制度的通知.doc"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    p.write_bytes(ole + b"\x00" * 488 + os.urandom(8192))
    exc = check_error(p, UnsupportedFormatError, "legacy Office")
    assert ".docx" in str(exc)  # says what to do


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        policydoc.read(tmp_path / "nope.pdf")
    with pytest.raises(InputError, match="folder"):
        policydoc.read(tmp_path)


# -- PDF ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["024.pdf", "003.pdf", "021.pdf"])
def test_truncated_pdf(tmp_path, name):
    data = (PDFS / name).read_bytes()
    p = tmp_path / f"cut_{name}"
    p.write_bytes(data[: len(data) * 3 // 10])
    check_error(p, CorruptFileError, "truncated")


def test_corrupt_pdf(tmp_path):
    p = tmp_path / "国发〔2019〕5号.pdf"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + os.urandom(50_000))
    check_error(p, CorruptFileError, "damaged", "could not be opened")


def test_encrypted_pdf_without_password():
    exc = check_error(PDFS / "encrypted.pdf", EncryptedFileError, "password")
    assert "needs a password" in str(exc)


def test_encrypted_pdf_wrong_password():
    exc = check_error(PDFS / "encrypted.pdf", EncryptedFileError, "password", password="wrong")
    assert "wrong" in str(exc)


def test_encrypted_pdf_with_password():
    e = EXPECTED["encrypted.pdf"]
    assert e["password"] == "policydoc"
    doc = policydoc.read(PDFS / "encrypted.pdf", password="policydoc")
    assert e["doc_number"] == "国发〔2018〕44号"
    assert e["doc_number"] in doc.raw_text
    assert "(cid:" not in doc.raw_text
    assert doc.raw_text == policydoc.read(PDFS / "024.pdf").raw_text  # the same document, unencrypted
    rec = extract_one(str(PDFS / "encrypted.pdf"), password="policydoc")
    assert rec["status"] != "error" and rec["doc_number"] == "国发〔2018〕44号"


def test_scanned_pdf(monkeypatch):
    monkeypatch.setenv("POLICYDOC_OCR", "never")  # with OCR the scan reads: tests/test_formats_ocr.py
    exc = check_error(PDFS / "scanned.pdf", NoTextError, "OCR")
    assert "2 page(s)" in str(exc)


def test_pdf_that_is_html(tmp_path):
    p = tmp_path / "国发〔2019〕5号.pdf"
    shutil.copy(DOCS / "021.html", p)
    doc = policydoc.read(p)
    assert doc.format == "html"
    assert [n.code for n in doc.notices] == ["format_mismatch"]
    assert "named .pdf" in doc.warnings[0] and "HTML" in doc.warnings[0]
    rec = extract_one(str(p))
    assert rec["status"] == "warning" and rec["format"] == "html"
    assert rec["doc_number"] == "国发〔2019〕5号"
    assert any("named .pdf" in w for w in rec["warnings"])


# -- DOCX ---------------------------------------------------------------------------------------
def _zip_with_zeros(path: Path, megabytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns='
                   '"http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"\x00" * (1 << 20)
            for _ in range(megabytes):
                fh.write(block)


def test_docx_zip_bomb(tmp_path):
    p = tmp_path / "bomb.docx"
    _zip_with_zeros(p, 300)
    assert p.stat().st_size < 2 << 20  # small on disk
    exc = check_error(p, FileTooLargeError, "zip bomb")
    assert "300 MB" in str(exc)


def test_docx_inflation_ratio(tmp_path):
    # under the absolute limit, but 1000:1 compression is no Word document
    p = tmp_path / "ratio.docx"
    _zip_with_zeros(p, 64)
    check_error(p, FileTooLargeError, "unsafe size")


def test_truncated_docx(tmp_path):
    data = (DOCX / "liubei_2025_2.docx").read_bytes()
    p = tmp_path / "柳北政发〔2025〕2号.docx"
    p.write_bytes(data[: len(data) * 6 // 10])
    check_error(p, CorruptFileError, "damaged or truncated")


def test_docx_with_damaged_xml(tmp_path):
    p = tmp_path / "damaged.docx"
    with zipfile.ZipFile(DOCX / "liubei_2025_2.docx") as src, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]  # cut mid-element
            dst.writestr(info, data)
    check_error(p, CorruptFileError, "XML", "not a readable Word document")


def test_zip_that_is_not_docx(tmp_path):
    p = tmp_path / "通知.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.write(SEED_003, "003.txt")
        z.writestr("mimetype", "application/zip")
    check_error(p, UnsupportedFormatError, "not a Word document")


# -- text: size and encodings ----------------------------------------------------------------------
def test_200_mb_text_file(tmp_path):
    from policydoc.readers.text import DEFAULT_MAX_BYTES

    text = SEED_003.read_text(encoding="utf-8")
    raw = (text * (1 + (1 << 20) // len(text.encode()))).encode("utf-8")[: 1 << 20]
    chunk = raw[: len(raw.decode("utf-8", "ignore").encode("utf-8"))]  # whole characters only
    p = tmp_path / "big.txt"
    try:
        with open(p, "wb") as fh:
            for _ in range(200):
                fh.write(chunk)
        assert p.stat().st_size > 200 * 10**6
        t0 = time.monotonic()
        doc = policydoc.read(p)
        assert time.monotonic() - t0 < 5
        assert [n.code for n in doc.notices] == ["truncated"]
        assert doc.meta["encoding"] == "utf-8"
        head = (chunk * (DEFAULT_MAX_BYTES // len(chunk) + 1))[:DEFAULT_MAX_BYTES]
        expected = head.decode("utf-8", "ignore")  # a character cut at the limit is dropped
        assert doc.raw_text == expected
        assert doc.raw_text.startswith("网站支持IPv6\n")
    finally:
        p.unlink(missing_ok=True)


def _lines(enc: str | None = None, traditional: bool = False) -> str:
    lines = [ln.strip() for ln in SEED_003.read_text(encoding="utf-8").split("\n") if ln.strip()]
    if traditional:
        import opencc

        conv = opencc.OpenCC("s2t")
        lines = [conv.convert(ln) for ln in lines]
    out = []
    for ln in lines:
        try:
            if enc:
                ln.encode(enc)
        except UnicodeEncodeError:  # e.g. U+2002 in the signature line has no GBK code
            continue
        out.append(ln)
    return "\n".join(out) + "\n"


ENCODINGS = [
    # (id, encoding, BOM, text, encoding reported)
    ("gbk", "gbk", b"", lambda: _lines("gbk"), "gb18030"),
    ("gb18030", "gb18030", b"", lambda: SEED_003.read_text(encoding="utf-8"), "gb18030"),
    ("big5", "big5", b"", lambda: _lines("big5", traditional=True), "big5"),
    ("utf-16-le-bom", "utf-16-le", codecs.BOM_UTF16_LE, lambda: SEED_003.read_text(encoding="utf-8"), "utf-16"),
    ("utf-16-be-bom", "utf-16-be", codecs.BOM_UTF16_BE, lambda: SEED_003.read_text(encoding="utf-8"), "utf-16"),
    ("utf-16-le", "utf-16-le", b"", lambda: SEED_003.read_text(encoding="utf-8"), "utf-16-le"),
    ("utf-16-be", "utf-16-be", b"", lambda: SEED_003.read_text(encoding="utf-8"), "utf-16-be"),
    # the document part only: Chinese text whose only ASCII is punctuation, digits and newlines
    ("utf-16-le-body", "utf-16-le", b"", lambda: _lines()[_lines().index("各基层工会"):], "utf-16-le"),
    ("utf-16-be-body", "utf-16-be", b"", lambda: _lines()[_lines().index("各基层工会"):], "utf-16-be"),
    ("utf-8-bom", "utf-8", codecs.BOM_UTF8, lambda: SEED_003.read_text(encoding="utf-8"), "utf-8"),
]


@pytest.mark.parametrize("enc,bom,make,reported", [e[1:] for e in ENCODINGS], ids=[e[0] for e in ENCODINGS])
def test_encodings_decode_exactly(tmp_path, enc, bom, make, reported):
    text = make()
    assert len(text) > 800
    p = tmp_path / "003.txt"
    p.write_bytes(bom + text.encode(enc))
    doc = policydoc.read(p)
    assert doc.format == "txt"
    assert doc.meta["encoding"] == reported
    assert doc.raw_text == text


@pytest.mark.parametrize("enc", ["gbk", "big5", "utf-16-le", "utf-16-be", "gb18030"])
def test_short_text_encodings(tmp_path, enc):
    text = "\n".join(_lines(enc if enc in ("gbk", "big5") else None, traditional=enc == "big5").split("\n")[:3])
    p = tmp_path / "short.txt"
    p.write_bytes(text.encode(enc))
    assert policydoc.read(p).raw_text == text


def test_encoded_text_parses_to_the_same_fields(tmp_path):
    p = tmp_path / "003_gbk.txt"
    p.write_bytes(SEED_003.read_text(encoding="utf-8").encode("gb18030"))
    rec = extract_one(str(p))
    assert rec["doc_number"] == "柳北政发〔2025〕2号"
    assert rec["issuer"] == "柳州市柳北区人民政府"


# -- batch ----------------------------------------------------------------------------------------
def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DOCS / "021.html", folder / "021.html")
    shutil.copy(DOCS / "034.pdf", folder / "034.pdf")
    shutil.copy(SEED_003, folder / "003.txt")
    (folder / "empty.pdf").write_bytes(b"")
    data = (PDFS / "021.pdf").read_bytes()
    (folder / "cut.pdf").write_bytes(data[: len(data) * 3 // 10])
    with zipfile.ZipFile(folder / "notword.docx", "w") as z:
        z.writestr("readme.txt", "not a document")
    return folder


GOOD = {"021.html": "国发〔2019〕5号", "034.pdf": "发改办财金规〔2019〕860号", "003.txt": "柳北政发〔2025〕2号"}
BAD = {"empty.pdf": "empty file", "cut.pdf": "corrupt file"}
SKIPPED = {"notword.docx": "unsupported format"}


def _records(out: Path) -> dict[str, dict]:
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {Path(r["source"]).name: r for r in recs} | {"__count__": len(recs)}


def test_batch_good_and_bad(tmp_path):
    folder = _folder(tmp_path)
    out = tmp_path / "out.jsonl"
    summary = extract([folder], out, jobs=2)
    recs = _records(out)
    assert recs.pop("__count__") == 6
    assert set(recs) == set(GOOD) | set(BAD) | set(SKIPPED)
    assert (summary.total, summary.error, summary.skipped) == (6, 2, 1)
    for name, number in GOOD.items():
        assert recs[name]["status"] in ("ok", "warning"), recs[name]["error"]
        assert recs[name]["doc_number"] == number
    for name, kind in BAD.items():
        assert recs[name]["status"] == "error"
        assert name in recs[name]["error"] and kind in recs[name]["error"]
    for name, kind in SKIPPED.items():
        assert recs[name]["status"] == "skipped"
        assert name in recs[name]["error"] and kind in recs[name]["error"]
    assert all(len(r["content_hash"]) == 64 for r in recs.values())


def test_batch_symlink_outside_is_not_followed(tmp_path):
    folder = _folder(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(DOCS / "022.html", outside / "secret.html")
    (folder / "link.html").symlink_to(outside / "secret.html")
    (folder / "linkdir").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out.jsonl"
    extract([folder], out, jobs=2)
    recs = _records(out)
    assert recs.pop("__count__") == 8
    for name in ("link.html", "linkdir"):
        r = recs[name]
        assert r["status"] == "skipped" and "outside" in r["error"] and "not followed" in r["error"]
        assert r["doc_number"] is None  # 022's 国发〔2019〕4号 was never read
    assert "secret.html" not in recs
    assert "国发〔2019〕4号" not in out.read_text(encoding="utf-8")


def test_batch_resume_adds_nothing(tmp_path):
    folder = _folder(tmp_path)
    out = tmp_path / "out.jsonl"
    first = extract([folder], out, jobs=2, resume=True)
    before = out.read_text(encoding="utf-8")
    second = extract([folder], out, jobs=2, resume=True)
    assert (first.total, second.total, second.resumed) == (6, 0, 6)
    assert out.read_text(encoding="utf-8") == before
    # a new file is the only thing a third run adds
    shutil.copy(DOCS / "024.html", folder / "024.html")
    third = extract([folder], out, jobs=2, resume=True)
    recs = _records(out)
    assert (third.total, third.resumed, recs["__count__"]) == (1, 6, 7)
    assert recs["024.html"]["doc_number"] == "国发〔2018〕44号"


def test_batch_resume_with_symlink_adds_nothing(tmp_path):
    folder = _folder(tmp_path)
    (folder / "link.html").symlink_to(DOCS / "022.html")
    out = tmp_path / "out.jsonl"
    extract([folder], out, jobs=1, resume=True)
    before = out.read_text(encoding="utf-8")
    extract([folder], out, jobs=1, resume=True)
    assert out.read_text(encoding="utf-8") == before


def test_a_file_that_hangs_is_stopped_and_reported(tmp_path, monkeypatch):
    """A parser that never returns: the worker is killed after the timeout, the batch goes on."""
    import time as _time

    import policydoc.batch as batch

    real = batch.extract_one

    def slow(path, password=None, **kw):
        if path.endswith("hang.txt"):
            _time.sleep(60)
        return real(path, password, **kw)

    monkeypatch.setattr(batch, "extract_one", slow)  # inherited by the forked workers
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hang.txt").write_text("柳北政发〔2025〕2号", encoding="utf-8")
    shutil.copy(DOCS / "021.html", folder / "021.html")
    out = tmp_path / "out.jsonl"
    t0 = _time.monotonic()
    s = batch.extract([folder], out, jobs=2, timeout=2)
    assert _time.monotonic() - t0 < 20
    recs = _records(out)
    assert recs["hang.txt"]["status"] == "error" and "longer than 2 s" in recs["hang.txt"]["error"]
    assert recs["021.html"]["doc_number"] == "国发〔2019〕5号"
    assert (s.total, s.error) == (2, 1)
