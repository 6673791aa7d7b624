"""A cached tokenizer dictionary, so that a search does not load all of jieba's.

Segmenting a query needs jieba's word frequencies only for the substrings of the query, yet
``jieba.Tokenizer.initialize()`` loads all 500,000 entries (0.4–1 s, the largest part of a
cold ``policydoc search``). The dictionary is therefore kept once in a per-user SQLite file
(``$XDG_CACHE_HOME/policydoc`` or ``~/.cache/policydoc``, created 0700 and used only when it
is ours and not writable by others — not jieba's shared ``/tmp/jieba.cache``), and a query
tokenizer looks words up one by one as jieba's own algorithm asks for them
(:class:`LazyFreq`). The segmentation is jieba's, with the same frequencies and total, so it is
identical to the full dictionary's (tests/test_index_lexicon.py compares them on real text).
"""
from __future__ import annotations

import importlib.util
import os
import sqlite3
import stat
from pathlib import Path

#: Bump when the file layout changes.
LAYOUT = 1


def cache_dir() -> Path | None:
    """The per-user cache folder (0700, ours, not writable by others), shared with the segmenter's."""
    from ..segmenter import cache_dir as segmenter_cache_dir

    return segmenter_cache_dir()


def _dictionary_id() -> str | None:
    """jieba's version and the size/mtime of its dictionary file, without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return None
    dic = Path(spec.origin).parent / "dict.txt"
    try:
        st = dic.stat()
    except OSError:
        return None
    return f"{LAYOUT}-{st.st_size}-{st.st_mtime_ns}"


def cache_path() -> Path | None:
    d, ident = cache_dir(), _dictionary_id()
    return d / f"jieba-dict-{ident}.sqlite3" if d and ident else None


def build_cache(freq: dict[str, int], total: int, path: Path | None = None) -> Path | None:
    """Write *freq* (jieba's ``FREQ``: words and their prefixes) to the cache file, atomically."""
    path = path or cache_path()
    if path is None:
        return None
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("CREATE TABLE freq(word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
        con.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
        con.executemany("INSERT INTO freq VALUES (?, ?)", freq.items())
        con.execute("INSERT INTO meta VALUES ('total', ?)", (str(total),))
        con.commit()
        con.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return None
    return path


class LazyFreq(dict):
    """jieba's ``FREQ`` read from the cache file entry by entry (each looked up once).

    jieba's algorithm only uses ``in``, ``[]`` and ``get`` on it.
    """

    def __init__(self, con: sqlite3.Connection):
        super().__init__()
        self._con = con
        self._missing: set[str] = set()

    def _load(self, word: str) -> bool:
        if dict.__contains__(self, word):
            return True
        if word in self._missing:
            return False
        row = self._con.execute("SELECT n FROM freq WHERE word = ?", (word,)).fetchone()
        if row is None:
            self._missing.add(word)
            return False
        dict.__setitem__(self, word, row[0])
        return True

    def __contains__(self, word) -> bool:  # type: ignore[override]
        return self._load(word)

    def __getitem__(self, word):
        if self._load(word):
            return dict.__getitem__(self, word)
        raise KeyError(word)

    def get(self, word, default=None):
        return dict.__getitem__(self, word) if self._load(word) else default


def query_tokenizer():
    """A jieba tokenizer over the cached dictionary, or ``None`` when there is no cache yet."""
    global _TOKENIZER
    if _TOKENIZER is None:
        _TOKENIZER = _open_tokenizer()
    return _TOKENIZER


_TOKENIZER = None
query_tokenizer.cache_clear = lambda: globals().update(_TOKENIZER=None)  # type: ignore[attr-defined]


def _open_tokenizer():
    path = cache_path()
    if path is None or not path.is_file():
        return None
    st = path.stat()
    if st.st_uid != os.getuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        total = int(con.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()[0])
    except (sqlite3.Error, TypeError, ValueError):
        return None
    from .tokens import import_jieba

    tk = import_jieba().Tokenizer()
    tk.FREQ, tk.total, tk.initialized = LazyFreq(con), total, True
    return tk
