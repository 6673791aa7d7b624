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
the web page (optional)
    :meth:`~Storage.document` (a row by id, with its copies), :meth:`~Storage.links` (cites /
    cited by), :meth:`~Storage.year_counts` (the overview charts).

:func:`open_storage` picks the back end from the target: a ``postgresql://`` URL goes to
``policydoc.index.postgres`` (extra ``[postgres]``), anything else is an SQLite file
(:mod:`.sqlite`).
"""
from __future__ import annotations

import abc
import hashlib
import json
import os
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any

from . import config
from .news import news_fields
from .query import SearchPlan, number_key
from ..errors import PolicydocError
from .tokens import body_tokens, index_tokens


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
    kind: str = "document"  # or "news"
    news_source: str | None = None  # the paper or site a news report comes from
    fingerprint: str | None = None  # copies of one text (PDF, HTML, TXT) share it
    doc_key: str | None = None  # 发文字号 key + issuer: copies of one 公文 share it
    primary: list[str] = field(default_factory=list)  # primary topic ids (empty: not marked)
    citations: list[tuple[str | None, str | None]] = field(default_factory=list)  # (number key, title)

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
        title, doc_type, kind, news_source = rec.get("title"), rec.get("doc_type"), "document", None
        # extract/news.py also reads 公文 without a 发文字号; a report is one with no header at all
        header = any(rec.get(k) for k in ("title", "issuer", "doc_type", "doc_number"))
        news = {} if header else news_fields(rec, text)
        if news:  # a news report: its headline, dateline date and region stand in for the header's
            kind, news_source = "news", news["source"]
            title = title or news["headline"]
            if not date and news["date"]:
                date = news["date"]
                year = int(date[:4])
            if not any(region.get(k) for k in ("province", "city", "county", "code")) and news["region"]:
                region = news["region"]
        primary = [str(p.get("id") if isinstance(p, dict) else p) for p in rec.get("primary_topics") or []]
        primary += [str(t.get("id") or t.get("label")) for t in topics if t.get("primary")]
        key_number = number_key(rec.get("doc_number"))
        doc_key = rec.get("doc_key") or (f"{key_number}|{rec.get('issuer') or ''}" if key_number else None)
        citations = [(number_key(c.get("number")), c.get("title")) for c in rec.get("citations") or []
                     if isinstance(c, dict) and (c.get("number") or c.get("title"))]
        return cls(key=key, record=rec, text=text or "", status=rec.get("status") or "ok", error=rec.get("error"),
                   format=rec.get("format"), sha256=sha256, mtime_ns=mtime_ns, size=size,
                   doc_number=rec.get("doc_number"), doc_number_key=key_number,
                   issuer=rec.get("issuer"), issuers=issuers, title=title, doc_type=doc_type,
                   date=date, year=year, province=region.get("province"), city=region.get("city"),
                   county=region.get("county"), region_code=region.get("code"), region_level=region.get("level"),
                   topics=topics, kind=kind, news_source=news_source,
                   fingerprint=rec.get("fingerprint") or text_fingerprint(text), doc_key=doc_key,
                   primary=list(dict.fromkeys(primary)), citations=citations)

    def record_json(self) -> str:
        return json.dumps(self.record, ensure_ascii=False, default=str)

    @staticmethod
    def text_tokens(title: str | None, doc_number: str | None, issuers: list[str], text: str | None
                    ) -> tuple[str, str, str, str]:
        """The four text columns as index tokens: title, doc_number, issuers, body (capped at
        :data:`~policydoc.index.config.TF_CAP` occurrences a token)."""
        return (index_tokens(title), index_tokens(doc_number), index_tokens("\n".join(issuers)),
                body_tokens(text, config.TF_CAP))

    def unique_topics(self) -> list[tuple[str, str, Any, int]]:
        """``(topic_id, label, score, facet)``, each topic once; ``facet`` is 1 for the topics the
        topic facet counts: the primary ones when the record marks any, else all."""
        seen, out = set(), []
        for t in self.topics:
            tid = str(t.get("id") or t.get("label"))
            if tid not in seen:
                seen.add(tid)
                out.append((tid, t.get("label") or tid, t.get("score"), int(not self.primary or tid in self.primary)))
        return out


def text_fingerprint(text: str | None) -> str | None:
    """sha1 of the text with whitespace and punctuation removed: the same for the PDF, HTML and
    TXT copies of one text (line breaks, spacing and bracket forms differ between them).

    >>> text_fingerprint("关于印发《制度》的通知\\n各区：") == text_fingerprint("关于印发 制度 的通知 各区")
    True
    """
    if not text:
        return None
    core = "".join(ch for ch in text if ch.isalnum())
    return hashlib.sha1(core.encode("utf-8")).hexdigest() if core else None


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
    kind: str = "document"
    news_source: str | None = None
    copies: list[dict] = field(default_factory=list)  # the group's other rows: id, source, format

    @classmethod
    def from_row(cls, row: tuple, score: float, text: str) -> "StoredHit":
        """A hit from a row of the back ends' hit columns (id, source, status, title, doc_number, issuer,
        issuers JSON, date, doc_type, province, city, county, code, level, topics JSON, kind, news_source, …)."""
        (doc_id, source, status, title, num, iss, issuers, date, dtype, prov, city, county, code, level, topics,
         kind, news_source) = row[:17]
        return cls(doc_id, source, status, title, num, iss, json.loads(issuers or "[]"), date, dtype,
                   {"province": prov, "city": city, "county": county, "code": code, "level": level},
                   json.loads(topics or "[]"), score, text, kind or "document", news_source)


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

    _depth = 0

    @contextmanager
    def _nested_transaction(self, begin: str, *, before_commit=None, on_rollback=None, after_commit=None):
        """The back ends' ``transaction()``: the outermost block runs *begin* and COMMIT (or ROLLBACK on
        an exception), inner blocks only join it. *before_commit* runs just before COMMIT (a second store
        commits first, so readers never see rows without their tokens), *on_rollback* before ROLLBACK,
        *after_commit* after COMMIT (caches of the old state)."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute(begin)
        self._depth = 1
        try:
            yield self.conn
            if before_commit is not None:
                before_commit()
        except BaseException:
            self._depth = 0
            if on_rollback is not None:
                on_rollback()
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")
        if after_commit is not None:
            after_commit()

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
    def vocabulary(self, doc_types: bool = False) -> dict[str, list[tuple[str, str]]]:
        """Every issuer, province, city, county and topic stored: ``kind → [(value, label)]``
        (and every ``doc_type`` when asked)."""

    @abc.abstractmethod
    def stats(self) -> dict:
        """Counts by status and format, year range, errors, size, path."""

    # -- for the web page (optional: a back end without them has no document page/overview) --
    def document(self, doc_id: int) -> dict | None:
        """One stored row by id: its columns, ``record``, ``text`` and ``copies`` (the group's other rows)."""
        raise NotImplementedError

    def links(self, doc_id: int) -> dict:
        """``{"cites": [{number, title, id|None}], "cited_by": [{id, title, source}]}`` of a row."""
        raise NotImplementedError

    def year_counts(self, by: str) -> list[tuple[int, str, int]]:
        """``(year, value, documents)`` with *by* ``"topic"`` (the facet's topics) or ``"region"``
        (province; 全国 for national bodies), counting groups of copies once."""
        raise NotImplementedError


