"""Joint meeting systems (政府与工会联席会议制度): who meets, how often, who does what.

The document is cut into clauses; each clause is read with jieba (a user dictionary of
government roles and bodies, see :mod:`policydoc.lang.zh.meetings`) so that role lists split
at their conjunctions ("区长、相关副区长和区总工会班子成员出席会议" → 区长 / 相关副区长 /
区总工会班子成员). Frequencies, duty types and effective-date phrases are tables of patterns.
Clauses that only cite another document (inside 《》 or a citation) are not taken.
"""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh import meetings as M
from ..pipeline import component

_FREQ = [(re.compile(p), norm, lo, hi) for p, norm, lo, hi in M.FREQUENCIES]
_AD_HOC = re.compile(M.AD_HOC)
_DUTY = [(t, re.compile(p)) for t, p in M.DUTY_TYPES]
_EFFECTIVE = re.compile(M.EFFECTIVE)
_TRIAL = re.compile(M.TRIAL)
_SCOPE = re.compile(M.SCOPE)
_CLAUSE = re.compile(r"[^。；;！？\n]+[。；;！？]?")
_JM = re.compile(r"联席(?:座谈)?会议")
_GOV_UNION = re.compile(r"(?:政府|行政)[^。；，,\n]{0,14}(?:与|和|同|、)[^。；，,\n]{0,14}工会[^。；\n]{0,6}联席(?:座谈)?会议"
                        r"|工会[^。；，,\n]{0,8}(?:与|和|同|、)[^。；，,\n]{0,12}政府[^。；\n]{0,6}联席(?:座谈)?会议"
                        r"|政府[^。；，,\n]{0,12}总工会联席会议"
                        # "与同级工会召开座谈会或联席会议": the same-level union is a government's partner
                        r"|同级(?:地方)?工会[^。；，,\n]{0,12}联席(?:座谈)?会议")
#: A title about joint meetings among government bodies ("部际联席会议审批程序", "部门间联席会议").
_INTER_BODY_TITLE = re.compile(r"(?:部际|部省际|省部际|省际|厅际|部门间)联席(?:座谈)?会议")
_ESTABLISH_TITLE = re.compile(r"联席(?:座谈)?会议(?:制度|办法|规则|工作规则|议事规则|实施办法|工作制度)|建立.{0,30}联席会议")
# Establishing *this* system, not telling others to set one up ("各区政府也要建立…" is only related).
_ESTABLISH_BODY = re.compile(r"特制定本(?:制度|办法|规则)|现就(?:建立|健全|完善|进一步).{0,40}联席(?:座谈)?会议制度"
                             r"|联席(?:座谈)?会议制度如下|制定本(?:制度|办法)")
_CITATION = re.compile(r"《[^》]*》|[(（][^()（）]*〔\d{4}〕[^()（）]*[)）]")
_SPLIT = re.compile(r"[、，,]|(?:^|(?<=[^\s]))(?:和|及|以及|与|或者)(?=[^\s])")


_CONJ = frozenset(("和", "及", "以及", "与", "并", "或", "或者"))


def tokens(text: str) -> list[tuple[str, str]]:
    """(word, POS) pairs from the domain tokenizer.

    >>> [w for w, _ in tokens("区长、相关副区长和区总工会班子成员出席会议")][:7]
    ['区长', '、', '相关副区长', '和', '区总工会', '班子成员', '出席会议']
    """
    from .. import segmenter

    sg = segmenter.get("domain")
    # Tags come from the domain user dictionary (nrole/norg); jieba's full POS table (~70 MB per
    # process) is not loaded, since only roles, bodies and conjunctions matter here.
    return [(w, sg.tag(w) or ("c" if w in _CONJ else "x")) for w in sg.cut(text)]


