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
    ``(doc_id, topic_id, label, score, facet)``: filters and facets by topic (``facet``: counted
    by the topic facet — the primary topics when the record marks any, else all).
``citations``
    ``(doc_id, number_key, title)``: the documents a document cites, for "cites" / "cited by".
``documents.group_id``
    copies of one document (same ``fingerprint`` of the text, or same ``doc_key``: 发文字号 +
    issuer) share a group; a grouped search gives one hit a group.
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
import sqlite3
import time
import zlib
from contextlib import contextmanager
from typing import Iterator

from . import config
from .facets import FacetColumns
from .sqlite_filters import _meta_tokens, _mt  # noqa: F401 (_mt: the package's namespace)
from .storage import DocumentRow, IndexFileError, Storage
from .sqlite_search import SQLiteSearch, _is_memory
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
    topics TEXT, kind TEXT, news_source TEXT, fingerprint TEXT, doc_key TEXT, group_id INTEGER
);
CREATE INDEX IF NOT EXISTS documents_fingerprint ON documents(fingerprint);
CREATE INDEX IF NOT EXISTS documents_key ON documents(doc_key);
CREATE INDEX IF NOT EXISTS documents_group ON documents(group_id);
CREATE TABLE IF NOT EXISTS citations(
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, number_key TEXT, title TEXT
);
CREATE INDEX IF NOT EXISTS citations_doc ON citations(doc_id);
CREATE INDEX IF NOT EXISTS citations_number ON citations(number_key);
CREATE INDEX IF NOT EXISTS citations_title ON citations(title);
CREATE INDEX IF NOT EXISTS documents_number ON documents(doc_number_key);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE TABLE IF NOT EXISTS contents(
    doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    record BLOB, text BLOB, tokens_crc INTEGER
);
CREATE TABLE IF NOT EXISTS topics(
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    topic_id TEXT NOT NULL, label TEXT, score REAL, facet INTEGER NOT NULL DEFAULT 1,
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



#: A document "is" the text it issues: 关于印发《X》的通知 stands for X when X is cited (a title
#: that merely mentions 《X》 — 贯彻《工会法》的意见 — does not).
_ISSUES = "(" + " OR ".join(f"instr({{title}}, '{verb}{a}' || {{cited}} || '{b}') > 0" for verb in ("印发", "转发", "发布")
                            for a, b in (("《", "》"), ("", "的"))) + ")"


def _pack(s: str | None) -> bytes | None:
    """Text → zlib-compressed UTF-8 (Chinese text shrinks about 3×)."""
    return None if s is None else zlib.compress(s.encode("utf-8"), 3)


def _unpack(b: bytes | str | None) -> str:
    if b is None:
        return ""
    return b if isinstance(b, str) else zlib.decompress(b).decode("utf-8")


def _crc(cols: tuple[str, ...]) -> int:
    return zlib.crc32("\x1f".join(cols).encode("utf-8"))


def _facet_values(issuers, province, city, county, topics) -> list[tuple[str, str, str]]:
    """``(kind, value, label)`` rows of ``facet_values`` for one document; *topics* are ``(id, label)``.
    One function for the insert (from the row) and the delete (from the file), so counts never drift."""
    rows = [("issuer", i, i) for i in dict.fromkeys(issuers) if i]
    rows += [(k, v, v) for k, v in (("province", province), ("city", city), ("county", county)) if v]
    rows += [("topic", t, label or t) for t, label in topics]
    return rows


def _fts_columns(title, number, issuers, text, year, doc_type, province, city, county, code, level,
                 topics) -> tuple[str, ...]:
    """The five FTS column inputs of one document; *topics* are ``(id, facet)``. One function for the
    insert (from the row) and the delete (from the file): a delete must give FTS5 the same tokens."""
    topics = sorted(topics)
    return (*DocumentRow.text_tokens(title, number, issuers, text),
            _meta_tokens(year, doc_type, issuers, province, city, county, code, level, [t for t, _ in topics],
                         [t for t, f in topics if f]))


class SQLiteStorage(SQLiteSearch, Storage):
    """The index in one SQLite file (WAL mode: search while another process updates)."""

    def __init__(self, path: str, *, create: bool = True, threads: bool = False):
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
            self.conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=not threads)
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
        with self._nested_transaction("BEGIN IMMEDIATE", after_commit=self._wrote) as conn:
            yield conn

    def _wrote(self) -> None:
        self._writes += 1  # a key of the vocabulary and facet caches

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
            " region_level, topics, kind, news_source, fingerprint, doc_key)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (r.key, r.format, r.sha256, r.mtime_ns, r.size, r.status, r.error, time.time(), r.doc_number,
             r.doc_number_key, r.issuer, json.dumps(r.issuers, ensure_ascii=False), r.title, r.doc_type, r.date,
             r.year, r.province, r.city, r.county, r.region_code, r.region_level,
             json.dumps(r.topics, ensure_ascii=False), r.kind, r.news_source,
             r.fingerprint if r.status != "error" else None, r.doc_key if r.status != "error" else None))
        doc_id = cur.lastrowid
        self._join_group(doc_id)
        self.conn.executemany("INSERT INTO topics(doc_id, topic_id, label, score, facet) VALUES (?,?,?,?,?)",
                              [(doc_id, *t) for t in r.unique_topics()])
        self.conn.executemany("INSERT INTO citations(doc_id, number_key, title) VALUES (?,?,?)",
                              [(doc_id, *c) for c in r.citations])
        # the FTS input is computed from the stored row, exactly as delete() will compute it again
        # the FTS input from the row in hand; delete() computes it again from the stored row
        # (the same values: a test holds them equal) and checks it against tokens_crc
        cols = self._fts_inputs(r) if r.status != "error" else None
        self.conn.execute("INSERT INTO contents(doc_id, record, text, tokens_crc) VALUES (?,?,?,?)",
                          (doc_id, _pack(r.record_json()), _pack(r.text), _crc(cols) if cols else None))
        if cols:
            self._text_add(doc_id, cols)
            self.conn.executemany("INSERT INTO facet_values(kind, value, label, n) VALUES (?, ?, ?, 1) "
                                  "ON CONFLICT(kind, value) DO UPDATE SET n = n + 1", self._row_facets(r))
        return doc_id

    def _join_group(self, doc_id: int) -> None:
        """Put a new row in the group of its copies (same fingerprint or doc_key), merging
        groups it bridges; alone, it is its own group."""
        fp, key = self.conn.execute("SELECT fingerprint, doc_key FROM documents WHERE id = ?", (doc_id,)).fetchone()
        groups = sorted({g for (g,) in self.conn.execute(
            "SELECT group_id FROM documents WHERE id != ? AND group_id IS NOT NULL AND "
            "(fingerprint = ? OR doc_key = ?)", (doc_id, fp, key))}) if fp or key else []
        gid = groups[0] if groups else doc_id
        self.conn.execute("UPDATE documents SET group_id = ? WHERE id = ?", (gid, doc_id))
        if len(groups) > 1:
            marks = ",".join("?" * (len(groups) - 1))
            self.conn.execute(f"UPDATE documents SET group_id = ? WHERE group_id IN ({marks})", (gid, *groups[1:]))

    def _facet_rows(self, doc_id: int) -> list[tuple[str, str, str]]:
        """(kind, value, label) of a stored document, for the ``facet_values`` vocabulary."""
        issuers, province, city, county = self.conn.execute(
            "SELECT issuers, province, city, county FROM documents WHERE id = ?", (doc_id,)).fetchone()
        topics = self.conn.execute("SELECT topic_id, label FROM topics WHERE doc_id = ?", (doc_id,)).fetchall()
        return _facet_values(json.loads(issuers or "[]"), province, city, county, topics)

    @staticmethod
    def _row_facets(r: DocumentRow) -> list[tuple[str, str, str]]:
        """:meth:`_facet_rows` of a row not read back from the file (an insert)."""
        return _facet_values(r.issuers, r.province, r.city, r.county, [(t, lb) for t, lb, _, _ in r.unique_topics()])

    @staticmethod
    def _fts_inputs(r: DocumentRow) -> tuple[str, ...]:
        """:meth:`_fts_values` of a row not read back from the file: an insert spends no query on it."""
        return _fts_columns(r.title, r.doc_number, r.issuers, r.text, r.year, r.doc_type, r.province, r.city,
                            r.county, r.region_code, r.region_level, [(t, f) for t, _, _, f in r.unique_topics()])

    def _fts_values(self, doc_id: int, text: str | None) -> tuple[str, ...]:
        """The five FTS column inputs of a stored document."""
        (title, number, issuers, year, doc_type, province, city, county, code, level) = self.conn.execute(
            "SELECT title, doc_number, issuers, year, doc_type, province, city, county, region_code, region_level "
            "FROM documents WHERE id = ?", (doc_id,)).fetchone()
        topics = self.conn.execute("SELECT topic_id, facet FROM topics WHERE doc_id = ?", (doc_id,)).fetchall()
        return _fts_columns(title, number, json.loads(issuers or "[]"), text, year, doc_type, province, city,
                            county, code, level, topics)

    # the text index (FTS5 here; :mod:`.tantivy` keeps it in tantivy instead)
    def _text_add(self, doc_id: int, cols: tuple[str, ...]) -> None:
        self.conn.execute("INSERT INTO fts(rowid, title, doc_number, issuer, body, meta) VALUES (?,?,?,?,?,?)",
                          (doc_id, *cols))

    def _text_delete(self, doc_id: int, cols: tuple[str, ...]) -> None:
        self.conn.execute("INSERT INTO fts(fts, rowid, title, doc_number, issuer, body, meta) "
                          "VALUES ('delete', ?, ?, ?, ?, ?, ?)", (doc_id, *cols))

    def _text_clear(self) -> None:
        self.conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")

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
                self._text_delete(doc_id, cols)
                self.conn.executemany("UPDATE facet_values SET n = n - 1 WHERE kind = ? AND value = ?",
                                      [r[:2] for r in self._facet_rows(doc_id)])
                self.conn.execute("DELETE FROM facet_values WHERE n <= 0")
            self.conn.execute("DELETE FROM topics WHERE doc_id = ?", (doc_id,))
            self.conn.execute("DELETE FROM citations WHERE doc_id = ?", (doc_id,))
            # the group keeps its other rows; its label must not be an id SQLite may hand out again
            self.conn.execute("UPDATE documents SET group_id = (SELECT min(id) FROM documents WHERE group_id = ?1 "
                              "AND id != ?1) WHERE group_id = ?1 AND id != ?1", (doc_id,))
            self.conn.execute("DELETE FROM contents WHERE doc_id = ?", (doc_id,))
            self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            return True

    def touch(self, key: str, size: int, mtime_ns: int) -> None:
        with self.transaction():
            self.conn.execute("UPDATE documents SET size = ?, mtime_ns = ? WHERE source = ?", (size, mtime_ns, key))

    def rebuild(self) -> int:
        n = 0
        with self.transaction():
            self._text_clear()
            self.conn.execute("DELETE FROM facet_values")
            rows = self.conn.execute("SELECT d.id, c.text FROM documents d JOIN contents c ON c.doc_id = d.id "
                                     "WHERE d.status != 'error'").fetchall()
            for doc_id, text in rows:
                cols = self._fts_values(doc_id, _unpack(text))
                self._text_add(doc_id, cols)
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

    def vocabulary(self, doc_types: bool = False) -> dict[str, list[tuple[str, str]]]:
        # read once per change of the file (every filtered search asks; thousands of issuers at 100k)
        key = (self.conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
        slot = "_vocab_dt" if doc_types else "_vocab"
        cached = getattr(self, slot, None)
        if cached is not None and cached[0] == key and not self._depth:
            return cached[1]  # (inside a write: read afresh)
        out: dict[str, list[tuple[str, str]]] = {}
        for kind, value, label in self.conn.execute("SELECT kind, value, label FROM facet_values"):
            out.setdefault(kind, []).append((value, label))
        if doc_types:  # a scan of documents (2 ms at 10,000): when a 文种 filter is checked; cached alike
            out["doc_type"] = [(v, v) for (v,) in self.conn.execute(
                "SELECT DISTINCT doc_type FROM documents WHERE doc_type IS NOT NULL AND status != 'error'")]
        setattr(self, slot, (key, out))
        return out

    def document(self, doc_id: int) -> dict | None:
        cur = self.conn.execute("SELECT d.*, c.record AS record_z, c.text AS text_z FROM documents d "
                                "LEFT JOIN contents c ON c.doc_id = d.id WHERE d.id = ?", (int(doc_id),))
        row = cur.fetchone()
        if row is None:
            return None
        d = dict(zip([x[0] for x in cur.description], row))
        d["record"] = json.loads(_unpack(d.pop("record_z")) or "{}")
        d["text"] = _unpack(d.pop("text_z"))
        d["issuers"] = json.loads(d["issuers"] or "[]")
        d["topics"] = json.loads(d["topics"] or "[]")
        d["copies"] = [{"id": i, "source": s_, "format": f, "status": st} for i, s_, f, st in self.conn.execute(
            "SELECT id, source, format, status FROM documents WHERE group_id = ? AND id != ? ORDER BY source",
            (d["group_id"], d["id"]))]
        return d

    def links(self, doc_id: int) -> dict:
        c = self.conn
        cites = []
        for number, title in c.execute("SELECT number_key, title FROM citations WHERE doc_id = ? ORDER BY rowid",
                                       (doc_id,)).fetchall():
            hit = c.execute("SELECT id FROM documents WHERE status != 'error' AND id != ?1 AND ("
                            "(?2 IS NOT NULL AND doc_number_key = ?2) OR (?3 IS NOT NULL AND (title = ?3 OR "
                            f"{_ISSUES.format(title='title', cited='?3')}))) ORDER BY doc_number_key = ?2 DESC, id LIMIT 1",
                            (doc_id, number, title)).fetchone()
            cites.append({"number": number, "title": title, "id": hit[0] if hit else None})
        # cited by: the same rule the other way round (a citation naming this number or title)
        group, key, title = c.execute("SELECT group_id, doc_number_key, title FROM documents WHERE id = ?",
                                      (doc_id,)).fetchone() or (None, None, None)
        cited_by = [{"id": i, "title": t, "source": src} for i, t, src in c.execute(
            "SELECT min(d.id), d.title, d.source FROM citations x JOIN documents d ON d.id = x.doc_id "
            "WHERE d.group_id != ?1 AND d.status != 'error' AND ((?2 IS NOT NULL AND x.number_key = ?2) OR "
            f"(?3 IS NOT NULL AND x.title IS NOT NULL AND (x.title = ?3 OR {_ISSUES.format(title='?3', cited='x.title')}))) "
            "GROUP BY d.group_id ORDER BY d.date DESC", (group, key, title))] if group is not None else []
        return {"cites": cites, "cited_by": cited_by}

    def year_counts(self, by: str) -> list[tuple[int, str, int]]:
        if by == "topic":
            sql = ("SELECT d.year, t.label, count(DISTINCT d.group_id) FROM documents d JOIN topics t "
                   "ON t.doc_id = d.id AND t.facet = 1 WHERE d.status != 'error' AND d.year IS NOT NULL GROUP BY 1, 2")
        elif by == "region":
            sql = ("SELECT year, CASE WHEN province IS NOT NULL THEN province WHEN region_level = 'national' "
                   "THEN '全国' ELSE '未标注' END, count(DISTINCT group_id) FROM documents "
                   "WHERE status != 'error' AND year IS NOT NULL GROUP BY 1, 2")
        else:
            raise ValueError(f"year_counts: by topic or region, not {by!r}")
        return [tuple(r) for r in self.conn.execute(sql)]

    # -- searching ------------------------------------------------------------------------
