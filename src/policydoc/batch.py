"""Batch extraction: a folder in, one record per file out, whatever the files (and the folder) are like.

Every path under the folders gets a record: a parsed file ``ok``/``warning``; a file no reader
supports (``.doc``, ``.jpg``, a zip) or that the walker does not open (FIFO, device, a link out of the
folder) ``skipped`` with the reason; a file that fails ``error`` with its typed error. The parent
only lists paths (:func:`policydoc.walk.walk`, ``stat`` calls only) and writes records; opening,
hashing and parsing happen in worker processes (:mod:`policydoc.workers`) under a wall-clock
timeout and a memory limit, which die with the parent. Records are written the moment they
complete, so an interrupted run loses nothing, and ``resume=True`` gives the same records as an
uninterrupted run: a file is skipped only when a record of the same path and content is already there.
"""
from __future__ import annotations

import hashlib
import os
import signal
import stat
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import (RETRYABLE, InputError, MemoryLimitError, NotRegularFileError, ParseTimeoutError,
                     PolicydocError, UnsupportedFormatError, UsageError, WorkerDiedError)
from .limits import DEFAULT_MAX_CHARS, DEFAULT_MAX_MEMORY, Limits
from .readers.sniff import SUFFIXES
from .output import Writer, _rewrite, read_output
from .record import error_record
from .walk import Skip, display_path, walk

#: A worker is replaced after this many files (pdfminer caches grow). Memory measured flat over
#: 10,000 files, so recycling is rare: a new worker's first file costs ~0.7 CPU-s (dictionaries and
#: the topic model). Loading them once in the parent before forking was measured too: 2× faster on
#: small files with recycling every 200, but the parent then holds 128 MB for the whole run; with
#: recycling every 1,000 the start-up is ~0.1 ms a file and the parent stays at 24 MB.
RECYCLE_AFTER = 1000
#: ``error_kind`` of the failures ``--retry-failed`` redoes (time, memory, a dead worker).
RETRY_KINDS = tuple(cls.kind for cls in RETRYABLE)


@dataclass
class Task:
    path: str
    skip: Skip | None = None
    expected: str | None = None  # content hash of this path's record in the output being resumed


@dataclass
class Summary:
    """What a batch did: counts by status, why files were skipped, the slowest files."""

    total: int = 0
    ok: int = 0
    warning: int = 0
    error: int = 0
    skipped: int = 0
    resumed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, rec: dict, seconds: float) -> None:
        self.total += 1
        status = rec.get("status", "error")
        setattr(self, status, getattr(self, status, 0) + 1)
        if status == "skipped":
            kind = rec.get("error_kind") or "skipped"
            self.reasons[kind] = self.reasons.get(kind, 0) + 1
        self.slowest.append((seconds, rec["source"]))
        self.slowest.sort(reverse=True)
        del self.slowest[10:]

    @property
    def read(self) -> int:
        """Files whose text was read (now or in the run being resumed)."""
        return self.ok + self.warning + self.resumed


