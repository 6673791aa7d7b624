"""Joint meeting systems (政府与工会联席会议制度): placeholder until issue #4 lands."""
from __future__ import annotations

from ..document import Document
from ..pipeline import component


@component("joint_meeting", requires=("lines",), assigns=("joint_meeting",))
def joint_meeting(doc: Document) -> Document:
    return doc
