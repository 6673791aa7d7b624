#!/usr/bin/env python3
"""Typeset real official-document texts (公文) into GB/T 9704-2012 style A4 PDFs.

The PDFs are test fixtures for policydoc's PDF reader: every character that is
drawn is known, so the reader's output (paragraph rejoining, page-number and
header removal, field extraction) can be checked against ``expected.json``.

Usage::

    python tools/gongwen_pdf.py OUTDIR [--corpus-dir DIR] [--seeds-dir DIR]

writes the PDFs, ``expected.json`` and ``README.md`` into OUTDIR.

Layout (GB/T 9704-2012): A4; 版心 156 x 225 mm with top margin 37 mm and left
margin 28 mm; 22 lines x 28 characters of 3号 (16 pt) text; red 发文机关标志
whose top edge is 35 mm below the top of the 版心; 发文字号 two lines below it;
red separator 4 mm below the number; 2号 (22 pt) title two lines below the
separator; 主送机关 flush left one line below the title; body paragraphs with a
two-character first-line indent, justified and wrapped at the text width with
simple 禁则 (no closing punctuation at line start, no opening punctuation at
line end, ASCII numbers/words kept whole); unsealed signature (署名 right-
indented two characters, 成文日期 on the next line two characters further
right, or right-indented two characters if longer); 4号 page numbers
"— N —" 7 mm below the 版心, odd pages right, even pages left, one character
in; 版记 (印发机关和印发日期 between black rules) at the foot of the last page
when the source has one.

Font: reportlab's built-in CID font STSong-Light (Adobe-GB1, not embedded, no
download needed).  pdfplumber extracts it as real Unicode text.  The only
character in the corpus it cannot draw is U+00B7 (middle dot, as in "5·13":
reportlab emits nothing for it); it is drawn as U+30FB, which is the same
Adobe-GB1 glyph (GB2312 A1A4) and which pdfminer maps back to U+00B7, so the
extracted text equals the source (see CHAR_SUBSTITUTES).  The
image-only ``scanned.pdf`` is drawn with PIL and needs a TrueType CJK font:
Debian's fonts-wqy-zenhei (``apt-get install fonts-wqy-zenhei``).

Output is deterministic: reportlab runs with ``rl_config.invariant = 1``
(fixed creation date, document ID and encryption salts), the scanned page uses
a seeded RNG, so reruns give byte-identical files with the same library
versions.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from reportlab import rl_config

rl_config.invariant = 1  # must precede the pdfencrypt import (it reads it at import time)

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.pdfencrypt import StandardEncryption  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas as rl_canvas  # noqa: E402

# --------------------------------------------------------------------------
# constants
# --------------------------------------------------------------------------

MM = 72.0 / 25.4
PAGE_W, PAGE_H = A4  # 595.28 x 841.89 pt

LEFT = 28 * MM
TEXT_W = 156 * MM
TEXT_H = 225 * MM
TOP = PAGE_H - 37 * MM  # y of the 版心 top edge (reportlab: origin bottom-left)
BOTTOM = TOP - TEXT_H  # y of the 版心 bottom edge (35 mm from page bottom)

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
PITCH = TEXT_H / LINES_PER_PAGE  # 28.99 pt line pitch
CHAR_PITCH = TEXT_W / CHARS_PER_LINE  # 15.79 pt character pitch

BODY_SIZE = 16.0  # 三号
TITLE_SIZE = 22.0  # 二号
SMALL_SIZE = 14.0  # 四号 (page numbers, 版记)
MARK_SIZE = 52.0  # 发文机关标志
MARK_SIZE_JOINT = 40.0

FONT = "STSong-Light"
RED = (0.86, 0.0, 0.0)
BLACK = (0.0, 0.0, 0.0)

BODY_CS = CHAR_PITCH - BODY_SIZE  # char spacing that puts 28 full-width glyphs on a line
BOLD_OFFSET = 0.3  # fake bold: second impression 0.3 pt to the right
SPACED_GAP = 0.3 * BODY_SIZE  # 4.8 pt > pdfplumber's default x_tolerance (3)

# characters reportlab's UniGB-UCS2-H encoding drops, drawn via an equivalent code
# point of the same glyph (pdfminer extracts U+30FB as U+00B7 again)
CHAR_SUBSTITUTES = {"\u00b7": "\u30fb"}

NO_LINE_START = set("，。、；：？！）》〕」』”’…—%,.;:?!)]}·・")
NO_LINE_END = set("（《〔「『“‘([{")

DEFAULT_CORPUS = Path("/work/shared/corpus")
DEFAULT_SEEDS = Path("/work/shared/seeds")
WQY_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")

_font_registered = False


def _patch_cid_strings() -> None:
    """Work around a reportlab bug that breaks encrypted files with CID fonts.

    reportlab writes the CIDSystemInfo strings ``(Adobe)``/``(GB1)`` raw, so in
    an encrypted file they are not encrypted; readers then "decrypt" them into
    garbage and pdfminer, no longer knowing the font is Adobe-GB1, returns
    ``(cid:NN)`` for every character.  Emitting them as PDFString objects gets
    them encrypted like every other string (unencrypted output is unchanged).
    """
    import reportlab.pdfbase.cidfonts as cidfonts
    from reportlab.pdfbase import pdfdoc

    orig = cidfonts.structToPDF
    if getattr(orig, "_policydoc_patched", False):
        return

    def struct_to_pdf(structure):
        if isinstance(structure, str) and len(structure) >= 2 and structure[0] == "(" and structure[-1] == ")":
            return pdfdoc.PDFString(structure[1:-1])
        return orig(structure)  # recurses through the module global, i.e. this function

    struct_to_pdf._policydoc_patched = True
    cidfonts.structToPDF = struct_to_pdf


def register_fonts() -> None:
    global _font_registered
    if not _font_registered:
        _patch_cid_strings()
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _font_registered = True


def char_width(ch: str, size: float) -> float:
    return pdfmetrics.stringWidth(ch, FONT, size)


def typeset_text(s: str) -> str:
    return "".join(CHAR_SUBSTITUTES.get(c, c) for c in s)


# --------------------------------------------------------------------------
# document model
# --------------------------------------------------------------------------


@dataclass
class Block:
    """One typeset element after the 主送 line.

    kind: para (first-line indent ``indent`` characters), blank (one empty
    line), title (centred 2号 lines), label (flush-left, e.g. 附件),
    note (附注 such as （此件公开发布）), pagebreak.
    """

    kind: str
    text: str = ""
    lines: list[str] = field(default_factory=list)
    indent: int = 2


@dataclass
class Doc:
    key: str
    source: str
    gold_file: str
    issuers: list[str]
    doc_number: str
    title_lines: list[str]
    recipients: str
    body: list[Block]
    signature: str
    date: str
    after: list[Block]
    banji: dict | None = None  # {"cc": str|None, "printer": str, "print_date": str}
    source_notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    @property
    def issuer_mark_parts(self) -> list[str]:
        return [*self.issuers, "文件"]

    @property
    def issuer_mark(self) -> str:
        return "".join(self.issuer_mark_parts)


# --------------------------------------------------------------------------
# source readers
# --------------------------------------------------------------------------

_WS_RUN = re.compile(r"[ \u00a0]+")


def _clean_inline(s: str) -> str:
    """Normalise the HTML's non-breaking-space padding inside a line.

    Leading full-width spaces are kept (they are indentation in name lists);
    runs of 2+ (nb)spaces become full-width spaces, single ones a space.
    """
    s = s.replace("\r", "").replace("\n", "")
    s = s.strip(" \u00a0\t")

    def repl(m: re.Match) -> str:
        n = len(m.group(0))
        return "\u3000" * (n // 2) if n >= 2 else " "

    return _WS_RUN.sub(repl, s)


def _p_text_lines(p) -> list[str]:
    """Text of a <p>, split at <br>."""
    parts: list[str] = [""]

    def walk(el):
        if el.tag == "br":
            parts.append("")
        elif el.text:
            parts[-1] += el.text
        for ch in el:
            walk(ch)
            if ch.tail:
                parts[-1] += ch.tail

    walk(p)
    return [x for x in (_clean_inline(x) for x in parts)]


def _align(p) -> str:
    m = re.search(r"text-align:\s*([a-z]+)", p.get("style", ""))
    return m.group(1) if m else "left"


def load_html_doc(path: Path, corpus_dir: Path) -> Doc:
    """A gov.cn policy page fragment: metadata table + #UCAP-CONTENT body."""
    import lxml.html

    tree = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    meta: dict[str, str] = {}
    for tr in tree.iter("tr"):
        cells = [c.text_content().strip() for c in tr if c.tag == "td"]
        for k, v in zip(cells[::2], cells[1::2]):
            meta[re.sub(r"[\s\u3000：:]", "", k)] = v
    content = tree.get_element_by_id("UCAP-CONTENT")
    paras = []
    for p in content.iter("p"):
        lines = _p_text_lines(p)
        text = "".join(lines).strip("\u3000 ")
        paras.append({"align": _align(p), "lines": [x.strip("\u3000 ") for x in lines if x.strip("\u3000 ")],
                      "raw": "".join(lines), "blank": not text})

    i = 0
    title_lines: list[str] = []
    while paras[i]["blank"]:
        i += 1
    doc_number = meta.get("发文字号", "")
    while paras[i]["align"] == "center" and not re.search(r"〔\d{4}〕", "".join(paras[i]["lines"])):
        title_lines.extend(paras[i]["lines"])
        i += 1
    number_line = "".join(paras[i]["lines"])
    assert number_line == doc_number, (path, number_line, doc_number)
    i += 1
    while paras[i]["blank"]:
        i += 1
    recipients = paras[i]["raw"].strip()
    assert recipients.endswith("："), recipients
    recipients = recipients[:-1]
    i += 1

    body: list[Block] = []
    while paras[i]["align"] != "right":
        _add_para(body, paras[i])
        i += 1
    signature = paras[i]["raw"].strip("\u3000 ")
    date = paras[i + 1]["raw"].strip("\u3000 ")
    i += 2
    after: list[Block] = []
    for p in paras[i:]:
        _add_para(after, p)
    _strip_blanks(body)
    _strip_blanks(after)
    # an 附件 label, or a transmitted document's title, starts a new page
    out: list[Block] = []
    for b in after:
        if b.kind == "label" or (b.kind == "title" and not any(x.kind == "title" for x in out)
                                 and not (out and out[-1].kind == "label")):
            out.append(Block("pagebreak"))
        out.append(b)
    after = out
    issuers = [x for x in re.split(r"[、\u3000 ]+", signature) if x]
    return Doc(
        key=path.stem,
        source=str(path),
        gold_file=str(path.relative_to(corpus_dir)),
        issuers=issuers,
        doc_number=doc_number,
        title_lines=title_lines,
        recipients=recipients,
        body=body,
        signature=signature,
        date=date,
        after=after,
    )


