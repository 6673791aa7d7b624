"""Rebuild govcn/*.html + metadata.json from the MySQL dump of ZhouYNF/platform-1 (commit 2197df5…).

    python corpora/headers/govcn/extract_govcn.py /work/.mirror/ZhouYNF+platform-1/repo

Each page's two metadata tables (class="bd1": 索引号/发文机关/成文日期/标题/发文字号/发布日期) are read into
metadata.json and removed from the saved page, so the extractor sees only the document.
"""
import html as htmlmod
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ["db/ge_policy_raw20190217.sql", "db/ge_policy_raw-20190217.sql"]


def parse_values(s, i):
    """One SQL ``(...)`` tuple at s[i] → (values, end)."""
    i += 1
    vals = []
    while True:
        while s[i] in " \n\r\t":
            i += 1
        if s[i] == "'":
            i += 1
            buf = []
            while True:
                c = s[i]
                if c == "\\":
                    buf.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(s[i + 1], s[i + 1]))
                    i += 2
                    continue
                if c == "'":
                    if s[i + 1] == "'":
                        buf.append("'")
                        i += 2
                        continue
                    i += 1
                    break
                buf.append(c)
                i += 1
            vals.append("".join(buf))
        else:
            m = re.match(r"[^,)]*", s[i:])
            tok = m.group(0).strip()
            i += len(m.group(0))
            vals.append(None if tok.lower() == "null" else tok)
        while s[i] in " \n\r\t":
            i += 1
        if s[i] == ",":
            i += 1
            continue
        return vals, i + 1


def meta_of(tables: list[str]) -> dict:
    text = htmlmod.unescape(re.sub(r"<[^>]+>", "\t", " ".join(tables)))
    cells = [c.strip() for c in text.split("\t") if c.strip()]
    out = {}
    for k, c in enumerate(cells):
        key = re.sub(r"[\s\u3000:：]", "", c)
        if key in ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期") and k + 1 < len(cells):
            v = cells[k + 1]
            if re.sub(r"[\s\u3000:：]", "", v) not in ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期"):
                out[key] = re.sub(r"[\s\u3000]+", " ", v).strip()
    return out


def main(git_dir: str) -> None:
    seen, meta, n = set(), {}, 0
    for fn in FILES:
        s = subprocess.run(["git", "--git-dir", git_dir, "show", "HEAD:" + fn], capture_output=True, check=True).stdout.decode()
        for m in re.finditer(r"(?i)insert into (\w+) \(([^)]*)\) values ", s):
            cols = [c.strip() for c in m.group(2).split(",")]
            vals, _ = parse_values(s, m.end())
            d = dict(zip(cols, vals))
            page = d.get("html") or ""
            key = re.sub(r"\s+", "", page).replace("&amp;bsp;", "&nbsp;")
            if not page or key in seen:
                continue
            seen.add(key)
            tables = re.findall(r'<table[^>]*class="bd1"[^>]*>.*?</table>', page, flags=re.S)
            if not tables:
                continue
            n += 1
            fid = f"{n:04d}"
            stripped = re.sub(r'<table[^>]*class="bd1"[^>]*>.*?</table>', "", page, flags=re.S)
            # keep the document only: the body container and the title above it are what a copy-paste gives
            (HERE / f"{fid}.html").write_text(stripped, encoding="utf-8")
            meta[fid] = meta_of(tables) | {"url": d.get("crawl_url"), "sql_file": fn, "sql_row": d.get("id")}
    (HERE / "metadata.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("pages", n)


if __name__ == "__main__":
    main(sys.argv[1])
