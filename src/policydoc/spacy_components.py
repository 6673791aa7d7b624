"""spaCy integration: ``nlp.add_pipe("policydoc_fields")`` and ``nlp.add_pipe("policydoc_topics")``.

Works on ``spacy.blank("zh")`` (no trained Chinese pipeline is needed or downloaded). The
components run the policydoc pipeline on ``doc.text`` once (cached in ``doc.user_data``), map
every field back to character offsets of ``doc.text`` and set:

- ``doc.spans["policydoc"]``: one Span per extracted field (label = field name);
- ``doc._.policydoc``: the output-contract record;
- ``doc._.topics``: topics with scores and evidence; ``doc.spans["topic_evidence"]``.

>>> import spacy  # doctest: +SKIP
>>> nlp = spacy.blank("zh"); nlp.add_pipe("policydoc_fields"); nlp.add_pipe("policydoc_topics")  # doctest: +SKIP
>>> doc = nlp(open("examples/liubei_zhengfa_2025_2_webpage.txt").read())  # doctest: +SKIP
>>> [(s.label_, s.text) for s in doc.spans["policydoc"]][:1]  # doctest: +SKIP
[('doc_number', '柳北政发〔2025〕2号')]
"""
from __future__ import annotations

from .errors import require

spacy = require("spacy", extra="spacy", purpose="the spaCy components")
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

for _name in ("policydoc", "topics"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _analyse(doc: Doc):
    cached = doc.user_data.get("policydoc_document")
    if cached is None:
        from .pipeline import parse_text

        cached = parse_text(doc.text, source=doc.user_data.get("source", "<spacy>"))
        doc.user_data["policydoc_document"] = cached
    return cached


def _span(doc: Doc, pdoc, start: int, end: int, label: str):
    rs, re_ = pdoc.raw_span(start, end)
    return doc.char_span(rs, re_, label=label, alignment_mode="expand")


class FieldsComponent:
    def __call__(self, doc: Doc) -> Doc:
        pdoc = _analyse(doc)
        spans = []
        for name, f in pdoc.fields.items():
            if f.start is None or name in ("topics",):
                continue
            sp = _span(doc, pdoc, f.start, f.end, name)
            if sp is not None:
                spans.append(sp)
        doc.spans["policydoc"] = spans
        doc._.policydoc = pdoc.record()
        return doc


class TopicsComponent:
    def __call__(self, doc: Doc) -> Doc:
        pdoc = _analyse(doc)
        topics = pdoc.value("topics") or []
        doc._.topics = topics
        doc.spans["topic_evidence"] = [sp for t in topics
                                       if (sp := _span(doc, pdoc, t["start"], t["end"], t["id"])) is not None]
        return doc


@Language.factory("policydoc_fields")
def make_fields(nlp: Language, name: str) -> FieldsComponent:
    return FieldsComponent()


@Language.factory("policydoc_topics")
def make_topics(nlp: Language, name: str) -> TopicsComponent:
    return TopicsComponent()
