"""Batch extraction on a Dask cluster: the same per-file work as ``policydoc extract -j``.

Each file is one Dask task that runs the per-file work of the local batch (``policydoc.batch._handle``:
hash, compare with the record being resumed, :func:`~policydoc.batch.extract_one` under the same
:class:`~policydoc.limits.Limits`), so a record made on a cluster is the record ``-j 1`` makes. On every
worker, :class:`ParserPlugin` loads the dictionaries and the topic model once, at worker start,
and then forks a resident parser process from the loaded worker: a task sends it a path and waits
at most the per-file timeout; a parser that hangs or dies is killed and forked again (from the
already loaded worker, so no reload), and the file gets an error record. A worker that dies
mid-run loses nothing: Dask reschedules its tasks on the other workers.

>>> from distributed import Client, LocalCluster                         # doctest: +SKIP
>>> client = Client(LocalCluster(n_workers=2, threads_per_worker=1))    # doctest: +SKIP
>>> bag = extract_bag(client, ["examples/"])                             # doctest: +SKIP
>>> sorted(r["doc_number"] or "" for r in bag.compute())[-1]             # doctest: +SKIP
'柳北政发〔2025〕2号'
"""
from __future__ import annotations

import hashlib
import os
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import (CorruptFileError, MemoryLimitError, ParseTimeoutError, PolicydocError, UsageError,
                     WorkerDiedError, require)

try:  # the plugin subclasses Dask's WorkerPlugin when Dask is installed (the [dask] extra)
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - without the extra, connect() raises with the install hint
    _PluginBase = object

#: Name the plugin is registered under on every worker.
PLUGIN_NAME = "policydoc-parser"
#: Tasks kept in flight per worker thread: enough to hide scheduling latency (a few ms a task),
#: few enough that a walk over millions of files never sits in the scheduler's memory at once.
IN_FLIGHT_PER_THREAD = 4


def _dask():
    """The distributed module, or a MissingDependencyError naming the extra."""
    return require("distributed", extra="dask", purpose="running extraction on a Dask cluster")


def _is_url(item: str) -> bool:
    return "://" in item and not os.path.exists(item)


# ---------------------------------------------------------------------------------------
# the resident parser process of a worker thread
# ---------------------------------------------------------------------------------------
def warm_up() -> None:
    """Load what every parse needs (pipeline, jieba, OpenCC, the topic model) in this process."""
    from .workers import warm_up as load

    load()


def _fetch(url: str) -> tuple[str, str]:
    """Copy a URL (any fsspec protocol) to a temporary file with the same suffix; return it and its hash."""
    fsspec = require("fsspec", extra="dask", purpose="reading documents from URLs")
    with fsspec.open(url, "rb") as fh:
        data = fh.read()
    suffix = Path(url.split("?", 1)[0]).suffix
    fd, tmp = tempfile.mkstemp(prefix="policydoc-", suffix=suffix)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return tmp, hashlib.sha256(data).hexdigest()


def parse_item(item: tuple) -> dict | None:
    """The record of one ``(path or URL, password, limits, expected hash)``, exactly as a ``-j``
    worker makes it (:func:`policydoc.batch._handle`: hash, compare with a resumed record, parse);
    ``None`` when the output already holds it. An URL is fetched first; its record names the URL."""
    from .batch import _handle, extract_one

    path, password, limits, expected = item
    if not _is_url(path):
        return _handle(item)
    from .record import error_record

    try:
        tmp, digest = _fetch(path)
    except Exception as exc:  # an unreachable URL is a bad file, not a failed batch
        return error_record(path, None, CorruptFileError(path, f"cannot fetch: {type(exc).__name__}: {exc}"))
    if expected is not None and expected == digest:
        return None
    try:
        rec = extract_one(tmp, password, limits=limits)
    finally:
        os.unlink(tmp)
    rec["source"] = path
    if rec.get("error"):
        rec["error"] = rec["error"].replace(tmp, path)
    rec["content_hash"] = digest
    return rec


