"""Image files (PNG, JPEG, TIFF incl. multi-page, BMP, WebP): every frame is one page, read by OCR.

Geometry is converted to points as if the image were the page: with the file's DPI when it
records one, otherwise assuming the frame is an A4 page width (595 pt), so font sizes come out
near their printed values and the PDF layout stages work unchanged.
"""
from __future__ import annotations

from pathlib import Path

from ..document import Document, LayoutLine, Page
from ..errors import CorruptFileError, NoTextError
from .ocr import get_engine, page_lines, resolve_mode, summarize

A4_WIDTH_PT = 595.0
#: Frames beyond this are not read (a warning says so): a multi-page TIFF of a 公文 is a few pages.
MAX_FRAMES = 100


def _scale(im) -> float:
    dpi = im.info.get("dpi")
    try:
        d = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        d = 0.0
    if 96 <= d <= 1200:  # a real scan resolution, not a screen default of 72
        return 72.0 / d
    return A4_WIDTH_PT / im.width


def read_image(path: str | Path, *, ocr: str | None = None, **_: object) -> Document:
    """OCR an image file into a Document with one page per frame.

    >>> doc = read_image("liubei_2025_2_page1.png")  # doctest: +SKIP
    >>> doc.raw_text.splitlines()[1]  # doctest: +SKIP
    '柳北政发〔2025〕2号'
    """
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    p = Path(path)
    mode = resolve_mode(ocr)
    if mode == "never":
        raise NoTextError(p, "an image has no text layer and OCR is turned off (--ocr never)")
    engine = get_engine(p, "an image file has no text layer")
    doc = Document(source=str(path), format="image")
    parts: list[str] = []
    pages: list[Page] = []
    layout: list[LayoutLine] = []
    confs: dict[int, list[float]] = {}
    pos = 0
    try:
        im = Image.open(p)
        doc.meta["image_format"] = im.format
        for number, frame in enumerate(ImageSequence.Iterator(im), start=1):
            if number > MAX_FRAMES:
                doc.warn("too_many_pages", f"only the first {MAX_FRAMES} frames were read")
                break
            scale = _scale(frame)
            rgb = np.asarray(frame.convert("RGB"))
            start = pos
            lines = page_lines(rgb, engine, scale)
            for text, geo in lines:
                layout.append(LayoutLine(pos, pos + len(text), number, **geo))
                parts += [text, "\n"]
                pos += len(text) + 1
            confs[number] = [g["confidence"] for _, g in lines]
            pages.append(Page(number, start, pos, scanned=True, width=frame.width * scale,
                              height=frame.height * scale))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:  # PIL's errors on damaged files
        raise CorruptFileError(p, "the image could not be decoded (damaged or truncated)",
                               f"{type(exc).__name__}: {exc}") from exc
    doc.raw_text = "".join(parts)
    doc.pages = pages or [Page(1, 0, 0, scanned=True)]
    doc.layout = layout
    doc.meta["page_count"] = len(pages)
    doc.meta["ocr"] = summarize(confs, engine, None)
    if not doc.raw_text.strip():
        raise NoTextError(p, "OCR found no text in the image", f"{len(pages)} frame(s)")
    o = doc.meta["ocr"]
    doc.warn("ocr", f"page(s) {', '.join(map(str, o['pages']))} read by OCR ({o['engine']}, "
                    f"mean confidence {o['mean_confidence']})")
    return doc
