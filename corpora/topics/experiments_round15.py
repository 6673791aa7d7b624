#!/usr/bin/env python3
"""Round-15 variants: title dropout, and precision mechanisms chosen on out-of-fold grouped-CV probabilities.

    nice python corpora/topics/experiments_round15.py . dropout 0,0.15,0.3
    nice python corpora/topics/experiments_round15.py . prior 0.15
    nice python corpora/topics/experiments_round15.py . nb 0.15 [alpha]      # naive-Bayes ensemble weights
    nice python corpora/topics/experiments_round15.py . nbprior 0.15 0.1     # naive Bayes 0.1, then the prior
    nice python corpora/topics/experiments_round15.py . flag 0.15 > flagged.tsv   # the label-noise list

``dropout``: the title block of the shipped model is blanked for a share of the training *sources* (chosen by
the SHA-1 of the source name, so the same sources in every fold). Grouped 5-fold CV is measured twice on the
same fold models: the held-out segments with their titles, and the held-out segments with the title blanked
(a bare sentence, as ``classify_texts`` sees it). Platt scaling and thresholds come from the with-title
out-of-fold values, as in the shipped procedure.

``prior``: the document-level prior on top of the model with the given dropout. Every source text in raw/ is
parsed like a user's document (``policydoc.parse_text``); its sentences (``classify.document.segments``) are
scored by the fold model that did not see the source (the full model for test/blind/blind2 sources), and the
document's mean calibrated probability per topic is the prior. A second stage per topic (logistic regression on
logit(segment probability), logit(document mean)) is fitted on the out-of-fold rows of four folds and applied to
the fifth (nested), so the CV figure never sees its own fold. Also: a global threshold factor chosen on four
folds, applied to the fifth.

Grouped-CV micro-F1 on train is the only figure used to choose; seen test, blind and blind2 are printed beside
it. One JSON line per variant.
"""
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack

ROOT = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "corpora" / "topics"))
from policydoc.classify import model as M, segment as S  # noqa: E402
from policydoc.classify.taxonomy import ids  # noqa: E402
from policydoc.classify.train import attach_titles, f1_table, load_segments, model_input  # noqa: E402

CORPUS = ROOT / "corpora/topics/segments.jsonl"
segs = load_segments(CORPUS)
attach_titles(segs, CORPUS)
split = {k: [s for s in segs if s["split"] == k] for k in ("train", "test", "blind", "blind2")}
tr = split["train"]
topics = ids()
NT = len(topics)
Y = np.array([[t in s["labels"] for t in topics] for s in tr], dtype=int)
groups = [s["source"] for s in tr]
gold = {k: [s["labels"] for s in v] for k, v in split.items()}
cut = S.get("jieba")
fz = M.fit_featurizer([model_input(s) for s in tr], cut, titles=[s["title"] for s in tr])
W = fz.title_weight


def blocks(texts, titles):
    return fz._transform(list(texts)), fz.title._transform([t or "" for t in titles]) * W


def comb(Xs, T, keep=None):
    if keep is not None:
        T = csr_matrix(T.multiply(keep[:, None].astype(float)))
    return csr_matrix(hstack([Xs, T], format="csr"))


t0 = time.process_time()
B = {k: blocks([model_input(s) for s in v], [s["title"] for s in v]) for k, v in split.items()}
print(json.dumps({"featurised_cpu_s": round(time.process_time() - t0)}), flush=True)

from sklearn.model_selection import GroupKFold  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

splits = list(GroupKFold(n_splits=5).split(np.arange(len(tr)), groups=groups))
fold_of_source = {}
for f, (_, te) in enumerate(splits):
    for i in te:
        fold_of_source[groups[i]] = f


def dropped(share):
    """Training sources whose title is blanked: the same sources in every fold and every run."""
    return {s for s in set(groups) if int(hashlib.sha1(s.encode()).hexdigest(), 16) % 1000 < share * 1000}


