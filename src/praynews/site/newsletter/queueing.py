"""Queueing a mail: render it once and create one delivery row per recipient, in one go.

A mailing exists at most once per post, per edition and per week (unique constraints), and
its rows are created in the same transaction as it, so queueing twice, or two workers
queueing at once, gives every subscriber one row and so at most one mail.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse

from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.editorial.models import Edition, Post
from praynews.site.newsletter.mail import MailSettings, Rendered, render_collection, render_post
from praynews.site.newsletter.models import Delivery, Mailing, Subscriber, Suppression
from praynews.site.publishing.readable import readable

log = logging.getLogger(__name__)

ROWS_PER_INSERT = 1000  # rows per INSERT: well under SQLite's limit on bound parameters
DIGEST_DAYS = 7


@dataclass(frozen=True)
class Queued:
    mailing: Mailing | None  # None when there was nothing to send or no one to send it to
    recipients: int
    already: bool = False  # queued before: nothing was added


def recipients(frequency: str):
    suppressed = Suppression.objects.values("email")
    return (
        Subscriber.objects.filter(status=Subscriber.Status.ACTIVE, frequency=frequency)
        .exclude(email__in=suppressed)
        .values_list("pk", flat=True)
    )


def queue_post(post: Post, clock: Clock = SYSTEM_CLOCK) -> Queued:
    """The post as its own mail, for those who take each post."""
    if post.status != Post.Status.PUBLISHED:
        return Queued(None, 0)
    return _queue(
        Mailing.Kind.POST,
        {"post": post},
        Subscriber.Frequency.EACH_POST,
        lambda mailing, mail: render_post(post, mail),
        clock,
    )


def queue_published_post(sender, post: Post, clock: Clock = SYSTEM_CLOCK, **kwargs) -> None:
    """The `post_published` receiver: a post's mail is queued as it is published, so those
    who take each post receive the posts published while they are subscribed, and no others."""
    queue_post(post, clock)


@dataclass(frozen=True)
class Collection:
    """What an edition's or a digest's mail carries: its published posts, in order."""

    title: str
    intro: str
    posts: list[Post]


def edition_collection(edition: Edition) -> Collection:
    """The day's published stories, in the edition's order."""
    posts = [
        item.post
        for item in edition.items.select_related("post").order_by("position")
        if item.post and item.post.status == Post.Status.PUBLISHED
    ]
    title = f"{edition.day:%A %-d %B}: the day's news in prayer"
    intro = f"{len(posts)} stories from {edition.day:%-d %B %Y}, each with a verse and a prayer."
    return Collection(title, intro, posts)


def digest_collection(week_of: date) -> Collection:
    """The posts published in the seven days from `week_of`."""
    posts = list(
        Post.objects.filter(
            status=Post.Status.PUBLISHED,
            published_at__date__gte=week_of,
            published_at__date__lt=week_of + timedelta(days=DIGEST_DAYS),
        ).order_by("published_at", "pk")
    )
    last_day = week_of + timedelta(days=DIGEST_DAYS - 1)
    title = f"The week in prayer: {week_of:%-d %B} to {last_day:%-d %B}"
    intro = f"{len(posts)} stories from the week, each with a verse and a prayer."
    return Collection(title, intro, posts)


def collection_of(mailing: Mailing) -> Collection:
    """An edition's or a digest's posts as they stand now (a post taken down is left out)."""
    if mailing.edition_id:
        return edition_collection(mailing.edition)
    return digest_collection(mailing.week_of)


def queue_edition(edition: Edition, clock: Clock = SYSTEM_CLOCK) -> Queued:
    """The day's published stories, in the edition's order, for the daily readers."""
    collection = edition_collection(edition)
    if not collection.posts:
        return Queued(None, 0)
    return _queue(
        Mailing.Kind.EDITION,
        {"edition": edition},
        Subscriber.Frequency.DAILY,
        lambda mailing, mail: render_mailing(collection, mailing, mail),
        clock,
    )


def queue_digest(week_of: date, clock: Clock = SYSTEM_CLOCK) -> Queued:
    """The posts published in the seven days from `week_of`, for the weekly readers."""
    collection = digest_collection(week_of)
    if not collection.posts:
        return Queued(None, 0)
    return _queue(
        Mailing.Kind.DIGEST,
        {"week_of": week_of},
        Subscriber.Frequency.WEEKLY,
        lambda mailing, mail: render_mailing(collection, mailing, mail),
        clock,
    )


def render_mailing(collection: Collection, mailing: Mailing, mail: MailSettings) -> Rendered:
    view = mail.absolute(reverse("newsletter_mail", args=[mailing.pk]))
    return render_collection(
        collection.title, collection.intro, readable(collection.posts), view, mail
    )


def _queue(kind, lookup: dict, frequency: str, render, clock: Clock) -> Queued:
    if Mailing.objects.filter(kind=kind, **lookup).exists():
        return Queued(None, 0, already=True)
    ids = list(recipients(frequency))
    if not ids:
        return Queued(None, 0)
    now = clock.now()
    try:
        with transaction.atomic():
            mailing = Mailing.objects.create(
                kind=kind, subject="", html="", text="", queued_at=now, **lookup
            )
            rendered = render(mailing, MailSettings.current())
            mailing.subject, mailing.html, mailing.text = (
                rendered.subject,
                rendered.html,
                rendered.text,
            )
            mailing.save(update_fields=["subject", "html", "text"])
            rows = (Delivery(mailing=mailing, subscriber_id=pk, next_attempt_at=now) for pk in ids)
            Delivery.objects.bulk_create(rows, batch_size=ROWS_PER_INSERT, ignore_conflicts=True)
    except IntegrityError:  # another process queued it first
        return Queued(None, 0, already=True)
    log.info("newsletter: queued %s to %d subscribers", mailing, len(ids))
    return Queued(mailing, len(ids))
