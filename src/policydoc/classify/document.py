"""Document-level topics: what a whole document is about, ranked, with the sentence that decides.

Segment scores alone make a poor document label: a 2,000-sentence regulation on markets has a
sentence on inspectors' pay somewhere, and a joint-meeting notice lists ten matters once each. So a
document topic carries

* ``score`` — the best calibrated score of a sentence carrying it (as before);
* ``share`` — the fraction of the document's body text (characters of classified sentences) in
  sentences that carry the topic: how much of the document is about it;
* ``primary`` — whether the document is *mainly* about it: the title carries it, or its share is
  at least :data:`PRIMARY_SHARE` and at least :data:`PRIMARY_RELATIVE` of the leading topic's
  share (at most :data:`MAX_PRIMARY` topics), the title counting for the share of a topic
  carried by headings too;
* ``evidence`` — the body sentence with the best score for the topic, at most
  :data:`EVIDENCE_MAX` characters, never a heading line (a heading says what a section is called,
  not what it decides);
* ``spans`` — ``[start, end]`` of the sentences carrying the topic (at most :data:`MAX_SPANS`), so
  segment topics stay available with offsets.

Each sentence is read beside its document: its score for a topic is combined with the document's
mean score for that topic (the document prior, :mod:`policydoc.classify.prior`), so a sentence on
union dues in a tax regulation weighs less than the same sentence in a union regulation.

All sentences of a document — or of a batch of documents — are scored with one model call (one
vectoriser pass), never one call per sentence.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from ..document import Document
from .context import section_title, with_context
from .taxonomy import labels

_SENT = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
SKIP_ZONES = ("web", "imprint", "header", "mark", "date", "signature", "note", "recipients")
#: A sentence longer than this is cut into pieces (the corpus keeps 15–250 characters); a 50 MB
#: line without a full stop must not become one 50 MB segment or a 33 MB piece of evidence.
MAX_SEGMENT = 250
_SOFT = re.compile(r"[，,、：:]")
EVIDENCE_MAX = 200
MAX_SPANS = 50
#: A topic is primary when the title carries it, or it holds at least this share of the body (a
#: third of the text: a regulation on ports with a chapter on production safety is about ports) ...
PRIMARY_SHARE = 0.3
#: ... and at least this fraction of the leading topic's share.
PRIMARY_RELATIVE = 0.5
MAX_PRIMARY = 3


def _pieces(text: str, limit: int = MAX_SEGMENT) -> list[tuple[int, str]]:
    """``(offset, piece)`` of *text* cut at most every *limit* characters, at the last comma-like
    mark before the limit when there is one.

    >>> [p for _, p in _pieces("甲，乙" * 3, limit=4)]
    ['甲，', '乙甲，', '乙甲，乙']
    """
    out, i = [], 0
    while len(text) - i > limit:
        window = text[i:i + limit]
        cut = max((m.end() for m in _SOFT.finditer(window)), default=limit)
        out.append((i, text[i:i + cut]))
        i += cut
    out.append((i, text[i:]))
    return out


def segments(doc: Document, min_chars: int = 8) -> list[tuple[int, int, str, str | None]]:
    """``(start, end, text, heading)`` of the sentences of the document's body and appendix;
    *heading* is the title of the section the sentence stands in (``None`` before the first one
    and for the heading line itself). Sentences over :data:`MAX_SEGMENT` characters are cut.

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
            t = m.group(0)
            lead = len(t) - len(t.lstrip())
            t = t.strip()
            if len(t) < min_chars:
                continue
            base = ln.start + m.start() + lead
            for off, piece in _pieces(t):
                if len(piece.strip()) >= min_chars:
                    out.append((base + off, base + off + len(piece), piece, None if title else heading))
        if title:
            heading = title
    return out


def _heading_segment(seg: tuple) -> bool:
    """A heading line (``一、工资支付``): its text is a section title, so it has no heading itself."""
    return seg[3] is None and section_title(seg[2]) is not None


