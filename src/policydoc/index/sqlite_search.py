"""Searching the SQLite back end: the MATCH and its filters, bm25 ranking, copies collapsed, the
page of hits and the facet counts. A mixin of :class:`~policydoc.index.sqlite.SQLiteStorage`, which owns
the file, its schema and every write; this module only reads.

A search runs two statements over the matches: one lists their ids (cheap: 0.4 ms for 7,500 matches
at 10,000 documents) for the total, the copies and the facets; one ranks them by bm25 (the cost of a
broad query: FTS5 scores every match before it can return the best 20). Grouped searches collapse
copies with numpy over a cached map of the rows that are not their group's label.
"""
from __future__ import annotations

import json
import re
import sqlite3
import zlib
from typing import Any, Callable

from . import config
from .facets import FacetColumns, count_rows, id_array, id_count, id_text
from .query import SearchPlan
from .sqlite_filters import meta_filter, sql_where
from .storage import Page, StoredHit

_HIT_COLUMNS = ("d.id, d.source, d.status, d.title, d.doc_number, d.issuer, d.issuers, d.date, d.doc_type, "
                "d.province, d.city, d.county, d.region_code, d.region_level, d.topics, d.kind, d.news_source")
_META_LIKE = re.compile(r"y\d{4}|rc\d+|(?:dt|is|pv|ct|cn|lv|tp)[0-9a-f]{16}")


def _unpack_start(b: bytes | str | None, chars: int) -> str:
    """The first *chars* characters (about) of packed text, decompressing only what they need."""
    if b is None:
        return ""
    if isinstance(b, str):
        return b[:chars]
    import codecs

    raw = zlib.decompressobj().decompress(b, chars * 3)  # UTF-8: at most 3 bytes a CJK character
    return codecs.getincrementaldecoder("utf-8")("ignore").decode(raw)[:chars]


def _is_memory(path: str) -> bool:
    return path == ":memory:" or path.startswith("file::memory:")


