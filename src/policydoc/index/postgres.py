"""The index on PostgreSQL (extra ``[postgres]``, psycopg 3): ``Index("postgresql://…")``.

The same tokens as the SQLite back end (:func:`~policydoc.index.storage.DocumentRow.text_tokens`:
jieba precise words, their search-mode parts, Han bigrams; queries planned by
:func:`~policydoc.index.query.plan_query` with synonyms) are stored as one ``tsvector`` per
document under no text-search parser at all: the vector is written as a literal
(``'工会':1A,4001C …``) and queries as ``tsquery`` literals, so PostgreSQL's ``simple`` parser
never re-cuts Chinese (zhparser/pg_jieba are not needed, and the two back ends cannot drift).
A GIN index over the vector finds the matches.

Layout, in a schema of its own (``policydoc`` unless the URL says ``?schema=name``):

``documents``
    one row per source: the filter/facet columns of the SQLite ``documents`` table, ``issuers``
    as JSON text (so the shared SQL filters of :func:`~policydoc.index.sqlite_filters.sql_where`
    run unchanged), the record (JSON) and text (TOAST compresses both), ``ntokens`` (the
    document length bm25 needs) and ``tsv``.
``topics``
    ``(doc_id, topic_id, label, score)`` as in SQLite.
``meta``
    schema and tokenizer versions.

Field and frequency in the vector: a token's weight says its field (A title, B 发文字号, C issuer,
D body) and its positions are 1… in the title, 2001… in the number, 4001… in the issuers and
6001… in the body, one position per occurrence (the body capped at ``TF_CAP`` like SQLite), so the
exact per-field term frequency of any query token can be read back from the vector.

Ranking: FTS5's bm25 (k1 = 1.2, b = 0.75, the same field weights, IDF from document
frequencies, the same document length), computed here from those frequencies. What differs:

* document frequencies and the average length are counted with SQL and cached for
  ``PG_STATS_TTL`` seconds (SQLite reads them from its own index at every query), so a
  concurrent writer's documents change the IDF a little later;
* when a query matches more than ``PG_RANK_EXACT_MAX`` documents, PostgreSQL's ``ts_rank`` (same
  field weights, no IDF) over a small ``head`` vector (title, number and issuer tokens, kept in
  the row) first picks the best ``PG_RANK_POOL`` and bm25 orders those: a document whose body
  alone would put it in SQLite's top hits of a broad query can be missed. PostgreSQL has to read
  a row's whole vector to know its term frequencies (GIN only says which rows match), which is
  what makes ranking cost more here than in FTS5, whose doclists carry them.

Writers: each file is one transaction; ``INSERT … ON CONFLICT (source) DO UPDATE`` makes two
writers indexing the same file safe, and a row whose content hash and record are unchanged is
not rewritten. Readers see a consistent snapshot (``REPEATABLE READ``) for page, total and facets.
"""
from __future__ import annotations

import json
import re
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from . import config
# the vector/query literals and bm25 live in postgres_rank, the read side in postgres_search
from .postgres_rank import tsvector_literal
from .postgres_search import PostgresSearch
from .sqlite_filters import _meta_tokens
from .storage import DocumentRow, IndexFileError, Storage
from .tokens import TOKENIZER_VERSION

