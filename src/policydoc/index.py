"""The searchable policy index: one SQLite file, FTS5 over jieba-segmented text, facets.

>>> from policydoc.index import Index
>>> with Index(":memory:") as idx:  # doctest: +SKIP
...     idx.update(["../shared/corpus/docs"])
...     res = idx.search("联席会议", region="广西")

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
    snippets), both zlib-compressed UTF-8 (about 3× smaller; :meth:`Index.get` decodes them).
``topics``
    ``(doc_id, topic_id, label, score)``: filters and facets by topic.
``fts``
    FTS5 over ``title, doc_number, issuer, body``, contentless (``content=''``: the token text
    is not stored twice; to delete a row the stored text is segmented again and checked
    against a CRC). SQLite cannot segment Chinese, so the text is stored pre-segmented: each
    line is cut by jieba (precise mode), and each word is followed by its parts, as jieba's
    ``cut_for_search`` does (dictionary 2- and 3-grams), plus every character bigram of Han
    words longer than two characters; tokens are joined by spaces and FTS5's ``unicode61``
    tokenizer splits them again. Queries are cut the same way; each query word becomes
    ``(word OR synonym …)`` (:mod:`policydoc.lang.zh.synonyms`) and the words are ANDed.
    Ranking: ``bm25(fts, 10, 8, 3, 1)`` (title, number, issuer, body).

Facet counts come from the facet columns held in memory as numpy arrays (reloaded after any
write), so counting a result set of 80,000 documents takes milliseconds.

Why the bigrams: ``cut_for_search`` emits only the parts that are dictionary words, so a
two-character string that is not one — 柳北 in 柳北区, 鹿寨 in 鹿寨县 — is never found. On the
real corpus (``benchmarks/bench_index.py --bigrams``) the bigrams find no extra occurrence of
dictionary words, but all short place names inside full ones (13 of 13 lines, against 2 of 13),
for 10% more tokens. Misses that remain cross a word boundary (民主 in 人民主体) and are
mostly not what was asked for.

Snippets are cut from the stored original text around the window with the most query words,
not by FTS5's ``snippet()``: that returns the indexed column, here the token stream
("劳动 动模 模范 劳动模范 …") — and a contentless table has none to return.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
import unicodedata
import zlib
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .errors import PolicydocError

SCHEMA_VERSION = 1
#: FTS5 ``detail`` option (see benchmarks/README-index.md for the measurement behind it).
FTS_DETAIL = "full"
#: At most this many occurrences of a token per document body go into FTS5 (None: all).
#: bm25's term frequency saturates (k1 = 1.2: the 8th occurrence already gives 87% of the
#: weight of the 30th), and every stored occurrence costs time when bm25 scores a match:
#: measured at 100,000 documents, 15–25% faster broad queries and a 10% smaller FTS table.
TF_CAP: int | None = 8
#: Version of the segmentation below; an index built with another one must be rebuilt.
TOKENIZER_VERSION = f"jieba-precise+search-parts+bigrams/1;tf_cap={TF_CAP}"
#: File types that :meth:`Index.update` picks up when it walks a folder.
SUFFIXES = frozenset({".pdf", ".docx", ".html", ".htm", ".txt"})
#: bm25 weights of the FTS columns: title, doc_number, issuer, body.
FIELD_WEIGHTS = (10.0, 8.0, 3.0, 1.0)
#: A filter that expands to more values than this (issuer "人民政府") is run as SQL instead.
MAX_FILTER_TOKENS = 200
#: Result sets up to this size get their facets and date order from SQL; larger ones from
#: the numpy facet columns (loaded once per change of the index: about 0.5 s at 100,000).
SQL_FACETS_MAX = 1000
#: Above this many matches, bm25 ranking (≈0.7 µs a match, the cost of broad queries) is split
#: into two rowid ranges ranked at once on two connections; sqlite3 releases the GIL while a
#: statement runs, so on two cores the halves overlap. Measured at 100,000 documents.
PARALLEL_RANK_MIN = 12000
_META_LIKE = re.compile(r"y\d{4}|rc\d+|(?:dt|is|pv|ct|cn|lv|tp)[0-9a-f]{16}")
#: A query longer than this is cut (the rest cannot change a 20-term AND anyway).
MAX_QUERY_CHARS = 1000
#: At most this many query terms are used; further ones are dropped.
MAX_TERMS = 24
DEFAULT_MARKERS = ("【", "】")
SNIPPET_CHARS = 120
#: Single-character function words: neither indexed nor searched.
STOPWORDS = frozenset("的 了 和 与 及 或 在 是 等 对 为 将 把 被 由 以 于 其 之 而 并 也 都 就 从 向 按 该 此 所 着".split())

_HAN = "\u4e00-\u9fff\u3400-\u4dbf"
_HAN_WORD = re.compile(f"[{_HAN}]+")
_WORD_RUN = re.compile(r"[^\W_]+")
_NATIONAL = frozenset({"national", "全国", "国家", "中央"})


class IndexFileError(PolicydocError):
    """The index file is missing, not an index, or from another version."""

    kind = "index error"
    exit_code = 6


# ---------------------------------------------------------------------------------------
# segmentation
# ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _jieba():
    """A private jieba tokenizer: words other modules add to jieba's global dictionary must not
    change how the index segments (the stored segmentation is recomputed to delete a row)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def _words(text: str) -> Iterator[str]:
    """jieba precise-mode words of *text*, lower-cased, split into runs of letters/digits/Han."""
    for w in _jieba().cut(text.lower()):
        if len(w) == 1 or w.isalnum():
            if w.isalnum():
                yield w
        else:
            yield from _WORD_RUN.findall(w)


