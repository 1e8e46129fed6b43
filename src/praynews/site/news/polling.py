"""Checking the sources on the list when they are due, by any number of workers at once.

A worker claims a source with a lease: the claim is written under the claims lock, so two
workers never claim one source, and it is renewed after each article, so a long check keeps
it. A worker that is killed stops renewing; once its lease runs out, another worker claims the
source and checks it again (its articles are stored once whatever happens: see ingest). No two
sources on one host are claimed at once, so each host gets one request at a time.

Claims are decided under one lock rather than by skipping rows other workers hold locked
(`SKIP LOCKED`, as the newsletter's senders claim deliveries): whether a source's host is free
depends on every live claim, which a worker skipping locked rows cannot see. A claim is a few
milliseconds' transaction; the fetching is done outside it, under the lease.

With Celery, the dispatcher claims each due source for the task it queues, and the worker that
takes the task up takes the claim over (`hand_over`): a source is queued once however long the
queue, and one whose task was lost is queued again once the claim runs out.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Q

from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.news import ingest as ingesting
from praynews.site.news.ingest import SourceResult
from praynews.site.news.locks import CLAIMS, named_lock
from praynews.site.news.models import Source


def claim_due_source(worker: str, lease: timedelta, clock: Clock = SYSTEM_CLOCK) -> Source | None:
    """The source most overdue that no live lease holds and whose host no other claim is
    fetching from, now leased to `worker`; None when nothing is due."""
    now = clock.now()
    with named_lock(CLAIMS):
        busy_hosts = Source.objects.filter(lease_expires_at__gt=now).exclude(host="").values("host")
        candidate = (
            Source.objects.filter(scheduled=True)
            .filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
            .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now))
            .exclude(host__in=busy_hosts)
            .order_by(F("next_check_at").asc(nulls_first=True), "id")
            .first()
        )
        if candidate is None:
            return None
        Source.objects.filter(pk=candidate.pk).update(
            lease_owner=worker, lease_expires_at=now + lease
        )
    candidate.refresh_from_db()
    return candidate


# Who holds a claim made for a task still in a queue: this, then a random part.
TASK_HOLDER = "queued:"


def claimed_for_tasks(clock: Clock = SYSTEM_CLOCK) -> int:
    """How many sources are claimed for tasks no worker has taken up yet."""
    return Source.objects.filter(
        lease_owner__startswith=TASK_HOLDER, lease_expires_at__gt=clock.now()
    ).count()


def checking(clock: Clock = SYSTEM_CLOCK) -> bool:
    """Whether a source on the list is due, being checked, or waiting in a queue to be."""
    now = clock.now()
    due = Q(next_check_at__isnull=True) | Q(next_check_at__lte=now)
    return Source.objects.filter(scheduled=True).filter(due | Q(lease_expires_at__gt=now)).exists()


def hand_over(
    source_id: int, holder: str, worker: str, lease: timedelta, clock: Clock = SYSTEM_CLOCK
) -> Source | None:
    """The source claimed for `holder` (a task waiting in a queue), now leased to the worker
    that took the task up; None when that claim is gone (checked already by a run of the same
    task, or run out and claimed afresh), so a task delivered twice checks its source once."""
    now = clock.now()
    taken = Source.objects.filter(
        pk=source_id, lease_owner=holder, lease_expires_at__gt=now
    ).update(lease_owner=worker, lease_expires_at=now + lease)
    return Source.objects.get(pk=source_id) if taken else None


def renew(source: Source, worker: str, lease: timedelta, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Extend the worker's lease; False when it has lost it (it ran out and was taken)."""
    held = Source.objects.filter(pk=source.pk, lease_owner=worker)
    return bool(held.update(lease_expires_at=clock.now() + lease))


def release(source: Source, worker: str) -> None:
    Source.objects.filter(pk=source.pk, lease_owner=worker).update(
        lease_owner="", lease_expires_at=None
    )


def check_source(
    source: Source, worker: str, lease: timedelta, clock: Clock = SYSTEM_CLOCK
) -> SourceResult:
    """Check one claimed source (conditional GET, new articles stored and grouped), renewing
    the claim as each article is done, and let the claim go at the end."""
    try:
        return ingesting.ingest(
            source.location, clock=clock, on_item=lambda: renew(source, worker, lease, clock)
        )
    finally:
        release(source, worker)


def next_due(clock: Clock = SYSTEM_CLOCK) -> timedelta | None:
    """How long until the next source on the list is due (zero when one is); None when the
    list is empty."""
    scheduled = Source.objects.filter(scheduled=True)
    if not scheduled.exists():
        return None
    if scheduled.filter(next_check_at__isnull=True).exists():
        return timedelta(0)
    soonest = scheduled.order_by("next_check_at").values_list("next_check_at", flat=True)[0]
    return max(timedelta(0), soonest - clock.now())