def _add_para(out: list[Block], p: dict) -> None:
    if p["blank"]:
        if out and out[-1].kind != "blank":
            out.append(Block("blank"))
        return
    raw = p["raw"]
    text = raw.strip(" ")
    if p["align"] == "center":
        if out and out[-1].kind == "title":
            out[-1].lines.extend(p["lines"])
        else:
            out.append(Block("title", lines=list(p["lines"])))
        return
    if text == "附件":
        out.append(Block("label", text="附件", indent=0))
        return
    if re.fullmatch(r"（[^）]*(公开发布|删减|有删节)[^）]*）", text):
        out.append(Block("note", text=text, indent=2))
        return
    lead = len(text) - len(text.lstrip("\u3000"))
    out.append(Block("para", text=text.lstrip("\u3000"), indent=2 + lead))


def _strip_blanks(blocks: list[Block]) -> None:
    while blocks and blocks[0].kind == "blank":
        blocks.pop(0)
    while blocks and blocks[-1].kind == "blank":
        blocks.pop()
    # a title is spaced by the layout itself
    k = 0
    while k < len(blocks):
        if blocks[k].kind == "blank" and k + 1 < len(blocks) and blocks[k + 1].kind == "title":
            blocks.pop(k)
            continue
        if blocks[k].kind == "blank" and k > 0 and blocks[k - 1].kind == "title":
            blocks.pop(k)
            continue
        k += 1


