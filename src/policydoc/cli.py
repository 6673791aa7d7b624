"""The ``policydoc`` command: a thin layer over the library.

Every command calls one library function and turns its errors into one readable line
on stderr. Exit codes: 0 success; 1 a batch finished but some files failed; 2 usage;
3 unreadable input; 4 model error; 5 missing optional dependency; 6 index error.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import PolicydocError


def _fail(exc: PolicydocError) -> None:
    click.echo(f"policydoc: {exc}", err=True)
    sys.exit(exc.exit_code)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PolicydocError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("policydoc: interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policydoc")
def main() -> None:
    """Read Chinese official documents (公文) into structured, searchable data.

    \b
    policydoc parse 柳北政发〔2025〕2号.pdf        one file → JSON
    policydoc extract FOLDER -o out.jsonl          a folder → one record per file
    policydoc index FOLDER --db policies.db        build or update a search index
    policydoc search 劳模待遇 --year 2025           search it
    """


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--password", help="Password of an encrypted PDF.")
@click.option("--text/--no-text", default=True, show_default=True, help="Include the normalised text.")
@click.option("--raw", is_flag=True, help="Also include the raw text as the reader produced it.")
def parse(file: Path, password: str | None, text: bool, raw: bool) -> None:
    """Parse FILE and print the document as JSON: fields, text, pages, warnings, site metadata."""
    from .pipeline import parse as parse_doc

    doc = parse_doc(file, password=password)
    out = doc.record()
    out["page_spans"] = [{"page": p.number, "raw_start": p.raw_start, "raw_end": p.raw_end, "scanned": p.scanned}
                         for p in doc.pages]
    if text:
        out["text"] = doc.text
    if raw:
        out["raw_text"] = doc.raw_text
    click.echo(_dump(out))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file: .jsonl, .csv or .parquet (default: JSON Lines on stdout).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--timeout", type=float, default=120.0, show_default=True,
              help="Seconds one file may take before its worker is stopped.")
@click.option("--resume", is_flag=True, help="Skip files whose content is already in the output.")
@click.option("--password", help="Password for encrypted PDFs.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
def extract(paths, output, jobs, timeout, resume, password, progress) -> None:
    """Extract every PDF, DOCX, HTML and TXT file under PATHS, one record per file.

    Bad files do not stop the run: their records have status "error" and say why.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .batch import Summary, extract as run_extract, walk

    if resume and not output:
        raise click.UsageError("--resume needs -o/--output")
    console = Console(stderr=True)
    show = console.is_terminal if progress is None else progress
    total = sum(1 for _ in walk(paths, Summary())) if show else None
    bar = Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]:.1f} files/s"), TimeRemainingColumn(), console=console,
                   disable=not show)
    with bar:
        task = bar.add_task("extract", total=total, rate=0.0)
        import time

        t0 = time.perf_counter()

        def tick(rec, secs):
            done = bar.tasks[0].completed + 1
            bar.update(task, advance=1, rate=done / max(time.perf_counter() - t0, 1e-6))

        summary = run_extract(paths, output, jobs=jobs or os.cpu_count(), timeout=timeout, resume=resume,
                              password=password, on_record=tick)
    _print_summary(console, summary, output)
    if summary.error:
        sys.exit(1)


def _print_summary(console, s, output) -> None:
    from rich.table import Table

    rate = s.total / s.seconds if s.seconds else 0.0
    console.print(f"[bold]{s.total}[/] files in {s.seconds:.1f} s ({rate:.1f}/s): "
                  f"[green]{s.ok} ok[/], [yellow]{s.warning} warning[/], [red]{s.error} error[/]"
                  + (f", {s.resumed} already done" if s.resumed else "")
                  + (f" → {output}" if output else ""))
    if s.skipped:
        console.print("skipped (not a document type): " + ", ".join(f"{k} ×{v}" for k, v in sorted(s.skipped.items())))
    if s.slowest and s.total > 1:
        t = Table(title="slowest files", show_header=True, header_style="bold")
        t.add_column("seconds", justify="right")
        t.add_column("file")
        for secs, src in s.slowest[:5]:
            t.add_row(f"{secs:.2f}", src)
        console.print(t)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--misses", is_flag=True, help="List every wrong value.")
@click.option("--min-confidence", type=float, default=None,
              help="Count a value below this confidence as not given: shows precision against coverage.")
@click.option("--lines", type=click.Choice(["rules", "model", "combined"]), default="combined", show_default=True,
              help="Header fields from the rules, the line labeller (models/lines) or both (split gold only).")
@click.option("--reliability", is_flag=True, help="Print the reliability table of the header fields' confidences.")
def eval_command(gold: Path, paths, as_json: bool, misses: bool, min_confidence: float | None, lines: str,
                 reliability: bool) -> None:
    """Score extraction against GOLD (JSON Lines, one labelled document per line).

    Files named in GOLD are looked up relative to it, then in PATHS. When the lines carry a
    "split" (seen/blind, as in corpora/headers/), the header fields are scored per split, side by side.
    """
    from .evaluate import evaluate, evaluate_splits, load_gold

    if any("split" in g for g in load_gold(gold)):
        from .eval_report import print_splits

        reports = evaluate_splits(gold, paths, min_confidence=min_confidence, lines=lines)
        print_splits(reports, as_json=as_json, misses=misses, min_confidence=min_confidence)
        if reliability:
            from .eval_report import print_reliability

            print_reliability(reports, as_json=as_json)
        return
    from rich.console import Console
    from rich.table import Table

    report = evaluate(gold, paths, min_confidence=min_confidence)
    if as_json:
        click.echo(_dump(report.as_dict()))
        return
    console = Console()
    t = Table(title=f"policydoc eval: {report.documents} documents", header_style="bold")
    for col in ("field", "labelled", "precision", "recall", "exact", "coverage"):
        t.add_column(col, justify="right" if col != "field" else "left")
    fmt = lambda v: "—" if v is None else f"{v:.3f}"  # noqa: E731
    for name, s in report.fields.items():
        t.add_row(name, str(s.labelled), fmt(s.precision), fmt(s.recall), fmt(s.accuracy), fmt(s.coverage))
    console.print(t)
    if report.missing:
        console.print(f"[yellow]{len(report.missing)} gold files not found:[/] " + ", ".join(report.missing))
    if report.errors:
        console.print(f"[red]{len(report.errors)} files failed:[/] " + "; ".join(report.errors))
    if misses:
        for name, s in report.fields.items():
            for m in s.misses:
                console.print(f"[bold]{name}[/] {m['file']}: gold={m['gold']!r} got={m['got']!r}")


def _attach_optional() -> None:
    """Commands that live in their own modules register here."""
    try:
        from .cli_index import index_command, search_command

        main.add_command(index_command, "index")
        main.add_command(search_command, "search")
    except ImportError:  # pragma: no cover - during development of those modules
        pass
    try:
        from .cli_topics import classify_command, train_command

        main.add_command(classify_command, "classify")
        main.add_command(train_command, "train")
        from .cli_lines import train_lines_command

        train_command.add_command(train_lines_command, "lines")
    except ImportError:  # pragma: no cover
        pass


_attach_optional()

if __name__ == "__main__":  # pragma: no cover
    main()
