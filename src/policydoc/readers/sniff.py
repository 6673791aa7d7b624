"""Decide a file's format from its first bytes, not its name.

A ``.pdf`` that is really a saved web page is read as HTML; a ``.doc`` that is really
a DOCX zip is read as DOCX. The extension only breaks ties for plain text.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import CorruptFileError, EmptyFileError, UnsupportedFormatError

HEAD = 4096
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<div", b"<table", b"<meta", b"<p", b"<span")
#: Magic bytes of formats we read without a text layer of their own.
_MAGIC = {
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "doc",  # OLE2 compound file: Word 97–2003 .doc and WPS .wps (.xls is refused by the reader)
    b"\x89PNG\r\n\x1a\n": "image",
    b"\xff\xd8\xff": "image",  # JPEG
    b"II*\x00": "image",  # TIFF, little-endian
    b"MM\x00*": "image",  # TIFF, big-endian
    b"GIF87a": "image",
    b"GIF89a": "image",
}
_BINARY_MAGIC = {
    b"\xd0\xcf\x11\xe0": "legacy Office file that is not a Word document; save it as .docx or PDF",
    b"Rar!": "RAR archive",
    b"\x1f\x8b": "gzip archive",
    b"7z\xbc\xaf": "7-Zip archive",
    b"{\\rtf": "RTF file; save it as .docx",
}
SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".shtml": "html",
            ".xhtml": "html", ".txt": "txt", ".text": "txt", ".doc": "doc", ".wps": "doc", ".ofd": "ofd",
            ".odt": "odt", ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image",
            ".tiff": "image", ".gif": "image", ".webp": "image", ".bmp": "image"}


def sniff(path: str | Path) -> str:
    """Return ``pdf``, ``docx``, ``doc`` (.doc/.wps), ``ofd``, ``odt``, ``image``, ``html`` or ``txt`` for *path*.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "柳北政发〔2025〕2号.pdf")
    >>> _ = open(p, "wb").write("<html><body>柳北政发〔2025〕2号</body></html>".encode())
    >>> sniff(p)
    'html'
    """
    p = Path(path)
    with open(p, "rb") as fh:
        head = fh.read(HEAD)
    if not head:
        raise EmptyFileError(p, "the file has 0 bytes")
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise EmptyFileError(p, "the file holds only white space")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(p) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, UnicodeDecodeError, ValueError, EOFError) as exc:  # names that do not decode
            raise CorruptFileError(p, "zip container is damaged or truncated", f"{type(exc).__name__}: {exc}") from exc
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names or "ofd.xml" in {n.lower() for n in names}:
            return "ofd"
        if "content.xml" in names and "mimetype" in names:
            with zipfile.ZipFile(p) as z:
                mime = z.read("mimetype")[:100].decode("ascii", "replace").strip()
            if mime == "application/vnd.oasis.opendocument.text":
                return "odt"
            raise UnsupportedFormatError(p, "OpenDocument file that is not a text document", mime)
        raise UnsupportedFormatError(p, "zip file that is not a Word document",
                                     ", ".join(sorted(names)[:5]))
    for magic, fmt in _MAGIC.items():
        if head.startswith(magic):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00" and p.suffix.lower() == ".bmp":  # "BM" alone is too weak
        return "image"
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedFormatError(p, what)
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(low.startswith(m) for m in _HTML_MARKERS) or b"<html" in low[:1024]:
        return "html"
    if _looks_binary(head):
        raise UnsupportedFormatError(p, "binary data, not a document",
                                     f"{_control_ratio(head):.0%} control bytes in the first {len(head)} bytes")
    if p.suffix.lower() in (".html", ".htm", ".shtml") and b"<" in head:
        return "html"
    return "txt"


def _control_ratio(head: bytes) -> float:
    # UTF-16 text has NULs on every other byte; judge it after removing them.
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head.count(b"\x00") > len(head) * 0.3:
        return 0.0 if _plausible_utf16(head) else 1.0
    if b"\x00" in head and _plausible_utf16(head):  # BOM-less UTF-16 Chinese has NULs only in its few ASCII chars
        return 0.0
    bad = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return bad / len(head)


def _plausible_utf16(head: bytes) -> bool:
    for enc in ("utf-16", "utf-16-le", "utf-16-be"):
        try:
            s = head[: len(head) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        printable = sum(1 for c in s if c.isprintable() or c in "\r\n\t")
        if printable / max(len(s), 1) > 0.95:
            return True
    return False


def _looks_binary(head: bytes) -> bool:
    return _control_ratio(head) > 0.05
