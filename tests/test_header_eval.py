"""The header evaluation sets: a frozen blind split that nothing trains or tunes on, and the eval command."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEADERS = ROOT / "corpora" / "headers"



def _lines(name: str) -> list[dict]:
    return [json.loads(x) for x in (HEADERS / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def test_blind_split_is_frozen():
    """A group frozen on one side stays there; new groups may only be added (by the same hash rule)."""
    split = json.loads((HEADERS / "split.json").read_text(encoding="utf-8"))
    side = {g: "blind" for g in split["blind_groups"]} | {g: "seen" for g in split["seen_groups"]}
    frozen = [ln.split("\t") for ln in (HEADERS / "FROZEN_GROUPS.tsv").read_text(encoding="utf-8").splitlines()
              if ln and not ln.startswith("#")]
    assert len(frozen) >= 100
    for group, was in frozen:
        assert side.get(group) == was, group


def test_split_files_agree_with_the_frozen_groups():
    split = json.loads((HEADERS / "split.json").read_text(encoding="utf-8"))
    blind = set(split["blind_groups"])
    assert not blind & set(split["seen_groups"])
    for name in ("silver.jsonl", "gold.jsonl"):
        for r in _lines(name):
            if r["split"] == "blind":
                assert r["group"] in blind, r.get("id") or r["file"]
    ids = {r.get("id") or r["file"] for name in ("silver.jsonl", "gold.jsonl") for r in _lines(name) if r["split"] == "blind"}
    assert ids == set(split["blind_ids"])


def test_the_builder_reproduces_the_committed_sets(tmp_path):
    """Rebuilding from the sources gives the same split (deterministic, no hand edits)."""
    before = {n: (HEADERS / n).read_bytes() for n in ("silver.jsonl", "gold.jsonl", "split.json", "blind2.jsonl")}
    subprocess.run([sys.executable, str(HEADERS / "build_sets.py")], check=True, cwd=ROOT, capture_output=True)
    after = {n: (HEADERS / n).read_bytes() for n in before}
    assert before == after


def test_nothing_trains_on_a_blind_group():
    from policydoc.train_lines import training_docs

    blind = set(json.loads((HEADERS / "split.json").read_text(encoding="utf-8"))["blind_groups"])
    docs = training_docs(ROOT)
    assert docs and all(g["group"] not in blind and g["split"] == "seen" for g, _ in docs)


def test_nothing_trains_on_blind2():
    """The third side (hand-labelled copies from sites no other set draws on) is never a training document,
    and no blind2 text is a copy of one."""
    from policydoc.train_lines import training_docs

    b2 = _lines("blind2.jsonl")
    assert len(b2) >= 15 and all(r["split"] == "blind2" and r["group"].startswith("blind2@") for r in b2)
    trained = {p.resolve() for _, p in training_docs(ROOT)}
    assert not trained & {(HEADERS / r["file"]).resolve() for r in b2}
    trained_text = {p.read_text(encoding="utf-8")[:200] for p in trained}
    assert not trained_text & {(HEADERS / r["file"]).read_text(encoding="utf-8")[:200] for r in b2}


def test_blind2_labels_are_printed_in_their_copies():
    """A blind2 label names what the normalised copy prints (title, issuer(s), number, each recipient)."""
    import re

    from policydoc.evaluate import _norm_text
    from policydoc.pipeline import Pipeline, parse

    pipe = Pipeline(["normalize"])
    for r in _lines("blind2.jsonl"):
        text = _norm_text(parse(str(HEADERS / r["file"]), pipeline=pipe).text)
        # a joint document's issuer is its organs joined by 、 (each one is checked in issuers)
        issuer = r.get("issuer") if "、" not in (r.get("issuer") or "") else None
        wanted = [r.get("title"), issuer, r.get("doc_number")] + list(r.get("issuers") or [])
        wanted += [q for p in r.get("recipients") or [] for q in re.split(r"[、，,；;]", _norm_text(p))]
        for w in wanted:
            assert not w or _norm_text(w) in text, (r["id"], w)


def test_silver_labels_are_attested_in_their_documents():
    """Every silver label kept for scoring is printed in the copy (the rest are under "unattested")."""
    import re

    for r in _lines("silver.jsonl")[:80]:
        text = (HEADERS / r["file"]).read_text(encoding="utf-8")
        flat = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", text)).translate(str.maketrans("（）：，", "():,"))
        if "title" in r:
            assert re.sub(r"\s+", "", r["title"]).translate(str.maketrans("（）：，", "():,")) in flat, r["id"]


def test_line_model_training_is_deterministic(tmp_path):
    pytest.importorskip("pycrfsuite", reason="python-crfsuite is the [crf] extra")
    from policydoc.train_lines import train

    meta = train(ROOT, tmp_path)
    shipped = json.loads((ROOT / "models" / "lines" / "meta.json").read_text(encoding="utf-8"))
    assert meta["sha1"] == shipped["sha1"]


def test_a_damaged_line_model_is_a_typed_error_and_never_stops_extraction(tmp_path, monkeypatch):
    pytest.importorskip("pycrfsuite", reason="python-crfsuite is the [crf] extra")
    from policydoc.errors import ModelError
    from policydoc.evaluate import header_extract
    from policydoc.structure import lines

    bad = tmp_path / "lines.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="not a CRFsuite model"):
        lines._tagger(str(bad))
    monkeypatch.setattr(lines, "MODEL_DIR", tmp_path)
    lines._tagger.cache_clear()
    rec = header_extract(str(ROOT / "corpora/topics/raw/anshan-quanmian-zhili-tuoqian-nongmingong-gongzi-shishi-yijian-2016.txt"))
    lines._tagger.cache_clear()
    assert rec["doc_number"] == "鞍政办发〔2016〕109号"
    assert any("header fields from the rules only" in w for w in rec["warnings"])
