"""Rebuild realestate/*.txt + metadata.json from ljz060707-lang/China-Real-Estate-Policy-Database (commit 8ba98a6…).

    python corpora/headers/realestate/extract_realestate.py /work/.mirror/ljz060707-lang+China-Real-Estate-Policy-Database/repo

The database (data/curated/records.parquet) holds official local and central real-estate policy texts as crawled
from the issuing sites (``full_text``) with the database's own record: title, issuance date, geography and the
page address. Kept: records of type policy_document whose status is "official", whose text is a 公文 (a title,
a 主送 line or a dated signature in its head or tail) and not a news report, and that hold no site metadata
table at their top (a copy whose page table printed the answer is left out rather than edited). The texts are
written exactly as stored; the labels go to metadata.json only. Only texts that print at least one of their
labels are kept. Needs pyarrow (`pip install "policydoc[parquet]"`) to read the parquet.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import build_sets  # noqa: E402  (the same label and attestation rules as the set builder)
REPO = "ljz060707-lang/China-Real-Estate-Policy-Database"
PATH = "data/curated/records.parquet"

#: a news report, not the document: never committed
_NEWS = re.compile(r"消息|记者|据了解|日电|新华社|本报讯|获悉|近日[，,]|日从|发布会|网讯|客户端|报道")
#: a page metadata table at the top of the copy (索引号/发文机关/成文日期…): left out
_META = re.compile(r"索\s*引\s*号|发\s*文\s*机\s*关|成\s*文\s*日\s*期|发\s*文\s*字\s*号|主\s*题\s*分\s*类|发\s*布\s*机\s*构")
_GONGWEN_TITLE = re.compile(r"(?:通知|意见|办法|决定|方案|措施|规定|细则|公告|通告|批复|复函|函|规划|纲要|实施意见|通报|指引|规则)$")
_DATE_LINE = re.compile(r"^\s*(?:19|20|二[〇○零O]|一九)\S{0,4}年\S{1,3}月\S{1,3}日\s*$")


def is_gongwen(text: str) -> bool:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    head, tail = lines[:10], lines[-8:]
    if any(_NEWS.search(ln) for ln in lines[:5]):
        return False
    return (any(len(ln) <= 60 and _GONGWEN_TITLE.search(ln) for ln in head)
            or any(ln.endswith(("：", ":")) and len(ln) <= 80 and not re.search(r"[。；]", ln) for ln in head)
            or any(_DATE_LINE.match(ln) for ln in tail))


def clean_title(t: str) -> str:
    """The record's title without the database's own marks: "【海南省】《关于…的通知》" → "关于…的通知"."""
    t = re.sub(r"^【[^】]*】", "", t.strip()).strip()
    if t.startswith("《") and t.endswith("》") and t.count("《") == 1:
        t = t[1:-1]
    return t.strip()


def main(repo_dir: str) -> None:
    import pyarrow.parquet as pq

    commit = subprocess.run(["git", "--git-dir", repo_dir, "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    raw = subprocess.run(["git", "--git-dir", repo_dir, "show", f"HEAD:{PATH}"], capture_output=True, check=True).stdout
    rows = pq.read_table(io.BytesIO(raw)).to_pylist()
    rows.sort(key=lambda r: r["record_id"])
    meta, seen_titles, n = {}, set(), 0
    for r in rows:
        text = r.get("full_text")
        if r.get("record_type") != "policy_document" or r.get("official_status") != "official":
            continue
        if not isinstance(text, str) or len(text) < 200:
            continue
        if any(_META.search(ln) for ln in text.splitlines()[:15]) or not is_gongwen(text):
            continue
        if " | " in text.split("\n", 1)[0]:
            continue  # a row of the database's own table serialised ("date | title | summary | url"), not a copy
        title = clean_title(r.get("title_normalized") or r.get("title") or "")
        if len(title) < 8 or re.match(r"\d{4}-", title) or title in seen_titles:
            continue  # the same document entered twice
        seen_titles.add(title)
        m = re.match(r"^【([^】]*)】", r.get("title") or "")
        d = r.get("issuance_date")
        entry = {"title": title, "issuance_date": d.isoformat() if d else None,
                     "bracket": m.group(1) if m else None, "geography": r.get("geography_original"),
                     "official_level": r.get("official_level"), "url": r.get("primary_source_url"),
                     "record_id": r["record_id"], "repo": REPO, "commit": commit, "path": PATH}
        if not build_sets.has_labels(build_sets.realestate_record("x", entry, text)):
            continue  # the copy prints none of the record's labels: it would measure nothing
        n += 1
        fid = f"{n:04d}"
        (HERE / f"{fid}.txt").write_text(text, encoding="utf-8")
        meta[fid] = entry
    (HERE / "metadata.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("texts", n)


if __name__ == "__main__":
    main(sys.argv[1])
