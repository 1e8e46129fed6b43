"""The day's edition, decided: the ranked stories chosen with variety of region and theme.

A pure decider over what the shell knows of each story (its rank, region and main theme);
every choice keeps the reasons an editor sees beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from praynews.core.stories import StoryRank

# Variety: a story from a region or on a theme already in the edition counts for less.
SAME_REGION_PENALTY = 1.0
SAME_THEME_PENALTY = 0.75


@dataclass(frozen=True)
class EditionCandidate:
    """A story that may go in the edition. Among equals the lower `order` goes first (the
    shell passes the story's row number, so the older story wins a tie)."""

    rank: StoryRank
    region: str
    theme: str
    order: int


@dataclass(frozen=True)
class EditionChoice:
    candidate: EditionCandidate
    reasons: tuple[str, ...]


def choose_edition(candidates: Sequence[EditionCandidate], size: int) -> list[EditionChoice]:
    """Up to `size` stories, best first, each time the best of the rest once the regions and
    themes already chosen are counted against it."""
    chosen: list[EditionChoice] = []
    pool = list(candidates)
    while pool and len(chosen) < size:
        regions = {c.candidate.region for c in chosen if c.candidate.region}
        themes = {c.candidate.theme for c in chosen}
        best = max(pool, key=lambda c: (_value(c, regions, themes), -c.order))
        pool.remove(best)
        variety = f"region {best.region or 'unknown'}, theme {best.theme}"
        chosen.append(EditionChoice(best, (*best.rank.reasons, variety)))
    return chosen


def _value(candidate: EditionCandidate, regions: set[str], themes: set[str]) -> float:
    penalty = SAME_REGION_PENALTY * (candidate.region in regions)
    return candidate.rank.score - penalty - SAME_THEME_PENALTY * (candidate.theme in themes)
