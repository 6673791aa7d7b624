"""PDF reader on pdfplumber: text lines in reading order, with their geometry.

The raw text is one line per visual line, pages joined by ``\\n``. Joining wrapped
lines back into paragraphs and dropping page numbers happen in normalisation
(:mod:`policydoc.normalize.layout`), which uses the geometry kept here.
"""
from __future__ import annotations

import re
from pathlib import Path
from statistics import median

from ..document import Document, LayoutLine, Page
from ..errors import CorruptFileError, EncryptedFileError, NoTextError, PolicydocError
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


def read_pdf(path: str | Path, *, password: str | None = None, max_pages: int = DEFAULT_MAX_PAGES,
             ocr: str | None = None, **_: object) -> Document:
    """Read a PDF's text layer; pages without one (scans, ``(cid:…)`` garbage) go to OCR (*ocr*: auto/never/force).

    >>> doc = read_pdf("../shared/corpus/docs/034.pdf")  # doctest: +SKIP
    >>> doc.raw_text.splitlines()[3]  # doctest: +SKIP
    '发改办财金规〔2019〕860 号'
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSEOF

    p = Path(path)
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

    doc = Document(source=str(path), format="pdf")
    parts: list[str] = []
    pages: list[Page] = []
    layout: list[LayoutLine] = []
    pos = 0
    cid_count = 0
    ocr_pages = PdfPageOcr(p, ocr, password)
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
                if ocr_pages.wanted(chars) and ocr_pages.usable(chars):  # OCR hook: this page is read from pixels
                    start = pos
                    for text, geo in ocr_pages.lines(number):
                        layout.append(LayoutLine(pos, pos + len(text), number, **geo))
                        parts += [text, "\n"]
                        pos += len(text) + 1
                    pages.append(Page(number, start, pos, scanned=True, width=page.width, height=page.height))
                    continue
                if not chars:
                    scanned = bool(page.images)
                    pages.append(Page(number, pos, pos, scanned=scanned, width=page.width, height=page.height))
                    continue
                if _has_overprint(chars):
                    page = page.dedupe_chars(tolerance=1)
                    doc.meta["deduped_pages"] = doc.meta.get("deduped_pages", 0) + 1
                lines = page.extract_text_lines(return_chars=True, strip=True)
            except PolicydocError:
                raise
            except Exception as exc:
                doc.warn("page_error", f"page {number} could not be read: {type(exc).__name__}: {exc}", number)
                pages.append(Page(number, pos, pos, width=page.width, height=page.height))
                continue
            start = pos
            for ln in lines:
                text = ln["text"]
                if not text:
                    continue
                cid_count += len(_CID.findall(text))
                lchars = ln["chars"]
                sizes = [c["size"] for c in lchars]
                red = sum(_is_red(c.get("non_stroking_color")) for c in lchars) > len(lchars) / 2
                layout.append(LayoutLine(pos, pos + len(text), number, ln["x0"], ln["x1"], ln["top"],
                                         ln["bottom"], median(sizes) if sizes else 0.0, red))
                parts.append(text)
                parts.append("\n")
                pos += len(text) + 1
            pages.append(Page(number, start, pos, width=page.width, height=page.height))
    ocr_pages.close()
    if ocr_pages.done:
        doc.meta["ocr"] = ocr_summary(ocr_pages.done, ocr_pages.engine, ocr_pages.dpi)
        o = doc.meta["ocr"]
        doc.warn("ocr", f"page(s) {', '.join(map(str, o['pages']))} read by OCR ({o['engine']}, "
                        f"mean confidence {o['mean_confidence']})")
    doc.raw_text = "".join(parts)
    doc.pages = pages or [Page(1, 0, 0)]
    doc.layout = layout
    doc.meta["page_count"] = len(pages)
    scanned = [pg.number for pg in pages if pg.raw_start == pg.raw_end]
    if not doc.raw_text.strip():
        if len(pages) == 0:
            raise CorruptFileError(p, "the PDF has no pages")
        how = ("OCR is turned off (--ocr never)" if ocr_pages.mode == "never" else
               f"OCR is not installed: {INSTALL_HINT}" if not ocr_available() else "OCR found no text")
        raise NoTextError(p, f"no page has a text layer (scanned PDF?); {how}",
                          f"{len(pages)} page(s), {sum(pg.scanned for pg in pages)} with images only")
    for n in scanned:
        hint = "" if ocr_pages.mode == "never" or ocr_available() else f"; OCR needs {INSTALL_HINT}"
        doc.warn("scanned_page", f"page {n} has no text layer (scanned image?){hint}", n)
    if cid_count:
        doc.quality["cid_glyphs"] = cid_count
        doc.warn("cid_glyphs", f"{cid_count} glyphs have no Unicode mapping ((cid:NN) in the text layer)")
    if doc.meta.get("deduped_pages"):
        doc.warn("overprint", f"fake-bold doubled characters removed on {doc.meta['deduped_pages']} page(s)")
    return doc

