"""HTML reader for saved government web pages.

Two things come out of a page: the document's own text (navigation, scripts, share
buttons and footers removed), and the site's metadata table (索引号, 发文机关, 成文日期,
发文字号 …) kept apart in ``site_metadata``. Site metadata is often wrong (a publish
date given as 成文日期, an office given as issuer), so extractors treat it as evidence
only, never as the answer on its own.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..document import Document
from ..errors import CorruptFileError
from .text import DEFAULT_MAX_BYTES, decode, read_bytes_limited

#: Labels of the metadata tables government sites put above a document, and the key we store.
SITE_METADATA_LABELS = {
    "索引号": "索引号", "主题分类": "主题分类", "发文机关": "发文机关", "发文单位": "发文机关",
    "发布机构": "发布机构", "成文日期": "成文日期", "标题": "标题", "名称": "标题", "发文字号": "发文字号",
    "文号": "发文字号", "发布日期": "发布日期", "效力状态": "效力状态", "有效性": "效力状态",
    "主题词": "主题词", "生效日期": "生效日期", "废止日期": "废止日期", "公开方式": "公开方式",
}
_LABEL_RX = re.compile(r"^\s*(" + "|".join(sorted({re.escape("".join(k)) for k in SITE_METADATA_LABELS}, key=len,
                                                       reverse=True)) + r")\s*[:：]?\s*$")
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "select", "button", "nav", "head", "svg",
              "object", "embed", "input", "textarea")
_CHROME_RX = re.compile(r"(^|[-_ ])(nav|menu|breadcrumb|crumb|footer|foot|share|toolbar|copyright|sidebar|"
                        r"header|topbar|login|search|related|qrcode|ewm)([-_ ]|$)", re.I)
_CONTENT_IDS = ("UCAP-CONTENT", "zoom", "TRS_Editor", "Zoom", "fontzoom", "pages_content", "article-content",
                "content", "mainText", "con_txt")
_CONTENT_CLASSES = ("TRS_Editor", "pages_content", "article-content", "article", "Custom_UnionStyle",
                    "view", "zw", "content", "con", "text")
_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "tbody", "thead", "hr"}
_HAN = re.compile(r"[\u4e00-\u9fff]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _decode_html(data: bytes, path: Path) -> tuple[str, str]:
    m = _META_CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        enc = {"gb2312": "gb18030", "gbk": "gb18030", "utf8": "utf-8"}.get(enc, enc)
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass  # the page lies about its charset; fall back to detection
    return decode(data, path)


def _han_count(el) -> int:
    return len(_HAN.findall(el.text_content() or ""))


def _link_han(el) -> int:
    return sum(len(_HAN.findall(a.text_content() or "")) for a in el.iter("a"))


def _render(el) -> str:
    """Text with block elements on their own lines and table cells tab-separated."""
    out: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK:
            out.append("\n")
        if node.text and tag:
            out.append(node.text)
        for child in node:
            walk(child)
            if isinstance(child.tag, str) and child.tag in ("td", "th"):
                out.append("\t")
            if child.tail:
                out.append(child.tail)
        if tag in _BLOCK:
            out.append("\n")

    walk(el)
    # entities lxml could not decode are page junk ("国务院办公厅 &sp;")
    text = re.sub(r"&[a-zA-Z]{1,8};", " ", "".join(out).replace("\xa0", " "))
    lines = [re.sub(r"[ \t\r\f\v]+$", "", ln).strip("\t") for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln.strip())


def _extract_metadata(root) -> dict[str, str]:
    meta: dict[str, str] = {}
    for cell in root.iter("td", "th", "span", "b", "strong", "label", "li", "div", "p"):
        label_text = (cell.text_content() or "").replace("\u3000", "").replace(" ", "")
        if len(label_text) > 8:
            continue
        m = _LABEL_RX.match(label_text)
        if not m or not re.search(r"[:：]", label_text + ":"):
            continue
        key = SITE_METADATA_LABELS.get(m.group(1))
        target = cell
        # the value is in the next cell (tables) or the tail / next sibling (inline lists)
        while target is not None and target.getnext() is None and target.getparent() is not None \
                and target.getparent().tag in ("b", "strong", "span", "label"):
            target = target.getparent()
        nxt = target.getnext() if target is not None else None
        value = (nxt.text_content() if nxt is not None else "") or ""
        if not value.strip() and target is not None and target.tail:
            value = target.tail
        value = re.sub(r"\s+", " ", value).strip()
        if key and value and key not in meta and len(value) < 300:
            meta[key] = value
    return meta


def _drop_metadata_tables(root) -> None:
    for table in list(root.iter("table")):
        labels = 0
        for cell in table.iter("td", "th"):
            if next(cell.iterancestors("table"), None) is not table:
                continue  # count only this table's own cells: never drop a layout table around content
            t = (cell.text_content() or "").replace("\u3000", "").replace(" ", "")
            if len(t) <= 8 and _LABEL_RX.match(t):
                labels += 1
        if labels >= 3 and table.getparent() is not None:
            table.drop_tree()


def _main_content(root):
    for cid in _CONTENT_IDS:
        for el in root.iter():
            if isinstance(el.tag, str) and el.get("id") == cid and _han_count(el) >= 30:
                return el, f"id={cid}"
    for cls in _CONTENT_CLASSES:
        for el in root.iter("div", "td", "article", "section"):
            classes = (el.get("class") or "").split()
            if cls in classes and _han_count(el) >= 80:
                return el, f"class={cls}"
    # Density: descend while one child holds most of the non-link Chinese text.
    node = root.find("body") if root.find("body") is not None else root
    while True:
        total = _han_count(node) - _link_han(node)
        best = None
        for child in node:
            if not isinstance(child.tag, str):
                continue
            score = _han_count(child) - _link_han(child)
            if total > 0 and score >= 0.7 * total:
                best = child
                break
        if best is None:
            return node, "density"
        node = best


def read_html(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, **_: object) -> Document:
    """Read a saved web page: main text in ``raw_text``, the metadata table in ``site_metadata``.

    >>> doc = read_html("../shared/corpus/docs/021.html")  # doctest: +SKIP
    >>> doc.site_metadata["发文字号"]  # doctest: +SKIP
    '国发〔2019〕5号'
    """
    import lxml.etree
    import lxml.html

    p = Path(path)
    data, truncated = read_bytes_limited(p, max_bytes)
    text, enc = _decode_html(data, p)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise CorruptFileError(p, "the HTML could not be parsed", str(exc)) from exc
    for bad in list(root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        bad.drop_tree() if hasattr(bad, "drop_tree") else bad.getparent().remove(bad)
    for tag in _DROP_TAGS:
        for el in list(root.iter(tag)):
            if el.getparent() is not None:
                el.drop_tree()
    meta = _extract_metadata(root)
    _drop_metadata_tables(root)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        tokens = f"{el.get('class') or ''} {el.get('id') or ''}"
        if tokens.strip() and _CHROME_RX.search(tokens) and el.get("id") not in _CONTENT_IDS:
            if _link_han(el) >= 0.5 * max(_han_count(el), 1) or _han_count(el) < 200:
                el.drop_tree()
    content, how = _main_content(root)
    body = _render(content)
    doc = Document(source=str(path), format="html", raw_text=body, site_metadata=meta,
                   meta={"encoding": enc, "content": how})
    title = root.find(".//title")
    if title is not None and title.text:
        doc.meta["page_title"] = title.text.strip()
    if truncated:
        doc.warn("truncated", f"page is larger than {max_bytes / 2**20:.0f} MB; only the start was read")
    if not body.strip():
        doc.warn("empty_content", "the page has no main text")
    return doc
