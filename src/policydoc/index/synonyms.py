"""Query synonyms: both directions of :data:`policydoc.lang.zh.synonyms.ABBREVIATIONS` (劳模 ↔ 劳动模范)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, ...]]:
    """Both directions of :data:`policydoc.lang.zh.synonyms.ABBREVIATIONS`."""
    from ..lang.zh.synonyms import ABBREVIATIONS

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


def synonym_table() -> dict[str, tuple[str, ...]]:
    """Every form → the forms it expands to (cached)."""
    return _synonyms()


def synonyms(term: str) -> tuple[str, ...]:
    """The forms a query term expands to (besides itself).

    >>> synonyms("劳模"), synonyms("劳动模范")
    (('劳动模范',), ('劳模',))
    """
    return _synonyms().get(term, ())
