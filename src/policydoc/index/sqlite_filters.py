"""Search filters in SQLite: as FTS5 tokens of the ``meta`` column, or as SQL on ``documents``.

Both forms of a filter must select the same documents (tests/test_index.py checks every kind);
the token form is faster because FTS5 intersects it with the text query before bm25 scores.
"""
from __future__ import annotations

import hashlib
from typing import Any, Callable

from . import config
from .query import Filters


def _mt(kind: str, value: Any) -> str:
    """A filter token of the ``meta`` column: a kind prefix and a hash of the value (one
    unicode61 token whatever the value holds)."""
    return kind + hashlib.blake2b(str(value).encode("utf-8"), digest_size=8).hexdigest()


def _meta_tokens(year, doc_type, issuers, province, city, county, code, level, topic_ids, primary_ids=()) -> str:
    """Filters as tokens: FTS5 then intersects them with the text query, and bm25 (weight 0
    for this column) only scores documents that pass."""
    out = [f"y{int(year)}"] if year else []
    if doc_type:
        out.append(_mt("dt", doc_type))
    out += [_mt("is", i) for i in issuers]
    out += [_mt(k, v) for k, v in (("pv", province), ("ct", city), ("cn", county)) if v]
    if code and str(code).isdigit():
        out += [f"rc{code[:n]}" for n in (2, 4, 6) if len(code) >= n]
    if level:
        out.append(_mt("lv", level))
    out += [_mt("tp", t) for t in topic_ids]
    out += [_mt("pt", t) for t in primary_ids]
    return " ".join(out)


def _prefix(column: str, value: str) -> tuple[str, list]:
    """``column`` starts with ``value``. substr, not LIKE: a LIKE pattern over 50,000 bytes is
    an error ("LIKE or GLOB pattern too complex"), and no escaping is needed."""
    return f"substr({column}, 1, ?) = ?", [len(value), value]


def sql_where(f: Filters) -> tuple[list[str], list]:
    """WHERE clauses (over ``documents d``) and their parameters."""
    where, params = ["d.status != 'error'"], []

    def any_of(clauses: list[tuple[str, list]]) -> None:
        if clauses:
            where.append("(" + " OR ".join(c for c, _ in clauses) + ")")
            for _, p in clauses:
                params.extend(p)

    any_of([("instr(d.issuers, ?) > 0", [v]) for v in f.issuers])
    regs = []
    for kind, v in f.regions:
        if kind == "code":
            regs.append(_prefix("d.region_code", v))
        elif kind == "national":
            regs.append(("d.region_level = 'national'", []))
        else:
            parts = [_prefix(f"d.{col}", v) for col in ("province", "city", "county")]
            regs.append(("(" + " OR ".join(c for c, _ in parts) + ")", [p for _, ps in parts for p in ps]))
    any_of(regs)
    any_of([("d.year = ?", [lo]) if lo == hi else ("d.year BETWEEN ? AND ?", [lo, hi]) for lo, hi in f.years])
    any_of([("d.doc_type = ?", [v]) for v in f.doc_types])
    any_of([("EXISTS (SELECT 1 FROM topics t WHERE t.doc_id = d.id AND (t.topic_id = ? OR t.label = ?))",
             [v, v]) for v in f.topics])
    any_of([("EXISTS (SELECT 1 FROM topics t WHERE t.doc_id = d.id AND t.facet = 1 AND (t.topic_id = ? OR "
             "t.label = ?))", [v, v]) for v in f.primary_topics])
    any_of([("d.kind = ?", [v]) for v in f.kinds])
    # a number prefix as a range, so that the documents_number index answers it (substr scans every row)
    any_of([("d.doc_number_key = ?", [k]) if exact else ("(d.doc_number_key >= ? AND d.doc_number_key < ?)",
                                                         [k, k + "\U0010ffff"])
            for k, exact in f.numbers])
    return where, params


def meta_filter(f: Filters, vocabulary: Callable[[], dict]) -> str | None | bool:
    """The filters as an FTS5 expression over the meta column; ``None`` without filters,
    ``""`` when a filter matches nothing, ``False`` when they must be SQL instead."""
    groups = meta_groups(f, vocabulary)
    if groups is None or groups is False or groups == "":
        return groups
    return " AND ".join("meta : (" + " OR ".join(f'"{t}"' for t in g) + ")" for g in groups)


def meta_groups(f: Filters, vocabulary: Callable[[], dict]) -> list[list[str]] | str | None | bool:
    """The filters as groups of meta tokens (any token of each group, every group); ``None``,
    ``""`` and ``False`` as in :func:`meta_filter`."""
    if f.kinds:  # rare: as SQL
        return False
    if not (f.issuers or f.regions or f.years or f.doc_types or f.topics or f.primary_topics):
        return None
    vocab = vocabulary()
    groups: list[list[str]] = []
    if f.issuers:
        groups.append([_mt("is", n) for n, _ in vocab.get("issuer", ()) if any(v in n for v in f.issuers)])
    if f.regions:
        toks = []
        for kind, v in f.regions:
            if kind == "code":
                if len(v) not in (2, 4, 6):
                    return False
                toks.append(f"rc{v}")
            elif kind == "national":
                toks.append(_mt("lv", "national"))
            else:
                for tk, name in (("pv", "province"), ("ct", "city"), ("cn", "county")):
                    toks += [_mt(tk, n) for n, _ in vocab.get(name, ()) if n.startswith(v)]
        groups.append(toks)
    if f.years:
        toks = []
        for lo, hi in f.years:
            if hi - lo > 100:
                return False
            toks += [f"y{y}" for y in range(lo, hi + 1)]
        groups.append(toks)
    if f.doc_types:
        groups.append([_mt("dt", v) for v in f.doc_types])
    if f.topics:
        groups.append([_mt("tp", tid) for tid, label in vocab.get("topic", ()) if tid in f.topics or label in f.topics])
    if f.primary_topics:
        groups.append([_mt("pt", tid) for tid, label in vocab.get("topic", ())
                       if tid in f.primary_topics or label in f.primary_topics])
    if any(not g for g in groups):
        return ""
    if any(len(g) > config.MAX_FILTER_TOKENS for g in groups):
        return False
    return groups
