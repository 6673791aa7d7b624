"""Extraction on a real Dask LocalCluster (2 worker processes) against the local ``-j 1`` batch.

Real documents: examples/, tests/fixtures (PDF, DOCX, TXT, an encrypted and a scanned PDF),
../shared seeds and corpus when present; bad files made in tmp_path. One cluster serves the
module (starting one costs ~2 s).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason='needs the [dask] extra: pip install "policydoc[dask]"')

from policydoc import batch, distributed  # noqa: E402

from .conftest import CORPUS, FIXTURES, ROOT, SEEDS  # noqa: E402


def _docs() -> list[Path]:
    paths = [ROOT / "examples", FIXTURES / "pdf", FIXTURES / "docx", FIXTURES / "txt"]
    if SEEDS.exists():
        paths += [SEEDS, CORPUS / "docs"]
    return paths


@pytest.fixture(scope="module", autouse=True)
def _no_ocr():
    """scanned.pdf stays an error record on both sides (OCR would only add minutes, and time-outs under load)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLICYDOC_OCR", "never")  # set before the cluster starts: its workers inherit it
        yield


@pytest.fixture(scope="module")
def client():
    c = distributed.connect("local:2")
    yield c
    distributed.close(c)


@pytest.fixture(scope="module")
def local_records(tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("j1") / "j1.jsonl"
    batch.extract(_docs(), out, jobs=1)
    return _records(out)


def _records(path: Path) -> dict[str, dict]:
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_source = {r["source"]: r for r in recs}
    assert len(by_source) == len(recs), "a file was written twice"
    return by_source


def _assert_same(got: dict[str, dict], want: dict[str, dict]) -> None:
    assert sorted(got) == sorted(want)
    for src, rec in want.items():
        for key in rec.keys() | got[src].keys():
            assert got[src].get(key) == rec.get(key), f"{src}: field {key} differs"


def test_records_equal_the_local_batch(client, local_records, tmp_path):
    out = tmp_path / "dask.jsonl"
    s = batch.extract(_docs(), out, timeout=120, runner=distributed.dask_runner(client))
    got = _records(out)
    assert len(got) >= 30 and s.total == len(got)
    _assert_same(got, local_records)
    # the typed errors survive the trip: the encrypted PDF is an error record naming the file
    enc = got[str(FIXTURES / "pdf" / "encrypted.pdf")]
    assert enc["status"] == "error" and "encrypted.pdf" in enc["error"] and enc["content_hash"]
    assert any(r["doc_number"] == "柳北政发〔2025〕2号" for r in got.values())


def test_models_load_once_per_worker(client, local_records, tmp_path):
    before = distributed.plugin_stats(client)
    batch.extract(_docs(), tmp_path / "o.jsonl", runner=distributed.dask_runner(client))
    after = distributed.plugin_stats(client)
    assert len(after) == 2
    done = sum(after[w]["tasks"] - before.get(w, {"tasks": 0})["tasks"] for w in after)
    assert done == len(local_records)
    for st in after.values():
        assert st["loads"] == 1  # once at worker start, whatever the number of tasks
        assert st["tasks"] > 1 and st["forks"] <= 2


def test_bad_files_are_records_and_resume(client, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "junk.docx").write_bytes(os.urandom(3000))
    good = (FIXTURES / "pdf" / "003.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 3])
    shutil.copy(FIXTURES / "pdf" / "003.pdf", folder / "003.pdf")
    out = tmp_path / "o.jsonl"
    run = distributed.dask_runner(client)
    s = batch.extract([folder], out, runner=run)
    recs = _records(out)
    assert s.total == 4 and s.error + s.skipped == 3
    local = tmp_path / "local.jsonl"
    batch.extract([folder], local, jobs=1)
    _assert_same(recs, _records(local))
    for name in ("empty.pdf", "junk.docx", "truncated.pdf"):
        r = recs[str(folder / name)]
        assert r["status"] in ("error", "skipped") and name in r["error"], r["error"]
    assert recs[str(folder / "003.pdf")]["doc_number"] == "柳北政发〔2025〕2号"
    # an interrupted output (last line cut) is resumed: only the cut file is redone
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:-1]) + lines[-1][:20], encoding="utf-8")
    s2 = batch.extract([folder], out, resume=True, runner=run)
    assert (s2.resumed, s2.total) == (3, 1)
    assert _records(out) == recs


