"""Fuzzing every reader (PDF, DOCX, HTML, TXT) with mutated real fixtures (issue #18).

Property: whatever the bytes, reading (and, for text formats, parsing) either returns a Document or
raises an error from ``policydoc.errors`` — never another exception, never a hang (an alarm fails
an example that runs past :data:`HANG_SECONDS`).

In CI the run is short and reproducible: ``derandomize=True`` (a fixed seed) and
``POLICYDOC_FUZZ_EXAMPLES`` examples per reader (default 12). A longer run, as done for the README's
reliability table::

    POLICYDOC_FUZZ_EXAMPLES=2000 PYTHONPATH=src .venv/bin/pytest -q tests/test_hostile_fuzz.py -p no:cacheprovider

``POLICYDOC_FUZZ_RANDOM=1`` drops the fixed seed so that each long run explores new inputs.
"""
from __future__ import annotations

import io
import os
import signal
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policydoc
from policydoc.errors import PolicydocError

from .conftest import FIXTURES, ROOT

EXAMPLES = int(os.environ.get("POLICYDOC_FUZZ_EXAMPLES", "12"))
HANG_SECONDS = int(os.environ.get("POLICYDOC_FUZZ_HANG_SECONDS", "60"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=not os.environ.get("POLICYDOC_FUZZ_RANDOM"), deadline=None,
                database=None, suppress_health_check=list(HealthCheck), print_blob=True)

SEEDS = {
    "pdf": [FIXTURES / "pdf" / "003.pdf", FIXTURES / "pdf" / "021.pdf", ROOT / "examples" / "fagaiban_caijin_2019_860.pdf"],
    "docx": [FIXTURES / "docx" / "guofa_2019_5.docx", FIXTURES / "docx" / "liubei_2025_2_libreoffice.docx"],
    "html": [ROOT / "examples" / "guofa_2019_5.html"],
    "txt": [FIXTURES / "txt" / "034_pdftotext.txt", ROOT / "examples" / "liubei_zhengfa_2025_2_webpage.txt"],
}
_BYTES = {fmt: [p.read_bytes() for p in paths if p.exists()] for fmt, paths in SEEDS.items()}

# one mutation: (kind, relative position in [0, 1), a byte value or length, bytes to insert)
_MUTATION = st.tuples(st.sampled_from(["flip", "set", "delete", "insert", "truncate", "duplicate", "zero"]),
                      st.floats(0, 0.999999), st.integers(0, 255), st.binary(max_size=16))


def mutate(data: bytes, ops) -> bytes:
    """Apply mutations to *data* (each kind is one a damaged download, disk or editor produces)."""
    b = bytearray(data)
    for kind, where, n, blob in ops:
        if not b:
            break
        i = int(where * len(b))
        if kind == "flip":
            b[i] ^= 1 << (n % 8)
        elif kind == "set":
            b[i] = n
        elif kind == "delete":
            del b[i:i + n + 1]
        elif kind == "insert":
            b[i:i] = blob
        elif kind == "truncate":
            del b[i:]
        elif kind == "duplicate":
            b[i:i] = b[i:i + 64 * (n + 1)]
        elif kind == "zero":
            b[i:i + n + 1] = bytes(len(b[i:i + n + 1]))
    return bytes(b)


def mutate_docx_member(data: bytes, ops, member: str) -> bytes:
    """Mutate one member of the zip (``word/document.xml``, ``[Content_Types].xml`` ...) and zip it
    again with valid CRCs, so the damage reaches the XML parsers, not only the zip reader."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            z.writestr(info.filename, mutate(body, ops) if info.filename == member else body)
    return out.getvalue()


class _Hang(Exception):
    pass


def _alarm(signum, frame):
    raise _Hang(f"an example ran longer than {HANG_SECONDS} s")


def check(tmp_path: Path, data: bytes, suffix: str, parse: bool) -> None:
    p = tmp_path / f"fuzz{suffix}"
    p.write_bytes(data)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        doc = policydoc.parse(p) if parse else policydoc.read(p)
        assert isinstance(doc.raw_text, str)
    except PolicydocError as exc:
        assert str(exc)  # a typed error with a message; anything else propagates and fails the example
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _seed(fmt: str):
    if not _BYTES[fmt]:
        pytest.skip(f"no {fmt} fixture to mutate")
    return st.sampled_from(_BYTES[fmt])


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "txt"])
def test_mutated_real_files_give_documents_or_typed_errors(fmt, tmp_path_factory):
    seeds = _seed(fmt)

    @FUZZ
    @given(seed=seeds, ops=st.lists(_MUTATION, min_size=1, max_size=6))
    def run(seed, ops):
        check(tmp_path_factory.mktemp(fmt), mutate(seed, ops), "." + fmt, parse=fmt in ("html", "txt"))

    run()


@pytest.mark.parametrize("member", ["word/document.xml", "[Content_Types].xml", "word/numbering.xml",
                                    "word/styles.xml"])
def test_mutated_docx_xml_gives_documents_or_typed_errors(member, tmp_path_factory):
    seeds = _seed("docx")

    @FUZZ
    @given(seed=seeds, ops=st.lists(_MUTATION, min_size=1, max_size=6))
    def run(seed, ops):
        if member not in zipfile.ZipFile(io.BytesIO(seed)).namelist():
            return
        check(tmp_path_factory.mktemp("docx"), mutate_docx_member(seed, ops, member), ".docx", parse=False)

    run()


def test_the_mutator_changes_bytes():
    data = _BYTES["pdf"][0]
    assert mutate(data, [("flip", 0.5, 0, b"")]) != data
    assert mutate(data, [("truncate", 0.5, 0, b"")]) == data[: len(data) // 2]
