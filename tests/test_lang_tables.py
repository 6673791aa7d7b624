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
