"""Sending the queued deliveries, by any number of senders at once, losing and repeating none.

A sender claims a batch of due rows with a lease (`SELECT … FOR UPDATE SKIP LOCKED` on
PostgreSQL; on SQLite every transaction takes the database's one write lock, which serialises
claims just the same), sends them one at a time over one connection, and marks each row sent
only after the server has accepted its message. The next message is handed to the connection
before the answer to the one on the wire is recorded, so killed at any moment a sender leaves at
most IN_FLIGHT messages accepted but unmarked (sent again once their lease runs out); stopped
(SIGTERM), it waits for the server's answers to those in hand, records them, gives its other
claims back, and leaves.

Temporary refusals retry with the source checker's backoff (15 minutes, doubling, up to a
day) and give up after MAX_ATTEMPTS; a permanent refusal (5xx) suppresses the address. A
server that cannot be reached at all blames no recipient: the batch is given back untouched.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q

from praynews.core.errors import PrayNewsError
from praynews.core.schedule import backoff
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.newsletter.mail import MailSettings, PersonalMail
from praynews.site.newsletter.models import Delivery, Mailing, Subscriber, Suppression
from praynews.site.newsletter.transport import (
    PermanentFailure,
    TemporaryFailure,
    Transport,
    TransportDown,
)

log = logging.getLogger(__name__)

# Rows claimed at a time: many enough that claiming, and the pause between batches, cost little
# per message (50 left 0.75 of the bare loop in bench/send_mail.py, 200 0.81), few enough that
# a killed sender's batch is soon taken up by another. Never more than a quarter of the lease
# takes to send at the per-second limit, so no claim runs out while its batch is being sent.
CLAIM_BATCH = 200
LEASE_SHARE_PER_BATCH = 4
# Messages handed to the connection and not yet recorded: the one on the wire and the next,
# queued behind it so the connection never waits. A killed sender can leave this many accepted
# by the server but not marked sent. More would not help: the connection already never waits.
IN_FLIGHT = 2
# Backoff after temporary refusals: 15 min, 30 min, 1 h, ... 24 h: the ninth try comes about
# two and a half days after the first, near the four or five days mail servers keep trying.
MAX_ATTEMPTS = 9
# How often a sender with nothing left to claim looks again while another sender's claims are
# outstanding, so `praynews send` ends with the queue empty even after a sender was killed.
LEASE_POLL_SECONDS = 1.0


@dataclass
class SendResult:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    skipped: int = 0
    stopped: bool = False
    error: str = ""  # why sending stopped early: the server unreachable, the hour's limit

    def summary(self) -> str:
        parts = [f"{self.sent} sent", f"{self.deferred} deferred", f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} not sent (unsubscribed or suppressed)")
        return ", ".join(parts) + (f"; {self.error}" if self.error else "")


class Pacer:
    """At most `per_second` messages a second, spread evenly (0: no limit)."""

    def __init__(self, per_second: int, stop: threading.Event) -> None:
        self.gap = 1.0 / per_second if per_second else 0.0
        self.stop = stop
        self.next_at = 0.0

    def wait(self) -> None:
        if not self.gap:
            return
        now = time.monotonic()
        if self.next_at > now:
            self.stop.wait(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.gap


class Sender:
    def __init__(
        self,
        transport: Transport,
        owner: str,
        lease: timedelta,
        clock: Clock = SYSTEM_CLOCK,
        stop: threading.Event | None = None,
        per_second: int = 0,
        per_hour: int = 0,
    ) -> None:
        self.transport, self.owner, self.lease, self.clock = transport, owner, lease, clock
        self.stop = stop or threading.Event()
        self.pacer = Pacer(per_second, self.stop)
        self.per_hour = per_hour
        paced = per_second * lease.total_seconds() / LEASE_SHARE_PER_BATCH
        self.batch_size = max(1, min(CLAIM_BATCH, int(paced))) if per_second else CLAIM_BATCH
        self.mail = MailSettings.current()
        self._mailings: dict[int, PersonalMail] = {}

    def send_due(self, keep_going: Callable[[], bool] = lambda: True) -> SendResult:
        """Send what is due until nothing is (waiting out other senders' claims), a stop is
        asked, or `keep_going` says enough."""
        result = SendResult()
        while not self.stop.is_set() and keep_going():
            allowed = self._room_this_hour()
            if allowed == 0:
                result.error = f"the limit of {self.per_hour} mails an hour is reached"
                break
            batch = self.claim(min(self.batch_size, allowed))
            if not batch:
                if not self._held_by_others():
                    break
                self.stop.wait(LEASE_POLL_SECONDS)  # a sender's claims: sent, or given up
                continue
            try:
                self._send_batch(batch, result)
            except TransportDown as exc:
                result.error = str(exc)
                log.error("send: %s; the queue is kept for later", exc)
                break
            finally:
                self._give_back([d.pk for d in batch])
        result.stopped = self.stop.is_set()
        return result

    def claim(self, count: int) -> list[Delivery]:
        now = self.clock.now()
        with transaction.atomic():
            due = (
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
                .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now))
                .order_by("next_attempt_at", "pk")
            )
            ids = list(due.values_list("pk", flat=True)[:count])
            Delivery.objects.filter(pk__in=ids).update(
                lease_owner=self.owner, lease_expires_at=now + self.lease
            )
        return list(
            Delivery.objects.filter(pk__in=ids, lease_owner=self.owner)
            .select_related("subscriber")
            .order_by("next_attempt_at", "pk")
        )

    def _send_batch(self, batch: list[Delivery], result: SendResult) -> None:
        """Send the batch over one connection on a second thread, the next message always
        handed over before the answer to the last is recorded: the connection never waits for
        the database or for a message to be made, and the server's answer, most of a
        message's time, is spent doing both."""
        handed: deque[tuple[Delivery, Future[None]]] = deque()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="smtp") as wire:
            try:
                for delivery in self._mailable(batch, result):
                    if self.stop.is_set():
                        break
                    mailing = self._mailing(delivery.mailing_id)
                    message = mailing.message_for(delivery.subscriber, self.clock)
                    self.pacer.wait()
                    handed.append((delivery, wire.submit(self.transport.send, message)))
                    if len(handed) == IN_FLIGHT:
                        self._record(*_answered(handed.popleft()), result)
                while handed:  # the last few, or those in hand when asked to stop
                    self._record(*_answered(handed.popleft()), result)
            finally:
                wire.shutdown(cancel_futures=True)  # the server gone: send nothing more

    def _mailable(self, batch: list[Delivery], result: SendResult) -> list[Delivery]:
        """The batch less those unsubscribed or suppressed since it was queued (marked so)."""
        suppressed = set(
            Suppression.objects.filter(email__in=[d.subscriber.email for d in batch]).values_list(
                "email", flat=True
            )
        )
        mailable = []
        for delivery in batch:
            if (
                delivery.subscriber.status != Subscriber.Status.ACTIVE
                or delivery.subscriber.email in suppressed
            ):
                self._finish(delivery, Delivery.Status.SKIPPED)
                result.skipped += 1
            else:
                mailable.append(delivery)
        return mailable

    def _record(
        self, delivery: Delivery, refusal: PrayNewsError | None, result: SendResult
    ) -> None:
        if refusal is None:
            self._finish(delivery, Delivery.Status.SENT)
            result.sent += 1
        elif isinstance(refusal, PermanentFailure):
            self._finish(delivery, Delivery.Status.FAILED, str(refusal))
            suppress(delivery.subscriber.email, Suppression.Reason.REJECTED, str(refusal))
            result.failed += 1
            log.warning("send %s: refused, address suppressed: %s", delivery.subscriber, refusal)
        else:
            self._defer(delivery, str(refusal), result)

    def _mailing(self, mailing_id: int) -> PersonalMail:
        if mailing_id not in self._mailings:
            self._mailings[mailing_id] = PersonalMail(Mailing.objects.get(pk=mailing_id), self.mail)
        return self._mailings[mailing_id]

    def _finish(self, delivery: Delivery, status: str, error: str = "") -> None:
        now = self.clock.now()
        with connection.cursor() as cursor:
            cursor.execute(
                _finish_statement(),
                [
                    status,
                    connection.ops.adapt_datetimefield_value(
                        now if status == Delivery.Status.SENT else None
                    ),
                    error,
                    delivery.pk,
                    self.owner,
                ],
            )

    def _defer(self, delivery: Delivery, error: str, result: SendResult) -> None:
        attempts = delivery.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            self._finish(
                delivery, Delivery.Status.FAILED, f"gave up after {attempts} tries: {error}"
            )
            result.failed += 1
            return
        Delivery.objects.filter(pk=delivery.pk, lease_owner=self.owner).update(
            attempts=attempts,
            next_attempt_at=self.clock.now() + backoff(attempts),
            last_error=error,
            lease_owner="",
            lease_expires_at=None,
        )
        result.deferred += 1
        log.info("send %s: deferred: %s", delivery.subscriber, error)

    def _give_back(self, ids: list[int]) -> None:
        """Let go of the claims not finished (a stop, the server down), for any sender now."""
        Delivery.objects.filter(
            pk__in=ids, lease_owner=self.owner, status=Delivery.Status.QUEUED
        ).update(lease_owner="", lease_expires_at=None)

    def _held_by_others(self) -> bool:
        """Whether due rows wait under another sender's live claim: that sender finishes them,
        or it was killed and its claims are taken over once their lease runs out."""
        return Delivery.objects.filter(
            status=Delivery.Status.QUEUED,
            next_attempt_at__lte=self.clock.now(),
            lease_expires_at__gt=self.clock.now(),
        ).exists()

    def _room_this_hour(self) -> int:
        """How many more may go this hour, counting every sender's mails (no limit: a batch)."""
        if not self.per_hour:
            return CLAIM_BATCH
        since = self.clock.now() - timedelta(hours=1)
        sent = Delivery.objects.filter(sent_at__gt=since).count()
        return max(0, self.per_hour - sent)


