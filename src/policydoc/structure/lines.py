"""A learned line labeller: a linear-chain CRF (python-crfsuite) over the lines of a 公文's head and tail.

Every line of the first HEAD and last TAIL lines gets one of LABELS (份号 … 印发, web chrome) from features of
its text (patterns of ``lang/zh``, organ names, length, punctuation), its place in the document, the layout
where a PDF gives one (page), and today's rules (the zone :mod:`policydoc.structure.zones` gave it). The
model is trained by ``policydoc train lines`` (see :mod:`policydoc.train_lines`) into ``models/lines/``;
CRFsuite's own model file, not a pickle. ``python-crfsuite`` is an optional extra: ``pip install "policydoc[crf]"``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..document import Document
from ..errors import MissingDependencyError, ModelError
from ..extract.dates import find_dates
from ..extract.doc_number import whole_line_number
from ..lang.zh.gongwen import CC_LABELS, ORG_SUFFIXES, SECRECY_LEVELS, URGENCY_LEVELS
from .line_shapes import TITLE_END, _HEADING, _IMPRINT, _NOTE, _SIGNER, is_history_line, is_mark_line, is_org_line

#: 份号 密级 紧急程度 发文机关标志 发文字号 签发人 标题 主送 正文 附件说明 署名 成文日期 附注 附件 抄送 印发, web chrome
LABELS = ("copy_no", "secrecy", "urgency", "mark", "number", "signer", "title", "recipients", "body", "attach_note",
          "signature", "date", "note", "appendix", "cc", "imprint", "chrome")
HEAD, TAIL = 40, 30
#: Where `policydoc train lines` writes and the package reads the model (models/ links here).
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "lines"

#: Rule zone → label (the rules as a feature and as the weak training label).
ZONE_LABEL = {"web": "chrome", "mark": "mark", "title": "title", "recipients": "recipients", "body": "body",
              "attachment_note": "attach_note", "signature": "signature", "date": "date", "note": "note",
              "appendix": "appendix", "imprint": "imprint"}
_CHROME = re.compile(r"当前位置|您的位置|首页|来源[:：]|浏览|打印|字体|分享|索引号|发布时间|发布日期|点击|收藏|关闭窗口|"
                     r"无障碍|主题分类|【|】|>>|»|\||扫一扫|微信|微博")
_CC = re.compile(r"^\s*(?:" + "|".join(CC_LABELS) + r")\s*[:：]")


def rule_label(doc: Document, i: int) -> str:
    """The label today's rules give line *i* (zones, refined for the 版头 and 版记 lines).

    >>> from policydoc import parse_text
    >>> d = parse_text("柳北政发〔2025〕2号\\n柳州市柳北区人民政府关于印发某制度的通知\\n各街道：\\n正文。")
    >>> [rule_label(d, i) for i in range(3)]
    ['number', 'title', 'recipients']
    """
    ln = doc.lines[i]
    s = ln.text.strip()
    if ln.zone == "header":
        if _SIGNER.search(s):
            return "signer"
        if whole_line_number(s):
            return "number"
        if re.fullmatch(r"\d{6}", s):
            return "copy_no"
        if s.startswith(SECRECY_LEVELS):
            return "secrecy"
        if s in URGENCY_LEVELS:
            return "urgency"
        if is_history_line(s):  # a law's dated history step: its date is the document's, it is no number
            return "date"
        return "number"
    if ln.zone == "imprint":
        return "cc" if _CC.match(s) else "imprint"
    if ln.zone == "body" and whole_line_number(s) and i < 15:
        return "number"
    return ZONE_LABEL.get(ln.zone, "body")


def window(doc: Document) -> list[int]:
    """Indexes of the lines the labeller sees: the head and the tail of the document."""
    n = len(doc.lines)
    if n <= HEAD + TAIL:
        return list(range(n))
    return list(range(HEAD)) + list(range(n - TAIL, n))


def _shape(s: str) -> list[str]:
    t = s.strip()
    f = [f"len={min(len(t) // 5, 16)}"]
    if not t:
        return f + ["empty"]
    if re.search(r"[。；;！？!?]", t):
        f.append("sentence")
    if t.endswith(("：", ":")):
        f.append("colon_end")
    if re.search(r"[:：]", t[:40]):
        f.append("colon_early")
    if "，" in t or "," in t:
        f.append("comma")
    if t.startswith("各"):
        f.append("ge_open")
    if TITLE_END.search(t):
        f.append("title_end")
    if "关于" in t:
        f.append("guanyu")
    if _HEADING.match(t):
        f.append("heading")
    if is_mark_line(t):
        f.append("mark_line")
    if is_org_line(t):
        f.append("org_line")
    if t.endswith(ORG_SUFFIXES):
        f.append("org_suffix")
    if whole_line_number(t):
        f.append("number_line")
    elif re.search(r"[〔\[［]\s*\d{4}\s*[〕\]］]\s*\d+\s*号", t):
        f.append("number_inside")
    if re.fullmatch(r"第\s*\d+\s*号", t):
        f.append("order_no")
    ds = find_dates(t)
    if ds:
        f.append("date")
        if len(t) <= 16:
            f.append("date_line")
    if _IMPRINT.match(t):
        f.append("imprint")
    if _CC.match(t):
        f.append("cc")
    if re.match(r"^\s*附\s*件", t):
        f.append("fujian")
    if _NOTE.match(t):
        f.append("note")
    if _SIGNER.search(t):
        f.append("signer")
    if re.fullmatch(r"\d{6}", t):
        f.append("copy_no")
    if t.startswith(SECRECY_LEVELS):
        f.append("secrecy")
    if t in URGENCY_LEVELS:
        f.append("urgency")
    if _CHROME.search(t):
        f.append("chrome")
    if t.startswith(("(", "（")) and t.endswith((")", "）")):
        f.append("parens")
    f += _organ_features(t)
    return f


def _organ_features(t: str) -> list[str]:
    """Organ-name lexicon hits: the whole line is organ names (a signature, a 版头), the line opens with one
    ("XX局关于…" a title with its issuer), an order's or an adoption's note under a title."""
    from ..extract.issuer import _ADOPTED, PROMULGATION, _TITLE_VERB
    from ..extract.organs import organ_at, segment_organs

    out = []
    if len(t) <= 60 and not re.search(r"[。；;，,:：]", t) and segment_organs(re.sub(r"文件$", "", t)):
        out.append("organ_lex_line")
    k = organ_at(t, 0) if len(t) >= 4 else 0
    if k:
        out.append("organ_lex_open")
        if _TITLE_VERB.match(t[k:].lstrip()):
            out.append("organ_then_verb")
    if PROMULGATION.search(t[:80]) and len(t) <= 120:
        out.append("promulgation")
    if _ADOPTED.match(t):
        out.append("adopted")
    return out


def _layout(doc: Document, idx: list[int]) -> dict[int, list[str]]:
    """Layout of a PDF line where the reader kept it: page, font size against the body's, centring, red."""
    if not doc.layout:
        return {}
    from bisect import bisect_right
    from statistics import median

    lay = sorted(doc.layout, key=lambda x: x.raw_start)
    starts = [x.raw_start for x in lay]
    body = median(x.size for x in lay) or 1.0
    right = {}
    for x in lay:
        right[x.page] = max(right.get(x.page, 0.0), x.x1)
    last_page = max(x.page for x in lay)
    out = {}
    for i in idx:
        r0, _ = doc.raw_span(doc.lines[i].start, doc.lines[i].end)
        k = bisect_right(starts, r0) - 1
        if k < 0:
            continue
        x = lay[k]
        mid, width = (x.x0 + x.x1) / 2, right.get(x.page) or 1.0
        f = [f"page={'first' if x.page == 1 else 'last' if x.page == last_page else 'mid'}",
             f"size={'big' if x.size > body * 1.25 else 'small' if x.size < body * 0.85 else 'body'}"]
        if abs(mid - width / 2) < width * 0.08 and (x.x1 - x.x0) < width * 0.8:
            f.append("centred")
        if x.red:
            f.append("red")
        out[i] = f
    return out