def _child_loop(conn) -> None:
    from . import workers

    workers.IN_WORKER = True  # this process is the isolation: parse() must not start another one

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    capped = None
    while True:
        # poll so that a parser whose worker was killed (SIGKILL: no EOF while siblings hold the
        # pipe) notices the new parent and exits instead of lingering
        if not conn.poll(1.0):
            if os.getppid() != parent:
                return
            continue
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        limits = item[2]
        if limits is not None and limits.max_memory and capped is None:
            workers.limit_memory(limits.max_memory)  # after the models are in: they count in the address space
            capped = limits.max_memory
        t0 = time.perf_counter()
        try:
            reply = parse_item(item)
        except MemoryError:
            reply = MemoryError()
        conn.send((reply, time.perf_counter() - t0))
        if isinstance(reply, MemoryError):
            return  # a parser that ran out of memory may be in a bad state: a new one is forked


class _Parser:
    """One forked parser process. ``os.fork`` directly: Dask workers are daemonic processes,
    and multiprocessing refuses to start children from those."""

    def __init__(self):
        from multiprocessing import Pipe

        ours, theirs = Pipe()
        pid = os.fork()
        if pid == 0:  # the child: only the parse loop, never back into the worker's code
            code = 0
            try:
                ours.close()
                _child_loop(theirs)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        self.pid, self.conn = pid, ours

    def parse(self, item: tuple, timeout: float | None) -> tuple[Any, float]:
        """``(reply, seconds)``: a record, ``None`` (already in the output), or a typed error to
        turn into a record (the parser was stopped, died, or ran out of memory)."""
        t0 = time.perf_counter()
        self.conn.send(item)
        if not self.conn.poll(timeout if timeout else None):
            self.kill()
            return ParseTimeoutError(None, f"parsing took longer than {timeout:g} s; the worker was stopped",
                                     f"stopped after {time.perf_counter() - t0:.1f} s"), \
                time.perf_counter() - t0
        try:
            reply, secs = self.conn.recv()
        except (EOFError, OSError):  # segfault, OOM killer
            self.kill()
            secs = time.perf_counter() - t0
            return WorkerDiedError(None, "the parser process died while reading this file", f"after {secs:.1f} s"), secs
        if isinstance(reply, MemoryError):
            self.kill()
            mb = (item[2].max_memory or 0) / 2 ** 20
            return MemoryLimitError(None, "reading the file needed more memory than allowed",
                                    f"limit {mb:.0f} MiB; raise it with --max-memory"), secs
        return reply, secs

    @property
    def alive(self) -> bool:
        return self.pid is not None

    def kill(self) -> None:
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.conn.close()
        self.pid = None

    def stop(self) -> None:
        if self.pid is None:
            return
        try:
            self.conn.send(None)
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline:
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    self.conn.close()
                    self.pid = None
                    return
                time.sleep(0.02)
        except (OSError, ChildProcessError):
            pass
        self.kill()


class ParserPlugin(_PluginBase):  # type: ignore[misc, valid-type]
    """Worker plugin: models loaded once per worker, resident parser processes per thread.

    ``loads`` counts model loads in this worker (1 after setup, whatever the number of tasks);
    ``forks`` counts parser processes started (one per worker thread, plus one per timeout).
    """

    name = PLUGIN_NAME

    def __init__(self, password: str | None = None):
        self.password = password
        self.loads = 0
        self.forks = 0
        self.tasks = 0

    def setup(self, worker=None) -> None:
        warm_up()
        self.loads += 1
        self._free: list[_Parser] = []
        self._lock = threading.Lock()
        self._all: list[_Parser] = []

    def teardown(self, worker=None) -> None:
        for p in getattr(self, "_all", []):
            p.stop()

    def _take(self) -> _Parser:
        with self._lock:
            while self._free:
                p = self._free.pop()
                if p.alive:
                    return p
            p = _Parser()
            self.forks += 1
            self._all = [q for q in self._all if q.alive] + [p]
            return p

    def parse(self, item: tuple, timeout: float | None) -> tuple[Any, float]:
        """Parse *item* ``(path, password, limits, expected)`` in a resident parser process, at
        most *timeout* seconds."""
        p = self._take()
        try:
            return p.parse(item, timeout)
        finally:
            self.tasks += 1
            with self._lock:
                if p.alive:
                    self._free.append(p)

    def stats(self) -> dict[str, int]:
        return {"pid": os.getpid(), "loads": self.loads, "forks": self.forks, "tasks": self.tasks}


