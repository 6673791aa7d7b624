"""Worker processes that cannot outlive their parent and cannot take the machine's memory.

Every per-file step — opening, hashing, reading, the pipeline — runs in a :class:`Worker`, so the
parent only lists paths and writes records and nothing it does can block on a file. A worker:

* dies with its parent on any signal, SIGKILL included: ``PR_SET_PDEATHSIG`` (Linux, through
  ``prctl`` by ctypes) plus a watchdog thread that exits when the parent's pid changes (every
  platform; it also covers the moment between ``fork`` and ``prctl``);
* has its address space capped with ``RLIMIT_AS`` (``max_memory``), so a decompression bomb
  raises ``MemoryError`` in the worker instead of swapping the machine;
* is killed by the parent when a task passes its wall-clock timeout (:meth:`Worker.overdue`).

:class:`BoundedParser` puts :func:`policydoc.parse` behind one such worker, for ``index`` and for
``parse(path, limits=Limits(...))``.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from multiprocessing import get_context
from typing import Any, Callable

from .errors import MemoryLimitError, ParseTimeoutError, PolicydocError, WorkerDiedError

#: True inside a worker: a nested bounded call then runs in-process (the worker is the bound).
IN_WORKER = False
_PR_SET_PDEATHSIG = 1
READY = "ready"
#: Seconds a new worker may take to load the pipeline before it counts as broken.
START_TIMEOUT = 300.0


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog below still works
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="policydoc-parent-watchdog", daemon=True).start()


def limit_memory(max_bytes: int | None) -> None:
    """Cap this process's address space at *max_bytes* (never below what it already uses + 256 MiB)."""
    if not max_bytes:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    try:
        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        used = 0
    soft = max(int(max_bytes), used + 256 * 1024 ** 2)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def warm_up() -> None:
    """Load what every parse needs (pipeline, dictionaries, topic model) before the first file, so a
    file's timeout measures the file, not the worker's start (~2 CPU-s)."""
    try:
        from .classify.model import load
        from .classify.segment import jieba_cut
        from .pipeline import parse_text

        load()
        jieba_cut("劳动模范")
        parse_text("柳北政发〔2025〕2号\n柳州市柳北区人民政府关于印发《联席会议制度》的通知\n落实劳动模范待遇。")
    except Exception:  # a missing or damaged model is reported by the parse itself
        pass


def _serve(conn, handler: Callable[[Any], Any], parent: int, max_memory: int | None) -> None:
    global IN_WORKER
    IN_WORKER = True
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    warm_up()
    limit_memory(max_memory)
    try:
        conn.send(READY)
    except OSError:
        return
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):  # the parent closed the pipe or is gone
            return
        if item is None:
            return
        t0 = time.perf_counter()
        try:
            reply = handler(item)
        except MemoryError:
            reply = MemoryError()
        # a worker that ran out of memory may be in a bad state: it ends, the parent starts a new one
        restart = isinstance(reply, MemoryError) or memory_cause(reply) or getattr(reply, "restart", False)
        conn.send((reply, time.perf_counter() - t0, bool(restart)))
        if restart:
            return


def memory_cause(exc: Any) -> bool:
    """True when *exc* is, or was caused by, a MemoryError (readers wrap it in CorruptFileError)."""
    seen = 0
    while isinstance(exc, BaseException) and seen < 20:
        if isinstance(exc, MemoryError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


class Worker:
    """One child process answering ``handler(item)`` for each item sent, one at a time."""

    def __init__(self, handler: Callable[[Any], Any], *, max_memory: int | None = None):
        self.handler, self.max_memory = handler, max_memory
        self.ctx = get_context("fork") if hasattr(os, "fork") else get_context("spawn")
        self.proc = None
        self.start()

    def start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.conn = parent
        self.proc = self.ctx.Process(target=_serve, args=(child, self.handler, os.getpid(), self.max_memory),
                                     daemon=True)
        self.proc.start()
        child.close()
        self.item: Any = None
        self.busy = False
        self.ready = False
        self.born = time.monotonic()
        self.started = 0.0
        self.done = 0

    def take_ready(self) -> None:
        """Read the worker's "ready" message (call when its pipe is readable); EOFError if it died starting."""
        msg = self.conn.recv()
        if msg != READY:  # pragma: no cover - protocol error
            raise EOFError(f"unexpected message from a starting worker: {msg!r}")
        self.ready = True

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        if not self.ready:
            if not self.conn.poll(timeout):
                raise EOFError("the worker did not start")
            self.take_ready()

    def submit(self, item: Any) -> None:
        self.item, self.busy, self.started = item, True, time.monotonic()
        self.conn.send(item)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def receive(self) -> tuple[Any, float]:
        """The reply to the current item; raises EOFError when the worker died."""
        reply, secs, restart = self.conn.recv()
        self.busy = False
        self.done += 1
        if restart:
            self.restart()
        return reply, secs

    def kill(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            self.proc.kill()
        if self.proc is not None:
            self.proc.join(5)
        self.conn.close()

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


def _parse_item(item):
    from .pipeline import parse

    path, password, limits, options = item
    try:
        return parse(path, password=password, limits=limits, **options)
    except MemoryError:
        raise
    except PolicydocError as exc:
        if memory_cause(exc):
            return MemoryError()
        return exc
    except Exception as exc:  # an unforeseen library failure: still typed, and picklable
        from .errors import CorruptFileError

        return CorruptFileError(path, "the file could not be parsed", f"{type(exc).__name__}: {exc}")


class BoundedParser:
    """``parser(path) -> Document`` in a worker under *limits*: typed errors for time, memory and death.

    >>> from policydoc.limits import Limits
    >>> with BoundedParser(Limits(timeout=60)) as parse:  # doctest: +SKIP
    ...     parse("../shared/seeds/003_e226338f45839dff.txt")["doc_number"]
    '柳北政发〔2025〕2号'
    """

    def __init__(self, limits=None, password: str | None = None, **options):
        from .limits import Limits

        self.limits = limits or Limits()
        self.password = password
        self.options = {k: v for k, v in options.items() if v is not None}  # engine=, ocr= of parse()
        self.worker: Worker | None = None

    def __call__(self, path):
        from .limits import cap_raw  # noqa: F401  (imports the pipeline before forking: faster workers)

        if self.worker is None:
            self.worker = Worker(_parse_item, max_memory=self.limits.max_memory)
        w = self.worker
        if not w.proc.is_alive():  # killed meanwhile (PR_SET_PDEATHSIG fires when the forking *thread* ends)
            w.restart()
        try:
            w.wait_ready()
            w.submit((path, self.password, self.limits, self.options))
        except (EOFError, OSError) as exc:
            w.restart()
            raise WorkerDiedError(path, "the parser process could not start") from exc
        timeout = self.limits.timeout
        if not w.conn.poll(timeout if timeout else None):
            secs = w.elapsed()
            w.restart()
            raise ParseTimeoutError(path, f"parsing took longer than {timeout:g} s; the worker was stopped",
                                    f"{secs:.1f} s")
        try:
            reply, _secs = w.receive()
        except (EOFError, OSError) as exc:
            w.restart()
            raise WorkerDiedError(path, "the parser process died while reading this file") from exc
        if isinstance(reply, MemoryError):
            raise MemoryLimitError(path, "reading the file needed more memory than allowed",
                                   f"limit {self.limits.max_memory / 2**20:.0f} MiB")
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None

    def __enter__(self) -> "BoundedParser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - interpreter shutdown
        try:
            self.close()
        except Exception:
            pass