def rank(doc: Document, segs: list[tuple], scores: np.ndarray, thresholds: np.ndarray, topics: list[str],
         title_scores: np.ndarray | None = None, title_thresholds: np.ndarray | None = None) -> list[dict]:
    """Document topics from the scores of its segments (rows) per topic (columns).

    *title_scores* (one row) are the scores of the document's title; a title over a topic's
    threshold (*title_thresholds*, by default *thresholds*) makes the topic primary.
    """
    title_thresholds = thresholds if title_thresholds is None else title_thresholds
    names = labels()
    if not segs:
        return []
    hit = scores >= thresholds
    body = np.array([not _heading_segment(s) for s in segs])
    length = np.array([len(s[2]) for s in segs], dtype=float)
    total = float(length[body].sum()) or 1.0
    out = []
    for k, t in enumerate(topics):
        rows = np.flatnonzero(hit[:, k])
        in_title = title_scores is not None and title_scores[k] >= title_thresholds[k]
        if not len(rows) and not in_title:
            continue
        share = float(length[rows][body[rows]].sum()) / total
        cand = [j for j in rows if body[j]]
        item = {"id": t, "label": names[t], "score": 0.0, "share": round(share, 4), "primary": False,
                "evidence": None, "start": None, "end": None, "page": None,
                "segments": int(len(rows)), "spans": [[int(segs[j][0]), int(segs[j][1])] for j in rows[:MAX_SPANS]],
                "in_title": bool(in_title)}
        if cand:
            j = max(cand, key=lambda r: scores[r, k])
            s, e, text, _ = segs[j]
            if len(text) > EVIDENCE_MAX:
                text, e = text[:EVIDENCE_MAX], s + EVIDENCE_MAX
            item.update(score=round(float(scores[j, k]), 4), evidence=text, start=int(s), end=int(e),
                        page=doc.page_at(s))
        elif in_title:
            item["score"] = round(float(title_scores[k]), 4)
        out.append(item)
    if not out:
        return out
    lead = max(x["share"] for x in out)
    by_share = sorted(out, key=lambda x: (-x["in_title"], -x["share"], -x["score"]))
    primary = [x for x in by_share if x["in_title"]
               or (x["share"] >= PRIMARY_SHARE and x["share"] >= PRIMARY_RELATIVE * lead)][:MAX_PRIMARY]
    for x in primary:
        x["primary"] = True
    # a topic that only the title carries (no body sentence) is reported only when it is primary
    out = [x for x in out if x["evidence"] is not None or x["primary"]]
    out.sort(key=lambda x: (not x["primary"], -x["share"], -x["score"]))
    return out


def _title(doc: Document) -> str | None:
    title = doc.value("title")
    return title if isinstance(title, str) and title.strip() else None


def topics_of_documents(docs: Sequence[Document], model) -> list[list[dict]]:
    """Ranked topics of each document; every sentence and title of the batch goes through the
    model in one call.

    >>> from policydoc import parse_text
    >>> from policydoc.classify.model import load
    >>> d = parse_text("关于做好困难职工帮扶工作的通知\\n各级工会要做好困难职工帮扶救助工作，落实送温暖资金。")
    >>> topics_of_documents([d], load())[0][0]["id"]  # doctest: +SKIP
    'hardship_assistance'
    """
    all_segs = [segments(d) for d in docs]
    titles = [_title(d) for d in docs]
    texts = [with_context(s[2], s[3]) for segs in all_segs for s in segs]
    texts += [t for t in titles if t]
    # every sentence is read beside its document's title (a block of its own in the model)
    doc_titles = [t for segs, t in zip(all_segs, titles) for _ in segs] + [t for t in titles if t]
    scores = model.scores(texts, doc_titles) if texts else np.zeros((0, len(model.topics)))
    out, i = [], 0
    n_seg = sum(len(s) for s in all_segs)
    ti = n_seg
    # the document prior (second stage): each sentence read beside its document's mean score; a
    # model without one keeps the first-stage scores and thresholds
    document_scores = getattr(model, "document_scores", None)
    thresholds = getattr(model, "document_thresholds", model.thresholds)
    for d, segs, title in zip(docs, all_segs, titles):
        block = scores[i:i + len(segs)]
        i += len(segs)
        if document_scores is not None:
            block = document_scores(block)
        trow = None
        if title:
            trow = scores[ti]
            ti += 1
        # the title is a line of its own, read by the first stage
        out.append(rank(d, segs, block, thresholds, model.topics, trow, model.thresholds))
    return out


def primary_topics(found: list[dict]) -> list[str]:
    """Ids of the primary topics of a ranked list, in rank order.

    >>> primary_topics([{"id": "wages", "primary": True}, {"id": "housing", "primary": False}])
    ['wages']
    """
    return [t["id"] for t in found if t.get("primary")]
