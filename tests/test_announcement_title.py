"""The title of a 公告 that publishes a law, and of a covering note whose own title was lost (seen topic-corpus texts)."""
from __future__ import annotations

from pathlib import Path

import policydoc

RAW = Path(__file__).resolve().parent.parent / "corpora" / "topics" / "raw"


def test_an_announcement_is_titled_by_the_law_it_publishes():
    # 安徽省人民代表大会常务委员会公告 (十四届)第五十三号: 《…规定》已经…通过，现予公布
    doc = policydoc.parse(RAW / "anhui-xinjiuyexingtai-quanyi-guiding-2025.txt")
    assert (doc.value("title"), doc.value("doc_type"), doc.value("issuer")) == (
        "安徽省新就业形态劳动者劳动权益保障规定", "公告", "安徽省人民代表大会常务委员会")
    f = doc.fields["title"]
    assert f.rule == "announced_law" and doc.text[f.start:f.end] == "安徽省新就业形态劳动者劳动权益保障规定"


def test_a_covering_note_without_its_title_keeps_none():
    # a web copy that starts at the 主送: the 方案 it carries is not its title, and the record says so;
    # "我们制定了《…》。现印发给你们" is a covering 通知's formula
    rec = policydoc.parse(RAW / "guangxi-kuaidi-wangdian-gongshang-baoxian-fangan-2022.txt").record()
    assert (rec["title"], rec["doc_type"]) == (None, "通知")
    assert rec["transmitted"]["title"] == "推进基层快递网点优先参加工伤保险工作实施方案"
    assert "not found in this copy: title (left null)" in rec["warnings"]
