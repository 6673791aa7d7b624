"""The topic model: word and character n-gram TF-IDF (+ cue-word indicators) → one-vs-rest logistic regression.

Training uses scikit-learn; the result is stored as plain arrays (``weights.npz``, loaded with
``allow_pickle=False``) and JSON (vocabularies, thresholds), so loading a model never
unpickles anything. Scores are calibrated per topic with Platt scaling fitted on
cross-validated decision values, and each topic has its own threshold: half the best F1 that
cross-validation on the training split reaches for the topic. For calibrated probabilities the
F1-optimal threshold is exactly F1*/2 (Lipton, Elkan & Naryanaswamy 2014, "Optimal thresholding of
classifiers to maximize F1"); searching a grid instead gave the same cross-validated F1 but
thresholds that swung from 0.16 to 0.70 between corpus rounds.

In a document, a second stage reads each sentence's scores beside the document's mean scores (the
document prior, :mod:`policydoc.classify.prior`); its weights and thresholds are stored beside the first
stage's (``prior``, ``prior_thresholds``) and used through :meth:`TopicModel.document_scores`.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from ..errors import ModelError
from . import segment as segmenters
from .taxonomy import ids as topic_ids

FORMAT = "policydoc-topics/1"
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9]")


def char_ngrams(text: str, n_max: int = 3) -> list[str]:
    """Character 1–3-grams over Han/alnum runs.

    >>> char_ngrams("劳模待遇")[:5]
    ['劳', '模', '待', '遇', '劳模']
    """
    runs = re.findall(r"[\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9]+", text)
    out: list[str] = []
    for n in range(1, n_max + 1):
        for r in runs:
            out.extend(r[i:i + n] for i in range(len(r) - n + 1))
    return out


def word_features(words: Sequence[str]) -> list[str]:
    return list(words) + [f"{a}_{b}" for a, b in zip(words, words[1:])]


#: Weight of the cue-word indicators (one per topic) next to the two L2-normalised TF-IDF blocks.
#: Chosen by grouped cross-validation on the training split (micro-F1 0.812 → 0.831), never on test.
CUE_WEIGHT = 0.7


@dataclass
class Featurizer:
    """TF-IDF over two blocks (words+word bigrams, characters 1–3), each block L2-normalised,
    plus one indicator per topic that fires when one of its cue words occurs, and one per
    conjunction cue (``lang.zh.topics.COMBOS``) that fires when every group of words has a hit."""

    vocab_w: dict[str, int]
    vocab_c: dict[str, int]
    idf_w: np.ndarray
    idf_c: np.ndarray
    cut: Callable[[str], list[str]]
    cues: list[list[str]] | None = None
    combos: list[list[list[str]]] | None = None
    #: the document title as its own TF-IDF block (words and characters, no cues), scaled by
    #: ``title_weight``; ``None`` in models trained without titles
    title: "Featurizer | None" = None
    title_weight: float = 0.0

    @property
    def base_dim(self) -> int:
        return len(self.vocab_w) + len(self.vocab_c) + len(self.cues or []) + len(self.combos or [])

    @property
    def dim(self) -> int:
        return self.base_dim + (self.title.dim if self.title is not None else 0)

    def transform(self, texts: Iterable[str], titles: Sequence[str | None] | None = None):
        """Feature rows of *texts*; *titles* (one per text, ``None`` when unknown) fill the title block."""
        from scipy.sparse import csr_matrix, hstack

        texts = list(texts)
        X = self._transform(texts)
        if self.title is None:
            return X
        titles = list(titles) if titles is not None else [None] * len(texts)
        if len(titles) != len(texts):
            raise ValueError(f"{len(titles)} titles for {len(texts)} texts")
        # the sentences of a document share one title: featurize each distinct title once
        uniq: dict[str, int] = {}
        idx = [uniq.setdefault(t or "", len(uniq)) for t in titles]
        T = self.title._transform(list(uniq))[idx] * self.title_weight
        return csr_matrix(hstack([X, T], format="csr"), dtype=np.float64)

    def _transform(self, texts: list[str]):
        from scipy.sparse import csr_matrix

        rows, cols, vals = [], [], []
        # a topic's cue words are a conjunction of one group: one test for both kinds of indicator
        indicators = [[words] for words in self.cues or []] + list(self.combos or [])
        off = len(self.vocab_w)
        for i, t in enumerate(texts):
            for block, feats, vocab, idf, base in (
                    (0, word_features(self.cut(t)), self.vocab_w, self.idf_w, 0),
                    (1, char_ngrams(t), self.vocab_c, self.idf_c, off)):
                counts = Counter(f for f in feats if f in vocab)
                if not counts:
                    continue
                idx = [vocab[f] for f in counts]
                w = np.array([(1.0 + math.log(c)) for c in counts.values()]) * idf[idx]
                w /= np.linalg.norm(w) or 1.0
                rows.extend([i] * len(idx))
                cols.extend(base + j for j in idx)
                vals.extend(w.tolist())
            base = off + len(self.vocab_c)
            for k, groups in enumerate(indicators):
                if all(any(word in t for word in g) for g in groups):
                    rows.append(i)
                    cols.append(base + k)
                    vals.append(CUE_WEIGHT)
        return csr_matrix((vals, (rows, cols)), shape=(len(texts), self.base_dim), dtype=np.float64)


#: Weight of the document-title block beside the sentence block (round 14). Grouped 5-fold CV on the
#: training split (micro-F1): no title block 0.852, weight 0.3 0.860, 0.5 0.860 (a tie: the smaller kept);
#: after the round-14 label audit 0.854 without, 0.862 with (models/topics/REPORT.md, round 14).
#: The round-12 try gave the title (and heading) full weight: a wash on CV. A new source shares its
#: title's words (条例, 办法, 工资, 安全生产 …) with old ones, which the sentence alone may not say.
TITLE_WEIGHT = 0.3


def fit_featurizer(texts: Sequence[str], cut: Callable[[str], list[str]], min_df: int = 2,
                   titles: Sequence[str | None] | None = None, title_weight: float = TITLE_WEIGHT) -> Featurizer:
    """Vocabularies and IDF of the training texts (and, with *titles*, of their document titles).

    >>> from policydoc.classify import segment
    >>> fz = fit_featurizer(["按时足额支付工资", "按时足额支付工资"], segment.get("jieba"))
    >>> fz.transform(["支付工资"]).shape[0]
    1
    """
    fz = _fit_block(texts, cut, min_df, cues=True)
    if titles is not None:
        fz.title = _fit_block([t or "" for t in titles], cut, min_df, cues=False)
        fz.title_weight = float(title_weight)
    return fz


def _fit_block(texts: Sequence[str], cut: Callable[[str], list[str]], min_df: int, cues: bool) -> Featurizer:
    dfw: Counter = Counter()
    dfc: Counter = Counter()
    for t in texts:
        dfw.update(set(word_features(cut(t))))
        dfc.update(set(char_ngrams(t)))
    n = len(texts)
    vw = sorted(f for f, c in dfw.items() if c >= min_df)
    vc = sorted(f for f, c in dfc.items() if c >= min_df)
    idf = lambda df, v: np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in v])  # noqa: E731
    from ..lang.zh.topics import COMBOS, CUES

    if not cues:
        return Featurizer({f: i for i, f in enumerate(vw)}, {f: i for i, f in enumerate(vc)}, idf(dfw, vw),
                          idf(dfc, vc), cut, [], [])
    return Featurizer({f: i for i, f in enumerate(vw)}, {f: i for i, f in enumerate(vc)}, idf(dfw, vw),
                      idf(dfc, vc), cut, [list(CUES[t]) for t in topic_ids()],
                      [[list(g) for g in COMBOS[t]] for t in topic_ids() if t in COMBOS])


@dataclass
class TopicModel:
    """A trained classifier: ``scores(texts)`` gives calibrated probabilities per topic."""

    featurizer: Featurizer
    topics: list[str]
    coef: np.ndarray  # topics × features
    intercept: np.ndarray
    platt_a: np.ndarray
    platt_b: np.ndarray
    thresholds: np.ndarray
    segmenter: str = "jieba"
    meta: dict | None = None
    #: the document prior (:mod:`policydoc.classify.prior`): topics × 3 second-stage weights and their
    #: thresholds; ``None`` in models trained without documents
    prior: np.ndarray | None = None
    prior_thresholds: np.ndarray | None = None

    def document_scores(self, scores: np.ndarray) -> np.ndarray:
        """Scores of the sentences of ONE document read beside the document's mean score per topic
        (the first-stage *scores* unchanged when the model has no prior); compare them with
        :attr:`document_thresholds`."""
        if self.prior is None:
            return scores
        from .prior import apply

        return apply(self.prior, scores)

    @property
    def document_thresholds(self) -> np.ndarray:
        return self.thresholds if self.prior_thresholds is None else self.prior_thresholds

    def decision(self, texts: Sequence[str], titles: Sequence[str | None] | None = None) -> np.ndarray:
        X = self.featurizer.transform(texts, titles)
        return np.asarray(X @ self.coef.T) + self.intercept

    def scores(self, texts: Sequence[str], titles: Sequence[str | None] | None = None) -> np.ndarray:
        """Calibrated probability of each topic for each text (rows: texts, columns: topics);
        *titles* are the titles of the documents the texts come from (``None`` when unknown)."""
        if not len(texts):
            return np.zeros((0, len(self.topics)))
        z = self.decision(texts, titles) * self.platt_a + self.platt_b
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, texts: Sequence[str], titles: Sequence[str | None] | None = None
                ) -> list[list[tuple[str, float]]]:
        """Topics over their thresholds for each text, best first.

        >>> m = load()  # doctest: +SKIP
        >>> m.predict(["落实劳动模范荣誉津贴和疗休养待遇"])[0][0][0]  # doctest: +SKIP
        'model_workers'
        """
        s = self.scores(texts, titles)
        out = []
        for row in s:
            hits = [(self.topics[k], float(row[k])) for k in np.argsort(-row) if row[k] >= self.thresholds[k]]
            out.append(hits)
        return out

    # -- storage -------------------------------------------------------------
    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        vw = sorted(self.featurizer.vocab_w, key=self.featurizer.vocab_w.get)
        vc = sorted(self.featurizer.vocab_c, key=self.featurizer.vocab_c.get)
        meta = {"format": FORMAT, "topics": self.topics, "segmenter": self.segmenter, "vocab_words": vw,
                "vocab_chars": vc, "cues": self.featurizer.cues or [], "combos": self.featurizer.combos or [],
                **({"info": self.meta} if self.meta else {})}
        extra = {}
        t = self.featurizer.title
        if t is not None:
            meta.update(title_vocab_words=sorted(t.vocab_w, key=t.vocab_w.get),
                        title_vocab_chars=sorted(t.vocab_c, key=t.vocab_c.get),
                        title_weight=self.featurizer.title_weight)
            extra = {"title_idf_w": t.idf_w, "title_idf_c": t.idf_c}
        if self.prior is not None:
            extra.update(prior=self.prior, prior_thresholds=self.prior_thresholds)
        (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n",
                                           encoding="utf-8")
        np.savez_compressed(folder / "weights.npz", coef=self.coef.astype(np.float32),
                            intercept=self.intercept.astype(np.float64), idf_w=self.featurizer.idf_w,
                            idf_c=self.featurizer.idf_c, platt_a=self.platt_a, platt_b=self.platt_b,
                            thresholds=self.thresholds, **extra)

    @classmethod
    def load(cls, folder: str | Path) -> "TopicModel":
        """Load and check a stored model: any damage (truncated or empty files, a missing array, a
        shape or type that does not match the vocabularies) is a :class:`ModelError`, never a raw
        traceback in every parse."""
        folder = Path(folder)
        try:
            meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            with np.load(folder / "weights.npz", allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
        except FileNotFoundError as exc:
            raise ModelError(folder, "no topic model here; build it with 'policydoc train topics'") from exc
        except Exception as exc:  # BadZipFile, EOFError (0 bytes), ValueError, zlib.error, UnicodeDecodeError ...
            raise ModelError(folder, "the topic model files are damaged", f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            got = meta.get("format") if isinstance(meta, dict) else type(meta).__name__
            raise ModelError(folder, f"model format {got!r}, this code reads {FORMAT!r}")
        try:
            vw, vc, topics = list(meta["vocab_words"]), list(meta["vocab_chars"]), list(meta["topics"])
            cues = meta.get("cues") or []
            combos = meta.get("combos") or []
            n = len(topics)
            tw, tc = list(meta.get("title_vocab_words") or []), list(meta.get("title_vocab_chars") or [])
            has_title = "title_weight" in meta
            title_weight = float(meta["title_weight"]) if has_title else 0.0
            want = {"coef": (n, len(vw) + len(vc) + len(cues) + len(combos) + len(tw) + len(tc)), "intercept": (n,),
                    "idf_w": (len(vw),), "idf_c": (len(vc),), "platt_a": (n,), "platt_b": (n,), "thresholds": (n,),
                    **({"title_idf_w": (len(tw),), "title_idf_c": (len(tc),)} if has_title else {}),
                    **({"prior": (n, 3), "prior_thresholds": (n,)} if "prior" in arrays else {})}
        except (KeyError, TypeError) as exc:
            raise ModelError(folder, "model.json lacks a field", f"{type(exc).__name__}: {exc}") from exc
        for key, shape in want.items():
            if key not in arrays:
                raise ModelError(folder, f"weights.npz has no array {key!r}", ", ".join(sorted(arrays)))
            a = arrays[key]
            if a.shape != shape or a.dtype.kind not in "fi":
                what = "weights do not match the vocabularies" if key == "coef" else f"array {key!r} is damaged"
                raise ModelError(folder, what, f"{key}: {a.dtype}{a.shape}, expected {shape}")
            if not np.isfinite(a).all():
                raise ModelError(folder, f"array {key!r} holds NaN or infinite values")
        try:
            cut = segmenters.get(meta.get("segmenter", "jieba"))
        except ValueError as exc:
            raise ModelError(folder, "the model names an unknown segmenter", str(exc)) from exc
        fz = Featurizer({f: i for i, f in enumerate(vw)}, {f: i for i, f in enumerate(vc)}, arrays["idf_w"],
                        arrays["idf_c"], cut, cues, combos)
        if has_title:
            fz.title = Featurizer({f: i for i, f in enumerate(tw)}, {f: i for i, f in enumerate(tc)},
                                  arrays["title_idf_w"], arrays["title_idf_c"], cut, [], [])
            fz.title_weight = title_weight
        return cls(fz, topics, arrays["coef"].astype(np.float64), arrays["intercept"], arrays["platt_a"],
                   arrays["platt_b"], arrays["thresholds"], meta.get("segmenter", "jieba"), meta.get("info"),
                   arrays.get("prior"), arrays.get("prior_thresholds"))


def default_model_dir() -> Path:
    return Path(str(resources.files("policydoc").joinpath("models").joinpath("topics")))


@lru_cache(maxsize=4)
def load(folder: str | None = None) -> TopicModel:
    """The shipped model (loaded once per process); ``POLICYDOC_TOPIC_MODEL`` names another folder."""
    import os

    return TopicModel.load(folder or os.environ.get("POLICYDOC_TOPIC_MODEL") or default_model_dir())


#: Inverse regularisation strength of the per-topic logistic regressions. Grouped 5-fold CV on the
#: 9,025 training segments of round 9 (micro-F1): C=4 0.851, 8 0.855, 16 0.857, 32 0.859, 64 0.861,
#: 128 0.861, 512 0.863 — the smallest C within 0.002 of the best. The curve is flat above 64, and
#: smaller weights keep the scores of rare n-grams from unseen documents in check.
C_DEFAULT = 64.0

#: Class weights of the per-topic regressions: "balanced" (positives weighted by their rarity).
#: Round 13 compared it with unweighted fits on grouped CV (see models/topics/REPORT.md, "Experiments").
CLASS_WEIGHT: str | None = "balanced"


#: Share of the training sources whose title block is blanked (round 15), so that a bare sentence
#: (``classify_texts``, a joint meeting's agenda item: no document title) is not a case training never
#: shows. Grouped 5-fold CV (micro-F1, held-out segments with / without their titles): 0 → 0.862 / 0.838,
#: 0.15 → 0.860 / 0.841, 0.3 → 0.859 / 0.844 (models/topics/REPORT.md, round 15).
TITLE_DROPOUT = 0.15


def dropped_title(source: str, share: float = TITLE_DROPOUT) -> bool:
    """Whether the training source *source* is read without its title: the same sources in every fold
    and every run (SHA-1 of the name), never a random draw.

    >>> dropped_title("beijing-jitihetong-tiaoli", 0.0)
    False
    """
    import hashlib

    return int(hashlib.sha1(source.encode("utf-8")).hexdigest(), 16) % 1000 < share * 1000


def train(texts: Sequence[str], labels: Sequence[Sequence[str]], *, segmenter: str = "jieba", C: float = C_DEFAULT,
          folds: int = 5, seed: int = 0, groups: Sequence[str] | None = None,
          threshold_rule: str = "half_f1", titles: Sequence[str | None] | None = None,
          title_dropout: float = TITLE_DROPOUT,
          documents: dict[str, tuple[list[str], list[str | None]]] | None = None,
          fold_of: dict[str, int] | None = None) -> TopicModel:
    """Fit the model on labelled segments (deterministic for a given corpus and seed).

    With *groups* (the source document of each segment) the calibration and thresholds come from
    folds that never split a source, so they reflect documents the model has not seen.
    *threshold_rule*: ``"half_f1"`` (threshold = best cross-validated F1 / 2) or ``"grid"`` (the
    grid point with the best cross-validated F1). *titles* (the title of each text's document) add
    the title block (:data:`TITLE_WEIGHT`); the titles of a *title_dropout* share of the sources are
    blanked in fitting (the cross-validated figures read every held-out segment with its title).
    *documents* (source → the texts and titles of ALL sentences of that source, parsed as a
    document) add the document prior (:mod:`policydoc.classify.prior`); it needs *groups*. *fold_of* (source →
    fold) fixes the cross-validation folds instead of ``GroupKFold``'s, so that two corpora can be compared on the
    same folds (``corpora/topics/experiments_round17.py``).
    """
    cut = segmenters.get(segmenter)
    topics = topic_ids()
    fz = fit_featurizer(texts, cut, titles=titles)
    X = fz.transform(texts, titles)
    X_fit = X
    if titles is not None and groups is not None and title_dropout > 0:
        X_fit = fz.transform(texts, [None if dropped_title(g, title_dropout) else t for g, t in zip(groups, titles)])
    Y = np.array([[t in ls for t in topics] for ls in labels], dtype=int)
    extra = None
    if documents is not None and groups is not None:
        srcs = sorted(documents)
        owner = np.array([s for s in srcs for _ in documents[s][0]])
        X_doc = fz.transform([t for s in srcs for t in documents[s][0]], [t for s in srcs for t in documents[s][1]])
        extra = X_doc
    coef, intercept, a, b, thr, cv = fit_matrix(X_fit, Y, C=C, folds=folds, seed=seed, groups=groups,
                                                threshold_rule=threshold_rule, X_eval=X, fold_of=fold_of,
                                                extra=extra, extra_groups=owner if extra is not None else None)
    model = TopicModel(fz, topics, coef, intercept, a, b, thr, segmenter)
    model.cv = cv
    if extra is not None:
        from . import prior

        # each source's mean first-stage score over all its sentences, from the fold model that did not see it;
        # a source whose parsed text yields no sentence takes the mean of its corpus segments
        Pd = cv["extra_prob"]
        means = {s: Pd[owner == s].mean(axis=0) for s in srcs if (owner == s).any()}
        groups = list(groups)
        for g in set(groups) - set(means):
            means[g] = cv["prob"][[i for i, x in enumerate(groups) if x == g]].mean(axis=0)
        M = np.array([means[g] for g in groups])
        model.prior, model.prior_thresholds, p2 = prior.fit(cv["prob"], M, Y, cv["fold"])
        cv["prior_prob"], cv["prior_pred"] = p2, p2 >= model.prior_thresholds
    return model


def half_best_f1(p: np.ndarray, y: np.ndarray) -> float:
    """Half the best F1 of calibrated probabilities *p* against gold *y* over a 0.15–0.85 grid: the
    F1-optimal threshold of calibrated scores (Lipton et al. 2014; see the module docstring)."""
    return _best_grid(p, y)[1] / 2


def _best_grid(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    best, best_f = 0.5, -1.0
    for cand in np.arange(0.15, 0.86, 0.025):
        pred = p >= cand
        tp = int((pred & (y == 1)).sum())
        f = 2 * tp / (pred.sum() + y.sum()) if (pred.sum() + y.sum()) else 0.0
        if f > best_f + 1e-9:
            best, best_f = float(cand), f
    return best, best_f


def fit_matrix(X, Y: np.ndarray, *, C: float = C_DEFAULT, folds: int = 5, seed: int = 0,
               groups: Sequence[str] | None = None, threshold_rule: str = "half_f1", X_eval=None,
               extra=None, extra_groups: Sequence[str] | None = None, fold_of: dict[str, int] | None = None):
    """One-vs-rest logistic regressions on a feature matrix, Platt scaling and per-topic thresholds
    from cross-validated decision values; returns ``(coef, intercept, platt_a, platt_b, thresholds,
    cv)`` where *cv* holds the cross-validated predictions (``{"pred": bool matrix, "prob", "fold"}``),
    so that feature variants can be compared on folds that keep each source whole.

    *X_eval* (same rows as *X*) is what the held-out rows are scored on (default *X*: training with
    title dropout fits on blanked titles and scores with them). *extra* rows (with their source in
    *extra_groups*) are scored by the fold model that held their source out, or by the full model when
    no fold holds it: ``cv["extra_prob"]``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, KFold

    X_eval = X if X_eval is None else X_eval
    n_topics = Y.shape[1]
    texts = range(Y.shape[0])
    coef = np.zeros((n_topics, X.shape[1]))
    intercept = np.zeros(n_topics)
    cv_dec = np.zeros(Y.shape)
    if groups is not None and fold_of is not None:
        f_of = np.array([fold_of[g] for g in groups])
        splits = [(np.flatnonzero(f_of != f), np.flatnonzero(f_of == f)) for f in range(folds)]
    elif groups is not None:
        splits = list(GroupKFold(n_splits=folds).split(list(texts), groups=list(groups)))
    else:
        splits = list(KFold(n_splits=folds, shuffle=True, random_state=seed).split(list(texts)))
    fold = np.zeros(Y.shape[0], dtype=int)
    for f, (_, te) in enumerate(splits):
        fold[te] = f
    if extra is not None:
        held = {groups[i]: f for f, (_, te) in enumerate(splits) for i in te}
        extra_fold = np.array([held.get(g, -1) for g in extra_groups])
        extra_dec = np.zeros((extra.shape[0], n_topics))
    for k in range(n_topics):
        y = Y[:, k]
        clf = LogisticRegression(C=C, class_weight=CLASS_WEIGHT, solver="liblinear", random_state=seed, max_iter=1000)
        if y.sum() == 0:
            intercept[k] = -10.0
            if extra is not None:
                extra_dec[:, k] = -10.0
            continue
        clf.fit(X, y)
        coef[k], intercept[k] = clf.coef_[0], clf.intercept_[0]
        if extra is not None and (extra_fold < 0).any():
            extra_dec[extra_fold < 0, k] = clf.decision_function(extra[extra_fold < 0])
        for f, (tr, te) in enumerate(splits):
            rows = np.flatnonzero(extra_fold == f) if extra is not None else []
            if y[tr].sum() == 0:
                cv_dec[te, k] = -10.0
                if len(rows):
                    extra_dec[rows, k] = -10.0
                continue
            c2 = LogisticRegression(C=C, class_weight=CLASS_WEIGHT, solver="liblinear", random_state=seed,
                                    max_iter=1000).fit(X[tr], y[tr])
            cv_dec[te, k] = c2.decision_function(X_eval[te])
            if len(rows):
                extra_dec[rows, k] = c2.decision_function(extra[rows])
    a = np.ones(n_topics)
    b = np.zeros(n_topics)
    thr = np.full(n_topics, 0.5)
    for k in range(n_topics):
        y = Y[:, k]
        if 0 < y.sum() < len(y):
            pl = LogisticRegression(C=1e6, solver="lbfgs").fit(cv_dec[:, [k]], y)
            a[k], b[k] = pl.coef_[0, 0], pl.intercept_[0]
        p = 1 / (1 + np.exp(-(cv_dec[:, k] * a[k] + b[k])))
        best, best_f = _best_grid(p, y)
        thr[k] = best if threshold_rule == "grid" else best_f / 2
    P = 1 / (1 + np.exp(-(cv_dec * a + b)))
    cv = {"pred": P >= thr, "prob": P, "fold": fold}
    if extra is not None:
        cv["extra_prob"] = 1 / (1 + np.exp(-(extra_dec * a + b)))
    return coef, intercept, a, b, thr, cv
