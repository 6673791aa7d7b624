"""The :class:`Index`: files in, search results out, over one :class:`~.storage.Storage`.

>>> from policydoc.index import Index
>>> with Index(":memory:") as idx:  # doctest: +SKIP
...     idx.update(["../shared/corpus/docs"])
...     res = idx.search("联席会议", region="广西")
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from . import config
from .files import error_record, sha256_file, source_key, walk
from .query import FULL_NUMBER, Filters, QueryPlan, SearchPlan, normalize_query, number_key, plan_query
from .results import Hit, SearchResult
from .snippets import hit_snippet
from .suggest import unknown_filter_values
from .storage import DocumentRow, IndexFileError, Storage, open_storage

_MAX_OFFSET = 1 << 40


class Index:
    """A policy index: by default one SQLite file (WAL mode: search while another process updates).

    ``Index(path)`` creates the file if needed; ``Index(path, create=False)`` insists that it
    exists (what a search wants). ``markers`` wrap matched terms in snippets. ``storage``: a
    ready :class:`~policydoc.index.storage.Storage` to use instead of opening *db_path*.
    ``threads=True``: the object may be handed from thread to thread (used by one at a time).
    ``engine``: the text engine of a new index file, ``"fts5"`` (default) or ``"tantivy"``
    (:mod:`~policydoc.index.tantivy`, faster search on large indexes; extra ``[tantivy]``).
    """

    def __init__(self, db_path: str | os.PathLike | None = None, *, create: bool = True,
                 markers: tuple[str, str] = config.DEFAULT_MARKERS, weights: Sequence[float] = config.FIELD_WEIGHTS,
                 storage: Storage | None = None, threads: bool = False, engine: str | None = None):
        self.markers = tuple(markers)
        self.weights = tuple(float(w) for w in weights)
        if len(self.weights) != 4:
            raise ValueError("weights: four numbers, for title, doc_number, issuer, body")
        if storage is None:
            if db_path is None:
                raise ValueError("Index: give a db_path or a storage")
            storage = open_storage(db_path, create=create, threads=threads, engine=engine)
        self.storage = storage
        self.path = storage.path

    # -- the SQLite connection, for tests and tools that inspect the file ------------------
    @property
    def conn(self):
        return self.storage.conn  # type: ignore[attr-defined]

    @property
    def _shard(self):
        return getattr(self.storage, "_shard", None)

    @property
    def stale(self) -> bool:
        return self.storage.stale

    def close(self) -> None:
        self.storage.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def batch(self) -> Iterator["Index"]:
        """Group many :meth:`add_document` calls into one transaction (bulk loads)."""
        with self.storage.transaction():
            yield self

    # -- writing --------------------------------------------------------------------------
    def add_document(self, doc_or_record: Any, text: str | None = None, *, source: str | os.PathLike | None = None,
                     sha256: str | None = None, mtime_ns: int | None = None, size: int | None = None) -> int:
        """Add (or replace) one document: a parsed :class:`~policydoc.Document` or a contract record.

        For a record, *text* is the full text to search (``None``: only the header fields).
        Returns the row id.
        """
        if isinstance(doc_or_record, dict):
            rec = doc_or_record
        else:
            rec = doc_or_record.record()
            if text is None:
                text = doc_or_record.text
        self._check_writable()
        src = source if source is not None else rec.get("source")
        if not src:
            raise ValueError("add_document: the record has no source; pass source=")
        row = DocumentRow.from_record(source_key(src), rec, text or "", sha256=sha256, mtime_ns=mtime_ns, size=size)
        return self.storage.upsert(row)

    def remove(self, source: str | os.PathLike) -> bool:
        """Remove the document indexed from *source*; ``False`` if there was none."""
        self._check_writable()
        return self.storage.delete(source_key(source))

    def update(self, paths: str | os.PathLike | Iterable[str | os.PathLike], *,
               parse: Callable | None = None,
               progress: Callable[[int, int, str, str], None] | None = None) -> dict[str, int]:
        """Bring the index up to date with files and folders (PDF, DOCX, HTML, HTM, TXT).

        New files are added, changed ones (size or mtime differ, then sha256 differs) parsed
        again, and rows of files that are gone from a given folder removed. Each file is its
        own transaction. A file that fails to parse is stored with ``status: error`` and its
        message (counted in ``errors``). ``progress(done, total, path, outcome)`` is called
        after each file. Returns ``{added, updated, removed, unchanged, errors}``.
        """
        self._check_writable()
        if parse is None:
            from ..pipeline import parse
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        files: dict[str, Path] = {}
        folders: list[str] = []
        for p in map(Path, paths):
            if p.is_dir():
                folders.append(os.path.abspath(p))
                for f in walk(p):
                    files.setdefault(source_key(f), f)
            elif p.is_file():
                files.setdefault(source_key(p), p)
            else:
                raise IndexFileError(str(p), "no such file or folder")
        known = self.storage.known_files()
        counts = {"added": 0, "updated": 0, "removed": 0, "unchanged": 0, "errors": 0}
        total = len(files)
        for done, (key, path) in enumerate(files.items(), 1):
            outcome = self._update_one(key, path, known.get(key), parse)
            counts[outcome] += 1
            if progress:
                progress(done, total, str(path), outcome)
        if counts["added"] or counts["updated"]:
            from .tokens import save_dictionary_cache

            save_dictionary_cache()  # so that the first search after indexing starts fast
        for folder in folders:
            prefix = folder.rstrip(os.sep) + os.sep
            for key in known:
                if key.startswith(prefix) and key not in files and (
                        not os.path.exists(key) or os.path.splitext(key)[1].lower() in config.SUFFIXES):
                    if self.remove(key):
                        counts["removed"] += 1
        return counts

    def _update_one(self, key: str, path: Path, old: tuple | None, parse: Callable) -> str:
        try:
            st = path.stat()
            if old is not None and old[0] == st.st_size and old[1] == st.st_mtime_ns:
                return "unchanged"
            digest = sha256_file(path)
        except OSError as exc:
            st, digest = None, None
            rec = error_record(str(path), exc)
            text = ""
        else:
            if old is not None and old[2] == digest:
                self.storage.touch(key, st.st_size, st.st_mtime_ns)
                return "unchanged"
            try:
                doc = parse(path)
                rec, text = doc.record(), doc.text
            except Exception as exc:  # noqa: BLE001 - a bad file is recorded, never aborts the run
                rec, text = error_record(str(path), exc), ""
        self.storage.upsert(DocumentRow.from_record(key, rec, text, sha256=digest,
                                                    mtime_ns=st.st_mtime_ns if st else None,
                                                    size=st.st_size if st else None))
        if rec.get("status") == "error":
            return "errors"
        return "added" if old is None else "updated"

    def rebuild(self) -> int:
        """Segment every stored text again and rebuild the text index (after a jieba upgrade)."""
        return self.storage.rebuild()

    def _check_writable(self) -> None:
        if self.storage.stale:
            raise IndexFileError(self.path, "the index was segmented by another policydoc version",
                                 "rebuild it first: policydoc index --rebuild (Index.rebuild())")

    def optimize(self) -> None:
        """Merge the text index segments into one (after a bulk load: faster queries)."""
        self.storage.optimize()

    # -- reading --------------------------------------------------------------------------
    def stats(self) -> dict:
        """Counts by status and format, year range, errors, and the size of the file."""
        return self.storage.stats()

    def get(self, source: str | os.PathLike) -> dict | None:
        """The stored contract record of *source*."""
        return self.storage.get(source_key(source))

    def document(self, doc_id: int) -> dict | None:
        """Everything stored about one document (by row id): columns, ``record``, ``text``,
        ``copies``, the documents it ``cites`` (with their id when indexed) and those it is
        ``cited_by``. ``None`` if there is no such row."""
        d = self.storage.document(doc_id)
        if d is not None:
            d.update(self.storage.links(doc_id))
        return d

    def year_counts(self, by: str = "topic") -> list[tuple[int, str, int]]:
        """Documents (copies counted once) per year and topic (``by="topic"``) or province (``"region"``)."""
        return self.storage.year_counts(by)

    def search(self, query: str | None = "", *, issuer=None, region=None, year=None, doc_type=None,
               topic=None, number=None, primary_topic=None, kind=None, limit: int = 20, offset: int = 0,
               facets: bool = True, facet_limit: int = 20, markers: tuple[str, str] | None = None,
               snippet_chars: int = config.SNIPPET_CHARS, group: bool = False) -> SearchResult:
        """Ranked hits, total and facet counts for *query* within the filters.

        Filters (each also takes a list, meaning any of them): ``issuer`` (part of any issuer's
        name), ``region`` (start of the province, city or county name — 广西, 柳州 — or of the
        region code; 全国 for national bodies), ``year`` (2019 or "2018-2019"), ``doc_type``,
        ``topic`` (id or label), ``number`` (a 发文字号 in any bracket/space variant; without
        the serial, a prefix: 国发〔2019〕), ``primary_topic`` (a topic the topic facet counts:
        primary when marked), ``kind`` ("document" or "news"). With an empty query, the filtered
        documents come newest first. A query that is just a 发文字号 looks the number up first.

        ``group=True``: copies of one document (same text fingerprint, or same 发文字号 and
        issuer) are one hit — the best-ranked copy, listing the others in ``Hit.copies`` — and
        totals and facets count documents, not files. Region, 文种 and topic values that no
        document has are reported in ``SearchResult.notices`` with the nearest known values.
        """
        kw = dict(issuer=issuer, region=region, year=year, doc_type=doc_type, topic=topic, number=number,
                  primary_topic=primary_topic, kind=kind, limit=limit, offset=offset, facets=facets,
                  facet_limit=facet_limit, markers=markers, snippet_chars=snippet_chars, group=group)
        with self.storage.snapshot():
            return self._search(query, **kw)

    def _search(self, query, *, issuer, region, year, doc_type, topic, number, primary_topic, kind, limit, offset,
                facets, facet_limit, markers, snippet_chars, group) -> SearchResult:
        t0 = time.perf_counter()
        q = normalize_query(query)
        limit = max(0, min(int(limit), 1000))
        offset = max(0, min(int(offset), _MAX_OFFSET))  # beyond any total; SQLite integers are 64-bit
        filters = {k: v for k, v in dict(issuer=issuer, region=region, year=year, doc_type=doc_type, topic=topic,
                                         number=number, primary_topic=primary_topic, kind=kind).items()
                   if v not in (None, "", [], ())}
        if q and number is None and FULL_NUMBER.fullmatch(number_key(q) or ""):
            res = self._search("", issuer=issuer, region=region, year=year, doc_type=doc_type, topic=topic,
                               number=q, primary_topic=primary_topic, kind=kind, limit=limit, offset=offset,
                               facets=facets, facet_limit=facet_limit, markers=markers, snippet_chars=snippet_chars,
                               group=group)
            if res.total:
                res.query, res.filters = q, filters
                res.took_ms = round((time.perf_counter() - t0) * 1000, 3)
                return res
        plan = plan_query(q) if q else QueryPlan([], None, [])
        if q and plan.expression is None:  # nothing searchable in the query (only punctuation, 的 …)
            return SearchResult(q, 0, [], {}, filters, None, round((time.perf_counter() - t0) * 1000, 3))
        parsed = Filters.parse(issuer, region, year, doc_type, topic, number, primary_topic, kind)
        page = self.storage.execute(SearchPlan(q, plan, parsed, limit, offset, self.weights, group))
        marks = tuple(markers) if markers else self.markers
        hits = [Hit(r.source, r.title, r.doc_number, r.issuer, r.issuers, r.date, r.doc_type, r.region, r.topics,
                    r.score, hit_snippet(r.text, r.title, plan.highlight, marks, snippet_chars), r.status,
                    r.id, r.kind, r.news_source, r.copies)
                for r in page.hits]
        facet_counts: dict[str, dict[Any, int]] = {}
        if facets and page.total:
            facet_counts = self.storage.facets(page.matches, facet_limit)
        notices = []
        if any(k == "name" for k, _ in parsed.regions) or parsed.doc_types or parsed.topics or parsed.primary_topics:
            try:
                vocab = self.storage.vocabulary(doc_types=True) if parsed.doc_types else self.storage.vocabulary()
            except TypeError:  # a back end without the 文种 vocabulary
                vocab = self.storage.vocabulary()
            notices = unknown_filter_values(parsed, vocab)
        return SearchResult(q, page.total, hits, facet_counts, filters, plan.expression,
                            round((time.perf_counter() - t0) * 1000, 3), notices)
