"""Counting cue words and phrases in text: what the verse chooser and the event classifier match
their curated cue lists against."""

from __future__ import annotations

from collections import Counter

from praynews.core.text import cue_tokens

MAX_CUE_WORDS = 3


def _singulars(word: str) -> tuple[str, ...]:
    """The word without a plural or possessive ending, as cues are written in the singular."""
    if word.endswith(("'s", "’s")):
        return (word[:-2],)
    forms = []
    if word.endswith("s") and len(word) > 3:
        forms.append(word[:-1])
    if word.endswith("es") and len(word) > 4:
        forms.append(word[:-2])
    return tuple(forms)


def cue_counts(text: str, first_words: frozenset[str] | None = None) -> Counter[str]:
    """Occurrences of every run of 1-3 words, with the last word also counted without a plural.

    Counting once per text and looking each cue up is linear in the text, where a regex per cue
    (thousands of cues) was the slowest step of writing a post. Given `first_words` (the words
    multi-word cues start with), longer runs are counted only where a cue could start: the
    runs no cue can match were most of the counting.
    """
    tokens = cue_tokens(text)
    counts: Counter[str] = Counter()
    for n in range(1, MAX_CUE_WORDS + 1):
        for i in range(len(tokens) - n + 1):
            if n > 1 and first_words is not None and tokens[i] not in first_words:
                continue
            run = tokens[i : i + n]
            phrase = " ".join(run)
            counts[phrase] += 1
            for singular in _singulars(run[-1]):
                counts[" ".join([*run[:-1], singular])] += 1
    return counts