def split_roles(phrase: str) -> list[str]:
    """Split a list of roles at 、，和 及 与 or — but only where jieba sees a conjunction.

    >>> split_roles("区长、相关副区长和区总工会班子成员")
    ['区长', '相关副区长', '区总工会班子成员']
    >>> split_roles("县政府办公室主任、副主任、县总工会副主席")
    ['县政府办公室主任', '副主任', '县总工会副主席']
    >>> split_roles("主席、副主席、常委和部门、产业(公司)、系统工会负责人")
    ['主席', '副主席', '常委', '部门、产业(公司)、系统工会负责人']
    """
    items: list[str] = []
    cur = ""
    for w, pos in tokens(phrase):
        if w in "、，,；;" or (pos == "c" and w in ("和", "及", "以及", "与", "并")):
            if cur.strip():
                items.append(cur.strip())
            cur = ""
            continue
        cur += w
    if cur.strip():
        items.append(cur.strip())
    merged: list[str] = []
    for it in items:
        if merged and it in _GENERIC:  # "其他相关部门和单位": a bare generic word belongs to the item before it
            merged[-1] = merged[-1] + "和" + it
        elif merged and not _role_like(merged[-1]):  # "基层党、政、工代表" is one item
            merged[-1] = merged[-1] + "、" + it
        else:
            merged.append(it)
    return merged


def _clauses(doc: Document, zones=("body", "appendix", "recipients")):
    for ln in doc.lines:
        if ln.zone not in zones:
            continue
        for m in _CLAUSE.finditer(ln.text):
            text = m.group(0)
            if text.strip():
                yield ln.start + m.start(), text


def _strip_citations(text: str) -> str:
    return _CITATION.sub(lambda m: "□" * len(m.group(0)), text)


def kind_of(doc: Document) -> str | None:
    """``gov_union`` / ``non_union`` / ``related`` / ``None`` for a document.

    >>> from policydoc import parse_text
    >>> kind_of(parse_text("国务院关于同意建立国务院职业教育工作部际联席会议制度的批复\\n教育部：\\n同意建立联席会议制度。"))
    'non_union'
    """
    title = " ".join(str(doc.value(k) or "") for k in ("title", "transmitted_title"))
    body = "\n".join(_strip_citations(ln.text) for ln in doc.lines if ln.zone not in ("web",))
    if not _JM.search(title) and not _JM.search(body):
        return None
    gov_union_named = bool(_GOV_UNION.search(title) or _GOV_UNION.search(body))
    establishes = bool(_ESTABLISH_TITLE.search(title)) or bool(_ESTABLISH_BODY.search(body))
    title_union = "工会" in title and bool(_JM.search(title))
    if establishes and (title_union or (gov_union_named and not _JM.search(title))):
        if "纪要" in title:
            return "related"
        return "gov_union"
    if establishes and _JM.search(title) and "工会" not in title:
        return "non_union"
    if _INTER_BODY_TITLE.search(title) and "工会" not in title and not gov_union_named:
        return "non_union"
    # approving or attaching a system ("同意建立…部际联席会议制度", "附件：…联席会议制度")
    attached = " ".join(doc.value("attachments") or [])
    if (re.search(r"同意(?:建立|设立).{0,60}联席会议制度", body) or _ESTABLISH_TITLE.search(attached)) \
            and "工会" not in title + attached:
        return "non_union"
    if gov_union_named:
        return "related"
    return None


def _find_frequency(doc: Document):
    for start, clause in _clauses(doc):
        if not ("会议" in clause or "召开" in clause or "举行" in clause):
            continue
        text = _strip_citations(clause)
        for rx, norm, lo, hi in _FREQ:
            m = rx.search(text)
            if m:
                out = {"text": m.group(0), "normalized": norm, "per_year_min": lo, "per_year_max": hi}
                ah = _AD_HOC.search(text)
                if ah:
                    out["ad_hoc"] = text.strip()
                return out, start + m.start(), start + m.end(), start, clause
    return None


def _after_verb(clause: str, verb: str) -> str | None:
    i = clause.find(verb)
    return clause[:i] if i > 0 else None


