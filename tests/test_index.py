"""The policy index (policydoc.index) on real documents: the development corpus, seed 003 and the PDF fixtures."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

import policydoc
from policydoc.index import Index, IndexFileError, number_key, plan_query

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
FIXTURES = HERE / "fixtures" / "pdf"
SEED = SHARED / "seeds" / "003_e226338f45839dff.txt"
CORPUS = SHARED / "corpus" / "docs"

if not SHARED.is_dir():
    pytest.skip("../shared (the development corpus) is not here", allow_module_level=True)

S003 = {"003_e226338f45839dff.txt", "003.pdf", "003_bold.pdf", "003_spaced.pdf"}


def names(res) -> set[str]:
    return {Path(h.source).name for h in res.hits}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """corpus/docs/*.html + seed 003 + tests/fixtures/pdf (with its encrypted and scanned PDFs)."""
    db = tmp_path_factory.mktemp("index") / "policies.db"
    idx = Index(db)
    with pytest.MonkeyPatch.context() as mp:  # scanned.pdf stays an error row even where the [ocr] extra is installed
        mp.setenv("POLICYDOC_OCR", "never")
        counts = idx.update(sorted(CORPUS.glob("*.html")) + [SEED, FIXTURES])
    yield idx, counts, db
    idx.close()


@pytest.fixture()
def folder(tmp_path):
    """A folder of copies: seed 003 and two State Council notices."""
    d = tmp_path / "docs"
    d.mkdir()
    shutil.copy(SEED, d / "003.txt")
    shutil.copy(CORPUS / "032.html", d / "032.html")
    shutil.copy(CORPUS / "024.html", d / "024.html")
    return d


# -- building ----------------------------------------------------------------------------
def test_facet_vocabulary(built):
    idx, _, _ = built
    assert facet_vocabulary_is_exact(idx)


def test_build_counts_and_error_rows(built):
    idx, counts, _ = built
    # 13 pages + seed 003 + 18 readable PDFs; encrypted.pdf and scanned.pdf become error rows
    assert counts == {"added": 32, "updated": 0, "removed": 0, "unchanged": 0, "errors": 2}
    st = idx.stats()
    assert st["documents"] == 34 and st["by_status"]["error"] == 2
    assert {Path(e["source"]).name for e in st["errors"]} == {"encrypted.pdf", "scanned.pdf"}
    assert all("encrypted" in e["error"] or "text layer" in e["error"] for e in st["errors"])
    # error rows are never hits
    assert not {"encrypted.pdf", "scanned.pdf"} & names(idx.search("", limit=100))


def test_record_is_stored(built):
    idx, _, _ = built
    rec = idx.get(SEED)
    assert rec["doc_number"] == "柳北政发〔2025〕2号"
    assert rec["region"]["county"] == "柳北区"


# -- text search -------------------------------------------------------------------------
def test_joint_meeting_query(built):
    idx, _, _ = built
    res = idx.search("联席会议", limit=100)
    assert S003 | {"032.html", "032.pdf"} <= names(res)
    # the documents with it in the title (032's 部际联席会议制度, 003's 联席会议制度) come first
    titled = {Path(h.source).name for h in res.hits if "联席会议" in (h.title or "")}
    assert {"032.html", "003_e226338f45839dff.txt"} <= titled
    assert {Path(h.source).name for h in res.hits[:len(titled)]} == titled
    assert res.total == len(res.hits) == 11
    assert any("【联席会议】" in h.snippet for h in res.hits)


def test_synonym_finds_full_form(built):
    idx, _, _ = built
    text = policydoc.parse(SEED).text
    assert "劳模" not in text and "劳动模范" in text
    res = idx.search("劳模", limit=100)
    assert names(res) == S003 | {"022.html", "022.pdf"}  # 022 says 劳模 itself
    seed = next(h for h in res.hits if h.source.endswith("003_e226338f45839dff.txt"))
    assert "【劳动模范】" in seed.snippet
    assert plan_query("劳模").expression == '("劳模" OR "劳动模范")'


def test_two_character_queries_inside_longer_words(built):
    idx, _, _ = built
    # 柳北 only occurs inside 柳北区 / 柳北政发 (not a jieba word: found through the bigrams)
    assert names(idx.search("柳北", limit=100)) == S003
    # 工会 inside 总工会
    assert S003 <= names(idx.search("工会", limit=100))
    # terms are ANDed (劳动模范 also finds 劳模: 022 says 劳模 and 工会)
    assert names(idx.search("柳北 劳动模范", limit=100)) == S003
    assert names(idx.search("工会 劳动模范", limit=100)) == S003 | {"022.html", "022.pdf"}


def test_field_weights_rank_title_matches_first(built):
    idx, _, _ = built
    res = idx.search("职业教育", limit=100)
    first = [Path(h.source).name for h in res.hits[:4]]
    # 022 (国家职业教育改革实施方案) and 032 (职业教育工作部际联席会议) have it in the title
    assert set(first) == {"022.html", "022.pdf", "032.html", "032.pdf"}
    assert res.hits[0].score >= res.hits[-1].score


# -- filters and facets ------------------------------------------------------------------
def test_number_lookup_tolerates_variants(built):
    idx, _, _ = built
    for variant in ("柳北政发[2025]2 号", "柳北政发（2025）2號", "柳北政发〔2025〕02号", " 柳北政发 〔2025〕 2号"):
        res = idx.search(number=variant)
        assert names(res) == S003, variant
    # a query that is just a number is looked up as one
    assert names(idx.search("柳北政发[2025]2号")) == S003
    # without the serial: a prefix
    assert names(idx.search(number="国发〔2019〕")) == {"021.html", "021.pdf", "021_spaced.pdf", "022.html", "022.pdf"}
    assert number_key("柳北政发[2025]2 號") == "柳北政发〔2025〕2号"


def test_year_filter(built):
    idx, _, _ = built
    res = idx.search(year=2019, limit=100)
    assert names(res) == {"021.html", "021.pdf", "021_spaced.pdf", "022.html", "022.pdf", "023.html", "023.pdf",
                          "023_bold.pdf"}
    assert all(h.date.startswith("2019") for h in res.hits)
    assert idx.search(year="2018-2019").total == 22
    assert names(idx.search("职业教育", year=2019)) == {"022.html", "022.pdf"}


def test_region_filter(built):
    idx, _, _ = built
    assert names(idx.search(region="广西", limit=100)) == S003
    assert names(idx.search(region="柳州", limit=100)) == S003
    assert names(idx.search(region="450205", limit=100)) == S003
    assert idx.search(region="江西").total == 0
    national = idx.search(region="全国", limit=100)
    assert national.total == 28 and not S003 & names(national)


def test_type_and_issuer_filters(built):
    idx, _, _ = built
    assert names(idx.search(doc_type="批复")) == {"025.html", "025.pdf", "032.html", "032.pdf"}
    assert names(idx.search("联席会议", doc_type="批复")) == {"032.html", "032.pdf"}
    assert names(idx.search(issuer="中央军委办公厅")) == {"026.html", "026_joint.pdf"}
    assert idx.search(doc_type=["批复", "决定"]).total == 6


FILTERS = [dict(year=2019), dict(year="2004-2018"), dict(region="广西"), dict(region="全国"), dict(region="4502"),
           dict(doc_type="通知"), dict(doc_type=["批复", "决定"]), dict(issuer="国务院办公厅"), dict(issuer="柳北"),
           dict(issuer="军委", year=1996), dict(region="柳州", doc_type="通知"), dict(topic="劳模待遇"),
           dict(topic=["wages", "employment"], year=2019), dict(region="江西"), dict(issuer="无此机关")]


@pytest.mark.parametrize("query", ["", "工作", "联席会议"])
def test_filters_as_tokens_agree_with_sql(built, query, monkeypatch):
    """Filters run as meta-column tokens inside the MATCH; the SQL path must give the same."""
    idx, _, _ = built
    fast = [idx.search(query, limit=100, **f) for f in FILTERS]
    monkeypatch.setattr("policydoc.index.MAX_FILTER_TOKENS", 0)  # every filter through SQL
    for f, res in zip(FILTERS, fast):
        slow = idx.search(query, limit=100, **f)
        assert [h.source for h in res.hits] == [h.source for h in slow.hits], f
        assert res.total == slow.total and res.facets == slow.facets, f


@pytest.mark.parametrize("query,filters", [("", {}), ("", {"year": 2019}), ("工作", {}), ("联席会议", {}),
                                           ("工会", {"region": "广西"}), ("", {"topic": "社会保障"})])
def test_numpy_facets_agree_with_sql(built, query, filters, monkeypatch):
    """Small result sets are counted in SQL, large ones with the numpy columns: same answer."""
    idx, _, _ = built
    small = idx.search(query, limit=100, **filters)
    monkeypatch.setattr("policydoc.index.SQL_FACETS_MAX", 0)
    large = idx.search(query, limit=100, **filters)
    assert small.facets == large.facets
    assert [h.source for h in small.hits] == [h.source for h in large.hits]
    assert small.total == large.total


def facet_vocabulary_is_exact(idx) -> bool:
    expect: dict[tuple, int] = {}
    for issuers, prov, city, county, doc_id in idx.conn.execute(
            "SELECT issuers, province, city, county, id FROM documents WHERE status != 'error'"):
        keys = [("issuer", i) for i in set(json.loads(issuers))]
        keys += [(k, v) for k, v in (("province", prov), ("city", city), ("county", county)) if v]
        keys += [("topic", t) for (t,) in idx.conn.execute("SELECT topic_id FROM topics WHERE doc_id = ?", (doc_id,))]
        for k in keys:
            expect[k] = expect.get(k, 0) + 1
    got = {(k, v): n for k, v, n in idx.conn.execute("SELECT kind, value, n FROM facet_values")}
    return got == expect


def test_empty_query_lists_newest_first(built):
    idx, _, _ = built
    res = idx.search("", limit=100)
    assert res.total == 32
    dates = [h.date for h in res.hits]
    assert dates == sorted(dates, reverse=True)
    page2 = idx.search("", limit=10, offset=10)
    assert [h.source for h in page2.hits] == [h.source for h in res.hits[10:20]]


def test_facets_count_the_filtered_set(built):
    idx, _, _ = built
    res = idx.search("联席会议")
    assert res.facets["year"] == {2019: 5, 2025: 4, 2018: 2}
    assert res.facets["doc_type"] == {"通知": 6, "意见": 3, "批复": 2}
    assert res.facets["province"] == {"广西壮族自治区": 4}
    assert res.facets["county"] == {"柳北区": 4}
    everything = idx.search("")
    assert sum(everything.facets["year"].values()) == everything.total == 32
    assert everything.facets["issuer"]["国务院"] == 13
    filtered = idx.search("", year=2019)
    assert filtered.facets["year"] == {2019: 8}


def test_topics_are_stored_filterable_and_counted(tmp_path):
    doc = policydoc.parse(SEED)
    rec = doc.record()
    rec["topics"] = [{"id": "model_workers", "label": "劳模待遇", "score": 0.9, "evidence": "劳动模范"},
                     {"id": "union_building", "label": "工会建设", "score": 0.7, "evidence": "工会建设"}]
    rec["primary_topics"] = []  # the classifier's primary topic is not among the topics set here: none marked
    with Index(tmp_path / "t.db") as idx:
        idx.add_document(rec, doc.text)
        idx.add_document(policydoc.parse(CORPUS / "024.html"), source=CORPUS / "024.html")
        for t in ("model_workers", "劳模待遇"):
            assert names(idx.search(topic=t)) == {SEED.name}
        res = idx.search("")
        assert res.facets["topic"]["劳模待遇"] == 1 and res.facets["topic"]["工会建设"] == 1
        assert res.hits and any(h.topics for h in res.hits)
        assert idx.search("工会", topic="wages").total == 0


# -- hostile queries ---------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    '"', '"联席会议', "联席*", "title:联席会议", "^工会", "(工会", "工会)", "工会 AND", "OR 工会", "NOT", "NEAR(工会 劳模)",
    "-工会", "工会 - 劳模", "a:b:c", "{title}: x", "'", "\\", "*", "\x00", "工会\"OR\"1=1", "；；；", "   ",
])
def test_fts_syntax_never_raises(built, query):
    idx, _, _ = built
    res = idx.search(query)
    assert res.total >= 0
    if "工会" in query and query.count("工会") == 1 and not {"AND", "OR"} & set(query.split()):
        assert res.total >= 4 or "劳模" in query or "NEAR" in query or "1=1" in query


def test_filter_tokens_are_not_searchable_text(built):
    idx, _, _ = built
    assert idx.search(year=2019).total == 8
    from policydoc.index import _mt

    for token in ("y2019", "rc45", _mt("dt", "通知")):
        assert idx.search(token).total == 0, token


def test_very_long_query(built):
    idx, _, _ = built
    res = idx.search("联席会议" * 2500)  # 10,000 characters
    assert res.total >= 0
    res = idx.search(" ".join(["工会"] * 5000 + ["劳模"]))
    assert res.total >= 0


# -- incremental updates -----------------------------------------------------------------
def test_incremental_update(tmp_path, folder):
    db = tmp_path / "i.db"
    with Index(db) as idx:
        assert idx.update([folder]) == {"added": 3, "updated": 0, "removed": 0, "unchanged": 0, "errors": 0}
        assert idx.update([folder]) == {"added": 0, "updated": 0, "removed": 0, "unchanged": 3, "errors": 0}
        # touched, same bytes: the hash says unchanged
        st = (folder / "024.html").stat()
        os.utime(folder / "024.html", ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
        assert idx.update([folder])["unchanged"] == 3
        # changed bytes: parsed again, and the new words are searchable
        assert idx.search("雄安新区").total == 0
        with open(folder / "003.txt", "a", encoding="utf-8") as fh:
            fh.write("\n雄安新区\n")
        assert idx.update([folder]) == {"added": 0, "updated": 1, "removed": 0, "unchanged": 2, "errors": 0}
        assert names(idx.search("雄安新区")) == {"003.txt"}
        assert idx.search("联席会议").total == 2  # not 3: the old row was replaced
        # deleted: removed
        (folder / "032.html").unlink()
        assert idx.update([folder]) == {"added": 0, "updated": 0, "removed": 1, "unchanged": 2, "errors": 0}
        assert names(idx.search("联席会议")) == {"003.txt"}
        assert idx.update([folder]) == {"added": 0, "updated": 0, "removed": 0, "unchanged": 2, "errors": 0}
        assert idx.stats()["documents"] == 2
        assert facet_vocabulary_is_exact(idx)
        assert idx.search(region="柳州").total == 1 and idx.search(issuer="国务院").total == 1
        idx.remove(folder / "003.txt")
        assert facet_vocabulary_is_exact(idx) and idx.search(region="柳州").total == 0


def test_bad_file_is_an_error_row_and_the_rest_is_indexed(tmp_path, folder):
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    (folder / "empty.docx").write_bytes(b"")
    (folder / "notes.md").write_text("not picked up when walking a folder", encoding="utf-8")
    with Index(tmp_path / "e.db") as idx:
        counts = idx.update([folder])
        assert counts == {"added": 3, "updated": 0, "removed": 0, "unchanged": 0, "errors": 2}
        errors = {Path(e["source"]).name: e["error"] for e in idx.stats()["errors"]}
        assert set(errors) == {"broken.pdf", "empty.docx"}
        assert "empty" in errors["empty.docx"]
        assert idx.search("联席会议").total == 2
        # an unchanged broken file is not parsed again
        assert idx.update([folder])["unchanged"] == 5


def test_interrupted_update_leaves_a_consistent_index(tmp_path, folder):
    calls = []

    def dying_parse(path):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process is killed while working on the 2nd file
        return policydoc.parse(path)

    db = tmp_path / "k.db"
    with Index(db) as idx:
        with pytest.raises(KeyboardInterrupt):
            idx.update([folder], parse=dying_parse)
        assert idx.stats()["documents"] == 1
        assert idx.update([folder]) == {"added": 2, "updated": 0, "removed": 0, "unchanged": 1, "errors": 0}
        assert idx.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert idx.conn.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 1)") is not None


def test_readers_search_while_a_writer_updates(tmp_path, folder):
    db = tmp_path / "w.db"
    writer = Index(db)
    writer.update([folder / "032.html"])
    reader = Index(db, create=False)
    with writer.batch():
        writer.add_document(policydoc.parse(folder / "003.txt"))
        # the write transaction is open: the reader sees the last committed state, unblocked
        assert names(reader.search("联席会议")) == {"032.html"}
    assert names(reader.search("联席会议")) == {"032.html", "003.txt"}
    # facets follow the other connection's writes
    assert reader.search("").facets["year"] == {2025: 1, 2018: 1}
    writer.remove(folder / "003.txt")
    assert reader.search("").facets["year"] == {2018: 1}
    reader.close()
    writer.close()


def test_add_and_remove_documents_directly(tmp_path):
    with Index(tmp_path / "a.db") as idx:
        idx.add_document(policydoc.parse(SEED))
        idx.add_document(policydoc.parse(SEED))  # same source: replaced, not doubled
        assert idx.stats()["documents"] == 1
        assert names(idx.search("劳动模范")) == {SEED.name}
        assert idx.remove(SEED) is True and idx.remove(SEED) is False
        assert idx.search("劳动模范").total == 0


def test_not_an_index(tmp_path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    before = other.read_bytes()
    with pytest.raises(IndexFileError, match="not a policydoc index"):
        Index(other)
    assert other.read_bytes() == before
    with pytest.raises(IndexFileError, match="no such index file"):
        Index(tmp_path / "missing.db", create=False)
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(IndexFileError):
        Index(tmp_path / "junk.db")


# -- CLI ---------------------------------------------------------------------------------
def test_cli_index_and_search(tmp_path, folder):
    from click.testing import CliRunner

    from policydoc.cli_index import index_command, search_command

    db = str(tmp_path / "cli.db")
    run = CliRunner().invoke
    out = run(index_command, [str(folder), "--db", db])
    assert out.exit_code == 0, out.output
    assert "added 3" in out.output and "errors 0" in out.output
    out = run(search_command, ["联席会议", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    assert "联席会议" in out.output  # Chinese unescaped
    data = json.loads(out.output)
    assert data["total"] == 2 and {Path(h["source"]).name for h in data["hits"]} == {"003.txt", "032.html"}
    assert {"value": 2025, "count": 1} in data["facets"]["year"]
    out = run(search_command, ["劳模", "--db", db, "--region", "广西"])
    assert out.exit_code == 0 and "【劳动模范】" in out.output and "facets" in out.output
    out = run(search_command, ["--db", db, "--number", "柳北政发[2025]2 号", "--json"])
    assert json.loads(out.output)["total"] == 1
    out = run(search_command, ["x", "--db", str(tmp_path / "nope.db")])
    assert out.exit_code == 6 and "no such index file" in out.output
    assert not (tmp_path / "nope.db").exists()
    out = run(search_command, ["x", "--db", db, "--year", "19"])
    assert out.exit_code == 2 and "expected a year" in out.output


def test_other_segmentation_needs_a_rebuild(tmp_path, folder):
    db = tmp_path / "s.db"
    with Index(db) as idx:
        idx.update([folder])
        idx.conn.execute("UPDATE meta SET value = 'jieba-old' WHERE key = 'tokenizer'")
    with Index(db) as idx:
        assert idx.stale and names(idx.search("联席会议")) == {"003.txt", "032.html"}  # reading still works
        with pytest.raises(IndexFileError, match="rebuild"):
            idx.update([folder])
        assert idx.rebuild() == 3
        assert idx.update([folder])["unchanged"] == 3
        (folder / "032.html").unlink()
        assert idx.update([folder])["removed"] == 1
        assert names(idx.search("联席会议")) == {"003.txt"}
        assert idx.conn.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 1)") is not None


@pytest.mark.parametrize("query,filters,offset", [("工作", {}, 0), ("联席会议", {}, 0), ("工作", {"year": 2019}, 1),
                                                  ("国务院", {}, 5)])
def test_parallel_ranking_equals_serial(built, query, filters, offset, monkeypatch):
    """Broad queries are ranked as two rowid halves on two connections; the merge must be exact."""
    idx, _, _ = built
    serial = idx.search(query, limit=7, offset=offset, **filters)
    monkeypatch.setattr("policydoc.index.PARALLEL_RANK_MIN", 1)
    parallel = idx.search(query, limit=7, offset=offset, **filters)
    assert [(h.source, h.score) for h in parallel.hits] == [(h.source, h.score) for h in serial.hits]
    assert serial.hits and idx._shard is not None
