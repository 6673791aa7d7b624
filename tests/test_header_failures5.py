"""Fifth round of #13: the issuer (and title/date where the same cause lost them) on SEEN documents degraded the
way real copies are (lost line breaks, a signature glued to the text, menus above, no signature, cut copies).

Each case is a real seen document of corpora/headers rewritten by corpora/headers/degrade_seen.py (the generated
set the causes were chosen on); expected values are exact. No blind or blind2 document is used.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from policydoc.evaluate import header_extract
from policydoc.pipeline import Pipeline, parse

ROOT = Path(__file__).resolve().parents[1]
HEADERS = ROOT / "corpora" / "headers"
_spec = importlib.util.spec_from_file_location("degrade_seen", HEADERS / "degrade_seen.py")
degrade = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(degrade)


def _seen(doc_id: str) -> dict:
    for name in ("silver.jsonl", "gold.jsonl"):
        for line in (HEADERS / name).read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if (r.get("id") or r["file"]) == doc_id:
                assert r["split"] == "seen", doc_id
                return r
    raise KeyError(doc_id)


def _variant(doc_id: str, name: str, tmp_path: Path) -> dict:
    r = _seen(doc_id)
    doc = parse(str(HEADERS / r["file"]), pipeline=Pipeline(["normalize", "structure"]))
    sig = {ln.index for ln in doc.lines if ln.zone == "signature"}
    tail = sig | {ln.index for ln in doc.lines if ln.zone == "date"}
    p = tmp_path / f"{name}.txt"
    p.write_text(degrade.variants(doc.text, sig, tail)[name], encoding="utf-8")
    return header_extract(str(p))


@pytest.mark.parametrize("doc_id, variant, issuer, date", [
    # "…请认真遵照执行。 龙里县人民政府办公室 2018年10月18日 龙里县农村人居环境整治三年行动实施方案"
    ("topics/blind-longli-renju-huanjing-fangan-2018", "sigglue", "龙里县人民政府办公室", "2018-10-18"),
    # "…请遵照执行,并请将执行中的情况及时报送给我们。 劳动部 一九九四年十二月十四日 关于企业实行…审批办法"
    ("topics/laobufa-budingshi-gongzuozhi-1994", "sigglue", "劳动部", "1994-12-14"),
    # "…(本文有删减)" after the date: 国务院办公厅 一九九六年二月五日 （本文有删减）
    ("govcn/0020", "sigglue", "国务院办公厅", "1996-02-05"),
    # the whole page one paragraph; the signature after a date range: "…截止时间:…2021年9月7日 杭州市市场监督管理局 2021年8月27日"
    ("topics/hangzhou-wangluo-canyin-waimai-peisong-jiandu-guanli-banfa-zhengqiu-yijian-2021", "flat",
     "杭州市市场监督管理局", "2021-08-27"),
])
def test_a_signature_run_on_with_the_text_is_read(doc_id, variant, issuer, date, tmp_path):
    rec = _variant(doc_id, variant, tmp_path)
    assert (rec["issuer"], rec["date"]) == (issuer, date)


@pytest.mark.parametrize("doc_id, title, issuer", [
    # menus above: "领导信息" / "统计信息" / "应急管理" stood glued to the title and its issuer
    ("topics/renshebu-dafu-0499-xinjiuyexingtai-2024", "人力资源社会保障部对十四届全国人大二次会议第0499号建议的答复",
     "人力资源社会保障部"),
    # "登录" / "注册" above the title block were read as part of it ("注册甘肃省人民政府办公厅")
    ("../../corpora/documents/015_gansu_lianxi_jiyao.txt", None, "甘肃省人民政府办公厅"),
    # the menu ended like a title ("…政策解读 公示公告"): the web heading with the number holds the real one
    ("../../corpora/local/008_panjin_dayubei_jueding.txt", "盘锦市人民政府关于表彰第二十二届农田基本建设“大禹杯”竞赛优胜单位和先进单位的决定",
     "盘锦市人民政府"),
    # the head starts below line 10: the organ of a rules title and a congress line under the title are read there
    ("topics/blind-zhenba-zhengfu-gongzuo-guize-2024", "镇巴县人民政府工作规则", "镇巴县人民政府"),
    ("topics/guizhou-laodongbaozhang-jiancha-tiaoli-2000", "贵州省劳动保障监察条例", "贵州省人民代表大会常务委员会"),
])
def test_a_page_menu_above_the_document(doc_id, title, issuer, tmp_path):
    rec = _variant(doc_id, "chrome", tmp_path)
    assert rec["issuer"] == issuer
    if title:
        assert rec["title"] == title


@pytest.mark.parametrize("doc_id, title, issuer, date", [
    # "天津市劳动监督检查规定 天津市人民政府令第87号 一九九七年九月二十四日 第一章 总则 第一条 …"
    ("topics/tianjin-laodong-jiandu-jiancha-guiding-1997", "天津市劳动监督检查规定", "天津市人民政府", "1997-09-24"),
    # "快递市场管理办法 （中华人民共和国交通运输部令2023年第22号，2023年12月17日公布，…） 第一章 …"
    ("topics/kuaidi-shichang-guanli-banfa-2023", "快递市场管理办法", "交通运输部", "2023-12-17"),
    # "《湖北省人民政府办公厅关于…的实施意见》 各市、州、县人民政府,省政府各部门: 为贯彻落实…"
    ("topics/hubei-duoqudao-linghuo-jiuye-shishi-yijian-2020", "湖北省人民政府办公厅关于鼓励和支持多渠道灵活就业的实施意见",
     "湖北省人民政府办公厅", None),
])
def test_a_flattened_page_keeps_title_and_issuer(doc_id, title, issuer, date, tmp_path):
    rec = _variant(doc_id, "flat", tmp_path)
    assert (rec["title"], rec["issuer"]) == (title, issuer)
    if date:
        assert rec["date"] == date


@pytest.mark.parametrize("doc_id, title", [
    # "绍兴黄酒保护和发展条例 2021年6月25日 绍兴市第八届人民代表大会常务委员会第三十八次会议审议通过 …"
    ("laws/0139", "绍兴黄酒保护和发展条例"),
    # "节约用水条例 第一章总则 第一条 为了促进…"
    ("laws/0421", "节约用水条例"),
    # "北京市深化改革提振消费专项行动方案 为深入贯彻落实党中央、国务院…"
    ("realestate/0024", "北京市深化改革提振消费专项行动方案"),
])
def test_a_flattened_page_opens_with_its_title(doc_id, title, tmp_path):
    assert _variant(doc_id, "flat", tmp_path)["title"] == title


def test_flattened_rules_adopted_by_a_congress(tmp_path):
    rec = _variant("topics/guangdong-shehui-jiuji-tiaoli-2010", "flat", tmp_path)
    assert rec["issuer"] == "广东省人民代表大会常务委员会"


def test_recipients_under_a_page_menu_without_a_title(tmp_path):
    """The 主送 line is the copy's first line under the menus (no title printed): it lies below line 12."""
    rec = _variant("../../corpora/documents/005_majiang_gov_union.txt", "chrome", tmp_path)
    assert rec["recipients"] == ["各乡镇人民政府、街道办事处", "县农文旅园区管委会", "县政府各部门、各直属机构"]


