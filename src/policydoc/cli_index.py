"""``policydoc index`` and ``policydoc search``: thin click commands over :class:`policydoc.index.Index`.

The main ``policydoc`` group attaches :data:`index_command` and :data:`search_command`.
Every failure becomes one readable line (``click.ClickException``) naming its cause.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from .cli_options import pdf_engine_option
from .errors import PolicydocError

#: Above this many changed files, ``index`` merges the FTS segments afterwards.
OPTIMIZE_AFTER = 1000


@contextmanager
def _readable_errors() -> Iterator[None]:
    """Library and SQLite errors → one line, no traceback."""
    try:
        yield
    except click.ClickException:
        raise
    except PolicydocError as exc:
        err = click.ClickException(str(exc))
        err.exit_code = exc.exit_code  # the exit codes of policydoc.cli (6 for the index)
        raise err from exc
    except sqlite3.Error as exc:
        err = click.ClickException(f"index database error: {exc}")
        err.exit_code = 6
        raise err from exc
    except (OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


def _year(ctx, param, values):
    for v in values:
        if not re.fullmatch(r"\d{4}(\s*-\s*\d{4})?", v.strip()):
            raise click.BadParameter(f"{v!r}: expected a year (2019) or a range (2018-2019)")
    return values


@click.command("index")
@click.argument("paths", nargs=-1, required=True, metavar="FOLDER...", type=click.Path(exists=True, path_type=Path))
@click.option("--db", "db", default="policies.db", show_default=True, type=click.Path(dir_okay=False),
              help="the index file (created if missing)")
@click.option("--rebuild", is_flag=True, help="segment every stored text again first (after a jieba upgrade)")
@click.option("--optimize", is_flag=True, help=f"merge the FTS segments afterwards (automatic above "
                                               f"{OPTIMIZE_AFTER} changed files)")
@click.option("--json", "as_json", is_flag=True, help="print the counts as JSON")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar, no error list")
@click.option("--timeout", type=float, default=120.0, show_default=True,
              help="seconds one file may take before its worker is stopped (0: no limit)")
@click.option("--max-memory", default="2G", show_default=True, help="address space of the parsing worker; 0: no limit")
@click.option("--engine", type=click.Choice(["fts5", "tantivy"]), default=None,
              help="text engine of a new index: fts5 (default) or tantivy (faster on large indexes; "
                   'pip install "policydoc[tantivy]"); another one on an existing index converts it')
@pdf_engine_option
def index_command(paths, db, rebuild, optimize, as_json, quiet, timeout, max_memory, engine):
    """Index (or bring up to date) the documents in FOLDER... (PDF, DOCX, HTML, TXT).

    New files are added, changed ones parsed again, deleted ones dropped; a file that cannot
    be read is recorded as an error and the rest go on. Files are listed by the same walker as
    ``extract`` (regular files only, links only inside the folder) and parsed in a worker under
    ``--timeout`` and ``--max-memory``.
    """
    from .cli import _bytes
    from .index import Index
    from .limits import Limits
    from .workers import BoundedParser

    failed: list[str] = []
    limits = Limits(timeout=timeout or None, max_memory=_bytes(None, None, max_memory) or None)
    with _readable_errors(), Index(db, engine=engine) as idx, BoundedParser(limits) as bounded:
        targets, skipped = _listing(paths)
        for path, reason in skipped:
            if not quiet and not as_json:
                click.echo(f"  skipped: {path}: {reason}", err=True)
        if rebuild or idx.stale:  # segmented by another tokenizer version (or converted): rebuild first
            idx.rebuild()
        show = not quiet and not as_json and sys.stderr.isatty()

        def note(done, total, path, outcome):
            if outcome == "errors":
                failed.append(path)

        if show:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            with Progress(TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          TextColumn("{task.fields[name]}"), console=Console(stderr=True), transient=True) as bar:
                task = bar.add_task("index", total=None, name="")

                def progress(done, total, path, outcome):
                    note(done, total, path, outcome)
                    bar.update(task, completed=done, total=total, name=Path(path).name[:40])

                counts = idx.update(targets, parse=bounded, progress=progress)
        else:
            counts = idx.update(targets, parse=bounded, progress=note)
        counts["skipped"] = len(skipped)
        if optimize or counts["added"] + counts["updated"] + counts["removed"] >= OPTIMIZE_AFTER:
            idx.optimize()
        stats = idx.stats()
        errors = {e["source"]: e["error"] for e in stats["errors"]}
        if as_json:
            click.echo(json.dumps({**counts, "documents": stats["documents"], "db": str(db)}, ensure_ascii=False))
            return
        click.echo(", ".join(f"{k} {v}" for k, v in counts.items()) + f" — {stats['documents']} documents in {db}")
        if failed and not quiet:
            for path in failed:
                click.echo(f"  error: {errors.get(os.path.abspath(path)) or path}", err=True)


def _listing(paths):
    """What ``Index.update`` is given — the folders, and the files named that the walker accepts — and
    ``(path, reason)`` of every path not indexed (FIFOs, devices, links out of the folder, names that
    are not UTF-8), by the one walker (:func:`policydoc.walk.walk`; the index lists folders with it too)."""
    from .index import SUFFIXES
    from .walk import display_path, valid_name, walk

    targets, skipped = [], []
    for p in paths:
        for path, skip in walk([p], suffixes=SUFFIXES, hidden=False):
            if skip is None and not valid_name(path):
                skip = "the file name is not valid UTF-8 and cannot be stored in the index"
            if skip is not None:
                skipped.append((display_path(path), skip))
            elif not os.path.isdir(p):
                targets.append(path)
        if os.path.isdir(p):
            targets.append(p)
    return targets, skipped


def _topics_line(topics: list[dict]) -> str:
    """What a hit is mainly about first (the primary topics, with their share), the rest as minor.

    >>> _topics_line([{"label": "民主管理", "share": 0.93, "primary": True}, {"label": "工会建设", "primary": False}])
    'topics: 民主管理 (93%) · minor: 工会建设'
    >>> _topics_line([{"label": "社会保障"}, {"label": "劳动就业"}])
    'topics: 社会保障, 劳动就业'
    """
    name = lambda t: t.get("label") or t.get("id")  # noqa: E731
    main = [t for t in topics if t.get("primary")]
    if not main:  # records from before topics were ranked
        return "topics: " + ", ".join(name(t) for t in topics)
    line = "topics: " + ", ".join(f"{name(t)} ({t['share']:.0%})" if t.get("share") is not None else name(t)
                                  for t in main)
    minor = [name(t) for t in topics if not t.get("primary")]
    return line + (" · minor: " + ", ".join(minor) if minor else "")


@click.command("search")
@click.argument("query", required=False, default="")
@click.option("--db", "db", default="policies.db", show_default=True, type=click.Path(dir_okay=False),
              help="the index file, made by `policydoc index`")
@click.option("--issuer", multiple=True, help="part of an issuer's name (repeat: any of them)")
@click.option("--region", multiple=True, help="province, city or county, or its start: 广西, 柳州")
@click.option("--year", multiple=True, callback=_year, help="2019 or 2018-2019")
@click.option("--type", "doc_type", multiple=True, help="文种: 通知, 意见, 批复 …")
@click.option("--topic", multiple=True, help="topic id or label (taxonomy)")
@click.option("--number", help="发文字号, any brackets/spaces: 柳北政发[2025]2号; without the serial, a prefix")
@click.option("--primary-topic", multiple=True, help="a topic the topic facet counts (primary when marked)")
@click.option("--kind", type=click.Choice(["document", "news"]), help="only 公文 or only news reports")
@click.option("--all-copies", is_flag=True, help="list every copy (PDF, HTML, TXT) as its own hit")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(0, 1000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--no-facets", is_flag=True, help="skip the facet counts")
@click.option("--json", "as_json", is_flag=True, help="the whole result as JSON (Chinese unescaped)")
def search_command(query, db, issuer, region, year, doc_type, topic, number, primary_topic, kind, all_copies, limit,
                   offset, no_facets, as_json):
    """Search the index: ranked hits with snippets, then counts by year, issuer, region, type and topic.

    An empty QUERY with filters lists the matching documents, newest first. Copies of one
    document (same text, or same 发文字号 and issuer) are one hit listing its copies.
    """
    from .index import Index

    with _readable_errors(), Index(db, create=False) as idx:
        res = idx.search(query, issuer=list(issuer), region=list(region), year=list(year),
                         doc_type=list(doc_type), topic=list(topic), number=number,
                         primary_topic=list(primary_topic), kind=kind, limit=limit, offset=offset,
                         facets=not no_facets, group=not all_copies)
    from .index.suggest import notice_text

    for n in res.notices:
        click.echo(notice_text(n), err=True)
    if as_json:
        click.echo(res.to_json(indent=2))
        return
    what = f"“{res.query}”" if res.query else "the filters"
    click.echo(f"{res.total} document{'s' if res.total != 1 else ''} match {what} ({res.took_ms:.1f} ms)")
    for rank, h in enumerate(res.hits, offset + 1):
        click.echo("")
        click.echo(f"{rank:>3}. {h.title or Path(h.source).name}")
        meta = [x for x in (h.doc_number, h.issuer or h.news_source, h.date, h.doc_type) if x]
        place = "".join(x for x in (h.region.get("province"), h.region.get("city"), h.region.get("county")) if x)
        if place:
            meta.append(place)
        if res.query:
            meta.append(f"score {h.score:.2f}")
        click.echo("     " + " · ".join(meta))
        if h.topics:
            click.echo("     " + _topics_line(h.topics))
        if h.snippet:
            click.echo("     " + h.snippet)
        click.echo("     " + h.source)
        for c in h.copies:
            click.echo("     copy: " + c["source"])
    if res.facets:
        click.echo("\nfacets")
        for name, counts in res.facets.items():
            if counts:
                click.echo(f"  {name}: " + " · ".join(f"{v} ({n})" for v, n in counts.items()))


@click.command("serve")
@click.option("--db", "db", default="policies.db", show_default=True, type=click.Path(dir_okay=False),
              help="the index file, made by `policydoc index`")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
def serve_command(db, host, port):
    """Serve the web page over the index: search with facets, document pages, overview, JSON API.

    Needs the [web] extra (pip install "policydoc[web]").
    """
    from .web import create_app

    with _readable_errors():
        app = create_app(db)
    from werkzeug.serving import run_simple

    click.echo(f"policydoc: serving {db} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    run_simple(host, port, app, threaded=True, use_reloader=False)
