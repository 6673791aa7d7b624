"""The title of an announcement that publishes a law: the law's name, as for a 令.

A 人大常委会公告 (or a government's 令 printed as a 公告) has the organ as its heading
("安徽省人民代表大会常务委员会公告"), and its body says "《安徽省新就业形态劳动者劳动权益保障规定》已经…通过，现予公布".
The document is known by the law it publishes, as an order is by the rules it publishes (the gold convention of
命令), so that name, cited in 《》 with 现予公布, is the title; the 文种 stays 公告.

A covering note whose own title was lost (a web copy that starts at its 主送) keeps no title: the name of what it
carries is not its title, and is given as ``transmitted.title``.
"""
from __future__ import annotations

import re

from ..document import Document
from .doc_type import doc_type_of

#: "《X》已经2025年7月10日…会议通过，现予公布".
_CITED = re.compile(r"《(?P<name>[^《》]{4,80})》")
_PUBLISHES = re.compile(r"现予(?:公布|发布)")
#: An organ's announcement heading with nothing else: "安徽省人民代表大会常务委员会公告", "XX市人民政府令".
_ANNOUNCEMENT = re.compile(r"^[\u4e00-\u9fff]{4,40}?(?:公告|令)$")


def announced_law_title(doc: Document) -> None:
    """Set the title of an organ's 公告/令 heading to the name of the law it publishes.

    >>> from policydoc import parse_text
    >>> doc = parse_text("安徽省人民代表大会常务委员会公告\\n(十四届)第五十三号\\n《安徽省新就业形态劳动者劳动权益保障规定》已经"
    ...                  "2025年7月10日安徽省第十四届人民代表大会常务委员会第十七次会议通过，现予公布，自2025年9月1日起施行。")
    >>> doc.value("title"), doc.fields["title"].rule
    ('安徽省新就业形态劳动者劳动权益保障规定', 'announced_law')
    """
    title = doc.value("title")
    if not title or not _ANNOUNCEMENT.match(title) or "关于" in title:
        return
    body = [ln for ln in doc.lines if ln.zone == "body"]
    for ln in body[:3]:
        m = _CITED.search(ln.text)
        if m and _PUBLISHES.search(ln.text, m.end()) and doc_type_of(m["name"]):
            s = ln.start + m.start("name")
            doc.set_field("title", m["name"], s, s + len(m["name"]), confidence=0.75, rule="announced_law")
            return