def _parts(word: str, bigrams: bool = True) -> Iterator[str]:
    """The index tokens of one word: its parts (search mode, plus bigrams), then the word."""
    n = len(word)
    if n > 2 and _HAN_WORD.fullmatch(word):
        freq = _jieba().FREQ
        for i in range(n - 1):
            g = word[i:i + 2]
            if bigrams or freq.get(g):
                yield g
        if n > 3:
            for i in range(n - 2):
                g = word[i:i + 3]
                if freq.get(g):
                    yield g
    yield word


@lru_cache(maxsize=50_000)
def _line_tokens(line: str, bigrams: bool = True) -> str:
    out = []
    for w in _words(line):
        if w in STOPWORDS:
            continue
        out.extend(_parts(w, bigrams))
    return " ".join(out)


def index_tokens(text: str | None, *, bigrams: bool = True) -> str:
    """The space-joined tokens stored in FTS5 for *text* (line by line, cached per line).

    >>> index_tokens("劳动模范的待遇")
    '劳动 动模 模范 劳动模范 待遇'
    >>> "柳北" in index_tokens("柳北区总工会").split()
    True
    """
    if not text:
        return ""
    return " ".join(t for t in (_line_tokens(ln.strip(), bigrams) for ln in text.splitlines() if ln.strip()) if t)


# ---------------------------------------------------------------------------------------
# queries
# ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, ...]]:
    """Both directions of :data:`policydoc.lang.zh.synonyms.ABBREVIATIONS`."""
    from .lang.zh.synonyms import ABBREVIATIONS

    table: dict[str, list[str]] = {}
    for short, fulls in ABBREVIATIONS.items():
        table.setdefault(short, [])
        for f in fulls:
            if f not in table[short]:
                table[short].append(f)
            table.setdefault(f, [])
            if short not in table[f]:
                table[f].append(short)
    return {k: tuple(v) for k, v in table.items()}


def synonyms(term: str) -> tuple[str, ...]:
    """The forms a query term expands to (besides itself).

    >>> synonyms("劳模"), synonyms("劳动模范")
    (('劳动模范',), ('劳模',))
    """
    return _synonyms().get(term, ())