class SQLiteSearch:
    """The read side of :class:`~policydoc.index.sqlite.SQLiteStorage` (uses its ``conn``,
    ``vocabulary`` and cache keys)."""

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
        matched = ids  # every matching row, before groups are collapsed
        if sp.group and ids != "":
            ids = self._representatives(ids)
        total = (c.execute("SELECT count(*) FROM documents WHERE status != 'error'").fetchone()[0] if ids is None
                 else id_count(ids))
        limit, offset = sp.limit, sp.offset
        if not total or offset >= total:
            page = []
        elif text and sp.group:
            page = self._ranked_groups(self._top_rows(sp, src, cond, args, w), limit, offset, matched)
        elif text:
            max_id = c.execute("SELECT max(id) FROM documents").fetchone()[0] or 0
            page = self._ranked(src, cond, args, w, limit, offset, total, max_id)
        elif ids is not None and (total <= config.SQL_FACETS_MAX or self._cold()):
            page = [(r[0], 0.0) for r in c.execute(
                "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY date IS NULL, date DESC, id DESC LIMIT ? OFFSET ?", (f"[{id_text(ids)}]", limit, offset))]
        else:
            cols = self._columns()
            page = [(i, 0.0) for i in cols.newest(cols.ids if ids is None else id_array(ids), offset, limit)]
        hits = self._hit_rows(page)
        if sp.group:
            self._add_copies(hits)
        return Page(total, hits, ids)

    def _representatives(self, ids: str | None):
        """One id per group of copies among *ids* (its smallest); ``None``: all documents.

        A group's label is its smallest id (:meth:`_join_group` and :meth:`delete` keep it so), so
        only the few rows that are not their group's label can drop out: they are looked up in
        cached arrays (numpy) instead of grouping every match in SQL (14 ms for 7,500 matches at
        10,000). Returns the ids as text, or as a numpy array when copies were dropped."""
        if ids is None:
            return ",".join(str(r[0]) for r in self.conn.execute(
                "SELECT min(id) AS m FROM documents WHERE status != 'error' GROUP BY group_id ORDER BY m"))
        if not ids:
            return ids
        copy_ids, labels = self._copies_arrays()
        if not len(copy_ids):
            return ids
        import numpy as np

        arr = id_array(ids)
        hit = np.isin(copy_ids, arr, assume_unique=True)
        if not hit.any():
            return ids
        hit_ids, hit_labels = copy_ids[hit], labels[hit]
        label_in = np.isin(hit_labels, arr)  # the label matched: it stands for its group
        drop = [hit_ids[label_in]]
        rest_ids, rest_labels = hit_ids[~label_in], hit_labels[~label_in]
        if len(rest_ids):  # no label among the matches: the smallest matching copy stands for the group
            order = np.lexsort((rest_ids, rest_labels))
            _, first = np.unique(rest_labels[order], return_index=True)
            keep = np.zeros(len(rest_ids), dtype=bool)
            keep[first] = True
            drop.append(rest_ids[order][~keep])
        return arr[~np.isin(arr, np.concatenate(drop))]

    def _copies_arrays(self):
        """``(ids, labels)``: the rows that are not their group's label, sorted by id, with their
        group's label; read once per change of the file."""
        key = (self.conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
        cached = getattr(self, "_copies", None)
        if cached is None or cached[0] != key or self._depth:
            import numpy as np

            rows = self.conn.execute("SELECT id, group_id FROM documents WHERE group_id != id AND "
                                     "status != 'error' ORDER BY id").fetchall()
            cached = (key, (np.array([r[0] for r in rows], dtype=np.int64),
                            np.array([r[1] for r in rows], dtype=np.int64)))
            self._copies = cached
        return cached[1]

    def _top_rows(self, sp: SearchPlan, src, cond, args, w) -> Callable[[int], list]:
        """``k → the k best-ranked matching rows`` for a grouped search (bm25 in FTS5 here)."""
        return lambda k: self._ranked(src, cond, args, w, k, 0, 0, 0)

    def _ranked_groups(self, top_rows: Callable[[int], list], limit, offset, matched) -> list:
        """Top groups by their best-ranked copy: rank rows, collapse by group, fetch more rows
        until the page is full (copies are few, so one round almost always does)."""
        need, k = offset + limit, max(2 * (offset + limit), 20)
        n_rows = matched.count(",") + 1 if matched else 0
        while True:
            rows = top_rows(k)
            gids = dict(self.conn.execute("SELECT id, group_id FROM documents WHERE id IN (SELECT value FROM "
                                          "json_each(?))", (json.dumps([r[0] for r in rows]),)))
            best: dict[int, tuple] = {}
            for r in rows:
                best.setdefault(gids.get(r[0], r[0]), r)
            if len(best) >= need or len(rows) >= n_rows or len(rows) < k:
                return list(best.values())[offset:need]
            k *= 4

    def _add_copies(self, hits: list[StoredHit]) -> None:
        """Each hit's other rows in its group (the PDF, HTML and TXT copies)."""
        if not hits:
            return
        rows = self.conn.execute(
            "SELECT d.id, d.source, d.format, d.status, h.id FROM documents h JOIN documents d ON d.group_id = h.group_id "
            "AND d.id != h.id WHERE h.id IN (SELECT value FROM json_each(?)) ORDER BY d.source",
            (json.dumps([h.id for h in hits]),)).fetchall()
        by_hit: dict[int, list[dict]] = {}
        for doc_id, source, fmt, status, hid in rows:
            by_hit.setdefault(hid, []).append({"id": doc_id, "source": source, "format": fmt, "status": status})
        for h in hits:
            h.copies = by_hit.get(h.id, [])

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
            row = by_id[doc_id]
            hits.append(StoredHit.from_row(row, round(-score, 4) if score else 0.0,
                                           _unpack_start(row[17], config.SNIPPET_SCAN_CHARS)))
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
        if isinstance(matches, str) and matches == "":
            return {}
        # small sets are counted in SQL unless the facet columns are loaded already (then numpy is faster)
        if matches is not None and ((id_count(matches) <= config.SQL_FACETS_MAX and not self._columns_fresh())
                                    or self._cold()):
            arg = f"[{id_text(matches)}]"
            rows = self.conn.execute("SELECT year, issuer, province, city, county, doc_type FROM documents "
                                     "WHERE id IN (SELECT value FROM json_each(?))", (arg,))
            trows = self.conn.execute("SELECT topic_id, label FROM topics "
                                      "WHERE facet = 1 AND doc_id IN (SELECT value FROM json_each(?))", (arg,)).fetchall()
            return count_rows(rows, trows, limit)
        cols = self._columns()
        return cols.facets(cols.ids if matches is None else id_array(matches), limit)

    def _columns_fresh(self) -> bool:
        return self._cols is not None and self._cols_key == (
            self.conn.execute("PRAGMA data_version").fetchone()[0], self._writes)

    def _cold(self) -> bool:
        """True until a second large result set: loading the facet columns costs a read of every
        row (0.3 s at 10,000), more than counting one result set in SQL — worth it only for a
        process that searches again (a server), not for one ``policydoc search``."""
        self._large = getattr(self, "_large", 0) + 1
        return self._cols is None and self._large <= 2 and config.SQL_FACETS_MAX > 0

    def _columns(self) -> FacetColumns:
        """The in-memory facet columns, reloaded after any write (ours or another process's)."""
        key = (self.conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
        if self._cols is None or self._cols_key != key:
            rows = self.conn.execute("SELECT id, year, issuer, province, city, county, doc_type, date FROM documents "
                                     "WHERE status != 'error' ORDER BY id").fetchall()
            trows = self.conn.execute("SELECT t.doc_id, t.topic_id, t.label FROM topics t JOIN documents d "
                                      "ON d.id = t.doc_id WHERE d.status != 'error' AND t.facet = 1 ORDER BY t.doc_id").fetchall()
            self._cols = FacetColumns(rows, trows)
            self._cols_key = key
        return self._cols
