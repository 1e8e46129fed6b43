"""Subscribing with double opt-in, preferences, unsubscribing, and lists in CSV.

Only the subscriber's own POST confirms or unsubscribes: the links in mails open pages with a
button, because mail scanners follow links. The form says the same thing whatever the address
(new, pending, subscribed), so it tells no one who reads Pray News.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from django.db import transaction

from praynews.core.errors import InputError, PrayNewsError
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.newsletter import tokens
from praynews.site.newsletter.addresses import normalise
from praynews.site.newsletter.mail import MailSettings, confirmation_message
from praynews.site.newsletter.models import Delivery, Subscriber, Suppression, new_key
from praynews.site.newsletter.transport import Outgoing, Transport, configured_transport

log = logging.getLogger(__name__)

CONFIRMATION_EVERY = timedelta(days=1)  # at most one confirmation mail per address per day
ROWS_PER_QUERY = 500  # addresses per IN (...) query, well under SQLite's bound-parameter limit
EXPORT_FIELDS = ["email", "status", "frequency", "origin", "created_at", "confirmed_at"]


class Subscribed(StrEnum):
    CONFIRMATION_SENT = "confirmation sent"
    CONFIRMATION_RECENT = "a confirmation was sent less than a day ago"
    ALREADY = "already subscribed"


def subscribe(
    address: str,
    frequency: str = Subscriber.Frequency.DAILY,
    clock: Clock = SYSTEM_CLOCK,
    transport: Transport | None = None,
) -> Subscribed:
    """Record the wish and mail a confirmation link (at most one a day per address); raises
    `InputError` for an address that is not one and `PrayNewsError` when the mail cannot go."""
    email = normalise(address)
    now = clock.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"frequency": frequency}
        )
        if subscriber.status == Subscriber.Status.ACTIVE:
            return Subscribed.ALREADY
        sent = subscriber.confirmation_sent_at
        if sent and now - sent < CONFIRMATION_EVERY:
            return Subscribed.CONFIRMATION_RECENT
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            subscriber.key = new_key()
        subscriber.status = Subscriber.Status.PENDING
        subscriber.frequency = frequency
        subscriber.confirmation_sent_at = now
        subscriber.save()
    _send_confirmation(subscriber, clock, transport)
    return Subscribed.CONFIRMATION_SENT


def _send_confirmation(subscriber: Subscriber, clock: Clock, transport: Transport | None) -> None:
    transport = transport or configured_transport()
    mail = MailSettings.current()
    try:
        message = confirmation_message(subscriber, mail, clock)
        transport.send(Outgoing.of(message, mail.sender.addr_spec, subscriber.email))
    except PrayNewsError:
        # Let the reader try again at once rather than wait a day for a mail that never went.
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=None)
        raise
    finally:
        transport.close()


def confirm(claim: tokens.Claim, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Confirm a pending subscription; the owner confirming lifts any suppression of the
    address. False when there was nothing to confirm (already confirmed, or unsubscribed)."""
    subscriber = claim.subscriber
    with transaction.atomic():
        changed = Subscriber.objects.filter(
            pk=subscriber.pk, key=subscriber.key, status=Subscriber.Status.PENDING
        ).update(status=Subscriber.Status.ACTIVE, confirmed_at=clock.now())
        if changed:
            Suppression.objects.filter(email=subscriber.email).delete()
    return bool(changed)


def set_frequency(claim: tokens.Claim, frequency: str) -> None:
    if frequency not in Subscriber.Frequency.values:
        raise InputError(f"{frequency!r} is not one of {', '.join(Subscriber.Frequency.values)}")
    Subscriber.objects.filter(pk=claim.subscriber.pk, key=claim.subscriber.key).update(
        frequency=frequency
    )


def unsubscribe(claim: tokens.Claim, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Unsubscribe at once, for good: the address is suppressed, mails queued for it are not
    sent, and every link mailed before stops working. False when it was already done."""
    subscriber = claim.subscriber
    with transaction.atomic():
        changed = Subscriber.objects.filter(pk=subscriber.pk, key=subscriber.key).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=clock.now(), key=new_key()
        )
        if not changed:
            return False
        Suppression.objects.get_or_create(
            email=subscriber.email, defaults={"reason": Suppression.Reason.UNSUBSCRIBED}
        )
        Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SKIPPED
        )
        if claim.mailing_id:
            Delivery.objects.filter(subscriber=subscriber, mailing_id=claim.mailing_id).update(
                unsubscribed=True
            )
    log.info("newsletter: %s unsubscribed", subscriber.email)
    return True


@dataclass
class ImportResult:
    added: int = 0
    already: int = 0
    suppressed: int = 0
    problems: list[str] = field(default_factory=list)  # "line 4: 'x' is not an email address"


def import_csv(data: str, frequency: str = Subscriber.Frequency.DAILY) -> ImportResult:
    """Add the addresses of a CSV list as confirmed subscribers, marked as imported.

    The list has an `email` column (any case), or is one address per line with no header; a
    `frequency` column, if present, sets each row's choice. Suppressed addresses are never
    added back, and subscribers already on the list are left as they are."""
    result = ImportResult()
    wanted = dict(reversed(list(_rows(data, frequency, result))))  # the first row of an address
    emails = list(wanted)
    for start in range(0, len(emails), ROWS_PER_QUERY):
        chunk = emails[start : start + ROWS_PER_QUERY]
        suppressed = set(
            Suppression.objects.filter(email__in=chunk).values_list("email", flat=True)
        )
        known = set(Subscriber.objects.filter(email__in=chunk).values_list("email", flat=True))
        new = [e for e in chunk if e not in suppressed and e not in known]
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=e,
                    status=Subscriber.Status.ACTIVE,
                    origin=Subscriber.Origin.IMPORT,
                    frequency=wanted[e],
                )
                for e in new
            ],
            ignore_conflicts=True,
        )
        result.suppressed += len(suppressed)
        result.already += len(known - suppressed)
        result.added += len(new)
    return result


def _rows(data: str, frequency: str, result: ImportResult):
    rows = list(csv.reader(io.StringIO(data)))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if "email" in header:
        column, rows = header.index("email"), rows[1:]
        chosen = header.index("frequency") if "frequency" in header else None
        first_line = 2
    else:
        column, chosen, first_line = 0, None, 1
    for line, row in enumerate(rows, start=first_line):
        if not row or not any(cell.strip() for cell in row):
            continue
        try:
            email = normalise(row[column] if column < len(row) else "")
        except InputError as exc:
            result.problems.append(f"line {line}: {exc}")
            continue
        wanted = row[chosen].strip().lower() if chosen is not None and chosen < len(row) else ""
        if wanted and wanted not in Subscriber.Frequency.values:
            result.problems.append(f"line {line}: unknown frequency {wanted!r}, {frequency} used")
            wanted = ""
        yield email, wanted or frequency


def export_csv() -> str:
    """Every subscriber, with status and origin, as CSV (suppressed addresses included, with
    their status, so a list moved elsewhere keeps its unsubscribes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_FIELDS)
    for row in Subscriber.objects.order_by("email").values_list(*EXPORT_FIELDS):
        writer.writerow(
            [
                "" if value is None else getattr(value, "isoformat", lambda v=value: v)()
                for value in row
            ]
        )
    return buffer.getvalue()
