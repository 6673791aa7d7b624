"""发文机关: the issuer(s) of a 公文 from its signature, title, 版头, adoption note or number, as printed.

Each strategy of ISSUER_STRATEGIES is tried in order; the first that yields organ names wins and its name is the
field's ``rule``. Names are cut and kept whole with the organ lexicon (:mod:`policydoc.extract.organs`), and an
abbreviated name is resolved against the full names printed in the title or 版头.
"""
from __future__ import annotations

import re

from ..document import Document
from ..lang.zh.gongwen import AGENCY_CODES, NOT_IN_ORGAN_NAMES, ORG_SUFFIXES, PROVINCE_CODES
from ..structure.zones import Anchors
from .organs import names_own_body, canonical_organ, is_organ, resolve_abbreviation, segment_organs, split_organs

#: Where the issuer part of a title ends: "XX关于…", "XX贯彻…", "XX转发…".
_TITLE_VERB = re.compile(r"关于|贯彻|转发|批转|印发|对.{2,40}的(?:决定|通报)|对.{2,60}?(?:建议|提案|议案)的(?:答复|复函)")


def split_orgs(s: str) -> list[str]:
    """Issuers of a joint document from a signature or title prefix, names kept whole (organ lexicon).

    >>> split_orgs("国务院办公厅 中央军委办公厅")
    ['国务院办公厅', '中央军委办公厅']
    >>> split_orgs("国务院办公厅、中央军委办公厅")
    ['国务院办公厅', '中央军委办公厅']
    >>> split_orgs("遂宁市发展和改革委员会、遂宁市财政局")
    ['遂宁市发展和改革委员会', '遂宁市财政局']
    """
    out = []
    for p in split_organs(s):
        out.extend([p] if segment_organs(p) else _split_joined(p))
    return out


#: Suffixes where two organs printed without a gap part; not before "/" ("企业联合会/企业家协会" is one body).
_JOIN_POINT = re.compile(r"(?:办公厅|办公室|人民政府|委员会|总工会|联合会)(?=[^/／])")


def _split_joined(p: str) -> list[str]:
    """Two issuers run together by a PDF gap: "国务院办公厅中央军委办公厅" → both.

    >>> _split_joined("国务院办公厅中央军委办公厅"), _split_joined("国家发展改革委办公厅")
    (['国务院办公厅', '中央军委办公厅'], ['国家发展改革委办公厅'])
    >>> _split_joined("四川省工商业联合会四川省企业联合会/四川省企业家协会")
    ['四川省工商业联合会', '四川省企业联合会/四川省企业家协会']

    After a government, a name without its own place or central body is an office of that government
    ("迪庆州人民政府法制办公室" is the government's 法制办, one body):

    >>> _split_joined("迪庆州人民政府法制办公室")
    ['迪庆州人民政府法制办公室']
    """
    for m in _JOIN_POINT.finditer(p):
        head, tail = p[: m.end()], p[m.end():]
        if len(tail) >= 4 and tail.endswith(ORG_SUFFIXES) and not tail.startswith(("办公", "党组", "机关")) \
                and (not head.endswith("政府") or names_own_body(tail)):
            return [head] + _split_joined(tail)
    return [p]


def _issuers_from_signature(doc: Document, a: Anchors) -> tuple[list[str], int, int] | None:
    if not a.signature:
        return None
    if "signature" in a.spans:
        i, s0, e0 = a.spans["signature"]
        ln = doc.lines[i]
        names = [n for n in split_orgs(ln.text[s0:e0]) if n.endswith(ORG_SUFFIXES)]
        return (names, ln.start + s0, ln.start + e0) if names else None
    names: list[str] = []
    first = a.signature[0]
    above = doc.lines[first - 1].text.strip() if first > 0 else ""
    if re.fullmatch(r"[\u4e00-\u9fff]{4,30}", above):
        names.append(above)  # the first half of a name broken over two lines, if _join_broken takes it
    for i in a.signature:
        names.extend(split_orgs(doc.lines[i].text))
    names = _join_broken(names)
    names = [n for n in names if n.endswith(ORG_SUFFIXES)]
    if not names:
        return None
    return names, doc.lines[a.signature[0]].start, doc.lines[a.signature[-1]].end


