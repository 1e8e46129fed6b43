"""A salience score per sentence: position, names, numbers and overlap with the title.

Scores only rank sentences within one article, so the weights are relative. They were set by
hand on the bundled samples to favour the lead and sentences dense in concrete facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from praynews.core.entities import numbers, proper_names
from praynews.core.text import split_sentences, word_count, words

WEIGHT_POSITION = 2.0  # the lead carries the story; later sentences decay by position
POSITION_DECAY = 0.15
WEIGHT_TITLE_OVERLAP = 1.5  # share of the title's content words the sentence repeats
WEIGHT_NUMBER = 0.3  # per number, capped
WEIGHT_NAME = 0.2  # per proper name, capped
CAP_FACTS = 3
# Sentences outside this length make poor bullets: too short says nothing, too long says two things.
GOOD_MIN_WORDS = 8
GOOD_MAX_WORDS = 32
LENGTH_PENALTY = 1.0


@dataclass(frozen=True)
class ScoredSentence:
    text: str
    paragraph: int
    position: int
    score: float


def content_words(text: str) -> set[str]:
    return {w.lower() for w in words(text) if len(w) > 3}


def score_sentences(paragraphs: list[str], title: str) -> list[ScoredSentence]:
    title_words = content_words(title)
    scored = []
    position = 0
    for p_index, paragraph in enumerate(paragraphs):
        for sentence in split_sentences(paragraph):
            score = WEIGHT_POSITION / (1 + POSITION_DECAY * position)
            if title_words:
                overlap = len(content_words(sentence) & title_words) / len(title_words)
                score += WEIGHT_TITLE_OVERLAP * overlap
            score += WEIGHT_NUMBER * min(CAP_FACTS, len(numbers(sentence)))
            score += WEIGHT_NAME * min(CAP_FACTS, len(proper_names(sentence)))
            length = word_count(sentence)
            if not GOOD_MIN_WORDS <= length <= GOOD_MAX_WORDS:
                score -= LENGTH_PENALTY
            scored.append(ScoredSentence(sentence, p_index, position, score))
            position += 1
    return scored
