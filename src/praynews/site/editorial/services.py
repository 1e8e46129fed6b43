"""Writing drafts from stored articles, and the checks that stand between a draft and readers.

A draft is published automatically only when the check finds no problem, and only while no
editor has taken it up (one in review, approved or scheduled is the editors' to publish). An
admin may publish a draft held for fidelity problems after reading it, giving a reason that is
recorded; nobody can publish a misquoted verse or a draft that no longer parses. `publish` is
the only code that makes a post public, and `return_to_draft` the only code that takes one
down, so every path (desk, admin, CLI, worker) runs the same check, keeps the story's status
in step and records who did it in the post's history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from praynews.core.check import check
from praynews.core.compose import Recent, compose
from praynews.core.errors import DraftFormatError, NotNewsError, PrayNewsError
from praynews.core.types import Draft, Problem, SourceRef
from praynews.core.writing.reporting import story_source_text
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.editorial import writers
from praynews.site.editorial.models import Post, PostEvent, Revision
from praynews.site.editorial.signals import post_published
from praynews.site.news.locks import POST_SLUGS, named_lock
from praynews.site.news.models import Republication, Story

# Variety rules from FORMAT.md: no verse twice in a month, no opening twice in a week.
VERSE_REUSE_DAYS = 30
OPENING_REUSE_DAYS = 7


class PublishOutcome(StrEnum):
    """What one attempt to publish did."""

    PUBLISHED = "published"
    HELD = "held"  # fidelity problems: an editor may publish it after reading them
    REFUSED = "refused"  # a misquoted verse or an unreadable draft: nobody may publish it
    WITH_EDITORS = "with editors"  # in review, approved or scheduled: the editors publish it
    UNCHANGED = "unchanged"  # it was already published
    FAILED = "failed"  # no post could be written for the story
    NOT_NEWS = "not news"  # the news gate held the story: nothing is written or published


@dataclass(frozen=True)
class Publication:
    post: Post
    outcome: PublishOutcome
    reasons: tuple[str, ...] = ()  # what the check found, one sentence each

    @property
    def published(self) -> bool:
        return self.outcome in (PublishOutcome.PUBLISHED, PublishOutcome.UNCHANGED)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def recent_use(clock: Clock = SYSTEM_CLOCK, besides: Post | None = None) -> Recent:
    """Which verses and reflection openings recent posts used, for variety; `besides` leaves
    one post out (the one an editor is changing does not compete with itself)."""
    now = clock.now()
    others = Post.objects.exclude(pk=besides.pk) if besides else Post.objects.all()
    recent_verses = others.filter(created_at__gte=now - timedelta(days=VERSE_REUSE_DAYS))
    recent_openings = others.filter(created_at__gte=now - timedelta(days=OPENING_REUSE_DAYS))
    return Recent(
        verses=frozenset(recent_verses.values_list("verse_reference", flat=True)),
        openings=frozenset(recent_openings.values_list("reflection_opening", flat=True)),
    )


def draft_for(story: Story, clock: Clock = SYSTEM_CLOCK) -> Draft:
    """The story's draft from every report in it, by the writer the settings choose (raises
    `PrayNewsError` when it cannot be written); copies of its articles elsewhere are listed
    among the sources. It only reads: a model writer may take a minute, and holds no lock
    meanwhile. A story the news gate held at ingest raises `NotNewsError` with its reason."""
    if story.not_news:
        raise NotNewsError(what=repr(str(story)), why=story.not_news)
    articles = story.ordered_articles()
    copies = Republication.objects.filter(article__in=articles).order_by("published", "pk")
    return compose(
        [a.to_extracted() for a in articles],
        writers.writer(),
        settings.TRANSLATION,
        recent_use(clock),
        copies=[
            SourceRef(c.title, c.url or None, c.outlet or None, _iso(c.published)) for c in copies
        ],
    )


def write_post(story: Story, follows: Post | None = None, clock: Clock = SYSTEM_CLOCK) -> Post:
    """Write the story's draft and store it as a post (`draft_for`, then `store_post`)."""
    return store_post(story, draft_for(story, clock), follows, clock)


def store_post(
    story: Story, draft: Draft, follows: Post | None = None, clock: Clock = SYSTEM_CLOCK
) -> Post:
    """Store the story's draft as a post, checked as it is stored, so its flag count is true
    from the start."""
    articles = story.ordered_articles()
    problems = check(draft, story_source_text([a.to_extracted() for a in articles]))
    with named_lock(POST_SLUGS), transaction.atomic():  # the slug is chosen and taken in one turn
        post = Post.objects.create(
            article=articles[0],
            story=story,
            follows=follows,
            slug=Post.unique_slug(draft.headline),
            headline=draft.headline,
            draft=draft.to_dict(),
            writer=draft.writer,
            verse_reference=draft.reflection.verse.reference,
            reflection_opening=opening_of(draft),
            flag_count=len(problems),
            review_note=_note(problems),
        )
        record_revision(post, None, "written by praynews", clock)
    return post


def record_revision(
    post: Post, by: AbstractBaseUser | None, note: str, clock: Clock = SYSTEM_CLOCK
) -> Revision:
    """Keep the post's draft as it stands now, numbered after the last revision (the post's row
    is locked, so two editors saving at once number theirs in turn)."""
    with transaction.atomic():
        Post.objects.select_for_update().filter(pk=post.pk).exists()
        last = post.revisions.aggregate(last=Max("number"))["last"] or 0
        user = by if by is not None and by.is_authenticated else None
        return Revision.objects.create(
            post=post, number=last + 1, draft=post.draft, by=user, note=note[:300], at=clock.now()
        )


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def opening_of(draft: Draft) -> str:
    """The reflection's first sentence: what variety keeps from recurring within a week."""
    text = draft.reflection.text
    return text.split(". ", 1)[0] + "." if ". " in text else text


def describe(problem: Problem) -> str:
    return f"{problem.kind} in {problem.where}: {problem.message}: {problem.text!r}"


def _note(problems: Sequence[Problem]) -> str:
    return "\n".join(describe(p) for p in problems)


def check_post(post: Post) -> list[Problem]:
    """Check the post as it is stored now (core.check, the only gate) and record what was found
    on it, its flag count and review note, so the admin shows the number the check finds.

    A draft that no longer parses cannot be checked: that is recorded too, and the
    `DraftFormatError` raised for the caller to refuse it.
    """
    try:
        draft = post.as_draft
    except DraftFormatError as exc:
        _record(post, 1, f"the draft is not valid post data ({exc})")
        raise
    problems = check(draft, source_text_of(post))
    _record(post, len(problems), _note(problems))
    return problems


def source_text_of(post: Post) -> str:
    """Everything the post's draft may state: its story's reports, as writing traced them."""
    articles = post.story.ordered_articles() if post.story else [post.article]
    return story_source_text([a.to_extracted() for a in articles])


def _record(post: Post, count: int, note: str) -> None:
    post.flag_count, post.review_note = count, note
    post.save(update_fields=["flag_count", "review_note", "updated_at"])


@dataclass(frozen=True)
class Override:
    """An admin's decision to publish over the check's fidelity flags, and why: recorded on the
    post. Only a user with the `override_check` permission (the Admins group, a superuser) may
    make one, and a misquoted verse is refused whoever asks."""

    by: AbstractBaseUser
    reason: str

    def refusal(self) -> str:
        """Why this override is not allowed; empty when it is."""
        if not self.by.has_perm("editorial.override_check"):
            return f"{self.by} may not override the check: only an admin may"
        if not self.reason.strip():
            return "an override needs a reason, recorded with the post"
        return ""


