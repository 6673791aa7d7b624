"""Labelled SEEN documents degraded the ways real copies are (benchmarks/bench_messy.py measures all of them):
each copy must give the header fields its clean parse gives.

- traditional script as a mirror site writes it (OpenCC s2t turns 复函 into 覆函, which t2s keeps);
- ASCII stand-ins for 《》, “” and 。 (web copies, OCR);
- a string with Windows line ends handed to ``parse_text``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import policydoc

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ROOT / "corpora" / "headers"
FIELDS = ("doc_number", "issuer", "title", "doc_type", "date", "recipients")
HALF = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "《": "<", "》": ">", "“": '"', "”": '"'})


def _seen(gold: str, name: str) -> tuple[dict, policydoc.Document]:
    for line in (HEADERS / gold).read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        if e["file"].endswith(name):
            assert e["split"] == "seen"
            return e, policydoc.parse(HEADERS / e["file"])
    raise AssertionError(name)


def _same_fields(e: dict, clean, copy) -> None:
    want = {k: e[k] for k in FIELDS if e.get(k) not in (None, [], "") and clean.record()[k] == e[k]}
    assert len(want) >= 3
    assert {k: copy.record()[k] for k in want} == want


@pytest.mark.parametrize("name", ["govcn/0023.html", "govcn/0042.html"])
def test_a_reply_in_traditional_script_is_a_fuhan(name):
    """国务院办公厅…的复函 as a traditional mirror prints it (…的覆函): title and 文种 come back as 复函 / 函."""
    opencc = pytest.importorskip("opencc")
    e, clean = _seen("silver.jsonl", name)
    trad = opencc.OpenCC("s2t").convert(clean.raw_text)
    assert "覆函" in trad
    copy = policydoc.parse_text(trad)
    assert copy.record()["title"].endswith("的复函") and copy.record()["doc_type"] == "函"
    assert copy.quality["script"] == "traditional"
    _same_fields(e, clean, copy)


@pytest.mark.parametrize("name", ["documents/001_luzhai_gov_union.txt", "local/013_xinjiang_wenjiuye_tongzhi.txt",
                                  "local/005_jining_shixiantongquan_yijian.txt"])
def test_ascii_punctuation_copy(name):
    """《》 typed as <>, “” as ", 。 as "." (a title wrapped over two lines included, 013)."""
    e, clean = _seen("gold.jsonl", name)
    copy = policydoc.parse_text(clean.raw_text.translate(HALF))
    _same_fields(e, clean, copy)
    # the fold keeps one character for one: the title's span still points at its raw characters
    f = copy.fields["title"]
    raw = copy.raw_text[slice(*copy.raw_span(f.start, f.end))]
    assert re.sub(r"\s", "", raw) == re.sub(r"\s", "", f.value).translate(HALF)


def test_windows_line_ends_in_a_string():
    e, clean = _seen("gold.jsonl", "local/013_xinjiang_wenjiuye_tongzhi.txt")
    copy = policydoc.parse_text(clean.raw_text.replace("\n", "\r\n"))
    _same_fields(e, clean, copy)
    assert "\r" not in copy.text


def test_angle_brackets_of_markup_stay():
    """Only Chinese between < and > is a title: leftover tags and comparisons are left alone."""
    from policydoc.mapped import MappedText
    from policydoc.normalize.chars import ascii_marks

    for s in ("<p>各基层工会：</p>", "a<b 且 c>d", '<span class="x">通知</span>'):
        assert ascii_marks(MappedText(s)).text == s
