"""Organ names: a lexicon generated from the division table × common bodies, used to split and canonicalise.

"广东省人力资源和社会保障厅、广东省财政厅" → two names, never "广东省人力资源" / "社会保障厅"; "中共中央国务院" →
中共中央 / 国务院; "省府办公厅" resolves to the full name printed elsewhere in the document.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..lang.zh.gongwen import ORG_SUFFIXES
from ..lang.zh.organs import BODIES, CENTRAL, DEPT_ENDS, DEPT_STEMS, SHORT_PLACES, VARIANTS, VERTICAL

_VARIANT_TABLE = str.maketrans(VARIANTS)


def fold_variants(s: str) -> str:
    """Variant characters to their standard form.

    >>> fold_variants("陜西省人民政府")
    '陕西省人民政府'
    """
    return s.translate(_VARIANT_TABLE)


@lru_cache(maxsize=1)
def _bodies() -> tuple[frozenset[str], int]:
    out = set(BODIES)
    for stem in DEPT_STEMS:
        for end in DEPT_ENDS:
            out.add(stem + end)
            out.add(stem + end + "办公室")
    out |= {b + "办公室" for b in ("人民政府", "委员会", "管理委员会", "防汛抗旱指挥部")}
    return frozenset(out), max(map(len, out))


@lru_cache(maxsize=1)
def _central() -> tuple[frozenset[str], int]:
    return frozenset(CENTRAL), max(map(len, CENTRAL))


@lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], int]:
    from .region import table

    names = {n for n in table()[1] if len(n) >= 2}
    return frozenset(names), max(map(len, names))


def _longest(s: str, i: int, vocab: frozenset[str], longest: int) -> int:
    for k in range(min(longest, len(s) - i), 0, -1):
        if s[i: i + k] in vocab:
            return i + k
    return i


def organ_at(s: str, i: int = 0) -> int:
    """End of the organ name that starts at ``s[i]`` (``i`` when there is none).

    The name is a central body, or a place chain (names of the division table, "中共" before it allowed)
    followed by a body; the longest reading wins.

    >>> s = "遂宁市人民政府防汛抗旱指挥部办公室"
    >>> s[:organ_at(s)]
    '遂宁市人民政府防汛抗旱指挥部办公室'
    >>> s = "浙江省发展和改革委员会浙江省财政厅"
    >>> s[:organ_at(s)]
    '浙江省发展和改革委员会'
    """
    central, clen = _central()
    places, plen = _places()
    bodies, blen = _bodies()
    best = _longest(s, i, central, clen)
    if best > i and s[i:best] in VERTICAL:
        # a vertically led body's local office carries its name: "国家税务总局东莞市税务局" is one body
        local = organ_at(s, best) if _longest(s, best, places, plen) > best else best
        if local > best:
            return local
    j = i + 2 if s.startswith("中共", i) else i
    # one or more places: "广西壮族自治区柳州市柳北区"; a one-character form ("省", "市") only on its own
    k = j
    while True:
        e = _longest(s, k, places, plen)
        if e == k:
            break
        k = e
    if k == j:
        k = next((j + len(p) for p in sorted(SHORT_PLACES, key=len, reverse=True) if s.startswith(p, j)), j)
    if k > j:
        e = _longest(s, k, bodies, blen)
        # a body may be followed by a sub-body: 人民政府 + 办公室 / 防汛抗旱指挥部办公室
        while e > k:
            e2 = _longest(s, e, bodies, blen)
            if e2 == e or s[e:e2] in ("人民政府", "政府"):
                break
            e = e2
        if e > k:
            best = max(best, e)
        elif s.startswith("委", k) and j > i:  # 中共XX市委
            best = max(best, k + 1)
    return best


def names_own_body(s: str) -> bool:
    """*s* opens with a place, 中共 or a central body: a name that stands on its own, not an office of the
    name before it.

    >>> names_own_body("中央军委办公厅"), names_own_body("迪庆州财政局"), names_own_body("法制办公室")
    (True, True, False)
    """
    central, clen = _central()
    places, plen = _places()
    if s.startswith("中共") or _longest(s, 0, central, clen) > 0 or _longest(s, 0, places, plen) > 0:
        return True
    # a place cut short ("迪庆州" for 迪庆藏族自治州) still opens with the first two characters of one
    return s[:2] in _place_heads() or (any(s.startswith(p) for p in SHORT_PLACES) and len(s) > 3)


@lru_cache(maxsize=1)
def _place_heads() -> frozenset[str]:
    return frozenset(n[:2] for n in _places()[0] if len(n) >= 3)


def segment_organs(s: str) -> list[str] | None:
    """Cut *s* into organ names end to end, or ``None`` if some part is not one.

    >>> segment_organs("中共中央国务院")
    ['中共中央', '国务院']
    >>> segment_organs("国务院办公厅中央军委办公厅")
    ['国务院办公厅', '中央军委办公厅']
    >>> segment_organs("江苏省人力资源和社会保障厅") 
    ['江苏省人力资源和社会保障厅']
    """
    out, i = [], 0
    while i < len(s):
        e = organ_at(s, i)
        if e == i:
            return None
        out.append(s[i:e])
        i = e
    return out or None


#: Bodies that are part of the government named before them when printed as the next item.
_DEPENDENT = re.compile(r"^(?:防汛抗旱指挥部|安全生产委员会|食品安全委员会|减灾委员会|爱国卫生运动委员会)\S*$")


def split_organs(s: str) -> list[str]:
    """Issuers of a signature, 版头 or title prefix, in order; names kept whole.

    >>> split_organs("江苏省人力资源和社会保障厅、江苏省高级人民法院")
    ['江苏省人力资源和社会保障厅', '江苏省高级人民法院']
    >>> split_organs("遂宁市人民政府、防汛抗旱指挥部办公室")
    ['遂宁市人民政府防汛抗旱指挥部办公室']
    >>> split_organs("中共中央 国务院")
    ['中共中央', '国务院']
    """
    s = fold_variants(s.strip())
    out: list[str] = []
    for p in re.split(r"[\s、，,；;]+", s):
        if not p or p == "文件":
            continue
        p = canonical_organ(p)
        seg = segment_organs(p)
        if seg:
            parts = seg
        elif "和" in p:
            # "和" joins two bodies only where both sides are names; inside a name ("发展和改革委员会") it stays
            left, _, right = p.partition("和")
            if segment_organs(left) and segment_organs(right):
                parts = segment_organs(left) + segment_organs(right)
            else:
                parts = [p]
        else:
            parts = [p]
        for q in parts:
            if out and _DEPENDENT.match(q) and out[-1].endswith(("人民政府", "政府")):
                out[-1] += q
            else:
                out.append(q)
    return out


def canonical_organ(name: str) -> str:
    """One organ name as printed, cleaned: variants folded, "中华人民共和国" kept off, a doubled first
    character from a broken line end removed ("国国务院" → "国务院").

    >>> canonical_organ("国国务院"), canonical_organ("中华人民共和国国务院")
    ('国务院', '国务院')
    """
    name = fold_variants(name.strip())
    name = re.sub(r"^中华人民共和国(?=\S{2})", "", name)
    if len(name) > 3 and name[0] == name[1] and organ_at(name, 1) == len(name) and organ_at(name, 0) != len(name):
        name = name[1:]
    return name


def is_organ(s: str) -> bool:
    """A whole organ name (lexicon) or a name ending in an organ suffix; a labelled value ("发布机构：…网站")
    or a web site is not one.

    >>> is_organ("迪庆州人民政府法制办公室"), is_organ("发布机构：丽水市人民政府网站")
    (True, False)
    """
    if re.search(r"[:：]|网站$", s):
        return False
    return bool(segment_organs(s)) or s.endswith(ORG_SUFFIXES)


def resolve_abbreviation(short: str, full_names: list[str]) -> str:
    """The full name printed elsewhere for an abbreviated one ("省府办公厅" → "广东省人民政府办公厅").

    A full name matches when the short one is a subsequence of it with the same last two characters;
    with no such name, or several, the short name is kept.

    >>> resolve_abbreviation("省府办公厅", ["广东省人民政府办公厅", "广东省财政厅"])
    '广东省人民政府办公厅'
    >>> resolve_abbreviation("办公厅", ["国务院办公厅"])
    '国务院办公厅'

    A leading 校/院/省/市/县/区 stands for the unit named in full, and "工会" for its "工会委员会":

    >>> resolve_abbreviation("校工会", ["湖北经济学院工会委员会"])
    '湖北经济学院工会委员会'
    """
    if short in full_names:
        return short
    cands = []
    for f in dict.fromkeys(full_names):
        core = short[1:] if short[0] in _LEVEL_WORDS and len(short) >= 3 else short
        if len(f) > len(short) and (f.endswith(short[-2:]) or f.endswith(short[-2:] + "委员会")) \
                and (_subsequence(short, f) or _subsequence(core, f)):
            cands.append(f)
    return cands[0] if len(cands) == 1 else short


#: One character standing for the unit or place of a full name: 校工会, 院办, 省府办公厅, 市委.
_LEVEL_WORDS = "校院省市县区"


def _subsequence(a: str, b: str) -> bool:
    it = iter(b)
    return all(c in it for c in a)
