"""Shared paths. Real documents come from ../shared (beside the repo) and tests/fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
LOCAL_DOCS = ROOT / "corpora" / "documents"


def need_shared() -> None:
    if not SEEDS.exists() or not CORPUS.exists():
        pytest.skip("../shared (seeds and corpus) is not beside the repository")


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    need_shared()
    return {p.name.split("_")[0]: p for p in sorted(SEEDS.glob("*.txt"))}
