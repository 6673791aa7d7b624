"""The keyword-rule baseline: a topic fires when one of its cue words occurs."""
from __future__ import annotations

from ..lang.zh.topics import CUES


def keyword_topics(text: str) -> list[str]:
    """Topic ids whose cue words occur in *text*.

    >>> keyword_topics("研究解决劳动模范和困难职工生产生活问题")
    ['model_workers', 'hardship_assistance']
    """
    return [t for t, words in CUES.items() if any(w in text for w in words)]
