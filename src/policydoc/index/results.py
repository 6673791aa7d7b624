"""Search results: :class:`Hit` (one document) and :class:`SearchResult` (a page, total, facets)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


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
    id: int | None = None  # the row id (web links: /doc/<id>)
    kind: str = "document"  # or "news"
    news_source: str | None = None  # the paper or site of a news report
    copies: list[dict] = field(default_factory=list)  # other copies of this document (grouped search)


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[Any, int]]
    filters: dict[str, Any] = field(default_factory=dict)
    expression: str | None = None
    took_ms: float = 0.0
    notices: list[dict] = field(default_factory=list)  # unknown filter values and their near matches

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
