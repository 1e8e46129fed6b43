"""The shell's use cases, one function each: what the CLI, the admin and a worker call.

Each takes plain values (locations, ids, a day) and a `Clock`, does the work through the
editorial and news apps, and returns a result of plain data: per-item outcomes (a `StrEnum`)
and counts of what happened in this run. Callers print or show the result; they never query
the models themselves, so there is one way to ingest, write, publish and take down.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q, QuerySet

from praynews.core.edition import choose_edition
from praynews.core.errors import DraftFormatError, InputError, NotNewsError, PrayNewsError
from praynews.core.gate import PageKind
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.editorial import editing, roles, workflow
from praynews.site.editorial import edition as editions
from praynews.site.editorial import services as editorial
from praynews.site.editorial.models import Post
from praynews.site.editorial.services import PublishOutcome, StoryPublication
from praynews.site.news import ingest as ingesting
from praynews.site.news.ingest import ItemStatus, SourceResult
from praynews.site.news.models import Article, Story
from praynews.site.publishing import audio
from praynews.speech import SpeechError

__all__ = [
    "CheckOutcome",
    "EditionOutcome",
    "ItemStatus",
    "PublishOutcome",
    "ReturnOutcome",
    "WriteOutcome",
    "add_desk_member",
    "build_edition",
    "check_post",
    "ingest",
    "publish_due",
    "publish_posts",
    "publish_ready",
    "record_edit",
    "return_to_draft",
    "stories_to_write",
    "write_pending",
    "write_story",
]

log = logging.getLogger(__name__)

Progress = Callable[[str, int], None]  # ("total", n) when n more items are known; ("advance", 1)


def _tally(outcomes: Iterable[StrEnum]) -> dict[StrEnum, int]:
    return dict(Counter(outcomes))


# Ingest ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IngestResult:
    """Every source's result; `count` sums one outcome over all of them."""

    sources: tuple[SourceResult, ...]

    def count(self, status: ItemStatus) -> int:
        return sum(source.count(status) for source in self.sources)

    @property
    def failed(self) -> bool:
        """A source could not be read, or every article tried failed: the run did not do its
        job, and a script running it should know."""
        items = [item for source in self.sources for item in source.items]
        unreadable = any(source.error for source in self.sources)
        return unreadable or (bool(items) and all(i.status == ItemStatus.FAILED for i in items))


def ingest(
    locations: Sequence[str], progress: Progress | None = None, clock: Clock = SYSTEM_CLOCK
) -> IngestResult:
    """Store the articles each location holds, grouping each into its story as it is stored."""
    results = []
    for location in locations:
        result = ingesting.ingest(location, progress=progress, clock=clock)
        _log_source(result)
        results.append(result)
    return IngestResult(tuple(results))


def _log_source(result: SourceResult) -> None:
    if result.error:
        log.error("ingest %s: could not be read: %s", result.location, result.error)
        return
    counts = ", ".join(f"{result.count(s)} {s}" for s in ItemStatus)
    log.info("ingest %s: %s", result.location, counts)
    for item in result.items:
        if item.status == ItemStatus.FAILED:
            log.warning("ingest %s: skipped %s: %s", result.location, item.label, item.error)


# Writing and publishing -------------------------------------------------------------------------


class WriteOutcome(StrEnum):
    WRITTEN = "written"
    EXISTING = "existing"  # the story's current post was written before
    FAILED = "failed"
    NOT_NEWS = "not news"  # the news gate held the story: no reflection is written for it


@dataclass(frozen=True)
class PostItem:
    """One story's or post's outcome, as plain data for any caller to print."""

    story: str
    post: str | None  # the post's slug
    headline: str
    outcome: StrEnum
    reasons: tuple[str, ...] = ()
    outlets: int = 0


@dataclass(frozen=True)
class BatchResult:
    """Per-item outcomes and their counts for one run."""

    items: tuple[PostItem, ...]

    @property
    def counts(self) -> dict[StrEnum, int]:
        return _tally(item.outcome for item in self.items)

    def count(self, outcome: StrEnum) -> int:
        return self.counts.get(outcome, 0)

    @property
    def failed(self) -> bool:
        """Every item failed (and there was at least one)."""
        failed = (WriteOutcome.FAILED, PublishOutcome.FAILED, EditionOutcome.FAILED)
        return bool(self.items) and all(item.outcome in failed for item in self.items)


