"""Joint meeting systems: fields from real notices (several provinces and levels), distractors kept out."""
from __future__ import annotations

import pytest

import policydoc
from policydoc import parse_text
from policydoc.extract.joint_meeting import _find_frequency, split_roles

from .conftest import CORPUS, LOCAL_DOCS, SEEDS, need_shared


@pytest.fixture(scope="module")
def liubei():
    need_shared()
    return policydoc.parse(SEEDS / "003_e226338f45839dff.txt")


def test_liubei_system(liubei):
    jm = liubei["joint_meeting"]
    assert jm["kind"] == "gov_union"
    assert jm["frequency"] == {"text": "每年召开1次", "normalized": "每年1次", "per_year_min": 1, "per_year_max": 1}
    assert jm["chair"] == "区政府区长或副区长"
    assert jm["attendees"] == ["区长", "相关副区长", "区总工会班子成员"]
    assert jm["convener"] == "区总工会"
    assert jm["effective"] == "本制度自颁布之日起施行"
    assert jm["trial"] is True
    assert jm["scope_extension"].startswith("(六)各镇、街道要参照本制度")
    assert [(d["actor"], d["type"]) for d in jm["duties"]][:4] == [
        ("区政府办和区总工会", "preparation"), ("区总工会", "agenda"), ("区政府办", "coordination"),
        ("区政府办和区总工会", "supervision")]
    assert jm["duties"][0]["actor_full"] == ["柳州市柳北区人民政府办公室", "柳州市柳北区总工会"]
    assert [a["label"] for a in jm["agenda"]] == ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)"]


def test_spans_point_at_the_words(liubei):
    jm = liubei["joint_meeting"]
    for key in ("frequency", "chair", "attendees", "effective"):
        sp = jm["spans"][key]
        assert liubei.text[sp["start"]:sp["end"]] in {"每年召开1次", "区政府区长或副区长", "区长、相关副区长和区总工会班子成员",
                                                       "本制度自颁布之日起施行"}, key


def test_majiang_county_roles():
    jm = policydoc.parse(LOCAL_DOCS / "005_majiang_gov_union.txt")["joint_meeting"]
    assert jm["chair"] == "县人民政府联系工会工作的副县长或委托县政府办公室相关副主任"
    assert jm["convener"] == jm["chair"] and jm["proposer"] == "县总工会"
    assert jm["attendees"] == ["县人民政府县长", "副县长", "县总工会主席", "县政府办公室主任", "副主任", "县总工会副主席"]
    assert jm["invited"] == ["县委主管工会的副书记", "常务副县长", "县委有关领导"]


def test_sides_keep_their_side():
    jm = policydoc.parse(LOCAL_DOCS / "013_yueqing_gov_union.txt")["joint_meeting"]
    assert jm["sides"]["政府方面"] == ["市长或工作联系的副市长", "市政府直属有关单位负责人"]
    assert jm["sides"]["工会方面"][:3] == ["主席", "副主席", "常委"]


def test_a_bare_body_word_qualifies_the_role_after_it():
    # "部门、产业(公司)、系统工会负责人": 部门 alone is no attendee, it shares 工会负责人 with the items after it
    jm = policydoc.parse(LOCAL_DOCS / "013_yueqing_gov_union.txt")["joint_meeting"]
    assert jm["sides"]["工会方面"] == ["主席", "副主席", "常委", "部门、产业(公司)、系统工会负责人"]
    assert jm["attendees"][-1] == "部门、产业(公司)、系统工会负责人"


def test_inter_department_system_is_non_union():
    need_shared()
    jm = policydoc.parse(CORPUS / "docs" / "032.html")["joint_meeting"]
    assert jm["kind"] == "non_union"
    assert jm["frequency"]["normalized"] == "每年2次" and "临时召开" in jm["frequency"]["ad_hoc"]
    assert jm["chair"] == "召集人或召集人委托的副召集人"


def test_mention_in_unrelated_opinion_is_not_a_system():
    need_shared()
    assert policydoc.parse(CORPUS / "docs" / "021.html")["joint_meeting"] is None  # 市场监管 联席会议 in passing
    assert policydoc.parse(LOCAL_DOCS / "016_xiamen_gonghui_shishi_yijian.txt")["joint_meeting"]["kind"] == "related"


@pytest.mark.parametrize("sentence,norm", [
    ("区政府与区总工会联席会议原则上每年召开1次", "每年1次"),
    ("联席会议原则上每年举行一次,如遇特殊情况可临时召开", "每年1次"),
    ("联席会议原则上每年召开两次会议", "每年2次"),
    ("联席会议每年召开一至两次", "每年1至2次"),
    ("联席会议每半年召开一次", "每半年1次"),
    ("联席会议每季度召开一次", "每季度1次"),
])
def test_frequency_phrases(sentence, norm):
    doc = parse_text("政府与工会联席会议制度\n" + sentence + "。")
    assert _find_frequency(doc)[0]["normalized"] == norm


def test_citation_is_not_taken():
    doc = parse_text("某县人民政府与县总工会联席会议制度\n根据《某市政府与工会联席会议每年召开两次的规定》（某政发〔2010〕3号），制定本制度。")
    assert doc["joint_meeting"]["frequency"] is None


def test_split_roles():
    assert split_roles("县人民政府县长、副县长、县总工会主席") == ["县人民政府县长", "副县长", "县总工会主席"]
    assert split_roles("其他相关部门和单位") == ["其他相关部门和单位"]
