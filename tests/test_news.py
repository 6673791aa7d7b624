"""Facts from the news seeds (the texts stay in ../shared; only figures are asserted here)."""
from __future__ import annotations

import policydoc

from .conftest import SEEDS, need_shared


def test_heilongjiang_report():
    need_shared()
    n = policydoc.parse(SEEDS / "000_5850a3e59fa7bd6f.txt")["news"]
    assert n["region"]["province"] == "黑龙江省"
    assert n["date"]["value"] == "2023-02-06"
    assert [(r["what"], r["from"], r["to"]) for r in n["rates"]] == [("联席会议召开率", "79.9%", "100%")]
    assert [(m["yuan"], m["annual"]) for m in n["money"]] == [(30000000.0, True)]


def test_tibet_report_agenda():
    need_shared()
    doc = policydoc.parse(SEEDS / "001_220e5d161991d45d.txt")
    n = doc["news"]
    assert n["region"]["province"] == "西藏自治区"
    (a,) = n["agenda"]
    assert a["count"] == 5 and len(a["items"]) == 5 and a["items"][2] == "落实自治区劳模待遇"
    assert doc.text[a["start"]:a["end"]] == a["text"]
    assert ("联席会议建制率", None, "100%") in [(r["what"], r["from"], r["to"]) for r in n["rates"]]


def test_official_documents_have_no_news_block():
    need_shared()
    assert policydoc.parse(SEEDS / "003_e226338f45839dff.txt")["news"] is None