def platt_thr(dec, Y):
    a, b, thr = np.ones(NT), np.zeros(NT), np.full(NT, 0.5)
    for k in range(NT):
        y = Y[:, k]
        if 0 < y.sum() < len(y):
            pl = LogisticRegression(C=1e6, solver="lbfgs").fit(dec[:, [k]], y)
            a[k], b[k] = pl.coef_[0, 0], pl.intercept_[0]
        p = 1 / (1 + np.exp(-(dec[:, k] * a[k] + b[k])))
        thr[k] = best_f1(p, y) / 2
    return a, b, thr


def best_f1(p, y):
    best = 0.0
    for cand in np.arange(0.15, 0.86, 0.025):
        pred = p >= cand
        tp = int((pred & (y == 1)).sum())
        d = pred.sum() + y.sum()
        best = max(best, 2 * tp / d if d else 0.0)
    return best


def as_lists(P, thr):
    return [[t for t, on in zip(topics, row >= thr) if on] for row in P]


def scores(name, P_cv, thr_cv, P_eval, thr_eval, extra=None):
    out = {"variant": name, "cv": f1_table(gold["train"], as_lists(P_cv, thr_cv))["micro_f1"], **(extra or {})}
    for k in ("test", "blind", "blind2"):
        r = f1_table(gold[k], as_lists(P_eval[k], thr_eval))
        none = [not p for g, p in zip(gold[k], as_lists(P_eval[k], thr_eval)) if not g]
        out[k] = f"{r['micro_f1']:.3f} ({r['micro_precision']:.3f}/{r['micro_recall']:.3f}) none {sum(none)}/{len(none)}"
    print(json.dumps(out, ensure_ascii=False), flush=True)
    return out


def fit_models(share):
    """Full-data and per-fold coefficients of the one-vs-rest regressions with title dropout *share*."""
    drop = dropped(share)
    keep = np.array([g not in drop for g in groups])
    Xtr = comb(*B["train"], keep)
    full = np.zeros((NT, Xtr.shape[1] + 1))
    folds = np.zeros((5, NT, Xtr.shape[1] + 1))
    for k in range(NT):
        y = Y[:, k]
        lr = lambda: LogisticRegression(C=M.C_DEFAULT, class_weight=M.CLASS_WEIGHT, solver="liblinear",  # noqa
                                        random_state=0, max_iter=1000)
        c = lr().fit(Xtr, y)
        full[k, :-1], full[k, -1] = c.coef_[0], c.intercept_[0]
        for f, (a, _) in enumerate(splits):
            c = lr().fit(Xtr[a], y[a])
            folds[f, k, :-1], folds[f, k, -1] = c.coef_[0], c.intercept_[0]
    return full, folds


def dec(X, w):
    return np.asarray(X @ w[:, :-1].T) + w[:, -1]


def oof(folds, X):
    D = np.zeros((X.shape[0], NT))
    for f, (_, te) in enumerate(splits):
        D[te] = dec(X[te], folds[f])
    return D


def run_dropout(share):
    cache = Path(f"/tmp/r15_dropout_{share}.npz")
    if cache.exists():
        z = np.load(cache)
        return dict(full=z["full"], folds=z["folds"], a=z["a"], b=z["b"], thr=z["thr"], Pcv=z["Pcv"],
                    Pe={k: z["Pe_" + k] for k in ("test", "blind", "blind2")})
    t0 = time.process_time()
    full, folds = fit_models(share)
    Xw = comb(*B["train"])
    Xn = comb(B["train"][0], B["train"][1] * 0)
    Dw, Dn = oof(folds, Xw), oof(folds, Xn)
    a, b, thr = platt_thr(Dw, Y)
    cal = lambda D: 1 / (1 + np.exp(-(D * a + b)))  # noqa: E731
    Pe = {k: cal(dec(comb(*B[k]), full)) for k in ("test", "blind", "blind2")}
    Pn = {k: cal(dec(comb(B[k][0], B[k][1] * 0), full)) for k in ("test", "blind", "blind2")}
    cpu = round(time.process_time() - t0)
    scores(f"dropout {share} — with titles", cal(Dw), thr, Pe, thr, {"cpu_s": cpu})
    scores(f"dropout {share} — titles blanked", cal(Dn), thr, Pn, thr)
    np.savez(cache, full=full, folds=folds, a=a, b=b, thr=thr, Pcv=cal(Dw), **{"Pe_" + k: v for k, v in Pe.items()})
    return dict(full=full, folds=folds, a=a, b=b, thr=thr, Pcv=cal(Dw), Pe=Pe)


