"""Query planning, shared by every storage back end.

A user query is normalised (NFKC, simplified script, length cap), cut into terms the way the
index cuts text (:mod:`.tokens`), each term expanded by its synonyms (:mod:`.synonyms`), and
turned into a small boolean tree of index tokens (:class:`QueryPlan`). A back end renders the
tree in its own syntax — FTS5 here (:func:`render_fts5`), ``tsquery`` for PostgreSQL — so the
planning is never copied. Filters are parsed once into :class:`Filters`; a search is a
:class:`SearchPlan` that a :class:`~policydoc.index.storage.Storage` executes.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Union

from . import config
from .synonyms import synonym_table
from .tokens import HAN, HAN_WORD, STOPWORDS, known_word, query_words

#: A query tree node: ``("tok", "工会")``, ``("and", (node, …))`` or ``("or", (node, …))``.
Node = tuple
_NATIONAL = frozenset({"national", "全国", "国家", "中央"})


def normalize_query(query: str | None) -> str:
    """NFKC, simplified script, cut to :data:`~policydoc.index.config.MAX_QUERY_CHARS`.

    >>> normalize_query("  勞模　ＡＢＣ ")
    '劳模 ABC'
    """
    if not query:
        return ""
    n = config.MAX_QUERY_CHARS
    q = unicodedata.normalize("NFKC", str(query)[: n * 2])[:n]
    if any(ord(c) > 0x2E80 for c in q):
        q = _to_simplified(q)
    return q.strip()


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    """OpenCC t2s, as :func:`policydoc.normalize.script.to_simplified` converts documents — called
    directly so that a search does not import the normalisation package (readers, patterns)."""
    return _t2s().convert(text)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def render_fts5(node: Node | None, top: bool = True) -> str | None:
    """An FTS5 MATCH expression for a query tree (every token quoted: FTS5 syntax in user
    input is text).

    >>> render_fts5(("and", (("tok", "工会"), ("or", (("tok", "劳模"), ("tok", "劳动模范"))))))
    '"工会" AND ("劳模" OR "劳动模范")'
    """
    if node is None:
        return None
    kind, arg = node
    if kind == "tok":
        return _quote(arg)
    s = f" {kind.upper()} ".join(render_fts5(n, False) for n in arg)
    return s if top or len(arg) == 1 else f"({s})"


@dataclass
class QueryPlan:
    """A user query turned into index tokens: a boolean tree and its FTS5 rendering."""

    terms: list[list[str]]  # per term: the surface forms (term itself first, then synonyms)
    expression: str | None  # FTS5 rendering of ``tree``
    highlight: list[str]  # strings to mark in snippets, longest first
    tree: Node | None = None


def _form_tokens(form: str) -> list[str]:
    """The index tokens a query form must all match: its jieba words, less stopwords."""
    return [w for w in query_words(form) if w not in STOPWORDS]


def _token_node(tok: str) -> Node:
    """A token, or for a Han word jieba does not know, also all of its bigrams."""
    if len(tok) > 2 and HAN_WORD.fullmatch(tok) and not known_word(tok):
        grams = tuple(("tok", tok[i:i + 2]) for i in range(len(tok) - 1))
        return ("or", (("tok", tok), ("and", grams)))
    return ("tok", tok)


def plan_query(query: str) -> QueryPlan:
    """Terms, token tree, FTS5 expression and highlight words of a (normalised) query.

    Each term becomes ``(term OR synonym …)``; terms are ANDed; every token is quoted, so
    FTS5 syntax in the input (``"``, ``*``, ``:``, ``^``, parentheses, AND/OR/NOT/NEAR) is text.

    >>> plan_query("劳模 工会").expression
    '("劳模" OR "劳动模范") AND "工会"'
    >>> plan_query('NOT "a* (b:c)').expression
    '"not" AND "a" AND "b" AND "c"'
    >>> plan_query("进城务工人员 提高校园安全").terms[0]
    ['进城务工人员', '农民工']
    """
    table = synonym_table()
    units: list[str] = []
    for chunk in query.split():
        words = list(query_words(chunk))
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
        terms = [t for t in terms if not (len(t[0]) == 1 and HAN_WORD.fullmatch(t[0]))] or terms
    terms = terms[:config.MAX_TERMS]
    groups: list[Node] = []
    highlight: set[str] = set()
    for forms in terms:
        alts: list[Node] = []
        for form in forms:
            toks = _form_tokens(form) or [form]
            alt = ("and", tuple(_token_node(t) for t in toks))
            if alt not in alts:
                alts.append(alt)
            highlight.add(form)
            highlight.update(t for t in toks if len(t) > 1)
        groups.append(("or", tuple(alts)))
    tree = ("and", tuple(groups)) if groups else None
    return QueryPlan(terms, render_fts5(tree), sorted(highlight, key=len, reverse=True), tree)


# ---------------------------------------------------------------------------------------
# document numbers
# ---------------------------------------------------------------------------------------
_BRACKETS = str.maketrans({**{c: "〔" for c in "[［(（【〖{｛"}, **{c: "〕" for c in "]］)）】〗}｝"}, "號": "号"})
FULL_NUMBER = re.compile(rf"[{HAN}A-Za-z]{{1,20}}〔\d{{4}}〕\d{{1,6}}号")


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
        s = _to_simplified(s)
    return s or None


# ---------------------------------------------------------------------------------------
# filters
# ---------------------------------------------------------------------------------------
def values(v: Any) -> list:
    """A filter argument as a list (``None`` → ``[]``, one value → ``[value]``)."""
    if v is None:
        return []
    if isinstance(v, (str, int)):
        return [v]
    return [x for x in v if x is not None and x != ""]


_YEAR_RANGE = re.compile(r"(\d{4})\s*(?:-|–|—|\.\.|~|至)\s*(\d{4})")


@dataclass
class Filters:
    """Parsed search filters; within a kind any value may match, kinds are ANDed.

    >>> Filters.parse(region=["广西", "4502", "全国"], year="2019-2018").regions
    [('name', '广西'), ('code', '4502'), ('national', '')]
    >>> Filters.parse(year="2019-2018").years, Filters.parse(number="国发[2019]").numbers
    ([(2018, 2019)], [('国发〔2019〕', False)])
    """

    issuers: list[str] = field(default_factory=list)  # part of any issuer's name
    regions: list[tuple[str, str]] = field(default_factory=list)  # ("name"|"code"|"national", value)
    years: list[tuple[int, int]] = field(default_factory=list)  # inclusive ranges
    doc_types: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # id or label
    numbers: list[tuple[str, bool]] = field(default_factory=list)  # (number key, exact: else a prefix)
    primary_topics: list[str] = field(default_factory=list)  # id or label of a primary topic
    kinds: list[str] = field(default_factory=list)  # "document" or "news"

    @classmethod
    def parse(cls, issuer=None, region=None, year=None, doc_type=None, topic=None, number=None,
              primary_topic=None, kind=None) -> "Filters":
        f = cls()
        f.issuers = [str(v) for v in values(issuer)]
        for v in values(region):
            v = str(v).strip()
            if v.isdigit():
                f.regions.append(("code", v))
            elif v.lower() in _NATIONAL:
                f.regions.append(("national", ""))
            else:
                f.regions.append(("name", normalize_query(v)))
        for v in values(year):
            s = str(v).strip()
            m = _YEAR_RANGE.fullmatch(s)
            if m:
                lo, hi = sorted((int(m[1]), int(m[2])))
                f.years.append((lo, hi))
            elif s.isdigit() and len(s) <= 6:
                f.years.append((int(s), int(s)))
            else:
                raise ValueError(f"year: expected 2019 or 2018-2019, got {v!r}")
        f.doc_types = [str(v) for v in values(doc_type)]
        f.topics = [str(v) for v in values(topic)]
        f.primary_topics = [str(v) for v in values(primary_topic)]
        for v in values(kind):
            if str(v) not in ("document", "news"):
                raise ValueError(f"kind: expected document or news, got {v!r}")
            f.kinds.append(str(v))
        for v in values(number):
            k = number_key(str(v))
            if k:
                f.numbers.append((k, k.endswith("号")))
        return f

    def __bool__(self) -> bool:
        return any((self.issuers, self.regions, self.years, self.doc_types, self.topics, self.numbers,
                    self.primary_topics, self.kinds))


@dataclass
class SearchPlan:
    """One search as a back end executes it: the planned query, the filters and the page wanted."""

    query: str  # normalised
    plan: QueryPlan
    filters: Filters
    limit: int = 20
    offset: int = 0
    weights: tuple[float, ...] = config.FIELD_WEIGHTS  # title, doc_number, issuer, body
    group: bool = False  # one hit per group of copies (the best-ranked copy), totals count groups

    @property
    def text(self) -> Union[str, None]:
        """The FTS5 expression of the text query (``None``: no text, filters only)."""
        return self.plan.expression