def _join_broken(names: list[str]) -> list[str]:
    """One name broken over two signature lines: "淮安市推进现代化城乡建设" + "高质量发展和住房工作联席会议" → one
    (the first is no organ, the second does not open with a place or a body of its own).

    >>> _join_broken(["淮安市推进现代化城乡建设", "高质量发展和住房工作联席会议"])
    ['淮安市推进现代化城乡建设高质量发展和住房工作联席会议']
    >>> _join_broken(["郑州市住房保障和房地产管理局", "郑州住房公积金管理中心"])
    ['郑州市住房保障和房地产管理局', '郑州住房公积金管理中心']
    """
    from .organs import _longest, _places, organ_at

    vocab, longest = _places()
    out: list[str] = []
    for n in names:
        if out and not out[-1].endswith(ORG_SUFFIXES) and _longest(out[-1], 0, vocab, longest) > 0 \
                and n.endswith(ORG_SUFFIXES) and not organ_at(n, 0) and not _longest(n, 0, vocab, longest):
            out[-1] += n
        else:
            out.append(n)
    return out


def _issuers_from_mark(doc: Document, a: Anchors) -> tuple[list[str], int, int] | None:
    names: list[str] = []
    for i in a.mark:
        s = doc.lines[i].text.strip()
        if s.endswith("文件"):
            s = s[:-2]
        names.extend(split_orgs(s))
    names = [n for n in names if n.endswith(ORG_SUFFIXES)]
    if not names:
        return None
    return names, doc.lines[a.mark[0]].start, doc.lines[a.mark[-1]].end


def _issuers_from_title(doc: Document) -> tuple[list[str], int, int] | None:
    f = doc.fields.get("title")
    if not f:
        return None
    m = _TITLE_VERB.search(f.value)
    if not m or m.start() == 0:
        return None
    head = f.value[: m.start()]
    end = (f.start + len(head)) if f.start is not None else None
    several = _SEVERAL.match(head)
    if several:  # "省人力资源社会保障厅等十部门关于…": the others are not named
        first = split_orgs(several["first"])
        if first and all(is_organ(n) for n in first):
            doc.warn("issuers_not_named", f"the title names '{head}': only {'、'.join(first)} is printed")
            doc.extras["issuer_printed"] = head  # the issuer as printed: "…等十部门"; issuers: the named one
            return first, f.start, end
        return None
    names = split_orgs(head)
    if any(w in n for n in names for w in NOT_IN_ORGAN_NAMES):
        return None  # a heading run into the title block, not an organ
    # "中共中央 国务院关于…": central bodies do not end in an organ suffix; the lexicon knows them
    if names and all(n.endswith(ORG_SUFFIXES) or segment_organs(n) for n in names):
        return names, f.start, end
    return None


_SEVERAL = re.compile(r"^(?P<first>.+?)等(?:[\d一二三四五六七八九十]+个?)?(?:部门|单位|机关)$")
#: A 版头 line that is an organ with what it issues: "安徽省人民代表大会常务委员会公告", "福建省人民政府令".
_ORG_ISSUES = re.compile(r"^(?P<org>\S{4,40}?)(?:公告|令|通告|文件)$")
#: The same at the start of a line that runs on (a web copy with the 公告 and its text on one line):
#: "安徽省人民代表大会常务委员会公告 (第二十八号) 《安徽省集体合同条例》已经…".
_ORG_ISSUES_NUMBERED = re.compile(r"^(?P<org>[\u4e00-\u9fff]{4,40}?)(?:公告|令|通告)\s*[(（]?\s*第[一二三四五六七八九十百零〇\d]+号")
#: A labelled issuer in a page's metadata lines ("发文单位:北京市人民政府办公厅"); 发布机构 is the publisher, not it.
_LABELLED_ISSUER = re.compile(r"(?:发文机关|发文单位|制发机关|发文机构|颁布单位)\s*[:：】\]]\s*(?P<org>[^\s:：|]{4,60})")


