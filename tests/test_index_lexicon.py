"""The cached tokenizer dictionary (policydoc.index.lexicon): the same words as full jieba, kept
in a per-user folder that is used only when it is safely ours."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from policydoc.index import lexicon, tokens

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lexicon.query_tokenizer.cache_clear()
    yield tmp_path / "cache" / "policydoc"
    lexicon.query_tokenizer.cache_clear()


def real_lines() -> list[str]:
    lines = ["劳模待遇 联席会议", "柳北政发[2025]2号", "进城务工人员 提高校园安全", "新就业形态劳动者权益保障",
             "西藏自治区推动政府与工会联席会议制度全域覆盖", "ABC 工会 2019年"]
    for p in sorted(SEEDS.glob("*.txt")):
        lines += [ln.strip() for ln in p.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
    return lines


def test_cached_dictionary_segments_like_jieba(cache):
    from policydoc import segmenter

    full = segmenter.jieba_tokenizer()  # jieba with its whole dictionary
    assert lexicon.build_cache(full.FREQ, full.total) is not None
    lite = lexicon.query_tokenizer()
    assert lite is not None and len(dict.items(lite.FREQ)) == 0  # nothing loaded up front
    lines = real_lines()
    assert len(lines) > 50
    for ln in lines:
        assert list(tokens._words(ln, lite)) == list(tokens._words(ln, full)), ln
    # only what the lines needed was read
    assert 0 < len(dict.items(lite.FREQ)) < len(full.FREQ) / 10
    assert os.stat(cache).st_mode & 0o777 == 0o700
    assert all(os.stat(p).st_mode & 0o777 == 0o600 for p in cache.iterdir())


def test_unsafe_cache_folder_is_not_used(cache):
    cache.mkdir(parents=True)
    os.chmod(cache, 0o777)  # anyone could plant a dictionary here
    assert lexicon.cache_dir() is None and lexicon.query_tokenizer() is None
    assert lexicon.build_cache({"工会": 1}, 1) is None


def test_planted_dictionary_file_is_not_used(cache):
    path = lexicon.build_cache({"工会": 1}, 1)
    os.chmod(path, 0o666)
    assert lexicon.query_tokenizer() is None


def test_search_without_cache_builds_it(cache, tmp_path):
    """The first search of a user writes the cache (from the full dictionary); later ones read it."""
    from policydoc.index import Index

    with Index(tmp_path / "p.db") as idx:
        idx.add_document({"source": "<a>", "title": "关于进一步加强劳动模范管理工作的通知"}, "劳动模范 待遇")
    from policydoc import segmenter

    def fresh_process():  # the index's segmenter not built, no tokenizer opened
        segmenter._get.cache_clear()
        segmenter._BUILT.clear()
        lexicon.query_tokenizer.cache_clear()

    fresh_process()
    try:
        assert not any(cache.glob("jieba-dict-*")) if cache.exists() else True
        with Index(tmp_path / "p.db", create=False) as idx:
            assert idx.search("劳模").total == 1
        assert any(cache.glob("jieba-dict-*"))
        fresh_process()
        with Index(tmp_path / "p.db", create=False) as idx:
            assert idx.search("劳动模范 管理").total == 1
        assert not segmenter.loaded("base")  # answered without building the index's segmenter
    finally:
        fresh_process()


def test_cached_dictionary_segments_like_the_index_engine(cache):
    """A cold search cuts its query with jieba over the cache; the index was cut by the configured
    engine (rjieba when installed): both must give the same words."""
    from policydoc import segmenter

    full = segmenter.jieba_tokenizer()
    lexicon.build_cache(full.FREQ, full.total)
    lite = lexicon.query_tokenizer()
    engine = tokens._jieba()
    differ = [ln for ln in real_lines() if list(tokens._words(ln, lite)) != list(tokens._words(ln, engine))]
    assert differ == [], (engine.engine, differ[:3])


def test_body_tokens_are_the_capped_bag_of_the_index_tokens():
    """The body goes in as a bag (order is not used by any query): each token as often as it
    occurs, at most TF_CAP times, first-occurrence order; on a real notice."""
    from collections import Counter

    from policydoc.index.tokens import body_tokens, index_tokens

    folder = Path(__file__).resolve().parent / "fixtures" / "txt"
    text = max((p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))), key=len)
    full = Counter(index_tokens(text).split())
    for cap in (1, 3, 8):
        bag = body_tokens(text, cap).split()
        assert Counter(bag) == Counter({t: min(n, cap) for t, n in full.items()})
        assert list(dict.fromkeys(bag)) == list(full)  # first occurrence order
    assert Counter(body_tokens(text, None).split()) == full
    assert max(full.values()) > 8  # the cap is exercised