def line_features(doc: Document, idx: list[int]) -> list[list[str]]:
    """CRFsuite attribute lists for the lines *idx* (with the neighbours' shapes and, for PDFs, layout)."""
    n = len(doc.lines)
    shapes = {i: _shape(doc.lines[i].text) for i in idx}
    layout = _layout(doc, idx)
    rules = {i: rule_label(doc, i) for i in idx}
    out = []
    for k, i in enumerate(idx):
        f = ["bias", f"pos={min(i, 12)}", f"from_end={min(n - 1 - i, 12)}", f"rule={rules[i]}",
             f"tail={i >= n - TAIL}"]
        f += shapes[i] + layout.get(i, [])
        for d in (-1, 1):
            j = idx[k + d] if 0 <= k + d < len(idx) else None
            if j is None:
                f.append(f"{d}:none")
                continue
            f += [f"{d}:{x}" for x in shapes[j] if not x.startswith("len")]
            f.append(f"{d}:rule={rules[j]}")
        out.append(f)
    return out


def _crfsuite():
    try:
        import pycrfsuite
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError("python-crfsuite", "crf", "the header line labeller") from exc
    return pycrfsuite


@lru_cache(maxsize=2)
def _tagger(path: str):
    tagger = _crfsuite().Tagger()
    try:
        tagger.open(path)
    except Exception as exc:
        raise ModelError(path, f"not a CRFsuite model ({exc}); rebuild it with `policydoc train lines`") from exc
    return tagger


def model_path(model_dir: Path | None = None) -> Path:
    return Path(model_dir or MODEL_DIR) / "lines.crfsuite"


def label_lines_crf(doc: Document, model_dir: Path | None = None) -> list[tuple[int, str, float]]:
    """``(line index, label, marginal probability)`` for the head and tail lines of *doc*.

    >>> from policydoc import parse_text  # doctest: +SKIP
    >>> label_lines_crf(parse_text("鞍政办发〔2016〕109号\\n鞍山市人民政府办公厅关于…的实施意见\\n各县区人民政府：\\n为……。"))[:2]  # doctest: +SKIP
    [(0, 'number', 0.99), (1, 'title', 0.98)]
    """
    path = model_path(model_dir)
    if not path.exists():
        raise ModelError(path, "no line model; build it with `policydoc train lines`")
    idx = window(doc)
    if not idx:
        return []
    tagger = _tagger(str(path))
    labels = tagger.tag(line_features(doc, idx))
    return [(i, lab, tagger.marginal(lab, k)) for k, (i, lab) in enumerate(zip(idx, labels))]
