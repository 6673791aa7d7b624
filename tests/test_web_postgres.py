"""The web page (``policydoc serve --db postgresql://…``) on a real PostgreSQL server: every case
of tests/test_web.py runs here unchanged (imported below) against an index of the same documents
in PostgreSQL (tests/pgserver.py starts the server)."""
from __future__ import annotations

import pytest

from .pgserver import PgServer, unavailable

_why = unavailable()
if _why:
    pytest.skip(_why, allow_module_level=True)
pytest.importorskip("flask", reason='the web page needs the [web] extra: pip install "policydoc[web]"')

from . import test_web as base  # noqa: E402  (skips like it when ../shared is absent)
from .test_web import *  # noqa: E402,F401,F403  the same cases, on PostgreSQL
from .web_fixtures import build_index  # noqa: E402


@pytest.fixture(scope="module")
def client():  # noqa: F811  replaces test_web's SQLite-backed client
    from policydoc.web import create_app

    with PgServer() as pg:
        url = pg.url("web")
        build_index(url)
        app = create_app(url)
        app.testing = True
        yield app.test_client()


def test_cases_are_test_webs_own():
    assert base.test_paging.__module__ == "tests.test_web"
