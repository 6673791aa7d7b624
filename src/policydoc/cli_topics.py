"""``policydoc train topics`` and ``policydoc classify``: thin wrappers over policydoc.classify."""
from __future__ import annotations

import json
from pathlib import Path

import click


@click.group("train")
def train_command() -> None:
    """Build models from corpora/ into models/."""


@train_command.command("topics")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("corpora/topics/segments.jsonl"), show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("models/topics"),
              show_default=True)
@click.option("--segmenter", type=click.Choice(["jieba", "pkuseg"]), default="jieba", show_default=True)
@click.option("--no-compare", is_flag=True, help="Skip training with the other segmenter for comparison.")
def train_topics_command(corpus: Path, out: Path, segmenter: str, no_compare: bool) -> None:
    """Train the agenda-topic classifier and write it with its report."""
    from .classify.train import train_topics

    r = train_topics(corpus, out, segmenter=segmenter, compare=not no_compare)
    click.echo(f"model → {out}: test micro-F1 {r['model']['micro_f1']:.3f}, macro-F1 {r['model']['macro_f1']:.3f} "
               f"(keyword baseline {r['baseline_keywords']['micro_f1']:.3f}); report in {out}/REPORT.md")


@click.command("classify")
@click.argument("text_or_file")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def classify_command(text_or_file: str, as_json: bool) -> None:
    """Topics of a TEXT, or of a FILE ranked by share of the text (primary topics marked *, with the
    evidence sentence per topic)."""
    from .classify import classify_texts
    from .pipeline import parse

    p = Path(text_or_file)
    if p.exists() and p.is_file():
        out = parse(p).value("topics") or []
    else:
        out = classify_texts([text_or_file])[0]
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for t in out:
        ev = f"  ← {t['evidence'][:60]}" if t.get("evidence") else ""
        # a document's topics: primary ones first (marked *), with the share of the text about each
        share = f"\tshare {t['share']:.2f}{' *' if t.get('primary') else ''}" if "share" in t else ""
        click.echo(f"{t['label']}\t{t['score']:.2f}{share}{ev}")
    if not out:
        click.echo("(no topic)")
