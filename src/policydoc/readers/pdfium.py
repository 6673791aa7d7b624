"""PDF text lines through PDFium (pypdfium2), assembled the way pdfplumber assembles them.

pdfplumber (pdfminer) interprets every page in Python and builds a dict per character; PDFium does
the interpretation in C++, so reading costs a fraction of it. Only the per-character facts the
layout stages need cross into Python: code point, advance box, font size, fill colour and whether
the glyph is upright. Lines are then built with pdfplumber's own rules (cluster tops within 3 pt,
sort by x, a gap over 3 pt or a space starts a new word, words joined by one space), so both
engines give the same lines and the pdfplumber engine stays the reference
(``tests/test_pdf_engines.py`` compares them on every PDF fixture).

A page PDFium cannot map to Unicode (glyphs pdfminer would print as ``(cid:NN)``) or that has
rotated text is reported with :class:`NeedsReference`, and the caller reads the document with
pdfplumber instead: those pages are rare and their exact text is pdfplumber's.
"""
from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorruptFileError, EncryptedFileError

#: pdfplumber's defaults (``pdfplumber.utils.text.DEFAULT_X_TOLERANCE`` / ``Y``), kept equal on purpose.
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
#: pdfplumber expands these ligatures in extracted text (``pdfplumber.utils.text.LIGATURES``).
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


#: PDFium is not thread-safe: one document is read at a time per process (batches use processes).
_LOCK = threading.RLock()


class NeedsReference(Exception):
    """This document has text PDFium reads differently from pdfminer: read it with pdfplumber."""


@dataclass
class Line:
    """One visual text line: text and the box of its characters (top-left origin, points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    sizes: list[float]
    reds: int


def _open(path: Path, password: str | None):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            hint = "the password given is wrong" if password else "it needs a password (use --password)"
            raise EncryptedFileError(path, f"the PDF is encrypted and {hint}") from exc
        if code == raw.FPDF_ERR_SECURITY:
            raise EncryptedFileError(path, "the PDF uses an encryption scheme that cannot be opened", str(exc)) from exc
        if code == raw.FPDF_ERR_FORMAT:
            raise CorruptFileError(path, "not a readable PDF (damaged or truncated)", str(exc)) from exc
        raise CorruptFileError(path, "the PDF could not be opened", f"{type(exc).__name__}: {exc}") from exc


class PdfiumReader:
    """An open PDF: ``len(reader)`` pages, :meth:`page` gives each page's size and text lines.

    >>> with PdfiumReader("tests/fixtures/pdf/003.pdf") as r:  # doctest: +SKIP
    ...     r.page(0)[2][1].text
    '柳北政发〔2025〕2号'
    """

    def __init__(self, path: str | Path, password: str | None = None):
        import pypdfium2.raw as raw

        self.raw = raw
        self.path = Path(path)
        _LOCK.acquire()
        try:
            self.pdf = _open(self.path, password)
        except BaseException:
            _LOCK.release()
            raise
        # one set of out-parameters for all ctypes calls (the loop below runs once per glyph)
        self._d = [ctypes.c_double() for _ in range(4)]
        self._u = [ctypes.c_uint() for _ in range(4)]
        self._rect = raw.FS_RECTF()
        self._matrix = raw.FS_MATRIX()
        self.deduped = 0  # pages with fake-bold doubled glyphs

    def __len__(self) -> int:
        return len(self.pdf)

    def close(self) -> None:
        if self.pdf is None:
            return
        try:
            self.pdf.close()
        finally:
            self.pdf = None
            _LOCK.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def page(self, index: int) -> tuple[float, float, list[Line] | None, bool]:
        """(width, height, lines, has_images) of page *index*; lines is None when it has no text."""
        raw = self.raw
        page = self.pdf[index]
        try:
            width, height = page.get_size()
            tp = raw.FPDFText_LoadPage(page.raw)
            try:
                chars = self._chars(tp, height)
                overprint = bool(chars) and not _has_overprint(chars) and self._overprinted_objects(page.raw, tp)
            finally:
                raw.FPDFText_ClosePage(tp)
            if not chars:
                images = any(raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, i)) == raw.FPDF_PAGEOBJ_IMAGE
                             for i in range(raw.FPDFPage_CountObjects(page.raw)))
                return width, height, None, images
            # PDFium's text page already drops a text object drawn again over itself (fake bold); pdfplumber
            # dedupes such pages too and says so: find them to give the same warning
            if _has_overprint(chars):
                chars = _dedupe(chars)
                self.deduped += 1
            elif overprint:
                self.deduped += 1
            return width, height, _lines(chars), False
        finally:
            page.close()

    def _overprinted_objects(self, page, tp) -> bool:
        """Two text objects with the same glyphs drawn at (almost) the same place, covering 2+ glyphs."""
        raw = self.raw
        l, b, r, t = (ctypes.c_float() for _ in range(4))
        boxes: dict[tuple, list[tuple]] = {}
        hits = 0
        for i in range(raw.FPDFPage_CountObjects(page)):
            obj = raw.FPDFPage_GetObject(page, i)
            if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_TEXT:
                continue
            raw.FPDFPageObj_GetBounds(obj, ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t))
            # the glyph codes of the object stand in for its text: equal runs have equal widths and counts
            key = (round(r.value - l.value), round(t.value - b.value))
            for x, y, first in boxes.get(key, ()):
                if abs(x - l.value) < 1.0 and abs(y - t.value) < 1.0:
                    # glyphs of the first impression (the copy's were dropped): UTF-16 bytes less the NUL
                    hits += max(0, raw.FPDFTextObj_GetText(first, tp, None, 0) // 2 - 1)
                    if hits >= 2:
                        return True
            boxes.setdefault(key, []).append((l.value, t.value, obj))
        return False

    def _chars(self, tp, height: float) -> list[tuple]:
        """(text, x0, x1, top, bottom, size, red) of each glyph, in content order (generated spaces skipped)."""
        raw = self.raw
        n = raw.FPDFText_CountChars(tp)
        if n <= 0:
            return []
        get_unicode, is_generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
        loose, size_of, fill = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize, raw.FPDFText_GetFillColor
        map_error, get_matrix = raw.FPDFText_HasUnicodeMapError, raw.FPDFText_GetMatrix
        rect, m = self._rect, self._matrix
        prect, pm = ctypes.byref(rect), ctypes.byref(m)
        r, g, b, a = self._u
        pr, pg, pb, pa = (ctypes.byref(x) for x in self._u)
        out = []
        for i in range(n):
            cp = get_unicode(tp, i)
            if cp in (0xFFFE, 0x0A, 0x0D, 0x02) or is_generated(tp, i) == 1:
                continue  # PDFium's own line breaks / spaces / soft hyphens, not glyphs on the page
            if map_error(tp, i) == 1 or cp == 0 or cp == 0xFFFD:
                raise NeedsReference("a glyph has no Unicode mapping")
            get_matrix(tp, i, pm)
            if abs(m.b) > 1e-6 or abs(m.c) > 1e-6 or m.a <= 0 or m.d <= 0:
                raise NeedsReference("rotated or mirrored text")
            loose(tp, i, prect)
            size = size_of(tp, i)
            # pdfminer's box: from the font's descent up by the font size (PDFium's loose box ends at the ascent)
            bottom = height - rect.bottom
            red = False
            if fill(tp, i, pr, pg, pb, pa):
                red = r.value > 153 and g.value < 90 and b.value < 90
            out.append((chr(cp), rect.left, rect.right, bottom - size, bottom, size, red))
        return out


def _has_overprint(chars: list[tuple]) -> bool:
    """Fake bold: the same glyph drawn twice at (almost) the same place (as ``pdf._has_overprint``)."""
    hits = 0
    chars = sorted(chars, key=lambda c: (c[0], round(c[3]), c[1]))
    for a, b in zip(chars, chars[1:]):
        if a[0] == b[0] and abs(a[1] - b[1]) < 1.0 and abs(a[3] - b[3]) < 1.0:
            hits += 1
            if hits >= 2:
                return True
    return False


def _cluster_ids(values, tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: sorted distinct values chained while within *tolerance*."""
    ids: dict[float, int] = {}
    k = -1
    last = None
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            k += 1
        ids[v] = k
        last = v
    return ids


