"""PDF reader: text lines in reading order, with their geometry, from PDFium or pdfplumber.

The raw text is one line per visual line, pages joined by ``\\n``. Joining wrapped
lines back into paragraphs and dropping page numbers happen in normalisation
(:mod:`policydoc.normalize.layout`), which uses the geometry kept here.

Two engines give the same lines: PDFium (:mod:`.pdfium`, the default, several times faster) and
pdfplumber (the reference; ``engine="pdfplumber"`` or ``--pdf-engine pdfplumber``).
"""
from __future__ import annotations

import re
from pathlib import Path
from statistics import median

from ..document import Document, LayoutLine, Page
from ..errors import CorruptFileError, EncryptedFileError, NoTextError
from .ocr import INSTALL_HINT, PdfPageOcr, available as ocr_available, summarize as ocr_summary

#: Pages beyond this are not read (a warning says so); a 公文 rarely passes 50 pages.
DEFAULT_MAX_PAGES = 500
_CID = re.compile(r"\(cid:\d+\)")


def _is_red(color) -> bool:
    if not color or not isinstance(color, (tuple, list)):
        return False
    if len(color) == 3:
        r, g, b = color
        return r > 0.6 and g < 0.35 and b < 0.35
    if len(color) == 4:  # CMYK: red is magenta + yellow without black
        c, m, y, k = color
        return m > 0.6 and y > 0.6 and c < 0.3 and k < 0.3
    return False


def _has_overprint(chars: list[dict]) -> bool:
    """Fake bold: the same glyph drawn twice at (almost) the same place."""
    hits = 0
    # sorted, not stream order: a fake-bold line is often drawn whole twice, so copies are not adjacent
    chars = sorted(chars, key=lambda c: (c["text"], round(c["top"]), c["x0"]))
    for a, b in zip(chars, chars[1:]):
        if a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 1.0 and abs(a["top"] - b["top"]) < 1.0:
            hits += 1
            if hits >= 2:
                return True
    return False


ENGINES = ("pdfium", "pdfplumber")
#: The engine used when none is named: ``POLICYDOC_PDF_ENGINE`` (the CLI's ``--pdf-engine`` sets it, so batch
#: workers inherit it), else PDFium. pdfplumber is the reference the PDFium engine is tested against.
ENGINE_ENV = "POLICYDOC_PDF_ENGINE"


def default_engine() -> str:
    import os

    name = os.environ.get(ENGINE_ENV) or "pdfium"
    if name not in ENGINES:
        raise ValueError(f"unknown PDF engine {name!r} in ${ENGINE_ENV}; choose one of {', '.join(ENGINES)}")
    return name


def read_pdf(path: str | Path, *, password: str | None = None, max_pages: int = DEFAULT_MAX_PAGES,
             engine: str | None = None, ocr: str | None = None, **_: object) -> Document:
    """Read a PDF's text layer with *engine* (``"pdfium"``, the default, or ``"pdfplumber"``); pages
    without one (scans, ``(cid:…)`` garbage) go to OCR (*ocr*: auto/never/force).

    >>> doc = read_pdf("../shared/corpus/docs/034.pdf")  # doctest: +SKIP
    >>> doc.raw_text.splitlines()[3]  # doctest: +SKIP
    '发改办财金规〔2019〕860 号'
    """
    engine = engine or default_engine()
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; choose one of {', '.join(ENGINES)}")
    p = Path(path)
    doc = Document(source=str(path), format="pdf")
    ocr_pages = PdfPageOcr(p, ocr, password)
    if engine == "pdfium":
        from .pdfium import NeedsReference

        try:
            pages = _assemble(doc, _pdfium_pages(p, password, max_pages, doc), ocr_pages)
            doc.meta["pdf_engine"] = "pdfium"
        except NeedsReference as why:  # glyphs without Unicode or rotated text: pdfplumber's reading is the reference
            doc = Document(source=str(path), format="pdf")
            pages = _assemble(doc, _pdfplumber_pages(p, password, max_pages, doc), ocr_pages)
            doc.meta["pdf_engine"] = f"pdfplumber ({why})"
    else:
        pages = _assemble(doc, _pdfplumber_pages(p, password, max_pages, doc), ocr_pages)
        doc.meta["pdf_engine"] = "pdfplumber"
    ocr_pages.close()
    if ocr_pages.done:
        doc.meta["ocr"] = ocr_summary(ocr_pages.done, ocr_pages.engine, ocr_pages.dpi)
        o = doc.meta["ocr"]
        doc.warn("ocr", f"page(s) {', '.join(map(str, o['pages']))} read by OCR ({o['engine']}, "
                        f"mean confidence {o['mean_confidence']})")
    return _finish(doc, p, pages, ocr_pages.mode)


def _pdfium_pages(p: Path, password: str | None, max_pages: int, doc: Document):
    """(number, width, height, lines or None, has_images, error) per page, read by PDFium."""
    from .pdfium import NeedsReference, PdfiumReader

    with PdfiumReader(p, password) as reader:
        n = len(reader)
        if n > max_pages:
            doc.warn("too_many_pages", f"the PDF has {n} pages; only the first {max_pages} were read")
        for i in range(min(n, max_pages)):
            try:
                width, height, lines, images = reader.page(i)
            except NeedsReference:
                raise
            except Exception as exc:
                yield i + 1, 0.0, 0.0, None, False, exc
                continue
            yield i + 1, width, height, lines, images, None
        if reader.deduped:
            doc.meta["deduped_pages"] = reader.deduped


