"""Copies of one document share ``fingerprint`` and ``doc_key``; different documents do not.

柳北政发〔2025〕2号 exists here as the PDF in examples/, the web-page text in examples/ and in the seeds,
the typeset PDF fixture, the DOCX fixture and the .doc made from it; 国发〔2019〕5号 as the State
Council web page, the typeset PDF (also with spaced-out glyphs), the DOCX and the .doc.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import policydoc

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
LIUBEI = [ROOT / "examples" / "liubei_zhengfa_2025_2.pdf", ROOT / "examples" / "liubei_zhengfa_2025_2_webpage.txt",
          SHARED / "seeds" / "003_e226338f45839dff.txt", ROOT / "tests" / "fixtures" / "pdf" / "003.pdf",
          ROOT / "tests" / "fixtures" / "docx" / "liubei_2025_2.docx", ROOT / "tests" / "fixtures" / "doc" / "liubei_2025_2.doc"]
GUOFA = [SHARED / "corpus" / "docs" / "021.html", ROOT / "examples" / "guofa_2019_5.html",
         ROOT / "tests" / "fixtures" / "pdf" / "021.pdf", ROOT / "tests" / "fixtures" / "pdf" / "021_spaced.pdf",
         ROOT / "tests" / "fixtures" / "docx" / "guofa_2019_5.docx", ROOT / "tests" / "fixtures" / "doc" / "guofa_2019_5.doc"]


def keys(paths, monkeypatch) -> set[tuple]:
    monkeypatch.setenv("POLICYDOC_DOC_READER", "python")
    out = set()
    for p in paths:
        if not p.exists():
            pytest.skip(f"{p} is not here (../shared beside the repository?)")
        r = policydoc.parse(p).record()
        out.add((r["fingerprint"], r["doc_key"]))
    return out


def test_copies_of_liubei_notice_agree(monkeypatch):
    got = keys(LIUBEI, monkeypatch)
    assert len(got) == 1
    fp, key = got.pop()
    assert key == "柳北政发〔2025〕2号|柳州市柳北区人民政府" and len(fp) == 32


def test_copies_of_guofa_agree_and_differ_from_liubei(monkeypatch):
    got = keys(GUOFA, monkeypatch)
    assert len(got) == 1
    fp, key = next(iter(got))
    assert key == "国发〔2019〕5号|国务院"
    assert fp not in {f for f, _ in keys(LIUBEI[:1], monkeypatch)}


def test_text_without_number_has_no_doc_key():
    r = policydoc.parse_text("关于加快南货场铁路涵洞下穿建设的函\n蚌山区政府：\n请尽快落实。\n2023年7月12日").record()
    assert r["doc_key"] is None and r["fingerprint"]
