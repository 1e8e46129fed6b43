"""The newsletter's use cases as the CLI, the worker and the admin call them: send what is
due, queue the day's edition and the week's digest when their time comes, lists in and out,
bounces read, and each mail's numbers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db.models import Count, Q

from praynews.core.errors import InputError
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.config import number_setting
from praynews.site.editorial.models import Edition, Post
from praynews.site.newsletter import bounces, subscribing
from praynews.site.newsletter.mail import (
    PREFERENCES_MARK,
    UNSUBSCRIBE_MARK,
    MailSettings,
    render_post,
    test_message,
)
from praynews.site.newsletter.models import Delivery, Mailing, Subscriber
from praynews.site.newsletter.queueing import Queued, queue_digest, queue_edition
from praynews.site.newsletter.sending import Sender, SendResult
from praynews.site.newsletter.transport import Outgoing, configured_transport, outbox_folder


def send_due(
    owner: str,
    stop: threading.Event | None = None,
    keep_going: Callable[[], bool] = lambda: True,
    clock: Clock = SYSTEM_CLOCK,
) -> SendResult:
    """Send every delivery that is due, with the configured server and limits."""
    transport = configured_transport()
    sender = Sender(
        transport,
        owner,
        lease=timedelta(seconds=number_setting("PRAYNEWS_LEASE_SECONDS", 5, 86_400)),
        clock=clock,
        stop=stop,
        per_second=number_setting("PRAYNEWS_SEND_PER_SECOND", 0, 100_000),
        per_hour=number_setting("PRAYNEWS_SEND_PER_HOUR", 0, 100_000_000),
    )
    try:
        return sender.send_due(keep_going)
    finally:
        transport.close()


def mail_waiting(clock: Clock = SYSTEM_CLOCK) -> bool:
    return Delivery.objects.filter(
        status=Delivery.Status.QUEUED, next_attempt_at__lte=clock.now()
    ).exists()


def queue_due(edition_hour: int, clock: Clock = SYSTEM_CLOCK) -> list[Queued]:
    """The day's edition, once every story in it that has a post is published; the week's
    digest on its weekday, from the edition hour. Each at most once (see queueing)."""
    now = clock.now()
    done = []
    edition = Edition.objects.filter(day=now.date()).first()
    if edition and now.hour >= edition_hour and _all_published(edition):
        done.append(queue_edition(edition, clock))
    weekday = number_setting("PRAYNEWS_DIGEST_WEEKDAY", 0, 6)
    if now.weekday() == weekday and now.hour >= edition_hour:
        done.append(queue_digest(now.date() - timedelta(days=7), clock))
    return [q for q in done if q.mailing]


def _all_published(edition: Edition) -> bool:
    statuses = [item.post.status for item in edition.items.select_related("post") if item.post]
    return bool(statuses) and all(s == Post.Status.PUBLISHED for s in statuses)


def queue_edition_now(day: date | None, clock: Clock = SYSTEM_CLOCK) -> Queued:
    """The edition of `day` (default: the newest), with whatever of it is published."""
    edition = Edition.objects.filter(day=day).first() if day else Edition.objects.first()
    if edition is None:
        raise InputError(f"there is no edition of {day}" if day else "there is no edition yet")
    return queue_edition(edition, clock)


def import_subscribers(path: Path, frequency: str) -> subscribing.ImportResult:
    if frequency not in Subscriber.Frequency.values:
        raise InputError(f"{frequency!r} is not one of {', '.join(Subscriber.Frequency.values)}")
    try:
        data = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}", what="CSV file", where=str(path)) from exc
    return subscribing.import_csv(data, frequency)


def export_subscribers() -> str:
    return subscribing.export_csv()


def read_bounces(path: Path) -> bounces.MailboxResult:
    return bounces.read_mailbox(path)


@dataclass(frozen=True)
class MailingNumbers:
    id: int
    kind: str
    subject: str
    queued_at: str
    queued: int
    sent: int
    failed: int
    bounced: int
    skipped: int
    unsubscribed: int

    def as_dict(self) -> dict:
        return asdict(self)


def mailing_numbers(limit: int = 20) -> list[MailingNumbers]:
    """Per mail, newest first: how many are waiting, sent, failed, bounced, not sent to a
    suppressed address, and unsubscribed from it. No opens or clicks: nothing tracks them."""
    counted = Mailing.objects.annotate(
        **{
            status: Count("deliveries", filter=Q(deliveries__status=status))
            for status in ("queued", "sent", "failed", "bounced", "skipped")
        },
        unsubscribes=Count("deliveries", filter=Q(deliveries__unsubscribed=True)),
    ).order_by("-queued_at", "-pk")[:limit]
    return [
        MailingNumbers(
            m.pk,
            m.get_kind_display(),
            m.subject,
            m.queued_at.isoformat(),
            m.queued,
            m.sent,
            m.failed,
            m.bounced,
            m.skipped,
            m.unsubscribes,
        )
        for m in counted
    ]


def send_test(mailing_id: int, to: str, clock: Clock = SYSTEM_CLOCK) -> None:
    """The mailing as subscribers get it, to one address (the editor's), now."""
    mailing = Mailing.objects.get(pk=mailing_id)
    mail = MailSettings.current()
    transport = configured_transport()
    try:
        transport.send(
            Outgoing.of(test_message(mailing, to, mail, clock), mail.sender.addr_spec, to)
        )
    finally:
        transport.close()


def preview_html(mailing: Mailing) -> str:
    """The mail's HTML as a subscriber sees it, its personal links pointing home."""
    home = MailSettings.current().site_url + "/"
    return mailing.html.replace(UNSUBSCRIBE_MARK, home).replace(PREFERENCES_MARK, home)


def post_preview_html(post: Post) -> str:
    """The post's mail as a subscriber would get it, before it is published: for the desk's
    preview, its personal links pointing home."""
    mail = MailSettings.current()
    home = mail.site_url + "/"
    html = render_post(post, mail).html
    return html.replace(UNSUBSCRIBE_MARK, home).replace(PREFERENCES_MARK, home)


def where_mail_goes() -> str:
    """The mail server, or the outbox folder when there is none: what the demo says."""
    transport = configured_transport()
    host = getattr(transport, "host", None)
    return f"the mail server {host}" if host else f"files in {outbox_folder()}"
