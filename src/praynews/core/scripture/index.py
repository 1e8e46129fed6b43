"""The topical verse index: news themes, their cue words, and the references that fit them.

The index is curated data (`verse_index.toml`), reviewed like code; this module only loads it
into frozen structures and refuses a malformed file with the entry that is wrong.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from praynews.core.errors import ScriptureError

USES = frozenset(
    """
    comfort lament justice peace leaders helpers hope provision healing thanksgiving
    """.split()
)


@dataclass(frozen=True)
class IndexedVerse:
    ref: str
    uses: tuple[str, ...]
    care: bool
    note: str


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    kinds: tuple[str, ...]
    cues: tuple[str, ...]
    verses: tuple[IndexedVerse, ...]


@dataclass(frozen=True, eq=False)
class VerseIndex:
    """The curated themes and their verses. Compared by identity: the chooser caches what it
    derives from an index by the index, and hashing its every verse for each story cost more
    than the rest of choosing."""

    themes: tuple[Theme, ...]

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise ScriptureError(f"the verse index has no theme {theme_id!r}")


def parse_index(text: str) -> VerseIndex:
    raw = tomllib.loads(text)
    try:
        themes = tuple(_theme(entry) for entry in raw["theme"])
    except (KeyError, TypeError) as exc:
        raise ScriptureError(f"the verse index is malformed: missing or wrong field {exc}") from exc
    return VerseIndex(themes)


def _theme(entry: dict) -> Theme:
    return Theme(
        id=entry["id"],
        name=entry["name"],
        description=entry["description"],
        kinds=tuple(entry.get("kinds", ())),
        cues=tuple(c.lower() for c in entry["cues"]),
        verses=tuple(
            IndexedVerse(
                ref=v["ref"],
                uses=tuple(v.get("uses", ())),
                care=bool(v.get("care", False)),
                note=v.get("note", ""),
            )
            for v in entry["verse"]
        ),
    )


@cache
def default_index() -> VerseIndex:
    text = resources.files("praynews.core.scripture").joinpath("verse_index.toml").read_text()
    return parse_index(text)
