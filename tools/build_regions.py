#!/usr/bin/env python3
"""Rebuild ``src/policydoc/data/regions.tsv`` from a 民政部 division-code list.

Input: a UTF-8 text file with one ``<6-digit code> <name>`` pair per line
(whitespace separated), e.g. ``data/2024.txt`` of github.com/yescallop/areacodes
(CC0), which transcribes 民政部《中华人民共和国县级以上行政区划代码》.

Rules (see regions.SOURCE.md):
  * ``xx0000`` -> province, ``xxxx00`` -> city, anything else -> county.
  * City rows named 市辖区/县/省直辖县级行政区划/自治区直辖县级行政区划
    (placeholders in older lists) are dropped.
  * A county's parent is ``xxxx00`` when that city row exists, otherwise its
    province ``xx0000`` (直辖市 districts, 省直辖县级行政区 such as 济源市).

Output: TSV ``code name level parent`` sorted by code.  Deterministic; the
script exits non-zero on malformed input, duplicate codes or missing parents.

Usage: python tools/build_regions.py SOURCE.txt [OUT.tsv]
"""
import re
import sys
from pathlib import Path

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/policydoc/data/regions.tsv"


def build(src):
    names = {}
    for n, line in enumerate(src.read_text(encoding="utf-8-sig").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or not re.fullmatch(r"\d{6}", parts[0]):
            sys.exit(f"{src}:{n}: malformed line {line!r}")
        code, name = parts[0], parts[1].strip()
        if code in names:
            sys.exit(f"{src}:{n}: duplicate code {code}")
        names[code] = name
    rows = []
    for code in sorted(names):
        name = names[code]
        if code.endswith("0000"):
            rows.append((code, name, "province", ""))
        elif code.endswith("00"):
            if name not in PLACEHOLDERS:
                rows.append((code, name, "city", code[:2] + "0000"))
    cities = {r[0] for r in rows if r[2] == "city"}
    for code in sorted(names):
        if not code.endswith("00"):
            city = code[:4] + "00"
            parent = city if city in cities else code[:2] + "0000"
            rows.append((code, names[code], "county", parent))
    rows.sort()
    kept = {r[0] for r in rows}
    for code, _, _, parent in rows:
        if parent and parent not in kept:
            sys.exit(f"{code}: parent {parent} missing")
    return rows


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    rows = build(Path(argv[1]))
    out = Path(argv[2]) if len(argv) == 3 else DEFAULT_OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as f:
        f.write("code\tname\tlevel\tparent\n")
        f.writelines("\t".join(r) + "\n" for r in rows)
    counts = {lv: sum(r[2] == lv for r in rows) for lv in ("province", "city", "county")}
    print(f"wrote {out}: {len(rows)} rows {counts}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
