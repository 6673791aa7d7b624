"""The storage interface of the index: what a back end (SQLite, PostgreSQL, …) must provide.

:class:`~policydoc.index.Index` owns everything that does not depend on where documents are
kept — walking folders, parsing, tokens (:mod:`.tokens`), query planning (:mod:`.query`),
snippets, results — and talks to one :class:`Storage`:

schema
    The constructor opens or creates the store (``create=False``: never create or alter
    anything, what a search wants) and checks its layout version; ``stale`` is true when the
    stored tokens come from another :data:`~policydoc.index.tokens.TOKENIZER_VERSION`
    (searchable, but :meth:`Storage.rebuild` must run before any write).
writing
    :meth:`~Storage.upsert` stores one :class:`DocumentRow` (the record's filter columns, the
    record, the text, and its text tokens from :meth:`DocumentRow.text_tokens`) under its
    key, replacing a row with the same key; :meth:`~Storage.delete` removes one;
    :meth:`~Storage.touch` records a new size/mtime of an unchanged file; writes made inside
    :meth:`~Storage.transaction` commit together (nested calls join the outer one).
executing a planned query
    :meth:`~Storage.execute` takes a :class:`~policydoc.index.query.SearchPlan` — the query as
    a tree of index tokens (each back end renders it: FTS5 MATCH, ``tsquery``), parsed
    :class:`~policydoc.index.query.Filters`, page and field weights — and returns a
    :class:`Page`: the total, the page's :class:`StoredHit` rows (best first; with a text
    query by relevance, else newest first) and an opaque ``matches`` handle;
    :meth:`~Storage.snapshot` makes the page, the total and the facets one consistent read.
facets
    :meth:`~Storage.facets` counts :data:`~policydoc.index.facets.NAMES` and topics over
    ``matches`` (:mod:`.facets` has the shared counting code); :meth:`~Storage.vocabulary`
    lists every issuer, province, city, county and topic stored.
stats
    :meth:`~Storage.stats`: counts by status and format, year range, errors, size;
    :meth:`~Storage.known_files` gives ``key → (size, mtime_ns, sha256)`` for incremental
    updates; :meth:`~Storage.get` the stored record of a key.

:func:`open_storage` picks the back end from the target: a ``postgresql://`` URL goes to
``policydoc.index.postgres`` (extra ``[postgres]``), anything else is an SQLite file
(:mod:`.sqlite`).
"""
from __future__ import annotations

import abc
import json
import os
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from . import config
from .query import SearchPlan, number_key
from ..errors import PolicydocError
from .tokens import cap_tokens, index_tokens


class IndexFileError(PolicydocError):
    """The index file is missing, not an index, or from another version."""

    kind = "index error"
    exit_code = 6


@dataclass
class DocumentRow:
    """One document as every back end stores it, derived once from its contract record."""

    key: str  # absolute path of the source file (or a ``<name>`` pseudo-source)
    record: dict
    text: str
    status: str = "ok"
    error: str | None = None
    format: str | None = None
    sha256: str | None = None
    mtime_ns: int | None = None
    size: int | None = None
    doc_number: str | None = None
    doc_number_key: str | None = None
    issuer: str | None = None
    issuers: list[str] = field(default_factory=list)
    title: str | None = None
    doc_type: str | None = None
    date: str | None = None
    year: int | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    region_code: str | None = None
    region_level: str | None = None
    topics: list[dict] = field(default_factory=list)

    @classmethod
    def from_record(cls, key: str, rec: dict, text: str = "", *, sha256: str | None = None,
                    mtime_ns: int | None = None, size: int | None = None) -> "DocumentRow":
        """The stored columns of a contract record.

        >>> r = DocumentRow.from_record("/x/003.txt", {"doc_number": "柳北政发[2025]2号", "issuer": "柳北区人民政府",
        ...     "date": "2025-03-07", "region": {"province": "广西壮族自治区"}, "topics": ["劳模待遇"]})
        >>> r.doc_number_key, r.year, r.issuers, r.province, r.topics
        ('柳北政发〔2025〕2号', 2025, ['柳北区人民政府'], '广西壮族自治区', [{'id': '劳模待遇', 'label': '劳模待遇'}])
        """
        region = rec.get("region") or {}
        issuers = list(rec.get("issuers") or ([rec["issuer"]] if rec.get("issuer") else []))
        if rec.get("issuer") and rec["issuer"] not in issuers:
            issuers.insert(0, rec["issuer"])
        date = rec.get("date")
        year = int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else None
        if year is None:
            year = (rec.get("doc_number_parts") or {}).get("year")
        topics = []
        for t in rec.get("topics") or []:
            if isinstance(t, str):
                t = {"id": t, "label": t}
            if isinstance(t, dict) and (t.get("id") or t.get("label")):
                topics.append(t)
        return cls(key=key, record=rec, text=text or "", status=rec.get("status") or "ok", error=rec.get("error"),
                   format=rec.get("format"), sha256=sha256, mtime_ns=mtime_ns, size=size,
                   doc_number=rec.get("doc_number"), doc_number_key=number_key(rec.get("doc_number")),
                   issuer=rec.get("issuer"), issuers=issuers, title=rec.get("title"), doc_type=rec.get("doc_type"),
                   date=date, year=year, province=region.get("province"), city=region.get("city"),
                   county=region.get("county"), region_code=region.get("code"), region_level=region.get("level"),
                   topics=topics)

    def record_json(self) -> str:
        return json.dumps(self.record, ensure_ascii=False, default=str)

    @staticmethod
    def text_tokens(title: str | None, doc_number: str | None, issuers: list[str], text: str | None
                    ) -> tuple[str, str, str, str]:
        """The four text columns as index tokens: title, doc_number, issuers, body (capped at
        :data:`~policydoc.index.config.TF_CAP` occurrences a token)."""
        return (index_tokens(title), index_tokens(doc_number), index_tokens("\n".join(issuers)),
                cap_tokens(index_tokens(text), config.TF_CAP))

    def unique_topics(self) -> list[tuple[str, str, Any]]:
        """``(topic_id, label, score)``, each topic once."""
        seen, out = set(), []
        for t in self.topics:
            tid = str(t.get("id") or t.get("label"))
            if tid not in seen:
                seen.add(tid)
                out.append((tid, t.get("label") or tid, t.get("score")))
        return out


