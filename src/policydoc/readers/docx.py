"""DOCX reader on python-docx: body paragraphs and tables in document order.

Headers and footers are kept apart (``doc.extras['docx_headers']``), text boxes are read
where they stand (公文 templates often put the 发文机关标志 in one), and Word's automatic
list numbering ("一、", "（一）", "1.") is rendered, since python-docx leaves it out and
the outline depends on it.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..document import Document
from ..errors import CorruptFileError, FileTooLargeError

#: Refuse archives that would inflate beyond this, or by more than MAX_RATIO (zip bombs).
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 200

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Chinese counting numerals as Word's ``chineseCounting`` renders them.

    >>> chinese_number(1), chinese_number(10), chinese_number(12), chinese_number(20), chinese_number(105)
    ('一', '十', '十二', '二十', '一百零五')
    """
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                     (_CN_DIGITS[rest // 10] + "十" + (_CN_DIGITS[rest % 10] if rest % 10 else "")))
        return _CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def _fmt(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified",
               "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "upperLetter":
        return chr(64 + (n - 1) % 26 + 1)
    if fmt == "lowerLetter":
        return chr(96 + (n - 1) % 26 + 1)
    if fmt == "upperRoman" or fmt == "lowerRoman":
        vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        out, k = "", n
        for v, s in vals:
            while k >= v:
                out, k = out + s, k - v
        return out if fmt == "upperRoman" else out.lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Counters for Word's automatic numbering (numbering.xml)."""

    def __init__(self, docx_document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            part = docx_document.part.numbering_part
        except (NotImplementedError, KeyError, AttributeError):
            return
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iter(_W + "abstractNum"):
            lv = {}
            for lvl in an.iter(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                fmt = lvl.find(_W + "numFmt")
                txt = lvl.find(_W + "lvlText")
                start = lvl.find(_W + "start")
                lv[ilvl] = (fmt.get(_W + "val") if fmt is not None else "decimal",
                            txt.get(_W + "val") if txt is not None else "",
                            int(start.get(_W + "val")) if start is not None else 1)
            abstract[an.get(_W + "abstractNumId")] = lv
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is not None and ref.get(_W + "val") in abstract:
                self.levels[num.get(_W + "numId")] = abstract[ref.get(_W + "val")]

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = levels[ilvl]
        counters[ilvl] = max(counters[ilvl], start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        out = text
        for k in range(ilvl + 1):
            if f"%{k + 1}" in out:
                kfmt, _, kstart = levels.get(k, ("decimal", "", 1))
                out = out.replace(f"%{k + 1}", _fmt(max(counters[k], kstart), kfmt))
        return out


def _check_zip(p: Path) -> None:
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptFileError(p, "the DOCX container is damaged or truncated", str(exc)) from exc
    except (UnicodeDecodeError, ValueError, EOFError, NotImplementedError) as exc:  # e.g. a name flagged UTF-8 that is not
        raise CorruptFileError(p, "the DOCX container's file names are damaged",
                               f"{type(exc).__name__}: {exc}") from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO and total > 16 * 1024 * 1024:
        raise FileTooLargeError(p, "the DOCX would inflate to an unsafe size (zip bomb?)",
                                f"{total / 2**20:.0f} MB from {packed / 2**20:.1f} MB packed")


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _in_box(node, top) -> bool:
    """True when *node* sits in a text box (or a Word fallback copy) below *top*."""
    for a in node.iterancestors():
        if a is top:
            return False
        if a.tag in (_W + "txbxContent", _MC_FALLBACK):
            return True
    return False


def _para_text(p_el) -> str:
    parts = []
    for node in p_el.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen"):
        if _in_box(node, p_el):  # text boxes are read as lines of their own, not inside the anchor's text
            continue
        tag = node.tag[len(_W):]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
        else:
            parts.append("-")
    return "".join(parts)


def _num_props(p_el, styles_num: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    ppr = p_el.find(_W + "pPr")
    if ppr is not None:
        numpr = ppr.find(_W + "numPr")
        if numpr is not None:
            nid = numpr.find(_W + "numId")
            ilvl = numpr.find(_W + "ilvl")
            if nid is not None and nid.get(_W + "val") != "0":
                return nid.get(_W + "val"), int(ilvl.get(_W + "val")) if ilvl is not None else 0
        style = ppr.find(_W + "pStyle")
        if style is not None and style.get(_W + "val") in styles_num:
            return styles_num[style.get(_W + "val")]
    return None


def _own(el, tag: str, owner: str):
    """Descendants of *el* with *tag* whose nearest *owner* ancestor (``tbl`` or ``tc``) is *el* itself:
    the rows of this table, not of a table nested in one of its cells."""
    for node in el.iter(_W + tag):
        for a in node.iterancestors(_W + owner):
            if a is el:
                yield node
            break


def _table_lines(tbl, lines: list[str]) -> int:
    """Append one tab-separated line per row of *tbl*; a table nested in a cell follows its row, and
    each text appears once. Returns the number of tables read (nested ones included).

    >>> from lxml import etree
    >>> W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    >>> inner = '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>劳模</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
    >>> outer = etree.fromstring(f'<w:tbl {W}><w:tr><w:tc><w:p><w:r><w:t>名单</w:t></w:r></w:p>{inner}</w:tc>'
    ...                          '<w:tc><w:p><w:r><w:t>备注</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    >>> out = []; _table_lines(outer, out), out
    (2, ['名单\\t备注', '劳模'])
    """
    count = 1
    for row in _own(tbl, "tr", "tbl"):
        cells, nested = [], []
        for cell in _own(row, "tc", "tr"):
            ct = "".join(_para_text(cp) for cp in _own(cell, "p", "tc")).strip()
            nested.extend(_own(cell, "tbl", "tc"))
            if not cells or ct != cells[-1]:  # merged cells repeat their text
                cells.append(ct)
        if any(cells):
            lines.append("\t".join(cells))
        for t in nested:
            count += _table_lines(t, lines)
    return count


def read_docx(path: str | Path, **_: object) -> Document:
    """Read a Word document (Word, WPS and LibreOffice output alike).

    >>> doc = read_docx("tests/fixtures/docx/liubei_2025_2.docx")  # doctest: +SKIP
    >>> doc.raw_text.splitlines()[0]  # doctest: +SKIP
    '柳北政发〔2025〕2号'
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    p = Path(path)
    _check_zip(p)
    try:
        d = docx.Document(str(p))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise CorruptFileError(p, "not a readable Word document", f"{type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # lxml errors on damaged XML, etc.
        raise CorruptFileError(p, "the Word document's XML is damaged", f"{type(exc).__name__}: {exc}") from exc

    numbering = _Numbering(d)
    styles_num: dict[str, tuple[str, int]] = {}
    try:
        for st in d.styles.element.iter(_W + "style"):
            numpr = st.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None and numpr.find(_W + "numId") is not None:
                ilvl = numpr.find(_W + "ilvl")
                styles_num[st.get(_W + "styleId")] = (numpr.find(_W + "numId").get(_W + "val"),
                                                      int(ilvl.get(_W + "val")) if ilvl is not None else 0)
    except Exception:  # styles are optional; numbering just stays unrendered
        pass

    lines: list[str] = []
    tables = 0
    for el in d.element.body.iterchildren():
        tag = el.tag[len(_W):] if el.tag.startswith(_W) else el.tag
        if tag == "p":
            for box in el.iter(_W + "txbxContent"):
                if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):  # Word's VML copy of the same box
                    continue
                for bp in box.iter(_W + "p"):
                    t = _para_text(bp).strip()
                    if t:
                        lines.append(t)
            text = "".join(_para_text(r) for r in el if r.tag in (_W + "r", _W + "hyperlink", _W + "ins",
                                                                     _W + "smartTag", _W + "fldSimple"))
            num = _num_props(el, styles_num)
            if num and text.strip():
                text = numbering.label(*num) + text
            lines.append(text)
        elif tag == "tbl":
            tables += _table_lines(el, lines)
    headers = []
    for sec in d.sections:
        for part in (sec.header, sec.footer):
            try:
                t = "\n".join(pp.text for pp in part.paragraphs if pp.text.strip())
            except Exception:
                t = ""
            if t and t not in headers:
                headers.append(t)
    doc = Document(source=str(path), format="docx", raw_text="\n".join(lines))
    doc.extras["docx_headers"] = headers
    doc.meta["tables"] = tables
    return doc
