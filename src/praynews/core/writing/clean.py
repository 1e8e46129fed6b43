"""Strip page furniture (bylines, timestamps, share prompts, captions) from article paragraphs.

It runs before anything else so no later stage can quote a "Read more" link as a fact.
"""

from __future__ import annotations

import re

from praynews.core.text import normalise, word_count
from praynews.core.writing.lexicon import boilerplate_starts

_BYLINE = re.compile(r"^(?:by|from)\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,4}\b", re.IGNORECASE)
_TIMESTAMP = re.compile(
    r"^(?:updated|published|posted|last updated)?:?\s*[\w ,:.]*\b(?:\d{1,2}:\d{2}|\d{4})\b"
    r"[\w ,:.]*(?:am|pm|gmt|utc|est|et|bst|cet)?\.?$",
    re.IGNORECASE,
)
# A paragraph shorter than this without a full stop is a caption, a label or a menu item.
MIN_UNPUNCTUATED_WORDS = 12


def is_boilerplate(paragraph: str) -> bool:
    lowered = paragraph.lower().lstrip("•*-–— ")
    if lowered.startswith(boilerplate_starts()):
        return True
    words = word_count(paragraph)
    if _BYLINE.match(paragraph) and words <= 12:
        return True
    if words <= 10 and _TIMESTAMP.match(paragraph):
        return True
    return words < MIN_UNPUNCTUATED_WORDS and not paragraph.rstrip().endswith(
        (".", "!", "?", '"', "”")
    )


def clean_paragraphs(paragraphs: list[str], title: str = "") -> list[str]:
    """Reporting paragraphs only, in order, each once; the title repeated as text is dropped."""
    seen: set[str] = {normalise(title).lower()} if title else set()
    kept = []
    for paragraph in paragraphs:
        paragraph = normalise(paragraph)
        key = paragraph.lower()
        if not paragraph or key in seen or is_boilerplate(paragraph):
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept
