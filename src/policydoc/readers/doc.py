"""Legacy Word 97–2003 ``.doc`` and Kingsoft WPS ``.wps`` files (both OLE2 compound files).

Two routes:

* **LibreOffice** (``soffice --headless --convert-to docx``) when it is on the PATH: full fidelity
  (text boxes holding the 发文机关标志, Word auto-numbering labels such as 一、 and （一）), read
  by the DOCX reader. ``POLICYDOC_DOC_READER=python`` turns it off.
* **Pure Python** otherwise (olefile for the container): the text of the main document story
  taken from the piece table ([MS-DOC] 2.8.35 PlcPcd, inside the Clx of the 0Table/1Table stream
  the FIB points to). Auto-numbering labels and text boxes are not in that story: the labels are
  computed by Word at display time, so a heading reads "总体要求" where the page shows "一、总体要求".

Why our own piece-table reader rather than a library: the PyPI candidates either shell out to
antiword/LibreOffice or are unmaintained; the piece table is a small, stable, documented structure
(the same since Word 97) and reading it needs only olefile, which is pure Python and well kept.
"""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from ..document import Document
from ..errors import CorruptFileError, EncryptedFileError, UnsupportedFormatError

READER_ENV = "POLICYDOC_DOC_READER"  # auto (default) | python | soffice
SOFFICE_TIMEOUT = 90.0

# Word's special characters in the text stream ([MS-DOC] 2.8.25): what each becomes in plain text.
_PARA = {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x0e": "\n", "\x07": "\t",  # paragraph, line/page/column break, cell
         "\x1e": "-", "\xa0": " "}
_DROP = re.compile("[\x00-\x06\x08\x0f-\x12\x16-\x1d\x1f]")  # anchors of pictures, notes, drawn objects; soft hyphen
# cp1252 bytes 0x80–0x9F of "compressed" (8-bit) pieces ([MS-DOC] 2.4.1: FcCompressed)
_CP1252 = bytes(range(0x80, 0xA0)).decode("cp1252", errors="replace")


def read_doc(path: str | Path, *, doc_reader: str | None = None, **_: object) -> Document:
    """Read a ``.doc``/``.wps`` file: through LibreOffice when present, else the piece table.

    >>> doc = read_doc("tests/fixtures/doc/liubei_2025_2.doc", doc_reader="python")  # doctest: +SKIP
    >>> doc.raw_text.splitlines()[0]  # doctest: +SKIP
    '柳北政发〔2025〕2号'
    """
    p = Path(path)
    fmt = "wps" if p.suffix.lower() == ".wps" else "doc"
    route = (doc_reader or os.environ.get(READER_ENV) or "auto").lower()
    text = word_text(p)  # also validates the file (encrypted, not Word, damaged) before LibreOffice sees it
    if route in ("auto", "soffice") and shutil.which("soffice"):
        try:
            doc = _via_soffice(p)
            doc.format = fmt
            doc.meta["doc_reader"] = "libreoffice"
            return doc
        except (OSError, subprocess.SubprocessError, CorruptFileError) as exc:
            fallback = f"LibreOffice could not convert it ({type(exc).__name__}); read from the piece table"
        else:  # pragma: no cover
            fallback = ""
    else:
        fallback = ""
    doc = Document(source=str(path), format=fmt, raw_text=text)
    doc.meta["doc_reader"] = "piece_table"
    if fallback:
        doc.warn("doc_fallback", fallback)
    if not text.strip():
        from ..errors import NoTextError

        raise NoTextError(p, "the Word document's main text is empty")
    return doc


def _via_soffice(p: Path) -> Document:
    from .docx import read_docx

    with tempfile.TemporaryDirectory(prefix="policydoc-soffice-") as tmp:
        src = Path(tmp) / ("in" + (p.suffix.lower() if p.suffix.lower() in (".doc", ".wps") else ".doc"))
        shutil.copyfile(p, src)  # a plain ASCII name: soffice mangles some non-ASCII paths
        # a private profile per call, so parallel workers do not fight over one user installation
        cmd = ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", tmp, str(src)]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=SOFFICE_TIMEOUT,
                       check=True)
        out = Path(tmp) / "in.docx"
        if not out.exists():
            raise CorruptFileError(p, "LibreOffice wrote no DOCX")
        doc = read_docx(out)
    doc.source = str(p)
    return doc


