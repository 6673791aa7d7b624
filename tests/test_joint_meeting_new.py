"""Joint meetings on the SEEN half of corpora/jointmeeting (new sources): the failure classes it showed.

Each fix is checked on the real seen document that showed it, with exact values, plus focused unit
cases. The blind half of corpora/jointmeeting is never used here.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import policydoc
from policydoc import parse_text
from policydoc.extract.joint_meeting import _find_frequency, kind_of

JM = Path(__file__).resolve().parents[1] / "corpora" / "jointmeeting"


def _doc(name: str):
    return policydoc.parse(JM / "docs" / name)


def _jm(doc):
    f = doc.fields.get("joint_meeting")
    return f.value if f else None


@pytest.fixture(scope="module")
def taoyuan():
    return _doc("04_taoyuan_fuxiban_xiehui_lianxi_zhidu.txt")


def test_month_rhythm_and_listed_attendees(taoyuan):
    """桃源县 (Hunan): "每两月召开一次" and "会议出席人员：…" (traditional mirror with pinyin noise)."""
    jm = _jm(taoyuan)
    assert jm["kind"] == "non_union"
    assert {k: jm["frequency"][k] for k in ("text", "normalized", "per_year_min", "per_year_max")} == {
        "text": "每两月召开一次", "normalized": "每2个月1次", "per_year_min": 6, "per_year_max": 6}
    assert jm["convener"] == jm["chair"] == "县富硒功能农业开发工作领导小组副组长"
    assert jm["attendees"] == ["县富硒功能农业开发工作领导小组副组长", "县富硒办主任或常务副主任", "副主任", "相关工作人员",
                               "县富硒产业协会会长", "执行会长兼秘书长", "副会长", "副秘书长", "“五部一室”负责人", "其他相关人员"]
    sp = jm["spans"]["attendees"]
    assert taoyuan.text[sp["start"]:sp["end"]].startswith("县富硒功能农业开发工作领导小组副组长、县富硒办主任")
    assert taoyuan.text[sp["start"]:sp["end"]].endswith(";其他相关人员")


def test_same_level_union_makes_it_related():
    """连云港 意见: governments may hold "座谈会或联席会议" with the 同级工会 — related, not a system."""
    jm = _jm(_doc("01_lianyungang_zhenggong_lianxi_yijian.txt"))
    assert jm["kind"] == "related"
    assert jm["frequency"] is None and jm["attendees"] == []


def test_inter_department_rules_are_non_union():
    """国办函〔2003〕49号 on 部际联席会议 in general: non_union, and no meeting fields invented."""
    jm = _jm(_doc("03_guobanhan_2003_49_buji_lianxi_shenpi.txt"))
    assert jm["kind"] == "non_union"
    assert (jm["frequency"], jm["chair"], jm["convener"], jm["attendees"], jm["observers"]) == (None, None, None, [], [])


def test_government_meeting_rules_are_not_joint_meetings():
    """大庆 常务会议制度: 主持/出席/列席 and frequencies, but no joint meeting — no joint_meeting record."""
    assert _jm(_doc("05_daqing_changwuhuiyi_zhidu_tongzhi.txt")) is None


@pytest.mark.parametrize("sentence, normalized", [
    ("联席会议每两个月召开一次。", "每2个月1次"),
    ("联席会议原则上隔月召开一次。", "每2个月1次"),
    ("联席会议每3个月召开一次。", "每季度1次"),
    ("联席会议每六个月召开一次。", "每半年1次"),
    ("联席会议每月召开一次。", "每月1次"),
])
def test_month_counted_frequencies(sentence, normalized):
    assert _find_frequency(parse_text(sentence))[0]["normalized"] == normalized


def test_same_level_union_clause_unit():
    doc = parse_text("关于加强政府与工会联系的意见\n各县区人民政府：\n可以定期通过与同级工会召开联席会议等形式，听取工会的意见。")
    assert kind_of(doc) == "related"


def test_inter_body_title_with_union_is_not_non_union():
    doc = parse_text("关于部际联席会议审批程序的通知\n各部委：\n部际联席会议应从严控制。")
    assert kind_of(doc) == "non_union"
    doc = parse_text("关于省政府与省总工会联席会议的通知\n各市人民政府：\n省政府与省总工会联席会议每年召开一次。")
    assert kind_of(doc) != "non_union"


def test_listed_attendees_need_a_role():
    """"参加人员为…" is read only when the list starts with a role, so prose after the colon is not taken."""
    text = ("某县人民政府与县总工会联席会议制度\n一、联席会议每年召开一次。\n"
            "二、参加人员为县长、分管副县长、县总工会主席。\n三、会议的人员安排:根据议题确定。")
    jm = policydoc.parse_text(text)["joint_meeting"]
    assert jm["attendees"] == ["县长", "分管副县长", "县总工会主席"]


def test_split_eval_reports_joint_meeting_fields_per_split():
    """`policydoc eval corpora/jointmeeting/gold.jsonl --all-fields` scores the joint-meeting fields per split."""
    from policydoc.evaluate import evaluate_splits

    gold = [json.loads(x) for x in (JM / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    assert {g["split"] for g in gold} == {"seen", "blind"}
    assert "is_joint_meeting_system" not in evaluate_splits(JM / "gold.jsonl")["seen"].fields  # header fields only
    reps = evaluate_splits(JM / "gold.jsonl", all_fields=True)
    assert set(reps) == {"seen", "blind"}
    seen = reps["seen"].fields
    assert seen["is_joint_meeting_system"].labelled == 9 and seen["meeting_frequency"].labelled == 2
    # the seen half is the one the rules were fixed on: every joint-meeting field exact there
    for name in ("is_joint_meeting_system", "meeting_frequency", "chair", "attendees", "convener", "observers"):
        assert seen[name].accuracy == 1.0, name
