"""Groups of copies, news rows and filter suggestions on PostgreSQL: the cases of
tests/test_index_groups.py that take its ``built`` index run here unchanged (imported) against
the same documents in a real PostgreSQL server."""
from __future__ import annotations

import pytest

from .pgserver import PgServer, unavailable

_why = unavailable()
if _why:
    pytest.skip(_why, allow_module_level=True)

from .test_index_groups import (  # noqa: E402,F401  (skips like it when ../shared is absent)
    CORPUS, FIXTURES, SEEDS, test_cli_groups_by_default, test_copies_are_one_hit,
    test_grouping_of_filtered_listing, test_news_is_indexed_with_headline_date_region_source,
    test_unknown_filter_values_get_near_matches)


@pytest.fixture(scope="module")
def built():
    from policydoc.index import Index

    with PgServer() as pg:
        url = pg.url("groups")
        idx = Index(url)
        idx.update(sorted(CORPUS.glob("*.html")) + sorted(SEEDS.glob("*.txt")) + [FIXTURES])
        yield idx, url
        idx.close()
