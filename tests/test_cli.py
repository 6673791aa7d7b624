"""The CLI is thin: each command calls the library, prints JSON or one error line, exits with a stable code."""
from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from policydoc.cli import main

from .conftest import FIXTURES, ROOT


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_parse_prints_the_document():
    r = run("parse", ROOT / "examples" / "liubei_zhengfa_2025_2.pdf", "--no-text")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["doc_number"] == "柳北政发〔2025〕2号" and out["pages"] == 4 and out["format"] == "pdf"
    assert out["spans"]["doc_number"]["page"] == 1


def test_errors_are_one_line_with_exit_code(tmp_path):
    empty = tmp_path / "空.pdf"
    empty.write_bytes(b"")
    r = run("parse", empty)
    assert r.exit_code == 3
    assert r.output.strip().count("\n") == 0 and "空.pdf" in r.output and "empty file" in r.output
    r = run("parse", FIXTURES / "pdf" / "encrypted.pdf")
    assert r.exit_code == 3 and "encrypted" in r.output and "--password" in r.output
    r = run("parse", FIXTURES / "pdf" / "encrypted.pdf", "--password", "policydoc", "--no-text")
    assert r.exit_code == 0 and json.loads(r.output)["doc_number"]


def test_extract_folder_reports_bad_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "guofa_2019_5.html", folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    import zipfile

    with zipfile.ZipFile(folder / "notes.xlsx", "w") as z:  # a spreadsheet: no reader for it
        z.writestr("xl/workbook.xml", "<workbook/>")
    out = tmp_path / "out.jsonl"
    r = run("extract", folder, "-o", out, "-j", "1", "--no-progress")
    assert r.exit_code == 1  # some file failed
    recs = {json.loads(x)["source"].split("/")[-1]: json.loads(x) for x in out.read_text("utf-8").splitlines()}
    assert set(recs) == {"guofa_2019_5.html", "broken.pdf", "notes.xlsx"}  # every file has a record
    assert recs["guofa_2019_5.html"]["doc_number"] == "国发〔2019〕5号"
    assert recs["broken.pdf"]["status"] == "error" and "broken.pdf" in recs["broken.pdf"]["error"]
    assert recs["notes.xlsx"]["status"] == "skipped" and "not a Word document" in recs["notes.xlsx"]["error"]
    assert "1 skipped" in r.output and "unsupported format ×1" in r.output
    csv_out = tmp_path / "out.csv"
    assert run("extract", folder / "guofa_2019_5.html", "-o", csv_out, "-j", "1", "--no-progress").exit_code == 0
    assert "国发〔2019〕5号" in csv_out.read_text("utf-8")


def test_eval_json():
    r = run("eval", ROOT / "corpora" / "silver" / "cases" / "gold.jsonl", "--json")
    assert r.exit_code == 0
    rep = json.loads(r.output)
    assert rep["documents"] == 8 and rep["fields"]["doc_number"]["accuracy"] == 1.0


def test_classify_text():
    r = run("classify", "研究解决劳动模范和困难职工生产生活问题", "--json")
    assert r.exit_code == 0
    assert {"model_workers", "hardship_assistance"} <= {t["id"] for t in json.loads(r.output)}


def test_every_command_has_help():
    for cmd in ("parse", "extract", "eval", "classify", "index", "search"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Usage" in r.output, cmd
    assert run("train", "topics", "--help").exit_code == 0
