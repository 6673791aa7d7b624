"""OpenDocument text (``.odt``, ISO/IEC 26300): paragraphs, headings, lists, tables and text boxes.

``content.xml`` holds the body in document order (``text:h``, ``text:p``, ``text:list``,
``table:table``, ``text:section``); headers and footers live in ``styles.xml`` and stay out, as in
the DOCX reader. Text boxes (``draw:frame``/``draw:text-box``, where templates put the 发文机关标志)
are read in place, before the paragraph that anchors them. List labels ("一、", "（二）") are computed
by the office program from the list style and are not in the file, so they are not in the text.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..document import Document
from ..errors import CorruptFileError, FileTooLargeError, NoTextError

MAX_CONTENT = 64 * 1024 * 1024


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _inline(el, boxes: list[str]) -> str:
    """Text of a paragraph: spans, links, spaces (text:s c=N), tabs and line breaks; frames go to *boxes*."""
    out = [el.text or ""]
    for c in el:
        name = _local(c.tag)
        if name == "s":
            out.append(" " * int(c.get("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}c", "1") or 1))
        elif name == "tab":
            out.append("\t")
        elif name == "line-break":
            out.append("\n")
        elif name in ("note", "annotation", "bookmark-ref", "change"):
            pass  # footnotes and comments are not the body text
        elif name == "frame":
            for box in c.iter():
                if _local(box.tag) == "text-box":
                    _blocks(box, boxes)
        else:
            out.append(_inline(c, boxes))
        out.append(c.tail or "")
    return "".join(out)


def _blocks(parent, lines: list[str]) -> None:
    for el in parent:
        name = _local(el.tag)
        if name in ("p", "h"):
            boxes: list[str] = []
            text = _inline(el, boxes)
            lines.extend(boxes)
            lines.append(text)
        elif name in ("list", "list-item", "list-header", "section", "text-box", "index-body",
                      "table-of-content", "deletion"):
            if name != "deletion":
                _blocks(el, lines)
        elif name == "table":
            for row in el.iter():
                if _local(row.tag) == "table-row":
                    cells = []
                    for cell in row:
                        if _local(cell.tag) == "table-cell":
                            sub: list[str] = []
                            _blocks(cell, sub)
                            cells.append(" ".join(s.strip() for s in sub if s.strip()))
                    if any(cells):
                        lines.append("\t".join(cells))


def read_odt(path: str | Path, **_: object) -> Document:
    """Read an OpenDocument text file.

    >>> doc = read_odt("liubei_2025_2.odt")  # doctest: +SKIP
    >>> doc.raw_text.splitlines()[:2]  # doctest: +SKIP
    ['柳州市柳北区人民政府文件', '柳北政发〔2025〕2号']
    """
    from lxml import etree

    p = Path(path)
    try:
        with zipfile.ZipFile(p) as z:
            info = z.getinfo("content.xml")
            if info.file_size > MAX_CONTENT:
                raise FileTooLargeError(p, f"content.xml unpacks to {info.file_size:,} bytes", f"limit {MAX_CONTENT:,}")
            data = z.read(info)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise CorruptFileError(p, "the OpenDocument container is damaged or has no content.xml", str(exc)) from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptFileError(p, "content.xml is not well-formed XML", str(exc)) from exc
    body = next((el for el in root.iter() if _local(el.tag) == "text" and _local(el.getparent().tag) == "body"), None)
    if body is None:
        raise CorruptFileError(p, "content.xml has no office:text body")
    lines: list[str] = []
    _blocks(body, lines)
    text = "\n".join(ln.rstrip() for ln in lines)
    if not text.strip():
        raise NoTextError(p, "the OpenDocument text has no paragraphs with text")
    return Document(source=str(path), format="odt", raw_text=text + "\n")