def doc_means(res):
    """Mean calibrated probability per topic over the sentences of each source, parsed as a document."""
    import build_segments as BS
    from policydoc.classify.context import with_context
    from policydoc.classify.doc_eval import read_official_text
    from policydoc.classify.document import _title, segments
    from policydoc.pipeline import DEFAULT_STAGES, Pipeline, parse_text

    nlp = Pipeline([s for s in DEFAULT_STAGES if s != "topics"])
    srcs = sorted({s["source"] for s in segs})
    texts, titles, owner = [], [], []
    for src in srcs:
        d = parse_text(read_official_text(BS.raw_path(src)), source=src, pipeline=nlp)
        title = _title(d)
        for s in segments(d):
            texts.append(with_context(s[2], s[3]))
            titles.append(title)
            owner.append(src)
    X = comb(*blocks(texts, titles))
    owner = np.array(owner)
    out = {}
    for src in srcs:
        rows = np.flatnonzero(owner == src)
        if not len(rows):
            continue
        w = res["folds"][fold_of_source[src]] if src in fold_of_source else res["full"]
        P = 1 / (1 + np.exp(-(dec(X[rows], w) * res["a"] + res["b"])))
        out[src] = P.mean(axis=0)
    return out


def logit(p):
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def two_stage(feats, Pcv, Mx, res, fold):
    """Stage-2 probabilities: nested over folds for CV, fitted on all out-of-fold rows for the other splits."""
    P2cv = np.zeros_like(Pcv)
    P2 = {k: np.zeros_like(res["Pe"][k]) for k in res["Pe"]}
    coefs = []
    for k in range(NT):
        y = Y[:, k]
        Fk = feats(Pcv, Mx["train"], k)
        for f in range(5):
            m = fold != f
            c = LogisticRegression(C=1.0, solver="lbfgs", max_iter=1000).fit(Fk[m], y[m])
            P2cv[~m, k] = c.predict_proba(Fk[~m])[:, 1]
        c = LogisticRegression(C=1.0, solver="lbfgs", max_iter=1000).fit(Fk, y)
        coefs.append((c.coef_[0].round(3).tolist(), round(float(c.intercept_[0]), 3)))
        for sp in P2:
            P2[sp][:, k] = c.predict_proba(feats(res["Pe"][sp], Mx[sp], k))[:, 1]
    thr2 = np.array([best_f1(P2cv[:, k], Y[:, k]) / 2 for k in range(NT)])
    return P2cv, P2, thr2, coefs