def test_recipients_after_a_number_on_a_flattened_line(tmp_path):
    """"…(修订)》的通知 安政办发〔2018〕20号 各乡镇人民政府、街道办事处,…:" — the number is not a recipient."""
    rec = _variant("../../corpora/documents/025_anding_yuan_tongzhi.txt", "flat", tmp_path)
    assert rec["recipients"] == ["各乡镇人民政府、街道办事处", "区政府有关部门", "省、市驻地有关单位"]


def test_the_covering_note_on_a_flattened_line_gives_the_doc_type(tmp_path):
    """One line holds title, number, 主送, "…现印发给你们…" and the signature: the title ends in 预案 (cut at a space),
    the covering note makes it a 通知."""
    assert _variant("../../corpora/documents/025_anding_yuan_tongzhi.txt", "flat", tmp_path)["doc_type"] == "通知"


def test_a_congress_heading_with_its_term_names_the_congress(tmp_path):
    """"深圳市第七届人民代表大会常务委员会" / "公 告" / "第二〇〇号" with the signature gone."""
    rec = _variant("topics/shenzhen-renda-xinjiuyexingtai-quanyi-jueding-2025", "nosig", tmp_path)
    assert rec["issuer"] == "深圳市人民代表大会常务委员会"


def test_a_signature_whose_date_is_lost(tmp_path):
    """The second page of a copy: "…同时废止。" / "牟定县人民政府办公室" / "(此件公开发布)" / "{ 2017 6 23"."""
    rec = _variant("../../corpora/documents/027_mouding_yuan_tongzhi.txt", "tail", tmp_path)
    assert rec["issuer"] == "牟定县人民政府办公室"