_DEFAULT_SCHEMA = "policydoc"
_IDENT = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_SCHEMA = """
CREATE SCHEMA IF NOT EXISTS {s};
CREATE TABLE IF NOT EXISTS {s}.meta(key text PRIMARY KEY, value text);
CREATE TABLE IF NOT EXISTS {s}.documents(
    id bigserial PRIMARY KEY,
    source text NOT NULL UNIQUE,
    format text, sha256 text, mtime_ns bigint, size bigint,
    status text NOT NULL, error text, indexed_at double precision,
    doc_number text, doc_number_key text, issuer text, issuers text, title text, doc_type text,
    date text, year integer, province text, city text, county text, region_code text, region_level text,
    topics text, kind text, news_source text, fingerprint text, doc_key text, group_id bigint,
    record text, text text, ntokens integer, tsv tsvector, head tsvector
);
CREATE INDEX IF NOT EXISTS documents_fingerprint ON {s}.documents(fingerprint);
CREATE INDEX IF NOT EXISTS documents_key ON {s}.documents(doc_key);
CREATE INDEX IF NOT EXISTS documents_group ON {s}.documents(group_id);
CREATE TABLE IF NOT EXISTS {s}.citations(
    doc_id bigint NOT NULL REFERENCES {s}.documents(id) ON DELETE CASCADE, number_key text, title text,
    n serial
);
CREATE INDEX IF NOT EXISTS citations_doc ON {s}.citations(doc_id);
CREATE INDEX IF NOT EXISTS citations_number ON {s}.citations(number_key);
CREATE INDEX IF NOT EXISTS citations_title ON {s}.citations(title);
CREATE INDEX IF NOT EXISTS documents_tsv ON {s}.documents USING gin(tsv);
CREATE INDEX IF NOT EXISTS documents_number ON {s}.documents(doc_number_key);
CREATE INDEX IF NOT EXISTS documents_date ON {s}.documents(date);
CREATE INDEX IF NOT EXISTS documents_year ON {s}.documents(year);
CREATE TABLE IF NOT EXISTS {s}.topics(
    doc_id bigint NOT NULL REFERENCES {s}.documents(id) ON DELETE CASCADE,
    topic_id text NOT NULL, label text, score real, facet integer NOT NULL DEFAULT 1,
    PRIMARY KEY (doc_id, topic_id)
);
CREATE INDEX IF NOT EXISTS topics_id ON {s}.topics(topic_id, doc_id);
CREATE INDEX IF NOT EXISTS topics_label ON {s}.topics(label, doc_id);
-- the shared filter SQL (sqlite_filters.sql_where) calls SQLite's instr()
CREATE OR REPLACE FUNCTION {s}.instr(text, text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT strpos($1, $2)';
"""


def _psycopg():
    from ..errors import require

    return require("psycopg", extra="postgres", purpose="the PostgreSQL index back end")


