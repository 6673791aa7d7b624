"""Printing of split evaluations: seen and blind side by side (``policydoc eval`` on corpora/headers)."""
from __future__ import annotations

import json

from .evaluate import Report


def split_table(reports: dict[str, Report]) -> list[dict]:
    """Rows ``{"field", "<split>": accuracy, "<split>_n": labelled, …, "gap"}`` for the header fields.

    >>> split_table({})
    []
    """
    names = []
    for r in reports.values():
        names += [n for n in r.fields if n not in names]
    rows = []
    for n in names:
        row = {"field": n}
        for split, r in reports.items():
            s = r.fields.get(n)
            row[split] = s.accuracy if s else None
            row[split + "_n"] = s.labelled if s else 0
            row[split + "_precision"] = s.precision if s else None
            row[split + "_coverage"] = s.coverage if s else None
        if row.get("seen") is not None and row.get("blind") is not None:
            row["gap"] = row["seen"] - row["blind"]
        rows.append(row)
    return rows


def print_splits(reports: dict[str, Report], *, as_json: bool = False, misses: bool = False,
                 min_confidence: float | None = None) -> None:
    import click

    rows = split_table(reports)
    if as_json:
        click.echo(json.dumps({"min_confidence": min_confidence, "fields": rows,
                               "documents": {k: r.documents for k, r in reports.items()},
                               "misses": {k: {f: s.misses for f, s in r.fields.items()} for k, r in reports.items()}
                               if misses else None}, ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    fmt = lambda v: "—" if v is None else f"{v:.3f}"  # noqa: E731
    title = "policydoc eval by split: " + ", ".join(f"{k} {r.documents} docs" for k, r in reports.items())
    if min_confidence is not None:
        title += f" (values below confidence {min_confidence} not given)"
    t = Table(title=title, header_style="bold")
    t.add_column("field")
    for split in reports:
        t.add_column(f"{split} n", justify="right")
        t.add_column(f"{split} exact", justify="right")
        if min_confidence is not None:
            t.add_column(f"{split} precision", justify="right")
            t.add_column(f"{split} coverage", justify="right")
    if "seen" in reports and "blind" in reports:
        t.add_column("gap", justify="right")
    for row in rows:
        cells = [row["field"]]
        for split in reports:
            cells += [str(row[split + "_n"]), fmt(row[split])]
            if min_confidence is not None:
                cells += [fmt(row[split + "_precision"]), fmt(row[split + "_coverage"])]
        if "seen" in reports and "blind" in reports:
            cells.append(fmt(row.get("gap")))
        t.add_row(*cells)
    console = Console()
    console.print(t)
    if misses:
        for split, r in reports.items():
            for name, s in r.fields.items():
                for m in s.misses:
                    console.print(f"{split} [bold]{name}[/] {m['file']}: gold={m['gold']!r} got={m['got']!r}", markup=True, highlight=False)


def print_reliability(reports: dict[str, Report], *, as_json: bool = False) -> None:
    """Confidence bins against accuracy, per split (the calibration is fitted on the seen split only)."""
    import click

    from .extract.calibration import reliability

    tables = {split: reliability(r.pairs) for split, r in reports.items()}
    if as_json:
        click.echo(json.dumps({"reliability": tables}, ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for split, rows in tables.items():
        t = Table(title=f"reliability ({split})", header_style="bold")
        for col in ("field", "confidence bin", "n", "mean confidence", "accuracy"):
            t.add_column(col, justify="left" if col in ("field", "confidence bin") else "right")
        for row in rows:
            t.add_row(row["field"], row["bin"], str(row["n"]), f"{row['mean_confidence']:.3f}", f"{row['accuracy']:.3f}")
        console.print(t)
