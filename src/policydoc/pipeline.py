"""The pipeline: read → normalise → structure → extract → classify, over one Document.

Each stage is a named component that declares what it needs and what it sets (as in
spaCy), so a stage can be swapped or left out and the pipeline checks the order.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .document import Document
from .readers import read as _read_any


def _read(path: str | Path, *, password: str | None = None, **options) -> Document:
    """The reader, refusing FIFOs, sockets and devices first: opening a FIFO blocks forever."""
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        mode = None  # missing or unreadable: the reader says so with its own typed error
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        from .errors import NotRegularFileError

        raise NotRegularFileError(path, "a FIFO, socket or device is not read")
    return _read_any(path, password=password, **options)


@dataclass(frozen=True)
class Component:
    name: str
    func: Callable[[Document], Document | None]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


_REGISTRY: dict[str, Component] = {}


def component(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()):
    """Register a pipeline stage under *name*."""

    def deco(func):
        _REGISTRY[name] = Component(name, func, requires, assigns)
        return func

    return deco


def _load_components() -> None:
    # Importing these modules registers their components.
    from . import classify, limits, normalize, structure  # noqa: F401
    from .extract import components  # noqa: F401


DEFAULT_STAGES = ("normalize", "bound_text", "structure", "header_fields", "outline", "citations", "region",
                  "joint_meeting", "news_facts", "header_check", "topics")


class Pipeline:
    """An ordered list of components applied to a Document.

    >>> nlp = Pipeline(["normalize", "structure", "header_fields"])
    >>> nlp.names
    ['normalize', 'structure', 'header_fields']
    """

    def __init__(self, stages: tuple[str, ...] | list[str] = DEFAULT_STAGES):
        _load_components()
        missing = [s for s in stages if s not in _REGISTRY]
        if missing:
            raise ValueError(f"unknown pipeline stage(s): {', '.join(missing)}; known: {', '.join(_REGISTRY)}")
        self.components = [_REGISTRY[s] for s in stages]
        have: set[str] = {"raw_text"}
        for c in self.components:
            lacking = [r for r in c.requires if r not in have]
            if lacking:
                raise ValueError(f"stage {c.name!r} needs {', '.join(lacking)} from an earlier stage")
            have.update(c.assigns)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, doc: Document) -> Document:
        for c in self.components:
            out = c.func(doc)
            if out is not None:
                doc = out
        return doc


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def read(path: str | Path, *, password: str | None = None, engine: str | None = None,
         ocr: str | None = None) -> Document:
    """Read a file into a Document with raw text only (no normalisation or extraction).

    *engine* picks the PDF engine: ``"pdfium"`` (default) or ``"pdfplumber"`` (the reference).

    >>> doc = read("../shared/corpus/docs/034.pdf")  # doctest: +SKIP
    >>> doc.format, len(doc.pages)  # doctest: +SKIP
    ('pdf', 5)
    """
    return _read(path, password=password, engine=engine, ocr=ocr)


def parse(path: str | Path, *, password: str | None = None, pipeline: Pipeline | None = None,
          engine: str | None = None, ocr: str | None = None, limits=None) -> Document:
    """Read and analyse one file: the library's main entry point (*engine*: the PDF engine, as in :func:`read`).

    With ``limits=Limits(timeout=30, max_memory=1 << 30)`` (:mod:`policydoc.limits`) the file is
    parsed in a worker process that is stopped after *timeout* seconds (``ParseTimeoutError``) and
    may not use more than *max_memory* bytes (``MemoryLimitError``); its text is cut at
    ``max_chars``. Without *limits* the parse runs in this process, unbounded, as before.

    *ocr*: ``"auto"`` (default: OCR pages and images without a usable text layer, when the ``[ocr]``
    extra is installed), ``"never"`` or ``"force"`` (OCR every PDF page).

    >>> doc = parse("../shared/seeds/003_e226338f45839dff.txt")  # doctest: +SKIP
    >>> doc["doc_number"]  # doctest: +SKIP
    '柳北政发〔2025〕2号'
    >>> from policydoc.limits import Limits
    >>> parse("../shared/seeds/003_e226338f45839dff.txt", limits=Limits(timeout=60))["doc_number"]  # doctest: +SKIP
    '柳北政发〔2025〕2号'
    """
    if limits is not None:
        from . import workers

        if limits.isolated and not workers.IN_WORKER and pipeline is None:
            return _bounded(limits, password, engine, ocr)(path)
        from .limits import cap_raw

        doc = cap_raw(_read(path, password=password, engine=engine, ocr=ocr), limits.max_chars)
        return (pipeline or default_pipeline())(doc)
    doc = _read(path, password=password, engine=engine, ocr=ocr)
    return (pipeline or default_pipeline())(doc)


_BOUNDED: dict = {}


def _bounded(limits, password, engine=None, ocr=None):
    """One long-lived bounded worker per (limits, password, engine, ocr): the pipeline loads once, not per file."""
    from .workers import BoundedParser

    key = (limits, password, engine, ocr)
    if key not in _BOUNDED:
        _BOUNDED.clear()  # at most one idle worker per process
        _BOUNDED[key] = BoundedParser(limits, password, engine=engine, ocr=ocr)
    return _BOUNDED[key]


def parse_text(text: str, *, source: str = "<text>", pipeline: Pipeline | None = None) -> Document:
    """Analyse a string as if it were a ``.txt`` file.

    >>> parse_text("柳北政发〔2025〕2号\\n关于印发《联席会议制度》的通知")["doc_number"]  # doctest: +SKIP
    '柳北政发〔2025〕2号'
    """
    return (pipeline or default_pipeline())(Document(source=source, format="txt", raw_text=text))