# A story whose draft could not be written is left out of the unattended runs (the worker's
# rounds, Celery's beats) until a report joins it, or for this long: the same reports give the
# same failure, and trying every story that failed on every round kept a busy list's writers
# redrafting them without end. A day lets a changed writer (a model server back, an upgrade)
# try again.
DRAFT_RETRY_AFTER = timedelta(days=1)


def _worth_drafting(stories: QuerySet[Story], clock: Clock) -> QuerySet[Story]:
    """The stories, less those whose draft failed lately with no report since."""
    news_since = Article.objects.filter(
        story=OuterRef("pk"), fetched_at__gt=OuterRef("draft_failed_at")
    )
    return stories.filter(
        Q(draft_failed_at__isnull=True)
        | Q(draft_failed_at__lte=clock.now() - DRAFT_RETRY_AFTER)
        | Q(Exists(news_since))
    )


def _stories_in_order(unattended: bool = False, clock: Clock = SYSTEM_CLOCK) -> list[Story]:
    """Oldest news first, so follow-ups are written after the posts they follow; `unattended`
    leaves out the stories not worth drafting again yet."""
    stories = Story.objects.all()
    if unattended:
        stories = _worth_drafting(stories, clock)
    return list(stories.annotate(first=Min("articles__published")).order_by("first", "pk"))


def _item(story: Story, post: Post | None, outcome: StrEnum, reasons: str = "") -> PostItem:
    outlets = len(post.as_draft.outlets) if post and outcome == PublishOutcome.PUBLISHED else 0
    return PostItem(
        story=str(story),
        post=post.slug if post else None,
        headline=post.headline if post else str(story),
        outcome=outcome,
        reasons=tuple(r for r in reasons.split("; ") if r),
        outlets=outlets,
    )


def write_pending(
    clock: Clock = SYSTEM_CLOCK, stop: Callable[[], bool] | None = None
) -> BatchResult:
    """Write a draft for every story that needs one (no post yet, or new reports since its post
    was published), publishing nothing. `stop` is asked between stories: a worker told to stop
    finishes the draft in hand and leaves the rest for the next run. A story whose draft failed
    is tried again only once a report joins it, or a day later (DRAFT_RETRY_AFTER)."""
    items = []
    for story in _stories_in_order(unattended=True, clock=clock):
        if stop and stop():
            break
        items.append(_write(story, clock))
    result = BatchResult(tuple(items))
    log.info("write: %s", _summary(result))
    return result


def stories_to_write(clock: Clock = SYSTEM_CLOCK) -> list[int]:
    """The stories that may need a draft, oldest news first: those with no post yet, and those
    developing (new reports since their post), of those with a report the news gate let
    through (no other can have a post), less those whose draft failed lately (as
    `write_pending`); `write_story` decides for each."""
    waiting = Story.objects.filter(
        Q(posts__isnull=True) | Q(status=Story.Status.DEVELOPING), articles__kind=PageKind.NEWS
    )
    waiting = _worth_drafting(waiting, clock)
    return list(
        Story.objects.filter(pk__in=waiting.values("pk"))
        .annotate(first=Min("articles__published"))
        .order_by("first", "pk")
        .values_list("pk", flat=True)
    )


def write_story(story_id: int, publish: bool = False, clock: Clock = SYSTEM_CLOCK) -> PostItem:
    """Write the story's draft if it needs one, and with `publish` publish it when it passes
    every check: one story of `write_pending` (or `publish_ready`), for a task queue. Safe to
    run twice, or in two workers at once: the story's post is stored once."""
    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        raise InputError(f"there is no story {story_id}")
    if publish:
        return _publication_item(editorial.write_and_publish(story, clock))
    return _write(story, clock)


def _write(story: Story, clock: Clock) -> PostItem:
    try:
        post, written = editorial.pending_post(story, clock)
    except NotNewsError as exc:
        return _item(story, None, WriteOutcome.NOT_NEWS, str(exc))
    except PrayNewsError as exc:
        log.warning("write %s: failed: %s", story, exc)
        return _item(story, None, WriteOutcome.FAILED, str(exc))
    outcome = WriteOutcome.WRITTEN if written else WriteOutcome.EXISTING
    return _item(story, post, outcome, post.review_note.replace("\n", "; "))


