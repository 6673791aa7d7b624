"""``policydoc train lines``: build the line labeller from corpora/headers into models/lines/."""
from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("lines")
@click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Checkout holding corpora/headers/.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Model folder (default: the package's models/lines).")
def train_lines_command(root: Path, out: Path | None) -> None:
    """Train the CRF line labeller on the SEEN split of corpora/headers (never on a blind group)."""
    from .train_lines import train

    meta = train(root, out)
    click.echo(json.dumps(meta, ensure_ascii=False, indent=1))