def word_text(path: str | Path) -> str:
    """The main document text of a Word 97–2003 binary file, paragraphs as lines.

    >>> word_text("tests/fixtures/doc/guofa_2019_5.doc").splitlines()[1]  # doctest: +SKIP
    '国发〔2019〕5号'
    """
    import olefile

    p = Path(path)
    try:
        ole = olefile.OleFileIO(str(p))
    except (OSError, ValueError, struct.error) as exc:  # olefile raises OSError on a damaged container
        raise CorruptFileError(p, "legacy Office (.doc) container is damaged or truncated; save it as .docx or PDF",
                               str(exc)) from exc
    with ole:
        if not ole.exists("WordDocument"):
            streams = ", ".join("/".join(s) for s in ole.listdir()[:5])
            raise UnsupportedFormatError(p, "legacy Office file that is not a Word document "
                                            "(Excel/PowerPoint?); save it as .docx or PDF", streams)
        wd = ole.openstream("WordDocument").read()
        if len(wd) < 0x200:
            raise CorruptFileError(p, "the WordDocument stream is too short", f"{len(wd)} bytes")
        ident, nfib = struct.unpack_from("<HH", wd, 0)
        flags = struct.unpack_from("<H", wd, 0x0A)[0]
        if ident != 0xA5EC:
            raise CorruptFileError(p, "the WordDocument stream has no Word signature", f"wIdent 0x{ident:04X}")
        if nfib < 0x00C1 and nfib != 0x0065:  # before Word 97 (Word 6/95 keep text another way)
            raise UnsupportedFormatError(p, "Word 6/95 document (pre-97 binary); save it as .docx or PDF",
                                         f"nFib 0x{nfib:04X}")
        if flags & 0x0100:  # fEncrypted
            raise EncryptedFileError(p, "the Word document is password-protected; save it without a password")
        table_name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(table_name):
            raise CorruptFileError(p, f"the {table_name} stream the FIB points to is missing")
        table = ole.openstream(table_name).read()
    try:
        return _piece_text(wd, table)
    except (struct.error, IndexError, ValueError) as exc:
        raise CorruptFileError(p, "the Word piece table is damaged", f"{type(exc).__name__}: {exc}") from exc


def _piece_text(wd: bytes, table: bytes) -> str:
    # FIB ([MS-DOC] 2.5.1): FibBase (32 bytes), csw + FibRgW97, cslw + FibRgLw97, cbRgFcLcb + FibRgFcLcb
    csw = struct.unpack_from("<H", wd, 32)[0]
    lw = 34 + csw * 2
    cslw = struct.unpack_from("<H", wd, lw)[0]
    # FibRgLw97 story lengths, in CP order: ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx
    stories = struct.unpack_from("<7i", wd, lw + 2 + 3 * 4)
    ccp_text, ccp_txbx = stories[0], stories[6]
    txbx_start = sum(stories[:6])
    limit = txbx_start + ccp_txbx
    fclcb = lw + 2 + cslw * 4 + 2
    fc_clx, lcb_clx = struct.unpack_from("<II", wd, fclcb + 33 * 8)  # FibRgFcLcb97.fcClx / lcbClx
    clx = table[fc_clx:fc_clx + lcb_clx]
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc entries (property modifiers) come first: skip them
        i += 3 + struct.unpack_from("<H", clx, i + 1)[0]
    if i >= len(clx) or clx[i] != 0x02:
        raise ValueError("no Pcdt in the Clx")
    lcb = struct.unpack_from("<I", clx, i + 1)[0]
    plc = clx[i + 5:i + 5 + lcb]
    n = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    out: list[str] = []
    for k in range(n):
        start, end = cps[k], cps[k + 1]
        if start >= limit:
            break
        end = min(end, limit)
        fc = struct.unpack_from("<I", plc, (n + 1) * 4 + k * 8 + 2)[0]
        if fc & 0x40000000:  # compressed: 8-bit text at fc/2
            off = (fc & 0x3FFFFFFF) // 2
            raw = wd[off:off + (end - start)]
            out.append("".join(_CP1252[b - 0x80] if 0x80 <= b < 0xA0 else chr(b) for b in raw))
        else:
            off = fc & 0x3FFFFFFF
            out.append(wd[off:off + 2 * (end - start)].decode("utf-16-le", errors="replace"))
    whole = "".join(out)
    main = whole[:ccp_text]
    boxes = [t for t in whole[txbx_start:limit].split("\r") if t.strip()]
    if boxes and "\x08" in main:
        # text boxes (the 发文机关标志 of many templates) are a story of their own; put their paragraphs
        # where the first drawn object is anchored. All boxes go there: good for the usual single mark box.
        main = main.replace("\x08", "\r" + "\r".join(boxes) + "\r", 1)
    return _plain(main)


def _plain(s: str) -> str:
    """Word's control characters → plain text: fields keep their result, not their code.

    >>> _plain('见\\x13 HYPERLINK "http://x" \\x14国发〔2019〕5号\\x15文\\r')
    '见国发〔2019〕5号文\\n'
    """
    # a field is \x13 code \x14 result \x15 (or \x13 code \x15 without a result); fields nest
    res: list[str] = []
    stack: list[bool] = []  # per open field: are we in its result part?
    for ch in s:
        if ch == "\x13":
            stack.append(False)
        elif ch == "\x14":
            if stack:
                stack[-1] = True
        elif ch == "\x15":
            if stack:
                stack.pop()
        elif all(stack):
            res.append(ch)
    # a table row is its cells, each closed by \x07, then a row-end mark \x07: one line, cells tab-separated
    # (as the DOCX reader gives them)
    text = "".join(_PARA.get(c, c) for c in "".join(res).replace("\x07\x07", "\n"))
    return _DROP.sub("", text)
