"""No silent nulls: a header field that is not found is named in a warning, and a regulation that
names a union is a document, not a news report.

Real official texts of the topic corpus (corpora/topics/raw, sources in SOURCES.tsv) and the news
seeds in ../shared.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import policydoc
from policydoc.extract.header_check import EXPECTED_FIELDS

from .conftest import SEEDS, need_shared

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpora" / "topics" / "raw"


def seen_topic_texts() -> list[Path]:
    """Topic-corpus texts on the seen side of every split (the header sets' and the topic blind lists)."""
    seen = set()
    for line in open(ROOT / "corpora" / "headers" / "silver.jsonl", encoding="utf-8"):
        r = json.loads(line)
        if r["split"] == "seen" and r["file"].startswith("../topics/raw/"):
            seen.add(r["file"].rsplit("/", 1)[1])
    held = set()
    for name in ("blind_sources.txt", "blind2_sources.txt", "blind3_sources.txt"):
        held |= {ln.strip() for ln in open(ROOT / "corpora" / "topics" / name, encoding="utf-8") if ln.strip()}
    return sorted(RAW / n for n in seen if n[:-4] not in held)
NULL_CODES = ("fields_missing", "header_missing", "no_header")


def test_a_law_copy_without_signature_names_what_it_lacks():
    # 天津市工会劳动法律监督条例 as a law database gives it: title and articles, no 发布机关, no date
    rec = policydoc.parse(RAW / "tianjin-gonghui-laodong-falv-jiandu-tiaoli-2020.txt").record()
    assert (rec["title"], rec["doc_type"], rec["issuer"], rec["date"]) == ("天津市工会劳动法律监督条例", "条例", None, None)
    assert rec["warnings"] == ["not found in this copy: issuer, date (left null)"]
    assert rec["status"] == "warning"


@pytest.mark.parametrize("name", ["anhui-jiti-hetong-tiaoli-2010", "guangdong-shehui-jiuji-tiaoli-2010",
                                  "jiangsu-jiti-hetong-tiaoli-2004", "cup-jingka-huiyuan-xinxi-tongzhi-2017-norm"])
def test_regulations_and_notices_that_name_unions_are_not_news(name):
    # each names 工会 and opens with a province or city: that used to make it a "news report" (kind news
    # in the index, no header warnings)
    path = next(RAW.glob(name + "*.txt"))
    rec = policydoc.parse(path).record()
    assert rec.get("news") is None


def test_news_reports_stay_news():
    need_shared()
    for seed in ("000_5850a3e59fa7bd6f", "001_220e5d161991d45d", "002_dd97a22918ae5a23", "004_f38fe2e07d6e0647"):
        rec = policydoc.parse(SEEDS / f"{seed}.txt").record()
        assert rec["news"]["region"]["province"], seed
        assert not [w for w in rec["warnings"] if "not found in this copy" in w or "no header field" in w], seed


def test_every_null_header_field_is_named_in_a_warning():
    # every 2nd seen text of the topic corpus (official texts of all kinds, complete and cut-off copies)
    paths = seen_topic_texts()[::2]
    assert len(paths) > 100
    silent = []
    for p in paths:
        doc = policydoc.parse(p)
        if doc.value("news"):
            continue
        said = " ".join(n.message for n in doc.notices if n.code in NULL_CODES)
        codes = {n.code for n in doc.notices}
        for f in EXPECTED_FIELDS:
            if doc.value(f) in (None, "", []) and f not in said and not codes & {"header_missing", "no_header"}:
                silent.append((p.name, f))
    assert silent == []


def test_plain_text_that_is_no_document_says_so():
    doc = policydoc.parse_text("今天天气很好，我们去公园散步。")
    assert [n.code for n in doc.notices] == ["no_header"]


def test_a_report_on_another_subject_is_not_asked_for_a_header():
    # a news report that names no union (so no news facts are read) is still a report, not a failed 公文
    doc = policydoc.parse_text("新华社北京5月1日电 财政部今天发布消息，今年前四个月全国税收收入同比增长。")
    assert doc.notices == [] and doc.value("news") is None
