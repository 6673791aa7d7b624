#!/usr/bin/env python3
"""Cut the official texts in raw/ into segments and assemble segments.jsonl.

Deterministic: the same raw/ files, SOURCES.tsv, selection.tsv and labels.tsv always give the
same output.

    python build_segments.py cut     # print candidate segments (id, text) as JSON lines
    python build_segments.py build   # merge labels.tsv, assign splits, write segments.jsonl
    python build_segments.py stats   # counts per topic per split
    python build_segments.py check   # verify segments.jsonl against raw/ (verbatim texts, lengths, splits)
    python build_segments.py neardup # ids of train-only segments sharing >= 70 % of 3-grams with a test segment

Labels are NOT computed here: labels.tsv holds one line per segment id with the topic ids a
human reader assigned (comma separated; empty = no topic; "-" = read but dropped because it is
not a usable segment, e.g. a formula or an index number scraped with a page). This script only
cuts the text, selects the segments, refuses to build if a selected segment has no line in
labels.tsv, and assigns the split by source (choose_test_sources below).

Cutting rules (see GUIDE.md):
  * raw/<source>.md comes from LawRefBook/Laws: everything before "<!-- INFO END -->" (the
    adoption notes) and every Markdown heading line ("# ...") is skipped.
  * every remaining line is a paragraph; chapter/section headings (第X章/第X节/第X编) are skipped;
  * a paragraph of 15-250 characters is one segment (an article, an article's paragraph, an
    enumerated item or an agenda item);
  * a longer paragraph is split after each "。"; a sentence still longer than 250 characters is
    split after each "；" or ";"; pieces shorter than 15 or longer than 250 characters are dropped;
  * segments are the exact characters of the source text (only leading/trailing whitespace is
    stripped); a text that repeats inside one source is kept once, and a text that occurs in two
    sources is kept once (in train if one copy is in a train source);
  * ids are <source>-<n>, n = 1, 2, ... in document order over ALL cut segments of the source.

Selection (selection.tsv: source, stride k, rescue 0/1): a segment n of a source is kept when
(n - 1) % k == 0 (a systematic sample: every k-th segment, starting with the first), or when
rescue = 1 and the segment matches RESCUE below. RESCUE is a list of cue words of the rare topics
(model workers, worker culture, new employment forms, housing, women workers, hardship); it
only decides which segments are read and labelled, never which label they get: several
rescued segments were labelled [] or with other topics after reading.

Sources added after the test split was fixed (selection.tsv: a fourth column "train") are always
in train: they are left out of choose_test_sources(), so the split of the original sources and
every original segment stay exactly as they were, and a segment of an added source is dropped
when its text is already a segment of an original source (train or test) or of an earlier added
source.
"""
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "src"))
RAW = HERE / "raw"
MIN_LEN, MAX_LEN = 15, 250
TOPICS = ["wages", "social_security", "employment", "safety_health", "model_workers",
          "hardship_assistance", "union_building", "democratic_management", "labor_relations",
          "worker_culture", "skills", "new_employment_forms", "housing", "women_workers"]
W = r"(职工|工会|劳动者|员工|工人)"
RESCUE = re.compile(
    r"劳动模范|劳模|先进生产|先进工作者|工匠|疗休养|疗养|休养|文化宫|职工之家|职工书屋|驿站|服务站点|"
    r"精神文化|新就业形态|平台企业|网约|外卖|快递员|快递从业人员|配送员|货车司机|住房|公积金|女职工|"
    r"怀孕|孕期|哺乳|生育|产假|性别|困难职工|帮扶|送温暖|生活困难|就业困难|就业援助|就业救助|零就业|"
    + W + r".{0,40}(体育|健身|文化活动|文体|工间|书屋|阅读|文化生活)|"
    r"(体育|健身|文化活动|文体|工间|书屋|阅读|文化生活).{0,40}" + W)