# title breaks chosen by hand for the seed (its web page prints the title as
# one 40-character line plus a remainder; a 2号 line holds 20 characters)
SEED_TITLE_LINES = [
    "柳州市柳北区人民政府关于印发《柳州市",
    "柳北区人民政府与柳州市柳北区总工会",
    "联席会议制度(试行)》的通知",
]


def load_seed_doc(path: Path, seeds_dir: Path) -> Doc:
    """The county notice 柳北政发〔2025〕2号 inside its web-page chrome."""
    raw = path.read_text(encoding="utf-8")
    lines = [ln.rstrip() for ln in raw.splitlines()]
    meta_date = None
    for k, ln in enumerate(lines):
        if ln.startswith("成文日期") and k + 1 < len(lines):
            meta_date = lines[k + 1].strip()
    # the document starts at the bare number line (after the "来源:" line)
    src_idx = next(k for k, ln in enumerate(lines) if ln.startswith("来源:"))
    nonblank = [ln for ln in lines[src_idx + 1:] if ln.strip()]
    end = next(k for k, ln in enumerate(nonblank) if ln.strip() == "×")
    nb = nonblank[:end]
    doc_number = nb[0].strip()
    # title: lines up to the recipients line (ends with a colon)
    k = 1
    title_parts = []
    while not nb[k].strip().endswith(("：", ":")):
        title_parts.append(nb[k].strip())
        k += 1
    title = "".join(title_parts)
    assert "".join(SEED_TITLE_LINES) == title, title
    recipients = nb[k].strip()[:-1]
    k += 1
    body = []
    while not nb[k][:1].isspace():  # the 署名 line is indented with U+2002 spaces
        body.append(Block("para", text=nb[k].strip()))
        k += 1
    signature = nb[k].strip()
    printed_date = nb[k + 1].strip()
    k += 2
    notes = []
    m = re.fullmatch(r"(\d{4})年(\d{2})月(\d{2})日", meta_date or "")
    if printed_date == "2025219" and m:
        date = f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"
        notes.append(f"signature date printed as '{printed_date}' on the web page (年月日 lost); "
                     f"typeset as '{date}' from the page's 成文日期 field ({meta_date})")
    else:
        date = printed_date
    after: list[Block] = [Block("pagebreak"), Block("title", lines=[nb[k].strip()])]
    k += 1
    banji = None
    for ln in nb[k:]:
        mm = re.fullmatch(r"\s*(\S+?)\s{2,}(\d{4}年\d{1,2}月\d{1,2}日)印发\s*", ln)
        if mm:
            banji = {"cc": None, "printer": mm.group(1), "print_date": mm.group(2)}
            continue
        after.append(Block("para", text=ln.strip()))
    return Doc(
        key=path.name.split("_")[0],
        source=str(path),
        gold_file=str(Path("..") / path.parent.name / path.name) if path.parent.name == "seeds"
        else str(path),
        issuers=[signature],
        doc_number=doc_number,
        title_lines=list(SEED_TITLE_LINES),
        recipients=recipients,
        body=body,
        signature=signature,
        date=date,
        after=after,
        banji=banji,
        source_notes=notes,
    )


# --------------------------------------------------------------------------
# layout: display list
# --------------------------------------------------------------------------


@dataclass
class Run:
    x: float
    y: float  # baseline
    text: str
    size: float
    cs: float = 0.0  # character spacing (after each glyph)
    hscale: float = 100.0
    color: tuple = BLACK
    bold: bool = False  # fake bold: drawn twice, 0.3 pt apart

    def char_positions(self) -> list[float]:
        xs, x = [], self.x
        for ch in self.text:
            xs.append(x)
            x += (char_width(ch, self.size) + self.cs) * self.hscale / 100.0
        return xs


@dataclass
class Rule:
    x0: float
    x1: float
    y: float
    width: float
    color: tuple = BLACK


@dataclass
class Page:
    runs: list[Run] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (role, text) as typeset


def grid_baseline(i: int, size: float = BODY_SIZE) -> float:
    """Baseline of grid line i (0..21): the em box centred in the line box."""
    return TOP - i * PITCH - PITCH / 2 - 0.38 * size


def natural_width(s: str, size: float, cs: float) -> float:
    return sum(char_width(c, size) + cs for c in s)


def tokenize(s: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9.%+\-]+|.", s)


def wrap(text: str, first_width: float, width: float, size: float = BODY_SIZE,
         cs: float = BODY_CS) -> list[str]:
    """Greedy line breaking with 禁则 (push-down)."""
    toks = tokenize(text)
    lines: list[list[str]] = []
    cur: list[str] = []
    cur_w = 0.0
    avail = first_width
    k = 0
    while k < len(toks):
        t = toks[k]
        tw = natural_width(t, size, cs)
        if cur_w + tw <= avail + 0.01 or not cur:
            cur.append(t)
            cur_w += tw
            k += 1
            continue
        # line full: t does not fit
        nxt = t
        while len(cur) > 1 and (nxt[0] in NO_LINE_START or cur[-1][-1] in NO_LINE_END):
            nxt = cur.pop()
            k -= 1
        lines.append(cur)
        cur, cur_w = [], 0.0
        avail = width
    if cur:
        lines.append(cur)
    return ["".join(x) for x in lines]


