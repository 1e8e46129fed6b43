"""English phrasing of what `entities` finds: articles before names, lists of names.

The writer's sentences and prayers name places, bodies and people inside its own templates;
"pray for the government of Kenya and the Congolese army" needs the article where English puts
one and nowhere else. Finding the names is `entities`' job; this module only words them.
"""

from __future__ import annotations

import re
from functools import cache

from praynews.core.entities import countries, deciding_bodies


def decision_makers(text: str, limit: int = 2) -> list[str]:
    """Bodies that decide what happens next ("the provincial government", "Kenya's Supreme
    Court"), most mentioned first, worded for the prayer, which asks wisdom for them by name."""
    found = deciding_bodies(text, limit + len(_UNNAMED_BODIES) + 1)  # some are left out below
    bodies = [b for b in found if not _ARMED.search(b)]
    worded = [_with_body_article(_without_nationality(_sentence_case(b, text))) for b in bodies]
    return [body for body in worded if body not in _UNNAMED_BODIES][:limit]


# A body with nothing to say whose it is: readers asked "which government?", "which ministry?"
# of prayers that named them so; the kind's own leaders stand in.
_UNNAMED_BODIES = frozenset({"the government", "the ministry", "the council", "the parliament"})


# An army is a side wherever a story names one: the prayer asks wisdom for those who decide,
# and "guide the military" would read as blessing one side's force.
_ARMED = re.compile(r"\b(?:[Aa]rmy|[Mm]ilitary|[Ff]orces)$")


def _sentence_case(name: str, text: str) -> str:
    """ "Provincial authorities" or "Authorities" at a sentence start is "provincial
    authorities" or "authorities" in a prayer; "Interior Ministry", a body's own name (its last
    word capitalised), stays as it is."""
    first, _, rest = name.partition(" ")
    if not rest:
        return name.lower()
    if rest.split()[-1][:1].isupper():
        return name
    if first[:1].isupper() and re.search(rf"\b{re.escape(first.lower())}\b", text):
        return f"{first.lower()} {rest}".strip()
    return name


@cache
def _demonyms() -> frozenset[str]:
    return frozenset(d for c in countries() for d in c.demonyms)


@cache
def _country_of_demonym() -> dict[str, str]:
    return {d: c.name for c in countries() for d in c.demonyms}


def _without_nationality(name: str) -> str:
    """ "Italian authorities" -> "authorities of Italy": a prayer names a country, never a
    nationality word, which reads as praying about a people rather than for them."""
    first, _, rest = name.partition(" ")
    country = _country_of_demonym().get(first)
    return f"{rest} of {with_article(country)}" if country and rest else name


def _with_body_article(name: str) -> str:
    """ "the government", "the Congolese army"; but "Kenya's Supreme Court", "Auckland Council"."""
    first = name.split()[0]
    if first[0].islower() or first in _demonyms() or first in _DESCRIBING_WORDS:
        return f"the {name}"
    return name


# A body's name that opens on what kind of body it is, not on a place, takes the article:
# "the Interior Ministry", "the Supreme Court", but "Auckland Council".
_DESCRIBING_WORDS = frozenset(
    "Supreme High Electoral Interior Foreign Health Finance Defence Defense Justice National "
    "Federal Provincial Regional Constitutional Military Transitional Interim Central".split()
)


_NEEDS_THE = re.compile(
    r"^(?:United|Central African|Czech|Dominican|Democratic)\b"
    r"|(?:Islands|Republic|Emirates|Philippines|Netherlands|Gambia|Congo)$"
)


def with_article(place: str) -> str:
    """Country names that take the article in a sentence: "the United States", "the Congo"."""
    return f"the {place}" if _NEEDS_THE.search(place) else place


_BODY_NAME = re.compile(
    r"(?:Organi[sz]ation|Ministry|Party|Council|Army|Commission|Union|Agency|Department|Bank|"
    r"Fund|Programme|Program|Committee|Front|Movement|State|Forces|Police|Service|Office|House|"
    r"Association|Federation|Authority|Institute|Foundation|Coalition|Alliance|Court|Network)$"
)


def actor_name(name: str) -> str:
    """A body named by what it is takes the article, a person or brand-like name does not:
    "the World Health Organization", "the Labour Party", but "Amnesty International",
    "Kenya's Supreme Court", "Adam Schiff"."""
    if _BODY_NAME.search(name) and not re.search(r"['’]s\b", name):
        return f"the {name}"
    return name


def join_names(names: list[str]) -> str:
    """ "Butembo", "Butembo and Beni", "Butembo, Beni and Goma"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