def extract_task(path: str, expected: str | None = None, limits=None, password: str | None = None
                 ) -> tuple[dict | None, float]:
    """The Dask task of one file: its record as ``-j`` makes it (``None``: the output being
    resumed already holds it) and the seconds it took."""
    from .limits import Limits
    from .walk import display_path

    limits = limits if limits is not None else Limits()
    item = (path, password, limits, expected)
    plugin = None
    try:
        from distributed import get_worker

        plugin = get_worker().plugins.get(PLUGIN_NAME)
    except (ImportError, ValueError):
        pass
    if plugin is None:  # a scheduler without the plugin (dask.bag on threads): parse in-process
        t0 = time.perf_counter()
        reply, secs = parse_item(item), 0.0
        secs = time.perf_counter() - t0
    else:
        reply, secs = plugin.parse(item, limits.timeout)
    if isinstance(reply, PolicydocError):
        from .record import error_record

        reply.path = display_path(path)
        reply = error_record(reply.path, None, reply.__class__(reply.path, reply.cause, reply.evidence))
    return reply, secs


def plugin_stats(client) -> dict[str, dict[str, int]]:
    """``worker address → {pid, loads, forks, tasks}`` of the parser plugin on each worker."""
    def stats(dask_worker):
        p = dask_worker.plugins.get(PLUGIN_NAME)
        return p.stats() if p is not None else None

    return client.run(stats)


# ---------------------------------------------------------------------------------------
# clients
# ---------------------------------------------------------------------------------------
def connect(scheduler: str, *, password: str | None = None):
    """A Dask client for ``tcp://HOST:PORT`` (a running scheduler) or ``local:N`` (a
    LocalCluster of N one-thread worker processes, closed with the client), with the parser
    plugin registered on every worker.

    >>> client = connect("local:2")          # doctest: +SKIP
    >>> len(client.scheduler_info()["workers"])  # doctest: +SKIP
    2
    """
    d = _dask()
    if scheduler.startswith("local"):
        n = scheduler.partition(":")[2] or str(os.cpu_count() or 1)
        if not n.isdigit() or int(n) < 1:
            raise UsageError(scheduler, "--scheduler local:N needs a number of workers", "e.g. local:2")
        cluster = d.LocalCluster(n_workers=int(n), threads_per_worker=1, processes=True, dashboard_address=":0",
                                 silence_logs=40)
        client = d.Client(cluster)
        client._policydoc_cluster = cluster  # closed by close()
    elif "://" in scheduler:
        client = d.Client(scheduler, timeout=30)
    else:
        raise UsageError(scheduler, "unknown scheduler", "use tcp://HOST:8786 or local:N")
    register(client, password)
    return client


def register(client, password: str | None = None) -> None:
    """Register the parser plugin on every worker of *client* (and on workers that join later)."""
    _dask()
    client.register_plugin(ParserPlugin(password), name=PLUGIN_NAME)


def close(client) -> None:
    cluster = getattr(client, "_policydoc_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


# ---------------------------------------------------------------------------------------
# the runner behind `policydoc extract --scheduler`
# ---------------------------------------------------------------------------------------
def dask_runner(client) -> Callable[..., None]:
    """A drop-in for :func:`policydoc.batch.run` that runs every task on *client*'s cluster.

    Tasks are submitted in a window (``IN_FLIGHT_PER_THREAD`` per worker thread) and each
    record is emitted the moment it arrives, so ``--resume`` and the JSON Lines stream work as
    with ``-j``. A task whose workers died ``allowed-failures`` times (a file that takes a whole
    worker down) becomes an error record, like a file whose parser dies.
    """
    d = _dask()

    def run(tasks: Iterable, emit: Callable[..., None], *, jobs: int = 1, limits=None,
            password: str | None = None, **_ignored: Any) -> None:
        from .batch import skip_record
        from .limits import Limits
        from .record import error_record
        from .walk import display_path

        limits = limits if limits is not None else Limits()
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()) or 1
        window = max(2, IN_FLIGHT_PER_THREAD * threads)
        pending = iter(tasks)
        ac = d.as_completed()
        in_flight: dict[Any, Any] = {}

        def submit_more() -> None:
            while len(in_flight) < window:
                t = next(pending, None)
                if t is None:
                    return
                if t.skip is not None:
                    emit(skip_record(display_path(t.path), None, t.skip, t.skip.status), 0.0, t)
                    continue
                key = "policydoc-extract-" + hashlib.sha1(f"{t.path}\0{t.expected}".encode()).hexdigest()
                fut = client.submit(extract_task, t.path, t.expected, limits, password, key=key, pure=False,
                                    retries=0)
                in_flight[fut] = t
                ac.add(fut)

        submit_more()
        while in_flight:
            fut = next(ac)
            t = in_flight.pop(fut)
            if fut.status == "finished":
                rec, secs = fut.result()
            else:  # every worker that took it died (allowed-failures times): a file that kills workers
                exc = fut.exception()
                src = display_path(t.path)
                rec, secs = error_record(src, None, WorkerDiedError(
                    src, "the Dask workers running this file died", f"{type(exc).__name__}: {exc}")), 0.0
            fut.release()
            emit(rec, secs, t)
            submit_more()

    return run


