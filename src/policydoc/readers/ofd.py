"""OFD (GB/T 33190-2016), the national fixed-layout format: text with positions, like a PDF.

An OFD file is a zip: ``OFD.xml`` names the document root (``Doc_0/Document.xml``), which lists the
pages (``Pages/Page_N/Content.xml``) and template pages. Text is drawn by ``TextObject`` elements
(``Boundary="x y w h"`` in millimetres, font ``Size`` in millimetres, ``FillColor``) holding
``TextCode`` runs (``X``/``Y`` of the baseline inside the boundary, ``DeltaX`` advances with the
``g N d`` shorthand). Runs are grouped into visual lines by baseline and turned into
:class:`~policydoc.document.LayoutLine` objects in points, so the PDF layout stages (page numbers,
rejoined lines, the red 发文机关标志) apply unchanged.

Our own reader rather than a library: lxml is already a dependency, the subset we need is small
and stable, and the one pure-Python candidate on PyPI (ofdkit 0.2) is new and brings far more
than text extraction.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..document import Document, LayoutLine, Page
from ..errors import CorruptFileError, FileTooLargeError, NoTextError

MM = 72 / 25.4  # points per millimetre
#: Largest XML part we parse (uncompressed): a text page is a few hundred kB.
MAX_PART = 64 * 1024 * 1024
_NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass
class _Run:
    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    red: bool


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _floats(s: str | None) -> list[float]:
    return [float(x) for x in _NUM.findall(s or "")]


def deltas(spec: str | None) -> list[float]:
    """Expand a ``DeltaX`` list, including GB/T 33190's ``g count value`` shorthand.

    >>> deltas("g 3 5.57 2.77 g 2 1")
    [5.57, 5.57, 5.57, 2.77, 1.0, 1.0]
    """
    out: list[float] = []
    toks = (spec or "").split()
    i = 0
    while i < len(toks):
        if toks[i] == "g" and i + 2 < len(toks):
            out += [float(toks[i + 2])] * int(float(toks[i + 1]))
            i += 3
        else:
            try:
                out.append(float(toks[i]))
            except ValueError:
                pass
            i += 1
    return out


def _is_red(color) -> bool:
    """``Value="#ee #20 #25"`` (hex) or ``"238 32 37"`` in an RGB colour space: red as in the PDF reader."""
    if color is None:
        return False
    vals = []
    for t in (color.get("Value") or "").split():
        try:
            vals.append(int(t[1:], 16) if t.startswith("#") else float(t))
        except ValueError:
            return False
    if len(vals) != 3:
        return False
    r, g, b = (v / 255 for v in vals)
    return r > 0.6 and g < 0.35 and b < 0.35


def _parse(z: zipfile.ZipFile, name: str, p: Path):
    from lxml import etree

    try:
        info = z.getinfo(name)
    except KeyError as exc:
        raise CorruptFileError(p, f"the OFD package has no {name}", "listed but missing") from exc
    if info.file_size > MAX_PART:
        raise FileTooLargeError(p, f"{name} unpacks to {info.file_size:,} bytes", f"limit {MAX_PART:,}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        return etree.fromstring(z.read(name), parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptFileError(p, f"{name} is not well-formed XML", str(exc)) from exc


def _child(el, name: str):
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _find_all(el, name: str):
    return [c for c in el.iter() if _local(c.tag) == name]


def _resolve(base_dir: str, loc: str) -> str:
    loc = loc.strip().lstrip("/") if loc.strip().startswith("/") else posixpath.join(base_dir, loc.strip())
    return posixpath.normpath(loc)


def _runs(root) -> list[_Run]:
    runs: list[_Run] = []
    for obj in _find_all(root, "TextObject"):
        box = _floats(obj.get("Boundary"))
        if len(box) < 4:
            continue
        bx, by = box[0], box[1]
        size = float(obj.get("Size") or 3.5)
        ctm = _floats(obj.get("CTM"))
        sx = ctm[0] if len(ctm) == 6 and ctm[0] > 0 else 1.0  # a scaling CTM (a b c d e f): keep only the x scale
        red = _is_red(_child(obj, "FillColor"))
        x = y = 0.0
        for code in obj:
            if _local(code.tag) != "TextCode":
                continue
            text = code.text or ""
            if code.get("X") is not None:
                x = float(code.get("X"))
            if code.get("Y") is not None:
                y = float(code.get("Y"))
            if not text:
                continue
            adv = deltas(code.get("DeltaX"))
            width = sum(adv[:len(text) - 1]) + size * (0.5 if text[-1].isascii() else 1.0)
            runs.append(_Run(text, bx + x * sx, bx + (x + width) * sx, by + y, size, red))
    return runs


def _lines(runs: list[_Run]) -> list[list[_Run]]:
    """Runs on one baseline (within a third of the font size) form a line, left to right."""
    lines: list[list[_Run]] = []
    for r in sorted(runs, key=lambda r: (round(r.baseline, 1), r.x0)):
        if lines and abs(lines[-1][0].baseline - r.baseline) <= 0.35 * min(lines[-1][0].size, r.size):
            lines[-1].append(r)
        else:
            lines.append([r])
    return [sorted(ln, key=lambda r: r.x0) for ln in lines]


def read_ofd(path: str | Path, **_: object) -> Document:
    """Read an OFD file's text layer, page by page, with positions.

    >>> doc = read_ofd("tests/fixtures/ofd/lu_wei_fa_2011_76.ofd")  # doctest: +SKIP
    >>> doc.raw_text.splitlines()[1]  # doctest: +SKIP
    '路卫发〔2011〕76号'
    """
    p = Path(path)
    try:
        z = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptFileError(p, "the OFD zip container is damaged or truncated", str(exc)) from exc
    with z:
        names = {n.lower(): n for n in z.namelist()}
        entry = names.get("ofd.xml")
        if entry is None:
            raise CorruptFileError(p, "the OFD package has no OFD.xml")
        ofd = _parse(z, entry, p)
        roots = [el.text.strip() for el in _find_all(ofd, "DocRoot") if el.text and el.text.strip()]
        if not roots:
            raise CorruptFileError(p, "OFD.xml names no document (DocRoot)")
        doc_loc = _resolve("", roots[0])
        doc_loc = names.get(doc_loc.lower(), doc_loc)
        document = _parse(z, doc_loc, p)
        base = posixpath.dirname(doc_loc)
        common = _child(document, "CommonData")
        default_box = _floats(_child(_child(common, "PageArea"), "PhysicalBox").text) if (
            common is not None and _child(common, "PageArea") is not None
            and _child(_child(common, "PageArea"), "PhysicalBox") is not None) else [0, 0, 210, 297]
        templates = {}
        if common is not None:
            for t in _find_all(common, "TemplatePage"):
                if t.get("ID") and t.get("BaseLoc"):
                    templates[t.get("ID")] = _resolve(base, t.get("BaseLoc"))
        pages_el = _child(document, "Pages")
        page_locs = [_resolve(base, pg.get("BaseLoc")) for pg in (pages_el if pages_el is not None else [])
                     if _local(pg.tag) == "Page" and pg.get("BaseLoc")]
        if not page_locs:
            raise CorruptFileError(p, "the OFD document lists no pages")
        doc = Document(source=str(path), format="ofd")
        info = {_local(el.tag): (el.text or "").strip() for el in _find_all(ofd, "DocInfo")[0]} if _find_all(
            ofd, "DocInfo") else {}
        # the package's own metadata (DocInfo: Title is often the issuing body, Author the operator): kept, never a field
        doc.meta["ofd_docinfo"] = {k: v for k, v in info.items() if k in ("Title", "Author", "CreationDate", "Creator")
                                   and v}
        parts: list[str] = []
        pages: list[Page] = []
        layout: list[LayoutLine] = []
        pos = 0
        for number, loc in enumerate(page_locs, start=1):
            page = _parse(z, names.get(loc.lower(), loc), p)
            area = _child(page, "Area")
            box = _floats(_child(area, "PhysicalBox").text) if area is not None and _child(area, "PhysicalBox") \
                is not None else default_box
            runs: list[_Run] = []
            for tpl in _find_all(page, "Template"):  # template pages (running heads, red rules) under the page
                tloc = templates.get(tpl.get("TemplateID") or "")
                if tloc:
                    runs += _runs(_parse(z, names.get(tloc.lower(), tloc), p))
            runs += _runs(page)
            start = pos
            for ln in _lines(runs):
                text = ln[0].text
                for a, b in zip(ln, ln[1:]):
                    text += (" " if b.x0 - a.x1 > max(a.size, b.size) else "") + b.text
                size = max(r.size for r in ln)
                base_y = ln[0].baseline
                red = sum(len(r.text) for r in ln if r.red) > len(text.replace(" ", "")) / 2
                layout.append(LayoutLine(pos, pos + len(text), number, ln[0].x0 * MM, ln[-1].x1 * MM,
                                         (base_y - size) * MM, (base_y + 0.2 * size) * MM, round(size * MM, 2), red))
                parts += [text, "\n"]
                pos += len(text) + 1
            width = (box[2] if len(box) >= 4 else 210) * MM
            height = (box[3] if len(box) >= 4 else 297) * MM
            pages.append(Page(number, start, pos, scanned=start == pos, width=width, height=height))
    doc.raw_text = "".join(parts)
    doc.pages = pages
    doc.layout = layout
    doc.meta["page_count"] = len(pages)
    if not doc.raw_text.strip():
        raise NoTextError(p, "no OFD page holds text objects (an image-only OFD?)", f"{len(pages)} page(s)")
    for pg in pages:
        if pg.scanned:
            doc.warn("scanned_page", f"page {pg.number} has no text objects", pg.number)
    return doc