def spaced_segments(s: str) -> list[str]:
    """Split where a digit meets a CJK ideograph (the gaps of the *_spaced variant)."""
    segs = [""]
    for a, b in zip(" " + s, s):
        if a != " " and ((a.isdigit() and _is_han(b)) or (_is_han(a) and b.isdigit())):
            segs.append("")
        segs[-1] += b
    return segs


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or c == "〇"


@dataclass
class Options:
    spaced: bool = False
    bold: bool = False


class Layout:
    def __init__(self, doc: Doc, opts: Options):
        self.doc = doc
        self.opts = opts
        self.pages: list[Page] = []
        self.placed: list[tuple] = []  # (page, grid line, role, text, runs) for every grid line used
        self.line = 0  # next free grid line on the current page
        self.new_page()

    # -- page handling -----------------------------------------------------
    def new_page(self) -> None:
        self.pages.append(Page())
        self.line = 0

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def ensure(self, n: int = 1) -> None:
        if self.line + n > LINES_PER_PAGE:
            self.new_page()

    # -- primitive placement ---------------------------------------------
    def text_segments(self, x: float, y: float, s: str, size: float, cs: float, color=BLACK,
                      spaced: bool = False, bold: bool = False, hscale: float = 100.0) -> float:
        """Place s at x; return the x after it."""
        s = typeset_text(s)
        segs = spaced_segments(s) if spaced else [s]
        for j, seg in enumerate(segs):
            if j:
                x += SPACED_GAP
            self.page.runs.append(Run(x, y, seg, size, cs, hscale, color, bold))
            x += natural_width(seg, size, cs) * hscale / 100.0
        return x

    def width_of(self, s: str, size: float, cs: float, spaced: bool = False) -> float:
        s = typeset_text(s)
        segs = spaced_segments(s) if spaced else [s]
        return sum(natural_width(g, size, cs) for g in segs) + SPACED_GAP * (len(segs) - 1)

    def put_line(self, role: str, text: str, x: float, size: float = BODY_SIZE, cs: float = BODY_CS,
                 spaced: bool = False, bold: bool = False, color=BLACK) -> None:
        self.ensure(1)
        y = grid_baseline(self.line, size)
        n0 = len(self.page.runs)
        self.text_segments(x, y, text, size, cs, color, spaced, bold)
        self.page.lines.append((role, text))
        self.placed.append((self.page, self.line, role, text, self.page.runs[n0:]))
        self.line += 1

    def put_centered(self, role: str, text: str, size: float, bold: bool = False) -> None:
        w = self.width_of(text, size, 0.0)
        self.put_line(role, text, LEFT + (TEXT_W - w) / 2, size, 0.0, bold=bold)

    def put_paragraph(self, role: str, text: str, indent: int = 2) -> None:
        ind = indent * CHAR_PITCH
        # wrap what is drawn (substitutes are 1:1), record the source characters
        drawn = wrap(typeset_text(text), TEXT_W - ind, TEXT_W)
        lines, pos = [], 0
        for d in drawn:
            lines.append(text[pos:pos + len(d)])
            pos += len(d)
        for j, ln in enumerate(lines):
            x = LEFT + (ind if j == 0 else 0.0)
            avail = TEXT_W - (ind if j == 0 else 0.0)
            cs = BODY_CS
            last = j == len(lines) - 1
            s = typeset_text(ln)
            if not last and len(s) > 1:  # justify
                extra = (avail - natural_width(s, BODY_SIZE, BODY_CS)) / (len(s) - 1)
                if 0 < extra <= 2.5:
                    cs += extra
            self.put_line(role, ln, x, cs=cs)

    # -- 版头 --------------------------------------------------------------
    def header(self) -> None:
        doc, page = self.doc, self.page
        mark_top = TOP - 35 * MM
        bold = self.opts.bold
        if len(doc.issuers) == 1:
            text = doc.issuer_mark
            size = MARK_SIZE
            w = natural_width(text, size, 0.0)
            hscale = min(100.0, 100.0 * TEXT_W * 0.96 / w)
            y = mark_top - 0.88 * size
            x = LEFT + (TEXT_W - w * hscale / 100) / 2
            self.text_segments(x, y, text, size, 0.0, RED, bold=bold, hscale=hscale)
            page.lines.append(("issuer_mark", text))
            mark_bottom = y - 0.12 * size
        else:
            # joint: issuer names stacked and justified to one width, "文件" to the right
            size = MARK_SIZE_JOINT
            names = doc.issuers
            name_w = max(natural_width(n, size, 0.0) for n in names)
            wj_w = natural_width("文件", size, 0.0)
            gap = size * 0.5
            total = name_w + gap + wj_w
            hscale = min(100.0, 100.0 * TEXT_W * 0.96 / total)
            x0 = LEFT + (TEXT_W - total * hscale / 100) / 2
            lead = size * 1.15
            ys = [mark_top - 0.88 * size - k * lead for k in range(len(names))]
            for n, y in zip(names, ys):
                nat = natural_width(n, size, 0.0)
                cs = (name_w - nat) / (len(n) - 1) if len(n) > 1 else 0.0
                self.text_segments(x0, y, n, size, cs, RED, bold=bold, hscale=hscale)
            yw = (ys[0] + ys[-1]) / 2
            self.text_segments(x0 + (name_w + gap) * hscale / 100, yw, "文件", size, 0.0, RED, bold=bold,
                               hscale=hscale)
            # reading order as a text extractor sees it: first row with 文件, then the others
            page.lines.append(("issuer_mark", names[0]))
            page.lines.append(("issuer_mark", "文件"))
            for n in names[1:]:
                page.lines.append(("issuer_mark", n))
            mark_bottom = ys[-1] - 0.12 * size
        # 发文字号: two empty lines below the mark, centred
        y = mark_bottom - 2 * PITCH - PITCH / 2 - 0.38 * BODY_SIZE
        w = self.width_of(doc.doc_number, BODY_SIZE, 0.0, self.opts.spaced)
        self.text_segments(LEFT + (TEXT_W - w) / 2, y, doc.doc_number, BODY_SIZE, 0.0, spaced=self.opts.spaced)
        page.lines.append(("doc_number", doc.doc_number))
        # red separator 4 mm below the number
        rule_y = y - 0.12 * BODY_SIZE - 4 * MM
        page.rules.append(Rule(LEFT, LEFT + TEXT_W, rule_y, 1.5, RED))
        # title: two empty lines below the separator, snapped to the line grid
        self.line = math.ceil((TOP - rule_y) / PITCH - 1e-6) + 2
        for tl in doc.title_lines:
            self.put_centered("title", tl, TITLE_SIZE, bold=bold)
        self.line += 1
        self.put_paragraph("recipients", doc.recipients + "：", indent=0)

    # -- body blocks -------------------------------------------------------
    def blocks(self, blocks: Iterable[Block], role: str = "body") -> None:
        for b in blocks:
            if b.kind == "pagebreak":
                if self.line > 0:
                    self.new_page()
            elif b.kind == "blank":
                if self.line > 0:
                    self.line += 1
            elif b.kind == "label":
                self.put_line("attachment_label", b.text, LEFT)
            elif b.kind == "title":
                # 附件标题居中编排在版心第三行; elsewhere one empty line before and after
                self.line = 2 if self.line <= 1 else self.line + 1
                if self.line + len(b.lines) + 2 > LINES_PER_PAGE:
                    self.new_page()
                    self.line = 2
                for tl in b.lines:
                    self.put_centered("attachment_title", tl, TITLE_SIZE)
                self.line += 1
            elif b.kind == "note":
                self.put_paragraph("note", b.text, b.indent)
            else:
                self.put_paragraph(role, b.text, b.indent)

    # -- signature ---------------------------------------------------------
    def signature(self) -> None:
        doc = self.doc
        if self.line + 3 > LINES_PER_PAGE:
            # 署名 must not stand alone on a page: carry the last two body lines over
            self._carry_over(2)
        self.line += 1
        sig_w = self.width_of(doc.signature, BODY_SIZE, BODY_CS)
        date_w = self.width_of(doc.date, BODY_SIZE, BODY_CS, self.opts.spaced)
        right = LEFT + TEXT_W - 2 * CHAR_PITCH
        sig_x = right - sig_w
        date_x = sig_x + 2 * CHAR_PITCH
        if date_x + date_w > right:
            date_x = right - date_w
            sig_x = date_x - 2 * CHAR_PITCH
        self.put_line("signature", doc.signature, sig_x)
        self.put_line("date", doc.date, date_x, spaced=self.opts.spaced)

    def _carry_over(self, n: int) -> None:
        """Move the last n lines of the current page to the top of a new page."""
        page = self.page
        moved = [rec for rec in self.placed if rec[0] is page][-n:]
        self.placed = [rec for rec in self.placed if not any(rec is m for m in moved)]
        gone = {id(r) for rec in moved for r in rec[4]}
        page.runs = [r for r in page.runs if id(r) not in gone]
        del page.lines[-len(moved):]
        self.new_page()
        for k, (_, _, role, text, runs) in enumerate(moved):
            for r in runs:
                r.y = grid_baseline(k, r.size)
                self.page.runs.append(r)
            self.page.lines.append((role, text))
            self.placed.append((self.page, k, role, text, runs))
        self.line = len(moved)

    # -- 版记 ---------------------------------------------------------------
    def banji(self) -> None:
        b = self.doc.banji
        if not b:
            return
        n = 2 if b.get("cc") else 1
        if self.line > LINES_PER_PAGE - n - 1:
            self.new_page()
        page = self.page
        first = LINES_PER_PAGE - n
        page.rules.append(Rule(LEFT, LEFT + TEXT_W, TOP - first * PITCH, 1.0))
        line = first
        if b.get("cc"):
            text = "抄送：" + b["cc"]
            self.text_segments(LEFT + SMALL_SIZE, grid_baseline(line, SMALL_SIZE), text, SMALL_SIZE, 0.0)
            page.lines.append(("banji_cc", text))
            line += 1
            page.rules.append(Rule(LEFT, LEFT + TEXT_W, TOP - line * PITCH, 0.7))
        y = grid_baseline(line, SMALL_SIZE)
        self.text_segments(LEFT + SMALL_SIZE, y, b["printer"], SMALL_SIZE, 0.0)
        tail = b["print_date"] + "印发"
        w = self.width_of(tail, SMALL_SIZE, 0.0, self.opts.spaced)
        self.text_segments(LEFT + TEXT_W - SMALL_SIZE - w, y, tail, SMALL_SIZE, 0.0, spaced=self.opts.spaced)
        page.lines.append(("banji_print", b["printer"] + " " + tail))
        page.rules.append(Rule(LEFT, LEFT + TEXT_W, BOTTOM, 1.0))
        self.line = LINES_PER_PAGE

    # -- page numbers ------------------------------------------------------
    def page_numbers(self) -> list[str]:
        out = []
        for k, page in enumerate(self.pages, start=1):
            text = f"— {k} —"
            w = natural_width(text, SMALL_SIZE, 0.0)
            y = BOTTOM - 7 * MM - 0.88 * SMALL_SIZE
            x = LEFT + TEXT_W - SMALL_SIZE - w if k % 2 else LEFT + SMALL_SIZE
            page.runs.append(Run(x, y, text, SMALL_SIZE))
            page.lines.append(("page_number", text))
            out.append(text)
        return out

    def run(self) -> list[str]:
        self.header()
        self.blocks(self.doc.body)
        self.signature()
        self.blocks(self.doc.after, role="after_signature")
        self.banji()
        return self.page_numbers()


