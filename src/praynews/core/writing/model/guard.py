"""What of a model's reflection and prayer may be used. The model words them; it never writes
scripture. A reflection marks where the verse goes and praynews puts the looked-up text there;
a reflection or prayer that quotes anything, names a Bible reference or (where the event has
sides) names anyone but the places it happened and prays for one side is refused, and the
model-free wording is used for that part instead."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from importlib import resources

from praynews.core.entities import places as named_places
from praynews.core.entities import proper_names
from praynews.core.scripture.quotes import scripture_references
from praynews.core.scripture.reflection import own_words
from praynews.core.types import Verse

VERSE_MARKER = "[VERSE]"
# A quotation this long in a reflection or prayer is someone's words: scripture written by the
# model, or a source's quotation, which belongs in the brief. Two words ("the 'least of
# these'") may be a phrase set apart.
QUOTED_WORDS = 3
_QUOTED = re.compile(r"[\"“‘«„]([^\"”’»“]+)[\"”’»“]")


@cache
def _side_words() -> re.Pattern[str]:
    text = resources.files("praynews.core.writing.model").joinpath("guard.toml").read_text()
    words = tomllib.loads(text)["sides"]["words"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def reflection_wording(text: str, verse: Verse, candidates: Sequence[str]) -> tuple[str, str]:
    """The model's reflection with the verse quoted at its marker and "", or "" and why it is
    refused."""
    if text.count(VERSE_MARKER) != 1:
        return "", f"it does not mark the verse's place with {VERSE_MARKER} exactly once"
    refused = _scripture_in(text.replace(VERSE_MARKER, " "), candidates)
    if refused:
        return "", refused
    quoted = f"\u201c{verse.text.rstrip(',;:')}\u201d ({verse.reference}, {verse.translation})"
    return " ".join(text.replace(VERSE_MARKER, quoted).split()), ""


def prayer_wording(
    text: str, candidates: Sequence[str], has_sides: bool, places: Sequence[str]
) -> tuple[str, str]:
    """The model's prayer, or "" and why it is refused."""
    if VERSE_MARKER in text:
        return "", "it holds the verse's marker, which only the reflection may"
    refused = _scripture_in(text, candidates) or _elsewhere(text, places)
    if not refused and has_sides:
        refused = _side_taken(text, places)
    return ("", refused) if refused else (" ".join(text.split()), "")


def _scripture_in(text: str, candidates: Sequence[str]) -> str:
    for reference in scripture_references(text):
        outside = "" if reference in candidates else ", which is not among the candidates"
        return f"it names a Bible reference ({reference}{outside}): only the verse may be cited"
    for quoted in _QUOTED.findall(text):
        if len(quoted.split()) >= QUOTED_WORDS:
            return f"it quotes words (\u201c{quoted[:60]}\u201d): only the verse may be quoted"
    return ""


def _elsewhere(text: str, places: Sequence[str]) -> str:
    """The prayer names where the event happened, as the model-free writer reads it: not
    where an official spoke, nor a place the story only mentions."""
    for place in named_places(text):
        if not any(place in known or known in place for known in places):
            return f"it names {place}, not where it happened"
    return ""


def _side_taken(text: str, places: Sequence[str]) -> str:
    """Where an event has sides, a prayer names only where it happened, and asks nothing for
    one side against another."""
    found = _side_words().search(text)
    if found:
        return f"it asks for {found.group(0)!r}, which takes a side"
    words = own_words()
    for name in proper_names(text):
        if not any(name in place or place in name for place in places) and not all(
            w.lower() in words for w in re.findall(r"\w+", name)
        ):
            return f"it names {name}, where the event has sides: only its places are named"
    return ""
