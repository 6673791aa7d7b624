"""Round 15: the document prior (a sentence read beside its document's mean score) and title dropout."""
from __future__ import annotations

import json

import numpy as np
import pytest

import policydoc
from policydoc.classify import document_topics
from policydoc.classify.doc_eval import read_official_text
from policydoc.classify.document import segments
from policydoc.classify.model import TITLE_DROPOUT, TopicModel, dropped_title, load, train
from policydoc.classify.train import attach_titles, document_sentences, model_input

from .conftest import ROOT

CORPUS = ROOT / "corpora" / "topics" / "segments.jsonl"
RAW = ROOT / "corpora" / "topics" / "raw"


@pytest.fixture(scope="module")
def small_train():
    """Every 40th training segment of the real corpus, with its source's title."""
    segs = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]
    tr = [s for s in segs if s["split"] == "train"][::40]
    attach_titles(tr, CORPUS)
    return tr


def test_shipped_model_has_the_prior_and_uses_it_in_documents():
    m = load()
    assert m.prior is not None and m.prior.shape == (14, 3)
    # the document mean raises a topic's score: a weight above zero for every topic
    assert (m.prior[:, 1] > 0).all() and (m.prior[:, 0] > 0).all()
    assert m.document_thresholds is m.prior_thresholds and (0 < m.prior_thresholds).all()
    assert (m.prior_thresholds <= 0.5).all()


def _sentence_topics(path, model):
    """Topic ids per sentence of a real document: first stage alone, and beside the document mean."""
    doc = policydoc.parse_text(read_official_text(path))
    segs = segments(doc)
    title = doc.value("title")
    from policydoc.classify.context import with_context

    P = model.scores([with_context(s[2], s[3]) for s in segs], [title] * len(segs))
    first = P >= model.thresholds
    second = model.document_scores(P) >= model.document_thresholds
    return doc, first, second


def test_prior_drops_labour_topics_of_sentences_in_a_tax_regulation():
    """个人所得税法实施条例 (a blind source, never trained on) speaks of 工资、薪金 and 社会保险费 as income and
    deductions: read beside the rest of the tax regulation, fewer of its sentences keep a labour topic."""
    m = load()
    _, first, second = _sentence_topics(RAW / "blind-geren-suodeshui-shishi-tiaoli-2018.md", m)
    assert second.sum() < first.sum()
    assert second.any(axis=1).sum() < first.any(axis=1).sum()


def test_prior_keeps_the_wage_sentences_of_a_wage_regulation():
    """In 工资支付暂行规定 the wage sentences stand beside a document about wages: the prior keeps them."""
    m = load()
    k = m.topics.index("wages")
    _, first, second = _sentence_topics(RAW / "gongzizhifu-zanxing-1994.md", m)
    assert first[:, k].sum() >= 10
    assert second[:, k].sum() >= first[:, k].sum()


def test_document_topics_read_sentences_beside_the_document():
    """document_topics applies the prior: the segments a topic counts are those over the second-stage threshold."""
    m = load()
    doc = policydoc.parse_text(read_official_text(RAW / "blind-geren-suodeshui-shishi-tiaoli-2018.md"))
    _, _, second = _sentence_topics(RAW / "blind-geren-suodeshui-shishi-tiaoli-2018.md", m)
    found = {t["id"]: t["segments"] for t in document_topics(doc, m)}
    assert found == {t: int(second[:, k].sum()) for k, t in enumerate(m.topics) if second[:, k].any()}


def test_title_dropout_is_a_fixed_share_of_the_sources():
    sources = sorted({json.loads(x)["source"] for x in CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()})
    dropped = [s for s in sources if dropped_title(s)]
    assert dropped == [s for s in sources if dropped_title(s)]          # no random draw
    assert 0.10 <= len(dropped) / len(sources) <= 0.20 and TITLE_DROPOUT == 0.15
    assert not any(dropped_title(s, 0.0) for s in sources) and all(dropped_title(s, 1.0) for s in sources)


def test_title_dropout_reaches_the_fit_not_the_cross_validated_reading(small_train):
    """With every title blanked in fitting, the title block gets no weight; the held-out segments are still
    scored with their titles (the cross-validated figure reads documents as users have them)."""
    tr = small_train
    args = ([model_input(s) for s in tr], [s["labels"] for s in tr])
    kw = dict(folds=3, groups=[s["source"] for s in tr], titles=[s["title"] for s in tr])
    blank = train(*args, title_dropout=1.0, **kw)
    kept = train(*args, title_dropout=0.0, **kw)
    base = blank.featurizer.base_dim
    assert np.abs(blank.coef[:, base:]).max() == 0.0
    assert np.abs(kept.coef[:, base:]).max() > 0.0
    assert blank.cv["prob"].shape == kept.cv["prob"].shape == (len(tr), 14)


def test_prior_is_fitted_out_of_fold_stored_and_read_back(small_train, tmp_path):
    """A small model with its sources parsed as documents: the prior is fitted, saved without pickle, read
    back, and its cross-validated predictions come back beside the first stage's."""
    tr = small_train
    srcs = sorted({s["source"] for s in tr})[:25]
    docs = document_sentences(CORPUS, srcs)
    assert set(docs) == set(srcs) and all(len(t) == len(ti) > 0 for t, ti in docs.values())
    m = train([model_input(s) for s in tr], [s["labels"] for s in tr], folds=3, groups=[s["source"] for s in tr],
              titles=[s["title"] for s in tr], documents=docs)
    assert m.prior.shape == (14, 3) and m.cv["prior_prob"].shape == (len(tr), 14)
    m.save(tmp_path)
    with np.load(tmp_path / "weights.npz", allow_pickle=False) as z:
        assert {"prior", "prior_thresholds"} <= set(z.files)
    back = TopicModel.load(tmp_path)
    assert np.array_equal(back.prior, m.prior) and np.array_equal(back.prior_thresholds, m.prior_thresholds)
    P = m.scores(docs[srcs[0]][0], docs[srcs[0]][1])
    assert np.allclose(back.document_scores(P), m.document_scores(P))
