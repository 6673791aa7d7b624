"""Header fields read from the line labeller's labels, and their combination with the rules.

The rules stay where they win: a model value fills a field only where the rules found nothing, or where
the rules' issuer is not an organ name. Which fields take the model's value is ``COMBINE`` (chosen on the
seen split; see README "Header fields").
"""
from __future__ import annotations

import contextvars
import re

from ..document import Document
from .dates import find_dates, parse_date_line
from .doc_number import NUMBER_RE, find_numbers, parse_number, whole_line_number
from ..structure.line_shapes import is_title_end
from .organs import is_organ, split_organs

#: How the header_fields component uses the model: "combined" (default where python-crfsuite and the
#: model are installed), "rules" or "model"; ``policydoc eval --lines`` sets it.
MODE: contextvars.ContextVar[str] = contextvars.ContextVar("policydoc_lines_mode", default="combined")

#: Fields the combination may fill from the model.
COMBINE = ("title", "issuer", "date", "doc_number")


def fields_from_labels(doc: Document, labelled: list[tuple[int, str, float]]) -> dict[str, tuple]:
    """``field → (value, start, end, confidence)`` from labelled lines.

    >>> fields_from_labels.__name__
    'fields_from_labels'
    """
    out: dict[str, tuple] = {}
    lab = {i: (l, p) for i, l, p in labelled}
    order = [i for i, _, _ in labelled]
    # title: the first run of title lines
    run = []
    for i in order:
        if lab[i][0] == "title":
            if run and i != run[-1] + 1:
                break
            run.append(i)
        elif run:
            break
    if run:
        t = "".join(doc.lines[i].text.strip() for i in run)
        m = NUMBER_RE.match(t)
        if m:
            t = t[m.end():].strip()
        if t:
            out["title"] = (t, doc.lines[run[0]].start, doc.lines[run[-1]].end, min(lab[i][1] for i in run))
    for i in order:
        if lab[i][0] == "number":
            s = doc.lines[i].text
            # a number inside a short line only: on a long run-together line the label says little, and the
            # first number there may carry a 版头 glued in front ("…人民政府文件柳北政发〔2025〕2号")
            n = whole_line_number(s) or (next(iter(find_numbers(s)), None) if len(s) <= 80 else None)
            if n is not None:
                out["doc_number"] = (n.normalized, doc.lines[i].start, doc.lines[i].end, lab[i][1])
                break
    dates = [i for i in order if lab[i][0] == "date"]
    if dates:
        i = dates[-1]
        ln = doc.lines[i]
        dm = parse_date_line(ln.text, ln.start) or next(iter(find_dates(ln.text, ln.start)[-1:]), None)
        if dm is not None and dm.value is not None:
            out["date"] = (dm.iso, dm.start, dm.end, lab[i][1])
    sig = [i for i in order if lab[i][0] == "signature"]
    if not sig:
        sig = [i for i in order if lab[i][0] == "mark"]
    names = []
    for i in sig:
        s = re.sub(r"文件$", "", doc.lines[i].text.strip())
        names += [x for x in split_organs(s) if is_organ(x)]
    if names:
        names = list(dict.fromkeys(names))
        out["issuers"] = (names, doc.lines[sig[0]].start, doc.lines[sig[-1]].end, min(lab[i][1] for i in sig))
        out["issuer"] = ("、".join(names),) + out["issuers"][1:]
    elif "title" in out:
        # no signature line: the organ(s) the labelled title opens with ("XX局关于…的通知")
        from .issuer import _TITLE_VERB, split_orgs

        t, s0, e0, p = out["title"]
        m = _TITLE_VERB.search(t)
        head = t[: m.start()] if m and m.start() > 0 else ""
        names = [x for x in split_orgs(head) if is_organ(x)] if head else []
        if names and "".join(names) == re.sub(r"[\s、，,]", "", head):
            out["issuers"] = (names, s0, s0 + len(head), p)
            out["issuer"] = ("、".join(names), s0, s0 + len(head), p)
    return out


def apply_model(doc: Document, labelled: list[tuple[int, str, float]], mode: str = "combined") -> None:
    """Set fields from the model: ``mode`` "model" replaces the rules' header fields, "combined" fills gaps."""
    got = fields_from_labels(doc, labelled)
    if mode == "model":
        for k in ("title", "doc_number", "date", "issuer", "issuers"):
            doc.fields.pop(k, None)
    for k in COMBINE + (("issuers",) if "issuer" in COMBINE else ()):
        if k not in got:
            continue
        cur = doc.value(k)
        weak = cur is None or (k == "issuer" and not all(is_organ(x) for x in (doc.value("issuers") or [cur])))
        if mode != "model" and k == "title" and not is_title_end(got[k][0]):
            continue  # filling a gap, the model's title must read as one (a news headline does not)
        if mode == "model" or weak:
            v, s, e, p = got[k]
            doc.set_field(k, v, s, e, confidence=round(0.5 * p, 3), rule="line_model")
            if k == "doc_number":
                doc.extras["doc_number"] = parse_number(v)
            if k == "title" and doc.value("doc_type") is None:
                from .doc_type import extract_doc_type

                extract_doc_type(doc)  # the 文种 the model's title ends with ("…公文处理办法")


def apply_model_if_available(doc: Document) -> None:
    """The line model in the mode of :data:`MODE`; nothing when the [crf] extra or the model is absent."""
    mode = MODE.get()
    if mode == "rules":
        return
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        if mode == "model":  # asked for explicitly: say what to install
            from ..structure.lines import _crfsuite

            _crfsuite()
        return
    from ..structure.lines import label_lines_crf, model_path

    if not model_path().exists():
        return
    try:
        labelled = label_lines_crf(doc)
    except Exception as exc:  # a damaged model file must not stop extraction: the rules stand
        if mode == "model":
            raise
        doc.warn("line_model_unusable", f"{model_path()}: {exc}; header fields from the rules only")
        return
    apply_model(doc, labelled, mode=mode)