def publish(
    post: Post,
    override: Override | None = None,
    by: AbstractBaseUser | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Publication:
    """Publish unless the check refuses; an admin's override lifts fidelity flags only."""
    if post.status == Post.Status.PUBLISHED:
        return Publication(post, PublishOutcome.UNCHANGED)
    try:
        problems = check_post(post)
    except DraftFormatError:
        return Publication(post, PublishOutcome.REFUSED, (post.review_note,))
    reasons = tuple(describe(p) for p in problems)
    if any(p.blocking for p in problems):
        return Publication(post, PublishOutcome.REFUSED, reasons)
    if problems:
        refusal = override.refusal() if override else "an editor must read the flags"
        if refusal:
            return Publication(post, PublishOutcome.HELD, (*reasons, refusal))
    with transaction.atomic():
        post.status = Post.Status.PUBLISHED
        post.published_at = clock.now()
        post.headline = post.as_draft.headline
        post.scheduled_for, post.override_by, post.override_reason = None, None, ""
        post.save()
        if post.story:
            post.story.status = Story.Status.PUBLISHED
            post.story.save(update_fields=["status", "updated_at"])
        if problems and override:
            flags = "; ".join(reasons)
            why = f"{override.reason} ({flags})"
            record_event(post, PostEvent.Action.OVERRIDDEN, override.by, why, clock)
        else:
            record_event(post, PostEvent.Action.PUBLISHED, by, clock=clock)
        post_published.send(sender=Post, post=post, clock=clock)
    return Publication(post, PublishOutcome.PUBLISHED, reasons)


def record_event(
    post: Post,
    action: str,
    by: AbstractBaseUser | None,
    reason: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """One line of the post's history; `by` None (or anonymous) is praynews itself."""
    user = by if by is not None and by.is_authenticated else None
    PostEvent.objects.create(post=post, action=action, by=user, reason=reason, at=clock.now())


def return_to_draft(
    post: Post,
    by: AbstractBaseUser | None = None,
    reason: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> bool:
    """Take a published post down (False when it was not published). Its story is no longer
    published either: it is new again, or developing when an earlier post of it stays up."""
    if post.status != Post.Status.PUBLISHED:
        return False
    with transaction.atomic():
        post.status = Post.Status.DRAFT
        post.published_at = None
        post.save(update_fields=["status", "published_at", "updated_at"])
        if post.story:
            still_up = post.story.posts.filter(status=Post.Status.PUBLISHED).exists()
            post.story.status = Story.Status.DEVELOPING if still_up else Story.Status.NEW
            post.story.save(update_fields=["status", "updated_at"])
        record_event(post, PostEvent.Action.UNPUBLISHED, by, reason, clock)
    return True


@dataclass(frozen=True)
class StoryPublication:
    """What writing and publishing one story did: its post (if one could be written), whether
    this run wrote it, and the publishing outcome with the problems behind it."""

    story: Story
    post: Post | None
    outcome: PublishOutcome
    written: bool = False
    reason: str = ""

    @property
    def published(self) -> bool:
        return self.outcome in (PublishOutcome.PUBLISHED, PublishOutcome.UNCHANGED)


def write_and_publish(story: Story, clock: Clock = SYSTEM_CLOCK) -> StoryPublication:
    """Write the story's post if it has none (or a follow-up if new reports arrived since it
    was published), and publish it if it passes every check.

    Published with the story's row locked and the post read afresh, so two publishers at once
    publish it once: the second waits, then finds it published.
    """
    if story.not_news:  # not even a draft written before the gate is published automatically
        return StoryPublication(story, None, PublishOutcome.NOT_NEWS, reason=story.not_news)
    try:
        post, written = pending_post(story, clock)
    except NotNewsError as exc:
        return StoryPublication(story, None, PublishOutcome.NOT_NEWS, reason=str(exc))
    except PrayNewsError as exc:
        return StoryPublication(story, None, PublishOutcome.FAILED, reason=str(exc))
    with transaction.atomic():
        Story.objects.select_for_update().filter(pk=story.pk).exists()
        post = Post.objects.get(pk=post.pk)
        if post.status not in (Post.Status.DRAFT, Post.Status.PUBLISHED):
            reason = f"{post.get_status_display().lower()} on the desk"
            return StoryPublication(story, post, PublishOutcome.WITH_EDITORS, written, reason)
        publication = publish(post, clock=clock)
    return StoryPublication(story, post, publication.outcome, written, publication.reason)


def pending_post(
    story: Story, clock: Clock = SYSTEM_CLOCK, follow_ups: bool = True
) -> tuple[Post, bool]:
    """The story's current post, written first when it has none, or (with `follow_ups`) when
    reports arrived since its post was published; True when it was written now.

    The draft is written with no lock held, then stored under the story's lock unless another
    writer stored one meanwhile (theirs is returned and this draft dropped): two workers at
    once store one post, and a slow model writer never holds the database's write lock."""
    latest, needed = _post_needed(story, follow_ups)
    if not needed:
        return latest, False
    try:
        draft = draft_for(story, clock)
    except NotNewsError:
        raise
    except PrayNewsError as exc:
        Story.objects.filter(pk=story.pk).update(
            draft_failed_at=clock.now(), draft_error=str(exc)[:2000]
        )
        raise
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        now_latest, still_needed = _post_needed(locked, follow_ups)
        if not still_needed or now_latest != latest:
            return now_latest, False
        if locked.draft_failed_at:
            Story.objects.filter(pk=story.pk).update(draft_failed_at=None, draft_error="")
        return store_post(locked, draft, follows=latest, clock=clock), True


def _post_needed(story: Story, follow_ups: bool) -> tuple[Post | None, bool]:
    latest = story.posts.order_by("-created_at", "-pk").first()
    developing = story.status == Story.Status.DEVELOPING
    if latest and not (follow_ups and developing and latest.status == Post.Status.PUBLISHED):
        return latest, False
    return latest, True
