"""Chinese language data for policydoc: tables, kept apart from the code that uses them."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

HAN = "\u4e00-\u9fff\u3400-\u4dbf"
HAN_RE = re.compile(f"[{HAN}]")


@lru_cache(maxsize=None)
def data_text(name: str) -> str:
    """Text of a file shipped in ``policydoc/data``."""
    return resources.files("policydoc").joinpath("data").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """The 4,500 most frequent Han characters (see tools/build_common_chars.py)."""
    return frozenset("".join(ln for ln in data_text("common_chars.txt").splitlines() if not ln.startswith("#")))