#: rescue = 2 (negative sources: texts on other subjects): read the segments where labour words occur
#: in passing, the ones a model must learn not to fire on (the labels still come from reading).
LABOUR_WORDS = re.compile(
    r"工资|薪|劳动|职工|工会|员工|就业|失业|社会保险|养老|医疗保险|工伤|生育|住房|公积金|安全生产|职业|培训|"
    r"技能|劳模|先进|困难|救助|帮扶|女职工|妇女|集体|协商|合同|休假|休息|加班|福利|补贴|津贴|从业人员")
HEADING = re.compile(r"^第[一二三四五六七八九十百零〇]+[章节编](\s|　|$)")


def read_sources():
    rows = []
    with open(HERE / "SOURCES.tsv", encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            if line.strip():
                rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    return rows


def raw_path(source):
    for ext in (".md", ".txt"):
        p = RAW / (source + ext)
        if p.exists():
            return p
    raise FileNotFoundError(source)


def body(path):
    """The text of a raw file without LawRefBook's adoption notes (everything before INFO END)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md" and "<!-- INFO END -->" in text:
        text = text.split("<!-- INFO END -->", 1)[1]
    return text


def paragraphs(path):
    for line in body(path).splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("<!--"):
            continue
        if HEADING.match(line) and len(line) < 30:
            continue
        yield line


def split_long(par):
    if len(par) <= MAX_LEN:
        return [par]
    out = []
    for sent in re.split(r"(?<=。)", par):
        sent = sent.strip()
        if len(sent) <= MAX_LEN:
            out.append(sent)
        else:
            out.extend(p.strip() for p in re.split(r"(?<=[；;])", sent))
    return out


def contexts(source):
    """Section heading above each paragraph piece of a source (text -> title or None), found by
    the same function the document classifier uses (policydoc.classify.context.section_title);
    a heading line itself has no context."""
    from policydoc.classify.context import section_title

    ctx, cur = {}, None
    for line in body(raw_path(source)).splitlines():
        title = section_title(line)
        for piece in split_long(line.strip()):
            ctx.setdefault(piece.strip(), None if title else cur)
        if title:
            cur = title
    return ctx


def cut(source):
    seen, segs = set(), []
    for par in paragraphs(raw_path(source)):
        for piece in split_long(par):
            if MIN_LEN <= len(piece) <= MAX_LEN and piece not in seen:
                seen.add(piece)
                segs.append(piece)
    return [(f"{source}-{i}", t) for i, t in enumerate(segs, 1)]


def read_selection():
    sel = {}
    for line in (HERE / "selection.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            src, stride, rescue = line.split("\t")[:3]
            sel[src] = (int(stride), int(rescue.strip() or 0))
    return sel


def read_train_only(kind="train"):
    """Sources added after the test split was fixed: fourth column "train" in selection.tsv
    (``kind="blind"``: the sources of the blind split, fourth column "blind")."""
    fixed = set()
    for line in (HERE / "selection.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) > 3 and cols[3].strip() == kind:
                fixed.add(cols[0])
    return fixed


def sources_after_blind(kind="blind"):
    """Sources listed in selection.tsv after the first source of the split *kind* ("blind" or "blind2"),
    other than that split's own sources: training data added once the split was frozen."""
    after, seen_blind = set(), False
    for line in (HERE / "selection.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) > 3 and cols[3].strip() == kind:
                seen_blind = True
            elif seen_blind and not (len(cols) > 3 and cols[3].strip().startswith("blind")):
                after.add(cols[0])
    return after


def read_blind():
    """The blind split: whole sources (fourth column "blind") that no training, rule, threshold or
    model choice may see; reported beside the test split."""
    return read_train_only("blind")


def read_blind2():
    """The second blind split (fourth column "blind2"), frozen in round 13 before any change of model
    or training data, because the first one had been looked at while tuning round 12."""
    return read_train_only("blind2")


def read_blind3():
    """The third blind split (fourth column "blind3"), frozen in round 16 before any change of model or
    training data of that round."""
    return read_train_only("blind3")


def read_blind4():
    """The fourth blind split (fourth column "blind4"), frozen in round 17 before any change of model or
    training data of that round was kept: half of the new labour sources found, chosen by source."""
    return read_train_only("blind4")


def selected(source, sel):
    stride, rescue = sel.get(source, (1, 0))
    words = {1: RESCUE, 2: LABOUR_WORDS}.get(rescue)
    return [(sid, t) for i, (sid, t) in enumerate(cut(source))
            if i % stride == 0 or (words and words.search(t))]


def read_labels():
    labels = {}
    with open(HERE / "labels.tsv", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            sid, labs = (line.rstrip("\n").split("\t") + [""])[:2]
            if labs.strip() == "-":          # read, but not a usable segment (formula, page junk)
                labels[sid] = None
                continue
            labs = [x for x in labs.split(",") if x]
            bad = [x for x in labs if x not in TOPICS]
            if bad:
                raise ValueError(f"{sid}: unknown topic {bad}")
            labels[sid] = sorted(labs, key=TOPICS.index)
    return labels


MIN_TEST_POS = 12        # every topic needs at least this many positive test segments
MAX_TEST_SHARE = 0.22    # never put more than 22 % of the segments into test
TARGET_TEST_SHARE = 0.20


def choose_test_sources(records):
    """Deterministic split by SOURCE.

    Sources are visited in the order of the SHA-1 of their slug (a fixed pseudo-random order that
    does not depend on labels or file order). Pass 1: a source goes to test when it has a positive
    segment for a topic that still has fewer than MIN_TEST_POS positive test segments, provided
    that the test share stays <= MAX_TEST_SHARE and the source holds at most half of that
    topic's positives. Pass 2: further sources, in the same order, are added while the test share
    is below TARGET_TEST_SHARE and stays <= MAX_TEST_SHARE after adding.
    """
    by_src = defaultdict(list)
    for rec in records:
        by_src[rec["source"]].append(rec)
    total = len(records)
    topic_total = Counter(l for rec in records for l in rec["labels"])
    order = sorted(by_src, key=lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest())
    test, n_test, pos = set(), 0, Counter()
    for src in order:
        recs = by_src[src]
        c = Counter(l for rec in recs for l in rec["labels"])
        needed = [t for t in TOPICS if pos[t] < MIN_TEST_POS and c[t] > 0
                  and c[t] <= topic_total[t] / 2]
        if needed and (n_test + len(recs)) / total <= MAX_TEST_SHARE:
            test.add(src)
            n_test += len(recs)
            pos.update(c)
    for src in order:
        if n_test / total >= TARGET_TEST_SHARE:
            break
        recs = by_src[src]
        if src not in test and (n_test + len(recs)) / total <= MAX_TEST_SHARE:
            test.add(src)
            n_test += len(recs)
            pos.update(Counter(l for rec in recs for l in rec["labels"]))
    short = [t for t in TOPICS if pos[t] < MIN_TEST_POS]
    if short:
        sys.exit(f"split rule failed: topics with < {MIN_TEST_POS} test positives: {short}")
    return test


def check():
    """Verify segments.jsonl: every text and context occurs verbatim in its raw source, lengths are within
    limits, ids are unique and name their source, train-only sources are in train, and no text is
    on both sides of the split."""
    recs = [json.loads(line) for line in (HERE / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    raw = {}
    problems = []
    for rec in recs:
        src = rec["source"]
        if src not in raw:
            raw[src] = raw_path(src).read_text(encoding="utf-8")
        if rec["text"] not in raw[src]:
            problems.append(f"{rec['id']}: text not found verbatim in {raw_path(src).name}")
        if not MIN_LEN <= len(rec["text"]) <= MAX_LEN:
            problems.append(f"{rec['id']}: length {len(rec['text'])}")
        if not rec["id"].startswith(src + "-"):
            problems.append(f"{rec['id']}: id does not name its source {src}")
        ctx = rec.get("context")
        if ctx is not None and ctx not in raw[src]:
            problems.append(f"{rec['id']}: context not found verbatim in {raw_path(src).name}")
    if len({rec["id"] for rec in recs}) != len(recs):
        problems.append("duplicate ids")
    train_only = read_train_only()
    problems += [f"{rec['id']}: train-only source in {rec['split']}" for rec in recs
                 if rec["source"] in train_only and rec["split"] != "train"]
    blind = read_blind()
    problems += [f"{rec['id']}: blind source in {rec['split']}" for rec in recs
                 if (rec["source"] in blind) != (rec["split"] == "blind")]
    blind2 = read_blind2()
    problems += [f"{rec['id']}: blind2 source in {rec['split']}" for rec in recs
                 if (rec["source"] in blind2) != (rec["split"] == "blind2")]
    for kind, srcs in (("blind3", read_blind3()), ("blind4", read_blind4())):
        problems += [f"{rec['id']}: {kind} source in {rec['split']}" for rec in recs
                     if (rec["source"] in srcs) != (rec["split"] == kind)]
    sides = defaultdict(set)
    for rec in recs:
        sides[rec["text"]].add(rec["split"])
    problems += [f"text on both sides of the split: {t[:30]}" for t, v in sides.items() if len(v) > 1]
    for p in problems[:20]:
        print(p)
    print(f"{len(recs)} segments checked, {len(problems)} problems")
    return not problems


def trigrams(text):
    text = re.sub(r"\s", "", text)
    return {text[i:i + 3] for i in range(len(text) - 2)}


NEAR_DUP = 0.7


def neardup():
    """Print the ids (never the texts) of segments of train-only sources that share at least
    NEAR_DUP of their character 3-grams with a test segment, or a test segment shares that much
    of its 3-grams with them (max of the two ratios). Such segments are dropped ("-" in
    labels.tsv) before a build; the command is expected to print nothing."""
    recs = [json.loads(line) for line in (HERE / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    test = [trigrams(rec["text"]) for rec in recs if rec["split"] in ("test", "blind", "blind2", "blind3", "blind4")]
    train_only = read_train_only()
    hits = 0
    for rec in recs:
        if rec["source"] not in train_only:
            continue
        g = trigrams(rec["text"])
        for t in test:
            inter = len(g & t)
            if inter and max(inter / len(g), inter / len(t)) >= NEAR_DUP:
                print(rec["id"])
                hits += 1
                break
    print(f"{hits} train-only segments near-duplicate a test or blind segment")
    return hits == 0


def main(cmd):
    if cmd == "check":
        sys.exit(0 if check() else 1)
    if cmd == "neardup":
        sys.exit(0 if neardup() else 1)
    sources = read_sources()
    sel = read_selection()
    if cmd == "cut":
        for row in sources:
            for sid, text in selected(row["source"], sel):
                print(json.dumps({"id": sid, "text": text}, ensure_ascii=False))
        return
    labels = read_labels()
    train_only = read_train_only()
    blind = read_blind()
    blind2 = read_blind2()
    blind3 = read_blind3()
    blind4 = read_blind4()
    out, added, held, held2, held3, held4, missing = [], [], [], [], [], [], []
    for row in sources:
        src = row["source"]
        ctx = contexts(src)
        for sid, text in selected(src, sel):
            if sid not in labels:
                missing.append(sid)
                continue
            if labels[sid] is None:
                continue
            (held if src in blind else held2 if src in blind2 else held3 if src in blind3
             else held4 if src in blind4 else added if src in train_only else out).append(
                {"id": sid, "text": text, "context": ctx.get(text), "labels": labels[sid], "source": src,
                 "split": "blind" if src in blind else "blind2" if src in blind2 else "blind3" if src in blind3
                 else "blind4" if src in blind4 else "train"})
    if missing:
        sys.exit(f"{len(missing)} segments have no line in labels.tsv, e.g. {missing[:5]}")
    # The test split was chosen once by choose_test_sources() and is frozen in test_sources.txt:
    # relabelling (round 12 changed 130 labels) must not move sources between train and test.
    frozen = HERE / "test_sources.txt"
    if frozen.exists():
        test_sources = {ln.strip() for ln in frozen.read_text(encoding="utf-8").splitlines()
                        if ln.strip() and not ln.startswith("#")}
    else:
        test_sources = choose_test_sources(out)
    for rec in out:
        if rec["source"] in test_sources:
            rec["split"] = "test"
    # the same sentence can occur in two texts (a local regulation repeating the national law):
    # keep it once, in train if one copy is in train, so that no test text is seen in training
    train_texts = {rec["text"] for rec in out if rec["split"] == "train"}
    seen, kept = set(), []
    for rec in out:
        key = (rec["split"], rec["text"])
        if (rec["split"] == "test" and rec["text"] in train_texts) or key in seen:
            continue
        seen.add(key)
        kept.append(rec)
    # sources added after the split was fixed: always train, never a text already kept
    known = {rec["text"] for rec in kept}
    for rec in added:
        if rec["text"] in known:
            continue
        known.add(rec["text"])
        kept.append(rec)
    # the blind split: never a text that is already kept on another side, nor a near-duplicate of
    # one (a local regulation repeating a national article the model was trained on is not unseen).
    # Sources listed in selection.tsv after the blind split was frozen are compared the other way
    # round: their segments that near-duplicate a blind segment are dropped, so the blind split
    # never changes when training data is added.
    near = lambda g, t: (inter := len(g & t)) and max(inter / len(g), inter / len(t)) >= NEAR_DUP  # noqa: E731
    # The second (round 13), third (round 16) and fourth (round 17) blind splits are held out the same way,
    # in that order, each against everything kept before it (train, test, the earlier blind splits).
    held_out = []
    for kind, recs in (("blind", held), ("blind2", held2), ("blind3", held3), ("blind4", held4)):
        late = sources_after_blind(kind)
        grams = [trigrams(rec["text"]) for rec in kept if rec["source"] not in late]
        before = {rec["text"] for rec in kept if rec["source"] not in late}
        kind_grams = []
        for rec in recs:
            g = trigrams(rec["text"])
            if rec["text"] in before or any(near(g, t) for t in grams):
                continue
            known.add(rec["text"])
            kept.append(rec)
            kind_grams.append(g)
        held_out.append((late, kind_grams))
    for late, kind_grams in held_out:
        kept = [rec for rec in kept if rec["source"] not in late
                or not any(near(trigrams(rec["text"]), b) for b in kind_grams)]
    out = kept
    if cmd == "build":
        (HERE / "test_sources.txt").write_text(
            "# test sources chosen by choose_test_sources() in build_segments.py (generated once, then frozen)\n"
            + "".join(s + "\n" for s in sorted(test_sources)), encoding="utf-8")
        (HERE / "blind_sources.txt").write_text(
            "# blind split: whole sources never used for training or tuning (selection.tsv, fourth column blind)\n"
            + "".join(s + "\n" for s in sorted(blind)), encoding="utf-8")
        (HERE / "blind2_sources.txt").write_text(
            "# second blind split (round 13): whole sources never used for training or tuning (selection.tsv, "
            "fourth column blind2)\n" + "".join(s + "\n" for s in sorted(blind2)), encoding="utf-8")
        (HERE / "blind3_sources.txt").write_text(
            "# third blind split (round 16): whole sources never used for training or tuning (selection.tsv, "
            "fourth column blind3)\n" + "".join(s + "\n" for s in sorted(blind3)), encoding="utf-8")
        (HERE / "blind4_sources.txt").write_text(
            "# fourth blind split (round 17): whole sources never used for training or tuning (selection.tsv, "
            "fourth column blind4)\n" + "".join(s + "\n" for s in sorted(blind4)), encoding="utf-8")
        with open(HERE / "segments.jsonl", "w", encoding="utf-8") as fh:
            for rec in out:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    counts = defaultdict(Counter)
    for rec in out:
        for lab in rec["labels"] or ["(none)"]:
            counts[lab][rec["split"]] += 1
        counts["(segments)"][rec["split"]] += 1
    for key in TOPICS + ["(none)", "(segments)"]:
        c = counts[key]
        print(f"{key}\t{c['train']}\t{c['test']}\t{c['blind']}\t{c['blind2']}\t{c['blind3']}\t{c['blind4']}\t"
              f"{c['train'] + c['test']}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build")
