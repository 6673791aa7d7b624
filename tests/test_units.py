"""Focused cases for the building blocks, each a real example from a real document."""
from __future__ import annotations

from datetime import date

import pytest

from policydoc import parse_text
from policydoc.extract.dates import find_dates, parse_compact, parse_date_line
from policydoc.extract.doc_number import find_numbers, parse_number, whole_line_number
from policydoc.extract.header import doc_type_of, split_recipients
from policydoc.extract.region import resolve
from policydoc.mapped import MappedText
from policydoc.normalize import normalize_text


@pytest.mark.parametrize("printed,normalized,flags", [
    ("柳北政发〔2025〕2号", "柳北政发〔2025〕2号", []),
    ("发改办财金规〔2019〕860 号", "发改办财金规〔2019〕860号", ["spaces"]),
    ("穗府辦〔2015〕58號", "穗府辦〔2015〕58号", ["traditional"]),
    ("豫政办 〔2008〕38号", "豫政办〔2008〕38号", ["spaces"]),
    ("国办发明电〔2018〕15号", "国办发明电〔2018〕15号", []),
    ("发改地区[2008]4号", "发改地区〔2008〕4号", ["brackets"]),
    ("宜府办发〔2003〕63号", "宜府办发〔2003〕63号", []),
    ("京政发（二〇一〇）第03号", "京政发〔2010〕3号", ["chinese_year", "brackets", "leading_zero", "di"]),
])
def test_doc_numbers(printed, normalized, flags):
    n = parse_number(printed)
    assert (n.normalized, n.flags) == (normalized, flags)


def test_citation_is_not_a_header_number():
    line = "根据《国务院办公厅关于深入贯彻工会法支持工会工作的通知》(国办发〔2004〕90号)精神"
    assert whole_line_number(line) is None
    assert [n.normalized for n in find_numbers(line)] == ["国办发〔2004〕90号"]


@pytest.mark.parametrize("line,iso", [
    ("2019年8月20日", "2019-08-20"), ("一九九六年六月二十九日", "1996-06-29"), ("二〇〇四年四月二十七日", "2004-04-27"),
    ("二OO五年四月二十九日", "2005-04-29"), ("2025219", "2025-02-19"), ("20231129", "2023-11-29"),
    ("2018年12月4日", "2018-12-04"),
])
def test_signature_dates(line, iso):
    assert parse_date_line(line).iso == iso


def test_compact_date_ambiguity_needs_a_hint():
    assert parse_compact("2025111") == [date(2025, 1, 11), date(2025, 11, 1)]
    assert parse_date_line("2025111").precision == "year"
    assert parse_date_line("2025111", hint=date(2025, 1, 11)).iso == "2025-01-11"


def test_dates_in_running_text():
    ds = find_dates("2019年1月1日起全面施行，2018年12月29日（星期六）上班")
    assert [d.iso for d in ds] == ["2019-01-01", "2018-12-29"]


@pytest.mark.parametrize("title,dt", [
    ("国务院关于河北雄安新区总体规划（2018—2035年）的批复", "批复"),
    ("国务院办公厅关于同意以哈尔滨市名义申办2009年第二十四届世界大学生冬季运动会的复函", "函"),
    ("柳北区人民政府与柳北区总工会联席会议制度(试行)", "制度"),
    ("山西省人民政府与省总工会联席会议暂行办法", "办法"),
    ("国务院办公厅关于山西、安徽省四起特大煤矿瓦斯爆炸事故调查处理情况的通报", "通报"),
])
def test_doc_types(title, dt):
    assert doc_type_of(title) == dt


def test_recipients_keep_groups():
    assert split_recipients("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：") == [
        "各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"]


@pytest.mark.parametrize("issuer,code", [
    ("柳州市柳北区人民政府", "450205"), ("宜丰县人民政府办公室", "360924"), ("广州市人民政府办公厅", "440100"),
    ("嘉兴市人民政府办公室", "330400"), ("定西市安定区人民政府办公室", "621102"), ("河南省人民政府办公厅", "410000"),
])
def test_regions(issuer, code):
    assert resolve(issuer)["code"] == code


def test_region_ambiguous_county_is_not_guessed():
    # 朝阳区 exists in Beijing and in Changchun: without context it stays unresolved
    assert resolve("朝阳区人民政府") is None
    assert resolve("朝阳区人民政府", context="北京市朝阳区人民政府关于……")["province"] == "北京市"


