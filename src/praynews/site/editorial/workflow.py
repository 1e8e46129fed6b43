"""The review workflow: draft → in review → approved → scheduled → published.

Each move checks that the post stands where the move starts, makes it, and records who made it
and when in the post's history. Approving runs the check: a draft it flags is approved only by
an admin giving a reason, kept on the post until it is published (by the worker, when it was
scheduled), and a misquoted verse is approved by nobody. Publishing is `services.publish`, the
one gate, which runs the check once more. An edit to an approved or scheduled post sends it
back to review, so what was approved is what goes out.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from praynews.core.errors import DraftFormatError, PrayNewsError
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.editorial import services as editorial
from praynews.site.editorial.models import Post, PostEvent
from praynews.site.news.models import Story

log = logging.getLogger(__name__)

Status = Post.Status
UNPUBLISHED_IN_REVIEW = (Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED)
# How far ahead a post may be scheduled: a month covers an edition held for a feast day, and a
# time beyond it is a typed year ("2062"), which would leave the post waiting unseen.
MAX_SCHEDULE_AHEAD = timedelta(days=31)


class WorkflowError(PrayNewsError):
    default_message = "the post cannot make that move"


def _require(post: Post, move: str, *allowed: str) -> None:
    if post.status not in allowed:
        names = " or ".join(Status(s).label.lower() for s in allowed)
        raise WorkflowError(
            f"“{post.headline}” is {post.get_status_display().lower()}: only a post "
            f"{names} can be {move}"
        )


def submit(post: Post, by: AbstractBaseUser, clock: Clock = SYSTEM_CLOCK) -> None:
    """Hand a draft to the editors."""
    _require(post, "sent for review", Status.DRAFT)
    _move(post, Status.IN_REVIEW, PostEvent.Action.SUBMITTED, by, clock=clock)


def approve(
    post: Post, by: AbstractBaseUser, override_reason: str = "", clock: Clock = SYSTEM_CLOCK
) -> None:
    """Approve a draft the check passes; one it flags only over an admin's reason."""
    _require(post, "approved", Status.DRAFT, Status.IN_REVIEW)
    try:
        problems = editorial.check_post(post)
    except DraftFormatError as exc:
        raise WorkflowError(f"it cannot be approved: {exc}") from exc
    reasons = "; ".join(editorial.describe(p) for p in problems)
    if any(p.blocking for p in problems):
        raise WorkflowError(f"nobody may approve it: {reasons}")
    if not problems:
        _move(post, Status.APPROVED, PostEvent.Action.APPROVED, by, clock=clock)
        return
    if not override_reason.strip():
        raise WorkflowError(
            f"the check flags it: {reasons}. Correct the flagged words, or an admin may "
            "approve it over the flags, giving a reason"
        )
    refusal = editorial.Override(by, override_reason).refusal()
    if refusal:
        raise WorkflowError(refusal)
    post.override_by, post.override_reason = by, override_reason.strip()
    why = f"{post.override_reason} ({reasons})"
    _move(post, Status.APPROVED, PostEvent.Action.APPROVED_OVER_FLAGS, by, why, clock)


def schedule(post: Post, at: datetime, by: AbstractBaseUser, clock: Clock = SYSTEM_CLOCK) -> None:
    """Have the worker publish an approved post at `at` (a future time)."""
    _require(post, "scheduled", Status.APPROVED, Status.SCHEDULED)
    if at <= clock.now():
        raise WorkflowError("that time has passed: choose a later one, or publish now")
    if at > clock.now() + MAX_SCHEDULE_AHEAD:
        raise WorkflowError(
            f"that time is too far ahead: news waits at most {MAX_SCHEDULE_AHEAD.days} days"
        )
    post.scheduled_for = at
    _move(
        post, Status.SCHEDULED, PostEvent.Action.SCHEDULED, by, f"for {at:%Y-%m-%d %H:%M %Z}", clock
    )


def unschedule(post: Post, by: AbstractBaseUser, clock: Clock = SYSTEM_CLOCK) -> None:
    _require(post, "unscheduled", Status.SCHEDULED)
    post.scheduled_for = None
    _move(post, Status.APPROVED, PostEvent.Action.UNSCHEDULED, by, clock=clock)


def send_back(
    post: Post, by: AbstractBaseUser | None, reason: str = "", clock: Clock = SYSTEM_CLOCK
) -> None:
    """Return a post in review, approved or scheduled to the drafts, its approval lifted."""
    _require(post, "sent back", *UNPUBLISHED_IN_REVIEW)
    _lift_approval(post)
    _move(post, Status.DRAFT, PostEvent.Action.RETURNED, by, reason, clock)


def edited(post: Post, by: AbstractBaseUser, clock: Clock = SYSTEM_CLOCK) -> None:
    """After an edit: an approved or scheduled post is reviewed again, as the approval was of
    the words before the edit."""
    if post.status in (Status.APPROVED, Status.SCHEDULED):
        _lift_approval(post)
        reason = "edited after approval: to be approved again"
        _move(post, Status.IN_REVIEW, PostEvent.Action.RETURNED, by, reason, clock)


def publish_now(
    post: Post, by: AbstractBaseUser | None, clock: Clock = SYSTEM_CLOCK
) -> editorial.Publication:
    """Publish an approved (or scheduled) post now, through the one gate, with the override
    its approval carried."""
    _require(post, "published", Status.APPROVED, Status.SCHEDULED)
    with transaction.atomic():
        if post.story_id:
            Story.objects.select_for_update().get(pk=post.story_id)
        return editorial.publish(post, override=_stored_override(post), by=by, clock=clock)


def _stored_override(post: Post) -> editorial.Override | None:
    if post.override_by and post.override_reason:
        return editorial.Override(post.override_by, post.override_reason)
    return None


def publish_due(clock: Clock = SYSTEM_CLOCK) -> list[editorial.Publication]:
    """Publish every scheduled post whose time has come, as the editor who scheduled it. One
    the check now refuses goes back to review, saying why, rather than being tried each round."""
    due = Post.objects.filter(status=Status.SCHEDULED, scheduled_for__lte=clock.now())
    done = []
    for post in due.select_related("story", "override_by").order_by("scheduled_for", "pk"):
        publication = publish_now(post, _scheduler(post), clock)
        if not publication.published:
            log.warning("scheduled %s: not published: %s", post, publication.reason)
            _lift_approval(post)
            why = f"the check held it at its time: {publication.reason}"
            _move(post, Status.IN_REVIEW, PostEvent.Action.RETURNED, None, why, clock)
        done.append(publication)
    return done


def _scheduler(post: Post) -> AbstractBaseUser | None:
    scheduled = post.events.filter(action=PostEvent.Action.SCHEDULED).select_related("by").last()
    return scheduled.by if scheduled else None


def _lift_approval(post: Post) -> None:
    post.override_by, post.override_reason, post.scheduled_for = None, "", None


def _move(
    post: Post,
    status: str,
    action: str,
    by: AbstractBaseUser | None,
    reason: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    with transaction.atomic():
        post.status = status
        post.save()
        editorial.record_event(post, action, by, reason, clock)
