"""Copies are one hit, news reports are indexed by headline/date/region/source, unknown filter
values are reported, and the topic facet counts primary topics — on real documents."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydoc.cli_index import search_command
from policydoc.index import Index
from policydoc.index.storage import DocumentRow, text_fingerprint

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "docs"
FIXTURES = HERE / "fixtures" / "pdf"

if not SHARED.is_dir():
    pytest.skip("../shared (the development corpus) is not here", allow_module_level=True)


def name(source: str) -> str:
    return Path(source).name


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """corpus/docs/*.html + the five seeds (three 工人日报 reports, one 黑龙江日报, 柳北政发〔2025〕2号) + PDF fixtures."""
    db = tmp_path_factory.mktemp("groups") / "policies.db"
    idx = Index(db)
    idx.update(sorted(CORPUS.glob("*.html")) + sorted(SEEDS.glob("*.txt")) + [FIXTURES])
    yield idx, db
    idx.close()


def test_copies_are_one_hit(built):
    idx, _ = built
    flat = idx.search("联席会议", limit=100)
    grouped = idx.search("联席会议", limit=100, group=True)
    assert flat.total == 14 and grouped.total == 7
    by_name = {name(h.source): sorted(name(c["source"]) for c in h.copies) for h in grouped.hits}
    # 柳北政发〔2025〕2号 as TXT and three PDFs; 国务院 notices as HTML and PDF
    seed = next(k for k in by_name if k.startswith("003"))
    assert sorted(by_name[seed] + [seed]) == ["003.pdf", "003_bold.pdf", "003_e226338f45839dff.txt", "003_spaced.pdf"]
    assert sorted(by_name.get("032.pdf", []) + by_name.get("032.html", [])) in (["032.html"], ["032.pdf"])
    # every file of the flat result is in exactly one group
    members = [name(h.source) for h in grouped.hits] + [name(c["source"]) for h in grouped.hits for c in h.copies]
    assert sorted(members) == sorted(name(h.source) for h in flat.hits)
    # grouped paging walks the groups without repeats
    pages = [h.source for off in range(0, 7, 3) for h in idx.search("联席会议", limit=3, offset=off, group=True).hits]
    assert pages == [h.source for h in grouped.hits]
    # totals and facets count documents, not files
    assert sum(grouped.facets["year"].values()) == 7 - sum(1 for h in grouped.hits if not h.date)


def test_grouping_of_filtered_listing(built):
    idx, _ = built
    assert idx.search(year=2019).total == 8
    res = idx.search(year=2019, group=True, limit=100)
    assert res.total == 3  # 国发〔2019〕5号, 国办发〔2019〕…, 023: three documents in eight files
    assert sorted(len(h.copies) for h in res.hits) == [1, 2, 2]


def test_copies_share_a_fingerprint_or_number_key(built):
    idx, _ = built
    rows = idx.conn.execute("SELECT source, fingerprint, doc_key, group_id FROM documents WHERE status != 'error'")
    groups: dict[int, list] = {}
    for source, fp, key, gid in rows:
        groups.setdefault(gid, []).append((name(source), fp, key))
    seed = next(g for g in groups.values() if any(n.startswith("003_e") for n, _, _ in g))
    assert {k for _, _, k in seed} == {"柳北政发〔2025〕2号|柳州市柳北区人民政府"}
    assert text_fingerprint("联席会议 制度\n（试行）") == text_fingerprint("联席会议制度(试行)")


def test_news_is_indexed_with_headline_date_region_source(built):
    idx, _ = built
    res = idx.search(region="西藏", group=True)
    assert [name(h.source) for h in res.hits] == ["001_220e5d161991d45d.txt"]
    h = res.hits[0]
    assert (h.title, h.date, h.kind) == ("西藏自治区推动政府与工会联席会议制度全域覆盖", "2024-05-27", "news")
    assert h.news_source.startswith("工人日")
    assert {name(h.source) for h in idx.search(kind="news", year=2023, limit=10).hits} == {
        "000_5850a3e59fa7bd6f.txt", "002_dd97a22918ae5a23.txt"}
    assert {name(h.source) for h in idx.search("工会", region="成都").hits} == {"002_dd97a22918ae5a23.txt"}
    # a report that opens with its body has no headline: the title stays null, never its first line
    h = idx.search(region="黑龙江", kind="news", limit=10)
    assert {name(x.source): x.title for x in h.hits}["004_f38fe2e07d6e0647.txt"] is None


def test_unknown_filter_values_get_near_matches(built):
    idx, db = built
    res = idx.search(region="火星")
    assert res.total == 0 and res.notices == [{"filter": "region", "value": "火星", "near": []}]
    res = idx.search(doc_type="通告")
    assert res.notices[0]["filter"] == "doc_type" and "通知" in res.notices[0]["near"]
    assert idx.search(region="西藏").notices == []
    out = CliRunner().invoke(search_command, ["--db", str(db), "--region", "火星"])
    assert out.exit_code == 0 and "region 火星: no document in the index has it" in out.stderr


def test_primary_topics_drive_the_topic_facet(tmp_path):
    text = (SEEDS / "003_e226338f45839dff.txt").read_text(encoding="utf-8")
    rec = {"source": "<003>", "doc_number": "柳北政发〔2025〕2号", "issuer": "柳州市柳北区人民政府",
           "date": "2025-03-07", "topics": [{"id": "model_workers", "label": "劳模待遇", "primary": True},
                                             {"id": "wages", "label": "工资收入"}]}
    other = {"source": "<other>", "title": "关于做好困难职工帮扶工作的通知",
             "topics": [{"id": "hardship_assistance", "label": "困难职工帮扶"}, {"id": "wages", "label": "工资收入"}]}
    with Index(tmp_path / "p.db") as idx:
        idx.add_document(rec, text)
        idx.add_document(other, "困难职工帮扶 工资")
        res = idx.search("")
        # 003 marks a primary topic: only that one is counted; the other record has none marked: all
        assert res.facets["topic"] == {"工资收入": 1, "困难职工帮扶": 1, "劳模待遇": 1}
        assert {name(h.source) for h in idx.search(primary_topic="wages").hits} == {"<other>"}
        assert {name(h.source) for h in idx.search(topic="wages").hits} == {"<003>", "<other>"}
        # the record key primary_topics works too
        idx.add_document({**other, "source": "<third>", "primary_topics": ["wages"]}, "工资")
        assert idx.search(primary_topic="困难职工帮扶").total == 1


def test_cli_groups_by_default(built):
    _, db = built
    out = CliRunner().invoke(search_command, ["联席会议", "--db", str(db), "--json"])
    data = json.loads(out.output)
    assert data["total"] == 7 and all("copies" in h for h in data["hits"])
    out = CliRunner().invoke(search_command, ["联席会议", "--db", str(db), "--all-copies", "--json"])
    assert json.loads(out.output)["total"] == 14
    out = CliRunner().invoke(search_command, ["柳北", "--db", str(db)])
    assert out.output.count("copy: ") == 3


def test_document_row_from_news_record():
    rec = {"news": {"date": {"value": "2023-02-06"}, "region": {"province": "黑龙江省", "code": "230000"}}}
    row = DocumentRow.from_record("<n>", rec, "精议题 重质效 强落实\n黑龙江政府与工会联席会议规范“升级”\n张世光\n"
                                              "2023年02月06日13:50 来源:《工人日报》\n日前……")
    assert (row.kind, row.title, row.year, row.province, row.news_source) == (
        "news", "黑龙江政府与工会联席会议规范“升级”", 2023, "黑龙江省", "工人日报")


def test_representatives_match_the_sql_grouping(built):
    """The cached copies map (no SQL over every match) picks the same row per group as grouping
    the matches in SQL, for every subset of a group's rows, on the real copies of this index."""
    import itertools

    from policydoc.index.facets import id_text

    idx, _ = built
    st = idx.storage
    rows = st.conn.execute("SELECT id, group_id FROM documents WHERE status != 'error' ORDER BY id").fetchall()
    groups: dict[int, list[int]] = {}
    for i, g in rows:
        groups.setdefault(g, []).append(i)
    multi = [ids for ids in groups.values() if len(ids) > 1]
    assert multi, "the fixture has copies"
    singles = [ids[0] for ids in groups.values() if len(ids) == 1][:5]

    def sql(ids: list[int]) -> str:
        return ",".join(str(r[0]) for r in st.conn.execute(
            "SELECT min(id) AS m FROM documents WHERE id IN (SELECT value FROM json_each(?)) GROUP BY group_id "
            "ORDER BY m", (json.dumps(ids),)))

    for ids in multi:
        for k in range(1, len(ids) + 1):
            for subset in itertools.combinations(ids, k):
                chosen = sorted([*subset, *singles])
                assert id_text(st._representatives(",".join(map(str, chosen)))) == sql(chosen)


def test_insert_computes_the_text_index_input_a_delete_recomputes(built):
    """An insert takes the FTS input from the row in hand; delete() recomputes it from the stored
    row and checks it by CRC: both must give the same columns for every stored document."""
    from policydoc.index.sqlite import _crc, _unpack

    idx, _ = built
    st = idx.storage
    n = 0
    for doc_id, source, crc, record, text in st.conn.execute(
            "SELECT d.id, d.source, c.tokens_crc, c.record, c.text FROM documents d JOIN contents c "
            "ON c.doc_id = d.id WHERE d.status != 'error'").fetchall():
        stored = st._fts_values(doc_id, _unpack(text))
        assert _crc(stored) == crc
        # the insert's own path, from the row rebuilt out of the stored record, gives the same
        row = DocumentRow.from_record(source, json.loads(_unpack(record)), _unpack(text))
        assert st._fts_inputs(row) == stored
        assert sorted(st._row_facets(row)) == sorted(st._facet_rows(doc_id))
        n += 1
    assert n >= 20


def test_snippets_mark_whole_terms_only(built):
    """A term the snippet window would cut at its end is shown whole: every marked piece of every
    snippet is one of the query's highlight terms (before: 【工】… for 工会 in the 柳北 notice)."""
    from policydoc.index.query import plan_query

    idx, _ = built
    for q in ("工会", "联席会议", "劳动模范", "困难职工"):
        res = idx.search(q, limit=50, group=True)
        assert res.hits
        terms = {t.lower() for t in plan_query(q).highlight}
        for h in res.hits:
            for marked in re.findall(r"【([^】]*)】", h.snippet or ""):
                assert marked.lower() in terms, (q, h.source, h.snippet)


def test_search_output_lists_primary_topics_first(built):
    """policydoc search: the 柳北 notice's line of topics names its primary topic with its share, the rest as minor."""
    _, db = built
    out = CliRunner().invoke(search_command, ["柳北政发〔2025〕2号", "--db", str(db)])
    assert out.exit_code == 0, out.output
    line = next(ln.strip() for ln in out.output.splitlines() if ln.strip().startswith("topics: "))
    assert re.fullmatch(r"topics: 民主管理 \(\d{1,3}%\) · minor: .+", line), line