@functools.cache
def _finish_statement() -> str:
    """Marking one row done, written out: it runs once per message sent, and the ORM building
    the same UPDATE each time cost six times the update itself (0.31 ms against 0.05 here),
    which made a send to a local mail server a third slower (bench/send_mail.py)."""
    table = connection.ops.quote_name(Delivery._meta.db_table)
    return (
        f"UPDATE {table} SET status = %s, attempts = attempts + 1, sent_at = %s,"
        " last_error = %s, lease_owner = '', lease_expires_at = NULL"
        " WHERE id = %s AND lease_owner = %s"
    )


def _answered(
    handed: tuple[Delivery, Future[None]],
) -> tuple[Delivery, PrayNewsError | None]:
    """A delivery with the server's answer to it: None when it took the message, else its
    refusal. A server gone (`TransportDown`) stops the batch, and so does anything unforeseen."""
    delivery, sending = handed
    try:
        sending.result()
    except (TemporaryFailure, PermanentFailure) as refusal:
        return delivery, refusal
    return delivery, None


def suppress(email: str, reason: str, detail: str = "") -> None:
    """Never mail the address again (the first reason recorded is kept)."""
    Suppression.objects.get_or_create(
        email=email, defaults={"reason": reason, "detail": detail[:2000]}
    )
    Delivery.objects.filter(subscriber__email=email, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SKIPPED
    )
