"""The one segmenter: rjieba and jieba agree on real text; jieba's cache stays in a private folder."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from policydoc import segmenter
from policydoc.classify.segment import jieba_cut
from policydoc.extract.joint_meeting import tokens

ROOT = Path(__file__).resolve().parent.parent
SEGMENTS = ROOT / "corpora" / "topics" / "segments.jsonl"


def test_engines_agree_on_corpus_sample():
    # every 10th labelled segment (1,039 real texts): rjieba's words equal jieba's, HMM on and off
    texts = [json.loads(line)["text"] for line in SEGMENTS.read_text(encoding="utf-8").splitlines()[::10]]
    ref, fast = segmenter.get("domain", "jieba"), segmenter.get("domain", "rjieba")
    for hmm in (True, False):
        diff = [t for t in texts if ref.cut(t, hmm) != fast.cut(t, hmm)]
        assert diff == []


def test_unknown_runs_split_like_jieba():
    # jieba's HMM splits unknown non-Han runs (jieba-rs keeps them whole): 2017 - 2020, 4.5 cm
    text = "实施期限为2017-2020年，邮箱ghtj@163.com，直径4.5cm"
    assert segmenter.get("domain", "rjieba").cut(text) == segmenter.get("domain", "jieba").cut(text)
    assert "2017-2020" not in segmenter.get("domain", "rjieba").cut(text)


def test_domain_dictionary_and_tags():
    sg = segmenter.get("domain")
    assert "困难职工" in sg.cut("加强困难职工帮扶")
    assert sg.cut("困难职工", hmm=False) == ["困难职工"]
    for engine in segmenter.ENGINES:
        assert segmenter.get("domain", engine).cut("新就业形态劳动者", hmm=False) == ["新就业形态", "劳动者"]
        assert segmenter.get("base", engine).cut("新就业形态劳动者", hmm=False) == ["新", "就业", "形态", "劳动者"]
    assert sg.tag("相关副区长") == "nrole" and sg.tag("区总工会") == "norg" and sg.tag("帮扶") is None
    assert jieba_cut("落实劳模待遇和困难职工帮扶") == ["落实", "劳模", "待遇", "和", "困难职工", "帮扶"]
    assert [w for w, t in tokens("区长、相关副区长和区总工会班子成员出席会议") if t != "x"] == [
        "区长", "相关副区长", "和", "区总工会", "班子成员"]


def test_version_names_engine_and_dictionary():
    a, b = segmenter.get("domain", "jieba"), segmenter.get("domain", "rjieba")
    assert a.version.startswith("jieba-") and b.version.startswith("rjieba-")
    assert a.version.split("/")[1] == b.version.split("/")[1]  # the same words
    assert segmenter.get("base", "rjieba").version != b.version


def test_engine_choice(monkeypatch):
    monkeypatch.setenv("POLICYDOC_SEGMENTER", "jieba")
    assert segmenter.default_engine() == "jieba"
    monkeypatch.setenv("POLICYDOC_SEGMENTER", "hanlp")
    with pytest.raises(ValueError, match="rjieba"):
        segmenter.default_engine()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_cache_dir_is_private(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYDOC_CACHE_DIR", str(folder))
    assert segmenter.cache_dir() == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o777)  # a folder others can write (a planted cache could be in it): not used
    assert segmenter.cache_dir() is None
    monkeypatch.setenv("POLICYDOC_CACHE_DIR", str(tmp_path / "file"))
    (tmp_path / "file").write_text("x")
    assert segmenter.cache_dir() is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_jieba_never_reads_the_shared_temp_cache(tmp_path, monkeypatch):
    import tempfile

    # a cache planted where jieba looks by default (the shared temp folder) must not be read
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    (shared / "jieba.cache").write_bytes(b"planted, not a marshal dump")
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setenv("POLICYDOC_CACHE_DIR", str(tmp_path / "mine"))
    tk = segmenter._jieba_tokenizer()
    assert Path(tk.tmp_dir) == tmp_path / "mine"
    assert (tmp_path / "mine" / "jieba.cache").exists()
    assert (shared / "jieba.cache").read_bytes() == b"planted, not a marshal dump"
    assert tk.lcut("劳动模范") == ["劳动模范"]
    # no private folder to be had: a fresh folder of our own, still not the shared one
    (tmp_path / "mine").chmod(0o777)
    tk = segmenter._jieba_tokenizer()
    assert Path(tk.tmp_dir).parent == shared and stat.S_IMODE(Path(tk.tmp_dir).stat().st_mode) == 0o700
