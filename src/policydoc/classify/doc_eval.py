"""Document-level check on texts about other subjects (``corpora/topics/other_documents``).

Every document listed in ``DOCUMENTS.tsv`` is an official text on a subject outside the taxonomy
(tax, water supply, ports, patents, heritage, education, planning …). None of them should be
*mainly* about a labour topic: the figure that matters is how many get a primary topic (target 0);
how many get any topic at all is reported beside it.
"""
from __future__ import annotations

import re
from pathlib import Path

_MD_HEADING = re.compile(r"^#+\s*")


def read_official_text(path: str | Path) -> str:
    """The text of a stored official text: LawRefBook Markdown without its adoption notes (before
    ``<!-- INFO END -->``) and with ``#`` heading marks removed, the title first.

    >>> read_official_text.__name__
    'read_official_text'
    """
    text = Path(path).read_text(encoding="utf-8")
    if "<!-- INFO END -->" in text:
        head, body = text.split("<!-- INFO END -->", 1)
        title = next((ln for ln in head.splitlines() if ln.startswith("# ")), "")
        text = _MD_HEADING.sub("", title) + "\n" + body
    return "\n".join(_MD_HEADING.sub("", ln) for ln in text.splitlines())


def other_subject_documents(folder: str | Path, model=None) -> dict:
    """Topics the model gives to each listed document; ``{"documents", "with_primary",
    "with_any_topic", "rows"}``."""
    from ..pipeline import DEFAULT_STAGES, Pipeline, parse_text
    from . import document_topics
    from .model import load

    folder = Path(folder)
    m = model or load()
    # everything but the topic stage, which runs here with the model under test
    nlp = Pipeline([s for s in DEFAULT_STAGES if s != "topics"])
    rows = []
    lines = (folder / "DOCUMENTS.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in filter(None, lines):
        name, title, origin = line.split("\t")[:3]
        doc = parse_text(read_official_text(folder / name), source=name, pipeline=nlp)
        found = document_topics(doc, m)
        rows.append({"file": name, "title": title, "segments": sum(t["segments"] for t in found),
                     "primary": [t["id"] for t in found if t["primary"]],
                     "topics": [(t["id"], t["share"]) for t in found]})
    return {"documents": len(rows), "with_primary": sum(bool(r["primary"]) for r in rows),
            "with_any_topic": sum(bool(r["topics"]) for r in rows), "rows": rows}
