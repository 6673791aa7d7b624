"""Tuning constants of the index, in one place.

Code reads them as ``config.NAME`` at call time, so ``policydoc.index.NAME = …`` (the package
forwards these names here) and a test's monkeypatch take effect without reloading anything.
"""
from __future__ import annotations

#: Version of the stored layout; an index of another version must be rebuilt.
SCHEMA_VERSION = 2
#: FTS5 ``detail`` option (see benchmarks/README-index.md for the measurement behind it).
FTS_DETAIL = "full"
#: At most this many occurrences of a token per document body go into the text index (None: all).
#: bm25's term frequency saturates (k1 = 1.2: the 8th occurrence already gives 87% of the
#: weight of the 30th), and every stored occurrence costs time when bm25 scores a match:
#: measured at 100,000 documents, 15–25% faster broad queries and a 10% smaller FTS table.
TF_CAP: int | None = 8
#: File types that :meth:`Index.update` picks up when it walks a folder.
SUFFIXES = frozenset({".pdf", ".docx", ".html", ".htm", ".txt"})
#: bm25 weights of the text columns: title, doc_number, issuer, body.
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
#: A query longer than this is cut (the rest cannot change a 20-term AND anyway).
MAX_QUERY_CHARS = 1000
#: At most this many query terms are used; further ones are dropped.
MAX_TERMS = 24
DEFAULT_MARKERS = ("【", "】")
SNIPPET_CHARS = 120
#: Snippets are looked for in this many characters from the start of a text (bounded work per hit:
#: only this much is decompressed and scanned; a 公文's purpose and main terms come first).
SNIPPET_SCAN_CHARS = 2000

#: The names above: setting one on the ``policydoc.index`` package sets it here.
KNOBS = frozenset(n for n in dir() if n.isupper() and n != "KNOBS")