# ---------------------------------------------------------------------------------------
# the library API: bags and dataframes
# ---------------------------------------------------------------------------------------
def _items(paths: Iterable[str | os.PathLike]) -> list[tuple[str, Any]]:
    """(path or URL, skip) for every file under *paths* (the batch walker's); URLs pass as they are."""
    from .walk import walk

    out: list[tuple[str, Any]] = []
    local = []
    for p in paths:
        s = os.fspath(p)
        if _is_url(s):
            out.append((s, None))
        else:
            local.append(s)
    out += list(walk(local))
    return out


def _bag_task(item: tuple[str, Any], limits, password: str | None) -> dict:
    path, skip = item
    if skip is not None:
        from .batch import skip_record
        from .walk import display_path

        return skip_record(display_path(path), None, skip, skip.status)
    return extract_task(path, None, limits, password)[0]


def extract_bag(client, paths: Iterable[str | os.PathLike], *, timeout: float | None = 120.0,
                max_memory: int | None = None, password: str | None = None, partition_size: int = 8):
    """A ``dask.bag`` of records, one per file under *paths* (files, folders or URLs).

    Registers the parser plugin on *client*'s workers. Chain it like any bag:
    ``extract_bag(client, ["公文/"]).filter(lambda r: r["doc_type"] == "通知").count().compute()``.
    """
    require("dask.bag", extra="dask", purpose="Dask bags of records")
    import dask.bag as db

    from .limits import DEFAULT_MAX_MEMORY, Limits

    register(client, password)
    limits = Limits(timeout=timeout or None, max_memory=DEFAULT_MAX_MEMORY if max_memory is None else max_memory or None)
    items = _items(paths)
    if not items:
        return db.from_sequence([], npartitions=1)
    return db.from_sequence(items, partition_size=max(1, partition_size)).map(_bag_task, limits, password)


#: Columns of :func:`to_dataframe` (the flat columns of CSV/Parquet output).
def _columns() -> tuple[str, ...]:
    from .output import CSV_COLUMNS

    return tuple(CSV_COLUMNS)


def _flatten(rec: dict) -> dict:
    from .output import _flat

    return {k: (None if v is None else str(v)) for k, v in _flat(rec).items()}


def to_dataframe(bag):
    """The flat columns of the records (those of ``-o out.csv``), as a ``dask.dataframe``."""
    require("pandas", extra="dask", purpose="Dask dataframes of records")
    import pandas as pd

    meta = pd.DataFrame({c: pd.Series(dtype="object") for c in _columns()})
    return bag.map(_flatten).to_dataframe(meta=meta)


def to_parquet(bag, folder: str | os.PathLike) -> None:
    """Write the records as partitioned Parquet: one ``part.N.parquet`` per bag partition,
    written by the workers in parallel."""
    pa = require("pyarrow", extra="dask", purpose="writing Parquet")
    schema = pa.schema([(c, pa.string()) for c in _columns()])
    to_dataframe(bag).to_parquet(os.fspath(folder), write_index=False, schema=schema)
