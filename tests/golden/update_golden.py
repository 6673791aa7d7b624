"""Regenerate tests/golden/seeds.json after an intended change to normalisation.

The seeds' news reports (000–002, 004) are not ours to publish, so their golden record is
a SHA-256 of the normalised text plus its measurable properties; the official notice (003)
is kept as full text in seed_003.txt. Review `git diff` before committing the result.

Usage: python tests/golden/update_golden.py
"""
import hashlib
import json
from pathlib import Path

import policydoc

HERE = Path(__file__).parent
SEEDS = HERE.parent.parent.parent / "shared" / "seeds"


def describe(doc) -> dict:
    text = doc.text
    return {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "chars": len(text),
            "lines": text.count("\n") + 1, "script": doc.quality.get("script"),
            "pinyin_annotations": doc.quality.get("pinyin_annotations", 0),
            "mojibake_chars": doc.quality.get("mojibake_chars", 0),
            "first_line_chars": len(text.split("\n", 1)[0])}


def main() -> None:
    out = {}
    for p in sorted(SEEDS.glob("*.txt")):
        doc = policydoc.parse(p)
        out[p.name] = describe(doc)
        if p.name.startswith("003_"):
            (HERE / "seed_003.txt").write_text(doc.text + "\n", encoding="utf-8")
    (HERE / "seeds.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
