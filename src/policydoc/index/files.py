"""Source files of the index: which files a folder contributes, their keys and digests."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterator

from . import config


def source_key(source: str | os.PathLike) -> str:
    """The stored key of a source: its absolute path (``<name>`` pseudo-sources as they are)."""
    s = os.fspath(source)
    return s if s.startswith("<") else os.path.abspath(s)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def walk(root: Path) -> Iterator[Path]:
    """Files of :data:`~policydoc.index.config.SUFFIXES` under *root*, sorted, hidden ones skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith((".", "~$")):
                continue
            if os.path.splitext(name)[1].lower() in config.SUFFIXES:
                yield Path(dirpath) / name


def error_record(source: str, exc: BaseException) -> dict:
    """The contract record of a file that could not be read."""
    from ..readers.sniff import SUFFIXES as FORMATS
    from ..record import error_record as make

    return make(source, FORMATS.get(Path(source).suffix.lower()), exc)
