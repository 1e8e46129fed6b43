"""Fidelity: every number, name and quotation a draft states must appear in its sources.

What cannot be traced becomes a `Flag`; a flagged draft waits for an editor. Headlines and
headings are in title case, so their words are traced without regard to case; a heading's words
may also be its template's own ("Voices From {place}"), but what fills it must be the sources'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from praynews.core.entities import canonical_number, numbers, proper_names, quotations
from praynews.core.types import Draft, Flag, prose_texts
from praynews.core.writing.clean import join_broken_lines
from praynews.core.writing.lexicon import heading_words

_WORD_PART = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
# Source texts whose facts are kept ready: a draft traces ~20 parts against one source, and the
# writer, the new-draft check and publishing may each trace the same story in turn.
SOURCE_FACTS_CACHED = 8


def _fold_quotes(text: str) -> str:
    return _SPACES.sub(" ", text.replace("’", "'").replace("‘", "'")).lower()


@dataclass(frozen=True)
class SourceFacts:
    """What a source states, in the forms tracing compares against. Built once per source
    text rather than once per traced part: rebuilding it for each of a draft's parts was a
    fifth of the time of writing a draft."""

    text: str
    numbers: frozenset[str]
    folded: str
    words: frozenset[str]


@lru_cache(maxsize=SOURCE_FACTS_CACHED)
def source_facts(source: str) -> SourceFacts:
    source = join_broken_lines(source)
    return SourceFacts(
        text=source,
        numbers=frozenset(canonical_number(n) for n in numbers(source)),
        folded=_fold_quotes(source),
        words=frozenset(w.lower() for w in _WORD_PART.findall(source)),
    )


def trace(
    text: str,
    where: str,
    source: str,
    case_sensitive: bool = True,
    own_words: frozenset[str] = frozenset(),
) -> list[Flag]:
    """Flags for the numbers, names and quotations in `text` that `source` does not state.
    Without `case_sensitive`, a name is traced word by word, each a word of the source or one
    of `own_words` (lowercased): the team's own wording around the facts."""
    facts = source_facts(source)
    flags = [
        Flag("untraced-number", number, where)
        for number in numbers(text)
        if canonical_number(number) not in facts.numbers
    ]
    for name in dict.fromkeys(proper_names(text)):
        if not _name_traced(name, facts, case_sensitive, own_words):
            flags.append(Flag("untraced-name", name, where))
    for quote in quotations(text):
        if _fold_quotes(quote).rstrip(",.") not in facts.folded:
            flags.append(Flag("untraced-quote", quote, where))
    return flags


def _name_traced(
    name: str, facts: SourceFacts, case_sensitive: bool, own_words: frozenset[str]
) -> bool:
    if case_sensitive:
        # A dateline writes its place in capitals ("PORT ELDRA -"); cleaning names it in the
        # story as "Port Eldra".
        return (
            name in facts.text or _fold_quotes(name) in facts.folded or name.upper() in facts.text
        )
    # Title case capitalises every word, so each word is traced on its own.
    return all(w.lower() in facts.words or w.lower() in own_words for w in _WORD_PART.findall(name))


def check_draft(draft: Draft, source: str) -> list[Flag]:
    """Flags for every untraceable fact in the headline, dek, bullets, headings and story."""
    flags = []
    for where, text in prose_texts(draft):
        if where.endswith(".heading"):
            flags += trace(text, where, source, case_sensitive=False, own_words=heading_words())
        else:
            flags += trace(text, where, source, case_sensitive=where != "headline")
    return flags