def test_the_pages_issuer_metadata_is_used_and_its_publisher_is_not(tmp_path):
    """A seen notice without its signature, under a metadata block: 发文机关 names the issuer, 发布机构 the site."""
    r = _seen("topics/lishui-xinjiuyexingtai-fangan-zhengqiu-yijian-2022")
    doc = parse(str(HEADERS / r["file"]), pipeline=Pipeline(["normalize", "structure"]))
    sig = {ln.index for ln in doc.lines if ln.zone == "signature"}
    body = degrade.variants(doc.text, sig)["nosig"]
    p = tmp_path / "meta.txt"
    p.write_text("发布机构：丽水市人民政府网站\n" + body, encoding="utf-8")
    assert header_extract(str(p)).get("issuer") is None  # the publisher is not the issuer
    p.write_text("发文机关：丽水市人力资源和社会保障局\n发布机构：丽水市人民政府网站\n" + body, encoding="utf-8")
    rec = header_extract(str(p))
    assert rec["issuer"] == "丽水市人力资源和社会保障局" and rec["_rule"]["issuer"] == "labelled_line"
    # an HTML page's metadata table is read by the normaliser into site_metadata: the same answer from there
    html = "<html><body><table><tr><td>发文机关：</td><td>丽水市人力资源和社会保障局</td></tr>" \
           "<tr><td>发布机构：</td><td>丽水市人民政府网站</td></tr></table>" + \
           "".join(f"<p>{ln}</p>" for ln in body.splitlines() if ln.strip()) + "</body></html>"
    p = tmp_path / "meta.html"
    p.write_text(html, encoding="utf-8")
    assert header_extract(str(p))["issuer"] == "丽水市人力资源和社会保障局"


def test_the_generated_seen_set_keeps_its_figures():
    """The degraded seen set the causes were chosen on: issuer exact accuracy per variant stays at or above what
    this round reached (a regression guard, not a target; see README)."""
    got = degrade.main()
    floor = {"flat": 0.915, "sigglue": 0.95, "nosig": 0.95, "head": 0.965, "tail": 0.91, "chrome": 0.955}
    for variant, v in floor.items():
        assert got[variant]["exact"] >= v, (variant, got[variant])


def test_the_generated_seen_set_keeps_its_title_figures():
    got = degrade.main(field="title")
    floor = {"flat": 0.90, "sigglue": 0.97, "nosig": 0.98, "head": 0.98, "tail": 0.90, "chrome": 0.975}
    for variant, v in floor.items():
        assert got[variant]["exact"] >= v, (variant, got[variant])


@pytest.mark.parametrize("law, issuer", [
    ("0126", "金华市人民代表大会"),  # "…金华市第六届人民代表大会第八次会议通过": the congress itself adopted it
    ("0136", "杭州市人民代表大会常务委员会"),  # "市十二届人大常委会…通过" is abbreviated; "…常务委员会公告第42号公布" names it
    ("0267", "北京市人民代表大会常务委员会"),  # the note stands above the title printed again
    ("0304", "酉阳土家族苗族自治县人民代表大会"),  # "经酉阳土家族苗族自治县第十六届人民代表大会第二次会议通过"
    ("0428", "中共中央、国务院"),  # "2022年2月25日 中共中央、国务院发布"
    ("0478", None),  # "国务院批准" then "公安部公布": whose it is, the note does not say — no guess
])
def test_a_laws_issuer_from_its_history_note(law, issuer):
    """Seen laws of the law database (no issuer label in their record, so these are hand-checked here)."""
    assert header_extract(str(HEADERS / "laws" / f"{law}.txt")).get("issuer") == issuer
