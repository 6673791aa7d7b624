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
    """Files of :data:`~policydoc.index.config.SUFFIXES` under *root*, sorted, hidden ones skipped.

    Listed by the one walker of ``extract`` too (:func:`policydoc.walk.walk`): regular files only
    (a FIFO or ``/dev/zero`` would block the hashing), links only inside *root*, loops detected; a
    name that is not UTF-8 cannot be stored as text and is left out (``policydoc index`` reports it).
    """
    from ..walk import valid_name, walk as walk_paths

    for path, skip in walk_paths([root], suffixes=config.SUFFIXES, hidden=False):
        if skip is None and valid_name(path):
            yield Path(path)


def error_record(source: str, exc: BaseException) -> dict:
    """The contract record of a file that could not be read."""
    from ..readers.sniff import SUFFIXES as FORMATS
    from ..record import error_record as make

    return make(source, FORMATS.get(Path(source).suffix.lower()), exc)
