"""The reflection paragraph and the prayer, from the chosen verse and the story's own places.

Wording comes from `phrasing.toml`, chosen by the event's kind and stage (a decided election is
not prayed over as pending); the verse text comes only from `bible.lookup`. Variety is
deterministic: a phrasing is picked from a hash of the headline among those not used recently,
so the same story always reads the same and a daily reader does not see repeats.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from praynews.core.phrasing import join_names, with_article
from praynews.core.scripture.bible import DEFAULT_TRANSLATION, lookup
from praynews.core.scripture.choose import VerseChoice
from praynews.core.types import Reflection, Verse
from praynews.core.variety import pick_by_hash

# Who the prayer names when the story names no place we recognise.
NO_PLACE_AFFECTED = "everyone whose life is touched by this news"


@dataclass(frozen=True)
class Remembered:
    """Whom the story says it happened to: whether it counts the dead and the injured, and the
    victim its lead names. The prayer remembers them without repeating a number."""

    dead: bool = False
    injured: bool = False
    victim: str | None = None


@dataclass(frozen=True)
class KindPhrasing:
    human: tuple[str, ...]
    affected: str
    helpers: str
    leaders: str
    peace: bool
    # The kind's own lines of comfort, where the shared ones (for people in trouble) would not
    # fit: a story with no one in need is not prayed over as if it had.
    comfort: tuple[str, ...] = ()
    strengthen: tuple[str, ...] = ()
    # Where the kind names the body the story is about ({actor}: "Disney"), and whom it prays
    # for when the story names neither that body nor a place.
    affected_actor: tuple[str, ...] = ()
    leaders_actor: str | None = None
    affected_none: str = NO_PLACE_AFFECTED


@cache
def _phrasing() -> dict:
    text = resources.files("praynews.core.scripture").joinpath("phrasing.toml").read_text()
    return tomllib.loads(text)


@cache
def own_words() -> frozenset[str]:
    """Every word of the reflection's and prayer's wording data, lowercased ("Gracious God",
    "Renew", "Amen"): the words a reflection may use that no source need state."""
    return frozenset(w.lower() for w in re.findall(r"\w+", " ".join(_strings(_phrasing()))))


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def kind_phrasing(kind: str, stage: str = "unfolding") -> KindPhrasing:
    """The kind's wording, with the stage's own entries in place of the kind's where it has any."""
    kinds = _phrasing()["kind"]
    base = kinds.get(kind, kinds["general"])
    entry = {**base, **base.get(stage, {})}
    return KindPhrasing(
        tuple(entry["human"]),
        entry["affected"],
        entry["helpers"],
        entry["leaders"],
        entry["peace"],
        tuple(entry.get("comfort", ())),
        tuple(entry.get("strengthen", ())),
        tuple(entry.get("affected_actor", ())),
        entry.get("leaders_actor"),
        entry.get("affected_none", NO_PLACE_AFFECTED),
    )


def _pick(options: list[str] | tuple[str, ...], seed: str, avoid: frozenset[str]) -> str:
    fresh = [o for o in options if o not in avoid] or list(options)
    return pick_by_hash(fresh, seed)


def write_reflection(
    headline: str,
    places: list[str],
    choice: VerseChoice,
    translation: str = DEFAULT_TRANSLATION,
    recent_openings: frozenset[str] = frozenset(),
    deciders: tuple[str, ...] = (),
    remembered: Remembered = Remembered(),
    actor: str | None = None,
) -> Reflection:
    """The reflection for a story: a line on what it shows of us, the verse, and the
    invitation to pray for the people and places it names, the helpers and those who decide.
    The wording is the event's kind's at its stage (`choice.event`); a kind that names the
    body the story is about (a company's news) names `actor` where the story gives one."""
    phrasing = kind_phrasing(choice.kind, choice.event.stage)
    named = [with_article(p) for p in places[:3]]
    fill = {"place": named[0] if named else "", "places": join_names(named), "actor": actor}
    affected, leaders = _affected_and_leaders(phrasing, fill, bool(named), headline)
    helpers = phrasing.helpers.format(**fill)
    verse = lookup(choice.chosen.verse.ref, translation)
    data = _phrasing()
    human = _pick(phrasing.human, headline, recent_openings)
    quote = quote_verse(verse, headline)
    invite = _pick(data["invite"]["forms"], headline + "invite", frozenset()).format(
        affected=affected, helpers=helpers, leaders=leaders
    )
    prayer = _prayer(headline, affected, helpers, leaders, phrasing, deciders, remembered)
    return Reflection(
        text=" ".join([human, quote, invite]),
        verse=verse,
        prayer=prayer,
        themes=tuple(t.theme.id for t in choice.themes),
    )


def _affected_and_leaders(
    phrasing: KindPhrasing, fill: dict[str, str | None], has_places: bool, seed: str
) -> tuple[str, str]:
    """Whom the prayer brings before God and whose wisdom it asks for: the story's body where
    the kind names one (worded variously, as four company posts in one edition read alike),
    else its places, else the kind's words for a story with neither."""
    if fill["actor"] and phrasing.affected_actor:
        leaders = phrasing.leaders_actor or phrasing.leaders
        affected = _pick(phrasing.affected_actor, seed + "actor", frozenset())
        return affected.format(**fill), leaders.format(**fill)
    affected = phrasing.affected.format(**fill) if has_places else phrasing.affected_none
    return affected, phrasing.leaders.format(**fill)


def quote_verse(verse: Verse, seed: str) -> str:
    """The sentence of the reflection that quotes the verse, word for word with its reference."""
    form = _pick(_phrasing()["quote"]["forms"], seed + "quote", frozenset())
    return form.format(
        verse=verse.text.rstrip(",;:"), reference=verse.reference, translation=verse.translation
    )


def _prayer(
    headline: str,
    affected: str,
    helpers: str,
    leaders: str,
    phrasing: KindPhrasing,
    deciders: tuple[str, ...],
    remembered: Remembered,
) -> str:
    """Layers: the people affected and the dead, injured and named victim the story counts,
    those who help, those who decide, and peace for all."""
    data = _phrasing()["prayer"]
    comfort = phrasing.comfort or data["comfort"]
    strengthen = phrasing.strengthen or data["strengthen"]
    wisdom = f"{join_names(list(deciders))}, and {leaders}" if deciders else leaders
    parts = [
        _pick(data["openings"], headline + "open", frozenset()),
        f"we bring before you {affected}.",
        *_remembering(headline, remembered),
        _pick(comfort, headline + "comfort", frozenset()),
        _pick(strengthen, headline + "strength", frozenset()).format(helpers=helpers),
        _pick(data["wisdom"], headline + "wisdom", frozenset()).format(wisdom=wisdom),
    ]
    if phrasing.peace:
        parts.append(_pick(data["peace"], headline + "peace", frozenset()))
    parts.append(_pick(data["closings"], headline + "close", frozenset()))
    return " ".join(parts)


def _remembering(headline: str, remembered: Remembered) -> list[str]:
    data = _phrasing()["prayer"]
    lines = []
    if remembered.victim:
        line = _pick(data["victim"], headline + "victim", frozenset())
        lines.append(line.format(victim=remembered.victim))
    elif remembered.dead:
        lines.append(_pick(data["dead"], headline + "dead", frozenset()))
    if remembered.injured:
        lines.append(_pick(data["injured"], headline + "injured", frozenset()))
    return lines
