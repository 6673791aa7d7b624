"""Agenda topics by the taxonomy in shared/taxonomy.yaml: per segment, and per document from its parts.

A document is cut into segments (sentences, clauses, agenda items); each is read under the
section heading it stands in (第三章 工资支付, 一、保障新就业形态劳动者权益: see
:mod:`policydoc.classify.context`) and gets calibrated topic scores from the shipped model. Document topics
are ranked by how much of the document is about them (``share``) and whether it is mainly about
them (``primary``), with the deciding sentence as evidence (:mod:`policydoc.classify.document`).
Joint-meeting agenda items get their own topics.
"""
from __future__ import annotations

from ..document import Document
from ..errors import ModelError
from ..pipeline import component
from .baseline import keyword_topics
from .document import primary_topics, segments, topics_of_documents
from .taxonomy import labels


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
    """Ranked topics of a document (see :mod:`policydoc.classify.document`): ``share``, ``primary``,
    the deciding sentence as ``evidence``; joint-meeting agenda items get their own topics.

    >>> from policydoc import parse_text
    >>> d = parse_text("关于做好困难职工帮扶工作的通知\\n各级工会要做好困难职工帮扶救助工作，落实送温暖资金。")
    >>> document_topics(d)[0]["primary"]  # doctest: +SKIP
    True
    """
    from .model import load

    m = model or load()
    out = topics_of_documents([doc], m)[0]
    names = labels()
    jm = doc.value("joint_meeting")
    if jm and jm.get("agenda"):
        for item, hits in zip(jm["agenda"], m.predict([a["text"] for a in jm["agenda"]])):
            item["topics"] = [{"id": t, "label": names[t], "score": round(s, 4)} for t, s in hits]
    return out


@component("topics", requires=("lines",), assigns=("topics", "primary_topics"))
def topics(doc: Document) -> Document:
    try:
        found = document_topics(doc)
    except ModelError as exc:
        doc.warn("no_topic_model", str(exc))
        return doc
    if not found and len(doc.text.strip()) >= 20 and not segments(doc):
        # not a silent empty result: the text is there, but every line fell in the header or sign-off zones
        doc.warn("no_body_sentences", "no sentence of the body was found (every line was read as header, "
                                      "主送 or sign-off), so no topic was classified")
    doc.set_field("topics", found, confidence=0.8, rule="topic_model")
    # what the document is mainly about, for search filters and facets (policydoc search --topic)
    doc.set_field("primary_topics", primary_topics(found), confidence=0.8, rule="topic_share")
    return doc


__all__ = ["classify_texts", "document_topics", "keyword_topics", "primary_topics", "segments",
           "topics_of_documents"]
