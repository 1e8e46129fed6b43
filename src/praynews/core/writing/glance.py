"""The "This story at a glance" bullets: the most salient distinct facts, in story order."""

from __future__ import annotations

import re

from praynews.core.text import word_count
from praynews.core.writing.clean import clean_paragraphs
from praynews.core.writing.lexicon import attribution_pattern
from praynews.core.writing.salience import ScoredSentence, content_words, score_sentences

MIN_BULLETS = 3
MAX_BULLETS = 5
# Two bullets sharing more than this share of their content words say the same thing.
MAX_OVERLAP = 0.4
MIN_BULLET_WORDS = 6
_PARENTHETICAL = re.compile(r"\s*\([^)]{1,80}\)")
_QUOTE_MARKS = ('"', "“", "”")


def compress(sentence: str) -> str:
    """Drop parentheticals and a trailing attribution when a full sentence remains."""
    shorter = _PARENTHETICAL.sub("", sentence)
    if not shorter.lstrip().startswith(_QUOTE_MARKS):
        without_attribution = attribution_pattern().sub(".", shorter)
        if word_count(without_attribution) >= MIN_BULLET_WORDS:
            shorter = without_attribution
    return shorter.strip()


def _overlap(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _usable(sentence: ScoredSentence) -> bool:
    """A bullet states a fact in the post's voice: no quotations, which may be cut mid-way."""
    text = sentence.text
    return (
        word_count(text) >= MIN_BULLET_WORDS
        and not any(mark in text for mark in _QUOTE_MARKS)
        and not text.endswith("?")
    )


def choose_bullets(sentences: list[ScoredSentence], count: int = 4) -> list[str]:
    count = max(MIN_BULLETS, min(MAX_BULLETS, count))
    ranked = sorted((s for s in sentences if _usable(s)), key=lambda s: -s.score)
    chosen: list[ScoredSentence] = []
    for candidate in ranked:
        text = compress(candidate.text)
        if all(_overlap(text, compress(c.text)) <= MAX_OVERLAP for c in chosen):
            chosen.append(candidate)
        if len(chosen) == count:
            break
    if len(chosen) < MIN_BULLETS:
        extra = [s for s in sentences if s not in chosen and word_count(s.text) >= MIN_BULLET_WORDS]
        chosen.extend(extra[: MIN_BULLETS - len(chosen)])
    chosen.sort(key=lambda s: s.position)
    return [compress(s.text) for s in chosen]


def write_glance(title: str, paragraphs: list[str]) -> list[str]:
    """The glance bullets for an article, from its raw paragraphs (cleaned here)."""
    cleaned = clean_paragraphs(paragraphs, title)
    return choose_bullets(score_sentences(cleaned, title))