def _issuers_from_head(doc: Document, a: Anchors) -> tuple[list[str], int, int] | None:
    """An organ printed on a line of its own in the 版头 (not the title or the number), or "XX公告"/"XX令"."""
    skip = set(a.title) | {a.number, a.recipients}
    for ln in doc.lines[a.lead: a.lead + 10]:
        if ln.index in skip or ln.zone in ("body",) and ln.index > a.lead + 6:
            continue
        t = ln.text.strip()
        m = _ORG_ISSUES.match(t) or _ORG_ISSUES_NUMBERED.match(t)
        # a congress with its term ("深圳市第七届人民代表大会常务委员会" over "公 告" / "第二〇〇号") is the congress
        org = re.sub(r"第[一二三四五六七八九十百]+届(?=人民代表大会)", "", m["org"] if m else t)
        names = segment_organs(canonical_organ(org)) if 4 <= len(org) <= 40 else None
        if names:
            return names, ln.start, ln.end
        if ln.zone == "body" and _PROSE.search(t):
            break  # the 版头 is above the text: an organ on a line after prose is a list item ("金杯单位：新野县人民政府")
    return None


#: A line of running text: long, or ending a sentence or a lead-in.
_PROSE = re.compile(r"^.{50,}$|[。：:；;]$")


#: "(2008年5月30日青海省第十一届人民代表大会常务委员会第三次会议通过 …)" under the title of rules.
_ADOPTED = re.compile(r"^[(（]\s*(?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\s*(?P<org>[^()（）\s]{2,40}?)"
                      r"(?:第?[一二三四五六七八九十百]+届)?(?P<body>人民代表大会常务委员会|人民代表大会|人大常委会|书记处|执行委员会|主席团|常务会议|全体会议|部务会议)?"
                      r"第[一二三四五六七八九十百\d]+次(?:会议|全体会议|主席团全体会议|常务会议|部务会议)?(?:审议)?通过")


def _adoption(doc: Document, a: Anchors):
    """The adoption note printed in parentheses under a title of rules: (line, match) or None."""
    if not a.title:
        return None
    for ln in doc.lines[a.title[-1] + 1: a.title[-1] + 3]:
        m = _ADOPTED.match(ln.text.strip())
        if m:
            return ln, m
    return None


#: The adoption note anywhere on the first lines of rules, with or without its date, after a label or inside a
#: line that runs on: "发布文号:(1994年7月29日广西壮族自治区第八届人民代表大会常务委员会第十次会议通过)",
#: "(广州市第十三届人民代表大会常务委员会第七次会议通过 …)". Only a people's congress or a government's
#: executive meeting: the body that adopts rules is their issuer.
_ADOPTED_IN = re.compile(r"(?P<org>[\u4e00-\u9fff]{2,30}?)(?:第[一二三四五六七八九十百]+届)?"
                         r"(?P<body>人民代表大会常务委员会|人大常委会|人民政府)第[一二三四五六七八九十百\d]+次"
                         r"(?:会议|全体会议|常务会议|主任会议)(?:审议)?通过")
#: Titles of rules, whose adoption note names their issuer.
_RULES_TITLE = re.compile(r"(?:条例|办法|规定|规则|细则|决定|规范|准则)$")


def _full_body(body: str) -> str:
    """The adopting body's name in full, as the issuer is given: 人大常委会 → 人民代表大会常务委员会."""
    return "人民代表大会常务委员会" if body == "人大常委会" else body


