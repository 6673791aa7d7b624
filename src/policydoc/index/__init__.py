"""The searchable policy index, one module per concern.

=================  ===================================================================
:mod:`.config`     tuning constants (settable here: ``policydoc.index.SQL_FACETS_MAX = 0``)
:mod:`.tokens`     how text is cut into index tokens (jieba + parts + bigrams)
:mod:`.synonyms`   query synonyms (劳模 ↔ 劳动模范)
:mod:`.query`      query planning: normalise, terms, token tree, filters, search plan
:mod:`.snippets`   the marked text window under a hit
:mod:`.results`    :class:`Hit`, :class:`SearchResult`
:mod:`.facets`     facet counting (SQL rows or in-memory numpy columns)
:mod:`.storage`    the storage interface every back end implements
:mod:`.sqlite`     the SQLite/FTS5 back end (:mod:`.sqlite_filters`: its filters)
:mod:`.files`      source files: walking, keys, digests
:mod:`.core`       :class:`Index`, which ties them together
=================  ===================================================================

>>> from policydoc.index import Index
>>> with Index(":memory:") as idx:  # doctest: +SKIP
...     idx.update(["../shared/corpus/docs"])
...     res = idx.search("联席会议", region="广西")
"""
from __future__ import annotations

import sys
import types

from . import config
from .config import (DEFAULT_MARKERS, FIELD_WEIGHTS, FTS_DETAIL, MAX_FILTER_TOKENS, MAX_QUERY_CHARS, MAX_TERMS,
                     PARALLEL_RANK_MIN, SCHEMA_VERSION, SNIPPET_CHARS, SQL_FACETS_MAX, SUFFIXES, TF_CAP)
from .core import Index
from .facets import FacetColumns
from .query import Filters, QueryPlan, SearchPlan, normalize_query, number_key, plan_query
from .results import Hit, SearchResult
from .snippets import make_snippet
from .sqlite import SQLiteStorage, _mt
from .storage import DocumentRow, IndexFileError, Page, Storage, StoredHit, open_storage
from .synonyms import synonyms
from .tokens import STOPWORDS, TOKENIZER_VERSION, _jieba, _line_tokens, index_tokens

__all__ = ["Index", "IndexFileError", "SearchResult", "Hit", "QueryPlan", "SearchPlan", "Filters", "Storage",
           "SQLiteStorage", "DocumentRow", "StoredHit", "Page", "FacetColumns", "open_storage", "index_tokens",
           "make_snippet", "normalize_query", "number_key", "plan_query", "synonyms", "STOPWORDS",
           "TOKENIZER_VERSION", *sorted(config.KNOBS)]


class _Package(types.ModuleType):
    """Setting a tuning constant on the package sets it in :mod:`.config`, where code reads it."""

    def __setattr__(self, name: str, value) -> None:
        if name in config.KNOBS:
            setattr(config, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
