"""The web page over a policy index: search, document pages, an overview, JSON.

>>> from policydoc.web import create_app
>>> app = create_app("policies.db")        # doctest: +SKIP
>>> app.run(host="127.0.0.1", port=8000)   # doctest: +SKIP

The app is a thin layer over :class:`policydoc.index.Index` (Flask + Jinja, server-rendered,
no JavaScript needed: a field's span is highlighted by the server, the browser scrolls to it by
its anchor). :func:`create_app` returns a WSGI app that can be mounted in another one.
"""
from __future__ import annotations

from ..errors import require


def create_app(db, **options):
    """A Flask (WSGI) app serving the index file *db* (opened read-only per thread).

    ``options``: ``page_size`` (hits per page, default 10), ``title``.
    """
    require("flask", extra="web", purpose="policydoc serve (the web page)")
    from .app import build_app

    return build_app(db, **options)


__all__ = ["create_app"]
