"""Typed errors. Each carries the file it concerns and the evidence for the verdict.

A batch turns these into ``status: error`` records; the CLI turns them into one
readable line and an exit code (see ``EXIT_CODES``).
"""
from __future__ import annotations

from pathlib import Path


class PolicydocError(Exception):
    """Base class: ``path`` names the file, ``cause`` says why, ``evidence`` shows it.

    >>> str(EmptyFileError("柳北政发〔2025〕2号.pdf", "the file has 0 bytes"))
    '柳北政发〔2025〕2号.pdf: empty file: the file has 0 bytes'
    """

    kind = "error"
    exit_code = 1

    def __init__(self, path: str | Path | None, cause: str, evidence: str | None = None):
        self.path = str(path) if path is not None else None
        self.cause = cause
        self.evidence = evidence
        super().__init__(str(self))

    def __reduce__(self):  # picklable across worker processes whatever the subclass's __init__ takes
        return (_restore, (type(self), self.__dict__.copy()))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        ev = f" ({self.evidence})" if self.evidence else ""
        return f"{where}{self.kind}: {self.cause}{ev}"


def _restore(cls, state):
    obj = cls.__new__(cls)
    obj.__dict__.update(state)
    Exception.__init__(obj, str(obj))
    return obj


class InputError(PolicydocError):
    """The file cannot be read as a document at all."""

    kind = "unreadable file"
    exit_code = 3


class EmptyFileError(InputError):
    kind = "empty file"


class UnsupportedFormatError(InputError):
    kind = "unsupported format"


class CorruptFileError(InputError):
    kind = "corrupt file"


class EncryptedFileError(InputError):
    kind = "encrypted file"


class FileTooLargeError(InputError):
    kind = "file too large"


class EncodingError(InputError):
    kind = "unknown text encoding"


class NoTextError(InputError):
    """The file opened but holds no text: a scanned PDF without a text layer."""

    kind = "no text layer"


class ParseTimeoutError(InputError):
    kind = "timed out"


class MemoryLimitError(FileTooLargeError):
    """Reading the file needed more memory than the worker may use (``--max-memory``)."""

    kind = "memory limit exceeded"


class WorkerDiedError(CorruptFileError):
    """The process parsing the file died (segfault, out-of-memory killer) before it answered."""

    kind = "parser process died"


class NotRegularFileError(InputError):
    """A FIFO, socket or device: reading it could block forever or never end."""

    kind = "not a regular file"


#: Failures that say more about the run (time, memory) than about the file: ``--retry-failed`` redoes them.
RETRYABLE = (ParseTimeoutError, MemoryLimitError, WorkerDiedError)


class ModelError(PolicydocError):
    """A model file is missing or does not match the code that loads it."""

    kind = "model error"
    exit_code = 4


class MissingDependencyError(PolicydocError):
    """An optional back end is not installed; the message says how to install it."""

    kind = "missing optional dependency"
    exit_code = 5

    def __init__(self, package: str, extra: str, purpose: str):
        super().__init__(None, f"{purpose} needs '{package}'", f"pip install 'policydoc[{extra}]'")
        self.package = package
        self.extra = extra


class UsageError(PolicydocError):
    kind = "usage error"
    exit_code = 2


class OutputError(PolicydocError):
    """The output cannot be written (disk full, no permission): the run stops, the last record is whole."""

    kind = "cannot write output"
    exit_code = 7


def require(module: str, *, extra: str, purpose: str):
    """Import an optional back end, or raise a MissingDependencyError with the install hint.

    >>> require("json", extra="x", purpose="读取JSON").__name__
    'json'
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(module, extra, purpose) from exc