def _adoption_anywhere(doc: Document, a: Anchors) -> tuple[list[str], int, int] | None:
    """The body that adopted rules, named in a note on the first lines after the title (see _ADOPTED_IN)."""
    title = doc.value("title")
    if title and not _RULES_TITLE.search(title):
        return None  # a notice that cites rules adopted by a congress is not issued by it
    first = a.title[-1] + 1 if a.title else 0
    cut = a.spans.get("title")
    if cut and a.title and cut[0] == a.title[-1] and cut[2] < len(doc.lines[cut[0]].text.rstrip()):
        first -= 1  # a flattened page: the note runs on after the title on its line
    # the lines under the title, and a law's history note wherever it stands (above a title printed again)
    lines = list(doc.lines[first: first + 3])
    lines += [ln for ln in history_lines(doc, a) if ln not in lines]
    for ln in lines:
        m = _ADOPTED_IN.search(ln.text[:400])
        if not m:
            continue
        org = re.sub(r"^.*?[年月日]", "", m["org"]) if re.search(r"\d", ln.text[max(0, m.start() - 12): m.start("org") + 2]) else m["org"]
        org = re.sub(r"^[年月日]?经?", "", org)  # "2000年5月27日经贵州省第九届…会议通过"
        names = segment_organs(canonical_organ(org + _full_body(m["body"])))
        if names and len(names) == 1:
            k = ln.start + m.start("org") + m["org"].find(org)
            return names, k, k + len(org)
    return None


def _issuers_from_adoption(doc: Document, a: Anchors) -> tuple[list[str], int, int] | None:
    """Rules adopted by a body: the body named in the adoption note ("安徽省人民代表大会常务委员会")."""
    got = _adoption(doc, a)
    if not got:
        return _adoption_anywhere(doc, a)
    ln, m = got
    org = re.sub(r"第?[一二三四五六七八九十百]+届$", "", m["org"])
    if m["body"] in ("人民代表大会常务委员会", "人民代表大会", "人大常委会"):
        org += _full_body(m["body"])
    names = segment_organs(canonical_organ(org))
    if not names or len(names) != 1:
        return None
    k = ln.start + ln.text.find(m["org"])
    return names, k, k + len(m["org"])


def history_runs(doc: Document, a: Anchors):
    """Each run of dated history-step lines next to the title, under it first, then above it (the law
    database's layout: above when the title is printed again below the note), in reading order."""
    if not a.title:
        return
    from ..structure.line_shapes import is_history_line

    for run in (range(max(a.title) + 1, min(len(doc.lines), max(a.title) + 16)),
                range(min(a.title) - 1, max(-1, min(a.title) - 16), -1)):
        got = []
        for i in run:
            ln = doc.lines[i]
            if not ln.text.strip():
                continue
            if not is_history_line(ln.text):
                break
            got.append(ln)
        if got:
            yield sorted(got, key=lambda ln: ln.index)


def history_lines(doc: Document, a: Anchors) -> list:
    """The steps of a law's history printed as dated lines of their own next to its title: the first run of
    :func:`history_runs`."""
    return next(history_runs(doc, a), [])


_STEP_DATE = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*"
#: "2016年2月28日 金华市第六届人民代表大会第八次会议通过": rules adopted by a congress itself (not its standing committee).
_STEP_CONGRESS = re.compile(_STEP_DATE + r"经?(?P<org>[\u4e00-\u9fff]{2,30}?)(?:第[一二三四五六七八九十百]+届)?人民代表大会"
                            r"第[一二三四五六七八九十百\d]+次(?:会议|全体会议)(?:审议)?通过")
#: "2015年4月16日 杭州市第十二届人民代表大会常务委员会公告第42号公布", "1987年2月1日 国家计量局发布".
_STEP_ISSUED = re.compile(_STEP_DATE + r"(?P<org>[\u4e00-\u9fff][\u4e00-\u9fff、 ]{1,40}?)(?:第[一二三四五六七八九十百]+届)?"
                          r"(?P<body>人民代表大会常务委员会)?(?:(?:公告|令)\s*(?:(?:19|20)\d{2}\s*年\s*)?第\s*"
                          r"[\d一二三四五六七八九十百零〇]+\s*号)?(?:公布|发布)\s*$")


