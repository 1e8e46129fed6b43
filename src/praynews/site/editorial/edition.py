"""The day's edition: rank the recent stories and store the day's choice; the service
(`praynews.site.services.build_edition`) chooses with the core's decider and has a draft
written for each, for an editor to review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max

from praynews.core.edition import EditionCandidate
from praynews.core.entities import find_countries
from praynews.core.scripture.choose import score_themes
from praynews.core.scripture.index import default_index
from praynews.core.stories import WINDOW_DAYS, rank_story
from praynews.site.editorial.models import Edition, EditionItem, Post
from praynews.site.news.models import Story

DEFAULT_SIZE = 5


def _candidate(story: Story, day: date) -> EditionCandidate:
    articles = story.ordered_articles()
    text = "\n".join(a.text for a in articles)
    newest = max((a.published for a in articles if a.published), default=None)
    outlets = {a.site_name for a in articles if a.site_name}
    rank = rank_story(story.key, len(outlets) or 1, newest, day, text)
    countries = find_countries(text)
    themes = score_themes(articles[0].title, articles[0].text.split("\n"), default_index())
    return EditionCandidate(
        rank,
        countries[0].region if countries else "",
        themes[0].theme.id if themes else "",
        order=story.pk,
    )


def rank_recent(day: date) -> tuple[list[tuple[Story, EditionCandidate]], list[Story]]:
    """Stories with a report in the last few days before `day`, best first, reasons stored;
    and apart, the recent stories the news gate held, which no edition carries."""
    newest = Story.objects.annotate(latest=Max("articles__published"))
    recent = newest.filter(latest__gte=day - timedelta(days=WINDOW_DAYS * 2), latest__lte=day)
    held = [story for story in recent if story.not_news]
    ranked = [(story, _candidate(story, day)) for story in recent if not story.not_news]
    for story, candidate in ranked:
        story.rank_score = candidate.rank.score
        story.rank_reasons = list(candidate.rank.reasons)
        story.save(update_fields=["rank_score", "rank_reasons", "updated_at"])
    return sorted(ranked, key=lambda pair: (-pair[1].rank.score, pair[0].pk)), held


Chosen = tuple[Story, Sequence[str], Post | None]  # the story, why it was chosen, its post


def record_edition(day: date, chosen: Sequence[Chosen]) -> Edition:
    """Store the day's edition as chosen, replacing an earlier one for the same day."""
    with transaction.atomic():
        edition, _ = Edition.objects.get_or_create(day=day)
        edition.items.all().delete()
        for position, (story, reasons, post) in enumerate(chosen, start=1):
            EditionItem.objects.create(
                edition=edition, story=story, post=post, position=position, reasons=list(reasons)
            )
    return edition


def latest_news_day() -> date | None:
    """The day of the newest stored report: 'today' for an edition of the stored news."""
    return Story.objects.aggregate(latest=Max("articles__published"))["latest"]