def _open_regular(path: str | Path) -> int:
    """A file descriptor of *path*, refused unless it is a regular file (O_NONBLOCK: a FIFO cannot block)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError as exc:
        raise InputError(display_path(path), "permission denied: the file is not readable") from exc
    except FileNotFoundError as exc:
        raise InputError(display_path(path), "no such file (removed during the run?)") from exc
    except OSError as exc:
        raise InputError(display_path(path), f"cannot open: {exc.strerror or exc}") from exc
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise NotRegularFileError(display_path(path), "a FIFO, socket or device is not read")
    return fd


def file_hash(path: str | Path) -> str:
    """SHA-256 of a regular file's bytes (raises a typed InputError for anything else)."""
    fd = _open_regular(path)
    h = hashlib.sha256()
    try:
        with os.fdopen(fd, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise InputError(display_path(path), f"cannot read: {exc.strerror or exc}") from exc
    return h.hexdigest()


def skip_record(source: str, fmt: str | None, reason: PolicydocError | str, status: str = "skipped") -> dict:
    """The record of a path that was not parsed: ``status`` ``skipped`` (or ``error``) and why.

    >>> r = skip_record("公文/p.txt", None, "a FIFO (named pipe): not read")
    >>> r["status"], r["error"], r["error_kind"]
    ('skipped', '公文/p.txt: a FIFO (named pipe): not read', 'not read')
    """
    if not isinstance(reason, PolicydocError):
        kind = "not read" if status == "skipped" else "unreadable file"
        rec = error_record(source, fmt, InputError(source, str(reason)))
        rec["error"], rec["error_kind"] = f"{source}: {reason}", kind
    else:
        rec = error_record(source, fmt, reason)
    rec["status"] = status
    return rec


def extract_one(path: str, password: str | None = None, *, limits: Limits | None = None) -> dict:
    """Parse one file into its record; any failure becomes an error (or skipped) record.

    A file no reader supports is ``skipped`` with the reason; so is a text file whose name has no
    document suffix (``README.md``): only ``.txt`` says that plain text is a document.

    >>> extract_one("../shared/seeds/003_e226338f45839dff.txt")["doc_number"]  # doctest: +SKIP
    '柳北政发〔2025〕2号'
    """
    from .pipeline import parse
    from .readers.sniff import sniff
    from .workers import memory_cause

    source = display_path(path)
    fmt = None
    try:
        fmt = sniff(path)
        suffix = Path(path).suffix.lower()
        if fmt == "txt" and suffix not in SUFFIXES:
            raise UnsupportedFormatError(source, f"'{suffix or 'no suffix'}' is not a document type",
                                         "plain text is read from .txt files")
        rec = parse(path, password=password, limits=limits).record()
    except UnsupportedFormatError as exc:
        return skip_record(source, fmt, exc)
    except MemoryError:
        raise
    except Exception as exc:  # never let one file end the batch
        if memory_cause(exc):
            raise MemoryError from exc
        return error_record(source, fmt, exc)
    if source != path:
        rec["warnings"] = list(rec.get("warnings") or []) + [
            "the file name is not valid UTF-8; undecodable bytes are written as \\xNN"]
    rec["source"] = source
    return rec


def _handle(item) -> dict | None:
    """Worker side of one task: hash, compare with the record being resumed, parse."""
    path, password, limits, expected = item
    try:
        digest = file_hash(path)
    except PolicydocError as exc:
        return error_record(display_path(path), None, exc)
    if expected is not None and expected == digest:
        return None  # the output already holds this file's record
    rec = extract_one(path, password, limits=limits)
    rec["content_hash"] = digest
    return rec


def _failure(task: Task, exc: PolicydocError) -> dict:
    return error_record(display_path(task.path), None, exc)


def run(tasks: Iterable[Task], emit: Callable[[dict | None, float, Task], None], *, jobs: int = 1,
        limits: Limits | None = None, password: str | None = None) -> None:
    """Hand every task to a worker; ``emit(record, seconds, task)`` as each completes (record ``None``:
    the output already holds it). Tasks with a ``skip`` are emitted as they come, never opened."""
    from .workers import START_TIMEOUT, Worker

    limits = limits or Limits()
    pending = iter(tasks)

    def next_task() -> Task | None:
        for t in pending:
            if t.skip is not None:
                emit(skip_record(display_path(t.path), None, t.skip, t.skip.status), 0.0, t)
                continue
            return t
        return None

    slots = [Worker(_handle, max_memory=limits.max_memory) for _ in range(max(1, jobs))]
    try:
        exhausted = False
        while True:
            for w in slots:
                if w.ready and not w.busy and not exhausted:
                    t = next_task()
                    if t is None:
                        exhausted = True
                        break
                    w.task = t
                    w.submit((t.path, password, limits, t.expected))
            busy = [w for w in slots if w.busy]
            if not busy and exhausted:
                return
            starting = [w for w in slots if not w.ready]
            ready = wait([w.conn for w in busy + starting], timeout=0.25)
            for w in starting:
                if w.conn in ready:
                    try:
                        w.take_ready()
                    except (EOFError, OSError):
                        w.restart()
                elif time.monotonic() - w.born > START_TIMEOUT:
                    w.restart()
            for w in busy:
                task = w.task
                if w.conn in ready:
                    secs = w.elapsed()
                    try:
                        reply, secs = w.receive()
                    except (EOFError, OSError):  # the worker died (segfault, OOM killer)
                        w.restart()
                        emit(_failure(task, WorkerDiedError(
                            display_path(task.path), "the parser process died while reading this file",
                            f"after {secs:.1f} s")), secs, task)
                        continue
                    if isinstance(reply, MemoryError):
                        reply = _failure(task, MemoryLimitError(
                            display_path(task.path), "reading the file needed more memory than allowed",
                            f"limit {limits.max_memory / 2**20:.0f} MiB; raise it with --max-memory"))
                    emit(reply, secs, task)
                    if w.done >= RECYCLE_AFTER:
                        w.stop()
                        w.start()
                elif limits.timeout and w.elapsed() > limits.timeout:
                    secs = w.elapsed()  # before the restart: the seconds this file took, not the uptime
                    w.restart()
                    emit(_failure(task, ParseTimeoutError(
                        display_path(task.path), f"parsing took longer than {limits.timeout:g} s; "
                                                 "the worker was stopped", f"stopped after {secs:.1f} s")),
                         secs, task)
    finally:
        for w in slots:
            w.stop()


def retryable(rec: dict) -> bool:
    """True for a record of a file that failed for want of time or memory, or a dead worker."""
    if rec.get("status") != "error":
        return False
    if rec.get("error_kind"):
        return rec["error_kind"] in RETRY_KINDS
    return any(f": {k}: " in (rec.get("error") or "") for k in RETRY_KINDS)



class BatchInterrupted(KeyboardInterrupt):
    """The batch was stopped by a signal (SIGTERM, SIGHUP); workers are stopped, the output is whole."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_interrupt(signum, frame):
    raise BatchInterrupted(signum)


def extract(paths: Iterable[str | Path], output: str | Path | None = None, *, jobs: int | None = None,
            timeout: float | None = 120.0, resume: bool = False, retry_failed: bool = False, fmt: str | None = None,
            password: str | None = None, max_memory: int | None = DEFAULT_MAX_MEMORY,
            max_chars: int | None = DEFAULT_MAX_CHARS,
            on_record: Callable[[dict, float], None] | None = None,
            runner: Callable[..., None] | None = None) -> Summary:
    """Give every file under *paths* its record in *output*; return a :class:`Summary`.

    Each file is parsed in a worker stopped after *timeout* seconds and capped at *max_memory* bytes.
    With *resume*, files whose path and content already have a record in *output* are not parsed
    again (the result equals an uninterrupted run); with *retry_failed* too, the records of files that
    timed out, ran out of memory or killed their worker are dropped and those files parsed again.

    *runner* replaces :func:`run` (same signature), e.g. :func:`policydoc.distributed.dask_runner`.

    >>> s = extract(["../shared/seeds"], "/tmp/seeds.jsonl", jobs=1)  # doctest: +SKIP
    >>> s.total, s.error  # doctest: +SKIP
    (5, 0)
    """
    summary = Summary()
    t0 = time.perf_counter()
    done: dict[str, str | None] = {}
    if retry_failed and not resume:
        raise UsageError(output, "--retry-failed works with --resume")
    if resume and output:
        p = Path(output)
        if (fmt or p.suffix.lstrip(".").lower()) == "parquet":
            raise UsageError(output, "--resume reads JSON Lines or CSV output", "use -o out.jsonl or out.csv")
        if p.exists():
            recs = read_output(p)
            drop = {r["source"] for r in recs if retry_failed and retryable(r)}
            _rewrite(p, lambda i, r: r["source"] not in drop)  # also drops a line cut by the interruption
            # a failure for want of time or memory has no hash (the parent wrote it): it stands unless retried
            done = {r["source"]: (r.get("content_hash") or ("*" if retryable(r) else None))
                    for r in recs if r["source"] not in drop}
    limits = Limits(timeout=timeout or None, max_memory=max_memory or None, max_chars=max_chars or None)
    writer = Writer(output, fmt, append=bool(resume and output))
    superseded: set[str] = set()

    def tasks() -> Iterator[Task]:
        for path, skip in walk(paths):
            source = display_path(path)
            if source in done:
                if done[source] == "*" or (skip is not None and done[source] is None):
                    summary.resumed += 1
                    continue
                yield Task(path, skip, done[source] or "-")
                continue
            yield Task(path, skip)

    def emit(rec: dict | None, secs: float, task: Task) -> None:
        if rec is None:
            summary.resumed += 1
            return
        if task.expected is not None:
            superseded.add(rec["source"])  # the file changed since its record was written
        writer.write(rec)
        summary.add(rec, secs)
        if on_record:
            on_record(rec, secs)

    handlers = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            handlers[sig] = signal.signal(sig, _raise_interrupt)
    try:
        (runner or run)(tasks(), emit, jobs=jobs or os.cpu_count() or 1, limits=limits, password=password)
    finally:
        for sig, h in handlers.items():
            signal.signal(sig, h)
        writer.close()
        summary.seconds = time.perf_counter() - t0
    if superseded and output:
        last = {}
        for i, r in enumerate(read_output(output)):
            last[r["source"]] = i
        _rewrite(Path(output), lambda i, r: r["source"] not in superseded or last[r["source"]] == i)
    return summary