def _issuers_from_history(doc: Document, a: Anchors) -> tuple[list[str], int, int] | None:
    """A law's issuer from its history note when the adoption rule finds none: the congress that adopted it
    ("…人民代表大会第八次会议通过"), else the body that promulgated it ("…人民代表大会常务委员会公告第42号公布",
    "国家计量局发布") — an abbreviated adopting body ("市十二届人大常委会") is not resolved by guessing."""
    steps = history_lines(doc, a)
    for rx in (_STEP_CONGRESS, _STEP_ISSUED):
        for ln in steps:
            m = rx.match(ln.text.strip())
            if not m:
                continue
            body = "人民代表大会" if rx is _STEP_CONGRESS else (m["body"] or "")
            if rx is _STEP_CONGRESS:
                names = segment_organs(canonical_organ(m["org"] + body))
            else:  # promulgated jointly: "中共中央、国务院发布"
                names = [n for p in split_orgs(m["org"] + body) for n in (segment_organs(canonical_organ(p)) or [None])]
            if rx is _STEP_ISSUED and names and "国务院" not in names \
                    and any("国务院批准" in st.text for st in steps):
                continue  # approved by the State Council, published by a ministry: whose it is, the note does not say
            if names and None not in names and (len(names) == 1 or rx is _STEP_ISSUED):
                k = ln.start + ln.text.find(m["org"])
                return names, k, k + len(m["org"]) + len(body)
    return None


#: The promulgation note of rules published by an order, on its own line or in parentheses under the title:
#: "天津市人民政府令第87号", "(2009年11月27日甘肃省人民政府令第63号公布)", "（中华人民共和国交通运输部令2023年第22号，…公布）".
PROMULGATION = re.compile(r"(?P<org>[\u4e00-\u9fff][\u4e00-\u9fff 　、]{1,80}?)令\s*(?:(?:19|20)\d{2}\s*年\s*)?第\s*\d{1,5}\s*号")


#: An order's note right after a title on a flattened line, with or without parentheses and date.
_RUN_ON_ORDER = re.compile(r"^\s*[(（]?\s*(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)?[\u4e00-\u9fff 　、]{2,60}?令")


def promulgation_note(doc: Document, a: Anchors):
    """``(line, match, issuers)`` of the order that published rules: in parentheses after the title or on the
    two lines under it ("(2009年11月27日甘肃省人民政府令第63号公布)"); None if there is none."""
    if not a.title:
        return None
    cut = a.spans.get("title")
    for ln in doc.lines[a.title[-1]: a.title[-1] + 3]:
        t = ln.text.strip()
        if len(t) > 160 and ln.index == a.title[-1] and cut and cut[0] == ln.index \
                and _RUN_ON_ORDER.match(ln.text[cut[2]:]):
            # a flattened page: the note runs on after the title ("…规定 天津市人民政府令第87号 一九九七年…")
            t = ln.text[cut[2]: cut[2] + 100].strip()
        elif len(t) > 160:
            continue
        elif ln.index == a.title[-1]:  # only the note in parentheses after the title on its line
            k = t.rfind("（") if t.rfind("（") > t.rfind("(") else t.rfind("(")
            if k < 0:
                continue
            t = t[k:]
        for m in PROMULGATION.finditer(t):
            # the lazy match may start inside a date in front of the organ: "…27日甘肃省人民政府令…"
            org = re.sub(r"^[(（]?(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[年月日])?(?:中华人民共和国)?", "", m["org"])
            names = split_orgs(org) if org else []
            if names and all(is_organ(n) and (segment_organs(n) or len(n) >= 3) for n in names):
                return ln, m, names
    return None


def _issuers_from_promulgation(doc: Document, a: Anchors) -> tuple[list[str], int, int] | None:
    """Rules published by an order: the organ(s) whose order it is ("天津市人民政府令第87号" → 天津市人民政府)."""
    got = promulgation_note(doc, a)
    if not got:
        return None
    ln, m, names = got
    k = ln.start + ln.text.find(m.group(0))
    return names, k, k + len(m.group(0))


