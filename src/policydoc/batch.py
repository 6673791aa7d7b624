"""Batch extraction: a folder in, one record per file out, whatever the files are like.

A failed file is a record (``status: error``), not a crash. Records are written the moment
they complete, so an interrupted run loses nothing and ``resume=True`` skips files whose
content hash is already in the output. Each file is parsed in a worker process that is
killed when it passes the per-file timeout (a PDF that hangs pdfminer), and recycled after
a number of files so memory stays flat over tens of thousands of documents.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .readers.sniff import SUFFIXES
from .record import error_record

#: A worker is replaced after this many files (pdfminer caches grow). Memory measured flat over
#: 10,000 files, so recycling is rare: a new worker's first file costs ~0.7 CPU-s (dictionaries and
#: the topic model). Loading them once in the parent before forking was measured too: 2× faster on
#: small files with recycling every 200, but the parent then holds 128 MB for the whole run; with
#: recycling every 1,000 the start-up is ~0.1 ms a file and the parent stays at 24 MB.
RECYCLE_AFTER = 1000


@dataclass
class Task:
    path: str
    content_hash: str | None = None
    problem: str | None = None  # set when the file must not be parsed (unreadable, outside link)


@dataclass
class Summary:
    """What a batch did: counts by status, skipped files, the slowest files."""

    total: int = 0
    ok: int = 0
    warning: int = 0
    error: int = 0
    resumed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, rec: dict, seconds: float) -> None:
        self.total += 1
        status = rec.get("status", "error")
        setattr(self, status, getattr(self, status, 0) + 1)
        self.slowest.append((seconds, rec["source"]))
        self.slowest.sort(reverse=True)
        del self.slowest[10:]


def file_hash(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def walk(paths: Iterable[str | Path], summary: Summary | None = None) -> Iterator[Task]:
    """Files to extract under *paths* (files or folders, recursively), in a stable order.

    Links that leave their folder and unreadable files come out as tasks with a
    ``problem``; files of other types are counted in ``summary.skipped``.
    """
    for root in paths:
        root = Path(root)
        if root.is_file() or (root.is_symlink() and not root.is_dir()):
            yield _task(root, None)
            continue
        if not root.exists():
            yield Task(str(root), problem="no such file or folder")
            continue
        real_root = root.resolve()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
            dirnames.sort()
            d = Path(dirpath)
            for name in list(dirnames):
                sub = d / name
                if sub.is_symlink():
                    dirnames.remove(name)
                    target = sub.resolve()
                    if not _inside(target, real_root):
                        yield Task(str(sub), problem=f"symbolic link to {target}, outside {root}: not followed")
            for name in sorted(filenames):
                p = d / name
                suffix = p.suffix.lower()
                if suffix not in SUFFIXES:
                    if summary is not None:
                        key = suffix or "(none)"
                        summary.skipped[key] = summary.skipped.get(key, 0) + 1
                    continue
                yield _task(p, real_root)


def _inside(target: Path, root: Path) -> bool:
    try:
        target.relative_to(root)
        return True
    except ValueError:
        return False


def _task(p: Path, real_root: Path | None) -> Task:
    if p.is_symlink():
        target = p.resolve()
        if real_root is not None and not _inside(target, real_root):
            return Task(str(p), problem=f"symbolic link to {target}, outside the folder: not followed")
        if not target.exists():
            return Task(str(p), problem="broken symbolic link")
    if not os.access(p, os.R_OK):
        return Task(str(p), problem="permission denied: the file is not readable")
    try:
        return Task(str(p), content_hash=file_hash(p))
    except OSError as exc:
        return Task(str(p), problem=f"cannot read: {exc.strerror or exc}")


def extract_one(path: str, password: str | None = None) -> dict:
    """Parse one file into its record; any failure becomes an error record.

    >>> extract_one("../shared/seeds/003_e226338f45839dff.txt")["doc_number"]  # doctest: +SKIP
    '柳北政发〔2025〕2号'
    """
    from .errors import PolicydocError
    from .pipeline import parse
    from .readers.sniff import sniff

    fmt = None
    try:
        fmt = sniff(path)
        return parse(path, password=password).record()
    except PolicydocError as exc:
        return error_record(path, fmt, exc)
    except Exception as exc:  # never let one file end the batch
        return error_record(path, fmt, exc)


def _worker(conn, password: str | None) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        t0 = time.perf_counter()
        rec = extract_one(item, password)
        conn.send((rec, time.perf_counter() - t0))


class _Slot:
    def __init__(self, ctx, password):
        self.ctx, self.password = ctx, password
        self.start()

    def start(self):
        parent, child = self.ctx.Pipe()
        self.conn = parent
        self.proc = self.ctx.Process(target=_worker, args=(child, self.password), daemon=True)
        self.proc.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0
        self.done = 0

    def kill(self):
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self):
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()


def run(tasks: Iterable[Task], emit: Callable[[dict, float], None], *, jobs: int = 1, timeout: float = 120.0,
        password: str | None = None) -> None:
    """Extract every task, calling ``emit(record, seconds)`` as each completes."""
    pending = iter(tasks)

    def finish(task: Task, rec: dict, secs: float) -> None:
        if task.content_hash:
            rec["content_hash"] = task.content_hash
        emit(rec, secs)

    def next_task() -> Task | None:
        for t in pending:
            if t.problem:
                from .errors import InputError

                finish(t, error_record(t.path, None, InputError(t.path, t.problem)), 0.0)
                continue
            return t
        return None

    if jobs <= 1 and not timeout:
        while (t := next_task()) is not None:
            t0 = time.perf_counter()
            finish(t, extract_one(t.path, password), time.perf_counter() - t0)
        return
    ctx = get_context("fork") if hasattr(os, "fork") else get_context("spawn")
    slots = [_Slot(ctx, password) for _ in range(max(1, jobs))]
    try:
        exhausted = False
        while True:
            for s in slots:
                if s.task is None and not exhausted:
                    t = next_task()
                    if t is None:
                        exhausted = True
                        break
                    s.task, s.started = t, time.monotonic()
                    s.conn.send(t.path)
            busy = [s for s in slots if s.task is not None]
            if not busy and exhausted:
                return
            ready = wait([s.conn for s in busy], timeout=0.5)
            now = time.monotonic()
            for s in busy:
                if s.conn in ready:
                    try:
                        rec, secs = s.conn.recv()
                    except (EOFError, OSError):  # the worker died (segfault, OOM killer)
                        from .errors import CorruptFileError

                        rec = error_record(s.task.path, None, CorruptFileError(
                            s.task.path, "the parser process died while reading this file"))
                        secs = now - s.started
                        s.kill()
                        task = s.task
                        s.start()
                        finish(task, rec, secs)
                        continue
                    task = s.task
                    s.task = None
                    s.done += 1
                    finish(task, rec, secs)
                    if s.done >= RECYCLE_AFTER:
                        s.stop()
                        s.start()
                elif timeout and now - s.started > timeout:
                    from .errors import ParseTimeoutError

                    task = s.task
                    s.kill()
                    s.start()
                    finish(task, error_record(task.path, None, ParseTimeoutError(
                        task.path, f"parsing took longer than {timeout:g} s; the worker was stopped")), now - s.started)
    finally:
        for s in slots:
            s.stop()


# -- writers ---------------------------------------------------------------
CSV_COLUMNS = ("source", "format", "status", "error", "doc_number", "issuer", "issuers", "title", "doc_type",
               "date", "recipients", "cc", "printed_by", "print_date", "attachments", "province", "city",
               "county", "region_code", "joint_meeting_kind", "meeting_frequency", "topics", "warnings",
               "content_hash")


def _flat(rec: dict) -> dict:
    region = rec.get("region") or {}
    jm = rec.get("joint_meeting") or {}
    out = {k: rec.get(k) for k in CSV_COLUMNS}
    out.update({"province": region.get("province"), "city": region.get("city"), "county": region.get("county"),
                "region_code": region.get("code"), "joint_meeting_kind": jm.get("kind"),
                "meeting_frequency": (jm.get("frequency") or {}).get("normalized")})
    for key in ("issuers", "recipients", "cc", "attachments", "warnings"):
        out[key] = "；".join(rec.get(key) or [])
    out["topics"] = "；".join(t["label"] for t in rec.get("topics") or [])
    return out


class Writer:
    """Streams records to JSON Lines, CSV or Parquet, flushing as it goes."""

    def __init__(self, path: str | Path | None, fmt: str | None = None, append: bool = False):
        self.path = Path(path) if path else None
        self.fmt = fmt or (self.path.suffix.lstrip(".").lower() if self.path else "jsonl")
        if self.fmt == "json":
            self.fmt = "jsonl"
        if self.fmt not in ("jsonl", "csv", "parquet"):
            from .errors import UsageError

            raise UsageError(self.path, f"unknown output format '{self.fmt}'", "use .jsonl, .csv or .parquet")
        self._rows: list[dict] = []
        self._pq = None
        if self.fmt == "parquet":
            from .errors import require

            self._pa = require("pyarrow", extra="parquet", purpose="writing Parquet")
            import pyarrow.parquet  # noqa: F401
            self.fh = None
            return
        if self.path is None:
            import sys

            self.fh = sys.stdout
        else:
            new = not (append and self.path.exists() and self.path.stat().st_size > 0)
            self.fh = open(self.path, "a" if append else "w", encoding="utf-8", newline="")
        if self.fmt == "csv":
            self.csv = csv.DictWriter(self.fh, fieldnames=CSV_COLUMNS)
            if self.path is None or new:
                self.csv.writeheader()

    def write(self, rec: dict) -> None:
        if self.fmt == "jsonl":
            self.fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            self.fh.flush()
        elif self.fmt == "csv":
            self.csv.writerow(_flat(rec))
            self.fh.flush()
        else:
            self._rows.append(_flat(rec))
            if len(self._rows) >= 500:
                self._flush_parquet()

    def _flush_parquet(self) -> None:
        if not self._rows:
            return
        pa = self._pa
        table = pa.Table.from_pylist(self._rows, schema=pa.schema([(c, pa.string()) for c in CSV_COLUMNS]))
        if self._pq is None:
            import pyarrow.parquet as pq

            self._pq = pq.ParquetWriter(str(self.path), table.schema)
        self._pq.write_table(table)
        self._rows = []

    def close(self) -> None:
        if self.fmt == "parquet":
            self._flush_parquet()
            if self._pq is not None:
                self._pq.close()
        elif self.path is not None:
            self.fh.close()


def done_hashes(path: str | Path) -> set[str]:
    """Content hashes already in an output file (JSON Lines or CSV), for ``--resume``."""
    p = Path(path)
    if not p.exists():
        return set()
    out = set()
    if p.suffix.lower() == ".csv":
        with open(p, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("content_hash"):
                    out.add(row["content_hash"])
        return out
    with open(p, encoding="utf-8") as fh:
        for line in fh:
            try:
                h = json.loads(line).get("content_hash")
            except json.JSONDecodeError:
                continue  # a line cut by the interruption: that file is redone
            if h:
                out.add(h)
    return out


def extract(paths: Iterable[str | Path], output: str | Path | None = None, *, jobs: int | None = None,
            timeout: float = 120.0, resume: bool = False, fmt: str | None = None, password: str | None = None,
            on_record: Callable[[dict, float], None] | None = None, runner: Callable[..., None] | None = None) -> Summary:
    """Extract every supported file under *paths* into *output*; return a :class:`Summary`.

    *runner* replaces :func:`run` (same signature), e.g. :func:`policydoc.distributed.dask_runner`.

    >>> s = extract(["../shared/seeds"], "/tmp/seeds.jsonl", jobs=1)  # doctest: +SKIP
    >>> s.total, s.error  # doctest: +SKIP
    (5, 0)
    """
    summary = Summary()
    t0 = time.perf_counter()
    skip = done_hashes(output) if (resume and output) else set()
    if resume and output and Path(output).suffix.lower() == ".jsonl":
        _trim_partial_line(Path(output))
    writer = Writer(output, fmt, append=bool(resume and output))

    def tasks() -> Iterator[Task]:
        for t in walk(paths, summary):
            if t.problem:  # unreadable files and outside links are remembered by path and cause
                t.content_hash = hashlib.sha256(f"problem:{t.path}:{t.problem}".encode()).hexdigest()
            if t.content_hash and t.content_hash in skip:
                summary.resumed += 1
                continue
            yield t

    def emit(rec: dict, secs: float) -> None:
        writer.write(rec)
        summary.add(rec, secs)
        if on_record:
            on_record(rec, secs)

    try:
        (runner or run)(tasks(), emit, jobs=jobs or os.cpu_count() or 1, timeout=timeout, password=password)
    finally:
        writer.close()
        summary.seconds = time.perf_counter() - t0
    return summary


def _trim_partial_line(p: Path) -> None:
    """Drop a last line that an interruption cut short, so appending stays valid JSON Lines."""
    if not p.exists() or p.stat().st_size == 0:
        return
    with open(p, "rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return
        data = p.read_bytes()
        cut = data.rfind(b"\n") + 1
        fh.truncate(cut)
