"""What a post is about, for readers who browse: the kind of event it reports, the themes its
verse was chosen for, and the countries it names with their regions.

Each is read from the post as published, so an editor's correction moves a post between pages;
a kind that stays unclear ("other") gives no topic, and a country met only as a nationality
word ("Russian artillery") or as where someone set out from gives no place (see
`entities.named_countries`).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from praynews.core.entities import named_countries
from praynews.core.errors import ScriptureError
from praynews.core.event import CLASSES, classify_event
from praynews.core.scripture.index import default_index
from praynews.core.types import Draft

# Countries a post is listed under, most named first. A story names the country it happened in
# most, and two or three more as neighbours, allies or donors; past three, the pages of
# countries that only commented fill with stories that are not theirs.
MAX_COUNTRIES = 3


class TopicKind(StrEnum):
    TOPIC = "topic"  # the kind of event
    THEME = "theme"  # a theme of the verse index the reflection drew on
    REGION = "region"
    COUNTRY = "country"


@dataclass(frozen=True)
class Topic:
    kind: TopicKind
    slug: str
    name: str


def slug_of(name: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Côte d'Ivoire" is "cote-d-ivoire"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


@cache
def topic_names() -> dict[str, str]:
    data = resources.files("praynews.core.data").joinpath("topics.toml").read_text()
    names = tomllib.loads(data)["names"]
    missing = set(CLASSES) - set(names) - {"other"}
    if missing:
        raise ValueError(f"topics.toml names no topic for {sorted(missing)}")
    return names


def post_topics(draft: Draft) -> tuple[Topic, ...]:
    """The post's topic, themes, countries and regions, in that order."""
    paragraphs = [*draft.opening, *(p for s in draft.sections for p in s.paragraphs)]
    found: list[Topic] = []
    kind = classify_event(draft.headline, paragraphs).kind
    if kind in topic_names():
        found.append(Topic(TopicKind.TOPIC, slug_of(kind), topic_names()[kind]))
    index = default_index()
    for theme_id in draft.reflection.themes:
        try:
            theme = index.theme(theme_id)
        except ScriptureError:  # a theme an older index had
            continue
        found.append(Topic(TopicKind.THEME, theme_id, theme.name))
    text = "\n".join([draft.headline, draft.dek, *draft.glance, *paragraphs])
    named = named_countries(text)[:MAX_COUNTRIES]
    found += [Topic(TopicKind.COUNTRY, slug_of(c.name), c.name) for c in named]
    regions = dict.fromkeys(c.region for c in named)
    found += [Topic(TopicKind.REGION, slug_of(region), region) for region in regions]
    return tuple(found)
