"""Grouped two-fold cross-validation of the line labeller on the SEEN split (never the blind one).

    python corpora/headers/cv_lines.py          # from the repo root; needs the [crf] extra

The seen documents' source groups are hashed into two folds (sha1("policydoc-fold:" + group) % 2); a model is
trained on one fold and the header fields of the other fold are scored with the rules, the model and the
combination; the two halves are added up. This is how the shipped combination is chosen without looking at blind.
"""
from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "src"))

from policydoc import evaluate, train_lines  # noqa: E402
from policydoc.extract import calibration  # noqa: E402
from policydoc.structure import lines  # noqa: E402

FIELDS = ("doc_number", "issuer", "issuers", "title", "date", "year")


def fold(group: str) -> int:
    return int(hashlib.sha1(("policydoc-fold:" + group).encode()).hexdigest(), 16) % 2


def main() -> None:
    docs = train_lines.training_docs(ROOT)
    shipped = lines.MODEL_DIR
    totals = {m: {f: [0, 0] for f in FIELDS} for m in ("rules", "model", "combined")}
    all_docs = train_lines.training_docs
    for k in (0, 1):
        train_part = [d for d in docs if fold(d[0]["group"]) != k]
        test_part = [d for d in docs if fold(d[0]["group"]) == k]
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(shipped / "calibration.json", Path(tmp) / "calibration.json")
            train_lines.training_docs = lambda root, part=train_part: part
            try:
                train_lines.train(ROOT, Path(tmp))
            finally:
                train_lines.training_docs = all_docs
            lines.MODEL_DIR = Path(tmp)
            lines._tagger.cache_clear()
            calibration._load.cache_clear()
            try:
                for mode in totals:
                    pairs = [(g, evaluate.header_extract(str(p), mode)) for g, p in test_part]
                    for f, s in evaluate.score_records(pairs, fields=FIELDS).items():
                        totals[mode][f][0] += s.exact
                        totals[mode][f][1] += s.labelled
            finally:
                lines.MODEL_DIR = shipped
                lines._tagger.cache_clear()
                calibration._load.cache_clear()
    print(f"grouped 2-fold CV on {len(docs)} seen documents (exact / labelled)")
    print("field       " + "  ".join(f"{m:>16}" for m in totals))
    for f in FIELDS:
        cells = []
        for m in totals:
            e, n = totals[m][f]
            cells.append(f"{e / n:.3f} ({n:4d})".rjust(16) if n else "—".rjust(16))
        print(f"{f:<12}" + "  ".join(cells))


if __name__ == "__main__":
    main()
