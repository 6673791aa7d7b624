"""The topic taxonomy (a copy of shared/taxonomy.yaml as data/taxonomy.json)."""
from __future__ import annotations

import json
from functools import lru_cache

from ..lang.zh import data_text


@lru_cache(maxsize=1)
def topics() -> list[dict]:
    """``[{"id", "label", "means"}]`` in taxonomy order.

    >>> [t["label"] for t in topics()][:3]
    ['工资收入', '社会保障', '劳动就业']
    """
    return json.loads(data_text("taxonomy.json"))["topics"]


def labels() -> dict[str, str]:
    return {t["id"]: t["label"] for t in topics()}


def ids() -> list[str]:
    return [t["id"] for t in topics()]