def publish_ready(
    progress: Progress | None = None, clock: Clock = SYSTEM_CLOCK, unattended: bool = False
) -> BatchResult:
    """Write what is pending and publish every story's post that passes the check; counts say
    what this run did (a rerun publishes 0 and finds the rest unchanged). `unattended` (a
    worker's round) leaves out the stories whose draft failed lately, as `write_pending` does;
    a person running it sees every failure again."""
    stories = _stories_in_order(unattended, clock)
    if progress:
        progress("total", len(stories))
    items = []
    for story in stories:
        items.append(_publication_item(editorial.write_and_publish(story, clock)))
        if progress:
            progress("advance", 1)
    result = BatchResult(tuple(items))
    log.info("publish: %s", _summary(result))
    return result


def _publication_item(done: StoryPublication) -> PostItem:
    if done.outcome in (PublishOutcome.FAILED, PublishOutcome.REFUSED):
        log.warning("publish %s: %s: %s", done.story, done.outcome, done.reason)
    return _item(done.story, done.post, done.outcome, done.reason)


def publish_posts(
    post_ids: Iterable[int],
    by: AbstractBaseUser | None = None,
    override: editorial.Override | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> BatchResult:
    """Publish the chosen posts (the admin's actions and status field): the same check as
    `publish_ready`; an admin's override lifts fidelity problems, never scripture."""
    items = []
    for post in Post.objects.filter(pk__in=list(post_ids)).select_related("story"):
        with transaction.atomic():
            if post.story_id:
                Story.objects.select_for_update().get(pk=post.story_id)
            done = editorial.publish(post, override=override, by=by, clock=clock)
        story = post.story or post.article
        items.append(_item(story, post, done.outcome, done.reason))
    result = BatchResult(tuple(items))
    log.info("publish: %s", _summary(result))
    return result


class ReturnOutcome(StrEnum):
    RETURNED = "returned"
    UNCHANGED = "unchanged"  # it was a draft already


def return_to_draft(
    post_ids: Iterable[int], by: AbstractBaseUser | None = None, reason: str = ""
) -> BatchResult:
    """Take the chosen posts down; each one's story stops being published with it."""
    items = []
    for post in Post.objects.filter(pk__in=list(post_ids)).select_related("story"):
        returned = editorial.return_to_draft(post, by=by, reason=reason)
        outcome = ReturnOutcome.RETURNED if returned else ReturnOutcome.UNCHANGED
        items.append(_item(post.story or post.article, post, outcome))
    result = BatchResult(tuple(items))
    log.info("return to draft: %s", _summary(result))
    return result


class CheckOutcome(StrEnum):
    CLEAN = "clean"
    FLAGGED = "flagged"  # fidelity problems: held for an editor
    BLOCKED = "blocked"  # a problem nobody may publish past
    TAKEN_DOWN = "taken down"  # it was published, and the edit made it unpublishable


@dataclass(frozen=True)
class CheckResult:
    outcome: CheckOutcome
    problems: tuple[str, ...]


def check_post(post_id: int) -> CheckResult:
    """Run the check on a post as stored (after an edit), so its flag count and review note
    say what the check finds. A published post edited into one nobody may publish (a misquoted
    verse) is taken down: an edit is not a way around the check."""
    post = Post.objects.select_related("story").get(pk=post_id)
    try:
        problems = editorial.check_post(post)
    except DraftFormatError:
        return CheckResult(CheckOutcome.BLOCKED, (post.review_note,))
    reasons = tuple(editorial.describe(p) for p in problems)
    if not any(p.blocking for p in problems):
        return CheckResult(CheckOutcome.FLAGGED if problems else CheckOutcome.CLEAN, reasons)
    if editorial.return_to_draft(post):
        log.warning("check %s: taken down: %s", post, "; ".join(reasons))
        return CheckResult(CheckOutcome.TAKEN_DOWN, reasons)
    return CheckResult(CheckOutcome.BLOCKED, reasons)


def record_edit(post_id: int, by: AbstractBaseUser, note: str, clock: Clock = SYSTEM_CLOCK) -> None:
    """An edit saved by the admin's form: kept as a revision; an approved post is reviewed
    again."""
    editing.record_edit(Post.objects.get(pk=post_id), by, note, clock)


def publish_due(clock: Clock = SYSTEM_CLOCK) -> BatchResult:
    """Publish the scheduled posts whose time has come (the worker's `publish` stage)."""
    items = [
        _item(p.post.story or p.post.article, p.post, p.outcome, p.reason)
        for p in workflow.publish_due(clock)
    ]
    result = BatchResult(tuple(items))
    if items:
        log.info("scheduled: %s", _summary(result))
    return result


def add_desk_member(username: str, email: str, password: str, admin: bool = False) -> bool:
    """An account for the editor's desk (`praynews editor`); True when it is new."""
    return roles.add_member(username, email, password, admin)


def _summary(result: BatchResult) -> str:
    return ", ".join(f"{n} {outcome}" for outcome, n in result.counts.items()) or "nothing to do"


# The edition ------------------------------------------------------------------------------------


class EditionOutcome(StrEnum):
    WRITTEN = "written"  # a draft was written for it now
    READY = "ready"  # its post was written before
    FAILED = "failed"  # no post could be written


@dataclass(frozen=True)
class EditionEntry:
    position: int
    headline: str
    post: str | None
    status: str | None  # the post's status: draft or published
    reasons: tuple[str, ...]
    outcome: EditionOutcome


@dataclass(frozen=True)
class EditionResult:
    day: date
    title: str
    entries: tuple[EditionEntry, ...]
    not_news: tuple[tuple[str, str], ...] = ()  # (story, why) for each recent story left out

    def count(self, outcome: EditionOutcome) -> int:
        return _tally(e.outcome for e in self.entries).get(outcome, 0)


class NoNewsError(PrayNewsError):
    default_message = "no stories are stored yet: run praynews ingest first"


def build_edition(
    day: date | None = None, size: int = editions.DEFAULT_SIZE, clock: Clock = SYSTEM_CLOCK
) -> EditionResult:
    """Rank the recent stories, choose the day's with variety, and have a draft for each.

    `day` defaults to the day of the newest stored report, so an edition of stored news is
    the edition of its own day. A story whose post cannot be written stays in the edition
    without one, and says why.
    """
    day = day or editions.latest_news_day()
    if day is None:
        raise NoNewsError()
    ranked, not_news = editions.rank_recent(day)
    stories = {candidate.order: story for story, candidate in ranked}
    chosen, outcomes = [], []
    for choice in choose_edition([candidate for _, candidate in ranked], size):
        story = stories[choice.candidate.order]
        post, outcome = _edition_post(story, clock)
        chosen.append((story, choice.reasons, post))
        outcomes.append(outcome)
    edition = editions.record_edition(day, chosen)
    entries = tuple(
        EditionEntry(
            position=position,
            headline=post.headline if post else str(story),
            post=post.slug if post else None,
            status=post.status if post else None,
            reasons=tuple(reasons),
            outcome=outcome,
        )
        for position, ((story, reasons, post), outcome) in enumerate(
            zip(chosen, outcomes, strict=True), start=1
        )
    )
    result = EditionResult(
        day, str(edition), entries, tuple((str(s), s.not_news) for s in not_news)
    )
    for story, reason in result.not_news:
        log.info("edition %s: left out %s: %s", day, story, reason)
    written = result.count(EditionOutcome.WRITTEN)
    log.info("edition %s: %d stories, %d drafts written", day, len(entries), written)
    return result


def _edition_post(story: Story, clock: Clock) -> tuple[Post | None, EditionOutcome]:
    """The story's post, written now if it has none; stored under the story's lock, as
    `write_pending` stores, so a worker drafting the same story meanwhile never doubles it."""
    try:
        post, written = editorial.pending_post(story, clock, follow_ups=False)
        return post, EditionOutcome.WRITTEN if written else EditionOutcome.READY
    except PrayNewsError as exc:
        log.warning("edition: no post for %s: %s", story, exc)
        return None, EditionOutcome.FAILED


def read_aloud(
    limit: int = audio.RECORDINGS_PER_PASS, stop: Callable[[], bool] = lambda: False
) -> str:
    """Read the newest posts and editions without a recording aloud, with the voice the
    settings choose; what was done, or why nothing could be (raises nothing for a missing
    engine: the site works without audio)."""
    try:
        speaker = audio.voice()
    except SpeechError as exc:
        return f"no audio: {exc}"
    if speaker is None:
        return "audio is off (PRAYNEWS_AUDIO=off)"
    return audio.record_due(speaker, limit, stop).summary()
