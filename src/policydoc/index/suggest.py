"""Unknown filter values: say so, and list the values in the index that come nearest.

``--region 火星`` used to return nothing without a word; now the result carries a notice
``{"filter": "region", "value": "火星", "near": [...]}`` and the CLI and the web page show it.
"""
from __future__ import annotations

import difflib
from typing import Iterable

from .query import Filters

KINDS = ("province", "city", "county", "topic", "doc_type")


def _near(value: str, candidates: Iterable[str], n: int = 5) -> list[str]:
    """Candidates sharing the most with *value*: containing it or contained in it first, then
    by difflib similarity (Chinese names are short: a shared character counts)."""
    cands = sorted({c for c in candidates if c})
    inside = [c for c in cands if value in c or c in value]
    close = difflib.get_close_matches(value, cands, n=n, cutoff=0.34)
    shared = sorted((c for c in cands if set(c) & set(value) - set("省市区县自治州盟旗")),
                    key=lambda c: -len(set(c) & set(value)))
    return list(dict.fromkeys(inside + close + shared))[:n]


def unknown_filter_values(f: Filters, vocabulary: dict[str, list[tuple[str, str]]]) -> list[dict]:
    """Notices for region names, 文种 and topics that no document in the index has.

    >>> vocab = {"province": [("广西壮族自治区", "广西壮族自治区"), ("西藏自治区", "西藏自治区")],
    ...          "doc_type": [("通知", "通知"), ("通报", "通报")], "topic": [("wages", "工资收入")]}
    >>> [(n["filter"], n["value"], n["near"]) for n in unknown_filter_values(
    ...     Filters.parse(region=["火星", "西藏"], doc_type="通告", topic="工资"), vocab)]
    [('region', '火星', []), ('doc_type', '通告', ['通知', '通报']), ('topic', '工资', ['工资收入'])]
    """
    out = []
    regions = [v for kind in ("province", "city", "county") for v, _ in vocabulary.get(kind, ())]
    for kind, v in f.regions:
        if kind == "name" and not any(r.startswith(v) for r in regions):
            out.append({"filter": "region", "value": v, "near": _near(v, regions)})
    types = [v for v, _ in vocabulary.get("doc_type", ())]
    for v in f.doc_types:
        if v not in types:
            out.append({"filter": "doc_type", "value": v, "near": _near(v, types)})
    topics = {name for tid, label in vocabulary.get("topic", ()) for name in (tid, label)}
    for name, vals in (("topic", f.topics), ("primary_topic", f.primary_topics)):
        for v in vals:
            if v not in topics:
                labels = [label for _, label in vocabulary.get("topic", ())]
                out.append({"filter": name, "value": v, "near": _near(v, labels)})
    return out


def notice_text(n: dict) -> str:
    """One line for a notice.

    >>> notice_text({"filter": "region", "value": "火星", "near": []})
    'region 火星: no document in the index has it'
    >>> notice_text({"filter": "doc_type", "value": "通告", "near": ["通知", "通报"]})
    'doc_type 通告: no document in the index has it; near: 通知, 通报'
    """
    s = f"{n['filter']} {n['value']}: no document in the index has it"
    return s + ("; near: " + ", ".join(n["near"]) if n["near"] else "")