@dataclass
class StoredHit:
    """One row of a result page as a back end returns it (``score``: higher is better)."""

    id: int
    source: str
    status: str
    title: str | None
    doc_number: str | None
    issuer: str | None
    issuers: list[str]
    date: str | None
    doc_type: str | None
    region: dict
    topics: list[dict]
    score: float
    text: str


@dataclass
class Page:
    """What :meth:`Storage.execute` returns: total, the page's rows, and the match set for facets."""

    total: int
    hits: list[StoredHit]
    matches: Any = None  # back-end specific; passed back to Storage.facets


class Storage(abc.ABC):
    """A place to keep indexed documents and run planned searches (see the module docstring)."""

    path: str
    stale: bool = False

    # -- lifecycle ------------------------------------------------------------------------
    @abc.abstractmethod
    def close(self) -> None: ...

    @abc.abstractmethod
    def transaction(self) -> AbstractContextManager:
        """One write transaction; nested calls join the outer one."""

    @abc.abstractmethod
    def snapshot(self) -> AbstractContextManager:
        """One consistent read (no-op inside a transaction)."""

    # -- writing --------------------------------------------------------------------------
    @abc.abstractmethod
    def upsert(self, row: DocumentRow) -> int:
        """Store *row* under ``row.key`` (replacing one with that key); returns its id."""

    @abc.abstractmethod
    def delete(self, key: str) -> bool:
        """Remove the row of *key*; ``False`` if there was none."""

    @abc.abstractmethod
    def touch(self, key: str, size: int, mtime_ns: int) -> None:
        """Record a new size and mtime for an unchanged file."""

    @abc.abstractmethod
    def rebuild(self) -> int:
        """Compute every row's tokens again (after a tokenizer change); returns the count."""

    def optimize(self) -> None:
        """Compact the text index after a bulk load (optional)."""

    # -- reading --------------------------------------------------------------------------
    @abc.abstractmethod
    def known_files(self) -> dict[str, tuple]:
        """``key → (size, mtime_ns, sha256)`` of every stored row."""

    @abc.abstractmethod
    def get(self, key: str) -> dict | None:
        """The stored contract record of *key*."""

    @abc.abstractmethod
    def execute(self, plan: SearchPlan) -> Page:
        """Run a planned search (see the module docstring)."""

    @abc.abstractmethod
    def facets(self, matches: Any, limit: int) -> dict[str, dict[Any, int]]:
        """Facet counts over the ``matches`` of a :class:`Page`."""

    @abc.abstractmethod
    def vocabulary(self) -> dict[str, list[tuple[str, str]]]:
        """Every issuer, province, city, county and topic stored: ``kind → [(value, label)]``."""

    @abc.abstractmethod
    def stats(self) -> dict:
        """Counts by status and format, year range, errors, size, path."""


def open_storage(target: str | os.PathLike, *, create: bool = True) -> Storage:
    """The back end for *target*: a ``postgresql://`` URL or an SQLite file path."""
    s = os.fspath(target)
    if s.startswith(("postgresql://", "postgres://")):
        try:
            from .postgres import PostgresStorage  # type: ignore[import-not-found]
        except ImportError as exc:
            raise IndexFileError(s, "the PostgreSQL back end is not installed",
                                 f'pip install "policydoc[postgres]" ({exc})') from exc
        return PostgresStorage(s, create=create)
    from .sqlite import SQLiteStorage

    return SQLiteStorage(s, create=create)