def _dedupe(chars: list[tuple], tolerance: float = 1.0) -> list[tuple]:
    """pdfplumber's ``dedupe_chars``: of glyphs with the same text and size within *tolerance*, keep the first."""
    from itertools import groupby

    keep: set[int] = set()
    order = sorted(range(len(chars)), key=lambda i: (chars[i][0], chars[i][5]))
    for _, grp in groupby(order, key=lambda i: (chars[i][0], chars[i][5])):
        grp = list(grp)
        ys = _cluster_ids((chars[i][3] for i in grp), tolerance)
        for _, ycl in groupby(sorted(grp, key=lambda i: ys[chars[i][3]]), key=lambda i: ys[chars[i][3]]):
            ycl = list(ycl)
            xs = _cluster_ids((chars[i][1] for i in ycl), tolerance)
            for _, xcl in groupby(sorted(ycl, key=lambda i: xs[chars[i][1]]), key=lambda i: xs[chars[i][1]]):
                keep.add(min(xcl, key=lambda i: (chars[i][3], chars[i][1])))
    return [c for i, c in enumerate(chars) if i in keep]


def _lines(chars: list[tuple]) -> list[Line]:
    """Lines as pdfplumber's ``extract_text_lines(strip=True)`` makes them from the same glyphs."""
    tops = _cluster_ids((c[3] for c in chars), Y_TOLERANCE)
    # characters into lines (cluster order), each line sorted by x (stable: content order breaks ties)
    by_line: dict[int, list[tuple]] = {}
    for c in chars:
        by_line.setdefault(tops[c[3]], []).append(c)
    words: list[list[tuple]] = []
    for k in sorted(by_line):
        cur: list[tuple] = []
        for c in sorted(by_line[k], key=lambda c: c[1]):
            if c[0].isspace():
                if cur:
                    words.append(cur)
                cur = []
            elif cur and (c[1] < cur[-1][1] or c[1] > cur[-1][2] + X_TOLERANCE or abs(c[3] - cur[-1][3]) > Y_TOLERANCE):
                words.append(cur)
                cur = [c]
            else:
                cur.append(c)
        if cur:
            words.append(cur)
    # words into text lines: cluster the words' tops, consecutive words of one cluster share a line
    wtops = [min(c[3] for c in w) for w in words]
    ids = _cluster_ids(wtops, Y_TOLERANCE)
    lines: list[Line] = []
    prev = None
    group: list[list[tuple]] = []
    for w, t in zip(words, wtops):
        if group and ids[t] != prev:
            lines.append(_line(group))
            group = []
        group.append(w)
        prev = ids[t]
    if group:
        lines.append(_line(group))
    return lines


def _line(words: list[list[tuple]]) -> Line:
    text = " ".join("".join(LIGATURES.get(c[0], c[0]) for c in w) for w in words)
    cs = [c for w in words for c in w]
    return Line(text, min(c[1] for c in cs), max(c[2] for c in cs), min(c[3] for c in cs), max(c[4] for c in cs),
                [c[5] for c in cs], sum(c[6] for c in cs))
