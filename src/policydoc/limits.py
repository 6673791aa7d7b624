"""Bounds on the work one file may cause: wall-clock time, memory, text size, unpunctuated runs.

A 2 MB PDF can inflate to 2 GB, a 1 MB line without punctuation kept jieba busy for 25 s, and a
50 MB line became a 33 MB record because a topic's evidence was the whole line. The bounds here
are applied before the expensive stages, by design rather than per case:

* ``timeout`` and ``max_memory`` — enforced by running the parse in a worker process
  (:mod:`policydoc.workers`): the parent kills it after ``timeout`` seconds, and the worker's address
  space is capped with ``RLIMIT_AS``, so a decompression bomb ends in a ``MemoryError`` instead of the
  machine's swap;
* ``max_chars`` — the raw text is cut there (with a ``text_truncated`` warning) before normalisation;
* :data:`MAX_RUN` — the ``bound_text`` stage breaks a stretch of text without sentence punctuation
  after at most this many characters, so no segment handed to the tokenizer and the topic model (and
  no topic evidence) is longer. It is part of the default pipeline.

``extract`` and ``index`` always apply :class:`Limits`; ``policydoc.parse`` does when given
``limits=Limits(...)``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Document, LayoutLine, Page
from .pipeline import component

#: Two workers on an 8 GB laptop: 2 GiB of address space each leaves half the memory to everything else.
#: A worker's address space after loading the pipeline is ~0.6 GiB (measured: VmPeak of a worker that
#: parsed the 19 fixture PDFs), so a file may use ~1.4 GiB before it is stopped.
DEFAULT_MAX_MEMORY = 2 * 1024 ** 3
#: Characters of raw text kept. The longest document of the corpus has ~160,000; a whole statute book
#: ~1,000,000. Beyond this normalisation, structure and topics would run for minutes.
DEFAULT_MAX_CHARS = 2_000_000
#: Longest stretch of text without 。；！？ or a line break handed on. Real sentences in the corpus stay
#: under 400 characters; a longer run is a table dump, a base64 blob or an attack.
MAX_RUN = 600
DEFAULT_TIMEOUT = 120.0

_ENDS = "。；;！？!?\n"
# every maximal stretch between sentence ends, lengths checked in Python: a `{601,}` quantifier would
# rescan each shorter stretch from every start position (quadratic, 3× the cost of a whole parse)
_STRETCH = re.compile(f"[^{_ENDS}]+")
_SOFT = "，,、：: \t"


@dataclass(frozen=True)
class Limits:
    """What one file may cost. ``None`` switches a bound off.

    >>> Limits(timeout=30).max_memory == DEFAULT_MAX_MEMORY
    True
    """

    timeout: float | None = DEFAULT_TIMEOUT
    max_memory: int | None = DEFAULT_MAX_MEMORY
    max_chars: int | None = DEFAULT_MAX_CHARS

    @property
    def isolated(self) -> bool:
        """True when the bounds need a worker process (time or memory)."""
        return bool(self.timeout) or bool(self.max_memory)


def cap_raw(doc: Document, max_chars: int | None) -> Document:
    """Cut ``doc.raw_text`` to *max_chars*, keeping pages and layout consistent, and say so.

    >>> d = cap_raw(Document(source="a.txt", format="txt", raw_text="柳北政发〔2025〕2号" * 3), 12)
    >>> d.raw_text, d.warnings
    ('柳北政发〔2025〕2号', ['the text has 36 characters; only the first 12 were read'])
    """
    n = len(doc.raw_text)
    if not max_chars or n <= max_chars:
        return doc
    doc.raw_text = doc.raw_text[:max_chars]
    doc.pages = [Page(p.number, min(p.raw_start, max_chars), min(p.raw_end, max_chars), p.scanned, p.width,
                      p.height) for p in doc.pages if p.raw_start <= max_chars] or [Page(1, 0, max_chars)]
    doc.layout = [ln if ln.raw_end <= max_chars else LayoutLine(ln.raw_start, max_chars, *_rest(ln))
                  for ln in doc.layout if ln.raw_start < max_chars]
    doc.quality["truncated_chars"] = n - max_chars
    doc.warn("text_truncated", f"the text has {n} characters; only the first {max_chars} were read")
    return doc


def _rest(ln: LayoutLine) -> tuple:
    return ln.page, ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.red


def split_points(run: str, limit: int = MAX_RUN) -> list[int]:
    """Offsets at which to break *run* so no piece is longer than *limit*: after a comma or space in
    the second half of a piece when there is one, else hard.

    >>> split_points("劳动模范" * 5, 8)
    [8, 16]
    >>> split_points("劳动模范，困难职工帮扶" * 2, 8)
    [5, 13, 21]
    """
    cuts, start = [], 0
    while len(run) - start > limit:
        end = start + limit
        soft = max(run.rfind(c, end - limit // 2, end) for c in _SOFT)
        cut = soft + 1 if soft > start else end
        cuts.append(cut)
        start = cut
    return cuts


@component("bound_text", requires=("text",), assigns=("text",))
def bound_text(doc: Document) -> Document:
    """Break runs longer than :data:`MAX_RUN` without sentence punctuation into lines (``long_run`` warning).

    >>> from policydoc.normalize import normalize
    >>> d = bound_text(normalize(Document(source="-", format="txt", raw_text="公文" * 400)))
    >>> [len(x) for x in d.text.split("\\n")], d.raw_span(600, 601)
    ([600, 200], (600, 601))
    """
    mt = doc.mapped
    if mt is None or len(mt.text) <= MAX_RUN:
        return doc
    long_runs = [m for m in _STRETCH.finditer(mt.text) if m.end() - m.start() > MAX_RUN]
    if not long_runs:
        return doc
    ranges, joiners, pos, runs = [], [], 0, 0
    for m in long_runs:
        runs += 1
        for cut in split_points(m.group(0)):
            ranges.append((pos, m.start() + cut))
            joiners.append("\n")
            pos = m.start() + cut
    ranges.append((pos, len(mt.text)))
    joiners.append("")
    doc.mapped = mt.keep(ranges, joiners)
    doc.warn("long_run", f"{runs} stretch(es) of over {MAX_RUN} characters without sentence punctuation "
                         f"were broken into lines of at most {MAX_RUN}")
    return doc


__all__ = ["Limits", "cap_raw", "bound_text", "split_points", "DEFAULT_MAX_MEMORY", "DEFAULT_MAX_CHARS", "MAX_RUN"]
