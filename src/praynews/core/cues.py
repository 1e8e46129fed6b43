"""Counting cue words and phrases in text: what the verse chooser and the event classifier match
their curated cue lists against."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from praynews.core.text import LEAD_PARAGRAPHS, cue_tokens

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
    counts = Counter(tokens)
    for word, found in list(counts.items()):
        if word.endswith("s"):  # every plural and possessive does; most words do not
            for singular in _singulars(word):
                counts[singular] += found
    starts: Sequence[int] = range(len(tokens))
    if first_words is not None:
        starts = [i for i, token in enumerate(tokens) if token in first_words]
    for i in starts:
        run = tokens[i]
        for last in tokens[i + 1 : i + MAX_CUE_WORDS]:
            counts[f"{run} {last}"] += 1
            if last.endswith("s"):
                for singular in _singulars(last):
                    counts[f"{run} {singular}"] += 1
            run = f"{run} {last}"
    return counts


@dataclass(frozen=True)
class StoryCues:
    """A story's cue counts in its headline, its lead and the rest, which the event reading and
    the verse chooser weigh differently: counted once for both, as counting is most of their
    cost."""

    title: Counter[str]
    lead: Counter[str]
    body: Counter[str]

    @property
    def present(self) -> set[str]:
        """Every word and run counted anywhere in the story."""
        return self.title.keys() | self.lead.keys() | self.body.keys()

    def weighted(
        self, title: float, lead: float, body: float
    ) -> tuple[tuple[Counter[str], float], ...]:
        return ((self.title, title), (self.lead, lead), (self.body, body))


def count_story(title: str, paragraphs: Sequence[str], first_words: frozenset[str]) -> StoryCues:
    """The cue counts of a story; `first_words` must hold the first words of every multi-word
    cue that will be looked up (see `cue_counts`)."""
    return StoryCues(
        cue_counts(title, first_words),
        cue_counts(" ".join(paragraphs[:LEAD_PARAGRAPHS]), first_words),
        cue_counts(" ".join(paragraphs[LEAD_PARAGRAPHS:]), first_words),
    )
