"""The tantivy text engine against FTS5 on the same real documents: same totals, same facets.

Both indexes hold the development corpus pages, seed 003 and the PDF fixtures. Ranking differs
by design (tantivy scores fields separately, FTS5 combines them before bm25), so hits are compared
as sets where a query matches fewer documents than a page holds.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import policydoc
from policydoc.index import Index, IndexFileError

pytest.importorskip("tantivy", reason='the tantivy engine is optional: pip install "policydoc[tantivy]"')

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
FIXTURES = HERE / "fixtures" / "pdf"
SEED = SHARED / "seeds" / "003_e226338f45839dff.txt"
CORPUS = SHARED / "corpus" / "docs"
if not SHARED.is_dir():
    pytest.skip("../shared (the development corpus) is not here", allow_module_level=True)

QUERIES = [("联席会议", {}), ("劳模", {}), ("工会", {}), ("国务院", {}), ("工作", {}), ("社会信用", {}),
           ("柳北", {}), ("国发〔2019〕5号", {}), ("工作", {"year": 2019}), ("工作", {"region": "广西"}),
           ("通知", {"doc_type": "通知"}), ("国务院", {"issuer": "国务院办公厅"}), ("", {"year": "2018-2019"}),
           ("", {"region": "柳州"}), ("", {"number": "国发〔2019〕"}), ("工作", {"number": "国办发"}),
           ("雄安新区 不存在的词", {}), ("", {})]


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    paths = sorted(CORPUS.glob("*.html")) + [SEED, FIXTURES]
    d = tmp_path_factory.mktemp("engines")
    fts, tv = Index(d / "fts.db"), Index(d / "tv.db", engine="tantivy")
    assert fts.update(paths) == tv.update(paths)
    yield fts, tv
    fts.close()
    tv.close()


def _same(a, b):
    assert a.total == b.total
    assert a.facets == b.facets
    if a.total <= len(a.hits):
        assert {h.source for h in a.hits} == {h.source for h in b.hits}
    else:
        assert len(a.hits) == len(b.hits)


@pytest.mark.parametrize("query,filters", QUERIES)
def test_same_totals_and_facets(pair, query, filters):
    fts, tv = pair
    assert type(tv.storage).__name__ == "TantivyStorage"
    _same(fts.search(query, **filters), tv.search(query, **filters))


@pytest.mark.parametrize("query,filters", [("联席会议", {}), ("", {}), ("工作", {"kind": "document"}),
                                           ("工作", {"primary_topic": "民主管理"}), ("", {"region": "广西"})])
def test_grouped_and_web_filters(pair, query, filters):
    """Copies as one hit, 文档/新闻 kind and primary-topic filters (from the web branch) on tantivy as on FTS5;
    the copy that stands for a group may differ (ranking differs), its members may not."""
    fts, tv = pair
    a, b = fts.search(query, group=True, limit=100, **filters), tv.search(query, group=True, limit=100, **filters)
    assert a.total == b.total > 0 and a.facets == b.facets
    members = lambda r: sorted(sorted([h.source] + [c["source"] for c in h.copies]) for h in r.hits)  # noqa: E731
    assert members(a) == members(b)
    assert _same(fts.search(query, **filters), tv.search(query, **filters)) is None


def test_pages_and_snippets(pair):
    fts, tv = pair
    a, b = fts.search("工作", limit=5, offset=3), tv.search("工作", limit=5, offset=3)
    assert a.total == b.total and len(b.hits) == 5
    assert all("【工作】" in h.snippet for h in b.hits)
    far = tv.search("工作", offset=10**12)
    assert far.total == a.total and far.hits == []
    # filters only: newest first, as FTS5 orders them
    assert [h.source for h in fts.search("", year="2018-2019").hits] == [h.source for h in tv.search("", year="2018-2019").hits]


def test_updates_reach_readers(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    shutil.copy(SEED, d / "003.txt")
    shutil.copy(CORPUS / "032.html", d / "032.html")
    writer = Index(tmp_path / "w.db", engine="tantivy")
    writer.update([d])
    reader = Index(tmp_path / "w.db", create=False)  # the file says which engine it was built with
    assert type(reader.storage).__name__ == "TantivyStorage"
    assert reader.search("联席会议").total == 2
    writer.remove(d / "003.txt")
    assert reader.search("联席会议").total == 1
    writer.add_document(policydoc.parse(SEED))
    writer.add_document(policydoc.parse(SEED))  # replaced, not doubled
    assert reader.search("劳动模范").total == 1 and writer.stats()["text_engine"] == "tantivy"
    reader.close()
    writer.close()


def test_fts5_file_converted_by_rebuild(tmp_path):
    db = tmp_path / "c.db"
    with Index(db) as fts:
        fts.update([SEED, CORPUS / "032.html"])
        before = fts.search("联席会议")
    tv = Index(db, engine="tantivy")
    assert tv.stale  # rows without a tantivy index: searchable only after a rebuild
    assert tv.rebuild() == 2 and not tv.stale
    _same(before, tv.search("联席会议"))
    tv.close()
    shutil.rmtree(str(db) + ".tantivy")
    with pytest.raises(IndexFileError, match="tantivy part"):
        Index(db, create=False)


def test_cli_engine_and_stale_rebuild(tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("POLICYDOC_PDF_ENGINE", "pdfium")  # --pdf-engine sets it for worker processes: restore it

    from click.testing import CliRunner

    from policydoc.cli import main

    d = tmp_path / "docs"
    d.mkdir()
    shutil.copy(SEED, d / "003.txt")
    db = str(tmp_path / "cli.db")
    run = CliRunner().invoke
    res = run(main, ["index", str(d), "--db", db, "--engine", "tantivy", "--pdf-engine", "pdfplumber", "-q", "--json"])
    assert res.exit_code == 0, res.output
    assert Index(db, create=False).stats()["text_engine"] == "tantivy"
    # an index segmented by another tokenizer version is rebuilt by the next `policydoc index`
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = 'jieba-0.42.1/base-old' WHERE key = 'tokenizer'")
    con.commit()
    con.close()
    assert Index(db, create=False).stale
    res = run(main, ["index", str(d), "--db", db, "-q", "--json"])
    assert res.exit_code == 0, res.output
    idx = Index(db, create=False)
    assert not idx.stale and idx.search("劳动模范").total == 1
    idx.close()
