"""The index on a real PostgreSQL server (tests/pgserver.py: initdb + pg_ctl on 127.0.0.1).

The search cases of tests/test_index.py run here unchanged against the PostgreSQL back end
(imported below: the ``built`` fixture of this module gives them a PostgreSQL index of the same
documents), and both back ends are compared hit by hit on the same queries and filters.
"""
from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import pytest

from .pgserver import PgServer, unavailable

_why = unavailable()
if _why:
    pytest.skip(_why, allow_module_level=True)

from policydoc.index import Index, IndexFileError  # noqa: E402

from . import test_index as base  # noqa: E402  (skips like it when ../shared is absent)
from .test_index import (  # noqa: E402,F401  the shared search cases, run here on PostgreSQL
    CORPUS, FIXTURES, FILTERS, S003, SEED, folder, names, test_build_counts_and_error_rows,
    test_empty_query_lists_newest_first, test_facets_count_the_filtered_set, test_field_weights_rank_title_matches_first,
    test_filter_tokens_are_not_searchable_text, test_fts_syntax_never_raises, test_joint_meeting_query,
    test_number_lookup_tolerates_variants, test_record_is_stored, test_region_filter, test_synonym_finds_full_form,
    test_two_character_queries_inside_longer_words, test_type_and_issuer_filters, test_very_long_query,
    test_year_filter)

DOCS = sorted(CORPUS.glob("*.html")) + [SEED, FIXTURES]
QUERIES = ["联席会议", "劳模", "工会 政府", "柳北", "职业教育", "社会保障", "国务院 通知", "工作", "意见", "农民工 工资",
           "教育 改革", "联席会议 制度", "劳动 关系", "2019", "政府"]


@pytest.fixture(scope="module")
def pg():
    with PgServer() as server:
        yield server


@pytest.fixture(scope="module")
def built(pg):
    idx = Index(pg.url("built"))
    with pytest.MonkeyPatch.context() as mp:  # as in test_index: scanned.pdf is an error row
        mp.setenv("POLICYDOC_OCR", "never")
        counts = idx.update(DOCS)
    yield idx, counts, pg.url("built")
    idx.close()


@pytest.fixture(scope="module")
def sqlite_built(tmp_path_factory):
    idx = Index(tmp_path_factory.mktemp("sq") / "p.db")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLICYDOC_OCR", "never")
        idx.update(DOCS)
    yield idx
    idx.close()


def _hits(res) -> list[tuple[str, float]]:
    return [(Path(h.source).name, h.score) for h in res.hits]


@pytest.mark.parametrize("query", QUERIES)
def test_same_top_hits_as_sqlite(built, sqlite_built, query):
    pg_idx = built[0]
    for filters in [{}, *FILTERS[:8]]:
        a = pg_idx.search(query, limit=10, **filters)
        b = sqlite_built.search(query, limit=10, **filters)
        assert a.total == b.total, (query, filters)
        assert [n for n, _ in _hits(a)] == [n for n, _ in _hits(b)], (query, filters)
        # the same bm25: scores agree to the 4 decimals both back ends round to (±1 for float order)
        assert all(abs(x - y) <= 2e-4 for (_, x), (_, y) in zip(_hits(a), _hits(b))), (query, filters)
        assert a.facets == b.facets, (query, filters)
        assert [h.snippet for h in a.hits] == [h.snippet for h in b.hits]


@pytest.mark.parametrize("query", ["", "工作", "联席会议"])
def test_every_filter_agrees_with_sqlite(built, sqlite_built, query):
    for f in FILTERS:
        a, b = built[0].search(query, limit=100, **f), sqlite_built.search(query, limit=100, **f)
        assert [h.source for h in a.hits] == [h.source for h in b.hits], f
        assert a.total == b.total and a.facets == b.facets, f


def test_broad_query_pool_ranks_like_exact(built, monkeypatch):
    """Past PG_RANK_EXACT_MAX matches ts_rank picks the pool bm25 orders; with a pool as large as
    the result set the order is the exact one."""
    idx = built[0]
    exact = [idx.search(q, limit=20) for q in ("工作", "政府 工作", "国务院")]
    monkeypatch.setattr("policydoc.index.config.PG_RANK_EXACT_MAX", 0, raising=False)
    for res in exact:
        again = idx.search(res.query, limit=20)
        assert _hits(again) == _hits(res)
    monkeypatch.setattr("policydoc.index.config.PG_RANK_POOL", 3, raising=False)
    pooled = idx.search("工作", limit=20)
    assert len(pooled.hits) == 3 and pooled.total == exact[0].total


def test_tokens_and_vector_match_sqlite(built, sqlite_built):
    """The stored vector holds exactly the FTS5 tokens (the same index_tokens), field by field."""
    from policydoc.index.postgres_rank import field_frequencies

    idx = built[0]
    (vec, title, body_len) = idx.storage.conn.execute(
        "SELECT tsv::text, title, ntokens FROM policydoc.documents WHERE source LIKE %s", ("%003_e226338f45839dff.txt",)
    ).fetchone()
    ff = field_frequencies(vec)
    from policydoc.index.tokens import index_tokens

    title_tokens = index_tokens(title).split()
    assert {t for t, f in ff.items() if f[0]} == set(title_tokens)
    assert ff["柳北"][0] >= 1 and ff["劳动模范"][3] >= 1 and body_len > 500


