#!/usr/bin/env python
"""Header fields on degraded copies of labelled documents: how much survives the messy forms users have.

Every labelled document of the header sets (corpora/headers gold and silver, seen and blind as in
``policydoc eval``) is degraded the ways real copies are, and parsed again: the reader's text of a page
or text file, the normalised text of a PDF or Word file. The figure is the share of
the header fields that the clean parse gets right which the degraded copy still gets right.

Degradations (each alone):
- ``traditional``: the text in traditional script (OpenCC s2t, as mirror sites and Hong Kong/Taiwan
  reposts deliver it);
- ``halfwidth``: ，。：；（）《》“” typed as , . : ; ( ) < > " (web copies and OCR);
- ``chrome``: a site's navigation, metadata bar and footer around the text (lines as they occur on
  government sites: breadcrumb, 字号 bar, 发布时间/来源/浏览次数, 打印/关闭, 主办单位, ICP, 网站标识码);
- ``gb18030``: the text saved as a GB18030 file without a declaration (what Windows tools write), read
  back through the file reader's encoding detection;
- ``crlf_indent``: Windows line ends, full-width indentation and trailing spaces on every line.

    .venv/bin/python benchmarks/bench_messy.py [--json benchmarks/results_messy.json] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import policydoc  # noqa: E402

HEADERS = ROOT / "corpora" / "headers"
FIELDS = ("doc_number", "issuer", "title", "doc_type", "date", "recipients")
SPLITS = (("gold seen", HEADERS / "gold.jsonl", "seen"), ("gold blind", HEADERS / "gold.jsonl", "blind"),
          ("silver seen", HEADERS / "silver.jsonl", "seen"), ("silver blind", HEADERS / "silver.jsonl", "blind"))

CHROME_HEAD = ["网站支持IPv6", "首页 > 政务公开 > 政策文件 > 通知公告", "【字体：大 中 小】 打印本页 关闭窗口",
               "发布时间：2023-05-06 09:30 来源：市政府办公室 浏览次数：1234"]
CHROME_TAIL = ["【打印】【关闭】", "扫一扫在手机打开当前页", "上一篇：关于做好2023年春节期间有关工作的通知",
               "下一篇：关于公布第二批市级非物质文化遗产代表性项目名录的通知", "主办单位：市人民政府办公室  承办单位：市大数据中心",
               "网站标识码：1234000001  京ICP备05070218号  京公网安备11010502030140号"]
HALF = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")", "《": "<", "》": ">",
                      "“": '"', "”": '"'})


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t").convert


def degrade(name: str, text: str, tmp: Path):
    """The degraded copy: a Document parsed from text or from a file."""
    if name == "traditional":
        return policydoc.parse_text(_s2t()(text))
    if name == "halfwidth":
        return policydoc.parse_text(text.translate(HALF))
    if name == "chrome":
        return policydoc.parse_text("\n".join(CHROME_HEAD + [text] + CHROME_TAIL))
    if name == "gb18030":
        p = tmp / "copy.txt"
        p.write_bytes(text.encode("gb18030", errors="replace"))
        return policydoc.parse(p)
    if name == "crlf_indent":
        return policydoc.parse_text("\r\n".join("\u3000\u3000" + ln + "  " for ln in text.split("\n")))
    raise ValueError(name)


DEGRADATIONS = ("traditional", "halfwidth", "chrome", "gb18030", "crlf_indent")


def bench(limit: int | None = None, misses: str | None = None) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for split, gold, side in SPLITS:
            counts = {"normal": 0, **{d: 0 for d in DEGRADATIONS}}
            docs = 0
            for line in gold.read_text(encoding="utf-8").splitlines():
                e = json.loads(line)
                if e.get("split") != side:
                    continue
                path = gold.parent / e["file"]
                if not path.exists():
                    continue
                docs += 1
                if limit and docs > limit:
                    break
                clean = policydoc.parse(path)
                rec = clean.record()
                ok = [k for k in FIELDS if e.get(k) not in (None, [], "") and rec[k] == e[k]]
                counts["normal"] += len(ok)
                # the reader's text of a page or text file (its metadata lines included); a PDF's or DOCX's
                # normalised text, since parse_text would not undo their page layout
                base = clean.raw_text if clean.format in ("txt", "html") else clean.text
                for d in DEGRADATIONS:
                    got = degrade(d, base, tmp).record()
                    counts[d] += sum(got[k] == e[k] for k in ok)
                    if misses and side == "seen" and d == misses:
                        for k in ok:
                            if got[k] != e[k]:
                                print(f"MISS {d} {e['file']} {k}: {e[k]!r} -> {got[k]!r}", file=sys.stderr)
            out[split] = {"documents": min(docs, limit or docs), "fields_right_normally": counts["normal"],
                          **{d: round(counts[d] / max(counts["normal"], 1), 3) for d in DEGRADATIONS}}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json")
    ap.add_argument("--limit", type=int, help="at most N documents per split")
    ap.add_argument("--misses", choices=DEGRADATIONS, help="list the seen fields lost to this degradation (stderr)")
    args = ap.parse_args()
    res = bench(args.limit, args.misses)
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("| split | documents | fields right normally | " + " | ".join(DEGRADATIONS) + " |")
    print("|---|---|---|" + "---|" * len(DEGRADATIONS))
    for split, r in res.items():
        print(f"| {split} | {r['documents']} | {r['fields_right_normally']} | "
              + " | ".join(f"{r[d]:.3f}" for d in DEGRADATIONS) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
