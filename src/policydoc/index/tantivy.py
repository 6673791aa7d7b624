"""The index with its text part in tantivy (Rust) instead of FTS5: same file, same tokens, faster search.

FTS5 scores bm25 for *every* document a query matches before it can return the best 20, so a
broad query at 100,000 documents (工会: 83,000 matches) costs tens of milliseconds whatever is
tuned. tantivy ranks with block-max WAND and counts facets with columnar aggregations, all in
Rust. Everything else stays in the SQLite file (documents, records, texts, topics, vocabulary):
this is :class:`~policydoc.index.sqlite.SQLiteStorage` (FTS5 included) with a second text index
in a tantivy folder beside the file (``NAME.db.tantivy/``). Plain searches (ranked hits, totals,
facets) run on tantivy; grouped searches (``group=True``) and the ``kind`` filter stay on FTS5,
which is kept up to date as well (the build writes both). The stored tokens are the same
(:mod:`.tokens`: the four text fields plus the filter tokens of ``meta``); fields are scored
with tantivy's BM25 and the column weights as boosts (FTS5 combines columns before its bm25
saturation, so scores and the order of close hits differ; totals and facets are the same).

Choose it when creating an index: ``Index(path, engine="tantivy")``, ``policydoc index
--engine tantivy`` or ``POLICYDOC_INDEX_ENGINE=tantivy``; an existing file says which engine it
was built with (``meta.text_engine``). Needs ``pip install "policydoc[tantivy]"``.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from typing import Any, Iterator

from . import config
from .facets import NAMES, date_int, top
from .query import Node, SearchPlan
from .sqlite import SQLiteStorage
from .sqlite_filters import meta_groups, sql_where
from .storage import IndexFileError, Page

TEXT_FIELDS = ("title", "doc_number", "issuer", "body")
#: Facet fields in tantivy (fast text columns with the raw value), by the name :mod:`.facets` uses.
FACET_FIELDS = {"issuer": "f_issuer", "province": "f_province", "city": "f_city", "county": "f_county",
                "doc_type": "f_doc_type"}
_BUCKETS = 65000  # tantivy's limit of buckets per aggregation


def _tantivy():
    try:
        import tantivy
    except ImportError as exc:
        raise IndexFileError("tantivy", "the tantivy search engine is not installed",
                             'pip install "policydoc[tantivy]"') from exc
    return tantivy


def _schema(tantivy):
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:  # tokens are pre-segmented and lower-cased: split at spaces only
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("meta", tokenizer_name="whitespace", index_option="basic")
    sb.add_integer_field("year", indexed=False, fast=True)
    sb.add_integer_field("order_key", indexed=False, fast=True)  # newest first: date, then id
    for field in FACET_FIELDS.values():
        sb.add_text_field(field, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_text_field("f_topic", tokenizer_name="raw", fast=True, index_option="basic")
    return sb.build()


class TantivyStorage(SQLiteStorage):
    """:class:`SQLiteStorage` whose text index is a tantivy folder beside the file."""

    engine = "tantivy"

    def __init__(self, path: str, *, create: bool = True, threads: bool = False):
        self._tv = _tantivy()
        self._writer = None  # the SQLite set-up below already runs a transaction
        super().__init__(path, create=create, threads=threads)
        memory = self.path == ":memory:" or self.path.startswith("file::memory:")
        self.text_dir = None if memory else self.path + ".tantivy"
        schema = _schema(self._tv)
        if self.text_dir is None:
            self.tindex = self._tv.Index(schema)
        else:
            if not os.path.isdir(self.text_dir):
                if not create:
                    raise IndexFileError(self.path, "the tantivy part of this index is missing",
                                         f"no folder {self.text_dir}; rebuild: policydoc index --rebuild")
                os.makedirs(self.text_dir)
            self.tindex = self._tv.Index(schema, path=self.text_dir)
        self.schema = schema
        if create:
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('text_engine', 'tantivy')")
            if self.conn.execute("SELECT count(*) FROM documents WHERE status != 'error'").fetchone()[0] and not self._searcher().num_docs:
                self.stale = True  # an FTS5 index opened as tantivy: its text index must be built
        self.tindex.reload()

    # -- writing --------------------------------------------------------------------------
    def _w(self):
        if self._writer is None:
            self._writer = self.tindex.writer(heap_size=128_000_000, num_threads=1)
        return self._writer

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """SQLite's transaction; tantivy commits just before SQLite does (a reader that sees the new
        rows finds their tokens), and rolls back with it."""
        # the writer is opened lazily inside the transaction: look it up when committing
        with self._nested_transaction("BEGIN IMMEDIATE", before_commit=lambda: self._writer and self._writer.commit(),
                                      on_rollback=lambda: self._writer and self._writer.rollback(),
                                      after_commit=self._committed) as conn:
            yield conn

    def _committed(self) -> None:
        self._wrote()
        if self._writer is not None:
            self.tindex.reload()

    def _text_add(self, doc_id: int, cols: tuple[str, ...]) -> None:
        super()._text_add(doc_id, cols)  # FTS5 too: grouped searches and the kind filter run there
        (year, issuer, province, city, county, doc_type, date) = self.conn.execute(
            "SELECT year, issuer, province, city, county, doc_type, date FROM documents WHERE id = ?",
            (doc_id,)).fetchone()
        doc = self._tv.Document()
        doc.add_unsigned("id", doc_id)
        for name, value in zip((*TEXT_FIELDS, "meta"), cols):
            if value:
                doc.add_text(name, value)
        if year is not None:
            doc.add_integer("year", int(year))
        doc.add_integer("order_key", (date_int(date) << 32) | doc_id)
        for name, value in (("issuer", issuer), ("province", province), ("city", city), ("county", county),
                            ("doc_type", doc_type)):
            if value is not None:
                doc.add_text(FACET_FIELDS[name], value)
        for tid, label in self.conn.execute("SELECT topic_id, label FROM topics WHERE doc_id = ? AND facet = 1 "
                                            "ORDER BY topic_id", (doc_id,)):
            doc.add_text("f_topic", label or tid)
        self._w().add_document(doc)

    def _text_delete(self, doc_id: int, cols: tuple[str, ...]) -> None:
        super()._text_delete(doc_id, cols)
        # by query: tantivy-py's delete_documents_by_term does not match an unsigned field
        self._w().delete_documents_by_query(self._tv.Query.term_query(self.schema, "id", doc_id))

    def _text_clear(self) -> None:
        super()._text_clear()
        self._w().delete_all_documents()

    def optimize(self) -> None:
        super().optimize()
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None
        self.tindex.reload()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None
        super().close()

    # -- searching ------------------------------------------------------------------------
    def _searcher(self):
        # another connection committed (PRAGMA data_version moves): load its tantivy commit too
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != getattr(self, "_seen_version", version):
            self.tindex.reload()
        self._seen_version = version
        return self.tindex.searcher()

    def _node(self, node: Node, weights) -> Any:
        Q, Occur = self._tv.Query, self._tv.Occur
        kind, arg = node
        if kind == "tok":
            per_field = [(Occur.Should, Q.boost_query(Q.term_query(self.schema, f, arg), float(w)))
                         for f, w in zip(TEXT_FIELDS, weights) if w]
            return Q.boolean_query(per_field)
        occur = Occur.Must if kind == "and" else Occur.Should
        return Q.boolean_query([(occur, self._node(n, weights)) for n in arg])

    def _query(self, sp: SearchPlan):
        """The tantivy query of a search, or ``""`` when a filter matches nothing."""
        Q, Occur = self._tv.Query, self._tv.Occur
        clauses = []
        if sp.plan.tree is not None:
            clauses.append((Occur.Must, self._node(sp.plan.tree, sp.weights)))
        groups = False if sp.filters.numbers else meta_groups(sp.filters, self.vocabulary)
        if groups == "":
            return ""
        if groups is False:  # a 发文字号, a very wide filter: the documents that pass, from SQL
            where, params = sql_where(sp.filters)
            ids = [r[0] for r in self.conn.execute(f"SELECT d.id FROM documents d WHERE {' AND '.join(where)}",
                                                   params)]
            if not ids:
                return ""
            clauses.append((Occur.Must, Q.const_score_query(Q.term_set_query(self.schema, "id", ids), 0.0)))
        elif groups:
            for g in groups:
                clauses.append((Occur.Must, Q.const_score_query(
                    Q.term_set_query(self.schema, "meta", list(g)), 0.0)))
        if not clauses:
            return Q.all_query()
        return Q.boolean_query(clauses)

    def _top_rows(self, sp: SearchPlan, src, cond, args, w):
        """Grouped searches: FTS5 lists the matches (cheap) and collapses copies; tantivy ranks
        (FTS5's bm25 over every match is the cost of a broad query)."""
        if getattr(sp.filters, "kinds", None):
            return super()._top_rows(sp, src, cond, args, w)
        query = self._query(sp)

        def top(k: int) -> list:
            if query == "":
                return []
            searcher = self._searcher()
            hits = searcher.search(query, limit=max(k, 1), count=False).hits
            ids = searcher.fast_field_values("id", [addr for _, addr in hits]) if hits else []
            return [(doc_id, -score) for (score, _), doc_id in zip(hits, ids)]
        return top

    def execute(self, sp: SearchPlan) -> Page:
        if getattr(sp, "group", False) or getattr(sp.filters, "kinds", None):
            return super().execute(sp)  # with tantivy's ranking (_top_rows)
        query = self._query(sp)
        if query == "":
            return Page(0, [], "")
        searcher = self._searcher()
        # tantivy keeps offset + limit hits in a heap: an offset beyond the index is answered by a count
        if sp.offset >= searcher.num_docs:
            total = searcher.search(query, limit=1, count=True).count or 0
            return Page(total, [], query if total else "")
        n = sp.limit + sp.offset
        if sp.plan.tree is not None:
            res = searcher.search(query, limit=max(n, 1), count=True)
        else:
            res = searcher.search(query, limit=max(n, 1), count=True, order_by_field="order_key")
        total = res.count or 0
        hits = res.hits[sp.offset:n]
        ids = searcher.fast_field_values("id", [addr for _, addr in hits]) if hits else []
        page = [(doc_id, -key if sp.plan.tree is not None else 0.0) for (key, _), doc_id in zip(hits, ids)]
        return Page(total, self._hit_rows(page) if sp.limit else [], query if total else "")

    def facets(self, matches: Any, limit: int) -> dict[str, dict[Any, int]]:
        if matches is None or isinstance(matches, str) or type(matches).__module__ == "numpy":
            # ids from the FTS5 path (grouped search, kind filter): text, or an array of representatives
            return super().facets(matches, limit)
        aggs = {"year": {"terms": {"field": "year", "size": _BUCKETS}}}
        for name, field in FACET_FIELDS.items():
            aggs[name] = {"terms": {"field": field, "size": _BUCKETS}}
        aggs["topic"] = {"terms": {"field": "f_topic", "size": _BUCKETS}}
        res = self._searcher().aggregate(matches, aggs)
        out: dict[str, dict[Any, int]] = {}
        for name in (*NAMES, "topic"):
            counts = {}
            for b in res.get(name, {}).get("buckets", []):
                key = b["key"]
                counts[int(key) if name == "year" else key] = int(b["doc_count"])
            out[name] = top(counts, limit)
        return out

    def stats(self) -> dict:
        out = super().stats()
        out["text_engine"] = "tantivy"
        if self.text_dir and os.path.isdir(self.text_dir):
            out["db_bytes"] += sum(os.path.getsize(os.path.join(self.text_dir, f)) for f in os.listdir(self.text_dir))
        return out


def remove_text_dir(path: str) -> None:
    """Delete the tantivy folder of the index file *path* (when the file is deleted)."""
    shutil.rmtree(path + ".tantivy", ignore_errors=True)


__all__ = ["TantivyStorage", "remove_text_dir", "config"]
