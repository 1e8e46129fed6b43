"""Headline from the source title: outlet names, page labels and clickbait removed, cut to
4-10 words at a clause boundary, in title case.

Cutting only ever removes the end of the title, so the headline keeps the title's own subject
and verb ("Five Killed in Auckland Rooming House Fire" from "... as residents escape smoke").
"""

from __future__ import annotations

import re

from praynews.core.text import title_case, word_count
from praynews.core.writing.lexicon import limits

# Title parts: "Headline | Outlet", "Label: Headline", "Headline. Why it matters."
_SEPARATORS = re.compile(
    r"\s+[|\-–—:]{1,2}\s+|\s+::\s+|(?<=[a-z]{2}):\s+(?=[A-Z'‘\"“])"
    r"|(?<=[a-z]{2})\.\s+(?=(?:Why|How|What|Here)\b)"
)
_LABELS = re.compile(
    r"^(?:opinion|analysis|watch|live|breaking(?: news)?|exclusive|update[d]?|video|explainer|"
    r"photos?|in pictures|pictured|revealed|column)\s*[:|\-–—]\s*",
    re.IGNORECASE,
)
_CLICKBAIT = re.compile(
    r"\s*(?:[-–—|:]\s*)?(?:live updates?|latest news|what we know(?: so far)?|"
    r"here'?s (?:why|what|how)|you won'?t believe|everything you need to know|explained)\s*$",
    re.IGNORECASE,
)
MAX_HEADLINE_WORDS = limits()["headline_max_words"]
MIN_HEADLINE_WORDS = limits()["headline_min_words"]
# Where a title may be cut, most preferred first: clause openers, then trailing phrases.
_CLAUSE_CUTS = re.compile(
    r",\s|\s(?:as|after|amid|while|until|with|following|despite|before|because|when|and)\s",
    re.IGNORECASE,
)
# A possessive is a boundary too: "… in Papua New Guinea's Morobe Province" can end at "Guinea".
_PHRASE_CUTS = re.compile(
    r"\s(?:in|at|on|for|over|near|from|to|of|by)\s|['’]s\s(?=[A-Z])", re.IGNORECASE
)
_DANGLING = re.compile(r"\s(?:the|a|an|of|and|or|to|in|at|on|for|with|as|its|their)$", re.I)


def write_headline(title: str, site_name: str | None = None) -> str:
    title = _CLICKBAIT.sub("", _LABELS.sub("", title.strip()))
    parts = [_LABELS.sub("", p.strip()) for p in _SEPARATORS.split(title) if p.strip()]
    site = (site_name or "").lower()
    parts = [p for p in parts if p.lower() != site] or parts
    # The news is the longest part; the others are outlet names, slogans and section labels
    # ("| Harbor Daily", "Column:", "BREAKING NEWS:"). Ties go to the first part.
    headline = max(parts, key=word_count)
    headline = shorten(headline.rstrip(" ."))
    return title_case(headline)


def shorten(headline: str) -> str:
    """Cut at the latest clause or phrase boundary that leaves 4-10 words."""
    if word_count(headline) <= MAX_HEADLINE_WORDS:
        return headline
    ends = sorted(
        m.start() for pattern in (_CLAUSE_CUTS, _PHRASE_CUTS) for m in pattern.finditer(headline)
    )
    cuts = [headline[:end].rstrip(" ,") for end in ends]
    cuts = [
        c
        for c in cuts
        if MIN_HEADLINE_WORDS <= word_count(c) <= MAX_HEADLINE_WORDS and not _DANGLING.search(c)
    ]
    return cuts[-1] if cuts else headline