def normalize_query(query: str | None) -> str:
    """NFKC, simplified script, cut to :data:`MAX_QUERY_CHARS`.

    >>> normalize_query("  勞模　ＡＢＣ ")
    '劳模 ABC'
    """
    if not query:
        return ""
    q = unicodedata.normalize("NFKC", str(query)[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]
    if any(ord(c) > 0x2E80 for c in q):
        from .normalize.script import to_simplified

        q = to_simplified(q)
    return q.strip()


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


@dataclass
class QueryPlan:
    """A user query turned into an FTS5 expression (every token quoted)."""

    terms: list[list[str]]  # per term: the surface forms (term itself first, then synonyms)
    expression: str | None
    highlight: list[str]


def _form_tokens(form: str) -> list[str]:
    """The index tokens a query form must all match: its jieba words, less stopwords."""
    return [w for w in _words(form) if w not in STOPWORDS]


def _token_expr(tok: str) -> str:
    """A token, or for a Han word jieba does not know, also all of its bigrams."""
    if len(tok) > 2 and _HAN_WORD.fullmatch(tok) and not _jieba().FREQ.get(tok):
        grams = [tok[i:i + 2] for i in range(len(tok) - 1)]
        return f"({_quote(tok)} OR ({' AND '.join(map(_quote, grams))}))"
    return _quote(tok)


def plan_query(query: str) -> QueryPlan:
    """Terms, FTS5 expression and highlight words of a (normalised) query.

    Each term becomes ``(term OR synonym …)``; terms are ANDed; every token is quoted, so
    FTS5 syntax in the input (``"``, ``*``, ``:``, ``^``, parentheses, AND/OR/NOT/NEAR) is text.

    >>> plan_query("劳模 工会").expression
    '("劳模" OR "劳动模范") AND "工会"'
    >>> plan_query('NOT "a* (b:c)').expression
    '"not" AND "a" AND "b" AND "c"'
    >>> plan_query("进城务工人员 提高校园安全").terms[0]
    ['进城务工人员', '农民工']
    """
    table = _synonyms()
    units: list[str] = []
    for chunk in query.split():
        words = list(_words(chunk))
        i = 0
        while i < len(words):  # jieba's words, joined again where they spell a synonym form
            for j in range(min(len(words), i + 6), i + 1, -1):
                if "".join(words[i:j]) in table:
                    units.append("".join(words[i:j]))
                    i = j
                    break
            else:
                units.append(words[i])
                i += 1
    seen: set[str] = set()
    terms: list[list[str]] = []
    for u in units:
        if u in seen or u in STOPWORDS:
            continue
        seen.add(u)
        terms.append([u, *table.get(u, ())])
    if len(terms) > 1:  # a lone Han character next to real words is noise (区 总工会)
        terms = [t for t in terms if not (len(t[0]) == 1 and _HAN_WORD.fullmatch(t[0]))] or terms
    terms = terms[:MAX_TERMS]
    groups = []
    highlight: set[str] = set()
    for forms in terms:
        alts = []
        for form in forms:
            toks = _form_tokens(form) or [form]
            alt = (" AND ".join(map(_token_expr, toks)) if len(toks) == 1 else
                   "(" + " AND ".join(map(_token_expr, toks)) + ")")
            if alt not in alts:
                alts.append(alt)
            highlight.add(form)
            highlight.update(t for t in toks if len(t) > 1)
        groups.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    return QueryPlan(terms, " AND ".join(groups) if groups else None, sorted(highlight, key=len, reverse=True))


# ---------------------------------------------------------------------------------------
# document numbers
# ---------------------------------------------------------------------------------------
_BRACKETS = str.maketrans({**{c: "〔" for c in "[［(（【〖{｛"}, **{c: "〕" for c in "]］)）】〗}｝"}, "號": "号"})
_FULL_NUMBER = re.compile(rf"[{_HAN}A-Za-z]{{1,20}}〔\d{{4}}〕\d{{1,6}}号")


def number_key(number: str | None) -> str | None:
    """The lookup key of a 发文字号: no spaces, 〔〕 brackets, 号, no leading zeros.

    >>> number_key("柳北政发[2025]2 號"), number_key("柳北政发（2025）第02号")
    ('柳北政发〔2025〕2号', '柳北政发〔2025〕2号')
    """
    if not number:
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", number)).translate(_BRACKETS)
    s = re.sub(r"〕第?0*(\d)", r"〕\1", s)
    if any(ord(c) > 0x2E80 for c in s):
        from .normalize.script import to_simplified

        s = to_simplified(s)
    return s or None


# ---------------------------------------------------------------------------------------
# snippets
# ---------------------------------------------------------------------------------------
def make_snippet(text: str, terms: Sequence[str], markers: tuple[str, str] = DEFAULT_MARKERS,
                 width: int = SNIPPET_CHARS) -> str | None:
    """The window of *text* with the most distinct *terms*, each occurrence marked.

    >>> make_snippet("一、联席会议目标\\n围绕区委和区政府的中心工作，加强政府与工会的联系", ["工会", "政府"], width=20)
    '…区委和区【政府】的中心工作，加强【政府】与【工会】的…'
    """
    if not text:
        return None
    terms = [t for t in terms if t]
    matches: list[tuple[int, int, str]] = []
    if terms:
        pat = re.compile("|".join(map(re.escape, sorted(set(terms), key=len, reverse=True))), re.IGNORECASE)
        for m in pat.finditer(text):
            matches.append((m.start(), m.end(), m.group().lower()))
            if len(matches) >= 5000:
                break
    if not matches:
        piece, begin, end = text[:width], 0, min(width, len(text))
        out = piece
    else:
        best, best_key, j = 0, (-1, -1), 0
        counts: dict[str, int] = {}
        for i, (s, _e, t) in enumerate(matches):  # two pointers: matches starting in [s, s + width)
            while j < len(matches) and matches[j][0] < s + width:
                counts[matches[j][2]] = counts.get(matches[j][2], 0) + 1
                j += 1
            key = (len(counts), j - i)
            if key > best_key:
                best, best_key = i, key
            counts[t] -= 1
            if not counts[t]:
                del counts[t]
        s0 = matches[best][0]
        begin = max(0, s0 - width // 5)
        end = min(len(text), begin + width)
        begin = max(0, min(begin, end - width))
        parts, pos = [], begin
        for s, e, _t in matches:
            if s < pos or s >= end:
                continue
            e = min(e, end)
            parts += [text[pos:s], markers[0], text[s:e], markers[1]]
            pos = e
        parts.append(text[pos:end])
        out = "".join(parts)
    out = re.sub(r"\s+", " ", out).strip()
    return ("…" if begin > 0 else "") + out + ("…" if end < len(text) else "")


# ---------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------
@dataclass
class Hit:
    source: str
    title: str | None
    doc_number: str | None
    issuer: str | None
    issuers: list[str]
    date: str | None
    doc_type: str | None
    region: dict
    topics: list[dict]
    score: float
    snippet: str | None
    status: str = "ok"


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[Any, int]]
    filters: dict[str, Any] = field(default_factory=dict)
    expression: str | None = None
    took_ms: float = 0.0

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self):
        return iter(self.hits)

    @property
    def sources(self) -> list[str]:
        return [h.source for h in self.hits]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["facets"] = {k: [{"value": v, "count": c} for v, c in f.items()] for k, f in self.facets.items()}
        return d

    def to_json(self, **kw) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kw)


# ---------------------------------------------------------------------------------------
# the index
# ---------------------------------------------------------------------------------------
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

def _pack(s: str | None) -> bytes | None:
    """Text → zlib-compressed UTF-8 (Chinese text shrinks about 3×)."""
    return None if s is None else zlib.compress(s.encode("utf-8"), 3)


def _unpack(b: bytes | str | None) -> str:
    if b is None:
        return ""
    return b if isinstance(b, str) else zlib.decompress(b).decode("utf-8")


def _cap(tokens: str, cap: int | None) -> str:
    """Keep the first *cap* occurrences of each token (bm25's tf saturates long before)."""
    if not cap:
        return tokens
    seen: dict[str, int] = {}
    out = []
    for t in tokens.split():
        n = seen.get(t, 0)
        if n < cap:
            seen[t] = n + 1
            out.append(t)
    return " ".join(out)


def _mt(kind: str, value: Any) -> str:
    """A filter token of the ``meta`` column: a kind prefix and a hash of the value (one
    unicode61 token whatever the value holds)."""
    return kind + hashlib.blake2b(str(value).encode("utf-8"), digest_size=8).hexdigest()


def _meta_tokens(year, doc_type, issuers, province, city, county, code, level, topic_ids) -> str:
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
    return " ".join(out)


