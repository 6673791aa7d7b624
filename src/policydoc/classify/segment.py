"""Segmenters, selected by name: ``jieba`` (default, with the domain dictionary) or ``pkuseg``.

``jieba`` is :mod:`policydoc.segmenter` (rjieba or jieba, ``$POLICYDOC_SEGMENTER``), the one
tokenizer of the library.

pkuseg is optional. Its default model ships inside the ``pkuseg`` package (spacy-pkuseg would
download one at run time, which these machines cannot), but the package builds from source:
``pip install numpy cython wheel && pip install --no-build-isolation pkuseg``. Asking for it
without it installed raises MissingDependencyError with that hint.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from .. import segmenter
from ..errors import MissingDependencyError
from ..lang.zh import meetings, topics

_KEEP = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9]")


def jieba_cut(text: str) -> list[str]:
    """Words of *text* (punctuation dropped), by :mod:`policydoc.segmenter` with the domain dictionary.

    The engine is rjieba when installed (jieba-rs: the same dictionary and rules; on the 10,388
    corpus segments its words equal jieba's in all but one), else jieba.

    >>> jieba_cut("落实劳模待遇和困难职工帮扶")
    ['落实', '劳模', '待遇', '和', '困难职工', '帮扶']
    """
    return [w for w in segmenter.get("domain").cut(text) if _KEEP.search(w)]


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
