"""Every seed comes out clean: golden records of the normalised text (see golden/update_golden.py)."""
from __future__ import annotations

import hashlib
import json
import re

import pytest

import policydoc
from policydoc.normalize.boilerplate import is_chrome, is_spam_list
from policydoc.normalize.script import to_simplified

from .conftest import GOLDEN, SEEDS, need_shared

GOLD = json.loads((GOLDEN / "seeds.json").read_text(encoding="utf-8"))
PINYIN_LEFT = re.compile(r"[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")


@pytest.fixture(scope="module", params=sorted(GOLD))
def seed(request):
    need_shared()
    return request.param, policydoc.parse(SEEDS / request.param)


def test_normalised_text_matches_golden(seed):
    name, doc = seed
    g = GOLD[name]
    assert hashlib.sha256(doc.text.encode()).hexdigest() == g["sha256"], name
    assert (len(doc.text), doc.text.count("\n") + 1) == (g["chars"], g["lines"])
    assert doc.quality.get("script") == g["script"]
    assert doc.quality.get("pinyin_annotations", 0) == g["pinyin_annotations"]


def test_no_noise_left(seed):
    name, doc = seed
    text = doc.text
    assert not PINYIN_LEFT.search(text), PINYIN_LEFT.search(text)
    assert to_simplified(text) == text  # no traditional characters remain
    for line in text.split("\n"):
        assert not is_spam_list(line) and not is_chrome(line), line
        assert line == line.strip() and line
    assert "|" not in text and ">>" not in text


def test_offsets_map_back_to_raw(seed):
    name, doc = seed
    # every normalised character of Chinese text maps to the same or its traditional form in raw
    for i in range(0, len(doc.text), 37):
        ch = doc.text[i]
        raw = doc.raw_text[doc.mapped.raw_offset(i)]
        assert ch == raw or to_simplified(raw) == ch or not ch.strip() or ch == "\ufffd", (i, ch, raw)


def test_official_seed_full_text():
    need_shared()
    doc = policydoc.parse(SEEDS / "003_e226338f45839dff.txt")
    assert doc.text + "\n" == (GOLDEN / "seed_003.txt").read_text(encoding="utf-8")
    # the site's metadata block is captured apart, not left in the text
    assert doc.site_metadata["发文字号"] == "柳北政发〔2025〕2号"
    assert doc.site_metadata["成文日期"] == "2025年02月19日"
    assert "索" not in doc.text.split("\n")[0]
    assert "主办单位" not in doc.text and "网站标识码" not in doc.text


def test_news_seed_features():
    need_shared()
    doc = policydoc.parse(SEEDS / "000_5850a3e59fa7bd6f.txt")
    assert doc.text.split("\n")[:2] == ["精议题 重质效 强落实", "黑龙江政府与工会联席会议规范“升级”"]
    assert "召开率从79.9%上升为100%" in doc.text
    assert doc.quality["mojibake_chars"] > 0 and any(n.code == "mojibake" for n in doc.notices)