def _crc(cols: tuple[str, ...]) -> int:
    return zlib.crc32("\x1f".join(cols).encode("utf-8"))


def _key(source: str | os.PathLike) -> str:
    s = os.fspath(source)
    return s if s.startswith("<") else os.path.abspath(s)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith((".", "~$")):
                continue
            if os.path.splitext(name)[1].lower() in SUFFIXES:
                yield Path(dirpath) / name


def _values(v: Any) -> list:
    if v is None:
        return []
    if isinstance(v, (str, int)):
        return [v]
    return [x for x in v if x is not None and x != ""]


def _like_prefix(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class Index:
    """A policy index in one SQLite file (WAL mode: search while another process updates).

    ``Index(path)`` creates the file if needed; ``Index(path, create=False)`` insists that it
    exists (what a search wants). ``markers`` wrap matched terms in snippets.
    """

    def __init__(self, db_path: str | os.PathLike, *, create: bool = True,
                 markers: tuple[str, str] = DEFAULT_MARKERS, weights: Sequence[float] = FIELD_WEIGHTS):
        self.path = os.fspath(db_path)
        self.markers = tuple(markers)
        self.weights = tuple(float(w) for w in weights)
        if len(self.weights) != 4:
            raise ValueError("weights: four numbers, for title, doc_number, issuer, body")
        memory = self.path == ":memory:" or self.path.startswith("file::memory:")
        if not memory and not create and not os.path.exists(self.path):
            raise IndexFileError(self.path, "no such index file",
                                 "build it first: policydoc index FOLDER --db " + self.path)
        if not memory and os.path.isdir(self.path):
            raise IndexFileError(self.path, "is a folder, not an index file")
        self._depth = 0
        self._writes = 0
        self.stale = False
        self._cols: _Columns | None = None
        self._cols_key: tuple | None = None
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise IndexFileError(self.path, "cannot open the index file", str(exc)) from exc
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise IndexFileError(self.path, "not a policydoc index (or damaged)", str(exc)) from exc

    # -- setup ----------------------------------------------------------------------------
    def _setup(self) -> None:
        c = self.conn
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if tables and "meta" not in tables:  # someone else's database: change nothing in it
            raise IndexFileError(self.path, "not a policydoc index", "the file is an SQLite database with other tables")
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA synchronous=NORMAL")
        c.execute("PRAGMA foreign_keys=ON")
        c.execute("PRAGMA temp_store=MEMORY")
        c.execute("PRAGMA cache_size=-65536")
        c.execute("PRAGMA mmap_size=268435456")
        if "meta" in tables:
            meta = dict(c.execute("SELECT key, value FROM meta"))
            if meta.get("schema") != str(SCHEMA_VERSION):
                raise IndexFileError(self.path, "index built by another policydoc version",
                                     f"schema {meta.get('schema')}, this version reads {SCHEMA_VERSION}; "
                                     "delete the file and index again")
            # another segmentation: searching still works, writing needs a rebuild first
            self.stale = meta.get("tokenizer") != TOKENIZER_VERSION
        else:
            try:
                c.executescript("BEGIN;" + _SCHEMA.replace("{detail}", FTS_DETAIL) + "COMMIT;")
            except sqlite3.OperationalError as exc:
                c.execute("ROLLBACK") if c.in_transaction else None
                if "fts5" in str(exc):
                    raise IndexFileError(self.path, "this Python's SQLite has no FTS5", str(exc)) from exc
                raise
            with self._tx():
                c.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                              [("schema", str(SCHEMA_VERSION)), ("tokenizer", TOKENIZER_VERSION)])

    def close(self) -> None:
        if getattr(self, "_shard", None) is not None:
            pool, conn = self._shard
            pool.shutdown(wait=True)
            conn.close()
            self._shard = None
        self.conn.close()

    def _shard_conn(self):
        """A second read-only connection and a thread to run it (None for in-memory indexes)."""
        if getattr(self, "_shard", None) is None:
            if self.path == ":memory:" or self.path.startswith("file::memory:"):
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
        shard = self._shard_conn() if total >= PARALLEL_RANK_MIN and max_id > 1 else None
        if shard is None:
            return self.conn.execute(sql.format(extra=""), [*args, limit + offset]).fetchall()[offset:]
        pool, conn2 = shard
        mid = max_id // 2
        other = pool.submit(lambda: conn2.execute(sql.format(extra=" AND f.rowid > ?"),
                                                  [*args, mid, limit + offset]).fetchall())
        mine = self.conn.execute(sql.format(extra=" AND f.rowid <= ?"), [*args, mid, limit + offset]).fetchall()
        merged = sorted(mine + other.result(), key=lambda r: (r[1], -r[0]))
        return merged[offset:offset + limit]

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (nested calls join the outer one)."""
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
    def batch(self) -> Iterator["Index"]:
        """Group many :meth:`add_document` calls into one transaction (bulk loads)."""
        with self._tx():
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
        key = _key(src)
        with self._tx():
            self._delete(key)
            return self._insert(key, rec, text or "", sha256, mtime_ns, size)

    def _insert(self, key: str, rec: dict, text: str, sha256: str | None, mtime_ns: int | None,
                size: int | None) -> int:
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
        status = rec.get("status") or "ok"
        cur = self.conn.execute(
            "INSERT INTO documents(source, format, sha256, mtime_ns, size, status, error, indexed_at, doc_number,"
            " doc_number_key, issuer, issuers, title, doc_type, date, year, province, city, county, region_code,"
            " region_level, topics) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (key, rec.get("format"), sha256, mtime_ns, size, status, rec.get("error"), time.time(),
             rec.get("doc_number"), number_key(rec.get("doc_number")), rec.get("issuer"),
             json.dumps(issuers, ensure_ascii=False), rec.get("title"), rec.get("doc_type"), date, year,
             region.get("province"), region.get("city"), region.get("county"), region.get("code"),
             region.get("level"), json.dumps(topics, ensure_ascii=False)))
        doc_id = cur.lastrowid
        seen = set()
        for t in topics:
            tid = str(t.get("id") or t.get("label"))
            if tid in seen:
                continue
            seen.add(tid)
            self.conn.execute("INSERT INTO topics(doc_id, topic_id, label, score) VALUES (?,?,?,?)",
                              (doc_id, tid, t.get("label") or tid, t.get("score")))
        # the FTS input is computed from the stored row, exactly as _delete will compute it again
        cols = self._fts_values(doc_id, text) if status != "error" else None
        self.conn.execute("INSERT INTO contents(doc_id, record, text, tokens_crc) VALUES (?,?,?,?)",
                          (doc_id, _pack(json.dumps(rec, ensure_ascii=False, default=str)), _pack(text),
                           _crc(cols) if cols else None))
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
        return (index_tokens(title), index_tokens(number), index_tokens("\n".join(issuers)),
                _cap(index_tokens(text), TF_CAP),
                _meta_tokens(year, doc_type, issuers, province, city, county, code, level, topic_ids))

    def _delete(self, key: str) -> bool:
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

    def remove(self, source: str | os.PathLike) -> bool:
        """Remove the document indexed from *source*; ``False`` if there was none."""
        self._check_writable()
        with self._tx():
            return self._delete(_key(source))

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
            from .pipeline import parse
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        files: dict[str, Path] = {}
        folders: list[str] = []
        for p in map(Path, paths):
            if p.is_dir():
                folders.append(os.path.abspath(p))
                for f in _walk(p):
                    files.setdefault(_key(f), f)
            elif p.is_file():
                files.setdefault(_key(p), p)
            else:
                raise IndexFileError(str(p), "no such file or folder")
        known = {r[0]: r[1:] for r in self.conn.execute("SELECT source, size, mtime_ns, sha256 FROM documents")}
        counts = {"added": 0, "updated": 0, "removed": 0, "unchanged": 0, "errors": 0}
        total = len(files)
        for done, (key, path) in enumerate(files.items(), 1):
            outcome = self._update_one(key, path, known.get(key), parse)
            counts[outcome] += 1
            if progress:
                progress(done, total, str(path), outcome)
        for folder in folders:
            prefix = folder.rstrip(os.sep) + os.sep
            for key in known:
                if key.startswith(prefix) and key not in files and (
                        not os.path.exists(key) or os.path.splitext(key)[1].lower() in SUFFIXES):
                    if self.remove(key):
                        counts["removed"] += 1
        return counts

    def _update_one(self, key: str, path: Path, old: tuple | None, parse: Callable) -> str:
        try:
            st = path.stat()
            if old is not None and old[0] == st.st_size and old[1] == st.st_mtime_ns:
                return "unchanged"
            digest = _sha256(path)
        except OSError as exc:
            st, digest = None, None
            rec = _error_record(str(path), exc)
            text = ""
        else:
            if old is not None and old[2] == digest:
                with self._tx():
                    self.conn.execute("UPDATE documents SET size = ?, mtime_ns = ? WHERE source = ?",
                                      (st.st_size, st.st_mtime_ns, key))
                return "unchanged"
            try:
                doc = parse(path)
                rec, text = doc.record(), doc.text
            except Exception as exc:  # noqa: BLE001 - a bad file is recorded, never aborts the run
                rec, text = _error_record(str(path), exc), ""
        with self._tx():
            self._delete(key)
            self._insert(key, rec, text, digest, st.st_mtime_ns if st else None, st.st_size if st else None)
        if rec.get("status") == "error":
            return "errors"
        return "added" if old is None else "updated"

    def rebuild(self) -> int:
        """Segment every stored text again and rebuild the FTS table (after a jieba upgrade)."""
        n = 0
        with self._tx():
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

    def _check_writable(self) -> None:
        if self.stale:
            raise IndexFileError(self.path, "the index was segmented by another policydoc version",
                                 "rebuild it first: policydoc index --rebuild (Index.rebuild())")

    def optimize(self) -> None:
        """Merge the FTS5 segments into one (after a bulk load: faster queries)."""
        with self._tx():
            self.conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        self.conn.execute("PRAGMA optimize")

    # -- reading --------------------------------------------------------------------------
    def stats(self) -> dict:
        """Counts by status and format, year range, errors, and the size of the file."""
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

    def get(self, source: str | os.PathLike) -> dict | None:
        """The stored contract record of *source*."""
        row = self.conn.execute("SELECT c.record FROM documents d JOIN contents c ON c.doc_id = d.id "
                                "WHERE d.source = ?", (_key(source),)).fetchone()
        return json.loads(_unpack(row[0])) if row else None

    def _filters(self, issuer, region, year, doc_type, topic, number) -> tuple[list[str], list]:
        where, params = ["d.status != 'error'"], []

        def any_of(clauses: list[tuple[str, list]]) -> None:
            if clauses:
                where.append("(" + " OR ".join(c for c, _ in clauses) + ")")
                for _, p in clauses:
                    params.extend(p)

        any_of([("instr(d.issuers, ?) > 0", [str(v)]) for v in _values(issuer)])
        regs = []
        for v in _values(region):
            v = str(v).strip()
            if v.isdigit():
                regs.append(("d.region_code LIKE ? ESCAPE '\\'", [_like_prefix(v)]))
            elif v.lower() in _NATIONAL:
                regs.append(("d.region_level = 'national'", []))
            else:
                v = normalize_query(v)
                regs.append(("(d.province LIKE ? ESCAPE '\\' OR d.city LIKE ? ESCAPE '\\' "
                             "OR d.county LIKE ? ESCAPE '\\')", [_like_prefix(v)] * 3))
        any_of(regs)
        years = []
        for v in _values(year):
            s = str(v).strip()
            m = re.fullmatch(r"(\d{4})\s*(?:-|–|—|\.\.|~|至)\s*(\d{4})", s)
            if m:
                years.append(("d.year BETWEEN ? AND ?", [int(m[1]), int(m[2])]))
            elif s.isdigit():
                years.append(("d.year = ?", [int(s)]))
            else:
                raise ValueError(f"year: expected 2019 or 2018-2019, got {v!r}")
        any_of(years)
        any_of([("d.doc_type = ?", [str(v)]) for v in _values(doc_type)])
        any_of([("EXISTS (SELECT 1 FROM topics t WHERE t.doc_id = d.id AND (t.topic_id = ? OR t.label = ?))",
                 [str(v), str(v)]) for v in _values(topic)])
        nums = []
        for v in _values(number):
            k = number_key(str(v))
            if not k:
                continue
            if k.endswith("号"):
                nums.append(("d.doc_number_key = ?", [k]))
            else:
                nums.append(("d.doc_number_key LIKE ? ESCAPE '\\'", [_like_prefix(k)]))
        any_of(nums)
        return where, params

    def search(self, query: str | None = "", *, issuer=None, region=None, year=None, doc_type=None,
               topic=None, number=None, limit: int = 20, offset: int = 0, facets: bool = True,
               facet_limit: int = 20, markers: tuple[str, str] | None = None,
               snippet_chars: int = SNIPPET_CHARS) -> SearchResult:
        """Ranked hits, total and facet counts for *query* within the filters.

        Filters (each also takes a list, meaning any of them): ``issuer`` (part of any issuer's
        name), ``region`` (start of the province, city or county name — 广西, 柳州 — or of the
        region code; 全国 for national bodies), ``year`` (2019 or "2018-2019"), ``doc_type``,
        ``topic`` (id or label), ``number`` (a 发文字号 in any bracket/space variant; without
        the serial, a prefix: 国发〔2019〕). With an empty query, the filtered documents come
        newest first. A query that is just a 发文字号 looks the number up first.
        """
        kw = dict(issuer=issuer, region=region, year=year, doc_type=doc_type, topic=topic, number=number,
                  limit=limit, offset=offset, facets=facets, facet_limit=facet_limit, markers=markers,
                  snippet_chars=snippet_chars)
        if self._depth:
            return self._search(query, **kw)
        self.conn.execute("BEGIN")  # one snapshot for the page, the total and the facets
        try:
            return self._search(query, **kw)
        finally:
            self.conn.execute("COMMIT")

    def _search(self, query, *, issuer, region, year, doc_type, topic, number, limit, offset, facets,
                facet_limit, markers, snippet_chars) -> SearchResult:
        t0 = time.perf_counter()
        q = normalize_query(query)
        limit = max(0, min(int(limit), 1000))
        offset = max(0, int(offset))
        filters = {k: v for k, v in dict(issuer=issuer, region=region, year=year, doc_type=doc_type, topic=topic,
                                         number=number).items() if v not in (None, "", [], ())}
        if q and number is None and _FULL_NUMBER.fullmatch(number_key(q) or ""):
            res = self._search("", issuer=issuer, region=region, year=year, doc_type=doc_type, topic=topic,
                              number=q, limit=limit, offset=offset, facets=facets, facet_limit=facet_limit,
                              markers=markers, snippet_chars=snippet_chars)
            if res.total:
                res.query, res.filters = q, filters
                res.took_ms = round((time.perf_counter() - t0) * 1000, 3)
                return res
        plan = plan_query(q) if q else QueryPlan([], None, [])
        if q and plan.expression is None:  # nothing searchable in the query (only punctuation, 的 …)
            return SearchResult(q, 0, [], {}, filters, None, round((time.perf_counter() - t0) * 1000, 3))
        c = self.conn
        w = ", ".join(repr(x) for x in self.weights) + ", 0.0"
        text = None
        if plan.expression:
            # The meta column holds only filter tokens (y2019, dt…, is…): a query token that
            # could be one is kept to the text columns (a column filter costs 10–20%).
            text = plan.expression
            if any(_META_LIKE.fullmatch(t) for t in re.findall(r'"([^"]*)"', text)):
                text = f"{{title doc_number issuer body}} : ({text})"
        # Filters go into the MATCH as tokens of the meta column when they can (FTS5 intersects
        # doclists and bm25 scores only what passes); otherwise (a 发文字号, a very wide
        # filter) they are SQL on the documents table, joined to every text match.
        meta = False if _values(number) else self._meta_filter(issuer, region, year, doc_type, topic)
        if meta == "":  # a filter value that no document has
            return SearchResult(q, 0, [], {}, filters, plan.expression, round((time.perf_counter() - t0) * 1000, 3))
        ids: str | None  # comma-separated ids of all hits; None: every document
        if meta is not False:
            match = " AND ".join(x for x in (text, meta) if x)
            src, cond, args = "fts f", "fts MATCH ?", [match]
            ids = c.execute("SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?", args).fetchone()[0] if match else None
        else:
            where, params = self._filters(issuer, region, year, doc_type, topic, number)
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
        if not total:
            page = []
        elif text:
            max_id = c.execute("SELECT max(id) FROM documents").fetchone()[0] or 0
            page = self._ranked(src, cond, args, w, limit, offset, total, max_id)
        elif ids is not None and total <= SQL_FACETS_MAX:
            page = [(r[0], 0.0) for r in c.execute(
                "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY date IS NULL, date DESC, id DESC LIMIT ? OFFSET ?", (f"[{ids}]", limit, offset))]
        else:
            cols = self._columns()
            page = [(i, 0.0) for i in cols.newest(cols.ids if ids is None else _id_array(ids), offset, limit)]
        by_id = {}
        if page:
            marks_sql = ",".join("?" * len(page))
            for row in c.execute(f"SELECT {_HIT_COLUMNS}, ct.text FROM documents d LEFT JOIN contents ct "
                                 f"ON ct.doc_id = d.id WHERE d.id IN ({marks_sql})", [i for i, _ in page]):
                by_id[row[0]] = row
        marks = tuple(markers) if markers else self.markers
        hits = []
        for doc_id, score in page:
            (_id, source, status, title, num, iss, issuers, date, dtype, prov, city, county, code, level, topics,
             text) = by_id[doc_id]
            text = _unpack(text)
            snippet = None
            if plan.highlight:
                body_has = text and re.search("|".join(map(re.escape, plan.highlight)), text, re.IGNORECASE)
                snippet = make_snippet(text if body_has or not title else title, plan.highlight, marks, snippet_chars)
            elif text:
                snippet = make_snippet(text, [], marks, snippet_chars)
            hits.append(Hit(source, title, num, iss, json.loads(issuers or "[]"), date, dtype,
                            {"province": prov, "city": city, "county": county, "code": code, "level": level},
                            json.loads(topics or "[]"), round(-score, 4) if score else 0.0, snippet, status))
        facet_counts: dict[str, dict[Any, int]] = {}
        if facets and total:
            if ids is not None and total <= SQL_FACETS_MAX:
                facet_counts = self._sql_facets(ids, facet_limit)
            else:
                cols = self._columns()
                facet_counts = cols.facets(cols.ids if ids is None else _id_array(ids), facet_limit)
        return SearchResult(q, total, hits, facet_counts, filters, plan.expression,
                            round((time.perf_counter() - t0) * 1000, 3))

    def _sql_facets(self, ids: str, limit: int) -> dict[str, dict[Any, int]]:
        """Facet counts of a small result set, straight from SQLite."""
        from collections import Counter

        arg = f"[{ids}]"
        counters = {name: Counter() for name in _Columns.NAMES}
        for row in self.conn.execute(f"SELECT {', '.join(_Columns.NAMES)} FROM documents "
                                     "WHERE id IN (SELECT value FROM json_each(?))", (arg,)):
            for name, v in zip(_Columns.NAMES, row):
                if v is not None:
                    counters[name][v] += 1
        out = {name: _top(counter, limit) for name, counter in counters.items()}
        topics: Counter = Counter()
        labels: dict[str, str] = {}
        for tid, label in self.conn.execute("SELECT topic_id, label FROM topics "
                                            "WHERE doc_id IN (SELECT value FROM json_each(?))", (arg,)):
            topics[tid] += 1
            labels.setdefault(tid, label or tid)
        out["topic"] = _top(Counter({labels[t]: n for t, n in topics.items()}), limit)
        return out

    def _vocabulary(self) -> dict[str, list[tuple[str, str]]]:
        """Every issuer, province, city, county and topic in the index: ``kind → [(value, label)]``."""
        out: dict[str, list[tuple[str, str]]] = {}
        for kind, value, label in self.conn.execute("SELECT kind, value, label FROM facet_values"):
            out.setdefault(kind, []).append((value, label))
        return out

    def _meta_filter(self, issuer, region, year, doc_type, topic) -> str | None | bool:
        """The filters as an FTS5 expression over the meta column; ``None`` without filters,
        ``""`` when a filter matches nothing, ``False`` when they must be SQL instead."""
        if not any(_values(v) for v in (issuer, region, year, doc_type, topic)):
            return None
        vocab = self._vocabulary()
        groups: list[list[str]] = []
        vals = [str(v) for v in _values(issuer)]
        if vals:
            groups.append([_mt("is", n) for n, _ in vocab.get("issuer", ()) if any(v in n for v in vals)])
        vals = [str(v).strip() for v in _values(region)]
        if vals:
            toks = []
            for v in vals:
                if v.isdigit():
                    if len(v) not in (2, 4, 6):
                        return False
                    toks.append(f"rc{v}")
                elif v.lower() in _NATIONAL:
                    toks.append(_mt("lv", "national"))
                else:
                    v = normalize_query(v)
                    for kind, name in (("pv", "province"), ("ct", "city"), ("cn", "county")):
                        toks += [_mt(kind, n) for n, _ in vocab.get(name, ()) if n.startswith(v)]
            groups.append(toks)
        vals = _values(year)
        if vals:
            toks = []
            for v in vals:
                s = str(v).strip()
                m = re.fullmatch(r"(\d{4})\s*(?:-|–|—|\.\.|~|至)\s*(\d{4})", s)
                if m:
                    lo, hi = sorted((int(m[1]), int(m[2])))
                    if hi - lo > 100:
                        return False
                    toks += [f"y{y}" for y in range(lo, hi + 1)]
                elif s.isdigit():
                    toks.append(f"y{int(s)}")
                else:
                    raise ValueError(f"year: expected 2019 or 2018-2019, got {v!r}")
            groups.append(toks)
        vals = [str(v) for v in _values(doc_type)]
        if vals:
            groups.append([_mt("dt", v) for v in vals])
        vals = [str(v) for v in _values(topic)]
        if vals:
            groups.append([_mt("tp", tid) for tid, label in vocab.get("topic", ()) if tid in vals or label in vals])
        if not groups:
            return None
        if any(not g for g in groups):
            return ""
        if any(len(g) > MAX_FILTER_TOKENS for g in groups):
            return False
        return " AND ".join("meta : (" + " OR ".join(f'"{t}"' for t in g) + ")" for g in groups)

    def _columns(self) -> "_Columns":
        """The in-memory facet columns, reloaded after any write (ours or another process's)."""
        key = (self.conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
        if self._cols is None or self._cols_key != key:
            self._cols = _Columns(self.conn)
            self._cols_key = key
        return self._cols


def _id_array(s: str | None):
    import numpy as np

    if not s:
        return np.zeros(0, dtype=np.int64)
    try:
        return np.fromstring(s, dtype=np.int64, sep=",")
    except (AttributeError, ValueError, DeprecationWarning):  # numpy without text-mode fromstring
        return np.array(s.split(","), dtype=np.int64)


class _Columns:
    """Facet columns of every searchable document as numpy arrays, for counting facets of a
    large result set in milliseconds (an SQL GROUP BY per facet costs a join per hit)."""

    NAMES = ("year", "issuer", "province", "city", "county", "doc_type")

    def __init__(self, conn: sqlite3.Connection):
        import numpy as np

        rows = conn.execute("SELECT id, year, issuer, province, city, county, doc_type, date FROM documents "
                            "WHERE status != 'error' ORDER BY id").fetchall()
        n = len(rows)
        self.ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
        self.codes: dict[str, Any] = {}
        self.values: dict[str, list] = {}
        for k, name in enumerate(self.NAMES, start=1):
            vocab: dict[Any, int] = {}
            self.codes[name] = np.fromiter((vocab.setdefault(r[k], len(vocab)) for r in rows), dtype=np.int32, count=n)
            self.values[name] = list(vocab)
        # newest first: date (YYYYMMDD, 0 if unknown) in the high bits, id in the low ones
        self.order_key = np.fromiter(((_date_int(r[7]) << 32) | r[0] for r in rows), dtype=np.int64, count=n)
        trows = conn.execute("SELECT t.doc_id, t.topic_id, t.label FROM topics t JOIN documents d ON d.id = t.doc_id "
                             "WHERE d.status != 'error' ORDER BY t.doc_id").fetchall()
        tvocab: dict[str, int] = {}
        self.topic_labels: list[str] = []
        codes = []
        for _doc, tid, label in trows:
            if tid not in tvocab:
                tvocab[tid] = len(tvocab)
                self.topic_labels.append(label or tid)
            codes.append(tvocab[tid])
        self.topic_pos = np.searchsorted(self.ids, np.fromiter((r[0] for r in trows), dtype=np.int64, count=len(trows)))
        self.topic_code = np.array(codes, dtype=np.int32)

    def _positions(self, ids):
        """Row positions of *ids* (ids that are not loaded, e.g. written since, are skipped)."""
        import numpy as np

        if not len(self.ids):
            return np.zeros(0, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        return pos[self.ids[pos] == ids]

    def newest(self, ids, offset: int, limit: int) -> list[int]:
        import numpy as np

        keys = self.order_key[self._positions(ids)]
        k = offset + limit
        if k < len(keys):
            keys = keys[np.argpartition(-keys, k)[:k]]
        keys = np.sort(keys)[::-1][offset:offset + limit]
        return [int(x) & 0xFFFFFFFF for x in keys]

    def facets(self, ids, limit: int) -> dict[str, dict[Any, int]]:
        import numpy as np

        pos = self._positions(ids)
        out: dict[str, dict[Any, int]] = {}
        for name in self.NAMES:
            counts = np.bincount(self.codes[name][pos], minlength=len(self.values[name]))
            vals = self.values[name]
            out[name] = _top({vals[i]: int(counts[i]) for i in np.flatnonzero(counts) if vals[i] is not None}, limit)
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[pos] = True
        counts = np.bincount(self.topic_code[mask[self.topic_pos]], minlength=len(self.topic_labels))
        out["topic"] = _top({self.topic_labels[i]: int(counts[i]) for i in np.flatnonzero(counts)}, limit)
        return out


def _top(counter, limit: int) -> dict[Any, int]:
    """The *limit* most frequent values, most frequent first, ties by value."""
    return {v: n for v, n in sorted(counter.items(), key=lambda p: (-p[1], str(p[0])))[:limit]}


def _date_int(date: str | None) -> int:
    if date and len(date) >= 10 and date[:4].isdigit() and date[5:7].isdigit() and date[8:10].isdigit():
        return int(date[:4]) * 10000 + int(date[5:7]) * 100 + int(date[8:10])
    return 0


def _error_record(source: str, exc: BaseException) -> dict:
    from .readers.sniff import SUFFIXES as FORMATS
    from .record import error_record

    return error_record(source, FORMATS.get(Path(source).suffix.lower()), exc)