def test_mapped_text_keeps_origin():
    m = MappedText("税 务 总 局 办 公 厅\n2019 年 8 月")
    n = m.sub(r" ", "")
    assert n.text == "税务总局办公厅\n2019年8月"
    s, e = n.raw_span(n.text.index("2019"), len(n.text))
    assert m.text[s:e] == "2019 年 8 月"


def test_normalize_pinyin_and_script():
    assert normalize_text("中國(guó)共產(chǎn)黨新聞網(wǎng)工會(huì)") == "中国共产党新闻网工会"
    assert normalize_text("全省13个市(地)、125个县(市、区)") == "全省13个市(地)、125个县(市、区)"


def test_normalize_toneless_and_doubled_pinyin():
    """A copy of 总工发 事业单位工会工作条例 whose annotations lost their tone marks and are doubled."""
    assert normalize_text("各省(sheng)、自治区、直(zhi)(zhi)辖市总(zong)工会(hui)(hui),各全国(guo)产(chan)业工会") == \
        "各省、自治区、直辖市总工会,各全国产业工会"
    # a few letters in parentheses in an ordinary document are not pinyin
    assert normalize_text("附件(a)、附件(b)和第(e)项、第(o)项、第(ai)项") == "附件(a)、附件(b)和第(e)项、第(o)项、第(ai)项"


def test_toneless_pinyin_page_copy_is_cleaned():
    """The stored page copy itself (traditional script, 131 toneless annotations, some doubled)."""
    import policydoc

    from .conftest import FIXTURES

    doc = policydoc.parse(FIXTURES / "txt" / "quanzong_shiye_danwei_gonghui_2018_pinyin.txt")
    assert doc.quality["pinyin_annotations"] == 131
    assert doc.text.splitlines()[1:5] == [
        "各省、自治区、直辖市总工会,各全国产业工会,中央和国家机关工会联合会筹备组,全总各部门、各直属单位:",
        "《事业单位工会工作条例》已经中华全国总工会第十六届书记处第一百次会议审议通过,现印发给你们,请结合实际,认真贯彻执行。",
        "中华全国总工会", "2018年9月4日"]


def test_outline_levels():
    doc = parse_text("柳北区人民政府与柳北区总工会联席会议制度\n一、联席会议目标\n围绕中心工作。\n二、联席会议内容\n"
                     "(一)政府通报经济社会发展情况。\n(二)研究政府关于动员问题。\n三、联席会议的组织落实")
    labels = [(h["label"], [c["label"] for c in h["children"]]) for h in doc.outline]
    assert labels == [("一、", []), ("二、", ["(一)", "(二)"]), ("三、", [])]


def test_covering_notice_and_transmitted_document_split():
    from .conftest import SEEDS, need_shared

    need_shared()
    import policydoc

    doc = policydoc.parse(SEEDS / "003_e226338f45839dff.txt")
    t = doc["transmitted"]
    assert t["title"] == "柳北区人民政府与柳北区总工会联席会议制度"
    assert doc.text[doc["covering"]["end"] - 7:doc["covering"]["end"]] == "2025219"
    assert doc.text[t["start"]:].startswith("柳北区人民政府与柳北区总工会联席会议制度\n为贯彻落实")


def test_text_copied_out_of_a_pdf_is_unwrapped():
    """pdftotext output of 034.pdf (a real joint notice): wrapped lines and page numbers as in the PDF."""
    import policydoc

    from .conftest import FIXTURES

    doc = policydoc.parse(FIXTURES / "txt" / "034_pdftotext.txt")
    lines = doc.text.split("\n")
    assert lines[5].startswith("各省、自治区") and lines[5].endswith("社会信用体系建设部际联席会议成员单位办公厅（室）：")
    assert "推动经济发展、惠及百姓民生" in doc.text  # joined across the page break, "—1—" gone
    assert not any(ln.startswith("—") for ln in lines)
    assert "（2014-2020年）" in doc.text
    assert (doc["doc_number"], doc["date"], doc["issuers"]) == (
        "发改办财金规〔2019〕860号", "2019-08-20", ["国家发展改革委办公厅", "税务总局办公厅"])


def test_compact_date_resolved_by_publish_date():
    """舟山市总工会 decision signed "2016125", page published 2016-02-29: only 2016-01-25 is possible."""
    import policydoc

    from .conftest import LOCAL_DOCS

    doc = policydoc.parse(next((LOCAL_DOCS.parent / "local").glob("039_*.txt")))
    assert doc["date"] == "2016-01-25" and doc.fields["date"].confidence == 0.6
    assert any(n.code == "date_ambiguous" for n in doc.notices)
