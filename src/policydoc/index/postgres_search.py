"""The read side of the PostgreSQL index: matching, bm25 ranking, copies and facets.

A mixin of :class:`~policydoc.index.postgres.PostgresStorage` (like
:class:`~policydoc.index.sqlite_search.SQLiteSearch` for SQLite): it needs the storage's ``_x``
(run SQL in the schema), ``_stats`` and ``_df`` caches.
"""
from __future__ import annotations

import math
import time
from typing import Any

from . import config
from .facets import NAMES, top
from .postgres_rank import _leaves, _lexeme, bm25, field_frequencies, phrase_frequencies, render_tsquery
from .query import SearchPlan
from .sqlite_filters import sql_where
from .storage import Page, StoredHit

_HIT_COLUMNS = ("d.id, d.source, d.status, d.title, d.doc_number, d.issuer, d.issuers, d.date, d.doc_type, "
                "d.province, d.city, d.county, d.region_code, d.region_level, d.topics, d.kind, d.news_source, "
                "left(d.text, %s)")  # snippets come from the start of the text, as in SQLite (SNIPPET_SCAN_CHARS)


class PostgresSearch:
    """Searching a PostgreSQL index (mixed into the storage class)."""

    def _collection(self) -> tuple[int, float]:
        """Searchable documents and their average length (bm25's N and avgdl), cached."""
        now = time.monotonic()
        if self._stats is None or now - self._stats[0] > config_value("PG_STATS_TTL"):
            n, total = self._x("SELECT count(*), coalesce(sum(ntokens), 0) FROM {s}.documents "
                               "WHERE tsv IS NOT NULL").fetchone()
            self._stats = (now, int(n), (float(total) / n) if n else 0.0)
        return self._stats[1], self._stats[2]

    def _idf(self, tokens: list[str], n: int) -> list[float]:
        now = time.monotonic()
        ttl = config_value("PG_STATS_TTL")
        missing = [t for t in dict.fromkeys(tokens) if t not in self._df or now - self._df[t][0] > ttl]
        if missing:
            # one pass over the GIN index per token; the vector column has no NULL for searchable rows
            sql = " UNION ALL ".join("SELECT %s, count(*) FROM {s}.documents WHERE tsv @@ %s::tsquery"
                                     for _ in missing)
            args = [a for t in missing for a in (t, _lexeme(t))]
            for t, c in self._x(sql, args).fetchall():
                self._df[t] = (now, int(c))
        out = []
        for t in tokens:
            hits = self._df[t][1]
            idf = math.log((n - hits + 0.5) / (hits + 0.5)) if n else 0.0
            out.append(idf if idf > 0 else 1e-6)
        return out

    def execute(self, sp: SearchPlan) -> Page:
        where, params = sql_where(sp.filters)
        # a 发文字号 prefix is a range ending in U+10FFFF: compared by code point, whatever the database's locale
        where = [w.replace("?", "%s").replace("d.doc_number_key >= %s AND d.doc_number_key < %s",
                                               'd.doc_number_key COLLATE "C" >= %s AND d.doc_number_key COLLATE "C" < %s')
                 for w in where]
        query = render_tsquery(sp.plan.tree)
        if query:
            where.insert(0, "d.tsv @@ %s::tsquery")
            params = [query, *params]
        cond = " AND ".join(where)
        if query:
            # The planner prices @@ like any operator and picks a sequential scan for a common
            # word, which reads (detoasts) every vector: the GIN bitmap is 50× faster (measured
            # 49 ms against 2,730 ms for a token in 20% of 20,000 documents). For this transaction.
            self._x("SELECT set_config('enable_seqscan', 'off', true)")
        if sp.group:  # one row a group of copies: its smallest id stands for it in totals and facets
            total, rows = self._x(f"SELECT count(DISTINCT d.group_id), count(*) FROM {{s}}.documents d WHERE {cond}",
                                  params).fetchone()
            matches = (f"d.id IN (SELECT min(d.id) FROM {{s}}.documents d WHERE {cond} GROUP BY d.group_id)", params)
        else:
            total = rows = self._x(f"SELECT count(*) FROM {{s}}.documents d WHERE {cond}", params).fetchone()[0]
            matches = (cond, params)
        limit, offset = sp.limit, sp.offset
        if not total or offset >= total:
            return Page(total, [], matches)
        if query:
            ranked = self._ranked(sp, cond, params, rows)
            if sp.group:
                best: dict[int, tuple[int, float]] = {}
                for doc_id, score, gid in ranked:
                    best.setdefault(gid if gid is not None else doc_id, (doc_id, score))
                page = list(best.values())[offset:offset + limit]
            else:
                page = [(i, sc) for i, sc, _g in ranked[offset:offset + limit]]
        else:
            page = [(r[0], 0.0) for r in self._x(
                f"SELECT d.id FROM {{s}}.documents d WHERE {matches[0]} "
                "ORDER BY d.date IS NULL, d.date DESC, d.id DESC LIMIT %s OFFSET %s", [*params, limit, offset])]
        hits = self._hit_rows(page)
        if sp.group:
            self._add_copies(hits)
        return Page(total, hits, matches)

    def _add_copies(self, hits: list[StoredHit]) -> None:
        """Each hit's other rows in its group (the PDF, HTML and TXT copies)."""
        if not hits:
            return
        by_hit: dict[int, list[dict]] = {}
        for doc_id, source, fmt, status, hid in self._x(
                "SELECT d.id, d.source, d.format, d.status, h.id FROM {s}.documents h JOIN {s}.documents d "
                "ON d.group_id = h.group_id AND d.id != h.id WHERE h.id = ANY(%s) ORDER BY d.source",
                ([h.id for h in hits],)):
            by_hit.setdefault(hid, []).append({"id": doc_id, "source": source, "format": fmt, "status": status})
        for h in hits:
            h.copies = by_hit.get(h.id, [])

    def _ranked(self, sp: SearchPlan, cond: str, params: list, total: int) -> list[tuple[int, float, int]]:
        """``(id, bm25, group)`` of every match (or of the ts_rank pool of a very broad query), best first."""
        tokens = _leaves(sp.plan.tree)
        n, avgdl = self._collection()
        idf = self._idf(tokens, n)
        wanted = sorted(set(tokens))
        # the vector cut down to the query's lexemes: every weight to D, the wanted ones to A,
        # keep A — three passes in C over one detoasted vector, a few hundred bytes back
        cut = "ts_filter(setweight(setweight(d.tsv, 'D'), 'A', %s::text[]), '{A}')::text"
        if total > config_value("PG_RANK_EXACT_MAX"):
            w = sp.weights
            top = max(w) or 1.0
            arr = "{" + ",".join(f"{x / top:.6f}" for x in (w[3], w[2], w[1], w[0])) + "}"  # D, C, B, A
            # The pool by ts_rank over the small head vector (title, number, issuers: stored in the
            # row, never detoasted); only the pool's full vectors are read and cut. Reading a full
            # vector is the cost of ranking in PostgreSQL (~30 µs a match on an idle core).
            sql = (f"SELECT p.id, p.ntokens, {cut.replace('d.tsv', 'p.tsv')}, p.group_id FROM (SELECT d.id, "
                   f"d.ntokens, d.tsv, d.group_id, ts_rank(%s::real[], d.head, %s::tsquery) AS r "
                   f"FROM {{s}}.documents d WHERE {cond} ORDER BY r DESC, d.id DESC LIMIT %s) p")
            args = [wanted, arr, params[0], *params, config_value("PG_RANK_POOL")]
        else:
            sql = f"SELECT d.id, d.ntokens, {cut}, d.group_id FROM {{s}}.documents d WHERE {cond}"
            args = [wanted, *params]
        scored = []
        for doc_id, ntokens, text, gid in self._x(sql, args):
            freqs = phrase_frequencies(sp.plan.tree, field_frequencies(text or ""))
            scored.append((bm25(freqs, ntokens or 0, idf, avgdl, sp.weights), doc_id, gid))
        scored.sort(key=lambda p: (-p[0], -p[1]))
        return [(i, sc, g) for sc, i, g in scored]

    def _hit_rows(self, page: list[tuple[int, float]]) -> list[StoredHit]:
        if not page:
            return []
        by_id = {row[0]: row for row in self._x(f"SELECT {_HIT_COLUMNS} FROM {{s}}.documents d WHERE d.id = ANY(%s)",
                                                (config.SNIPPET_SCAN_CHARS, [i for i, _ in page]))}
        hits = []
        for doc_id, score in page:
            row = by_id[doc_id]
            hits.append(StoredHit.from_row(row, round(score, 4) if score else 0.0, row[17] or ""))
        return hits

    def facets(self, matches: Any, limit: int) -> dict[str, dict[Any, int]]:
        """All facet counts in one grouped scan of the matching rows (GROUPING SETS)."""
        if not matches:
            return {}
        cond, params = matches
        sets = ", ".join(f"(d.{n})" for n in NAMES)
        cols = ", ".join(f"d.{n}" for n in NAMES)
        rows = self._x(f"SELECT {cols}, " + ", ".join(f"GROUPING(d.{n})" for n in NAMES) +
                       f", count(*) FROM {{s}}.documents d WHERE {cond} GROUP BY GROUPING SETS ({sets})",
                       params).fetchall()
        k = len(NAMES)
        counters: dict[str, dict] = {n: {} for n in NAMES}
        for row in rows:
            vals, grouping, count = row[:k], row[k:2 * k], row[-1]
            for i, name in enumerate(NAMES):
                if grouping[i] == 0 and vals[i] is not None:
                    counters[name][vals[i]] = count
        out = {name: top(c, limit) for name, c in counters.items()}
        trows = self._x(f"SELECT t.topic_id, min(coalesce(t.label, t.topic_id)), count(*) FROM {{s}}.topics t "
                        f"JOIN {{s}}.documents d ON d.id = t.doc_id WHERE t.facet = 1 AND {cond} GROUP BY t.topic_id",
                        params).fetchall()
        labels: dict[str, int] = {}
        for _tid, label, count in trows:
            labels[label] = labels.get(label, 0) + count
        out["topic"] = top(labels, limit)
        return out


def config_value(name: str):
    """A PostgreSQL tuning knob (see :data:`KNOBS`), settable on :mod:`policydoc.index.config`."""
    return getattr(config, name, KNOBS[name])


#: Tuning knobs of this back end and their defaults.
KNOBS = {
    # seconds that document frequencies and the average length are reused
    "PG_STATS_TTL": 30.0,
    # above this many matches, ts_rank over title/number/issuers picks a pool and bm25 orders it
    "PG_RANK_EXACT_MAX": 1000,
    "PG_RANK_POOL": 300,
}
