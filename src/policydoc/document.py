"""The one record that flows through the pipeline: read → normalise → structure → extract → classify.

A reader fills the raw side (``raw_text``, ``pages``, ``layout``, ``site_metadata``);
normalisation adds ``text`` with a map back to raw offsets; later stages add
``lines``/``outline`` and ``fields``. Every field value is a :class:`Field` that says
where in ``text`` it came from, on which page, and which rule produced it.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from .mapped import MappedText

#: Formats whose raw lines carry page geometry (:class:`LayoutLine`): the PDF-style layout stages apply.
PAGE_FORMATS = frozenset({"pdf", "ofd", "image"})
#: Word-processor formats (read through a DOCX-like model): no web chrome to strip.
WORD_FORMATS = frozenset({"docx", "doc", "wps", "odt"})


@dataclass(frozen=True)
class Page:
    """One page (PDF) or one pseudo-page (everything else is a single page 1)."""

    number: int  # 1-based
    raw_start: int
    raw_end: int
    scanned: bool = False
    width: float | None = None
    height: float | None = None


@dataclass(frozen=True)
class LayoutLine:
    """Geometry of one raw line of a PDF (or an OFD page, or an OCR'd image), keyed by raw offsets.

    ``red`` marks the 发文机关标志 and red rules of GB/T 9704 layout; ``size`` is
    the dominant font size, used to tell titles from body text.
    """

    raw_start: int
    raw_end: int
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    red: bool = False
    confidence: float | None = None  # OCR recognition score (0–1); None for a text layer


@dataclass(frozen=True)
class Notice:
    """A quality warning: ``code`` for scripts, ``message`` for people."""

    code: str
    message: str
    page: int | None = None

    def __str__(self) -> str:
        where = f" (page {self.page})" if self.page else ""
        return f"{self.message}{where}"


@dataclass
class Field:
    """An extracted value with its provenance.

    >>> Field("doc_number", "柳北政发〔2025〕2号", 120, 131, 1, 0.95, "header_line").as_span()
    {'start': 120, 'end': 131, 'page': 1}
    """

    name: str
    value: Any
    start: int | None = None
    end: int | None = None
    page: int | None = None
    confidence: float = 1.0
    rule: str = ""
    printed: str | None = None  # the text as it stands in the document, when it differs

    def as_span(self) -> dict | None:
        if self.start is None:
            return None
        return {"start": self.start, "end": self.end, "page": self.page}


@dataclass
class Line:
    """A line (paragraph) of the normalised text with the zone it belongs to."""

    index: int
    start: int
    end: int
    text: str
    zone: str = "body"


@dataclass
class Document:
    """Everything known about one input file.

    >>> doc = Document(source="a.txt", format="txt", raw_text="柳北政发〔2025〕2号")
    >>> doc.pages[0].number
    1
    """

    source: str
    format: str
    raw_text: str = ""
    pages: list[Page] = field(default_factory=list)
    layout: list[LayoutLine] = field(default_factory=list)
    site_metadata: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    quality: dict[str, Any] = field(default_factory=dict)
    mapped: MappedText | None = None
    lines: list[Line] = field(default_factory=list)
    outline: list[dict] = field(default_factory=list)
    fields: dict[str, Field] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.pages:
            self.pages = [Page(1, 0, len(self.raw_text))]

    # -- text and provenance ------------------------------------------------
    @property
    def text(self) -> str:
        """The normalised text (the raw text until normalisation has run)."""
        return self.mapped.text if self.mapped is not None else self.raw_text

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if self.mapped is None:
            return start, end
        return self.mapped.raw_span(start, end)

    def page_at(self, start: int) -> int:
        """Page number of normalised offset *start*."""
        raw = self.mapped.raw_offset(start) if self.mapped is not None else start
        starts = [p.raw_start for p in self.pages]
        k = bisect_right(starts, raw) - 1
        return self.pages[max(k, 0)].number

    def warn(self, code: str, message: str, page: int | None = None) -> None:
        self.notices.append(Notice(code, message, page))

    @property
    def warnings(self) -> list[str]:
        return [str(n) for n in self.notices]

    # -- fields ------------------------------------------------------------
    def set_field(self, name: str, value: Any, start: int | None = None, end: int | None = None,
                  *, confidence: float = 1.0, rule: str = "", printed: str | None = None) -> Field:
        page = self.page_at(start) if start is not None else None
        f = Field(name, value, start, end, page, confidence, rule, printed)
        self.fields[name] = f
        return f

    def value(self, name: str, default: Any = None) -> Any:
        f = self.fields.get(name)
        return f.value if f is not None else default

    def __getitem__(self, name: str) -> Any:
        return self.value(name)

    def record(self) -> dict:
        """The output-contract record (see ``policydoc.record``)."""
        from .record import to_record

        return to_record(self)
