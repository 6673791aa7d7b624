"""The ``policydoc`` command: a thin layer over the library.

Every command calls one library function and turns its errors into one readable line
on stderr. Exit codes: 0 success; 1 a batch finished but some files failed; 2 usage;
3 unreadable input (for ``extract``: no file could be read); 4 model error; 5 missing optional
dependency; 6 index error; 7 the output cannot be written; 128+N stopped by signal N.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .cli_options import pdf_engine_option
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
        except KeyboardInterrupt as exc:
            signum = getattr(exc, "signum", 2)
            click.echo("policydoc: interrupted" + (f" ({exc})" if signum != 2 else ""), err=True)
            sys.exit(128 + signum)


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


def _check_model() -> None:
    """Fail early (exit 4) on a damaged topic model instead of a warning in every record."""
    from .classify.model import load

    try:
        load()
    finally:
        load.cache_clear()  # the workers load their own copy; the parent stays small


def _bytes(ctx, param, value):
    """``2G``, ``1500M``, ``512MiB`` or a number of MiB → bytes; 0 switches the limit off."""
    import re

    if value is None:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", str(value), re.I)
    if not m:
        raise click.BadParameter(f"{value!r}: expected a size such as 2G or 1500M")
    n, unit = float(m.group(1)), (m.group(2) or "m").lower()
    return int(n * 1024 ** "kmgt".index(unit) * 1024)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--password", help="Password of an encrypted PDF.")
@click.option("--text/--no-text", default=True, show_default=True, help="Include the normalised text.")
@click.option("--raw", is_flag=True, help="Also include the raw text as the reader produced it.")
@pdf_engine_option
@click.option("--ocr", type=click.Choice(["auto", "never", "force"]), default="auto", show_default=True,
              help="OCR pages without a text layer (auto), no page (never) or every PDF page (force).")
def parse(file: Path, password: str | None, text: bool, raw: bool, ocr: str) -> None:
    """Parse FILE and print the document as JSON: fields, text, pages, warnings, site metadata."""
    from .pipeline import parse as parse_doc

    _check_model()
    doc = parse_doc(file, password=password, ocr=ocr)
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
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default=None,
              help="Output format (default: from the -o suffix, else JSON Lines).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--timeout", type=float, default=120.0, show_default=True,
              help="Seconds one file may take before its worker is stopped (0: no limit).")
@click.option("--max-memory", default="2G", show_default=True, callback=_bytes,
              help="Address space one worker may use (2 workers on an 8 GB laptop); 0: no limit.")
@click.option("--resume", is_flag=True, help="Skip files whose path and content already have a record in the output.")
@click.option("--retry-failed", is_flag=True,
              help="With --resume: parse again the files that timed out, ran out of memory or killed their worker.")
@click.option("--password", help="Password for encrypted PDFs.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@pdf_engine_option
@click.option("--scheduler", metavar="tcp://HOST:8786|local:N",
              help='Run on a Dask cluster instead of -j processes (pip install "policydoc[dask]").')
@click.option("--ocr", type=click.Choice(["auto", "never", "force"]), default=None,
              help="OCR for scans and images: auto (default), never, force.")
def extract(paths, output, fmt, jobs, timeout, max_memory, resume, retry_failed, password, progress, scheduler,
            ocr) -> None:
    """Give every file under PATHS a record: PDF, DOCX, HTML and TXT are extracted.

    Bad files do not stop the run: their records have status "error" and say why; files no reader
    supports and FIFOs, devices or links out of the folder are "skipped" with the reason. Exit 1 when
    a file failed, 3 when no file could be read.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .batch import extract as run_extract
    from .walk import walk

    if resume and not output:
        raise click.UsageError("--resume needs -o/--output")
    if retry_failed and not resume:
        raise click.UsageError("--retry-failed works with --resume")
    _check_model()
    if ocr:  # the readers in the worker processes read the mode from their (inherited) environment
        from .readers.ocr import MODE_ENV

        os.environ[MODE_ENV] = ocr
    console = Console(stderr=True)
    show = console.is_terminal if progress is None else progress
    total = sum(1 for _ in walk(paths)) if show else None
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

        client = runner = None
        if scheduler:
            from . import distributed

            client = distributed.connect(scheduler, password=password)
            runner = distributed.dask_runner(client)
        try:
            summary = run_extract(paths, output, fmt=fmt, jobs=jobs or os.cpu_count(), timeout=timeout, resume=resume,
                                  retry_failed=retry_failed, max_memory=max_memory, password=password,
                                  on_record=tick, runner=runner)
        finally:
            if client is not None:
                distributed.close(client)
    _print_summary(console, summary, output)
    if summary.read == 0:
        click.echo("policydoc: no file could be read" + (f" ({summary.total} tried)" if summary.total else ""),
                   err=True)
        sys.exit(3)
    if summary.error:
        sys.exit(1)


def _print_summary(console, s, output) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    rate = s.total / s.seconds if s.seconds else 0.0
    console.print(f"[bold]{s.total}[/] files in {s.seconds:.1f} s ({rate:.1f}/s): "
                  f"[green]{s.ok} ok[/], [yellow]{s.warning} warning[/], [red]{s.error} error[/], "
                  f"{s.skipped} skipped"
                  + (f", {s.resumed} already done" if s.resumed else "")
                  + (f" → {escape(str(output))}" if output else ""))
    if s.reasons:
        console.print("skipped: " + ", ".join(f"{escape(k)} ×{v}" for k, v in sorted(s.reasons.items())))
    if s.slowest and s.total > 1:
        t = Table(title="slowest files", show_header=True, header_style="bold")
        t.add_column("seconds", justify="right")
        t.add_column("file")
        for secs, src in s.slowest[:5]:
            t.add_row(f"{secs:.2f}", Text(src))  # Text: a name like x[/].txt is not markup
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
@click.option("--all-fields", is_flag=True,
              help="Split gold: score every labelled field (joint meeting too) through the whole pipeline.")
def eval_command(gold: Path, paths, as_json: bool, misses: bool, min_confidence: float | None, lines: str,
                 reliability: bool, all_fields: bool) -> None:
    """Score extraction against GOLD (JSON Lines, one labelled document per line).

    Files named in GOLD are looked up relative to it, then in PATHS. When the lines carry a
    "split" (seen/blind, as in corpora/headers/), the header fields are scored per split, side by side.
    """
    from .evaluate import evaluate, evaluate_splits, load_gold

    if any("split" in g for g in load_gold(gold)):
        from .eval_report import print_splits

        reports = evaluate_splits(gold, paths, min_confidence=min_confidence, lines=lines, all_fields=all_fields)
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
        from .cli_index import index_command, search_command, serve_command

        main.add_command(index_command, "index")
        main.add_command(search_command, "search")
        main.add_command(serve_command, "serve")
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
