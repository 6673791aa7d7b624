"""Segmenters, selected by name: ``jieba`` (default, with the domain dictionary) or ``pkuseg``.

pkuseg is optional. Its default model ships inside the ``pkuseg`` package (spacy-pkuseg would
download one at run time, which these machines cannot), but the package builds from source:
``pip install numpy cython wheel && pip install --no-build-isolation pkuseg``. Asking for it
without it installed raises MissingDependencyError with that hint.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from ..errors import MissingDependencyError
from ..lang.zh import meetings, topics

_KEEP = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9]")


@lru_cache(maxsize=1)
def _jieba():
    """The one domain tokenizer of the process (a jieba dictionary costs ~100 MB: load it once).

    Roles are tagged ``nrole`` and bodies ``norg`` for the POS tagger of the joint-meeting reader.
    """
    import jieba

    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    tk.cache_file = None
    for words in topics.CUES.values():
        for w in words:
            tk.add_word(w, freq=50000)
    tagged = [(w, "nrole") for w in meetings.ROLES] + [(w, "norg") for w in meetings.BODIES]
    for lvl, head in meetings.HEAD_TITLES.items():
        tagged += [(head, "nrole"), ("副" + head, "nrole"), ("常务副" + head, "nrole"), ("相关副" + head, "nrole"),
                   (lvl + "政府", "norg"), (lvl + "人民政府", "norg"), (lvl + "总工会", "norg"),
                   (lvl + "政府办", "norg"), (lvl + "政府办公室", "norg"), (lvl + "委", "norg")]
    for w, tag in tagged:
        tk.add_word(w, freq=200000, tag=tag)
    tk.initialize()
    return tk


def jieba_cut(text: str) -> list[str]:
    """Words of *text* (punctuation dropped).

    >>> jieba_cut("落实劳模待遇和困难职工帮扶")
    ['落实', '劳模', '待遇', '和', '困难职工', '帮扶']
    """
    return [w for w in _jieba().lcut(text) if _KEEP.search(w)]


@lru_cache(maxsize=1)
def _pkuseg():
    try:
        import pkuseg
    except ImportError as exc:
        err = MissingDependencyError("pkuseg", "pkuseg", "the pkuseg segmenter")
        err.evidence = "pip install numpy cython wheel && pip install --no-build-isolation pkuseg"
        raise err from exc
    words = sorted({w for ws in topics.CUES.values() for w in ws} | set(meetings.ROLES) | set(meetings.BODIES))
    return pkuseg.pkuseg(user_dict=words)


def pkuseg_cut(text: str) -> list[str]:
    return [w for w in _pkuseg().cut(text) if _KEEP.search(w)]


SEGMENTERS: dict[str, Callable[[str], list[str]]] = {"jieba": jieba_cut, "pkuseg": pkuseg_cut}


def get(name: str) -> Callable[[str], list[str]]:
    if name not in SEGMENTERS:
        raise ValueError(f"unknown segmenter {name!r}; choose one of {', '.join(SEGMENTERS)}")
    return SEGMENTERS[name]