def _pdfplumber_pages(p: Path, password: str | None, max_pages: int, doc: Document):
    """(number, width, height, lines or None, has_images, error) per page, read by pdfplumber."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSEOF

    from .pdfium import Line

    try:
        try:
            pdf = pdfplumber.open(p, password=password or "")
        except Exception as exc:  # pdfplumber >= 0.11 wraps pdfminer's error in PdfminerException: unwrap it
            inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else None
            if inner is None:
                raise
            raise inner from exc
    except PDFPasswordIncorrect as exc:
        hint = "the password given is wrong" if password else "it needs a password (use --password)"
        raise EncryptedFileError(p, f"the PDF is encrypted and {hint}") from exc
    except PDFEncryptionError as exc:
        raise EncryptedFileError(p, "the PDF uses an encryption scheme that cannot be opened", str(exc)) from exc
    except (PDFSyntaxError, PSEOF) as exc:  # PSEOF: the file ends early (truncated download)
        raise CorruptFileError(p, "not a readable PDF (damaged or truncated)", str(exc)) from exc
    except Exception as exc:  # pdfminer raises many bare types on damaged files
        raise CorruptFileError(p, "the PDF could not be opened", f"{type(exc).__name__}: {exc}") from exc

    with pdf:
        try:
            all_pages = pdf.pages
        except Exception as exc:
            raise CorruptFileError(p, "the PDF's page tree is damaged", f"{type(exc).__name__}: {exc}") from exc
        if len(all_pages) > max_pages:
            doc.warn("too_many_pages", f"the PDF has {len(all_pages)} pages; only the first {max_pages} were read")
        for number, page in enumerate(all_pages[:max_pages], start=1):
            try:
                chars = page.chars
                if not chars:
                    yield number, page.width, page.height, None, bool(page.images), None
                    continue
                if _has_overprint(chars):
                    page = page.dedupe_chars(tolerance=1)
                    doc.meta["deduped_pages"] = doc.meta.get("deduped_pages", 0) + 1
                lines = [Line(ln["text"], ln["x0"], ln["x1"], ln["top"], ln["bottom"],
                              [c["size"] for c in ln["chars"]],
                              sum(_is_red(c.get("non_stroking_color")) for c in ln["chars"]))
                         for ln in page.extract_text_lines(return_chars=True, strip=True)]
            except Exception as exc:
                yield number, page.width, page.height, None, False, exc
                continue
            yield number, page.width, page.height, lines, False, None


def _assemble(doc: Document, pages_in, ocr_pages: PdfPageOcr) -> list[Page]:
    """Raw text (one line per visual line) and layout lines from an engine's pages; a page that
    *ocr_pages* wants (no text layer, ``(cid:…)`` garbage, ``--ocr force``) is read from its pixels."""
    parts: list[str] = []
    pages: list[Page] = []
    layout: list[LayoutLine] = []
    pos = 0
    cid_count = 0
    for number, width, height, lines, images, error in pages_in:
        if error is not None:
            doc.warn("page_error", f"page {number} could not be read: {type(error).__name__}: {error}", number)
            pages.append(Page(number, pos, pos, width=width, height=height))
            continue
        if ocr_pages.wanted_texts(None if lines is None else [ln.text for ln in lines]) and ocr_pages.usable():
            start = pos
            for text, geo in ocr_pages.lines(number):  # OCR hook: this page is read from pixels
                layout.append(LayoutLine(pos, pos + len(text), number, **geo))
                parts += [text, "\n"]
                pos += len(text) + 1
            pages.append(Page(number, start, pos, scanned=True, width=width, height=height))
            continue
        if lines is None:
            # page without a text layer
            pages.append(Page(number, pos, pos, scanned=images, width=width, height=height))
            continue
        start = pos
        for ln in lines:
            text = ln.text
            if not text:
                continue
            cid_count += len(_CID.findall(text))
            red = ln.reds > len(ln.sizes) / 2
            layout.append(LayoutLine(pos, pos + len(text), number, ln.x0, ln.x1, ln.top, ln.bottom,
                                     median(ln.sizes) if ln.sizes else 0.0, red))
            parts.append(text)
            parts.append("\n")
            pos += len(text) + 1
        pages.append(Page(number, start, pos, width=width, height=height))
    doc.raw_text = "".join(parts)
    doc.layout = layout
    if cid_count:
        doc.quality["cid_glyphs"] = cid_count
    return pages


def _finish(doc: Document, p: Path, pages: list[Page], ocr_mode: str = "auto") -> Document:
    doc.pages = pages or [Page(1, 0, 0)]
    doc.meta["page_count"] = len(pages)
    scanned = [pg.number for pg in pages if pg.raw_start == pg.raw_end]
    if not doc.raw_text.strip():
        if len(pages) == 0:
            raise CorruptFileError(p, "the PDF has no pages")
        how = ("OCR is turned off (--ocr never)" if ocr_mode == "never" else
               f"OCR is not installed: {INSTALL_HINT}" if not ocr_available() else "OCR found no text")
        raise NoTextError(p, f"no page has a text layer (scanned PDF?); {how}",
                          f"{len(pages)} page(s), {sum(pg.scanned for pg in pages)} with images only")
    for n in scanned:
        hint = "" if ocr_mode == "never" or ocr_available() else f"; OCR needs {INSTALL_HINT}"
        doc.warn("scanned_page", f"page {n} has no text layer (scanned image?){hint}", n)
    cid_count = doc.quality.get("cid_glyphs")
    if cid_count:
        doc.warn("cid_glyphs", f"{cid_count} glyphs have no Unicode mapping ((cid:NN) in the text layer)")
    if doc.meta.get("deduped_pages"):
        doc.warn("overprint", f"fake-bold doubled characters removed on {doc.meta['deduped_pages']} page(s)")
    return doc