def run_prior(share, res=None, label=""):
    res = res or run_dropout(share)
    share = f"{share}{label}"
    t0 = time.process_time()
    means = doc_means(res)
    print(json.dumps({"doc_means_cpu_s": round(time.process_time() - t0), "documents": len(means)}), flush=True)
    # a source whose parsed text yields no sentence (none here is long): the mean of its corpus segments
    print(json.dumps({"no_sentences": sorted({s["source"] for s in segs} - set(means))}), flush=True)
    Pall = {"train": res["Pcv"], **res["Pe"]}
    for k, v in split.items():
        for src in {s["source"] for s in v} - set(means):
            means[src] = Pall[k][[i for i, s in enumerate(v) if s["source"] == src]].mean(axis=0)
    Mx = {k: np.array([means[s["source"]] for s in v]) for k, v in split.items()}
    fold = np.array([fold_of_source[g] for g in groups])
    Pcv = res["Pcv"]

    def feats_own(P, Mk, k):
        return np.column_stack([logit(P[:, k]), logit(Mk[:, k])])

    def feats_all(P, Mk, k):
        # the whole document distribution as features: a document about tax lowers wages
        return np.column_stack([logit(P[:, k]), logit(Mk)])

    for fname, feats in (("own topic's document mean", feats_own), ("document distribution (14 means)", feats_all)):
        P2cv, P2, thr2, coefs = two_stage(feats, Pcv, Mx, res, fold)
        scores(f"dropout {share} + two-stage prior: {fname}", P2cv, thr2, P2, thr2,
               {"coef": coefs[:2] if feats is feats_own else None})
        if feats is feats_own:
            keep = (P2cv, P2, thr2)
    P2cv, P2, thr2 = keep
    # a global factor on the thresholds, chosen on four folds, applied to the fifth
    grid = np.arange(0.8, 1.61, 0.05)
    for name, P, thr, Pe in (("stage 1", Pcv, res["thr"], res["Pe"]), ("two-stage", P2cv, thr2, P2)):
        pred = np.zeros_like(P, dtype=bool)
        picks = []
        for f in range(5):
            m = fold != f
            g = max(grid, key=lambda x: f1_table([gold["train"][i] for i in np.flatnonzero(m)],
                                                 as_lists(P[m], thr * x))["micro_f1"])
            picks.append(round(float(g), 2))
            pred[~m] = P[~m] >= thr * g
        g_all = max(grid, key=lambda x: f1_table(gold["train"], as_lists(P, thr * x))["micro_f1"])
        cvp = [[t for t, on in zip(topics, row) if on] for row in pred]
        out = {"variant": f"{name} + threshold factor (nested)", "cv": f1_table(gold["train"], cvp)["micro_f1"],
               "fold_factors": picks, "factor_all": round(float(g_all), 2)}
        for sp in ("test", "blind", "blind2"):
            r = f1_table(gold[sp], as_lists(Pe[sp], thr * g_all))
            out[sp] = f"{r['micro_f1']:.3f} ({r['micro_precision']:.3f}/{r['micro_recall']:.3f})"
        print(json.dumps(out, ensure_ascii=False), flush=True)


def run_nb(share, alpha=0.1):
    """A second model family over the same features: a multinomial naive Bayes per topic (its log-odds are linear
    in the features, so an ensemble is one linear model and costs no speed), added to the logistic decision with
    weight w; Platt and thresholds refitted on the out-of-fold sums, as the shipped procedure does."""
    from sklearn.naive_bayes import MultinomialNB

    res = run_dropout(share)
    drop = dropped(share)
    keep = np.array([g not in drop for g in groups])
    Xfit, Xw = comb(*B["train"], keep), comb(*B["train"])
    Xe = {k: comb(*B[k]) for k in ("test", "blind", "blind2")}
    Dlr = oof(res["folds"], Xw)
    Elr = {k: dec(Xe[k], res["full"]) for k in Xe}
    Dnb = np.zeros_like(Dlr)
    Enb = {k: np.zeros((Xe[k].shape[0], NT)) for k in Xe}

    def nb_dec(c, X):
        lp = c.feature_log_prob_[1] - c.feature_log_prob_[0]
        return np.asarray(X @ lp).ravel() + (c.class_log_prior_[1] - c.class_log_prior_[0])

    for k in range(NT):
        y = Y[:, k]
        for f, (a, te) in enumerate(splits):
            Dnb[te, k] = nb_dec(MultinomialNB(alpha=alpha).fit(Xfit[a], y[a]), Xw[te])
        c = MultinomialNB(alpha=alpha).fit(Xfit, y)
        for sp in Xe:
            Enb[sp][:, k] = nb_dec(c, Xe[sp])
    for w in (0.0, 0.05, 0.1, 0.2, 0.5):
        D = Dlr + w * Dnb
        a, b, thr = platt_thr(D, Y)
        cal = lambda Z: 1 / (1 + np.exp(-(Z * a + b)))  # noqa: E731
        scores(f"dropout {share} + naive Bayes (alpha {alpha}) weight {w}", cal(D), thr,
               {sp: cal(Elr[sp] + w * Enb[sp]) for sp in Xe}, thr)
    Dn = Dnb
    a, b, thr = platt_thr(Dn, Y)
    cal = lambda Z: 1 / (1 + np.exp(-(Z * a + b)))  # noqa: E731
    scores(f"naive Bayes alone (alpha {alpha})", cal(Dn), thr, {sp: cal(Enb[sp]) for sp in Xe}, thr)


