"""The issuer's administrative area, from the shipped division table (民政部 codes).

"柳州市柳北区人民政府" → 广西壮族自治区 / 柳州市 / 柳北区 / 450205. Names are matched
longest first along the issuer string; a county name that exists in several provinces
("朝阳区") is settled by a city or province named before it, or by the other places the
document mentions, and left unresolved otherwise — never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lang.zh import data_text

#: Central bodies: their documents are national in scope.
NATIONAL_PREFIXES = ("国务院", "中共中央", "中央", "全国人民代表大会", "全国人大", "中华全国总工会", "全国总工会",
                     "最高人民法院", "最高人民检察院", "国家", "中央军委", "教育部", "外交部", "财政部", "公安部",
                     "人力资源社会保障部", "人力资源和社会保障部", "民政部", "司法部", "商务部", "审计署",
                     "税务总局", "海关总署", "市场监管总局", "应急管理部", "交通运输部", "农业农村部", "水利部",
                     "住房城乡建设部", "自然资源部", "生态环境部", "科技部", "工业和信息化部", "文化和旅游部",
                     "国家卫生健康委", "退役军人事务部", "中国人民银行", "国资委", "发展改革委")
_SUFFIX_STRIP = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "地区",
                 "省", "市", "盟")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent: str | None


@lru_cache(maxsize=1)
def table() -> tuple[dict[str, Region], dict[str, list[Region]]]:
    """``(by_code, by_name)``; names include short forms ("广西", "柳州").

    >>> table()[0]["450205"].name
    '柳北区'
    """
    by_code: dict[str, Region] = {}
    by_name: dict[str, list[Region]] = {}
    for line in data_text("regions.tsv").splitlines()[1:]:
        code, name, level, parent = (line.split("\t") + [""])[:4]
        r = Region(code, name, level, parent or None)
        by_code[code] = r
    for r in by_code.values():
        names = {r.name}
        for suf in _SUFFIX_STRIP:
            if r.name.endswith(suf) and len(r.name) - len(suf) >= 2:
                names.add(r.name[: -len(suf)])
                break
        if r.level == "province":
            short = re.sub(r"(壮族|回族|维吾尔)?(自治区|省|市|特别行政区)$", "", r.name)
            if len(short) >= 2:
                names.add(short)
        for n in names:
            by_name.setdefault(n, []).append(r)
    return by_code, by_name


def chain(code: str) -> dict:
    """Province/city/county names and the code for a division code.

    >>> chain("450205")
    {'province': '广西壮族自治区', 'city': '柳州市', 'county': '柳北区', 'code': '450205', 'level': 'county'}
    """
    by_code, _ = table()
    r = by_code[code]
    out = {"province": None, "city": None, "county": None, "code": code, "level": r.level}
    node: Region | None = r
    while node is not None:
        out[node.level] = node.name
        node = by_code.get(node.parent) if node.parent else None
    return out


def _is_ancestor(anc: Region, r: Region, by_code: dict[str, Region]) -> bool:
    node = by_code.get(r.parent) if r.parent else None
    while node is not None:
        if node.code == anc.code:
            return True
        node = by_code.get(node.parent) if node.parent else None
    return False


def resolve(name: str, context: str = "") -> dict | None:
    """Region of an issuer name; *context* (the document text) breaks ties.

    >>> resolve("柳州市柳北区人民政府")["code"]
    '450205'
    >>> resolve("国务院办公厅")["level"]
    'national'
    >>> resolve("黑龙江省总工会")["province"]
    '黑龙江省'
    """
    if not name:
        return None
    if name.startswith(NATIONAL_PREFIXES):
        return {"province": None, "city": None, "county": None, "code": None, "level": "national"}
    by_code, by_name = table()
    found: list[list[Region]] = []
    i = 0
    while i < len(name):
        for j in range(min(len(name), i + 12), i + 1, -1):
            cands = by_name.get(name[i:j])
            if cands:
                found.append(cands)
                i = j
                break
        else:
            i += 1
        if len(found) >= 3:
            break
    if not found:
        return None
    # walk from the most specific mention, keeping candidates consistent with earlier ones
    best: Region | None = None
    for k in range(len(found) - 1, -1, -1):
        cands = found[k]
        outer = [r for group in found[:k] for r in group]
        if outer:
            cands = [c for c in cands if any(_is_ancestor(o, c, by_code) for o in outer)] or \
                    ([] if k == len(found) - 1 and len(found[k]) > 1 else cands)
        if len(cands) > 1 and context:
            scored = [(sum(context.count(a.name) for a in _ancestors(c, by_code)), c) for c in cands]
            top = max(s for s, _ in scored)
            if top > 0 and sum(1 for s, _ in scored if s == top) == 1:
                cands = [c for s, c in scored if s == top]
        if len(cands) == 1:
            best = cands[0]
            break
    return chain(best.code) if best else None


def _ancestors(r: Region, by_code: dict[str, Region]) -> list[Region]:
    out = []
    node = by_code.get(r.parent) if r.parent else None
    while node is not None:
        out.append(node)
        node = by_code.get(node.parent) if node.parent else None
    return out
