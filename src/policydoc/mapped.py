"""MappedText: a string that remembers, for every character, where it came from.

Every normalisation step is a function ``MappedText -> MappedText``. Steps never
lose the link to the reader's raw text, so an extracted value can always be shown
in the file it came from (page, raw offsets).

Replacements follow one rule: when a match is replaced by text of the same length,
character *i* of the replacement maps to character *i* of the match; otherwise every
replacement character maps to the start of the match. Deleted text simply vanishes
from the map.
"""
from __future__ import annotations

import re
from array import array
from difflib import SequenceMatcher
from typing import Callable, Iterable, Union

Repl = Union[str, Callable[[re.Match], str]]


class MappedText:
    """Text plus ``origin[i]``, the raw offset of character *i*.

    >>> m = MappedText("〔2025〕2 号")
    >>> n = m.sub(r"(?<=\\d) (?=号)", "")
    >>> n.text, n.raw_span(0, len(n.text))
    ('〔2025〕2号', (0, 9))
    """

    __slots__ = ("text", "origin", "raw_len")

    def __init__(self, text: str, origin: Iterable[int] | None = None, raw_len: int | None = None):
        self.text = text
        if origin is None:
            self.origin = array("l", range(len(text)))
        else:
            self.origin = origin if isinstance(origin, array) else array("l", origin)
        if len(self.origin) != len(text):
            raise ValueError("origin must have one entry per character")
        self.raw_len = len(text) if raw_len is None else raw_len

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        head = self.text[:30] + ("…" if len(self.text) > 30 else "")
        return f"MappedText({head!r}, {len(self.text)} chars)"

    # -- mapping -----------------------------------------------------------
    def raw_offset(self, i: int) -> int:
        """Raw offset of normalised offset *i* (``len(text)`` maps past the last char)."""
        if i < len(self.origin):
            return self.origin[i]
        return (self.origin[-1] + 1) if len(self.origin) else 0

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` covering normalised ``[start, end)``."""
        if end <= start:
            r = self.raw_offset(start)
            return r, r
        return self.origin[start], self.origin[end - 1] + 1

    # -- building ----------------------------------------------------------
    def sub(self, pattern: str | re.Pattern, repl: Repl, flags: int = 0) -> "MappedText":
        """Regex substitution that keeps the map (see module docstring for the rule)."""
        rx = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        pieces: list[str] = []
        origin = array("l")
        pos = 0
        text, src = self.text, self.origin
        changed = False
        for m in rx.finditer(text):
            s, e = m.span()
            new = repl(m) if callable(repl) else m.expand(repl)
            if new == m.group(0):
                continue
            changed = True
            pieces.append(text[pos:s])
            origin.extend(src[pos:s])
            pieces.append(new)
            if len(new) == e - s:
                origin.extend(src[s:e])
            elif new:
                anchor = src[s] if s < len(src) else self.raw_offset(s)
                origin.extend([anchor] * len(new))
            pos = e
        if not changed:
            return self
        pieces.append(text[pos:])
        origin.extend(src[pos:])
        return MappedText("".join(pieces), origin, self.raw_len)

    def translate(self, table: dict[int, str]) -> "MappedText":
        """One-to-one character translation (``str.translate`` with 1-char values)."""
        new = self.text.translate(table)
        if new == self.text:
            return self
        if len(new) != len(self.text):
            raise ValueError("translate() needs a one-to-one table")
        return MappedText(new, self.origin, self.raw_len)

    def replace_text(self, new: str) -> "MappedText":
        """Swap in a rewritten text (e.g. from OpenCC), aligning it with the old one.

        Same length: position by position. Otherwise the two are aligned with a
        sequence matcher so unchanged stretches keep their exact origins.
        """
        if new == self.text:
            return self
        if len(new) == len(self.text):
            return MappedText(new, self.origin, self.raw_len)
        origin = array("l")
        sm = SequenceMatcher(None, self.text, new, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                origin.extend(self.origin[i1:i2])
            elif j2 > j1:
                anchor = self.origin[i1] if i1 < len(self.origin) else self.raw_offset(i1)
                origin.extend([anchor] * (j2 - j1))
        return MappedText(new, origin, self.raw_len)

    def keep(self, ranges: list[tuple[int, int]], joiners: list[str] | None = None) -> "MappedText":
        """Concatenate the given ``[start, end)`` ranges, with ``joiners[i]`` after range *i*.

        A joiner takes its origin from the character just after its range (the
        newline it stands for), so line structure stays traceable.
        """
        pieces: list[str] = []
        origin = array("l")
        for k, (s, e) in enumerate(ranges):
            pieces.append(self.text[s:e])
            origin.extend(self.origin[s:e])
            j = joiners[k] if joiners else ""
            if j:
                pieces.append(j)
                anchor = self.raw_offset(e)
                origin.extend([anchor] * len(j))
        return MappedText("".join(pieces), origin, self.raw_len)

    def lines(self) -> list[tuple[int, int]]:
        """``[start, end)`` of each line, newline excluded."""
        out = []
        start = 0
        text = self.text
        while True:
            nl = text.find("\n", start)
            if nl < 0:
                out.append((start, len(text)))
                return out
            out.append((start, nl))
            start = nl + 1

    def drop_lines(self, drop: Callable[[int, str], bool]) -> "MappedText":
        """Remove every line for which ``drop(index, line_text)`` is true."""
        ranges, joiners = [], []
        removed = False
        for k, (s, e) in enumerate(self.lines()):
            if drop(k, self.text[s:e]):
                removed = True
                continue
            ranges.append((s, e))
            joiners.append("\n")
        if not removed:
            return self
        if joiners:
            joiners[-1] = ""
        return self.keep(ranges, joiners)
