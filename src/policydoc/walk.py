"""The one walker: which paths under a folder are files a parser may open, and why the others are not.

Both ``extract`` and ``index`` list their input with :func:`walk`, so both share one policy:

* regular files only — a FIFO blocks ``open``/``read`` forever, ``/dev/zero`` never ends;
* symbolic links are followed only when their target stays inside the folder given (a link to
  ``/etc/passwd`` must not make it searchable), and loops are detected by (device, inode);
* nothing is dropped silently: every path that is not handed on comes out with its reason,
  and a folder that cannot be listed is reported, not skipped.

Only ``lstat``/``stat`` calls happen here — no file is opened, so the walker cannot hang on
what it finds; reading (and hashing) happens in the worker processes.
"""
from __future__ import annotations

import errno
import os
import stat
from typing import Iterable, Iterator

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


class Skip(str):
    """Why a path is not handed to a parser. ``status`` is ``"skipped"`` (by policy) or ``"error"``
    (the caller asked for something that cannot be read: a missing path, a FIFO named as an argument,
    a folder or file without read permission).

    >>> s = Skip("symbolic link to /etc/passwd, outside 公文/: not followed")
    >>> s.status, s.startswith("symbolic link")
    ('skipped', True)
    """

    status: str

    def __new__(cls, reason: str, status: str = "skipped") -> "Skip":
        obj = super().__new__(cls, reason)
        obj.status = status
        return obj

    def __reduce__(self):  # keep the status through pickling (multiprocessing)
        return (Skip, (str(self), self.status))


def _kind(mode: int) -> str | None:
    for test, what in _KINDS:
        if test(mode):
            return what
    return None if (stat.S_ISREG(mode) or stat.S_ISDIR(mode)) else "not a regular file"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _why(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)


def walk(paths: Iterable[str | os.PathLike], *, suffixes: Iterable[str] | None = None,
         hidden: bool = True) -> Iterator[tuple[str, Skip | None]]:
    """``(path, None)`` for every regular file under *paths* a parser may open, ``(path, Skip)`` for the rest.

    *paths* are files or folders; a symbolic link named as an argument is followed (the caller chose
    it), links found inside a folder only when they stay inside it. With *suffixes* (``{".pdf", ...}``)
    only files with those endings are listed; with ``hidden=False`` names starting with ``.`` or ``~$``
    (editor lock files) are left out. The order is stable: arguments as given, names sorted.

    >>> import os, tempfile
    >>> d = tempfile.mkdtemp(); _ = open(os.path.join(d, "柳北政发〔2025〕2号.txt"), "w").write("通知")
    >>> os.mkfifo(os.path.join(d, "p.txt"))
    >>> [(os.path.basename(p), r) for p, r in walk([d])]
    [('p.txt', 'a FIFO (named pipe): not read'), ('柳北政发〔2025〕2号.txt', None)]
    """
    wanted = {s.lower() for s in suffixes} if suffixes is not None else None
    for arg in paths:
        path = os.fspath(arg)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        try:
            st = os.stat(path)  # an argument's link is followed: the caller named it
        except OSError as exc:
            reason = "no such file or folder" if exc.errno == errno.ENOENT and not os.path.islink(path) else _why(exc)
            yield path, Skip(reason, "error")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_folder(path, wanted, hidden)
        elif stat.S_ISREG(st.st_mode):
            if not os.access(path, os.R_OK):
                yield path, Skip("permission denied: the file is not readable", "error")
            else:
                yield path, None
        else:
            yield path, Skip(f"{_kind(st.st_mode)}: not read", "error")


def _walk_folder(top: str, wanted: set[str] | None, hidden: bool) -> Iterator[tuple[str, Skip | None]]:
    root = os.path.realpath(top)
    seen: set[tuple[int, int]] = set()
    st = os.stat(top)
    seen.add((st.st_dev, st.st_ino))
    stack: list[str] = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield folder, Skip(f"{_why(exc)}: the folder cannot be listed", "error")
            continue
        subfolders: list[str] = []
        for e in entries:
            if not hidden and e.name.startswith((".", "~$")):
                continue
            path = e.path
            try:
                lst = os.lstat(path)
            except OSError as exc:
                yield path, Skip(_why(exc), "error")
                continue
            mode = lst.st_mode
            if stat.S_ISLNK(mode):
                try:
                    mode_st = os.stat(path)
                except OSError as exc:
                    yield path, Skip(f"{_why(exc)}: not followed")
                    continue
                target = os.path.realpath(path)
                if not _inside(target, root):
                    yield path, Skip(f"symbolic link to {target}, outside {top}: not followed")
                    continue
                lst, mode = mode_st, mode_st.st_mode
            if stat.S_ISDIR(mode):
                key = (lst.st_dev, lst.st_ino)
                if key in seen:
                    yield path, Skip("symbolic link loop: this folder is already being read")
                    continue
                seen.add(key)
                subfolders.append(path)
                continue
            if wanted is not None and os.path.splitext(e.name)[1].lower() not in wanted:
                continue
            what = _kind(mode)
            if what:
                yield path, Skip(f"{what}: not read")
            elif not os.access(path, os.R_OK):
                yield path, Skip("permission denied: the file is not readable", "error")
            else:
                yield path, None
        stack.extend(reversed(subfolders))


def display_path(path: str | os.PathLike) -> str:
    """*path* as text that any UTF-8 output can hold: undecodable bytes of a file name become ``\\xff``.

    >>> display_path(os.fsdecode(b"bad\\xff.txt")), display_path("柳北政发〔2025〕2号.txt")
    ('bad\\\\xff.txt', '柳北政发〔2025〕2号.txt')
    """
    s = os.fspath(path)
    if isinstance(s, bytes):
        s = os.fsdecode(s)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def valid_name(path: str | os.PathLike) -> bool:
    """False when the file name holds bytes that are not UTF-8 (they cannot be stored as text as they are)."""
    return display_path(path) == os.fspath(path)


__all__ = ["Skip", "walk", "display_path", "valid_name"]