def run_nb_prior(share, w, alpha=0.1):
    """The naive-Bayes ensemble (weight *w*) as the first stage, then the document prior on top."""
    from sklearn.naive_bayes import MultinomialNB

    res = run_dropout(share)
    drop = dropped(share)
    keep = np.array([g not in drop for g in groups])
    Xfit, Xw = comb(*B["train"], keep), comb(*B["train"])

    def nb_w(c):
        return np.append(c.feature_log_prob_[1] - c.feature_log_prob_[0], c.class_log_prior_[1] - c.class_log_prior_[0])

    full, folds = res["full"].copy(), res["folds"].copy()
    for k in range(NT):
        y = Y[:, k]
        for f, (a, _) in enumerate(splits):
            folds[f, k] += w * nb_w(MultinomialNB(alpha=alpha).fit(Xfit[a], y[a]))
        full[k] += w * nb_w(MultinomialNB(alpha=alpha).fit(Xfit, y))
    D = oof(folds, Xw)
    a, b, thr = platt_thr(D, Y)
    cal = lambda Z: 1 / (1 + np.exp(-(Z * a + b)))  # noqa: E731
    Pe = {k: cal(dec(comb(*B[k]), full)) for k in ("test", "blind", "blind2")}
    res2 = dict(full=full, folds=folds, a=a, b=b, thr=thr, Pcv=cal(D), Pe=Pe)
    scores(f"dropout {share} + naive Bayes weight {w} (first stage)", cal(D), thr, Pe, thr)
    run_prior(share, res2, f" + naive Bayes weight {w}")


def flag(share):
    """The label-noise list of the round-15 audit: train segment-topic pairs whose out-of-fold probability
    disagrees confidently with the gold (gold topic < 0.05, non-gold topic > 0.90), most confident first."""
    P = run_dropout(share)["Pcv"]
    rows = []
    for i, s in enumerate(tr):
        for k, t in enumerate(topics):
            if t in s["labels"] and P[i, k] < 0.05:
                rows.append((P[i, k], "gold-low", s, t))
            elif t not in s["labels"] and P[i, k] > 0.90:
                rows.append((1 - P[i, k], "extra-high", s, t))
    for conf, kind, s, t in sorted(rows, key=lambda r: r[0]):
        print(f"{conf:.4f}\t{kind}\t{s['id']}\t{t}\t{','.join(s['labels'])}\t{s.get('context') or ''}\t{s['text']}")


if __name__ == "__main__":
    what, arg = sys.argv[2], sys.argv[3]
    if what == "dropout":
        for share in map(float, arg.split(",")):
            run_dropout(share)
    elif what == "prior":
        run_prior(float(arg))
    elif what == "flag":
        flag(float(arg))
    elif what == "nbprior":
        run_nb_prior(float(arg), float(sys.argv[4]))
    elif what == "nb":
        run_nb(float(arg), *(map(float, sys.argv[4:5])))