def test_timeout_kills_the_parser_not_the_worker(client, tmp_path):
    pdf = FIXTURES / "pdf" / "033.pdf"
    from policydoc.limits import Limits

    rec, secs = client.submit(distributed.extract_task, str(pdf), None, Limits(timeout=0.001), pure=False).result()
    assert rec["status"] == "error" and rec["error_kind"] == "timed out" and "033.pdf" in rec["error"]
    assert "the worker was stopped" in rec["error"]
    # the same worker goes on with a fresh parser forked from the loaded worker
    rec, _ = client.submit(distributed.extract_task, str(pdf), None, Limits(timeout=60), pure=False).result()
    assert rec["status"] != "error"
    assert all(st["loads"] == 1 for st in distributed.plugin_stats(client).values())


def test_a_killed_worker_loses_no_file(client, local_records, tmp_path):
    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    out = tmp_path / "killed.jsonl"
    seen = []

    def on_record(rec, secs):
        seen.append(rec["source"])
        if len(seen) == 3:  # mid-run: the other tasks of this worker are queued or running
            os.kill(victim, signal.SIGKILL)

    s = batch.extract(_docs(), out, runner=distributed.dask_runner(client), on_record=on_record)
    assert victim not in client.run(os.getpid).values()
    got = _records(out)
    assert s.total == len(local_records)
    _assert_same(got, local_records)
    client.wait_for_workers(2, timeout=60)  # the nanny brought a new worker up, with the plugin
    assert all(st is not None and st["loads"] == 1 for st in distributed.plugin_stats(client).values())


def test_bag_dataframe_parquet_and_urls(client, local_records, tmp_path):
    pytest.importorskip("pandas", reason='dataframes need the [dask] extra: pip install "policydoc[dask]"')
    seed = FIXTURES / "txt" / "034_pdftotext.txt"
    url = "file://" + str(seed)
    bag = distributed.extract_bag(client, [ROOT / "examples", url])
    recs = bag.compute()
    by_source = {r["source"]: r for r in recs}
    assert by_source[url]["doc_number"] == local_records[str(seed)]["doc_number"]
    assert by_source[url]["content_hash"] == local_records[str(seed)]["content_hash"]
    for p in (ROOT / "examples").iterdir():
        if str(p) in local_records:
            assert by_source[str(p)] == local_records[str(p)]
    n_notices = bag.filter(lambda r: r["doc_type"] == "通知").count().compute()
    assert n_notices == sum(r["doc_type"] == "通知" for r in recs)
    df = distributed.to_dataframe(bag).compute()
    assert sorted(df["source"]) == sorted(by_source)
    pq = pytest.importorskip("pyarrow.parquet")
    distributed.to_parquet(bag, tmp_path / "parts")
    parts = sorted((tmp_path / "parts").glob("*.parquet"))
    assert len(parts) == bag.npartitions
    table = pq.read_table(tmp_path / "parts")
    assert sorted(table.column("source").to_pylist()) == sorted(by_source)
    bad = distributed.extract_bag(client, ["file:///nonexistent/x.pdf"]).compute()
    assert bad[0]["status"] == "error" and "x.pdf" in bad[0]["error"]


def test_cli_scheduler(tmp_path):
    from click.testing import CliRunner

    from policydoc.cli import main

    out = tmp_path / "o.jsonl"
    res = CliRunner().invoke(main, ["extract", str(ROOT / "examples"), "--scheduler", "local:1", "-o", str(out),
                                    "--no-progress"])
    assert res.exit_code == 0, res.output
    recs = _records(out)
    assert len(recs) == 5 and recs[str(ROOT / "examples" / "README.md")]["status"] == "skipped"
    res = CliRunner().invoke(main, ["extract", str(ROOT / "examples"), "--scheduler", "nowhere"])
    assert res.exit_code == 2 and "tcp://HOST:8786" in res.output
