"""Sixth round of #13: causes shown by NEW seen sources (corpora/headers/gold6/, sites no older set uses).

Each case is a real seen document of gold6/ as found on its page (see SOURCES.md); expected values are exact and
equal to its hand label. No blind or blind2 document is used.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from policydoc.evaluate import header_extract

ROOT = Path(__file__).resolve().parents[1]
GOLD6 = ROOT / "corpora" / "headers" / "gold6"


def _label(name: str) -> dict:
    for line in (GOLD6 / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["file"] == name:
            return r
    raise KeyError(name)


def _got(name: str) -> dict:
    return header_extract(str(GOLD6 / name))


def test_an_order_number_after_the_pages_address_is_read():
    """潍坊市人民政府令 / "Original URL: http://…" / 第77号: the page's address ran into the number line."""
    got = _got("s01.txt")
    assert got["doc_number"] == "潍坊市人民政府令第77号"
    assert got["issuer"] == "潍坊市人民政府" and got["doc_type"] == "命令"


def test_a_title_behind_an_advert_and_its_address_and_tag_leftovers():
    """"沈阳白癜风医院 http://baidianfeng.39.net/西平县…的通知", 主送 without its colon, "/p>" lines."""
    lab, got = _label("s19.txt"), _got("s19.txt")
    assert got["title"] == lab["title"] == "西平县防汛抗早指挥部关于加强小洪河堤防值守的通知"
    assert got["recipients"] == lab["recipients"] == ["各乡镇(街道)、县直有关单位"]
    assert got["doc_type"] == "通知"


def test_a_title_from_a_metadata_table_loses_the_tables_borders():
    """"标题:…的通知 | |": the title and so its 文种."""
    got = _got("s18.txt")
    assert got["title"] == "长治市潞城区人民政府关于公布第一批区级非物质文化遗产代表性项目名录的通知"
    assert got["doc_type"] == "通知"


def test_a_governments_own_office_in_a_run_together_signature_is_one_body():
    """"迪庆州人民政府法制办公室 2016年12月1日 ----…": not 迪庆州人民政府 + 法制办公室."""
    got = _got("s11.txt")
    assert got["issuer"] == "迪庆州人民政府法制办公室" and got["issuers"] == ["迪庆州人民政府法制办公室"]
    assert got["date"] == "2016-12-01"


def test_a_page_heading_cut_inside_its_brackets_is_not_the_titles_first_line():
    """"《广东省进一步加鼎力度支持民间投资生长实行" above the three lines of the printed title."""
    got = _got("s15.txt")
    assert got["title"] == _label("s15.txt")["title"]
    assert got["doc_number"] == "粤府办〔2023〕5号"


def test_a_library_lead_and_a_qualifier_line_around_the_title():
    """"第一篇:<heading>内蒙古自治区突发事件预警信息" / "发布管理办法" / "(试行)"."""
    got = _got("s10.txt")
    assert got["title"] == "内蒙古自治区突发事件预警信息发布管理办法(试行)"
    assert got["doc_type"] == "办法"


def test_recipients_that_share_the_body_of_the_last_name():
    """"祖庵、渭丰、涝店、甘河、蒋村、石井镇人民政府:" under a 批复."""
    got = _got("s14.txt")
    assert got["recipients"] == ["祖庵、渭丰、涝店、甘河、蒋村、石井镇人民政府"]
    assert got["doc_type"] == "批复"


def test_the_model_title_gives_the_doc_type():
    """Rules find no title under the congress site's menus; the line labeller's title ends in 办法."""
    pytest.importorskip("pycrfsuite", reason="python-crfsuite is the [crf] extra")
    got = _got("s09.txt")
    assert got["title"] == "阿坝藏族羌族自治州人民代表大会常务委员会机关公文处理办法"
    assert got["doc_type"] == "办法"


def test_unit_cases_of_the_mechanisms():
    from policydoc.extract.issuer import _split_joined
    from policydoc.extract.organs import is_organ
    from policydoc.normalize.boilerplate import is_chrome
    from policydoc.structure.line_shapes import glued_url_end, library_lead_end, recipients_end

    assert _split_joined("国家发展改革委办公厅税务总局办公厅") == ["国家发展改革委办公厅", "税务总局办公厅"]
    assert _split_joined("迪庆州人民政府法制办公室") == ["迪庆州人民政府法制办公室"]
    assert not is_organ("发布机构：丽水市人民政府网站")
    assert is_chrome("/p>") and is_chrome("Original URL: http://lib.sdsqw.cn/bin/mse.exe?K=d70")
    assert not is_chrome("Original URL: http://lib.sdsqw.cn/x第77号")  # what is glued to it is kept
    assert glued_url_end("关于印发《http规范》的通知") == 0
    assert library_lead_end("第一篇:甲办法乙", "甲办法") == len("第一篇:甲办法")
    assert recipients_end("甲乙、丙丁、戊镇人民政府:", after_title=False) is not None
    assert recipients_end("现将有关事项通知如下:", after_title=False) is None
