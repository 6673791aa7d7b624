"""The output file of a batch: one record a line, in JSON Lines, CSV or Parquet.

Records are written whole or not at all (a failed write is cut back to the last whole record), so
an interrupted or failed run leaves a valid file that ``--resume`` continues; :func:`read_output`
reads one back, leaving out a line cut by an interruption.
"""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Callable

from .errors import OutputError, UsageError

#: Columns of the CSV and Parquet outputs (lists joined with "；").
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


def _utf8(s: str) -> bytes:
    """UTF-8 bytes of *s*; undecodable file-name bytes (lone surrogates) become ``\\udcff`` text."""
    try:
        return s.encode("utf-8")
    except UnicodeEncodeError:
        return s.encode("utf-8", "backslashreplace")


class Writer:
    """Streams records to JSON Lines, CSV or Parquet, flushing as it goes.

    Each record is one ``write`` of whole lines to the file descriptor; when it fails (disk full,
    a closed pipe) the file is cut back to the end of the last whole record and :class:`OutputError`
    is raised, so the output stays valid and ``--resume`` can continue it.
    """

    def __init__(self, path: str | Path | None, fmt: str | None = None, append: bool = False):
        import sys

        self.path = Path(path) if path else None
        self.fmt = fmt or (self.path.suffix.lstrip(".").lower() if self.path else "jsonl")
        if self.fmt == "json":
            self.fmt = "jsonl"
        if self.fmt not in ("jsonl", "csv", "parquet"):
            raise UsageError(self.path, f"unknown output format '{self.fmt}'", "use .jsonl, .csv or .parquet")
        self._rows: list[dict] = []
        self._pq = None
        self.fd: int | None = None
        if self.fmt == "parquet":
            from .errors import require

            self._pa = require("pyarrow", extra="parquet", purpose="writing Parquet")
            import pyarrow.parquet  # noqa: F401
            return
        self.stream = None
        if self.path is None:
            self._own, new = False, True
            try:
                sys.stdout.flush()
                self.fd = sys.stdout.fileno()
            except (AttributeError, OSError, ValueError):  # a captured stdout (tests, notebooks)
                self.stream = sys.stdout
        else:
            new = not (append and self.path.exists() and self.path.stat().st_size > 0)
            try:
                self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
                                  | getattr(os, "O_CLOEXEC", 0), 0o644)
            except OSError as exc:
                raise OutputError(self.path, f"cannot open the output: {exc.strerror or exc}") from exc
            self._own = True
        self._good = self._tell()
        if self.fmt == "csv" and new:
            self._put(self._csv_line(None))

    def _tell(self) -> int | None:
        if self.fd is None:
            return None
        try:
            return os.lseek(self.fd, 0, os.SEEK_END) if self._own else None
        except OSError:
            return None

    def _csv_line(self, rec: dict | None) -> bytes:
        import io

        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)
        if rec is None:
            w.writeheader()
        else:
            w.writerow(_flat(rec))
        return _utf8(buf.getvalue())

    def _put(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            if self.stream is not None:
                self.stream.write(data.decode("utf-8"))
                self.stream.flush()
                return
            while view:
                n = os.write(self.fd, view)
                view = view[n:]
        except OSError as exc:
            if self._good is not None:  # no half record: cut back to the last whole line
                try:
                    os.ftruncate(self.fd, self._good)
                except OSError:
                    pass
            where = self.path if self.path is not None else "<stdout>"
            raise OutputError(where, f"writing the output failed: {exc.strerror or exc}",
                              "the records written before are whole") from exc
        if self._good is not None:
            self._good += len(data)

    def write(self, rec: dict) -> None:
        if self.fmt == "jsonl":
            try:
                line = json.dumps(rec, ensure_ascii=False) + "\n"
                data = line.encode("utf-8")
            except UnicodeEncodeError:  # a non-UTF-8 name deep in the record: escape this record
                data = (json.dumps(rec, ensure_ascii=True) + "\n").encode("ascii")
            self._put(data)
        elif self.fmt == "csv":
            self._put(self._csv_line(rec))
        else:
            self._rows.append({k: (v.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(v, str) else v)
                               for k, v in _flat(rec).items()})
            if len(self._rows) >= 500:
                self._flush_parquet()

    def _flush_parquet(self) -> None:
        if not self._rows:
            return
        pa = self._pa
        table = pa.Table.from_pylist(self._rows, schema=pa.schema([(c, pa.string()) for c in CSV_COLUMNS]))
        try:
            if self._pq is None:
                import pyarrow.parquet as pq

                self._pq = pq.ParquetWriter(str(self.path), table.schema)
            self._pq.write_table(table)
        except OSError as exc:
            raise OutputError(self.path, f"writing the output failed: {exc}") from exc
        self._rows = []

    def close(self) -> None:
        if self.fmt == "parquet":
            self._flush_parquet()
            if self._pq is not None:
                self._pq.close()
        elif self.fd is not None and self._own:
            os.close(self.fd)
            self.fd = None


def read_output(path: str | Path) -> list[dict]:
    """The records of a JSON Lines or CSV output (a line cut by an interruption is left out)."""
    p = Path(path)
    if not p.exists():
        return []
    out = []
    if p.suffix.lower() == ".csv":
        with open(p, encoding="utf-8", newline="", errors="replace") as fh:
            return [row for row in csv.DictReader(fh) if row.get("source") and row.get("status")]
    with open(p, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.endswith("\n"):
                continue  # cut by the interruption: that file is redone
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict) and rec.get("source"):
                out.append(rec)
    return out


def done_hashes(path: str | Path) -> set[str]:
    """Content hashes already in an output file (JSON Lines or CSV)."""
    return {r["content_hash"] for r in read_output(path) if r.get("content_hash")}


def _rewrite(p: Path, keep: Callable[[int, dict], bool]) -> None:
    """Rewrite output *p* with only the records for which ``keep(index, record)`` holds (atomically)."""
    recs = read_output(p)
    tmp = p.with_name(p.name + ".tmp")
    w = Writer(tmp, "csv" if p.suffix.lower() == ".csv" else "jsonl")
    try:
        for i, rec in enumerate(recs):
            if keep(i, rec):
                w.write(rec) if p.suffix.lower() != ".csv" else w._put(_csv_raw(rec))
    finally:
        w.close()
    os.replace(tmp, p)


def _csv_raw(row: dict) -> bytes:
    import io

    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore").writerow(row)
    return _utf8(buf.getvalue())
