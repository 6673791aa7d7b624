"""Plain-text reader: decode bytes whose encoding nobody wrote down.

Order of attempts (first valid wins): BOM → UTF-16 without BOM (NUL pattern) →
strict UTF-8 → GB18030 (a superset of GBK/GB2312) or Big5, chosen by charset-normalizer
on a sample, then confirmed by a strict decode of the whole file.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from ..document import Document
from ..errors import EncodingError, FileTooLargeError

#: Files above this are read up to the limit and flagged as truncated.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
#: Above this a file is refused outright: nobody's notice is this big.
HARD_MAX_BYTES = 2 * 1024 * 1024 * 1024

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CJK_CANDIDATES = ("gb18030", "big5", "utf-16-le", "utf-16-be")


def read_bytes_limited(path: Path, max_bytes: int) -> tuple[bytes, bool]:
    size = path.stat().st_size
    if size > HARD_MAX_BYTES:
        raise FileTooLargeError(path, f"{size / 2**20:.0f} MB is beyond what policydoc reads",
                                f"limit {HARD_MAX_BYTES / 2**20:.0f} MB")
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    return data[:max_bytes], len(data) > max_bytes


def decode(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode *data*; return ``(text, encoding)`` or raise :class:`EncodingError`.

    >>> decode("柳北区总工会".encode("gbk"))
    ('柳北区总工会', 'gb18030')
    >>> decode("中國工會".encode("big5"))[1]
    'big5'
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc.replace("-sig", "")
    if len(data) >= 4 and data.count(b"\x00") > len(data) * 0.3:
        le = data[1::2].count(0) > data[0::2].count(0)
        enc = "utf-16-le" if le else "utf-16-be"
        return data[: len(data) // 2 * 2].decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # A file cut mid-character is still UTF-8: accept a bad tail of at most 3 bytes.
        if exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8"), "utf-8"
    # BOM-less UTF-16 Chinese: few NULs (its ASCII only), all on one byte parity; GB18030 would "decode" it too
    odd, even = data[1::2].count(0), data[0::2].count(0)
    if max(odd, even) >= 2 and min(odd, even) * 20 <= max(odd, even):
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return data[: len(data) // 2 * 2].decode(enc), enc
        except UnicodeDecodeError:
            pass
    guess = _guess_cjk(data)
    for enc in ([guess] if guess else []) + [e for e in _CJK_CANDIDATES if e != guess]:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 2:
                return data[: exc.start].decode(enc), enc
    # Last resort: GB18030 with replacement; quality scoring will flag the damage.
    text = data.decode("gb18030", errors="replace")
    bad = text.count("\ufffd")
    if bad > max(8, len(text) * 0.2):
        raise EncodingError(path, "bytes fit none of UTF-8, UTF-16, GB18030/GBK or Big5",
                            f"{bad} undecodable sequences")
    return text, "gb18030"


def _guess_cjk(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], cp_isolation=["gb18030", "big5", "utf_16_le", "utf_16_be"]).best()
    if best is None:
        return None
    name = best.encoding.replace("_", "-")
    return {"gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)


def read_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, **_: object) -> Document:
    """Read a ``.txt`` file in any common Chinese encoding.

    >>> doc = read_text("../shared/seeds/003_e226338f45839dff.txt")  # doctest: +SKIP
    >>> doc.meta["encoding"]  # doctest: +SKIP
    'utf-8'
    """
    p = Path(path)
    data, truncated = read_bytes_limited(p, max_bytes)
    text, enc = decode(data, p)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc = Document(source=str(path), format="txt", raw_text=text, meta={"encoding": enc})
    if truncated:
        doc.warn("truncated", f"file is larger than {max_bytes / 2**20:.0f} MB; only the first "
                              f"{max_bytes / 2**20:.0f} MB were read")
    return doc