_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、]|第[一二三四五六七八九十百]+条)\s*")
_ROLE_END = re.compile(r"(?:长|主席|主任|书记|成员|负责人|同志|代表|常委|委员|领导|干部|人员|召集人|秘书长|部门|单位|工会|政府|政府办|办公室)$")
_GENERIC = ("单位", "人员", "代表", "有关单位")
#: Organ words that name no body on their own; in a list they qualify the item after them.
_BARE_BODIES = ("部门", "工会", "政府", "办公室", "系统", "行业")


def _role_like(seg: str) -> bool:
    seg = seg.strip()
    if not seg:
        return False
    if seg in _BARE_BODIES:  # "部门、产业、系统工会负责人": a bare 部门 is a modifier of the head that follows
        return False
    last = tokens(seg)[-1]
    return last[1] in ("nrole", "norg") or bool(_ROLE_END.search(seg))


def _subject(before: str) -> str:
    """The noun phrase right before a verb: the longest run of role-like comma segments at its end.

    >>> _subject("县人民政府县长、副县长、县总工会主席,县政府办公室主任、副主任、县总工会副主席")
    '县人民政府县长、副县长、县总工会主席,县政府办公室主任、副主任、县总工会副主席'
    >>> _subject("联席会议由县总工会提请县人民政府联系工会工作的副县长或委托县政府办公室相关副主任召集并")
    '县人民政府联系工会工作的副县长或委托县政府办公室相关副主任'
    """
    s = _LABEL.sub("", before.strip())
    s = re.sub(r"^根据[^，,]{0,20}?通知", "", s)
    if "提请" in s:
        s = s.split("提请", 1)[1]
    s = re.sub(r"(?:召集并|负责|共同|要|应|须|可|分别)$", "", s.strip())
    segs = re.split(r"([，,：:])", s)
    keep = segs[-1]
    k = len(segs) - 3
    while k >= 0 and _role_like(segs[k]) and _role_like(keep.split("、")[0] if keep else ""):
        keep = segs[k] + segs[k + 1] + keep
        k -= 2
    keep = re.sub(r"^(?:联席会议|会议)?(?:由|请|应|须|可)", "", keep.strip())
    return keep.strip()


def _people(doc: Document, verb_rx: str, obj: str = r"(?:联席)?会议"):
    """Subjects of "X出席会议" / "X主持会议" / "X列席会议" and the "出席会议的X" form."""
    rx = re.compile(rf"(?P<verb>{verb_rx})(?:{obj})?")
    for start, clause in _clauses(doc):
        text = _strip_citations(clause)
        m = rx.search(text)
        if not m:
            continue
        before = text[: m.start()]
        subj = _subject(before)
        if subj and len(subj) <= 80 and not subj.endswith(("的", "了")) and "根据" not in subj and _role_like(subj):
            return subj, start + text.find(subj), start + text.find(subj) + len(subj)
    return None


_LIST_HEAD = re.compile(r"(?:会议|联席会议)?(?:出席|参会|参加)(?:会议)?(?:的)?人员(?:为|是|[:：])")


def _listed_people(doc: Document):
    """The list after "出席人员：" up to the sentence end ("会议出席人员：A、B及C；D；其他相关人员。").

    Rules often give attendees as a labelled list instead of "X出席会议"; the list runs over
    semicolons, so it is read on the whole line, not clause by clause.
    """
    for ln in doc.lines:
        if ln.zone not in ("body", "appendix"):
            continue
        text = _strip_citations(ln.text)
        m = _LIST_HEAD.search(text)
        if not m:
            continue
        end = text.find("。", m.end())
        who = text[m.end(): end if end >= 0 else len(text)].strip()
        if who and len(who) <= 200 and _role_like(re.split(r"[、，,；;]", who)[0]):
            return who, ln.start + m.end(), ln.start + m.end() + len(who)
    return None


