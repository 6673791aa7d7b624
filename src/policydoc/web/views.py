"""What the pages show, computed from the index without Flask: the search page's filters and
facet links, the document page's fields, spans and tables. Kept apart from the routes so that
it can be tested (and reused by another front end) without a web server."""
from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

#: URL parameter → :meth:`Index.search` argument. ``topic`` is the primary-topic facet.
FILTERS = {"issuer": "issuer", "region": "region", "year": "year", "type": "doc_type", "topic": "primary_topic",
           "kind": "kind"}
FACET_TITLES = [("issuer", "issuer", "发文机关"), ("region", "province", "地区"), ("year", "year", "年份"),
                ("type", "doc_type", "文种"), ("topic", "topic", "主题")]
MARK = ("\x01", "\x02")

#: Labels of the contract fields on the document page, in display order.
FIELD_LABELS = [("title", "标题"), ("doc_number", "发文字号"), ("issuer", "发文机关"), ("issuers", "联合发文机关"),
                ("doc_type", "文种"), ("date", "成文日期"), ("recipients", "主送机关"), ("cc", "抄送机关"),
                ("attachments", "附件"), ("printed_by", "印发机关"), ("print_date", "印发日期"),
                ("signers", "签发人"), ("transmitted_title", "所转发文件"), ("transmitted_type", "所转发文种"),
                ("secrecy", "密级"), ("urgency", "紧急程度"), ("copy_number", "份号"), ("region", "地区")]
JOINT_LABELS = [("kind", "类型"), ("convener", "召集人"), ("chair", "主持"), ("frequency", "会议频次"),
                ("attendees", "参加人员"), ("observers", "列席"), ("invited", "邀请"), ("proposer", "议题提出"),
                ("effective", "施行"), ("trial", "试行"), ("scope_extension", "适用范围延伸")]
JOINT_KINDS = {"gov_union": "政府与工会联席会议", "related": "政府与工会联席会议（相关）", "non_union": "其他联席会议"}
DUTY_TYPES = {"preparation": "筹备", "agenda": "议题准备", "coordination": "协调", "supervision": "督办",
              "implementation": "落实", "notification": "通报"}


def marked(snippet: str | None) -> Markup:
    """A snippet with :data:`MARK` markers as escaped HTML with ``<mark>`` tags.

    >>> str(marked("关于\\x01劳模\\x02<待遇>"))
    '关于<mark>劳模</mark>&lt;待遇&gt;'
    """
    if not snippet:
        return Markup("")
    return Markup(str(escape(snippet)).replace(MARK[0], "<mark>").replace(MARK[1], "</mark>"))


_FILTER_NAMES = {"region": "地区", "doc_type": "文种", "topic": "主题", "primary_topic": "主题"}


_URL_KEY = {"region": "region", "doc_type": "type", "topic": "topic", "primary_topic": "topic"}


def notice_links(n: dict, params: dict[str, list[str]]) -> dict:
    """A notice for the page: its text and, for each near value, a link that searches with it instead.

    >>> n = notice_links({"filter": "doc_type", "value": "通告", "near": ["通知"]}, {"q": ["工会"], "type": ["通告"]})
    >>> n["text"], n["near"][0]["url"]
    ('文种“通告”：索引中没有这样的文件。', '/?q=%E5%B7%A5%E4%BC%9A&type=%E9%80%9A%E7%9F%A5')
    """
    key = _URL_KEY.get(n["filter"], n["filter"])
    rest = {k: [x for x in vs if not (k == key and x == n["value"])] for k, vs in params.items()}
    return {"text": f"{_FILTER_NAMES.get(n['filter'], n['filter'])}“{n['value']}”：索引中没有这样的文件。",
            "near": [{"value": v, "url": url("/", rest, **{key: v})} for v in n["near"]]}


def search_args(params) -> dict:
    """Index.search keyword arguments from URL parameters (a MultiDict or a dict of lists)."""
    get = params.getlist if hasattr(params, "getlist") else (lambda k: params.get(k) or [])
    out: dict[str, Any] = {}
    for name, arg in FILTERS.items():
        vals = [v.strip() for v in get(name) if v and v.strip()]
        if vals:
            out[arg] = vals if arg != "kind" else vals[0]
    number = [v for v in get("number") if v and v.strip()]
    if number:
        out["number"] = number[0]
    return out


def url(path: str, params: dict[str, list[str]], **change) -> str:
    """*path* with *params* changed: ``name=value`` adds a value, ``name=None`` drops the name; paging resets."""
    p = {k: list(v) for k, v in params.items() if v and k != "page"}
    for k, v in change.items():
        if k == "page":
            p["page"] = [str(v)]
        elif v is None:
            p.pop(k, None)
        elif str(v) not in p.get(k, []):
            p.setdefault(k, []).append(str(v))
    q = urlencode([(k, x) for k, vs in p.items() for x in vs])
    return path + ("?" + q if q else "")


def facet_groups(res, params: dict[str, list[str]]) -> list[dict]:
    """The facets to show, each ``{key, title, values: [{value, count, url, active}]}``; a value's
    link adds it to the filters, an active one's removes it. Region goes province → city →
    county as the filter narrows."""
    out = []
    for key, facet, title in FACET_TITLES:
        name = facet
        if key == "region" and params.get("region"):
            chosen = params["region"][-1]
            cities = res.facets.get("city") or {}
            if any(c.startswith(chosen) for c in cities) and res.facets.get("county"):
                name = "county"
            elif cities:
                name = "city"
        values = []
        for v, n in (res.facets.get(name) or {}).items():
            active = str(v) in params.get(key, [])
            rest = {k: [x for x in vs if not (k == key and x == str(v))] for k, vs in params.items()}
            values.append({"value": v, "count": n, "active": active,
                           "url": url("/", rest) if active else url("/", params, **{key: v})})
        if values:
            out.append({"key": key, "title": title + {"city": "（市）", "county": "（县区）"}.get(name, ""),
                        "values": values})
    return out


