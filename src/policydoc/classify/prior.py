"""The document prior: a sentence's topic score read beside what its whole document is about.

A tax regulation has a sentence on deducting union dues; a market-supervision opinion has one on
inspectors' accountability. Alone, each looks like a labour topic; beside the document's mean score
for that topic (low: the other 300 sentences are about tax or markets) it does not. The second stage
is, per topic *k*, a logistic regression on two numbers::

    p2 = sigmoid(w_seg · logit(p_k) + w_doc · logit(mean_k) + bias)

where ``p_k`` is the sentence's calibrated score (the first stage, :class:`TopicModel.scores`) and
``mean_k`` the mean of ``p_k`` over all sentences of the document. It is fitted on out-of-fold
first-stage scores (grouped folds: a source's sentences and its document mean always come from the
fold model that did not see the source), so it learns how much to trust the document on documents
the first stage has not seen. Grouped 5-fold CV on the training split (round 15): micro-F1 0.862 →
0.871 (models/topics/REPORT.md). A bare sentence (no document) keeps the first stage.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

#: Regularisation of the per-topic second-stage regressions (two weights and a bias each).
PRIOR_C = 1.0
_EPS = 1e-4


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds, clipped away from 0 and 1.

    >>> float(logit(np.array([0.5]))[0])
    0.0
    """
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


def apply(prior: np.ndarray, scores: np.ndarray, mean: np.ndarray | None = None) -> np.ndarray:
    """Second-stage probabilities of the sentences of ONE document.

    *prior* is topics × 3 (``w_seg, w_doc, bias``), *scores* the first-stage scores of the
    document's sentences (rows) per topic, *mean* the document mean per topic (by default the mean
    of *scores*: all sentences of the document).

    >>> prior = np.array([[1.0, 1.0, 0.0]])
    >>> apply(prior, np.array([[0.9], [0.1], [0.1], [0.1]])).round(3).tolist()
    [[0.794], [0.045], [0.045], [0.045]]
    >>> apply(prior, np.array([[0.9], [0.9], [0.9], [0.1]])).round(3).tolist()
    [[0.955], [0.955], [0.955], [0.206]]
    """
    if not len(scores):
        return scores
    m = scores.mean(axis=0) if mean is None else mean
    z = prior[:, 0] * logit(scores) + prior[:, 1] * logit(m) + prior[:, 2]
    return 1.0 / (1.0 + np.exp(-z))


def fit(P: np.ndarray, means: np.ndarray, Y: np.ndarray, fold: Sequence[int], *, C: float = PRIOR_C):
    """Fit the second stage on out-of-fold first-stage scores *P* (segments × topics) and the
    out-of-fold document means of each segment's source (*means*, same shape), gold *Y*.

    Returns ``(prior, thresholds, cv_prob)``: *cv_prob* comes from second stages fitted on the other
    folds (*fold*: the fold of each segment), so the cross-validated figure of the two stages never
    sees its own fold; the thresholds are half the best F1 on *cv_prob*, the rule of the first stage.
    """
    from sklearn.linear_model import LogisticRegression

    from .model import half_best_f1

    fold = np.asarray(fold)
    n_topics = Y.shape[1]
    prior = np.zeros((n_topics, 3))
    prior[:, 0] = 1.0
    cv = np.zeros_like(P)
    thr = np.full(n_topics, 0.5)
    for k in range(n_topics):
        y = Y[:, k]
        F = np.column_stack([logit(P[:, k]), logit(means[:, k])])
        if not 0 < y.sum() < len(y):
            cv[:, k] = P[:, k]
            continue
        for f in np.unique(fold):
            m = fold != f
            if 0 < y[m].sum() < m.sum():
                c = LogisticRegression(C=C, solver="lbfgs", max_iter=1000).fit(F[m], y[m])
                cv[~m, k] = c.predict_proba(F[~m])[:, 1]
            else:
                cv[~m, k] = P[~m, k]
        c = LogisticRegression(C=C, solver="lbfgs", max_iter=1000).fit(F, y)
        prior[k] = [c.coef_[0, 0], c.coef_[0, 1], c.intercept_[0]]
        thr[k] = half_best_f1(cv[:, k], y) or 0.5  # no fold finds the topic: never fire on a 0 threshold
    return prior, thr, cv
