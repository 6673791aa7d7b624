"""Generators of hostile inputs for tests/test_hostile*.py: built at test time, never committed.

Each one reproduces an input of issue #18 (a Flate bomb, a page of many glyphs, a DOCX of many
paragraphs or deeply nested tables, a zip whose names do not decode) at a size set by the test.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/word/document.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def write_docx(path: Path, body_xml: str) -> Path:
    """A minimal Word document whose body is *body_xml* (WordprocessingML)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                        f'<w:document {_W}><w:body>{body_xml}</w:body></w:document>')
    return path


def nested_tables(depth: int, leaf: str = "INNER") -> str:
    """2×2 tables nested *depth* deep: each level's first cell holds the next table."""
    xml = f"<w:tbl><w:tr><w:tc>{para(leaf)}</w:tc></w:tr></w:tbl>"
    for level in range(depth - 1, 0, -1):
        xml = (f"<w:tbl><w:tr><w:tc>{para(f'L{level}')}{xml}</w:tc><w:tc>{para(f'R{level}')}</w:tc></w:tr>"
               f"<w:tr><w:tc>{para(f'B{level}')}</w:tc><w:tc>{para(f'C{level}')}</w:tc></w:tr></w:tbl>")
    return xml


def undecodable_zip_names(path: Path) -> Path:
    """A DOCX whose member names are flagged UTF-8 but hold bytes that are not (zipfile raises UnicodeDecodeError)."""
    write_docx(path, para("柳北政发〔2025〕2号"))
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # local header and central directory both name the member; flag bit 11 = UTF-8; put \xff into the name
    for sig, flag_off, name_off in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            if data[pos + name_off:pos + name_off + len(name)] == name:
                flags = int.from_bytes(data[pos + flag_off:pos + flag_off + 2], "little") | 0x800
                data[pos + flag_off:pos + flag_off + 2] = flags.to_bytes(2, "little")
                data[pos + name_off + 5] = 0xFF  # word/\xffocument.xml
            pos += 4
    path.write_bytes(bytes(data))
    return path


def flate_bomb(block: bytes, copies: int) -> bytes:
    """A zlib stream of *block* repeated *copies* times, built in milliseconds: after a full flush the
    deflate dictionary is empty, so every later copy compresses to the same bytes and is repeated as is."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = co.compress(block) + co.flush(zlib.Z_FULL_FLUSH)
    same = co.compress(block) + co.flush(zlib.Z_FULL_FLUSH)
    last = co.flush(zlib.Z_FINISH)
    adler = 1
    for _ in range(copies):
        adler = zlib.adler32(block, adler)
    return b"\x78\xda" + first + same * (copies - 1) + last + adler.to_bytes(4, "big")


def write_pdf(path: Path, content: bytes, *, compress_to: int | None = None) -> Path:
    """A one-page PDF with Helvetica and the page content stream *content*.

    With *compress_to* the stream is *content* repeated until it inflates to that many bytes,
    Flate-compressed (a decompression bomb: a few hundred KB on disk)."""
    if compress_to:
        stream, filt = flate_bomb(content, compress_to // len(content) + 1), b"/Filter /FlateDecode "
    else:
        stream, filt = content, b""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            b"<< " + filt + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def glyph_page(path: Path, glyphs: int) -> Path:
    """A PDF page that draws *glyphs* characters (pdfplumber builds one dict per glyph)."""
    lines = []
    per_line = 200
    for k in range(glyphs // per_line):
        lines.append(b"BT /F1 2 Tf %d %d Td (%s) Tj ET" % (10 + k % 7, 10 + k % 800, b"x" * per_line))
    return write_pdf(path, b"\n".join(lines))
