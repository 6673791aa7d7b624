"""Agenda topics by the taxonomy in shared/taxonomy.yaml: per segment, and per document from its parts.

A document is cut into segments (sentences, clauses, agenda items); each is read under the
section heading it stands in (第三章 工资支付, 一、保障新就业形态劳动者权益: see
:mod:`policydoc.classify.context`) and gets calibrated topic scores from the shipped model; a
document's topic is the best segment's score, and that segment is its evidence. Joint-meeting
agenda items get their own topics.
"""
from __future__ import annotations

import re

from ..document import Document
from ..errors import ModelError
from ..pipeline import component
from .baseline import keyword_topics
from .context import section_title, with_context
from .taxonomy import labels

_SENT = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
SKIP_ZONES = ("web", "imprint", "header", "mark", "date", "signature", "note", "recipients")


def segments(doc: Document, min_chars: int = 8) -> list[tuple[int, int, str, str | None]]:
    """``(start, end, text, heading)`` of the sentences of the document's body and appendix;
    *heading* is the title of the section the sentence stands in (``None`` before the first one
    and for the heading line itself).

    >>> from policydoc import parse_text
    >>> [s[2:] for s in segments(parse_text("一、工资支付\\n用人单位应当按月足额支付。通报落实情况。"))]
    [('用人单位应当按月足额支付。', '工资支付')]
    """
    out = []
    heading = None
    for ln in doc.lines:
        if ln.zone in SKIP_ZONES:
            continue
        title = section_title(ln.text)
        for m in _SENT.finditer(ln.text):
            t = m.group(0).strip()
            if len(t) >= min_chars:
                out.append((ln.start + m.start(), ln.start + m.end(), t, None if title else heading))
        if title:
            heading = title
    return out


def classify_texts(texts: list[str], model=None) -> list[list[dict]]:
    """Topics of each text: ``[{"id", "label", "score"}]`` over the topic's threshold, best first.

    >>> classify_texts(["落实劳动模范荣誉津贴和疗休养待遇"])[0][0]["label"]  # doctest: +SKIP
    '劳模待遇'
    """
    from .model import load

    m = model or load()
    names = labels()
    return [[{"id": t, "label": names[t], "score": round(s, 4)} for t, s in hits] for hits in m.predict(texts)]


def document_topics(doc: Document, model=None) -> list[dict]:
    from .model import load

    m = model or load()
    segs = segments(doc)
    if not segs:
        return []
    scores = m.scores([with_context(s[2], s[3]) for s in segs])
    names = labels()
    out = []
    for k, t in enumerate(m.topics):
        j = int(scores[:, k].argmax())
        if scores[j, k] >= m.thresholds[k]:
            s, e, text, _ = segs[j]
            out.append({"id": t, "label": names[t], "score": round(float(scores[j, k]), 4), "evidence": text,
                        "start": s, "end": e, "page": doc.page_at(s),
                        "segments": int((scores[:, k] >= m.thresholds[k]).sum())})
    out.sort(key=lambda x: -x["score"])
    jm = doc.value("joint_meeting")
    if jm and jm.get("agenda"):
        for item, hits in zip(jm["agenda"], m.predict([a["text"] for a in jm["agenda"]])):
            item["topics"] = [{"id": t, "label": names[t], "score": round(s, 4)} for t, s in hits]
    return out


@component("topics", requires=("lines",), assigns=("topics",))
def topics(doc: Document) -> Document:
    try:
        found = document_topics(doc)
    except ModelError as exc:
        doc.warn("no_topic_model", str(exc))
        return doc
    doc.set_field("topics", found, confidence=0.8, rule="topic_model")
    return doc


__all__ = ["classify_texts", "document_topics", "keyword_topics", "segments"]
