"""Writing drafts from stored articles, and the checks that stand between a draft and readers.

A draft is published automatically only when it has no fidelity flags and every scripture
quotation in it matches its reference word for word. An editor may publish a flagged draft after
reading it; nobody can publish a misquoted verse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from praynews.core.check import check
from praynews.core.compose import Recent, compose
from praynews.core.errors import DraftFormatError, PrayNewsError
from praynews.core.types import Draft, Problem, SourceRef
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.reporting import story_source_text
from praynews.site.editorial.models import Post
from praynews.site.news.locks import POST_SLUGS, named_lock
from praynews.site.news.models import Republication, Story

# Variety rules from FORMAT.md: no verse twice in a month, no opening twice in a week.
VERSE_REUSE_DAYS = 30
OPENING_REUSE_DAYS = 7


@dataclass(frozen=True)
class PublishOutcome:
    post: Post
    published: bool
    reason: str = ""


def recent_use() -> Recent:
    """Which verses and reflection openings recent posts used, for variety."""
    now = timezone.now()
    recent_verses = Post.objects.filter(created_at__gte=now - timedelta(days=VERSE_REUSE_DAYS))
    recent_openings = Post.objects.filter(created_at__gte=now - timedelta(days=OPENING_REUSE_DAYS))
    return Recent(
        verses=frozenset(recent_verses.values_list("verse_reference", flat=True)),
        openings=frozenset(recent_openings.values_list("reflection_opening", flat=True)),
    )


def write_post(story: Story, follows: Post | None = None) -> Post:
    """Write a draft post from every report in the story (raises `PrayNewsError` when it
    cannot be written); copies of its articles elsewhere are listed among the sources."""
    articles = story.ordered_articles()
    reports = [a.to_extracted() for a in articles]
    copies = Republication.objects.filter(article__in=articles).order_by("published", "pk")
    draft = compose(
        reports,
        ExtractiveWriter(),
        settings.TRANSLATION,
        recent_use(),
        copies=[
            SourceRef(c.title, c.url or None, c.outlet or None, _iso(c.published)) for c in copies
        ],
    )
    with named_lock(POST_SLUGS):  # the slug is chosen free and taken in one turn
        return Post.objects.create(
            article=articles[0],
            story=story,
            follows=follows,
            slug=Post.unique_slug(draft.headline),
            headline=draft.headline,
            draft=draft.to_dict(),
            writer=draft.writer,
            verse_reference=draft.reflection.verse.reference,
            reflection_opening=_opening(draft),
            flag_count=len(draft.flags),
        )


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _opening(draft: Draft) -> str:
    text = draft.reflection.text
    return text.split(". ", 1)[0] + "." if ". " in text else text


def publish(post: Post, editor_approved: bool = False) -> PublishOutcome:
    """Publish unless a check refuses; an editor's approval overrides fidelity flags only."""
    try:
        draft = post.as_draft
    except DraftFormatError as exc:
        return _refuse(post, f"the draft is not valid post data ({exc})")
    articles = post.story.ordered_articles() if post.story else [post.article]
    problems = check(draft, story_source_text([a.to_extracted() for a in articles]))
    blocking = any(problem.blocking for problem in problems)
    if blocking or (problems and not editor_approved):
        return _refuse(post, "; ".join(_describe(problem) for problem in problems))
    with transaction.atomic():
        post.status = Post.Status.PUBLISHED
        post.published_at = post.published_at or timezone.now()
        post.review_note = ""
        post.headline = draft.headline
        post.save()
        if post.story:
            post.story.status = Story.Status.PUBLISHED
            post.story.save(update_fields=["status", "updated_at"])
    return PublishOutcome(post, True)


def _describe(problem: Problem) -> str:
    return f"{problem.kind} in {problem.where}: {problem.message}: {problem.text!r}"


def _refuse(post: Post, reason: str) -> PublishOutcome:
    post.review_note = reason
    post.save(update_fields=["review_note", "updated_at"])
    return PublishOutcome(post, False, reason)


@dataclass(frozen=True)
class WriteOutcome:
    story: Story
    post: Post | None
    published: bool
    reason: str = ""


def write_and_publish(story: Story) -> WriteOutcome:
    """Write the story's post if it has none (or a follow-up if new reports arrived since it
    was published), and publish it if it passes every check.

    Decided with the story's row locked and read afresh, so two publishers at once write one
    post: the second waits, then finds the first's.
    """
    with transaction.atomic():
        return _write_and_publish(Story.objects.select_for_update().get(pk=story.pk))


def _write_and_publish(story: Story) -> WriteOutcome:
    latest = story.posts.order_by("-created_at", "-pk").first()
    follows = None
    if (
        latest
        and story.status == Story.Status.DEVELOPING
        and latest.status == Post.Status.PUBLISHED
    ):
        follows, latest = latest, None
    if latest is None:
        try:
            latest = write_post(story, follows=follows)
        except PrayNewsError as exc:
            return WriteOutcome(story, None, False, str(exc))
    if latest.status == Post.Status.PUBLISHED:
        return WriteOutcome(story, latest, True)
    outcome = publish(latest)
    return WriteOutcome(story, latest, outcome.published, outcome.reason)