# --------------------------------------------------------------------------
# backends
# --------------------------------------------------------------------------


def render_pdf(doc: Doc, pages: list[Page], out: Path, encrypt: str | None = None) -> None:
    register_fonts()
    enc = None
    if encrypt:
        enc = StandardEncryption(encrypt, ownerPassword=encrypt + "-owner", canPrint=1, canModify=0,
                                 canCopy=1, canAnnotate=0, strength=128)
    c = rl_canvas.Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1, encrypt=enc)
    c.setTitle(doc.title)
    c.setAuthor("、".join(doc.issuers))
    c.setSubject(doc.doc_number)
    c.setCreator("policydoc tools/gongwen_pdf.py (test fixture)")
    for page in pages:
        for rule in page.rules:
            c.setStrokeColorRGB(*rule.color)
            c.setLineWidth(rule.width)
            c.line(rule.x0, rule.y, rule.x1, rule.y)
        for r in page.runs:
            for dx in ((0.0, BOLD_OFFSET) if r.bold else (0.0,)):
                # Tc and Tz belong to the graphics state and outlive BT/ET: set both every time
                c.saveState()
                t = c.beginText(r.x + dx, r.y)
                t.setFont(FONT, r.size)
                t.setCharSpace(r.cs)
                t.setHorizScale(r.hscale)
                t.setFillColorRGB(*r.color)
                t.textOut(r.text)
                c.drawText(t)
                c.restoreState()
        c.showPage()
    c.save()


