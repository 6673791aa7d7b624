"""Index tokens: how text is cut into the words the full-text index stores and matches.

SQLite cannot segment Chinese, so text is stored pre-segmented: each line is cut by
:mod:`policydoc.segmenter` (rjieba or jieba, precise mode, jieba's own dictionary: the topic cue
words must not change stored tokens), and each word is followed by its parts, as jieba's ``cut_for_search`` does
(dictionary 2- and 3-grams), plus every character bigram of Han words longer than two
characters; tokens are joined by spaces and the store's own tokenizer (FTS5 ``unicode61``)
splits them again. Queries are cut the same way (:mod:`.query`).

Why the bigrams: ``cut_for_search`` emits only the parts that are dictionary words, so a
two-character string that is not one — 柳北 in 柳北区, 鹿寨 in 鹿寨县 — is never found. On the
real corpus (``benchmarks/bench_index.py --bigrams``) the bigrams find no extra occurrence of
dictionary words, but all short place names inside full ones (13 of 13 lines, against 2 of 13),
for 10% more tokens. Misses that remain cross a word boundary (民主 in 人民主体) and are
mostly not what was asked for.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain, repeat
from typing import Iterator

from .. import segmenter
from . import config

#: Version of the segmentation below (it names the segmenter engine, its release and dictionary);
#: an index built with another one must be rebuilt (``policydoc index --rebuild``).
TOKENIZER_VERSION = f"{segmenter.version('base')}+precise+search-parts+bigrams/2;tf_cap={config.TF_CAP};bag"
#: Single-character function words: neither indexed nor searched.
STOPWORDS = frozenset("的 了 和 与 及 或 在 是 等 对 为 将 把 被 由 以 于 其 之 而 并 也 都 就 从 向 按 该 此 所 着".split())

HAN = "\u4e00-\u9fff\u3400-\u4dbf"
HAN_WORD = re.compile(f"[{HAN}]+")
_WORD_RUN = re.compile(r"[^\W_]+")


def _jieba() -> segmenter.Segmenter:
    """The index's segmenter: jieba's dictionary only, so words other modules add cannot change how
    the index segments (the stored segmentation is recomputed to delete a row)."""
    return segmenter.get("base")


def import_jieba():
    """``import jieba``, quietly, and without pkg_resources: jieba 0.42 imports it (0.1–0.4 s,
    most of a cold search) only to find its own data files, and has a plain-file fallback."""
    import sys

    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _query_jieba():
    """The segmenter for query text: the index's own when this process has it loaded already
    (indexing, a server), else jieba over the cached dictionary (:mod:`.lexicon`) — the same words
    (tests/test_index_lexicon.py), without loading 500,000 entries; the cache is written the first
    time it is missing."""
    if segmenter.loaded("base"):
        return _jieba()
    from .lexicon import query_tokenizer

    tk = query_tokenizer()
    if tk is None:
        save_dictionary_cache()
        return _jieba()
    return tk


def save_dictionary_cache() -> None:
    """Write the per-user dictionary cache if it is missing (after indexing: the next search is fast)."""
    from .lexicon import build_cache, cache_path

    path = cache_path()
    if path is not None and not path.exists():
        tk = segmenter.jieba_tokenizer()
        build_cache(tk.FREQ, tk.total, path)


def _words(text: str, tk=None) -> Iterator[str]:
    """Precise-mode words of *text*, lower-cased, split into runs of letters/digits/Han."""
    for w in (tk or _jieba()).cut(text.lower()):
        yield from _runs(w)


def _runs(w: str) -> tuple[str, ...]:
    """One segmenter word as index words: itself when alphanumeric, nothing for a single other
    character (punctuation), else its runs of letters/digits/Han."""
    if w.isalnum():
        return (w,)
    return () if len(w) == 1 else tuple(_WORD_RUN.findall(w))


def _parts(word: str, bigrams: bool = True) -> tuple[str, ...]:
    """The index tokens of one word: its parts (search mode, plus bigrams), then the word."""
    return _word_parts(word, bigrams) if len(word) > 2 else (word,)


@lru_cache(maxsize=200_000)
def _word_parts(word: str, bigrams: bool) -> tuple[str, ...]:
    # words repeat far more than lines do: cached per word (a build spent a third of its time here)
    return tuple(_iter_parts(word, bigrams))


def _iter_parts(word: str, bigrams: bool) -> Iterator[str]:
    n = len(word)
    if n > 2 and HAN_WORD.fullmatch(word):
        known = _jieba().has_word
        for i in range(n - 1):
            g = word[i:i + 2]
            if bigrams or known(g):
                yield g
        if n > 3:
            for i in range(n - 2):
                g = word[i:i + 3]
                if known(g):
                    yield g
    yield word


def query_words(text: str) -> Iterator[str]:
    """:func:`_words` for query text (see :func:`_query_jieba`).

    >>> list(query_words("劳模待遇 ABC"))
    ['劳模', '待遇', 'abc']
    """
    return _words(text, _query_jieba())


def known_word(word: str) -> bool:
    """Whether jieba's dictionary has *word* (a query word it does not know is also matched by bigrams).

    >>> known_word("劳动模范"), known_word("柳北")
    (True, False)
    """
    tk = _query_jieba()
    return tk.has_word(word) if isinstance(tk, segmenter.Segmenter) else bool(tk.FREQ.get(word))


@lru_cache(maxsize=50_000)
def _line_tuple(line: str, bigrams: bool = True) -> tuple[str, ...]:
    # a line's tokens are its words' tokens: cached per word as well (lines repeat less than words)
    return tuple(chain.from_iterable(map(_word_tokens, _jieba().cut(line.lower()), repeat(bigrams))))


@lru_cache(maxsize=200_000)
def _word_tokens(w: str, bigrams: bool) -> tuple[str, ...]:
    """The index tokens of one segmenter word (already lower-cased): :func:`_runs` then :func:`_parts`."""
    return tuple(t for x in _runs(w) if x not in STOPWORDS for t in _parts(x, bigrams))


def _line_tokens(line: str, bigrams: bool = True) -> str:
    return " ".join(_line_tuple(line, bigrams))


def clear_caches() -> None:
    """Forget cached segmentations (benchmarks measure a cold build with it)."""
    _line_tuple.cache_clear()
    _word_tokens.cache_clear()


_line_tokens.cache_clear = clear_caches  # type: ignore[attr-defined]  # benchmarks clear it


def body_tokens(text: str | None, cap: int | None) -> str:
    r"""The body's index tokens as a bag: each distinct token in order of first occurrence,
    repeated as often as it occurs, at most *cap* times.

    Order is not kept because nothing reads it: every query token is matched on its own (no
    phrase, no NEAR), and bm25 needs only each token's count and the document's length, which
    the bag keeps exactly. Counting in C (``Counter`` over the cached line tuples) instead of
    walking every token in Python halves the cost of an index build.

    >>> body_tokens("工会 职工 工会 工会", 2)
    '工会 工会 职工'
    """
    if not text:
        return ""
    from collections import Counter

    # one Counter call over all the cached line tuples: counted in C
    counts = Counter(chain.from_iterable(_line_tuple(ln, True) for ln in map(str.strip, text.splitlines()) if ln))
    if cap:
        for t in [t for t, n in counts.items() if n > cap]:
            counts[t] = cap
    return " ".join(counts.elements())  # elements(): repeated in C, in order of first occurrence


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
