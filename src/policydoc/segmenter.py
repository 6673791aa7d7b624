"""Chinese word segmentation for the whole library: topics, joint-meeting roles and the index.

Two engines share jieba's dictionary and rules: ``rjieba`` (jieba-rs, Rust, about 10× faster;
its dictionary is compiled in, so nothing is read from disk) and ``jieba`` (pure Python, the
reference the topic model was trained with). Two dictionaries:

``domain``
    jieba's dictionary plus our words: topic cue words (:mod:`policydoc.lang.zh.topics`) and the
    roles and bodies of joint meetings (:mod:`policydoc.lang.zh.meetings`, tagged ``nrole`` /
    ``norg``). Used by the topic classifier and the joint-meeting reader.
``base``
    jieba's dictionary alone. Used by the search index, whose stored tokens must not change when a
    topic cue is added (an index records :func:`index_version` and is rebuilt when it changes).

jieba keeps a marshal cache of its dictionary; by default in the shared temp folder, where another
user could plant one. Here it lives in a per-user folder created mode 0700 and checked to be ours
and not writable by others (:func:`cache_dir`); if no such folder can be had, jieba builds its
dictionary in memory without any cache.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

from .errors import MissingDependencyError

ENGINES = ("rjieba", "jieba")
DICTIONARIES = ("domain", "base")
#: Overrides the default engine (``rjieba`` when installed, else ``jieba``).
ENGINE_ENV = "POLICYDOC_SEGMENTER"
#: Per-user folder for jieba's dictionary cache (default ``$XDG_CACHE_HOME/policydoc`` or ``~/.cache/policydoc``).
CACHE_ENV = "POLICYDOC_CACHE_DIR"
#: jieba's HMM stage splits a run of non-Han characters it does not know at this pattern
#: (``jieba.finalseg.re_skip``): "2017-2020" → 2017 - 2020, "4.5cm" → 4.5 cm; jieba-rs keeps the run whole.
_JIEBA_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_GLUE = re.compile(r"[+#&._%-]")  # the non-alphanumeric characters jieba-rs may keep inside such a run
CUE_FREQ = 50_000
ROLE_FREQ = 200_000


def default_engine() -> str:
    name = os.environ.get(ENGINE_ENV)
    if name:
        if name not in ENGINES:
            raise ValueError(f"unknown segmenter engine {name!r} in ${ENGINE_ENV}; choose one of {', '.join(ENGINES)}")
        return name
    return "rjieba" if _has_rjieba() else "jieba"


@lru_cache(maxsize=None)
def _has_rjieba() -> bool:
    # find_spec, not import: importing rjieba builds its default dictionary (0.15 s of CPU), which
    # a search that only reads the index version must not pay. Cached: the index asks once a line.
    import importlib.util

    return importlib.util.find_spec("rjieba") is not None


def domain_words() -> list[tuple[str, int, str | None]]:
    """(word, frequency, tag) added to the ``domain`` dictionary, in the order they are added.

    >>> ("困难职工", 50000, None) in domain_words()
    True
    """
    from .lang.zh import meetings, topics

    out: list[tuple[str, int, str | None]] = []
    for words in topics.CUES.values():
        out += [(w, CUE_FREQ, None) for w in words]
    tagged = [(w, "nrole") for w in meetings.ROLES] + [(w, "norg") for w in meetings.BODIES]
    for lvl, head in meetings.HEAD_TITLES.items():
        tagged += [(head, "nrole"), ("副" + head, "nrole"), ("常务副" + head, "nrole"), ("相关副" + head, "nrole"),
                   (lvl + "政府", "norg"), (lvl + "人民政府", "norg"), (lvl + "总工会", "norg"),
                   (lvl + "政府办", "norg"), (lvl + "政府办公室", "norg"), (lvl + "委", "norg")]
    out += [(w, ROLE_FREQ, tag) for w, tag in tagged]
    return out


def cache_dir() -> Path | None:
    """A folder only this user can write, for jieba's dictionary cache; ``None`` if there is none.

    Created with mode 0700. An existing folder is used only if it is owned by this user and not
    writable by group or others (a folder someone else prepared could hold a planted cache).
    """
    base = os.environ.get(CACHE_ENV)
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        home = Path(xdg) if xdg else Path.home() / ".cache"
        path = home / "policydoc"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
        return None
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return path


class Segmenter:
    """One engine with one dictionary: :meth:`cut` gives words, :meth:`has_word` and :meth:`tag` look words up.

    >>> get("domain").cut("落实劳模待遇和困难职工帮扶")
    ['落实', '劳模', '待遇', '和', '困难职工', '帮扶']
    """

    def __init__(self, engine: str, dictionary: str):
        if engine not in ENGINES:
            raise ValueError(f"unknown segmenter engine {engine!r}; choose one of {', '.join(ENGINES)}")
        if dictionary not in DICTIONARIES:
            raise ValueError(f"unknown dictionary {dictionary!r}; choose one of {', '.join(DICTIONARIES)}")
        self.engine, self.dictionary = engine, dictionary
        words = domain_words() if dictionary == "domain" else []
        self.tags = {w: t for w, _, t in words if t}
        if engine == "rjieba":
            try:
                import rjieba
            except ImportError as exc:
                raise MissingDependencyError("rjieba", "rjieba", "the rjieba segmenter") from exc
            tk = rjieba.Jieba()
            for w, freq, tag in words:
                tk.add_word(w, freq, tag)
            cut = tk.cut
            self._cut = lambda text, hmm: (_as_jieba(cut(text, True), tk.has_word) if hmm and _GLUE.search(text)
                                           else cut(text, hmm))
            self._has = tk.has_word
        else:
            tk = _jieba_tokenizer()
            for w, freq, tag in words:
                tk.add_word(w, freq=freq, tag=tag)
            self._cut = lambda text, hmm: tk.lcut(text, HMM=hmm)
            freq_table = tk.FREQ
            self._has = lambda w: bool(freq_table.get(w))
        self._tk = tk
        self.version = version(dictionary, engine)

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        """Words of *text* in precise mode (HMM guesses unknown words unless *hmm* is false)."""
        return self._cut(text, hmm)

    def has_word(self, word: str) -> bool:
        """Whether *word* is a dictionary word (jieba's or ours)."""
        return self._has(word)

    def tag(self, word: str) -> str | None:
        """Our tag of *word* (``nrole``, ``norg``) or ``None``."""
        return self.tags.get(word)


def _as_jieba(words: list[str], known) -> list[str]:
    """rjieba's HMM words, with unknown non-Han runs split the way jieba splits them."""
    out: list[str] = []
    for w in words:
        if len(w) > 1 and w.isascii() and not w.isalnum() and not known(w):
            out += [x for x in _JIEBA_SKIP.split(w) if x]
        else:
            out.append(w)
    return out


def version(dictionary: str = "domain", engine: str | None = None) -> str:
    """Changes whenever the words can change: engine, its release, our dictionary (without loading any).

    >>> version("base", "jieba")
    'jieba-0.42.1/base-da39a3ee5e6b'
    """
    engine = engine or default_engine()
    words = domain_words() if dictionary == "domain" else []
    digest = hashlib.sha1("\n".join(f"{w}\t{f}\t{t or ''}" for w, f, t in words).encode()).hexdigest()[:12]
    return f"{engine}-{_engine_version(engine)}/{dictionary}-{digest}"


def _engine_version(engine: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(engine)
    except PackageNotFoundError:
        return "?"


def _jieba_tokenizer():
    """A private jieba Tokenizer whose dictionary cache lives in :func:`cache_dir` (or nowhere)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    folder = cache_dir()
    if folder is None:
        # jieba always reads a cache from tmp_dir when one is there: point it at a fresh private folder
        tk.tmp_dir = tempfile.mkdtemp(prefix="policydoc-jieba-")
    else:
        tk.tmp_dir = str(folder)
    tk.cache_file = "jieba.cache"
    tk.initialize()
    return tk


@lru_cache(maxsize=None)
def _get(dictionary: str, engine: str) -> Segmenter:
    seg = Segmenter(engine, dictionary)
    _BUILT.add((dictionary, engine))
    return seg


def jieba_tokenizer():
    """jieba's own Tokenizer with its dictionary (its word frequencies feed the index's query cache)."""
    return _jieba_tokenizer()


def loaded(dictionary: str = "domain", engine: str | None = None) -> bool:
    """Whether this process has built the segmenter for *dictionary* already (nothing is loaded)."""
    return (dictionary, engine or default_engine()) in _BUILT


#: (dictionary, engine) of the segmenters this process has built (lru_cache keeps no key list).
_BUILT: set[tuple[str, str]] = set()


def get(dictionary: str = "domain", engine: str | None = None) -> Segmenter:
    """The process's segmenter for *dictionary* (built once: a jieba dictionary costs ~100 MB).

    >>> get("base").cut("劳动模范")
    ['劳动模范']
    """
    return _get(dictionary, engine or default_engine())