def _issuers_from_label(doc: Document, a: Anchors) -> tuple[list[str], int, int] | None:
    for ln in doc.lines[: a.lead + 15]:
        m = _LABELLED_ISSUER.search(ln.text)
        if m:
            names = split_orgs(m["org"])
            if names and all(is_organ(n) for n in names):
                return names, ln.start + m.start("org"), ln.start + m.end("org")
    return None


def _issuers_from_joint_head(doc: Document, a: Anchors) -> tuple[list[str], int, int] | None:
    """A joint 版头 of two or more organs, a few to a line, printed right above the number or the title (a web copy
    or a 版头 without "文件", which the mark rule does not see):

        人力资源社会保障部 中央政法委 / 最高人民法院 工业和信息化部 / … / 人社部发〔2022〕71号  → all, in order
    """
    below = a.number if a.number is not None else (a.title[0] if a.title else None)
    if not below:
        return None
    names: list[str] = []
    first = below
    for i in range(below - 1, max(-1, below - 8), -1):
        t = doc.lines[i].text.strip()
        # a metadata line ("发文机关：…", "发布机构：…") is a label and its value, never a 版头
        parts = split_orgs(t) if 4 <= len(t) <= 60 and not re.search(r"[:：]", t) else []
        if not parts or not all(segment_organs(n) or (is_organ(n) and len(n) <= 25) for n in parts):
            break
        names[:0] = parts
        first = i
    if len(names) < 2:
        return None  # one organ above the number: the 版头 and mark rules own it
    return names, doc.lines[first].start, doc.lines[below - 1].end


def _issuers_from_code(doc: Document) -> tuple[list[str], int, int] | None:
    n = doc.extras.get("doc_number")
    if n is None:
        return None
    for code in sorted(AGENCY_CODES, key=len, reverse=True):
        if n.agency_code == code:
            f = doc.fields["doc_number"]
            return [AGENCY_CODES[code]], f.start, f.end
    return None


def _issuers_from_title_organ(doc: Document) -> tuple[list[str], int, int] | None:
    """A title that opens with a whole organ name and no verb: "镇巴县人民政府工作规则" → 镇巴县人民政府.

    The organ must be one the lexicon reads whole (place chain + body, or a central body); a title that opens
    with a place only ("广西壮族自治区外商投资企业工会条例") names no issuer.
    """
    from .organs import organ_at

    f = doc.fields.get("title")
    if not f or _TITLE_VERB.search(f.value):
        return None
    e = organ_at(f.value, 0)
    if e == 0 or e >= len(f.value) - 1 or organ_at(f.value, e) > e or f.value[e] in "与和、及同暨":
        # no organ, the whole title is one, organs run on, or the organ is one party of what the title names
        # ("山西省人民政府与山西省总工会联席会议暂行办法")
        return None
    if _RULES_TITLE.search(f.value) and not _OWN_RULES.match(f.value[e:]):
        return None  # "天津市工会劳动法律监督条例": rules about the organ, adopted by someone else
    start = f.start
    return [f.value[:e]], start, (start + e) if start is not None else None


#: Rules of an organ's own proceedings, which it adopts itself: "…人民政府工作规则", "…人民代表大会议事规则".
_OWN_RULES = re.compile(r"^(?:工作|议事)(?:规则|规程|细则)$")


_PROVINCE_CODE = re.compile(r"^(?P<p>.)(?P<g>[政府])(?P<o>办)?(?:发|函|规|明电)?$")


def _issuers_from_province_code(doc: Document) -> tuple[list[str], int, int] | None:
    """A provincial government's 机关代字 (lang/zh PROVINCE_CODES): "豫政办〔2008〕38号" → 河南省人民政府办公厅."""
    n = doc.extras.get("doc_number")
    m = _PROVINCE_CODE.match(getattr(n, "agency_code", None) or "")
    if not m or m["p"] not in PROVINCE_CODES or PROVINCE_CODES[m["p"]][1] != m["g"]:
        return None
    f = doc.fields["doc_number"]
    return [PROVINCE_CODES[m["p"]][0] + "人民政府" + ("办公厅" if m["o"] else "")], f.start, f.end


def _issuers_from_site(doc: Document) -> tuple[list[str], None, None] | None:
    """The page's own metadata names the issuer (发文机关/发文单位/制定机关/颁布部门, read by the normaliser) and the
    text does not: use it when it is a whole organ name. 发布机构/来源 is the publisher, never used: on the seen
    split it named the issuer in 1 of 16 pages (法律资料网, 县政府网站, an office for its government); 发文机关 in 8 of 9
    (the ninth an abbreviation, "盘锦市政府", which is refused).

    >>> from policydoc.document import Document
    >>> d = Document(source="x.html", format="html"); d.site_metadata["发文机关"] = "延吉市人民政府办公室"
    >>> _issuers_from_site(d)
    (['延吉市人民政府办公室'], None, None)
    """
    site = re.sub(r"[|｜\s]+", " ", doc.site_metadata.get("发文机关") or "").strip()
    if not site or re.search(r"[省市县区]政府$", site):
        return None
    names = split_orgs(site)
    if names and all(segment_organs(n) for n in names):
        return names, None, None
    return None


#: (rule, strategy, confidence): ordered; the first that yields issuers wins.
ISSUER_STRATEGIES = [
    ("signature", _issuers_from_signature, 0.9),
    ("title_prefix", lambda d, a: _issuers_from_title(d), 0.8),
    ("mark", _issuers_from_mark, 0.75),
    ("joint_head", _issuers_from_joint_head, 0.7),
    ("agency_code", lambda d, a: _issuers_from_code(d), 0.6),
    ("head_org", _issuers_from_head, 0.6),
    ("adopted_by", _issuers_from_adoption, 0.7),
    ("promulgated_by", _issuers_from_promulgation, 0.7),
    ("history_note", _issuers_from_history, 0.7),
    ("labelled_line", _issuers_from_label, 0.5),
    ("title_organ", lambda d, a: _issuers_from_title_organ(d), 0.5),
    ("province_code", lambda d, a: _issuers_from_province_code(d), 0.5),
    ("site_metadata", lambda d, a: _issuers_from_site(d), 0.5),
]


def _full_names(doc: Document, a: Anchors) -> list[str]:
    """Organ names printed in full in the title prefix and the 版头 lines, for resolving abbreviations."""
    out: list[str] = []
    t = doc.value("title") or ""
    m = _TITLE_VERB.search(t)
    if m and m.start() > 0:
        # the title's prefix names organs; one the lexicon does not know must at least read as one name
        out += [n for n in split_orgs(t[: m.start()]) if segment_organs(n) or (is_organ(n) and len(n) <= 20)]
    for i in list(a.mark) + list(range(a.lead, min(a.lead + 8, len(doc.lines)))):
        s = re.sub(r"文件$", "", doc.lines[i].text.strip())
        if 4 <= len(s) <= 60:
            # the 发文机关标志 ("湖北经济学院工会委员会文件") is a name in full even where the lexicon lacks the unit
            out += [n for n in split_orgs(s) if segment_organs(n) or (i in a.mark and n.endswith(ORG_SUFFIXES))]
    return list(dict.fromkeys(out))


def extract_issuer(doc: Document, a: Anchors) -> None:
    for rule, strategy, conf in ISSUER_STRATEGIES:
        got = strategy(doc, a)
        if got:
            names, start, end = got
            # the title or 版头 names the issuer in full where a signature abbreviates ("省府办公厅")
            names = [resolve_abbreviation(n, _full_names(doc, a)) if not segment_organs(n) else n for n in names]
            doc.set_field("issuers", names, start, end, confidence=conf, rule=rule)
            printed = doc.extras.get("issuer_printed") if rule == "title_prefix" else None
            doc.set_field("issuer", printed or "、".join(names), start, end, confidence=conf, rule=rule)
            break
    site = doc.site_metadata.get("发文机关")
    if site and doc.value("issuer") and site != doc.value("issuer"):
        doc.extras.setdefault("disagreements", {})["issuer"] = {"document": doc.value("issuer"), "site": site}
