"""The day's edition: rank the recent stories, pick the top ones with variety of region and
theme, and store the choice; `praynews.site.services.build_edition` has a draft written for
each, for an editor to review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max

from praynews.core.entities import find_countries
from praynews.core.scripture.choose import score_themes
from praynews.core.scripture.index import default_index
from praynews.core.stories import WINDOW_DAYS, StoryRank, rank_story
from praynews.site.editorial.models import Edition, EditionItem, Post
from praynews.site.news.models import Story

DEFAULT_SIZE = 5
# Variety: a story from a region or on a theme already in the edition counts for less.
SAME_REGION_PENALTY = 1.0
SAME_THEME_PENALTY = 0.75


@dataclass(frozen=True)
class Candidate:
    story: Story
    rank: StoryRank
    region: str
    theme: str


def _candidate(story: Story, day: date) -> Candidate:
    articles = story.ordered_articles()
    text = "\n".join(a.text for a in articles)
    newest = max((a.published for a in articles if a.published), default=None)
    outlets = {a.site_name for a in articles if a.site_name}
    rank = rank_story(story.key, len(outlets) or 1, newest, day, text)
    countries = find_countries(text)
    themes = score_themes(articles[0].title, articles[0].text.split("\n"), default_index())
    return Candidate(
        story,
        rank,
        countries[0].region if countries else "",
        themes[0].theme.id if themes else "",
    )


def rank_recent(day: date) -> list[Candidate]:
    """Stories with a report in the last few days before `day`, best first, reasons stored."""
    newest = Story.objects.annotate(latest=Max("articles__published"))
    recent = newest.filter(latest__gte=day - timedelta(days=WINDOW_DAYS * 2), latest__lte=day)
    candidates = [_candidate(story, day) for story in recent]
    for candidate in candidates:
        candidate.story.rank_score = candidate.rank.score
        candidate.story.rank_reasons = list(candidate.rank.reasons)
        candidate.story.save(update_fields=["rank_score", "rank_reasons", "updated_at"])
    return sorted(candidates, key=lambda c: (-c.rank.score, c.story.pk))


def choose(candidates: list[Candidate], size: int) -> list[tuple[Candidate, list[str]]]:
    chosen: list[tuple[Candidate, list[str]]] = []
    pool = list(candidates)
    while pool and len(chosen) < size:
        regions = {c.region for c, _ in chosen if c.region}
        themes = {c.theme for c, _ in chosen}
        best = max(pool, key=lambda c: (_value(c, regions, themes), -c.story.pk))
        pool.remove(best)
        reasons = [*best.rank.reasons, f"region {best.region or 'unknown'}, theme {best.theme}"]
        chosen.append((best, reasons))
    return chosen


def _value(candidate: Candidate, regions: set[str], themes: set[str]) -> float:
    penalty = SAME_REGION_PENALTY * (candidate.region in regions)
    return candidate.rank.score - penalty - SAME_THEME_PENALTY * (candidate.theme in themes)


Chosen = tuple[Candidate, list[str], Post | None]  # the story, why it was chosen, its post


def record_edition(day: date, chosen: Sequence[Chosen]) -> Edition:
    """Store the day's edition as chosen, replacing an earlier one for the same day."""
    with transaction.atomic():
        edition, _ = Edition.objects.get_or_create(day=day)
        edition.items.all().delete()
        for position, (candidate, reasons, post) in enumerate(chosen, start=1):
            EditionItem.objects.create(
                edition=edition,
                story=candidate.story,
                post=post,
                position=position,
                reasons=reasons,
            )
    return edition


def latest_news_day() -> date | None:
    """The day of the newest stored report: 'today' for an edition of the stored news."""
    return Story.objects.aggregate(latest=Max("articles__published"))["latest"]
