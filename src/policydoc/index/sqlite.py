"""The SQLite back end of the index: one file, FTS5 over pre-segmented text, WAL mode.

Tables
======

``documents``
    one row per source file (absolute path): sha256, mtime, size, status/error, and every
    contract field as a column (``doc_number``, ``doc_number_key``, ``issuer``, ``issuers``
    JSON, ``title``, ``doc_type``, ``date``, ``year``, ``province``, ``city``, ``county``,
    ``region_code``, ``region_level``, ``topics`` JSON). Rows stay small so that filters and
    facets scan fast; the bulky parts live in ``contents``.
``contents``
    ``record`` (the whole contract record, JSON) and ``text`` (the normalised full text, for
    snippets), both zlib-compressed UTF-8 (about 3× smaller).
``topics``
    ``(doc_id, topic_id, label, score)``: filters and facets by topic.
``facet_values``
    ``(kind, value, label, n)``: the vocabulary of issuers, regions and topics, for turning
    filters into tokens without scanning ``documents``.
``fts``
    FTS5 over ``title, doc_number, issuer, body, meta``, contentless (``content=''``: the token
    text is not stored twice; to delete a row the stored text is segmented again and checked
    against a CRC). The text columns hold :mod:`.tokens` output, split again by FTS5's
    ``unicode61``; ``meta`` holds the filters as tokens (``y2019``, hashed issuer/region/type/
    topic values), so that a filter is intersected inside the MATCH. Ranking:
    ``bm25(fts, 10, 8, 3, 1, 0)``.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import time
import zlib
from contextlib import contextmanager
from typing import Any, Iterator

from . import config
from .facets import FacetColumns, count_rows, id_array
from .query import SearchPlan
from .sqlite_filters import _meta_tokens, _mt, meta_filter, sql_where  # noqa: F401 (_mt: tests)
from .storage import DocumentRow, IndexFileError, Page, Storage, StoredHit
from .tokens import TOKENIZER_VERSION

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents(
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    format TEXT, sha256 TEXT, mtime_ns INTEGER, size INTEGER,
    status TEXT NOT NULL, error TEXT, indexed_at REAL,
    doc_number TEXT, doc_number_key TEXT, issuer TEXT, issuers TEXT, title TEXT, doc_type TEXT,
    date TEXT, year INTEGER, province TEXT, city TEXT, county TEXT, region_code TEXT, region_level TEXT,
    topics TEXT
);
CREATE INDEX IF NOT EXISTS documents_number ON documents(doc_number_key);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE TABLE IF NOT EXISTS contents(
    doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    record BLOB, text BLOB, tokens_crc INTEGER
);
CREATE TABLE IF NOT EXISTS topics(
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    topic_id TEXT NOT NULL, label TEXT, score REAL,
    PRIMARY KEY (doc_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS topics_id ON topics(topic_id, doc_id);
CREATE TABLE IF NOT EXISTS facet_values(
    kind TEXT NOT NULL, value TEXT NOT NULL, label TEXT, n INTEGER NOT NULL,
    PRIMARY KEY (kind, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS topics_label ON topics(label, doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, doc_number, issuer, body, meta, content = '', detail = {detail},
    tokenize = 'unicode61 remove_diacritics 0'
);
"""

_HIT_COLUMNS = ("d.id, d.source, d.status, d.title, d.doc_number, d.issuer, d.issuers, d.date, d.doc_type, "
                "d.province, d.city, d.county, d.region_code, d.region_level, d.topics")
_META_LIKE = re.compile(r"y\d{4}|rc\d+|(?:dt|is|pv|ct|cn|lv|tp)[0-9a-f]{16}")


def _pack(s: str | None) -> bytes | None:
    """Text → zlib-compressed UTF-8 (Chinese text shrinks about 3×)."""
    return None if s is None else zlib.compress(s.encode("utf-8"), 3)


def _unpack(b: bytes | str | None) -> str:
    if b is None:
        return ""
    return b if isinstance(b, str) else zlib.decompress(b).decode("utf-8")


def _crc(cols: tuple[str, ...]) -> int:
    return zlib.crc32("\x1f".join(cols).encode("utf-8"))


def _is_memory(path: str) -> bool:
    return path == ":memory:" or path.startswith("file::memory:")