def render_page_image(page: Page, dpi: int = 150, seed: int = 9704):
    """Draw one page with PIL (TrueType CJK font), as a scanner would see it."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    if not WQY_FONT.exists():
        raise SystemExit(f"{WQY_FONT} missing: apt-get install fonts-wqy-zenhei (needed for scanned.pdf)")
    s = dpi / 72.0
    img = Image.new("RGB", (round(PAGE_W * s), round(PAGE_H * s)), "white")
    draw = ImageDraw.Draw(img)
    fonts: dict[int, ImageFont.FreeTypeFont] = {}

    def font(px: int):
        if px not in fonts:
            fonts[px] = ImageFont.truetype(str(WQY_FONT), px, index=0)
        return fonts[px]

    def col(c):
        return tuple(round(v * 255) for v in c)

    for rule in page.rules:
        y = (PAGE_H - rule.y) * s
        h = max(1, round(rule.width * s))
        draw.rectangle([rule.x0 * s, y - h / 2, rule.x1 * s, y + h / 2], fill=col(rule.color))
    for r in page.runs:
        px = round(r.size * s)
        f = font(px)
        for ch, x in zip(typeset_text(r.text), r.char_positions()):
            if ch in " \u3000":
                continue
            X, Y = x * s, (PAGE_H - r.y) * s
            if r.hscale == 100.0:
                draw.text((X, Y), ch, font=f, fill=col(r.color), anchor="ls")
            else:  # horizontally compressed glyph
                tile = Image.new("L", (px * 2, px * 2), 0)
                ImageDraw.Draw(tile).text((0, px * 1.5), ch, font=f, fill=255, anchor="ls")
                tile = tile.resize((max(1, round(px * 2 * r.hscale / 100)), px * 2))
                img.paste(Image.new("RGB", tile.size, col(r.color)), (round(X), round(Y - px * 1.5)), tile)
    # scanner look: slight skew, blur, speckle, greyish paper
    rng = random.Random(seed)
    img = img.rotate(0.4, resample=Image.BICUBIC, expand=False, fillcolor="white")
    img = img.filter(ImageFilter.GaussianBlur(0.5))
    px_access = img.load()
    w, h = img.size
    for _ in range(1500):
        x, y = rng.randrange(w), rng.randrange(h)
        g = rng.randrange(120, 200)
        px_access[x, y] = (g, g, g)
    return img


def render_scanned_pdf(doc: Doc, pages: list[Page], out: Path) -> None:
    """One full-page JPEG per page and no text layer at all."""
    c = rl_canvas.Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
    c.setCreator("policydoc tools/gongwen_pdf.py (test fixture, image only)")
    for k, page in enumerate(pages):
        img = render_page_image(page, seed=9704 + k)
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=60, optimize=False)
        buf.seek(0)
        c.drawImage(ImageReader(buf), 0, 0, PAGE_W, PAGE_H)
        c.showPage()
    c.save()


# --------------------------------------------------------------------------
# fixture set
# --------------------------------------------------------------------------


@dataclass
class Fixture:
    file: str
    key: str  # source key (003, 021, ...)
    variant: str  # base | joint | spaced | bold | scanned | encrypted
    purpose: str
    opts: Options = field(default_factory=Options)
    password: str | None = None


def fixture_plan(docs: dict[str, Doc]) -> list[Fixture]:
    plan: list[Fixture] = []
    for key, doc in docs.items():
        if len(doc.issuers) > 1:
            plan.append(Fixture(f"{key}_joint.pdf", key, "joint",
                                "joint document: issuer names stacked (justified to equal width, so the shorter "
                                "one extracts with gaps) with 文件 to their right; two-issuer 署名; 成文日期 in "
                                "Chinese numerals"))
        else:
            plan.append(Fixture(f"{key}.pdf", key, "base", BASE_PURPOSE.get(key, "clean 公文 layout")))
    plan += [
        Fixture("003_spaced.pdf", "003", "spaced",
                "发文字号 and dates typeset with gaps between digits and 号/年/月/日, so extraction gives "
                "'〔2025〕2 号' and '2025 年 2 月 19 日' (also in the 版记 印发 date)", Options(spaced=True)),
        Fixture("021_spaced.pdf", "021", "spaced",
                "same damage on a State Council 意见: '国发〔2019〕5 号', '2019 年 1 月 27 日'", Options(spaced=True)),
        Fixture("003_bold.pdf", "003", "bold",
                "fake bold: issuer mark and title drawn twice 0.3 pt apart (overprint), so raw extraction "
                "doubles those characters; pdfplumber's dedupe_chars() undoes it", Options(bold=True)),
        Fixture("023_bold.pdf", "023", "bold",
                "fake bold issuer mark and two-line title on a 国办发 notice", Options(bold=True)),
        Fixture("scanned.pdf", "027", "scanned",
                "image-only pages (PIL drawing of 027's two pages, 150 dpi JPEG, slight skew and speckle): "
                "no text layer at all, the reader must say it needs OCR rather than return empty text"),
        Fixture("encrypted.pdf", "024", "encrypted",
                "024 typeset normally and encrypted (RC4 128-bit) with user password 'policydoc'; opening "
                "without it must fail cleanly, with it the text equals 024.pdf's",
                password="policydoc"),
    ]
    return plan


BASE_PURPOSE = {
    "003": "county 通知 transmitting a 制度 (the joint-meeting system text starts on a new page); three-line "
           "title; ASCII commas/parentheses as in the source; 版记 with 印发机关和印发日期",
    "021": "long 意见 over several pages; heading paragraphs; 附注 （此件公开发布）",
    "022": "印发 notice whose one-paragraph cover letter is followed by the transmitted 方案 on new pages "
           "(17 pages)",
    "023": "通知 with numbered items 1. 2. 3.",
    "024": "决定 of three long paragraphs (3 pages)",
    "025": "批复 with 〈〉 inside 《》 and a year range 2018—2035 in the title",
    "027": "short 复函 (two pages, the second holding the paragraph's end and the 署名); 成文日期 in "
           "Chinese numerals (二〇〇四年四月二十七日)",
    "028": "holiday 通知 full of dates (元旦：2018年12月30日至2019年1月1日 …) and 发文字号 国办发明电",
    "029": "意见 with （一）…（十五） items spanning pages",
    "030": "通报 with 5·13-style event names (middle dot typeset as U+30FB) and 附注 （本文有删减）",
    "031": "name list: leading full-width-space indentation and gaps inside lines (name　　post)",
    "032": "批复 with 附件说明, an 附件 label + attachment on a new page, and a second centred list title",
    "033": "name list with aligned continuation lines",
}


def page_of(pages: list[Page], role: str) -> int | None:
    for k, p in enumerate(pages, start=1):
        if any(r == role for r, _ in p.lines):
            return k
    return None


def expected_record(fx: Fixture, doc: Doc, pages: list[Page], page_numbers: list[str]) -> dict:
    body_paras = [b.text for b in doc.body if b.kind in ("para",)]
    after = []
    for b in doc.after:
        if b.kind in ("para", "note", "label"):
            after.append(b.text)
        elif b.kind == "title":
            after.append("".join(b.lines))
    rec = {
        "file": fx.file,
        "source": doc.source,
        "gold_file": doc.gold_file,
        "variant": fx.variant,
        "purpose": fx.purpose,
        "has_text_layer": fx.variant != "scanned",
        "password": fx.password,
        "issuer_mark": doc.issuer_mark,
        "issuer_mark_parts": doc.issuer_mark_parts,
        "issuers": doc.issuers,
        "doc_number": doc.doc_number,
        "title_lines": doc.title_lines,
        "title": doc.title,
        "recipients": doc.recipients,
        "paragraphs": body_paras,
        "signature": doc.signature,
        "date": doc.date,
        "after_signature": after,
        "banji": (dict(doc.banji, line=doc.banji["printer"] + " " + doc.banji["print_date"] + "印发")
                  if doc.banji else None),
        "pages": len(pages),
        "page_numbers": page_numbers,
        "page_lines": [[[role, t] for role, t in p.lines] for p in pages],
        "source_notes": doc.source_notes,
    }
    raw = {}
    if fx.opts.spaced:
        raw["doc_number"] = " ".join(spaced_segments(doc.doc_number))
        raw["date"] = " ".join(spaced_segments(doc.date))
        if doc.banji:
            raw["banji_print_date"] = " ".join(spaced_segments(doc.banji["print_date"] + "印发"))
    if fx.opts.bold:
        raw["issuer_mark"] = "".join(c + c for c in doc.issuer_mark)
        raw["title_lines"] = ["".join(c + c for c in t) for t in doc.title_lines]
    if len(doc.issuers) > 1:
        raw["issuer_mark_note"] = ("names are justified to the width of the longest one, so shorter names "
                                   "extract with spaces between characters; 文件 shares the first name's row")
    rec["raw_extraction_hints"] = raw or None
    return rec


def load_docs(corpus_dir: Path, seeds_dir: Path) -> dict[str, Doc]:
    docs: dict[str, Doc] = {}
    seed = seeds_dir / "003_e226338f45839dff.txt"
    docs["003"] = load_seed_doc(seed, seeds_dir)
    for n in range(21, 34):
        p = corpus_dir / "docs" / f"{n:03d}.html"
        docs[p.stem] = load_html_doc(p, corpus_dir)
    return docs


def build(outdir: Path, corpus_dir: Path = DEFAULT_CORPUS, seeds_dir: Path = DEFAULT_SEEDS) -> list[dict]:
    register_fonts()
    outdir.mkdir(parents=True, exist_ok=True)
    docs = load_docs(corpus_dir, seeds_dir)
    records = []
    for fx in fixture_plan(docs):
        doc = docs[fx.key]
        lay = Layout(doc, fx.opts)
        numbers = lay.run()
        pages = lay.pages
        if fx.variant == "scanned":
            render_scanned_pdf(doc, pages, outdir / fx.file)
        else:
            render_pdf(doc, pages, outdir / fx.file, encrypt=fx.password)
        records.append(expected_record(fx, doc, pages, numbers))
    (outdir / "expected.json").write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
    (outdir / "README.md").write_text(readme(records), encoding="utf-8")
    return records


def readme(records: list[dict]) -> str:
    rows = "\n".join(
        f"| `{r['file']}` | `{r['source']}` | {r['variant']} | {r['pages']} | {r['purpose']} |" for r in records)
    return README_TEMPLATE.format(rows=rows)


README_TEMPLATE = """\
# PDF fixtures: real 公文 texts typeset in GB/T 9704-2012 layout

