"""Integrity of the pattern tables: no duplicates, every pattern compiles, every 文种 reachable."""
from __future__ import annotations

import re

from policydoc.extract.header import doc_type_of
from policydoc.extract.region import table
from policydoc.lang.zh import common_chars, gongwen, noise


def test_fifteen_doc_types():
    assert len(gongwen.DOC_TYPES) == 15 == len(set(gongwen.DOC_TYPES))
    for t in gongwen.DOC_TYPES:
        assert doc_type_of(f"某某人民政府关于某事的{t}") == t


def test_aliases_map_to_the_fifteen():
    assert set(gongwen.DOC_TYPE_ALIASES.values()) <= set(gongwen.DOC_TYPES)


def test_patterns_compile():
    for _, rx in gongwen.HEADING_LEVELS:
        re.compile(rx)
    for rx in noise.PAGE_NUMBER_PATTERNS + noise.CHROME_LINE_PATTERNS:
        re.compile(rx)


def test_agency_codes_unique_and_plausible():
    for code, issuer in gongwen.AGENCY_CODES.items():
        assert code and issuer and len(code) <= 8


def test_region_table():
    by_code, by_name = table()
    assert len(by_code) > 3000
    for code, r in by_code.items():
        assert len(code) == 6 and code.isdigit()
        if r.parent:
            assert r.parent in by_code and code[:2] == r.parent[:2]
    assert {r.code for r in by_name["柳北区"]} == {"450205"}


def test_common_chars():
    cc = common_chars()
    assert len(cc) == 4500 and "的" in cc and "邶" not in cc


def test_topic_cue_tables():
    from policydoc.classify.taxonomy import ids
    from policydoc.lang.zh.topics import COMBOS, CUES

    assert set(CUES) == set(ids())
    for words in CUES.values():
        assert words and len(set(words)) == len(words) and all(w.strip() == w and w for w in words)
    assert set(COMBOS) <= set(ids())
    for groups in COMBOS.values():
        assert len(groups) >= 2
        for g in groups:
            assert g and len(set(g)) == len(g) and all(w.strip() == w and w for w in g)


def test_combo_cue_fires_on_worker_articles_only():
    """The 新就业形态 conjunction fires on an article about couriers' rights, not on the next one,
    about parcels (快递暂行条例 2019, 第二十条 and 第二十一条, corpora/topics/raw)."""
    from policydoc.classify.model import fit_featurizer
    from policydoc.classify.taxonomy import ids
    from policydoc.lang.zh.topics import COMBOS

    fz = fit_featurizer(["快递", "从业人员"], list)
    col = fz.dim - len(COMBOS) + [t for t in ids() if t in COMBOS].index("new_employment_forms")
    worker = fz.transform(["第二十条 经营快递业务的企业应当依法保护其从业人员的合法权益。"])
    parcel = fz.transform(["第二十一条 经营快递业务的企业在寄件人填写快递运单前，应当提醒其阅读快递服务合同条款、"
                           "遵守禁止寄递和限制寄递物品的有关规定，告知相关保价规则和保险服务项目。"])
    assert worker[0, col] == 0.7 and parcel[0, col] == 0


def test_news_marks():
    from policydoc.lang.zh.news import NEWS_MARKS

    rx = [re.compile(p) for p in NEWS_MARKS]
    assert all(not r.search("") for r in rx)  # no mark matches empty text
    # a government site's own source line and an editor's name are no mark of a report
    for official in ("来源：柳州市柳北区人民政府", "来源：中国政府网", "责任编辑：张三", "发布机构：甘肃省人大常委会"):
        assert not any(r.search(official) for r in rx), official
    for report in ("来源:《工人日报》", "黑龙江日报6月1日讯", "新华社北京5月1日电", "本报记者 李娜",
                   "2024年05月27日09:00  来源:工人日报"):
        assert any(r.search(report) for r in rx), report


def test_no_organ_name_holds_a_document_word():
    from policydoc.lang.zh import organs

    names = [*organs.DEPT_STEMS, *organs.BODIES, *organs.CENTRAL, *organs.VERTICAL, *gongwen.ORG_SUFFIXES]
    assert [n for n in names if any(w in n for w in gongwen.NOT_IN_ORGAN_NAMES)] == []
