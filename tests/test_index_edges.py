"""Search edge cases (issue #18 item 11): a search never creates or alters a database, and
absurd arguments give a bounded answer or a typed error, never a traceback."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydoc.cli_index import search_command
from policydoc.index import Index, IndexFileError

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "003_e226338f45839dff.txt"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """An index of one real document (seed 003, 柳北政发〔2025〕2号) — or of its record only."""
    db = tmp_path_factory.mktemp("edges") / "p.db"
    with Index(db) as idx:
        if SEED.is_file():
            idx.update([SEED])
        else:  # the record as `policydoc extract` gives it, without ../shared
            idx.add_document({"source": "<003>", "doc_number": "柳北政发〔2025〕2号", "issuer": "柳北区人民政府",
                              "title": "柳北区人民政府关于建立政府与工会联席会议制度的通知", "date": "2025-03-07"},
                             "柳北区人民政府 联席会议 工会")
    return db


def test_huge_offset_is_an_empty_page(small):
    with Index(small, create=False) as idx:
        res = idx.search("联席会议", offset=10000000000000000000)
        assert res.total == 1 and res.hits == []
        assert idx.search("", offset=2 ** 70).hits == []
        assert idx.search("", number="柳北政发〔2025〕", offset=10 ** 30).hits == []
    out = CliRunner().invoke(search_command, ["联席会议", "--db", str(small), "--offset", "10000000000000000000"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("1 document match")


def test_zero_byte_db_is_not_touched(tmp_path):
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    with pytest.raises(IndexFileError, match="not a policydoc index.*empty"):
        Index(db, create=False)
    out = CliRunner().invoke(search_command, ["工会", "--db", str(db)])
    assert out.exit_code == 6 and "not a policydoc index" in out.output
    assert db.stat().st_size == 0 and sorted(os.listdir(tmp_path)) == ["empty.db"]


def test_foreign_file_is_not_touched(tmp_path):
    db = tmp_path / "notes.txt"
    db.write_bytes("联席会议纪要\n".encode() * 100)
    before = db.read_bytes()
    out = CliRunner().invoke(search_command, ["工会", "--db", str(db)])
    assert out.exit_code == 6 and "not a policydoc index" in out.output
    assert db.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["notes.txt"]


def test_foreign_sqlite_with_meta_table_stays_as_it_was(tmp_path):
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('owner', 'someone else')")
    con.commit()
    con.close()
    before = db.read_bytes()
    for create in (False, True):  # neither a search nor an index run may convert it
        with pytest.raises(IndexFileError, match="meta table of its own"):
            Index(db, create=create)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    assert db.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["other.db"]


def test_very_long_number_and_region(small):
    with Index(small, create=False) as idx:
        assert idx.search(number="柳" * 25000).total == 0
        assert idx.search("工会", number="国" * 25000 + "〔2019〕").total == 0
        assert idx.search(region="4" * 60000).total == 0
        assert idx.search(region="广" * 60000).total == 0
        assert idx.search(number="柳北政发〔2025〕").total == 1  # the prefix form still works
    out = CliRunner().invoke(search_command, ["--db", str(small), "--number", "柳" * 25000])
    assert out.exit_code == 0 and out.output.startswith("0 documents match"), out.output


def test_year_that_is_not_a_year(small):
    with Index(small, create=False) as idx, pytest.raises(ValueError, match="year"):
        idx.search(year="9" * 25000)
