"""The day's edition: rank the recent stories, pick the top ones with variety of region and
theme, and have a draft ready for each, for an editor to review."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max

from praynews.core.edition import EditionCandidate, choose_edition
from praynews.core.entities import find_countries
from praynews.core.scripture.choose import score_themes
from praynews.core.scripture.index import default_index
from praynews.core.stories import WINDOW_DAYS, rank_story
from praynews.site.editorial.models import Edition, EditionItem
from praynews.site.editorial.services import write_post
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


def rank_recent(day: date) -> list[tuple[Story, EditionCandidate]]:
    """Stories with a report in the last few days before `day`, best first, reasons stored."""
    newest = Story.objects.annotate(latest=Max("articles__published"))
    recent = newest.filter(latest__gte=day - timedelta(days=WINDOW_DAYS * 2), latest__lte=day)
    ranked = [(story, _candidate(story, day)) for story in recent]
    for story, candidate in ranked:
        story.rank_score = candidate.rank.score
        story.rank_reasons = list(candidate.rank.reasons)
        story.save(update_fields=["rank_score", "rank_reasons", "updated_at"])
    return sorted(ranked, key=lambda pair: (-pair[1].rank.score, pair[0].pk))


def build_edition(day: date, size: int = DEFAULT_SIZE) -> Edition:
    """Rank, choose and write: every chosen story gets a draft post (not published)."""
    with transaction.atomic():
        edition, _ = Edition.objects.get_or_create(day=day)
        edition.items.all().delete()
        ranked = rank_recent(day)
        stories = {candidate.order: story for story, candidate in ranked}
        choices = choose_edition([candidate for _, candidate in ranked], size)
        for position, choice in enumerate(choices, start=1):
            story = stories[choice.candidate.order]
            post = story.posts.order_by("-created_at").first()
            if post is None:
                post = write_post(story)
            EditionItem.objects.create(
                edition=edition,
                story=story,
                post=post,
                position=position,
                reasons=list(choice.reasons),
            )
    return edition


def latest_news_day() -> date | None:
    """The day of the newest stored report: 'today' for an edition of the stored news."""
    return Story.objects.aggregate(latest=Max("articles__published"))["latest"]
