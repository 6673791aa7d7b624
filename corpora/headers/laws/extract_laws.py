"""Rebuild laws/*.txt + metadata.json from LawRefBook/Laws (commit in metadata.json).

    python corpora/headers/laws/extract_laws.py /work/.mirror/LawRefBook+Laws/repo

LawRefBook/Laws holds the texts of the 国家法律法规数据库 (flk.npc.gov.cn) as Markdown, with each text's record
in a SQLite database beside it (``db.sqlite3``; the local regulations of seven provinces in
``DLC/<省>地方法规/db.sqlite3``): the law's name (标题), its 公布 date and its level (地方性法规, 行政法规…). The
records give no issuing body, so these texts carry title and date labels only.

Taken (deterministic): per province of ``DLC/`` up to 60 local regulations, and up to 120 行政法规 of the State
Council, each ordered by sha1 of its path; one version per name (the record's newest); never a text that the topic
corpus already holds (``corpora/topics/SOURCES.tsv`` on main and branch topics2, any version of the same name).
The text is written as stored, with the Markdown marks of the repository taken off (the ``#`` before headings and
the ``<!-- INFO END -->`` line, which are the repository's, not the law's); the labels go to metadata.json only.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
REPO = "LawRefBook/Laws"
PROVINCES = {"山东": "山东省", "河南": "河南省", "浙江": "浙江省", "上海": "上海市", "北京": "北京市", "重庆": "重庆市",
             "广东": "广东省"}
PER_PROVINCE, STATE_COUNCIL = 60, 120


def _git(repo: str, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", repo, *args], capture_output=True, check=True).stdout


def _rows(repo: str, db_path: str) -> list[dict]:
    with tempfile.NamedTemporaryFile(suffix=".sqlite3") as fh:
        fh.write(_git(repo, "show", f"HEAD:{db_path}"))
        fh.flush()
        con = sqlite3.connect(fh.name)
        con.row_factory = sqlite3.Row
        out = [dict(r) | {"folder": r["folder"]} for r in con.execute(
            "select law.id, law.level, law.name, law.publish, law.expired, category.folder from law "
            "join category on law.category_id = category.id")]
        con.close()
    return out


def _topic_names() -> set[str]:
    """Names (without the version date) of the LawRefBook texts the topic corpus holds, main and topics2."""
    texts = [(ROOT / "corpora/topics/SOURCES.tsv").read_text(encoding="utf-8")]
    try:
        texts.append(subprocess.run(["git", "-C", str(ROOT), "show", "topics2:corpora/topics/SOURCES.tsv"],
                                    capture_output=True, text=True, check=True).stdout)
    except subprocess.CalledProcessError:
        pass
    names = set()
    for t in texts:
        for p in re.findall(r"LawRefBook/Laws:([^\t\n]+)", t):
            names.add(re.sub(r"(\(\d{4}-\d{2}-\d{2}\))?\.md$", "", p.rsplit("/", 1)[-1]))
    return names


def clean(md: str) -> str:
    """The law's text without the repository's Markdown marks."""
    out = []
    for ln in md.splitlines():
        if ln.strip() == "<!-- INFO END -->":
            continue
        out.append(re.sub(r"^#{1,6}\s+", "", ln))
    return "\n".join(out).strip() + "\n"


def _key(path: str) -> str:
    return hashlib.sha1(path.encode()).hexdigest()


def main(repo: str) -> None:
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    files = set(_git(repo, "-c", "core.quotepath=off", "ls-tree", "-r", "--name-only", "HEAD").decode().splitlines())
    skip = _topic_names()
    sources = [(f"DLC/{p}地方法规/", f"DLC/{p}地方法规/db.sqlite3", PROVINCES[p], PER_PROVINCE) for p in PROVINCES]
    sources.append(("", "db.sqlite3", "national", STATE_COUNCIL))
    picked = []
    for prefix, db, province, cap in sources:
        rows = [r for r in _rows(repo, db) if province != "national" or r["level"] == "行政法规"]
        by_name: dict[str, list[dict]] = {}
        for r in rows:
            by_name.setdefault(r["name"], []).append(r)
        cands = []
        for name, rs in by_name.items():
            if name in skip:
                continue
            r = max(rs, key=lambda x: x["publish"] or "")  # the newest version of the law
            path = f"{prefix}{r['folder']}/{name}({r['publish']}).md"
            if path not in files:
                path = f"{prefix}{r['folder']}/{name}.md"
                if path not in files or len(rs) > 1:
                    continue
            if not r["publish"]:
                continue
            cands.append((path, r))
        cands.sort(key=lambda c: _key(c[0]))
        picked += [(p, r, province) for p, r in cands[:cap]]
    meta = {}
    out_dir = HERE
    for old in out_dir.glob("[0-9][0-9][0-9][0-9].txt"):
        old.unlink()
    for i, (path, r, province) in enumerate(picked, 1):
        fid = f"{i:04d}"
        text = clean(_git(repo, "show", f"HEAD:{path}").decode("utf-8"))
        (out_dir / f"{fid}.txt").write_text(text, encoding="utf-8")
        meta[fid] = {"repo": REPO, "commit": commit, "path": path, "record_id": r["id"], "level": r["level"],
                     "title": r["name"], "publish": r["publish"], "province": province}
    (out_dir / "metadata.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(meta)} texts written")


if __name__ == "__main__":
    main(sys.argv[1])