class SQLiteStorage(Storage):
    """The index in one SQLite file (WAL mode: search while another process updates)."""

    def __init__(self, path: str, *, create: bool = True):
        self.path = path
        self.create = create
        memory = _is_memory(path)
        if not memory and not create and not os.path.exists(path):
            raise IndexFileError(path, "no such index file", "build it first: policydoc index FOLDER --db " + path)
        if not memory and os.path.isdir(path):
            raise IndexFileError(path, "is a folder, not an index file")
        self._depth = 0
        self._writes = 0
        self._shard = None
        self.stale = False
        self._cols: FacetColumns | None = None
        self._cols_key: tuple | None = None
        try:
            self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise IndexFileError(path, "cannot open the index file", str(exc)) from exc
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise IndexFileError(path, "not a policydoc index (or damaged)", str(exc)) from exc

    # -- schema ---------------------------------------------------------------------------
    def _setup(self) -> None:
        c = self.conn
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        # Nothing is written before the file is known to be ours: a search (create=False) never
        # creates or alters a database, and someone else's database is never touched.
        if not tables and not self.create:
            raise IndexFileError(self.path, "not a policydoc index", "the file is empty")
        if tables and "meta" not in tables:
            raise IndexFileError(self.path, "not a policydoc index", "the file is an SQLite database with other tables")
        meta = dict(c.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
        if "meta" in tables and ("schema" not in meta or "fts" not in tables):
            raise IndexFileError(self.path, "not a policydoc index",
                                 "the file is an SQLite database with a meta table of its own")
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA synchronous=NORMAL")
        c.execute("PRAGMA foreign_keys=ON")
        c.execute("PRAGMA temp_store=MEMORY")
        c.execute("PRAGMA cache_size=-65536")
        c.execute("PRAGMA mmap_size=268435456")
        if "meta" in tables:
            if meta.get("schema") != str(config.SCHEMA_VERSION):
                raise IndexFileError(self.path, "index built by another policydoc version",
                                     f"schema {meta.get('schema')}, this version reads {config.SCHEMA_VERSION}; "
                                     "delete the file and index again")
            # another segmentation: searching still works, writing needs a rebuild first
            self.stale = meta.get("tokenizer") != TOKENIZER_VERSION
        else:
            try:
                c.executescript("BEGIN;" + _SCHEMA.replace("{detail}", config.FTS_DETAIL) + "COMMIT;")
            except sqlite3.OperationalError as exc:
                c.execute("ROLLBACK") if c.in_transaction else None
                if "fts5" in str(exc):
                    raise IndexFileError(self.path, "this Python's SQLite has no FTS5", str(exc)) from exc
                raise
            with self.transaction():
                c.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                              [("schema", str(config.SCHEMA_VERSION)), ("tokenizer", TOKENIZER_VERSION)])

    def close(self) -> None:
        if self._shard is not None:
            pool, conn = self._shard
            pool.shutdown(wait=True)
            conn.close()
            self._shard = None
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self._writes += 1
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        if self._depth:
            yield
            return
        self.conn.execute("BEGIN")  # one snapshot for the page, the total and the facets
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    # -- writing --------------------------------------------------------------------------
    def upsert(self, row: DocumentRow) -> int:
        with self.transaction():
            self.delete(row.key)
            return self._insert(row)

    def _insert(self, r: DocumentRow) -> int:
        cur = self.conn.execute(
            "INSERT INTO documents(source, format, sha256, mtime_ns, size, status, error, indexed_at, doc_number,"
            " doc_number_key, issuer, issuers, title, doc_type, date, year, province, city, county, region_code,"
            " region_level, topics) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (r.key, r.format, r.sha256, r.mtime_ns, r.size, r.status, r.error, time.time(), r.doc_number,
             r.doc_number_key, r.issuer, json.dumps(r.issuers, ensure_ascii=False), r.title, r.doc_type, r.date,
             r.year, r.province, r.city, r.county, r.region_code, r.region_level,
             json.dumps(r.topics, ensure_ascii=False)))
        doc_id = cur.lastrowid
        self.conn.executemany("INSERT INTO topics(doc_id, topic_id, label, score) VALUES (?,?,?,?)",
                              [(doc_id, *t) for t in r.unique_topics()])
        # the FTS input is computed from the stored row, exactly as delete() will compute it again
        cols = self._fts_values(doc_id, r.text) if r.status != "error" else None
        self.conn.execute("INSERT INTO contents(doc_id, record, text, tokens_crc) VALUES (?,?,?,?)",
                          (doc_id, _pack(r.record_json()), _pack(r.text), _crc(cols) if cols else None))
        if cols:
            self.conn.execute("INSERT INTO fts(rowid, title, doc_number, issuer, body, meta) VALUES (?,?,?,?,?,?)",
                              (doc_id, *cols))
            self.conn.executemany("INSERT INTO facet_values(kind, value, label, n) VALUES (?, ?, ?, 1) "
                                  "ON CONFLICT(kind, value) DO UPDATE SET n = n + 1", self._facet_rows(doc_id))
        return doc_id

    def _facet_rows(self, doc_id: int) -> list[tuple[str, str, str]]:
        """(kind, value, label) of a stored document, for the ``facet_values`` vocabulary."""
        issuers, province, city, county = self.conn.execute(
            "SELECT issuers, province, city, county FROM documents WHERE id = ?", (doc_id,)).fetchone()
        rows = [("issuer", i, i) for i in dict.fromkeys(json.loads(issuers or "[]")) if i]
        rows += [(k, v, v) for k, v in (("province", province), ("city", city), ("county", county)) if v]
        rows += [("topic", t, label or t) for t, label in
                 self.conn.execute("SELECT topic_id, label FROM topics WHERE doc_id = ?", (doc_id,))]
        return rows

    def _fts_values(self, doc_id: int, text: str | None) -> tuple[str, ...]:
        """The five FTS column inputs of a stored document."""
        (title, number, issuers, year, doc_type, province, city, county, code, level) = self.conn.execute(
            "SELECT title, doc_number, issuers, year, doc_type, province, city, county, region_code, region_level "
            "FROM documents WHERE id = ?", (doc_id,)).fetchone()
        topic_ids = [r[0] for r in self.conn.execute("SELECT topic_id FROM topics WHERE doc_id = ? ORDER BY topic_id",
                                                     (doc_id,))]
        issuers = json.loads(issuers or "[]")
        return (*DocumentRow.text_tokens(title, number, issuers, text),
                _meta_tokens(year, doc_type, issuers, province, city, county, code, level, topic_ids))

    def delete(self, key: str) -> bool:
        with self.transaction():
            row = self.conn.execute("SELECT d.id, c.text, c.tokens_crc FROM documents d "
                                    "LEFT JOIN contents c ON c.doc_id = d.id WHERE d.source = ?", (key,)).fetchone()
            if row is None:
                return False
            doc_id, text, crc = row
            if crc is not None:
                # The FTS table keeps no copy of its input (content=''), so deleting a row means
                # giving FTS5 the same tokens again: segment the stored text anew and check them.
                cols = self._fts_values(doc_id, _unpack(text))
                if _crc(cols) != crc:
                    raise IndexFileError(self.path, "the segmenter changed since this index was built",
                                         "rebuild it: Index.rebuild() or policydoc index --rebuild")
                self.conn.execute("INSERT INTO fts(fts, rowid, title, doc_number, issuer, body, meta) "
                                  "VALUES ('delete', ?, ?, ?, ?, ?, ?)", (doc_id, *cols))
                self.conn.executemany("UPDATE facet_values SET n = n - 1 WHERE kind = ? AND value = ?",
                                      [r[:2] for r in self._facet_rows(doc_id)])
                self.conn.execute("DELETE FROM facet_values WHERE n <= 0")
            self.conn.execute("DELETE FROM topics WHERE doc_id = ?", (doc_id,))
            self.conn.execute("DELETE FROM contents WHERE doc_id = ?", (doc_id,))
            self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            return True

    def touch(self, key: str, size: int, mtime_ns: int) -> None:
        with self.transaction():
            self.conn.execute("UPDATE documents SET size = ?, mtime_ns = ? WHERE source = ?", (size, mtime_ns, key))

    def rebuild(self) -> int:
        n = 0
        with self.transaction():
            self.conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
            self.conn.execute("DELETE FROM facet_values")
            rows = self.conn.execute("SELECT d.id, c.text FROM documents d JOIN contents c ON c.doc_id = d.id "
                                     "WHERE d.status != 'error'").fetchall()
            for doc_id, text in rows:
                cols = self._fts_values(doc_id, _unpack(text))
                self.conn.execute("INSERT INTO fts(rowid, title, doc_number, issuer, body, meta) "
                                  "VALUES (?,?,?,?,?,?)", (doc_id, *cols))
                self.conn.execute("UPDATE contents SET tokens_crc = ? WHERE doc_id = ?", (_crc(cols), doc_id))
                self.conn.executemany("INSERT INTO facet_values(kind, value, label, n) VALUES (?, ?, ?, 1) "
                                      "ON CONFLICT(kind, value) DO UPDATE SET n = n + 1", self._facet_rows(doc_id))
                n += 1
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('tokenizer', ?)", (TOKENIZER_VERSION,))
        self.stale = False
        return n

    def optimize(self) -> None:
        with self.transaction():
            self.conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        self.conn.execute("PRAGMA optimize")

    # -- reading --------------------------------------------------------------------------
    def known_files(self) -> dict[str, tuple]:
        return {r[0]: r[1:] for r in self.conn.execute("SELECT source, size, mtime_ns, sha256 FROM documents")}

    def stats(self) -> dict:
        c = self.conn
        by_status = dict(c.execute("SELECT status, count(*) FROM documents GROUP BY status"))
        by_format = dict(c.execute("SELECT coalesce(format, '?'), count(*) FROM documents GROUP BY 1"))
        years = c.execute("SELECT min(year), max(year) FROM documents WHERE status != 'error'").fetchone()
        errors = [{"source": s, "error": e} for s, e in
                  c.execute("SELECT source, error FROM documents WHERE status = 'error' ORDER BY source LIMIT 100")]
        size = 0
        if os.path.exists(self.path):
            size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
        return {"documents": sum(by_status.values()), "by_status": by_status, "by_format": by_format,
                "years": list(years) if years and years[0] is not None else None,
                "topics": c.execute("SELECT count(DISTINCT topic_id) FROM topics").fetchone()[0],
                "errors": errors, "db_bytes": size, "path": self.path}

    def get(self, key: str) -> dict | None:
        row = self.conn.execute("SELECT c.record FROM documents d JOIN contents c ON c.doc_id = d.id "
                                "WHERE d.source = ?", (key,)).fetchone()
        return json.loads(_unpack(row[0])) if row else None

    def vocabulary(self) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {}
        for kind, value, label in self.conn.execute("SELECT kind, value, label FROM facet_values"):
            out.setdefault(kind, []).append((value, label))
        return out

    # -- searching ------------------------------------------------------------------------
    def execute(self, sp: SearchPlan) -> Page:
        c = self.conn
        w = ", ".join(repr(float(x)) for x in sp.weights) + ", 0.0"
        text = sp.plan.expression
        # The meta column holds only filter tokens (y2019, dt…, is…): a query token that
        # could be one is kept to the text columns (a column filter costs 10–20%).
        if text and any(_META_LIKE.fullmatch(t) for t in re.findall(r'"([^"]*)"', text)):
            text = f"{{title doc_number issuer body}} : ({text})"
        # Filters go into the MATCH as tokens of the meta column when they can (FTS5 intersects
        # doclists and bm25 scores only what passes); otherwise (a 发文字号, a very wide
        # filter) they are SQL on the documents table, joined to every text match.
        meta = False if sp.filters.numbers else meta_filter(sp.filters, self.vocabulary)
        if meta == "":  # a filter value that no document has
            return Page(0, [], "")
        ids: str | None  # comma-separated ids of all hits; None: every document
        if meta is not False:
            match = " AND ".join(x for x in (text, meta) if x)
            src, cond, args = "fts f", "fts MATCH ?", [match]
            ids = c.execute("SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?", args).fetchone()[0] if match else None
        else:
            where, params = sql_where(sp.filters)
            if text:
                src = "fts f CROSS JOIN documents d ON d.id = f.rowid"
                cond, args = "fts MATCH ? AND " + " AND ".join(where), [text, *params]
                ids = c.execute(f"SELECT group_concat(f.rowid) FROM {src} WHERE {cond}", args).fetchone()[0]
            else:
                ids = c.execute(f"SELECT group_concat(d.id) FROM documents d WHERE {' AND '.join(where)}",
                                params).fetchone()[0]
        ids = ids if ids is not None or (meta is None and not text) else ""
        total = (c.execute("SELECT count(*) FROM documents WHERE status != 'error'").fetchone()[0] if ids is None
                 else ids.count(",") + 1 if ids else 0)
        limit, offset = sp.limit, sp.offset
        if not total or offset >= total:
            page = []
        elif text:
            max_id = c.execute("SELECT max(id) FROM documents").fetchone()[0] or 0
            page = self._ranked(src, cond, args, w, limit, offset, total, max_id)
        elif ids is not None and total <= config.SQL_FACETS_MAX:
            page = [(r[0], 0.0) for r in c.execute(
                "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY date IS NULL, date DESC, id DESC LIMIT ? OFFSET ?", (f"[{ids}]", limit, offset))]
        else:
            cols = self._columns()
            page = [(i, 0.0) for i in cols.newest(cols.ids if ids is None else id_array(ids), offset, limit)]
        return Page(total, self._hit_rows(page), ids)

    def _hit_rows(self, page: list[tuple[int, float]]) -> list[StoredHit]:
        if not page:
            return []
        by_id = {}
        marks = ",".join("?" * len(page))
        for row in self.conn.execute(f"SELECT {_HIT_COLUMNS}, ct.text FROM documents d LEFT JOIN contents ct "
                                     f"ON ct.doc_id = d.id WHERE d.id IN ({marks})", [i for i, _ in page]):
            by_id[row[0]] = row
        hits = []
        for doc_id, score in page:
            (_id, source, status, title, num, iss, issuers, date, dtype, prov, city, county, code, level, topics,
             text) = by_id[doc_id]
            hits.append(StoredHit(doc_id, source, status, title, num, iss, json.loads(issuers or "[]"), date, dtype,
                                  {"province": prov, "city": city, "county": county, "code": code, "level": level},
                                  json.loads(topics or "[]"), round(-score, 4) if score else 0.0, _unpack(text)))
        return hits

    def _shard_conn(self):
        """A second read-only connection and a thread to run it (None for in-memory indexes)."""
        if self._shard is None:
            if _is_memory(self.path):
                return None
            from concurrent.futures import ThreadPoolExecutor

            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA cache_size=-65536")
            conn.execute("PRAGMA mmap_size=268435456")
            self._shard = (ThreadPoolExecutor(max_workers=1), conn)
        return self._shard

    def _ranked(self, src: str, cond: str, args: list, w: str, limit: int, offset: int, total: int,
                max_id: int) -> list:
        """Top hits by bm25; broad queries are ranked as two rowid halves in parallel and merged."""
        sql = f"SELECT f.rowid, bm25(fts, {w}) AS s FROM {src} WHERE {cond}{{extra}} ORDER BY s, f.rowid DESC LIMIT ?"
        shard = self._shard_conn() if total >= config.PARALLEL_RANK_MIN and max_id > 1 else None
        if shard is None:
            return self.conn.execute(sql.format(extra=""), [*args, limit + offset]).fetchall()[offset:]
        pool, conn2 = shard
        mid = max_id // 2
        other = pool.submit(lambda: conn2.execute(sql.format(extra=" AND f.rowid > ?"),
                                                  [*args, mid, limit + offset]).fetchall())
        mine = self.conn.execute(sql.format(extra=" AND f.rowid <= ?"), [*args, mid, limit + offset]).fetchall()
        merged = sorted(mine + other.result(), key=lambda r: (r[1], -r[0]))
        return merged[offset:offset + limit]

    def facets(self, matches: str | None, limit: int) -> dict[str, dict[Any, int]]:
        if matches == "":
            return {}
        if matches is not None and matches.count(",") + 1 <= config.SQL_FACETS_MAX:
            arg = f"[{matches}]"
            rows = self.conn.execute("SELECT year, issuer, province, city, county, doc_type FROM documents "
                                     "WHERE id IN (SELECT value FROM json_each(?))", (arg,))
            trows = self.conn.execute("SELECT topic_id, label FROM topics "
                                      "WHERE doc_id IN (SELECT value FROM json_each(?))", (arg,)).fetchall()
            return count_rows(rows, trows, limit)
        cols = self._columns()
        return cols.facets(cols.ids if matches is None else id_array(matches), limit)

    def _columns(self) -> FacetColumns:
        """The in-memory facet columns, reloaded after any write (ours or another process's)."""
        key = (self.conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
        if self._cols is None or self._cols_key != key:
            rows = self.conn.execute("SELECT id, year, issuer, province, city, county, doc_type, date FROM documents "
                                     "WHERE status != 'error' ORDER BY id").fetchall()
            trows = self.conn.execute("SELECT t.doc_id, t.topic_id, t.label FROM topics t JOIN documents d "
                                      "ON d.id = t.doc_id WHERE d.status != 'error' ORDER BY t.doc_id").fetchall()
            self._cols = FacetColumns(rows, trows)
            self._cols_key = key
        return self._cols
