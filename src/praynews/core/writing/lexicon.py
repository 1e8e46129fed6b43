"""Loads the writer's cue lexicons and gives a matcher per cue list."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Role:
    id: str
    headings: tuple[str, ...]
    pattern: re.Pattern[str]  # for text in lower case

    def count(self, text: str) -> int:
        return len(self.pattern.findall(text.lower()))


def cue_pattern(cues: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a cue list, case ignored; a trailing '*' on a cue matches any ending."""
    return re.compile(_cue_alternatives(cues), re.IGNORECASE)


def lowercase_cue_pattern(cues: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """`cue_pattern` for text already in lower case: a case-blind regex costs three times as
    much, which tells over a whole page or every sentence of one."""
    return re.compile(_cue_alternatives([cue.lower() for cue in cues]))


def _cue_alternatives(cues: list[str] | tuple[str, ...]) -> str:
    parts = [re.escape(c[:-1]) + r"\w*" if c.endswith("*") else re.escape(c) for c in cues]
    # Looking ahead for a letter some cue starts with lets the regex pass over most positions
    # without trying every cue there: the same matches in a fraction of the time.
    starts = "".join(sorted({re.escape(c[0].lower()) for c in cues}))
    return rf"\b(?=[{starts}])(?:" + "|".join(parts) + r")\b"


@cache
def lexicon() -> dict:
    text = resources.files("praynews.core.writing").joinpath("lexicon.toml").read_text()
    return tomllib.loads(text)


@cache
def roles() -> tuple[Role, ...]:
    return tuple(
        Role(r["id"], tuple(r["headings"]), lowercase_cue_pattern(r["cues"]))
        for r in lexicon()["role"]
    )


@cache
def heading_words() -> frozenset[str]:
    """The words of the headings' own templates ("Voices From {place}"), lowercased: a heading
    states facts only in what fills them."""
    templates = " ".join(h for role in roles() for h in role.headings)
    return frozenset(w.lower() for w in re.findall(r"(?<!\{)\b\w+\b(?!\})", templates))


@cache
def boilerplate_starts() -> tuple[str, ...]:
    return tuple(lexicon()["boilerplate"]["starts"])


@cache
def attribution_pattern() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in lexicon()["attribution"]["verbs"])
    return re.compile(r",\s+(?:[^,]{1,60}\s)?(?:" + verbs + r")(?:\s[^,.]{0,40})?\.$")


@cache
def news_cues() -> frozenset[str]:
    """Single words that mark a sentence as carrying the news (no wildcards in this list)."""
    return frozenset(lexicon()["salience"]["news"])


@cache
def glance_slot_patterns() -> dict[str, re.Pattern[str]]:
    """Cue patterns for the glance bullets after the first: stakes, affected, next."""
    return {slot: cue_pattern(cues) for slot, cues in lexicon()["glance"].items()}


@cache
def connective_pattern() -> re.Pattern[str]:
    """A sentence opening on a connective that leans on the sentence before ("But …"); not a
    word that merely starts the same way ("Butte", "Now-famous")."""
    connectives = sorted(lexicon()["leaning"]["connectives"], key=len, reverse=True)
    return re.compile(r"^(" + "|".join(map(re.escape, connectives)) + r")\b(?![’'-])")


@cache
def limits() -> dict[str, int]:
    return dict(lexicon()["limits"])


@cache
def event_kind_pattern() -> re.Pattern[str]:
    """Words that name what kind of event a story is (quake, flood, crash): the lead's word for
    it belongs in the glance."""
    return cue_pattern(lexicon()["event_kind"]["words"])