Generated by `tools/gongwen_pdf.py` (`python tools/gongwen_pdf.py tests/fixtures/pdf`); do not edit
by hand — change the generator and rerun. Output is deterministic (reportlab `invariant=1`,
seeded noise for the scan), so a rerun with the same reportlab/Pillow versions gives identical bytes.

Texts are real documents, unedited except for layout: the county notice 柳北政发〔2025〕2号 from
`/work/shared/seeds/003_e226338f45839dff.txt` (website chrome dropped) and the State Council /
General Office documents `/work/shared/corpus/docs/021.html`–`033.html` (text of the element
`#UCAP-CONTENT`, 发文字号 checked against the page's metadata table). Gold labels for the same
documents are in `/work/shared/corpus/gold.jsonl` (`gold_file` in `expected.json` is its `file` key).

Layout: A4, 版心 156×225 mm (top 37 mm, left 28 mm), 22 lines × 28 characters, 3号 (16 pt) body,
red 发文机关标志, centred 发文字号, red separator, centred 2号 (22 pt) title, 主送 flush left,
justified body paragraphs with a 2-character first-line indent wrapped at the text width (lines
break mid-sentence), unsealed 署名 and 成文日期 at the right, 附注 and attachments after them,
page numbers `— N —` (odd pages right, even pages left), 版记 at the foot of the last page when the
source has one (only 003: 印发机关和印发日期; no source has a 抄送 line, none was invented).

Font: reportlab's built-in CID font `STSong-Light` (not embedded; no download). pdfplumber extracts
it as real characters (no `(cid:NN)`). reportlab silently drops U+00B7 (·, in 030's “5·13”) with
this font, so it is drawn as U+30FB, the same Adobe-GB1 glyph, which pdfminer extracts as U+00B7:
the extracted text equals the source. All text is set in this one font (no 仿宋/黑体/楷体
distinction). `scanned.pdf` is drawn with Pillow using WenQuanYi Zen Hei
(`apt-get install fonts-wqy-zenhei`).

026 is a joint document, so its only file is `026_joint.pdf` (the joint-issuer variant); in
`extract_text()` its mark comes out as `国 务 院 办 公 厅` / `文件` / `中央军委办公厅` (the shorter name
is spread to the longer one's width, and 文件 sits between the two rows), as in real joint notices.

Encryption: reportlab writes a CID font's CIDSystemInfo strings unencrypted, which makes pdfminer
return `(cid:NN)` for every character of an encrypted file; the generator patches reportlab (at
run time, in-process) to encrypt them, so `encrypted.pdf` extracts cleanly with the password.

Checked: for every text-layer PDF, pdfplumber's `extract_text_lines()` (after `dedupe_chars()` for
the bold variants) gives exactly the lines in `page_lines`, page by page (whitespace ignored);
`scanned.pdf` has no characters at all. Needs: reportlab, Pillow, lxml (all in `.venv`) and, for
the scan only, fonts-wqy-zenhei.

Source corrections: 003's web page prints the 成文日期 under the signature as `2025219`; it is
typeset as `2025年2月19日` (the page's 成文日期 field, and the 印发 date). Runs of `&nbsp;` inside
name-list lines (031–033) are typeset as full-width-space gaps; compare those lines with
whitespace removed.

| file | typeset from | variant | pages | meant to test |
|---|---|---|---|---|
{rows}

## expected.json

A list with one object per PDF:

- `file`, `source` (path of the real text), `gold_file`, `variant`, `purpose`, `has_text_layer`,
  `password` (only `encrypted.pdf`: `policydoc`).
- `issuer_mark` (e.g. `国务院文件`; joint: names then `文件`), `issuer_mark_parts`, `issuers`.
- `doc_number`, `title_lines` (as broken in print), `title`, `recipients` (printed followed by `：`).
- `paragraphs`: the body paragraphs between 主送 and 署名, each a whole paragraph as typeset (the
  PDF wraps them over several lines and pages; a reader must rejoin them).
- `signature`, `date` (as printed: `2019年1月27日`, or Chinese numerals in 026, 027, 030).
- `after_signature`: 附注, 附件 label, attachment / transmitted-document titles (joined) and
  paragraphs, in order.
- `banji`: `{{cc, printer, print_date, line}}` or `null`.
- `pages`, `page_numbers` (`— 1 —` …): page furniture a reader must drop.
- `page_lines`: for every page the typeset lines in order as `[role, text]` (roles: issuer_mark,
  doc_number, title, recipients, body, signature, date, note, attachment_label, attachment_title,
  after_signature, banji_print, page_number) — the exact line breaks of the PDF.
- `raw_extraction_hints`: for damaged variants, what a plain `extract_text()` is expected to show
  (`〔2025〕2 号`, doubled bold characters, …).
- `source_notes`: corrections made to the source text (003's date).
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--seeds-dir", type=Path, default=DEFAULT_SEEDS)
    a = ap.parse_args(argv)
    recs = build(a.outdir, a.corpus_dir, a.seeds_dir)
    for r in recs:
        print(f"{r['file']:18} {r['pages']:2d} pages  {r['variant']:9} {r['source']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
