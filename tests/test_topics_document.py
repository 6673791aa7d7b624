"""Document-level topics: share, primary, the deciding sentence as evidence, one model call per batch."""
from __future__ import annotations

import policydoc
from policydoc.classify import document_topics, primary_topics, topics_of_documents
from policydoc.classify.context import section_title
from policydoc.classify.doc_eval import other_subject_documents, read_official_text
from policydoc.classify.document import EVIDENCE_MAX, MAX_SEGMENT, segments
from policydoc.classify.model import load
from policydoc.record import to_record

from .conftest import ROOT, SEEDS, need_shared

OTHER = ROOT / "corpora" / "topics" / "other_documents"
RAW = ROOT / "corpora" / "topics" / "raw"


def test_liubei_joint_meeting_notice_is_mainly_democratic_management():
    """The 柳北区 notice names ten matters once each; it is about a government–union joint meeting."""
    need_shared()
    doc = policydoc.parse(SEEDS / "003_e226338f45839dff.txt")
    found = doc["topics"]
    assert primary_topics(found) == ["democratic_management"] == doc["primary_topics"]
    assert found[0]["id"] == "democratic_management" and found[0]["share"] > 0.5
    # the other topics stay available, ranked below, each with a small share
    assert len(found) == 10 and all(t["share"] < 0.1 for t in found[1:])
    for t in found:
        assert 0.0 <= t["share"] <= 1.0
        assert doc.text[t["start"]:t["end"]] == t["evidence"]
        assert section_title(t["evidence"]) is None          # never a heading line
        assert all(doc.text[s:e] for s, e in t["spans"])
    rec = to_record(doc)
    assert rec["primary_topics"] == ["democratic_management"]


def test_heading_is_context_not_evidence():
    """A heading that contains a topic word is not the evidence; the sentence under it is."""
    text = read_official_text(RAW / "blind-renshebu-gongzi-zhesuan-tongzhi-2009.md")
    doc = policydoc.parse_text("一、关于工资支付\n" + text)
    for t in document_topics(doc):
        assert t["evidence"] is None or not t["evidence"].startswith("一、关于工资支付")


def test_tax_regulation_has_no_primary_labour_topic():
    """个人所得税法实施条例 mentions 工资、薪金 throughout; it is about tax."""
    doc = policydoc.parse_text(read_official_text(RAW / "blind-geren-suodeshui-shishi-tiaoli-2018.md"))
    assert doc["primary_topics"] == []


def test_documents_on_other_subjects_have_no_primary_topic():
    """52 official texts on tax, water, ports, patents, heritage, education, planning …: none is mainly
    about a labour topic (how many get a minor topic is reported in models/topics/REPORT.md)."""
    r = other_subject_documents(OTHER, load())
    assert r["documents"] >= 50
    assert [row["title"] for row in r["rows"] if row["primary"]] == []


def test_one_model_call_for_a_batch():
    m = load()
    calls = []

    class Counting:
        topics, thresholds, document_thresholds = m.topics, m.thresholds, m.document_thresholds
        document_scores = staticmethod(m.document_scores)

        def scores(self, texts, titles=None):
            calls.append(len(texts))
            return m.scores(texts, titles)

    docs = [policydoc.parse_text(read_official_text(RAW / f)) for f in
            ("blind-renshebu-gongzi-zhesuan-tongzhi-2009.md", "blind-nianjie-fangjia-banfa-2024.md")]
    together = topics_of_documents(docs, Counting())
    assert len(calls) == 1 and calls[0] >= sum(len(segments(d)) for d in docs)
    assert together == [topics_of_documents([d], m)[0] for d in docs]


def test_a_huge_line_gives_bounded_segments_and_evidence():
    """A single 1 MB line without a full stop (a broken export) is cut into pieces of at most
    MAX_SEGMENT characters; the evidence stays one short sentence."""
    line = "用人单位应当按月足额支付劳动者工资，不得克扣或者无故拖欠劳动者工资" * 30000
    doc = policydoc.parse_text("关于工资支付的通知\n" + line)
    segs = segments(doc)
    assert segs and max(len(s[2]) for s in segs) <= MAX_SEGMENT
    found = doc["topics"]
    assert found and all(len(t["evidence"] or "") <= EVIDENCE_MAX for t in found)
    assert len(repr(found)) < 20000
