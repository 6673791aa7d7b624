#!/usr/bin/env python3
"""Round 16 (the second batch was removed after this run; check out commit 9a7a4ef to re-run it): grouped CV of the shipped procedure on the round-16 corpus with and without a batch of training
sources, scored on ALL training segments and on the segments of the round-15 training sources only (the same
segments in both runs, so the two figures are comparable although the corpora differ).

    PYTHONPATH=src python corpora/topics/experiments_round16.py [drop-batch2]

Blind splits are not scored here (policydoc train topics reports them beside CV, never used to choose).
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BATCH1 = {"shandong-yanglao-fuwu-2020", "zhejiang-shehui-yanglao-fuwu-2021", "weihai-jumin-yanglao-fuwu-2020",
          "hangzhou-jiashiyuan-peixun-2017", "qingdao-canjiren-baozhang-2016", "canji-yufang-kangfu-tiaoli-2018",
          "canjiren-jiaoyu-tiaoli-2017", "shipin-jiandu-jiancha-2021", "jiashizheng-shenling-2021",
          "beijing-kuangshan-anquanfa-banfa-2021", "shanghai-zhongxiao-qiye-2018", "shandong-qiye-quanyi-baohu-2012",
          "henan-qiye-fudan-jiandu-2010"}
BATCH2 = {"guangdong-renkou-jihuashengyu-2021", "henan-weichengnianren-baohu-2010", "hangzhou-liudong-renkou-2018",
          "zhejiang-junren-junshu-quanyi-2020"}


def main(drop=()):
    from policydoc.classify.model import train
    from policydoc.classify.train import attach_titles, document_sentences, f1_table, load_segments, model_input

    corpus = HERE / "segments.jsonl"
    segs = load_segments(corpus)
    attach_titles(segs, corpus)
    tr = [s for s in segs if s["split"] == "train" and s["source"] not in drop]
    groups = [s["source"] for s in tr]
    documents = document_sentences(corpus, sorted(set(groups)))
    model = train([model_input(s) for s in tr], [s["labels"] for s in tr], groups=groups,
                  titles=[s.get("title") for s in tr], documents={g: documents[g] for g in groups if g in documents})
    rows = model.cv.get("prior_pred", model.cv["pred"])
    pred = [[t for t, on in zip(model.topics, row) if on] for row in rows]
    gold = [s["labels"] for s in tr]
    old = [i for i, s in enumerate(tr) if s["source"] not in BATCH1 | BATCH2]
    print(f"dropped {sorted(drop) or 'nothing'}: train {len(tr)} segments, grouped CV all "
          f"{f1_table(gold, pred)['micro_f1']:.4f}; on the {len(old)} segments of round-15 sources "
          f"{f1_table([gold[i] for i in old], [pred[i] for i in old])['micro_f1']:.4f}")


if __name__ == "__main__":
    main(BATCH2 if sys.argv[1:] == ["drop-batch2"] else ())