#: Text engines of an SQLite index file: FTS5 inside the file, or tantivy beside it (:mod:`.tantivy`).
TEXT_ENGINES = ("fts5", "tantivy")
ENGINE_ENV = "POLICYDOC_INDEX_ENGINE"


def _file_engine(path: str) -> str | None:
    """The text engine an existing index file was built with (``None``: no such file or no record)."""
    import sqlite3

    if not os.path.isfile(path):
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'text_engine'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else "fts5"


def open_storage(target: str | os.PathLike, *, create: bool = True, threads: bool = False,
                 engine: str | None = None) -> Storage:
    """The back end for *target*: a ``postgresql://`` URL or an SQLite file path.

    *engine* (``fts5`` or ``tantivy``; default ``$POLICYDOC_INDEX_ENGINE`` or ``fts5``) applies to a
    new file; an existing one keeps the engine it was built with unless *engine* names another.
    """
    s = os.fspath(target)
    if s.startswith(("postgresql://", "postgres://")):
        try:
            from .postgres import PostgresStorage  # type: ignore[import-not-found]
        except ImportError as exc:
            raise IndexFileError(s, "the PostgreSQL back end is not installed",
                                 f'pip install "policydoc[postgres]" ({exc})') from exc
        return PostgresStorage(s, create=create)
    from .sqlite import SQLiteStorage

    engine = engine or _file_engine(s) or os.environ.get(ENGINE_ENV) or "fts5"
    if engine not in TEXT_ENGINES:
        raise ValueError(f"unknown index engine {engine!r}; choose one of {', '.join(TEXT_ENGINES)}")
    if engine == "tantivy":
        from .tantivy import TantivyStorage

        return TantivyStorage(s, create=create, threads=threads)
    return SQLiteStorage(s, create=create, threads=threads)