def test_upsert_by_content_hash_and_concurrent_writers(pg, tmp_path):
    """Four processes index the same folder into one database at once: one row per file, no error."""
    d = tmp_path / "docs"
    d.mkdir()
    for p in sorted(CORPUS.glob("*.html"))[:6] + [SEED]:
        shutil.copy(p, d / p.name)
    url = pg.url("writers")
    Index(url).close()  # the schema exists before the race (creation is also locked)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(4) as pool:
        results = pool.map(_index_folder, [(url, str(d))] * 4)
    assert all(r["errors"] == 0 for r in results)
    with Index(url) as idx:
        st = idx.stats()
        assert st["documents"] == 7 and st["by_status"].get("error", 0) == 0
        assert names(idx.search("柳北")) == {SEED.name}
        xmin = idx.storage.conn.execute("SELECT source, xmin::text FROM policydoc.documents").fetchall()
        # a late writer stores the same content again: the row is not rewritten
        from policydoc.index import DocumentRow

        key = str(d / SEED.name)
        text, sha, size, mtime = idx.storage.conn.execute(
            "SELECT text, sha256, size, mtime_ns FROM policydoc.documents WHERE source = %s", (key,)).fetchone()
        row = DocumentRow.from_record(key, idx.get(key), text, sha256=sha, size=size, mtime_ns=mtime)
        assert idx.storage.upsert(row) == idx.storage.conn.execute(
            "SELECT id FROM policydoc.documents WHERE source = %s", (key,)).fetchone()[0]
        idx.update([d])
        assert idx.storage.conn.execute("SELECT source, xmin::text FROM policydoc.documents").fetchall() == xmin


def _index_folder(args) -> dict:
    url, folder = args
    with Index(url) as idx:
        return idx.update([folder])


def test_incremental_update_and_readers(pg, tmp_path, folder):
    url = pg.url("incr")
    with Index(url) as idx:
        assert idx.update([folder])["added"] == 3
        assert idx.update([folder]) == {"added": 0, "updated": 0, "removed": 0, "unchanged": 3, "errors": 0}
        (folder / "024.html").unlink()
        assert idx.update([folder])["removed"] == 1
        (folder / "bad.pdf").write_bytes(b"%PDF-1.7\n garbage")
        c = idx.update([folder])
        assert c["errors"] == 1
        assert "bad.pdf" not in names(idx.search("", limit=100))
    with Index(url, create=False) as reader:  # a second connection sees the committed rows
        assert reader.search("柳北").total == 1


def test_topics_filter_and_facet(pg):
    import policydoc

    doc = policydoc.parse(SEED)
    rec = doc.record()
    rec.pop("primary_topics", None)  # the classifier's own marks would narrow the topic facet
    rec["topics"] = [{"id": "model_workers", "label": "劳模待遇", "score": 0.9},
                     {"id": "union_building", "label": "工会建设", "score": 0.7}]
    rec["primary_topics"] = []  # the classifier's primary topic is not among the topics set here: none marked
    with Index(pg.url("topics")) as idx:
        idx.add_document(rec, doc.text)
        idx.add_document(policydoc.parse(CORPUS / "024.html"), source=CORPUS / "024.html")
        for t in ("model_workers", "劳模待遇"):
            assert names(idx.search(topic=t)) == {SEED.name}
        res = idx.search("")
        assert res.facets["topic"]["劳模待遇"] == 1 and res.facets["topic"]["工会建设"] == 1
        assert idx.search("工会", topic="wages").total == 0
        assert idx.remove(SEED) and idx.search(topic="劳模待遇").total == 0


def test_missing_index_and_unreachable_server(pg):
    with pytest.raises(IndexFileError, match="no policydoc index"):
        Index(pg.url("empty"), create=False)
    with pytest.raises(IndexFileError, match="cannot connect"):
        Index("postgresql://policydoc@127.0.0.1:1/x")
    with pytest.raises(IndexFileError, match="schema"):
        Index(pg.url("x", schema="bad-name"))
    # two indexes side by side in one database, by schema
    with Index(pg.url("two", schema="a")) as a, Index(pg.url("two", schema="b")) as b:
        a.add_document(json.loads(json.dumps({"source": "<a>", "title": "工会"})))
        assert a.search("工会").total == 1 and b.search("工会").total == 0


def test_cli_index_and_search(pg, folder):
    from click.testing import CliRunner

    from policydoc.cli import main

    url = pg.url("cli")
    r = CliRunner().invoke(main, ["index", str(folder), "--db", url, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output.strip().splitlines()[-1])["added"] == 3
    r = CliRunner().invoke(main, ["search", "劳模", "--db", url, "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert [Path(h["source"]).name for h in out["hits"]] == ["003.txt"]
    r = CliRunner().invoke(main, ["search", "劳模", "--db", pg.url("nothing_here")])
    assert r.exit_code == 6 and "no policydoc index" in r.output


def test_same_search_cases_module_is_the_sqlite_one():
    """Guard: the cases imported above are test_index's own functions, not copies."""
    assert test_joint_meeting_query is base.test_joint_meeting_query