# ---------------------------------------------------------------------------------------
# the back end
# ---------------------------------------------------------------------------------------
def _split_url(url: str) -> tuple[str, str]:
    """(libpq URL without our ``schema`` parameter, schema name)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), _DEFAULT_SCHEMA).lower()
    if not _IDENT.fullmatch(schema):
        raise IndexFileError(url, "bad schema name", "letters, digits and _ only")
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema


def _safe(url: str) -> str:
    """The URL without its password (for messages and stats)."""
    p = urlsplit(url)
    if p.password:
        p = p._replace(netloc=p.netloc.replace(":" + p.password + "@", ":***@"))
    return urlunsplit(p)


class PostgresStorage(PostgresSearch, Storage):
    """The index in a PostgreSQL database (see the module docstring)."""

    def __init__(self, url: str, *, create: bool = True):
        psycopg = _psycopg()
        self.path = _safe(url)
        dsn, self.schema = _split_url(url)
        self.stale = False
        self._depth = 0
        self._lock = threading.RLock()
        self._stats: tuple[float, int, float] | None = None  # (time, documents, average length)
        self._df: dict[str, tuple[float, int]] = {}
        try:
            self.conn = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise IndexFileError(self.path, "cannot connect to PostgreSQL", str(exc).strip()) from exc
        try:
            self._setup(create)
        except psycopg.Error as exc:
            self.conn.close()
            raise IndexFileError(self.path, "not a policydoc index (or no access)", str(exc).strip()) from exc
        except IndexFileError:
            self.conn.close()
            raise

    def _sql(self, sql: str) -> str:
        return sql.replace("{s}", self.schema)

    def _x(self, sql: str, params: Any = None):
        return self.conn.execute(self._sql(sql), params)

    def _setup(self, create: bool) -> None:
        exists = self._x("SELECT to_regclass('{s}.meta') IS NOT NULL").fetchone()[0]
        if not exists:
            if not create:
                raise IndexFileError(self.path, f"no policydoc index in this database (schema {self.schema})",
                                     "build it first: policydoc index FOLDER --db " + self.path)
            with self.transaction():
                self._x("SELECT pg_advisory_xact_lock(hashtext('policydoc-schema-' || %s))", (self.schema,))
                self.conn.execute(self._sql(_SCHEMA))
                self._x("INSERT INTO {s}.meta VALUES ('schema', %s), ('tokenizer', %s) ON CONFLICT DO NOTHING",
                        (str(config.SCHEMA_VERSION), TOKENIZER_VERSION))
        meta = dict(self._x("SELECT key, value FROM {s}.meta").fetchall())
        if meta.get("schema") != str(config.SCHEMA_VERSION):
            raise IndexFileError(self.path, "index built by another policydoc version",
                                 f"schema {meta.get('schema')}, this version reads {config.SCHEMA_VERSION}")
        self.stale = meta.get("tokenizer") != TOKENIZER_VERSION
        # the shared filter SQL calls instr(); find it in our schema
        self._x("SELECT set_config('search_path', %s, false)", (f"{self.schema}, public",))

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self._lock, self._nested_transaction("BEGIN", after_commit=self._committed) as conn:
            yield conn

    def _committed(self) -> None:
        self._stats = None  # our own writes show at once
        self._df.clear()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        with self._lock:
            if self._depth:
                yield
                return
            self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                self.conn.execute("COMMIT")

    # -- writing --------------------------------------------------------------------------
    def _vector(self, r: DocumentRow) -> tuple[str | None, int, str | None]:
        """The document's vector, its length for bm25, and its head vector (title, number, issuers)."""
        if r.status == "error":
            return None, 0, None
        cols = DocumentRow.text_tokens(r.title, r.doc_number, r.issuers, r.text)
        topics = sorted((t[0], t[3]) for t in r.unique_topics())
        meta = _meta_tokens(r.year, r.doc_type, r.issuers, r.province, r.city, r.county, r.region_code,
                            r.region_level, [t for t, _ in topics], [t for t, f in topics if f])
        ntokens = sum(len(c.split()) for c in cols) + len(meta.split())  # FTS5 counts the meta column too
        return tsvector_literal(cols), ntokens, tsvector_literal((*cols[:3], ""))

    def upsert(self, row: DocumentRow) -> int:
        vector, ntokens, head = self._vector(row)
        record = row.record_json()
        with self.transaction():
            # writers of the same file take turns (two processes indexing one folder)
            self._x("SELECT pg_advisory_xact_lock(hashtext('policydoc-source-' || %s))", (row.key,))
            old = self._x("SELECT id, sha256, record FROM {s}.documents WHERE source = %s", (row.key,)).fetchone()
            if old is not None and old[1] is not None and old[1] == row.sha256 and old[2] == record:
                # same content, same record: another writer stored it already; the row stays as it is
                self.touch(row.key, row.size, row.mtime_ns)
                return old[0]
            if old is not None:  # as SQLite does: the changed file is a new row
                self._delete_id(old[0])
            searchable = row.status != "error"
            fp, key = (row.fingerprint, row.doc_key) if searchable else (None, None)
            for k in sorted(x for x in (fp, key) if x):  # copies of one text join one group, one writer at a time
                self._x("SELECT pg_advisory_xact_lock(hashtext('policydoc-group-' || %s))", (k,))
            doc_id = self._x(
                "INSERT INTO {s}.documents(source, format, sha256, mtime_ns, size, status, error, indexed_at,"
                " doc_number, doc_number_key, issuer, issuers, title, doc_type, date, year, province, city, county,"
                " region_code, region_level, topics, kind, news_source, fingerprint, doc_key, record, text, ntokens,"
                " tsv, head) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
                " %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector, %s::tsvector) RETURNING id",
                (row.key, row.format, row.sha256, row.mtime_ns, row.size, row.status, row.error, time.time(),
                 row.doc_number, row.doc_number_key, row.issuer, json.dumps(row.issuers, ensure_ascii=False),
                 row.title, row.doc_type, row.date, row.year, row.province, row.city, row.county, row.region_code,
                 row.region_level, json.dumps(row.topics, ensure_ascii=False), row.kind, row.news_source, fp, key,
                 record, row.text, ntokens, vector, head)).fetchone()[0]
            self._join_group(doc_id, fp, key)
            with self.conn.cursor() as cur:
                topics = row.unique_topics()
                if topics:
                    cur.executemany(self._sql("INSERT INTO {s}.topics(doc_id, topic_id, label, score, facet) "
                                              "VALUES (%s, %s, %s, %s, %s)"), [(doc_id, *t) for t in topics])
                if row.citations:
                    cur.executemany(self._sql("INSERT INTO {s}.citations(doc_id, number_key, title) VALUES (%s, %s, %s)"),
                                    [(doc_id, *c) for c in row.citations])
            return doc_id

    def _join_group(self, doc_id: int, fp: str | None, key: str | None) -> None:
        """The new row joins the group of its copies (same fingerprint or doc_key), merging the
        groups it bridges; alone, it is its own group (as in SQLite)."""
        groups = sorted(g for (g,) in self._x(
            "SELECT DISTINCT group_id FROM {s}.documents WHERE id != %s AND group_id IS NOT NULL AND "
            "(fingerprint = %s OR doc_key = %s)", (doc_id, fp, key))) if fp or key else []
        gid = groups[0] if groups else doc_id
        self._x("UPDATE {s}.documents SET group_id = %s WHERE id = %s", (gid, doc_id))
        if len(groups) > 1:
            self._x("UPDATE {s}.documents SET group_id = %s WHERE group_id = ANY(%s)", (gid, groups[1:]))

    def _delete_id(self, doc_id: int) -> None:
        # the group keeps its other rows; it is labelled by its smallest remaining id
        self._x("UPDATE {s}.documents SET group_id = (SELECT min(id) FROM {s}.documents WHERE group_id = %(i)s "
                "AND id != %(i)s) WHERE group_id = %(i)s AND id != %(i)s", {"i": doc_id})
        self._x("DELETE FROM {s}.documents WHERE id = %s", (doc_id,))

    def delete(self, key: str) -> bool:
        with self.transaction():
            row = self._x("SELECT id FROM {s}.documents WHERE source = %s", (key,)).fetchone()
            if row is None:
                return False
            self._delete_id(row[0])
            return True

    def touch(self, key: str, size: int | None, mtime_ns: int | None) -> None:
        with self.transaction():
            if size is not None and mtime_ns is not None:  # a row is rewritten only when they changed
                self._x("UPDATE {s}.documents SET size = %s, mtime_ns = %s WHERE source = %s "
                        "AND (size, mtime_ns) IS DISTINCT FROM (%s, %s)", (size, mtime_ns, key, size, mtime_ns))

    def rebuild(self) -> int:
        n = 0
        with self.transaction():
            rows = self._x("SELECT source, record, text, sha256, mtime_ns, size FROM {s}.documents").fetchall()
            for key, record, text, sha, mtime, size in rows:
                r = DocumentRow.from_record(key, json.loads(record), text or "", sha256=sha, mtime_ns=mtime, size=size)
                vector, ntokens, head = self._vector(r)
                self._x("UPDATE {s}.documents SET tsv = %s::tsvector, ntokens = %s, head = %s::tsvector "
                        "WHERE source = %s", (vector, ntokens, head, key))
                n += r.status != "error"
            self._x("UPDATE {s}.meta SET value = %s WHERE key = 'tokenizer'", (TOKENIZER_VERSION,))
        self.stale = False
        return n

    def optimize(self) -> None:
        self._x("VACUUM ANALYZE {s}.documents")
        self._x("VACUUM ANALYZE {s}.topics")

    # -- reading --------------------------------------------------------------------------
    def known_files(self) -> dict[str, tuple]:
        return {r[0]: tuple(r[1:]) for r in self._x("SELECT source, size, mtime_ns, sha256 FROM {s}.documents")}

    def get(self, key: str) -> dict | None:
        row = self._x("SELECT record FROM {s}.documents WHERE source = %s", (key,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def stats(self) -> dict:
        by_status = dict(self._x("SELECT status, count(*) FROM {s}.documents GROUP BY status").fetchall())
        by_format = dict(self._x("SELECT coalesce(format, '?'), count(*) FROM {s}.documents GROUP BY 1").fetchall())
        years = self._x("SELECT min(year), max(year) FROM {s}.documents WHERE status != 'error'").fetchone()
        errors = [{"source": s, "error": e} for s, e in self._x(
            "SELECT source, error FROM {s}.documents WHERE status = 'error' ORDER BY source LIMIT 100")]
        size = self._x("SELECT pg_total_relation_size('{s}.documents') + pg_total_relation_size('{s}.topics')"
                       ).fetchone()[0]
        gin = self._x("SELECT pg_relation_size('{s}.documents_tsv')").fetchone()[0]
        return {"documents": sum(by_status.values()), "by_status": by_status, "by_format": by_format,
                "years": list(years) if years and years[0] is not None else None,
                "topics": self._x("SELECT count(DISTINCT topic_id) FROM {s}.topics").fetchone()[0],
                "errors": errors, "db_bytes": int(size), "gin_bytes": int(gin), "path": self.path}

    def vocabulary(self, doc_types: bool = False) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {}
        rows = self._x(
            "SELECT DISTINCT 'issuer', i, i FROM {s}.documents d, json_array_elements_text(d.issuers::json) i "
            "WHERE d.status != 'error' AND i != '' "
            "UNION SELECT DISTINCT 'province', province, province FROM {s}.documents "
            "WHERE status != 'error' AND province IS NOT NULL "
            "UNION SELECT DISTINCT 'city', city, city FROM {s}.documents WHERE status != 'error' AND city IS NOT NULL "
            "UNION SELECT DISTINCT 'county', county, county FROM {s}.documents "
            "WHERE status != 'error' AND county IS NOT NULL "
            "UNION SELECT DISTINCT 'topic', t.topic_id, coalesce(t.label, t.topic_id) FROM {s}.topics t "
            "JOIN {s}.documents d ON d.id = t.doc_id WHERE d.status != 'error'").fetchall()
        for kind, value, label in rows:
            out.setdefault(kind, []).append((value, label))
        if doc_types:
            out["doc_type"] = [(v, v) for (v,) in self._x(
                "SELECT DISTINCT doc_type FROM {s}.documents WHERE doc_type IS NOT NULL AND status != 'error'")]
        return out

    # -- the web page ---------------------------------------------------------------------
    def document(self, doc_id: int) -> dict | None:
        cur = self._x("SELECT * FROM {s}.documents WHERE id = %s", (int(doc_id),))
        row = cur.fetchone()
        if row is None:
            return None
        d = dict(zip([c.name for c in cur.description], row))
        d.pop("tsv", None)
        d.pop("head", None)
        d.pop("ntokens", None)
        d["record"] = json.loads(d["record"] or "{}")
        d["text"] = d["text"] or ""
        d["issuers"] = json.loads(d["issuers"] or "[]")
        d["topics"] = json.loads(d["topics"] or "[]")
        d["copies"] = [{"id": i, "source": s_, "format": f, "status": st} for i, s_, f, st in self._x(
            "SELECT id, source, format, status FROM {s}.documents WHERE group_id = %s AND id != %s ORDER BY source",
            (d["group_id"], d["id"]))]
        return d

    def links(self, doc_id: int) -> dict:
        from .sqlite import _ISSUES  # the rule "关于印发《X》的通知 stands for X", shared SQL

        cites = []
        for number, title in self._x("SELECT number_key, title FROM {s}.citations WHERE doc_id = %s ORDER BY n",
                                     (doc_id,)).fetchall():
            hit = self._x(
                "SELECT id FROM {s}.documents WHERE status != 'error' AND id != %(d)s AND ("
                "(%(n)s::text IS NOT NULL AND doc_number_key = %(n)s::text) OR (%(t)s::text IS NOT NULL AND "
                f"(title = %(t)s::text OR {_ISSUES.format(title='title', cited='%(t)s::text')}))) "
                "ORDER BY (doc_number_key = %(n)s::text) DESC NULLS LAST, id LIMIT 1",
                {"d": doc_id, "n": number, "t": title}).fetchone()
            cites.append({"number": number, "title": title, "id": hit[0] if hit else None})
        group, key, title = self._x("SELECT group_id, doc_number_key, title FROM {s}.documents WHERE id = %s",
                                    (doc_id,)).fetchone() or (None, None, None)
        cited_by = []
        if group is not None:
            rows = self._x(
                "SELECT id, title, source FROM (SELECT DISTINCT ON (d.group_id) d.id, d.title, d.source, d.date "
                "FROM {s}.citations x JOIN {s}.documents d ON d.id = x.doc_id WHERE d.group_id != %(g)s AND "
                "d.status != 'error' AND ((%(k)s::text IS NOT NULL AND x.number_key = %(k)s::text) OR "
                "(%(t)s::text IS NOT NULL AND x.title IS NOT NULL AND (x.title = %(t)s::text OR "
                f"{_ISSUES.format(title='%(t)s::text', cited='x.title')}))) ORDER BY d.group_id, d.id) c "
                "ORDER BY date DESC NULLS LAST", {"g": group, "k": key, "t": title}).fetchall()
            cited_by = [{"id": i, "title": t, "source": src} for i, t, src in rows]
        return {"cites": cites, "cited_by": cited_by}

    def year_counts(self, by: str) -> list[tuple[int, str, int]]:
        if by == "topic":
            sql = ("SELECT d.year, t.label, count(DISTINCT d.group_id) FROM {s}.documents d JOIN {s}.topics t "
                   "ON t.doc_id = d.id AND t.facet = 1 WHERE d.status != 'error' AND d.year IS NOT NULL GROUP BY 1, 2")
        elif by == "region":
            sql = ("SELECT year, CASE WHEN province IS NOT NULL THEN province WHEN region_level = 'national' "
                   "THEN '全国' ELSE '未标注' END, count(DISTINCT group_id) FROM {s}.documents "
                   "WHERE status != 'error' AND year IS NOT NULL GROUP BY 1, 2")
        else:
            raise ValueError(f"year_counts: by topic or region, not {by!r}")
        return [tuple(r) for r in self._x(sql)]
