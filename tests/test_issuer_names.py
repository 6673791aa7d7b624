"""Organ names kept whole in issuers: real seen documents (corpora/topics/raw, corpora/local)."""
from __future__ import annotations

from pathlib import Path

import policydoc

ROOT = Path(__file__).resolve().parent.parent


def test_a_body_with_two_names_is_one_issuer():
    # 四川 2023 实施意见, signed by nine bodies; the last is "四川省企业联合会/四川省企业家协会"
    rec = policydoc.parse(ROOT / "corpora/topics/raw/sichuan-laodongrenshi-zhengyi-xieshang-tiaojie-shishi-yijian-2023.txt").record()
    assert len(rec["issuers"]) == 9
    assert rec["issuers"][-2:] == ["四川省工商业联合会", "四川省企业联合会/四川省企业家协会"]


def test_a_heading_run_into_the_title_block_is_no_issuer():
    # a law-database copy printing the attached 细则's name twice above the organ and the title
    rec = policydoc.parse(ROOT / "corpora/local/002_jian_zhengwugongkai_tongzhi.txt").record()
    assert rec["issuer"] == "江西省吉安市人民政府办公室"
    assert rec["doc_number"] == "吉府发〔2003〕37号"