def _sides(doc: Document):
    """"政府方面由…参加；工会方面由…参加" → {"政府方面": [...], "工会方面": [...]}."""
    out: dict[str, list[str]] = {}
    for _, clause in _clauses(doc):
        m = re.search(r"(?P<side>政府方面|工会方面)(?:由|为)?(?P<who>.+?)(?:参加|出席)", clause)
        if m:
            out[m["side"]] = split_roles(m["who"])
    return out


def _duties(doc: Document, resolve) -> list[dict]:
    """Who does what: "由X共同承担", or a clause that opens with a body or role and a duty verb."""
    out: list[dict] = []
    by_rx = re.compile(r"由(?P<actor>[^，。；由]{2,30}?)(?:共同)?(?:承担|负责|商定|确定|承办|提请|牵头)")
    lead_rx = re.compile(r"^(?P<actor>[^，。；]{2,30}?)(?:要|应|须|将|共同|负责|根据|具体负责|分别)")
    for start, clause in _clauses(doc):
        text = _strip_citations(clause)
        if "□" * 6 in text:
            continue
        types = [t for t, rx in _DUTY if rx.search(text)]
        if not types:
            continue
        body = _LABEL.sub("", text)
        m = by_rx.search(body)
        actor = m["actor"] if m else None
        if actor is None:
            m = lead_rx.match(body)
            if m and _role_like(m["actor"]):
                actor = re.sub(r"^.*?(?:所涉及的|涉及的)", "", m["actor"])
        if not actor or "向" in actor:
            continue
        out.append({"actor": actor, "actor_full": [resolve(a) for a in split_roles(actor)],
                    "duty": body.strip().rstrip("。；;"), "type": types[0], "start": start, "end": start + len(clause)})
    return out


def _resolver(doc: Document):
    """Map short body names ("区总工会", "区政府办") to full names from the issuer where possible."""
    issuer = doc.value("issuer") or ""
    m = re.match(r"^(?P<prefix>.+?(?P<lvl>省|自治区|市|州|县|区|旗|镇|乡|街道))(?:人民政府|政府)(?P<office>办公室|办公厅)?$",
                 issuer)
    if not m:
        return lambda s: s
    prefix, lvl = m["prefix"], m["lvl"]
    gov = prefix + "人民政府"
    table = {f"{lvl}政府": gov, f"{lvl}人民政府": gov, f"{lvl}总工会": prefix + "总工会",
             f"{lvl}政府办": gov + "办公室", f"{lvl}政府办公室": gov + "办公室"}

    def resolve(s: str) -> str:
        return table.get(s, s)

    return resolve


