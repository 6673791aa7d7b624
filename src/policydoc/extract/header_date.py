"""成文日期 of a 公文: the dated signature, else the head (an order's or a law's note, a gazette date in
parentheses, a date line beside the number), checked against the web page's metadata."""
from __future__ import annotations

import re

from ..document import Document
from ..structure.zones import Anchors
from .dates import find_dates, parse_date_line
from .doc_number import find_numbers
from .issuer import _RUN_ON_ORDER, history_runs


def _site_publish_date(doc: Document):
    ds = find_dates(doc.site_metadata.get("发布日期", "") or "")
    return ds[0].value if ds else None


def extract_date(doc: Document, a: Anchors) -> None:
    site_date = None
    if doc.site_metadata.get("成文日期"):
        ds = find_dates(doc.site_metadata["成文日期"])
        site_date = ds[0].value if ds else None
    if a.date is None:
        _date_from_head(doc, a)
        return
    ln = doc.lines[a.date]
    if "date" in a.spans:
        _, s0, e0 = a.spans["date"]
        ds = find_dates(ln.text[s0:e0], ln.start + s0)
        dm = ds[0] if ds else None
    else:
        dm = parse_date_line(ln.text, ln.start, hint=site_date)
    if dm is None:
        ds = find_dates(ln.text, ln.start)
        dm = ds[-1] if ds else None
    if dm is None or dm.value is None:
        return
    conf = 0.95 if dm.parser != "compact" else (0.8 if dm.precision == "day" else 0.3)
    if dm.parser == "compact":
        if len(dm.alternatives) > 1 and site_date not in dm.alternatives:
            # a document is published after it is written: readings later than the page's
            # publish date are impossible ("2016125" published 2016-02 → 2016-01-25, not 2016-12-05)
            published = _site_publish_date(doc)
            possible = [d for d in dm.alternatives if published and d <= published]
            if len(possible) == 1:
                dm.value, dm.precision, conf = possible[0], "day", 0.6
                doc.warn("date_ambiguous", f"'{dm.text}' read as {dm.iso}: the other readings are after the "
                                           f"page's publish date {published.isoformat()}")
            else:
                doc.warn("date_ambiguous", f"'{dm.text}' could be " + " or ".join(d.isoformat() for d in dm.alternatives))
                return
        doc.warn("date_digits_only", f"成文日期 printed as '{dm.text}' (年月日 lost); read as {dm.iso}"
                 + (", confirmed by the site's 成文日期" if site_date in dm.alternatives else ""))
    doc.set_field("date", dm.iso, dm.start, dm.end, confidence=conf, rule=f"signature_{dm.parser}", printed=dm.text)
    if site_date and dm.value != site_date:
        doc.extras.setdefault("disagreements", {})["date"] = {"document": dm.iso, "site": site_date.isoformat()}


_GAZETTE = re.compile(r"^[(（](?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零OОΟ0一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
                      r"(?P<rest>[^()（）]*)[)）]")  # a flattened copy may go on with the body after ")"


def _promulgation_date(doc: Document, ln, t: str) -> bool:
    """Rules published by an order are dated by it: "天津市人民政府令第87号 一九九七年九月二十四日",
    "（…交通运输部令2023年第22号，2023年12月17日公布，自2024年3月1日起施行）" (the date it was 公布, not 施行)."""
    from .issuer import PROMULGATION

    if len(t) > 160 or not PROMULGATION.search(t):
        return False
    k = ln.text.find(t) if t in ln.text else 0
    ds = [d for d in find_dates(t, ln.start + k) if d.value is not None and d.precision == "day"]
    ds = [d for d in ds if not re.match(r"\s*起?施行", t[d.end - ln.start - k:])]
    if not ds:
        return False
    d = next((d for d in ds if re.match(r"\s*(?:公布|发布)", t[d.end - ln.start - k:])), ds[0])
    doc.set_field("date", d.iso, d.start, d.end, confidence=0.85, rule="promulgation_note", printed=d.text)
    return True


def _history_note_date(doc: Document, a: Anchors) -> bool:
    """Laws as the 国家法律法规数据库 prints them: next to the title one line per step of the law's history
    ("2008年6月19日 宁波市…会议通过", "2008年9月19日 浙江省…批准", "2008年10月6日 …公告第6号公布",
    "2008年11月1日 施行"). The text is the version of the latest step that is not its 施行: 2008-10-06.
    The note is read under the title, or above it when the title is printed again under the note.
    A note in parentheses is not one of these (gazette style, read by the rules below)."""
    best = None
    for run in history_runs(doc, a):  # the note above the title is read when the one under it gives no date
        for ln in run:
            for d in find_dates(ln.text, ln.start):
                if d.value is None or d.precision != "day" or re.match(r"\s*起?施行", ln.text[d.end - ln.start:]):
                    continue
                if best is None or d.value > best.value:
                    best = d
        if best is not None:
            break
    if best is None:
        return False
    doc.set_field("date", best.iso, best.start, best.end, confidence=0.85, rule="history_note", printed=best.text)
    return True


def _date_from_head(doc: Document, a: Anchors) -> None:
    """No dated signature: the date printed under the title in parentheses (gazette style,
    "（1989年4月12日 发〔1989〕35号）"), or a date line of its own beside the number at the top (web copies)."""
    if _history_note_date(doc, a):
        return
    near = [i for i in range(len(doc.lines)) if i < a.lead + 12 and (i in a.title or i == a.number)]
    if not near:
        return
    cut = a.spans.get("title")
    for i in range(min(near), min(len(doc.lines), max(near) + 3)):
        ln = doc.lines[i]
        t = ln.text.strip()
        if cut and cut[0] == i and cut[2] < len(ln.text):  # the note after a title on its line (a flattened page:
            t = ln.text[cut[2]:].strip()                    # the note runs on with the text, read its start)
            t = t[:100] if len(t) > 160 and _RUN_ON_ORDER.match(t) else t
        if _promulgation_date(doc, ln, t):
            return
        m = _GAZETTE.match(t)
        if m:
            ds = find_dates(m["date"], ln.start + ln.text.find(m["date"]))
            if ds and ds[0].value:
                doc.set_field("date", ds[0].iso, ds[0].start, ds[0].end, confidence=0.85, rule="gazette_parens",
                              printed=ds[0].text)
                if doc.value("doc_number") is None:
                    nums = find_numbers(m["rest"])
                    if nums:
                        k = ln.start + ln.text.find(m["rest"])
                        doc.set_field("doc_number", nums[0].normalized, k + nums[0].start, k + nums[0].end,
                                      confidence=0.85, rule="gazette_parens", printed=nums[0].printed)
                        doc.extras["doc_number"] = nums[0]
            return
        if i not in a.title and i != a.number and len(t) <= 16:
            dm = parse_date_line(t, ln.start)
            if dm is not None and dm.value is not None and dm.parser != "compact":
                doc.set_field("date", dm.iso, dm.start, dm.end, confidence=0.7, rule="head_date", printed=dm.text)
                return
