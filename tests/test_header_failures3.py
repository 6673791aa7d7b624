"""Failure classes fixed in the third round of #13, each on a real document with exact expected values.

The texts are laws of LawRefBook/Laws (corpora/headers/laws, labelled by the 国家法律法规数据库 record), all on
the seen split: the rules were chosen on it, and the blind split only measures them.
"""
from __future__ import annotations

from pathlib import Path

from policydoc.evaluate import header_extract
from policydoc.structure.line_shapes import is_history_line

LAWS = Path(__file__).resolve().parents[1] / "corpora" / "headers" / "laws"


def rec(name: str, lines: str = "rules") -> dict:
    return header_extract(str(LAWS / name), lines)


def test_a_law_is_dated_by_its_history_note_when_published_not_when_in_force():
    """宁波 (通过 6-19, 批准 9-19, 公告 公布 10-6, 施行 11-1) and 基础测绘条例 (通过, 国务院令 公布, 施行)."""
    r = rec("0124.txt")
    assert (r["title"], r["date"]) == ("宁波市预防和制止家庭暴力条例", "2008-10-06")
    r = rec("0461.txt")
    assert (r["title"], r["date"]) == ("基础测绘条例", "2009-05-12")


def test_a_revised_law_is_dated_by_its_latest_revision():
    """The text is the version of the last revision: 计量法实施细则 1987 … 2022-03-29 第四次修订."""
    assert rec("0500.txt")["date"] == "2022-03-29"
    assert rec("0289.txt")["date"] == "2023-05-26"  # 北京市未成年人保护条例, revised 1992 … 2023


def test_a_title_printed_again_under_the_history_note_is_not_glued_to_it():
    """北京: title, the adoption line, then the title again over two lines ('北京市国民经济和社会发展计划' /
    '审查监督条例'); the note above the repeated title still dates the law."""
    r = rec("0284.txt")
    assert (r["title"].replace(" ", ""), r["date"]) == ("北京市国民经济和社会发展计划审查监督条例", "2022-05-25")
    r = rec("0269.txt")
    assert (r["title"].replace(" ", ""), r["date"]) == ("北京市实施《中华人民共和国动物防疫法》办法", "2024-07-26")


def test_history_line_unit():
    assert is_history_line("2019年2月17日 中华人民共和国国务院令第708号公布")
    assert is_history_line("2009年8月1日 施行")
    assert not is_history_line("2019年2月17日")  # a date line alone is a 成文日期, not a step of a history
    assert not is_history_line("（2009年11月27日甘肃省人民政府令第63号公布）")  # gazette note: the order rules
    assert not is_history_line("2019年以来，全市通过各种方式推进工作")
