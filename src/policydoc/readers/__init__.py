"""Readers turn a file into a :class:`~policydoc.document.Document` with raw text.

The format is decided by content (:func:`sniff`), so a ``.pdf`` that is really a web
page still reads. Each reader is one module named for the format it owns.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..document import Document
from ..errors import CorruptFileError, InputError, PolicydocError, UnsupportedFormatError
from .sniff import SUFFIXES, sniff


def _pdf(path, **kw):
    from .pdf import read_pdf

    return read_pdf(path, **kw)


def _docx(path, **kw):
    from .docx import read_docx

    return read_docx(path, **kw)


def _html(path, **kw):
    from .html import read_html

    return read_html(path, **kw)


def _txt(path, **kw):
    from .text import read_text

    return read_text(path, **kw)


def _image(path, **kw):
    from .image import read_image

    return read_image(path, **kw)


def _doc(path, **kw):
    from .doc import read_doc

    return read_doc(path, **kw)


def _ofd(path, **kw):
    from .ofd import read_ofd

    return read_ofd(path, **kw)


def _odt(path, **kw):
    from .odt import read_odt

    return read_odt(path, **kw)


READERS: dict[str, Callable[..., Document]] = {"pdf": _pdf, "docx": _docx, "html": _html, "txt": _txt,
                                               "image": _image, "doc": _doc, "ofd": _ofd, "odt": _odt}


def read(path: str | Path, *, password: str | None = None, **options) -> Document:
    """Read *path* into a Document (raw text, pages, layout, site metadata).

    Options reach the reader: ``ocr="auto"|"never"|"force"`` for PDFs and images.

    >>> doc = read("../shared/seeds/003_e226338f45839dff.txt")  # doctest: +SKIP
    >>> doc.format  # doctest: +SKIP
    'txt'
    """
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a folder, not a file")
    try:
        fmt = sniff(p)
    except PermissionError as exc:
        raise InputError(p, "permission denied") from exc
    suffix_fmt = SUFFIXES.get(p.suffix.lower())
    try:
        doc = READERS[fmt](p, password=password, **options)
    except PolicydocError:  # typed already (InputError, ModelError, MissingDependencyError)
        raise
    except (MemoryError, RecursionError) as exc:
        raise CorruptFileError(p, "the file is too deeply nested or too large to read", type(exc).__name__) from exc
    except Exception as exc:  # a reader's library failed in a way we did not foresee: still a typed error
        raise CorruptFileError(p, f"the {fmt.upper()} reader failed", f"{type(exc).__name__}: {exc}") from exc
    doc.source = str(path)
    if suffix_fmt and suffix_fmt != fmt:
        doc.warn("format_mismatch", f"named .{p.suffix.lstrip('.')}, but the content is {fmt.upper()}")
    return doc


__all__ = ["read", "sniff", "READERS", "UnsupportedFormatError"]
