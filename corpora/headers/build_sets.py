"""Build the header-field evaluation sets of corpora/headers/ (deterministic; run from the repo root).

    python corpora/headers/build_sets.py            # writes silver.jsonl, gold_*.jsonl, split.json

Silver = documents whose labels were NOT made for header extraction:
  * govcn/*.html — www.gov.cn policy pages from ZhouYNF/platform-1 (SQL dump); labels are the site's own
    metadata table (发文字号/发文机关/成文日期/标题); the table is REMOVED from the committed page so that the
    extractor cannot read the answer (see corpora/silver/REPORT.md for how the pages were parsed).
  * realestate/*.txt — local and central real-estate policy texts of the China-Real-Estate-Policy-Database
    (ljz060707-lang, records.parquet); labels are that database's own record (title, issuance date, the
    issuing body in its 【…】 mark), kept only where the copy prints them (see realestate/extract_realestate.py).
  * ../topics/raw/*.txt — official texts gathered for the topic corpus; labels are the topic corpus'
    SOURCES.tsv record (title, issuer, year) written from the page/database the text came from; a number
    appended to the title "（鞍政办发〔2016〕109号）" becomes the doc_number label.
Gold = the hand-labelled gold files (corpora/documents, corpora/local, corpora/silver/cases, corpora/headers/gold_new).
Blind2 = blind2/*.txt, hand-labelled copies of official documents from sites no other set draws on (labels in
blind2/labels.jsonl), frozen before the fifth round changed any extraction: a third side, split "blind2", written
to blind2.jsonl; nothing trains or tunes on it (train_lines and cv_lines read silver.jsonl and gold.jsonl only).

The split is by SOURCE GROUP (the province of the issuer; central bodies grouped by the host of the site the
copy came from) and is frozen in split.json: a group is blind when sha1("policydoc-blind:" + group) % 3 == 0,
except groups that already hold a document of the seen gold corpora (their failures were turned into rules).
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))

from policydoc.extract.region import NATIONAL_PREFIXES, table  # noqa: E402

_NUM_IN_TITLE = re.compile(r"[（(]\s*(?P<n>[^()（）]{1,20}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,5}\s*号)\s*[)）]$")
_NOTE_IN_TITLE = re.compile(r"[（(][^()（）]*(?:页面|正文|摘要|；|;|节选|全文|原文|转载)[^()（）]*[)）]$")


def province_of(issuer: str) -> str | None:
    """Province (full name) of the first named place of *issuer*; "national" for central bodies."""
    if not issuer:
        return None
    first = re.split(r"[、，,\s]", issuer.strip())[0]
    if first.startswith(NATIONAL_PREFIXES) or first.startswith("中华人民共和国"):
        return "national"
    by_code, by_name = table()
    for k in range(min(len(first), 12), 1, -1):
        cands = by_name.get(first[:k])
        if not cands:
            continue
        provs = set()
        for r in cands:
            while r.parent:
                r = by_code[r.parent]
            provs.add(r.name)
        if len(provs) == 1:
            return provs.pop()
        return None
    return None


def group_of(province: str | None, origin: str) -> str:
    if province and province != "national":
        return province
    if "ZhouYNF/platform-1" in origin:
        return "national@www.gov.cn"  # the same gov.cn dump as govcn/
    host = urlparse(origin).netloc if origin.startswith("http") else origin.split(":")[1] if origin.startswith("github:") else origin
    return "national@" + (host or "unknown")


def is_blind(group: str) -> bool:
    return int(hashlib.sha1(("policydoc-blind:" + group).encode()).hexdigest(), 16) % 2 == 0


def _flat(s: str) -> str:
    """Text for attestation checks: tags and whitespace removed, full-width brackets/colons unified."""
    import html as htmlmod

    s = htmlmod.unescape(re.sub(r"<[^>]+>", "", s))
    s = re.sub(r"\s+", "", s)
    return s.translate(str.maketrans("（）：，［］", "():,[]"))


_CN_DIGIT = dict(zip("〇零一二三四五六七八九", "00123456789"))


def attest(rec: dict, text: str, *, html: bool = False) -> dict:
    """Keep only labels that the document copy itself shows where the field is printed; move the others
    to ``unattested``.

    A silver label the copy cannot show (a year of adoption on a page that prints no date, a title that is
    only cited in the body, an issuer named only in a sentence) measures the label source, not the
    extractor. Title, issuer and number must appear in the head (first 15 lines) or, for issuer and date,
    the tail (last 15 lines); for gov.cn pages, whose labels come from the same page, anywhere in the page.
    The check reads the label and the text only, never the extractor.
    """
    if html:
        text = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", "", text)
        text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>|</h\d>", "\n", text)
    lines = [ln for ln in (_flat(x) for x in text.splitlines()) if ln]
    whole = "".join(lines)
    head = whole if html else "".join(lines[:15])
    tail = whole if html else "".join(lines[-15:])
    gone = {}
    for key in ("title", "issuer", "doc_number"):
        v = rec.get(key)
        if v is None:
            continue
        parts = [_flat(p) for p in (rec.get("issuers") or [v])] if key == "issuer" else [_flat(v)]
        if key == "doc_number":
            strip = lambda x: re.sub(r"[〔\[［(（【〕\]］)）】]", "", x)  # noqa: E731
            ok = strip(parts[0]) in strip(head)
        elif key == "title":
            ok = parts[0] in head.replace("《" + parts[0], "")
        else:
            ok = all(p in head or p in tail for p in parts)
        if not ok:
            gone[key] = rec.pop(key)
            if key == "issuer":
                if "issuers" in rec:
                    gone["issuers"] = rec.pop("issuers")
    y = rec.get("year")
    if y:
        # the 成文日期 stands on a line of its own (signature block, under the number, or "(1989年4月12日 …)"),
        # not inside a sentence of the body
        conv = str.maketrans(_CN_DIGIT | {"O": "0", "○": "0"})
        short = [ln for ln in (lines[:15] + lines[-15:]) if len(ln) <= 40]
        if not any(re.search(y + r"年\d{1,2}月\d{1,2}日", ln.translate(conv)) or
                   re.search(y.translate(str.maketrans("0123456789", "〇一二三四五六七八九")) + "年", ln.replace("O", "〇"))
                   for ln in short if not re.search(r"[。；;]", ln)):
            gone["year"] = rec.pop("year")
    if gone:
        rec["unattested"] = gone
    return rec


def _cn_num(s: str) -> int | None:
    """"二〇二六" → 2026 (digit by digit), "十二" → 12, "二十三" → 23, "7" → 7."""
    s = s.replace("O", "〇").replace("○", "〇").replace("零", "〇")
    if s.isdigit():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        return (int(_CN_DIGIT[a]) if a else 1) * 10 + (int(_CN_DIGIT[b]) if b else 0)
    try:
        return int("".join(_CN_DIGIT[c] for c in s))
    except KeyError:
        return None


_DATE_IN_LINE = re.compile(r"([\d〇零O○一二三四五六七八九]{4})年([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})日")


def printed_dates(text: str) -> set[str]:
    """ISO dates printed on a short line of their own in the head or tail of *text* (the 成文日期's place)."""
    lines = [ln for ln in (_flat(x) for x in text.splitlines()) if ln]
    out = set()
    for ln in lines[:15] + lines[-15:]:
        if len(ln) > 40 or re.search(r"[。；;，,]", ln):
            continue
        for m in _DATE_IN_LINE.finditer(ln):
            y, mo, d = (_cn_num(g) for g in m.groups())
            if y and mo and d:
                out.add(f"{y:04d}-{mo:02d}-{d:02d}")
    return out


def realestate_record(fid: str, m: dict, text: str) -> dict:
    """Silver record of one realestate/ text from its database record *m*, attested in the copy."""
    from policydoc.lang.zh.gongwen import ORG_SUFFIXES

    rec = {"id": "realestate/" + fid, "file": f"realestate/{fid}.txt", "origin": m["url"] or "",
           "label_source": "China-Real-Estate-Policy-Database record"}
    title = m["title"] or ""
    n = _NUM_IN_TITLE.search(title)
    if n:  # "关于…的通知（东建〔2022〕4号）": the number printed after the title
        rec["doc_number"] = n["n"].strip()
        title = title[: n.start()].strip()
    if title:
        rec["title"] = title
    b = m.get("bracket") or ""
    # an issuer the record gives in full (not "省人民政府办公厅"), printed as a line of its own or as the
    # title's prefix, not only named in a sentence
    if b.endswith(ORG_SUFFIXES) and not re.search(r"[、，,\s]", b) and not b.startswith(("省", "市", "县", "区")) and \
            any(ln == _flat(b) or ln.startswith(_flat(b) + "关于") for ln in (_flat(x) for x in text.splitlines())):
        rec["issuer"], rec["issuers"] = b, [b]
    d = m.get("issuance_date")
    gone = {}
    if d:
        if d in printed_dates(text):
            rec["date"] = d
        else:
            rec["year"] = d[:4]
            gone["date"] = d
    prov = province_of(m.get("geography") or "") if m.get("official_level") != "central" else "national"
    rec["province"] = prov
    host = urlparse(m["url"]).netloc if m.get("url") else "unknown"
    rec["group"] = prov if prov and prov != "national" else "national@" + host
    rec = attest(rec, text)
    if "title" in rec and not title_is_whole(rec["title"], text):
        # the database often gives the title without its issuer ("关于…的通知" printed under
        # "XX局关于…的通知"): such a label is part of the title, not the title
        gone["title"] = rec.pop("title")
    if gone:
        rec.setdefault("unattested", {}).update(gone)
    return rec


def title_is_whole(title: str, text: str) -> bool:
    """Is *title* exactly what a line, or up to four consecutive lines, of the head print (not a part of it)?

    Not when the line above the run is an organ name alone (the title is "XX局" + "关于…", printed on two
    lines) or when the head cites it as 《title》 (it is the title of what a covering notice 印发).
    """
    from policydoc.lang.zh.gongwen import ORG_SUFFIXES

    lines = [ln for ln in (_flat(x) for x in text.splitlines()) if ln][:15]
    want = _flat(title)
    if "《" + want in "".join(lines):
        return False
    for i in range(len(lines)):
        for j in range(i + 1, min(i + 5, len(lines) + 1)):
            if "".join(lines[i:j]) == want:
                above = lines[i - 1] if i else ""
                return not (above.endswith(ORG_SUFFIXES) and len(above) <= 40 and not re.search(r"[:：,，。]", above))
    return False


def has_labels(rec: dict) -> bool:
    return any(k in rec for k in ("title", "issuer", "doc_number", "date", "year"))


def realestate_silver() -> list[dict]:
    p = HERE / "realestate/metadata.json"
    if not p.exists():
        return []
    meta = json.loads(p.read_text(encoding="utf-8"))
    out = []
    for fid, m in sorted(meta.items()):
        rec = realestate_record(fid, m, (HERE / f"realestate/{fid}.txt").read_text(encoding="utf-8"))
        if has_labels(rec):
            out.append(rec)
    return out


def laws_silver() -> list[dict]:
    """Silver records of laws/*.txt: local regulations and 行政法规 of LawRefBook/Laws labelled by the
    database's record (name = title, 公布 date), attested in the copy like the others; no issuer (the record
    names none)."""
    p = HERE / "laws/metadata.json"
    if not p.exists():
        return []
    out = []
    for fid, m in sorted(json.loads(p.read_text(encoding="utf-8")).items()):
        text = (HERE / f"laws/{fid}.txt").read_text(encoding="utf-8")
        origin = f"github:{m['repo']}:{m['path']}"
        rec = {"id": "laws/" + fid, "file": f"laws/{fid}.txt", "origin": origin,
               "label_source": "LawRefBook/Laws db.sqlite3 record (flk.npc.gov.cn)", "title": m["title"]}
        gone = {}
        if m["publish"] in printed_dates(text):
            rec["date"] = m["publish"]
        else:
            rec["year"] = m["publish"][:4]
            gone["date"] = m["publish"]
        rec["province"] = m["province"]
        rec["group"] = group_of(m["province"], origin)
        rec = attest(rec, text)
        if "title" in rec and not title_is_whole(rec["title"], text):
            gone["title"] = rec.pop("title")
        if gone:
            rec.setdefault("unattested", {}).update(gone)
        if has_labels(rec):
            out.append(rec)
    return out


def topics_silver() -> list[dict]:
    out = []
    with open(ROOT / "corpora/topics/SOURCES.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            origin = row["origin"]
            if "LawRefBook" in origin or origin.startswith("corpora/"):
                continue  # laws (no 公文 header) and copies of the gold corpora
            title, issuer = row["title"].strip(), row["issuer"].strip()
            rec = {"id": "topics/" + row["source"], "file": f"../topics/raw/{row['source']}.txt",
                   "origin": origin, "label_source": "topics/SOURCES.tsv"}
            if not (ROOT / "corpora/topics/raw" / f"{row['source']}.txt").exists():
                continue
            m = _NUM_IN_TITLE.search(title)
            if m:
                rec["doc_number"] = m["n"].strip()
                title = title[: m.start()].strip()
            if _NOTE_IN_TITLE.search(title):
                title = _NOTE_IN_TITLE.sub("", title).strip()
            if title:
                rec["title"] = title
            if issuer and issuer not in ("unknown", "不详"):
                rec["issuer"] = issuer
                # "X等10部门" names one issuer and counts the rest: the record gives no set of issuers to score
                if not _SEVERAL_ISSUERS.search(issuer):
                    rec["issuers"] = [p for p in re.split(r"[、，,]", issuer) if p]
            if re.fullmatch(r"(19|20)\d{2}", row["year"].strip()):
                rec["year"] = row["year"].strip()
            rec["province"] = province_of(issuer)
            rec["group"] = group_of(rec["province"], origin)
            text = (ROOT / "corpora/topics/raw" / f"{row['source']}.txt").read_text(encoding="utf-8")
            out.append(attest(rec, text))
    return out


_SEVERAL_ISSUERS = re.compile(r"等(?:[\d一二三四五六七八九十]+个?)?(?:部门|单位|机关)$")


def govcn_silver() -> list[dict]:
    meta = json.loads((HERE / "govcn/metadata.json").read_text(encoding="utf-8"))
    out = []
    for fid, m in sorted(meta.items()):
        rec = {"id": "govcn/" + fid, "file": f"govcn/{fid}.html", "origin": m["url"],
               "label_source": "www.gov.cn metadata table"}
        if m.get("发文字号"):
            rec["doc_number"] = m["发文字号"]
        if m.get("发文机关"):
            rec["issuers"] = [p for p in re.split(r"[、，,\s]+", m["发文机关"]) if p]
            rec["issuer"] = "、".join(rec["issuers"])
        if m.get("成文日期"):
            d = re.findall(r"\d+", m["成文日期"])
            rec["date"] = f"{int(d[0]):04d}-{int(d[1]):02d}-{int(d[2]):02d}"
        if m.get("标题"):
            rec["title"] = m["标题"]
        rec["province"] = "national"
        rec["group"] = "national@www.gov.cn"
        out.append(attest(rec, (HERE / f"govcn/{fid}.html").read_text(encoding="utf-8"), html=True))
    return out


GOLD_FILES = ["corpora/documents/gold.jsonl", "corpora/local/gold.jsonl", "corpora/silver/cases/gold.jsonl"]


def gold_records() -> list[dict]:
    out = []
    for gf in GOLD_FILES + ["corpora/headers/gold_new.jsonl"]:
        p = ROOT / gf
        if not p.exists():
            continue
        for line in p.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            g = json.loads(line)
            if not gf.startswith("corpora/headers"):
                g["file"] = str(Path("../..") / Path(gf).parent / g["file"])
            iss = g.get("issuer") or ""
            g.setdefault("province", province_of(iss) if iss else None)
            g.setdefault("group", group_of(g["province"], g.get("origin", "corpora:" + gf.split("/")[1])))
            g["gold_file"] = gf
            out.append(g)
    return out


def _doc_text(r: dict) -> str:
    return _flat((HERE / r["file"]).read_text(encoding="utf-8"))


def duplicates_of_rule_corpora(records: list[dict], gold: list[dict]) -> set[str]:
    """Ids of *records* whose text is a copy of a document of the rule-writing gold corpora (a 40-character
    window of their opening found in it): such a copy was seen when the rules were written."""
    seen_texts = [_doc_text(g) for g in gold if g["gold_file"] in GOLD_FILES]
    out = set()
    for r in records:
        t = _doc_text(r)
        probes = [t[k: k + 40] for k in (20, 120, 220) if len(t) >= k + 40]
        if probes and any(sum(p in st for p in probes) >= 2 or (len(probes) == 1 and probes[0] in st)
                          for st in seen_texts):
            out.add(r.get("id") or r["file"])
    return out


GOLD6 = "corpora/headers/gold6/labels.jsonl"


def source_key(url: str) -> str:
    """The site a page copy came from, as its registrable domain: "www.xjboz.gov.cn" → "xjboz.gov.cn"."""
    host = (urlparse(url).hostname or "unknown").lower()
    parts = host.split(".")
    if parts[-1] in ("cn", "tw", "hk") and len(parts) >= 3 and parts[-2] in ("gov", "com", "org", "net", "edu"):
        return ".".join(parts[-3:])
    return ".".join(parts[-2:]) if not host.replace(".", "").isdigit() else host


def gold6_records() -> list[dict]:
    """The seen half of the sixth round's new sources (gold6/labels.jsonl): hand labels, group "gold6@<site>".
    Each source went to this half or to blind2 by sha1("policydoc-headers6:" + site) % 2, fixed before any copy
    was read (SOURCES.md); these groups are always seen."""
    out = []
    for line in (HERE / "gold6" / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        stem = Path(g["file"]).stem
        g = {"id": "gold6/" + stem, "file": "gold6/" + g["file"], "label_source": "hand (gold6)"} | \
            {k: v for k, v in g.items() if k != "file"}
        g["group"] = "gold6@" + source_key(g["origin"])
        g["gold_file"] = GOLD6
        out.append(g)
    return out


def blind2_records() -> list[dict]:
    """The hand-labelled third side (blind2/labels.jsonl): every record is split "blind2", grouped by site."""
    out = []
    for line in (HERE / "blind2" / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        stem = Path(g["file"]).stem
        g = {"id": "blind2/" + stem, "file": "blind2/" + g["file"], "label_source": "hand (blind2)"} | \
            {k: v for k, v in g.items() if k != "file"}
        g["group"] = "blind2@" + (urlparse(g["origin"]).hostname or "unknown")
        g["split"] = "blind2"
        out.append(g)
    return out


def main() -> None:
    silver = govcn_silver() + topics_silver() + realestate_silver() + laws_silver()
    gold = gold_records() + gold6_records()
    groups = sorted({r["group"] for r in silver + gold})
    dup = duplicates_of_rule_corpora(silver + [g for g in gold if g["gold_file"] not in GOLD_FILES], gold)
    silver = [r for r in silver if r["id"] not in dup]
    gold = [g for g in gold if (g.get("id") or g["file"]) not in dup]
    blind = sorted(g for g in groups if is_blind(g) and not g.startswith("gold6@"))
    split = {"rule": "sha1('policydoc-blind:'+group) % 2 == 0; gold of the rule-writing corpora is always seen",
             "dropped_copies_of_rule_corpora": sorted(dup),
             "blind_groups": blind, "seen_groups": sorted(set(groups) - set(blind))}
    for r in silver + gold:
        tuned = r.get("gold_file") in GOLD_FILES
        r["split"] = "blind" if r["group"] in blind and not tuned else "seen"
    split["blind_ids"] = sorted(r["id"] if "id" in r else r["file"] for r in silver + gold if r["split"] == "blind")
    with open(HERE / "silver.jsonl", "w", encoding="utf-8") as fh:
        for r in silver:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(HERE / "gold.jsonl", "w", encoding="utf-8") as fh:
        for r in gold:
            r = {k: v for k, v in r.items() if k != "gold_file"} | {"from": r["gold_file"]}
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (HERE / "split.json").write_text(json.dumps(split, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    b2 = blind2_records()
    # a blind2 copy of a document any other set holds would not be unseen
    b2_dup = duplicates_of_rule_corpora(b2, [g | {"gold_file": GOLD_FILES[0]} for g in gold + silver])
    assert not b2_dup, f"blind2 copies of documents already in corpora/headers: {sorted(b2_dup)}"
    with open(HERE / "blind2.jsonl", "w", encoding="utf-8") as fh:
        for r in b2:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    n = lambda rs, s: sum(r["split"] == s for r in rs)  # noqa: E731
    print(f"silver {len(silver)} (seen {n(silver, 'seen')}, blind {n(silver, 'blind')}); "
          f"gold {len(gold)} (seen {n(gold, 'seen')}, blind {n(gold, 'blind')}); groups {len(groups)}, blind {len(blind)}; "
          f"blind2 {len(b2)}")


if __name__ == "__main__":
    main()