def extract_joint_meeting(doc: Document) -> Document:
    """Fill ``joint_meeting`` for documents about joint meeting systems.

    >>> from policydoc import parse
    >>> jm = parse("../shared/seeds/003_e226338f45839dff.txt")["joint_meeting"]  # doctest: +SKIP
    >>> jm["frequency"]["normalized"], jm["attendees"]  # doctest: +SKIP
    ('每年1次', ['区长', '相关副区长', '区总工会班子成员'])
    """
    kind = kind_of(doc)
    if kind is None:
        return doc
    resolve = _resolver(doc)
    jm: dict = {"kind": kind, "frequency": None, "convener": None, "chair": None, "attendees": [],
                "observers": [], "invited": [], "sides": {}, "duties": [], "effective": None, "trial": None,
                "scope_extension": None, "spans": {}}
    spans = jm["spans"]
    freq = _find_frequency(doc)
    if freq:
        jm["frequency"], s, e, cs, clause = freq
        spans["frequency"] = {"start": s, "end": e, "page": doc.page_at(s)}
    chair = _people(doc, r"主持")
    if chair:
        jm["chair"] = chair[0]
        spans["chair"] = {"start": chair[1], "end": chair[2], "page": doc.page_at(chair[1])}
    att = _people(doc, r"出席(?!人员)") or _listed_people(doc)
    if att:
        jm["attendees"] = split_roles(att[0])
        spans["attendees"] = {"start": att[1], "end": att[2], "page": doc.page_at(att[1])}
    obs = _people(doc, r"列席")
    if obs and not re.search(r"列席会议的", obs[0]):
        jm["observers"] = split_roles(re.sub(r"^(?:根据会议内容)?通知", "", obs[0]))
        spans["observers"] = {"start": obs[1], "end": obs[2], "page": doc.page_at(obs[1])}
    for start, clause in _clauses(doc):
        text = _strip_citations(clause)
        m = re.search(r"邀请(?P<who>[^。；]{2,60}?)(?:参加|列席|出席)", text)
        if m and not jm["invited"]:
            jm["invited"] = split_roles(m["who"])
        # "由A提请B召集" → convener B, proposer A; "由A提请B共同组织召开" → convener A
        m = re.search(r"由(?P<a>[^，。；由]{2,30}?)提请(?P<b>[^，。；]{2,40}?)(?P<v>召集|组织召开|共同组织召开|召开)", text)
        m2 = re.search(r"由(?P<a>[^，。；由]{2,30}?)(?:召集(?!人)|负责召集)", text)
        if (m or m2) and not jm["convener"]:
            if m:
                jm["proposer"] = m["a"]
                who, g = (m["b"], "b") if m["v"] == "召集" else (m["a"], "a")
                s = start + m.start(g)
            else:
                who, s = m2["a"], start + m2.start("a")
            jm["convener"] = who
            spans["convener"] = {"start": s, "end": s + len(who), "page": doc.page_at(s)}
        m = _EFFECTIVE.search(text)
        if m and jm["effective"] is None:
            jm["effective"] = m.group(0)
            spans["effective"] = {"start": start + m.start(), "end": start + m.end(), "page": doc.page_at(start + m.start())}
        m = _SCOPE.search(text)
        if m and jm["scope_extension"] is None:
            jm["scope_extension"] = text.strip().rstrip("。")
    jm["sides"] = _sides(doc)
    if not jm["attendees"] and jm["sides"]:
        jm["attendees"] = [r for side in jm["sides"].values() for r in side]
    titles = " ".join(str(doc.value(k) or "") for k in ("title", "transmitted_title"))
    jm["trial"] = bool(_TRIAL.search(titles)) if titles.strip() else None
    jm["duties"] = _duties(doc, resolve)
    jm["agenda"] = _agenda(doc)
    # a text that lays down how often gov–union meetings meet and who attends is the system itself
    if kind == "related" and jm["frequency"] and (jm["attendees"] or jm["chair"]) and "纪要" not in titles:
        jm["kind"] = "gov_union"
    f = doc.fields.get("title")
    doc.set_field("joint_meeting", jm, f.start if f else None, f.end if f else None, confidence=0.8,
                  rule="joint_meeting")
    return doc


def _agenda(doc: Document) -> list[dict]:
    """Items under a heading about the meeting's contents ("联席会议内容", "主要任务", "议题")."""
    items: list[dict] = []
    inside = False
    level = None
    from ..structure.outline import heading_of

    for ln in doc.lines:
        h = heading_of(ln.text)
        if h and re.search(r"(?:会议|联席会议)?(?:的)?(?:主要)?(?:内容|议题|任务|职责)", ln.text[:30]) and len(ln.text) < 40:
            inside, level = True, None
            continue
        if inside and h:
            if level is None and h[0] not in ("h1", "chapter", "section"):
                level = h[0]
            if h[0] == level:
                text = ln.text.strip()[len(h[1]):].strip()
                items.append({"label": h[1], "text": text, "start": ln.start, "end": ln.end,
                              "page": doc.page_at(ln.start)})
                continue
            if h[0] in ("h1", "chapter", "section", "article") and items:
                break
        elif inside and items and not h:
            continue
    return items


@component("joint_meeting", requires=("lines",), assigns=("joint_meeting",))
def joint_meeting(doc: Document) -> Document:
    return extract_joint_meeting(doc)
