"""Headline from the source title: outlet names and page labels removed, title case."""

from __future__ import annotations

import re

from praynews.core.text import title_case, word_count

_SEPARATORS = re.compile(r"\s+[|\-–—:]{1,2}\s+|\s+::\s+")
_LABELS = re.compile(
    r"^(?:opinion|analysis|watch|live|breaking|exclusive|update[d]?|video|explainer|photos?)"
    r"\s*[:|\-–—]\s*",
    re.IGNORECASE,
)
MAX_HEADLINE_WORDS = 10
MIN_HEADLINE_WORDS = 4


def write_headline(title: str, site_name: str | None = None) -> str:
    title = _LABELS.sub("", title.strip())
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    site = (site_name or "").lower()
    parts = [p for p in parts if p.lower() != site] or parts
    # Trailing short parts are outlet names or section labels ("- World", "| Harbor Daily").
    while len(parts) > 1 and word_count(parts[-1]) <= 3:
        parts.pop()
    headline = parts[0]
    if word_count(headline) < MIN_HEADLINE_WORDS and len(parts) > 1:
        headline = f"{parts[0]}: {parts[1]}"
    headline = headline.rstrip(" .")
    return title_case(headline)