def active_filters(params: dict[str, list[str]]) -> list[dict]:
    """The filters in the URL, each with a link that removes it."""
    out = []
    for key in list(FILTERS) + ["number"]:
        for v in params.get(key, []):
            rest = {k: [x for x in vs if not (k == key and x == v)] for k, vs in params.items()}
            out.append({"key": key, "value": v, "url": url("/", rest)})
    return out


def _text(v: Any) -> str:
    if v is None or v == [] or v == {}:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, list):
        return "、".join(_text(x) for x in v if _text(x))
    if isinstance(v, dict):
        if "normalized" in v or "text" in v:
            return str(v.get("normalized") or v.get("text"))
        if "province" in v:
            return "".join(x for x in (v.get("province"), v.get("city"), v.get("county")) if x) or \
                ("全国" if v.get("level") == "national" else "")
        return "；".join(f"{k}: {_text(x)}" for k, x in v.items() if _text(x) and k not in ("spans", "start", "end"))
    return str(v)


def _span(spans: dict, key: str) -> tuple[int, int] | None:
    s = (spans or {}).get(key)
    if isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int) and s["end"] > s["start"]:
        return s["start"], s["end"]
    return None


def document_view(doc: dict) -> dict:
    """Rows of the document page: ``fields``, ``joint`` (with ``duties``), ``topics``, ``news``;
    each row with a ``span`` (start, end) into the text where the value came from, or None."""
    rec = doc.get("record") or {}
    spans = rec.get("spans") or {}
    fields = []
    for key, label in FIELD_LABELS:
        value = rec.get(key)
        if key == "title" and not value:
            value = doc.get("title")  # a news report's headline
        text = _text(value)
        if text:
            fields.append({"key": key, "label": label, "value": text, "span": _span(spans, key)})
    if doc.get("kind") == "news":
        news = rec.get("news") or {}
        for key, label, value, span in (("news_source", "来源", doc.get("news_source"), None),
                                        ("news_date", "报道日期", (news.get("date") or {}).get("value"), news.get("date")),
                                        ("news_region", "报道地区", _text(news.get("region")), news.get("region"))):
            if value:
                fields.append({"key": key, "label": label, "value": value, "span": _span({"x": span}, "x")})
    text = doc.get("text") or ""
    for f in fields:  # a news report's headline and source: where they stand in the header lines
        if f["span"] is None and f["key"] in ("title", "news_source") and doc.get("kind") == "news":
            at = text.find(f["value"], 0, 2000)
            f["span"] = (at, at + len(f["value"])) if at >= 0 else None
    jm = rec.get("joint_meeting") or {}
    joint = []
    for key, label in JOINT_LABELS:
        text = _text(jm.get(key))
        if key == "kind":
            text = JOINT_KINDS.get(text, text)
        if text:
            joint.append({"key": f"jm-{key}", "label": label, "value": text, "span": _span(jm.get("spans"), key)})
    duties = [{"actor": d.get("actor"), "actor_full": "、".join(d.get("actor_full") or []), "duty": d.get("duty"),
               "type": DUTY_TYPES.get(d.get("type"), d.get("type") or ""),
               "span": _span({"x": d}, "x")} for d in jm.get("duties") or [] if isinstance(d, dict)]
    agenda = [{"label": a.get("label") or "", "text": a.get("text") or "", "span": _span({"x": a}, "x")}
              for a in jm.get("agenda") or [] if isinstance(a, dict)]
    topics = [{"id": t.get("id"), "label": t.get("label") or t.get("id"), "score": t.get("score"),
               "primary": bool(t.get("primary")), "evidence": t.get("evidence"), "span": _span({"x": t}, "x")}
              for t in rec.get("topics") or [] if isinstance(t, dict)]
    return {"fields": fields, "joint": joint, "duties": duties, "agenda": agenda, "topics": topics}


def highlighted_text(text: str, span: tuple[int, int] | None) -> Markup:
    """The document text as HTML, the span ``[start, end)`` wrapped in ``<mark id="hl">``.

    >>> str(highlighted_text("柳北政发〔2025〕2号\\n<通知>", (0, 12)))
    '<mark id="hl" class="hl">柳北政发〔2025〕2号</mark>\\n&lt;通知&gt;'
    """
    if not span or not (0 <= span[0] < span[1] <= len(text)):
        return Markup(escape(text))
    a, b = span
    return Markup(f'{escape(text[:a])}<mark id="hl" class="hl">{escape(text[a:b])}</mark>{escape(text[b:])}')


def parse_span(value: str | None) -> tuple[int, int] | None:
    """``"63-75"`` → ``(63, 75)``; anything else → None.

    >>> parse_span("63-75"), parse_span("x"), parse_span("9" * 40 + "-1")
    ((63, 75), None, None)
    """
    m = re.fullmatch(r"(\d{1,9})-(\d{1,9})", value or "")
    return (int(m[1]), int(m[2])) if m else None


def source_name(source: str) -> str:
    return os.path.basename(source) or source
