"""Where each part of a draft came from: the source sentences that state what it says.

The model-free writer selects and compresses the sources' sentences, so a bullet shares most
of its content words with the one or two sentences it was made from. The desk shows those
sentences beside the part, so an editor checks a fact against its source in one glance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from praynews.core.text import fact_words, split_sentences
from praynews.core.types import ExtractedArticle

# A part is traced to at most this many sentences: a paragraph of the brief joins up to four,
# and a longer list stops telling the editor where to look.
MAX_SENTENCES_PER_PART = 5
# Each sentence of a part is traced on its own: the first source sentence must state this
# share of its fact words, each further one this share of the words still untraced. Tuned on
# the bundled samples' drafts: at 0.5 every bullet and all 198 paragraphs of the
# model-free writer found their sentences, and nonsense words found none
# (tests/core/test_desk_core.py).
FIRST_SENTENCE_SHARE = 0.5
FURTHER_SENTENCE_SHARE = 0.34


@dataclass(frozen=True)
class SourceSentence:
    number: int  # its position among all the story's sentences, from 0
    source: int  # which report (the draft's `sources[i]`)
    paragraph: int  # which of the report's paragraphs (its title is 0)
    text: str


@dataclass(frozen=True)
class SourceSentences:
    """A story's reports split into numbered sentences, each with the words tracing compares."""

    sentences: tuple[SourceSentence, ...]
    words: tuple[frozenset[str], ...]

    def trace(self, text: str) -> tuple[int, ...]:
        """The numbers of the sentences that state `text`, in the order of its own sentences
        (a paragraph joins several), best first within each; empty when none does."""
        found: dict[int, None] = {}
        for sentence in split_sentences(text):
            found.update(dict.fromkeys(self._trace_sentence(sentence)))
        return tuple(found)[:MAX_SENTENCES_PER_PART]

    def _trace_sentence(self, text: str) -> list[int]:
        wanted = fact_words(text)
        found: list[int] = []
        share = FIRST_SENTENCE_SHARE
        while wanted and len(found) < MAX_SENTENCES_PER_PART:
            best, covered = _best_cover(self.words, wanted, found)
            if best is None or len(covered) < share * len(wanted):
                break
            found.append(best)
            wanted = wanted - covered
            share = FURTHER_SENTENCE_SHARE
        return found


def _best_cover(
    words: Sequence[frozenset[str]], wanted: set[str], taken: list[int]
) -> tuple[int | None, set[str]]:
    best, covered = None, set()
    for number, sentence in enumerate(words):
        shared = wanted & sentence
        if len(shared) > len(covered) and number not in taken:
            best, covered = number, shared
    return best, covered


def source_sentences(reports: Sequence[ExtractedArticle]) -> SourceSentences:
    """Each report's title, standfirst and body, sentence by sentence, numbered in one run."""
    sentences = []
    for source, report in enumerate(reports):
        paragraphs = [p for p in (report.title, report.description) if p] + report.paragraphs
        for place, paragraph in enumerate(paragraphs):
            for text in split_sentences(paragraph):
                sentences.append(SourceSentence(len(sentences), source, place, text))
    return SourceSentences(
        tuple(sentences), tuple(frozenset(fact_words(s.text)) for s in sentences)
    )
