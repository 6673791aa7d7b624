"""PostgreSQL's text vectors and queries written as literals, and FTS5's bm25 recomputed from them.

The index stores one ``tsvector`` per document under no text-search parser: our own tokens
(:func:`~policydoc.index.storage.DocumentRow.text_tokens`) are written as a literal with a weight
per field and one position per occurrence, so the per-field term frequencies of any query token
can be read back from the vector and ranked exactly as the SQLite back end ranks them. See
:mod:`policydoc.index.postgres` for the layout.
"""
from __future__ import annotations

import re

from .query import Node

#: Weight letter and first position of each text field in the vector.
FIELDS = (("A", 1), ("B", 2001), ("C", 4001), ("D", 6001))
#: PostgreSQL keeps at most 256 positions of a lexeme; a field gets at most this many.
MAX_POSITIONS = 60
#: Longest lexeme PostgreSQL accepts (bytes); longer tokens (base64 junk) are not indexed.
MAX_LEXEME_BYTES = 2046
K1, B = 1.2, 0.75


def _lexeme(tok: str) -> str:
    return "'" + tok.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(columns: tuple[str, str, str, str]) -> str:
    """The ``tsvector`` literal of the four token strings (title, number, issuers, body).

    >>> tsvector_literal(("劳动 动模 模范 劳动模范 待遇", "", "", "待遇 待遇"))
    "'劳动':1A '动模':2A '模范':3A '劳动模范':4A '待遇':5A,6001,6002"
    """
    positions: dict[str, list[str]] = {}
    for (weight, start), toks in zip(FIELDS, columns):
        seen: dict[str, int] = {}
        suffix = "" if weight == "D" else weight  # D is the default weight: left out of the literal
        for i, t in enumerate(toks.split()):
            if len(t.encode("utf-8")) > MAX_LEXEME_BYTES:
                continue
            k = seen.get(t, 0)
            if k >= MAX_POSITIONS:
                continue
            seen[t] = k + 1
            # title: real positions (short); other fields: the k-th occurrence, so positions
            # stay under PostgreSQL's 16,383 whatever the body length
            pos = start + (i if weight == "A" and i < 1999 else k)
            positions.setdefault(t, []).append(f"{pos}{suffix}")
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


def render_tsquery(node: Node | None) -> str | None:
    """A ``tsquery`` literal for a query tree (every token a quoted lexeme: no parser runs).

    >>> render_tsquery(("and", (("tok", "工会"), ("or", (("tok", "劳模"), ("tok", "劳动模范"))))))
    "'工会' & ( '劳模' | '劳动模范' )"
    """
    if node is None:
        return None
    kind, arg = node
    if kind == "tok":
        return _lexeme(arg)
    parts = [render_tsquery(n) for n in arg]
    s = (" & " if kind == "and" else " | ").join(p if len(n[1]) == 1 or n[0] == "tok" else f"( {p} )"
                                                for p, n in zip(parts, arg))
    return s


def _leaves(node: Node | None) -> list[str]:
    """Every token of the tree in order, repeats included (FTS5's bm25 sums over each phrase)."""
    if node is None:
        return []
    kind, arg = node
    if kind == "tok":
        return [arg]
    return [t for n in arg for t in _leaves(n)]


def phrase_frequencies(node: Node | None, ff: dict[str, list[int]]) -> list[list[int]]:
    """Per-field frequencies of every leaf of the tree (as :func:`_leaves` lists them) that FTS5's
    bm25 sees: the instances of a phrase inside an AND that this document does not satisfy are
    cleared (FTS5 empties the position lists of sub-expressions that do not match the row), so
    a token counts only where its branch of the query matched.

    >>> tree = ("or", (("tok", "个人所得税"), ("and", (("tok", "个"), ("tok", "税")))))
    >>> phrase_frequencies(tree, {"个人所得税": [1, 0, 0, 2], "个": [0, 0, 0, 3]})
    [[1, 0, 0, 2], [0, 0, 0, 0], [0, 0, 0, 0]]
    """
    zero = [0, 0, 0, 0]

    def walk(n: Node) -> tuple[bool, list[list[int]]]:
        kind, arg = n
        if kind == "tok":
            f = ff.get(arg, zero)
            return any(f), [f]
        parts = [walk(c) for c in arg]
        out = [f for _, fs in parts for f in fs]
        if kind == "and":
            if not all(ok for ok, _ in parts):
                return False, [zero] * len(out)
            return True, out
        return any(ok for ok, _ in parts), out

    return walk(node)[1] if node is not None else []


_ENTRY = re.compile(r"'((?:[^']|'')*)':([0-9A-D,]+)")


def field_frequencies(vector_text: str) -> dict[str, list[int]]:
    """``lexeme → [tf in title, number, issuers, body]`` from a vector's text form.

    >>> field_frequencies("'工会':3A,4001C,6001,6002 'x''y':2001B")
    {'工会': [1, 0, 1, 2], "x'y": [0, 1, 0, 0]}
    """
    out: dict[str, list[int]] = {}
    for lex, pos in _ENTRY.findall(vector_text):
        tf = [0, 0, 0, 0]
        for p in pos.split(","):
            n = int(p.rstrip("ABCD"))
            tf[0 if n < 2001 else 1 if n < 4001 else 2 if n < 6001 else 3] += 1
        out[lex.replace("''", "'").replace("\\\\", "\\")] = tf
    return out


def bm25(freqs: list[list[int]], ntokens: int, idf: list[float], avgdl: float, weights) -> float:
    """FTS5's bm25 of one document (higher is better here): *freqs* per query phrase, the
    per-field term frequencies.

    >>> round(bm25([[1, 0, 0, 2]], 100, [2.0], 100.0, (10, 8, 3, 1)), 4)
    4.0
    """
    score = 0.0
    norm = K1 * (1 - B + B * ntokens / avgdl) if avgdl else K1
    for f, w in zip(freqs, idf):
        tf = sum(x * y for x, y in zip(f, weights))
        score += w * (tf * (K1 + 1)) / (tf + norm)
    return score
