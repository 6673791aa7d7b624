#!/usr/bin/env python
"""Legacy .doc reading and run-together notices: accuracy figures for benchmarks/README.md.

1. ``.doc``: the fixtures of tests/fixtures/doc (real DOCX fixtures saved as Word 97 by LibreOffice),
   read by the pure-Python piece-table reader and through LibreOffice (``soffice --convert-to docx``,
   when on the PATH), against the DOCX reading of the originals: the share of the DOCX lines each
   route gives exactly, the same with Word's auto-numbering labels ("一、", "（二）", "1.") ignored, the
   header fields equal to the DOCX reading, and wall seconds per file (LibreOffice starts a process).
2. Run-together notices: every labelled document of the header sets (corpora/headers gold and silver,
   split by source into seen and blind as in ``policydoc eval``; the reflow rules were written on seen
   documents only) and ../shared/corpus (never looked at) is run together with its breaks removed, or
   collapsed to spaces, and parsed with and without the ``reflow`` step: the share of the header fields
   that the normal parse gets right which the run-together text still gets.

    .venv/bin/python benchmarks/bench_formats.py [--json benchmarks/results_formats.json] [--flat-only]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import policydoc  # noqa: E402
import policydoc.normalize as norm  # noqa: E402

DOC = ROOT / "tests" / "fixtures" / "doc"
DOCX = ROOT / "tests" / "fixtures" / "docx"
LABEL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．])")
HEADER = ("doc_number", "issuer", "title", "doc_type", "date", "recipients", "printed_by", "print_date")
FIELDS = ("doc_number", "issuer", "title", "doc_type", "date", "recipients")
HEADERS = ROOT / "corpora" / "headers"
# (name, gold file, the split its lines must carry or None for all)
SPLITS = (("gold seen", HEADERS / "gold.jsonl", "seen"), ("gold blind", HEADERS / "gold.jsonl", "blind"),
          ("silver seen", HEADERS / "silver.jsonl", "seen"), ("silver blind", HEADERS / "silver.jsonl", "blind"),
          ("shared corpus (blind)", ROOT.parent / "shared" / "corpus" / "gold.jsonl", None))


def lines(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.strip()]


def in_order(got: list[str], want: list[str]) -> int:
    """How many of *want* appear in *got* in the same order (longest common subsequence of lines)."""
    prev = [0] * (len(want) + 1)
    for g in got:
        cur = [0]
        for j, w in enumerate(want, 1):
            cur.append(prev[j - 1] + 1 if g == w else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def bench_doc() -> dict:
    routes = ["python"] + (["soffice"] if shutil.which("soffice") else [])
    out = {}
    for route in routes:
        os.environ["POLICYDOC_DOC_READER"] = route
        tot = {"lines": 0, "exact": 0, "unlabelled": 0, "fields": 0, "fields_same": 0, "seconds": 0.0, "files": 0}
        for doc_path in sorted(DOC.glob("*.doc")):
            ref = policydoc.parse(DOCX / (doc_path.stem + ".docx"))
            t0 = time.perf_counter()
            got = policydoc.parse(doc_path)
            tot["seconds"] += time.perf_counter() - t0
            want, have = lines(ref.raw_text), lines(got.raw_text)
            tot["lines"] += len(want)
            tot["exact"] += in_order(have, want)
            tot["unlabelled"] += in_order([LABEL.sub("", x, count=1) for x in have],
                                          [LABEL.sub("", x, count=1) for x in want])
            rr, rg = ref.record(), got.record()
            tot["fields"] += len(HEADER)
            tot["fields_same"] += sum(rr[k] == rg[k] for k in HEADER)
            tot["files"] += 1
        out[route] = {"files": tot["files"], "line_accuracy": round(tot["exact"] / tot["lines"], 3),
                      "line_accuracy_without_labels": round(tot["unlabelled"] / tot["lines"], 3),
                      "header_fields_same": f"{tot['fields_same']}/{tot['fields']}",
                      "seconds_per_file": round(tot["seconds"] / tot["files"], 2)}
    os.environ.pop("POLICYDOC_DOC_READER", None)
    return out


def bench_flat() -> dict:
    steps = list(norm.STEPS)
    out = {}
    for split, gold, side in SPLITS:
        counts = {}
        docs = 0
        if gold.exists():
            for line in gold.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                e = json.loads(line)
                if side and e.get("split") != side:
                    continue
                path = gold.parent / e["file"]
                if not path.exists():
                    continue
                docs += 1
                normal = policydoc.parse(path).record()
                ok = [k for k in FIELDS if e.get(k) not in (None, [], "") and normal[k] == e[k]]
                counts["normal"] = counts.get("normal", 0) + len(ok)
                text = policydoc.parse(path).text
                for sep_name, sep in (("no_breaks", ""), ("collapsed", " ")):
                    flat = re.sub(r"\s+", sep, text).strip()
                    for reflow in (False, True):
                        norm.STEPS[:] = steps if reflow else [s for s in steps if s[0] != "reflow"]
                        rec = policydoc.parse_text(flat).record()
                        key = f"{sep_name}_{'reflow' if reflow else 'before'}"
                        counts[key] = counts.get(key, 0) + sum(rec[k] == e[k] for k in ok)
                    norm.STEPS[:] = steps
        out[split] = {"documents": docs, "fields_right_normally": counts.get("normal", 0),
                      **{k: round(v / max(counts.get("normal", 1), 1), 3) for k, v in counts.items() if k != "normal"}}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json")
    ap.add_argument("--flat-only", action="store_true", help="only the run-together notices")
    args = ap.parse_args()
    res = {"doc": {} if args.flat_only else bench_doc(), "flat": bench_flat()}
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("| .doc route | files | DOCX lines exact | without numbering labels | header fields = DOCX | s/file |")
    print("|---|---|---|---|---|---|")
    for route, r in res["doc"].items():
        print(f"| {route} | {r['files']} | {r['line_accuracy']:.3f} | {r['line_accuracy_without_labels']:.3f} | "
              f"{r['header_fields_same']} | {r['seconds_per_file']:.2f} |")
    print("\n| split | documents | fields right normally | no breaks: before → reflow | collapsed: before → reflow |")
    print("|---|---|---|---|---|")
    for split, r in res["flat"].items():
        print(f"| {split} | {r['documents']} | {r['fields_right_normally']} | {r['no_breaks_before']:.3f} → "
              f"{r['no_breaks_reflow']:.3f} | {r['collapsed_before']:.3f} → {r['collapsed_reflow']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
