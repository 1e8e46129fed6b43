"""The built-in worker: check the sources that are due, write drafts for new stories, publish
the posts editors scheduled when their time comes, publish what passes the checks when
auto-publish is on, build the day's edition at its hour, read new posts and editions aloud,
queue the edition's and the week's mails when due, and send the newsletter's queued mail.

Every stage is the service the CLI calls; the worker only decides when. `run_pass` is one
round (what `praynews run` does, for cron); `Worker.run` repeats rounds until asked to stop.
A stop (SIGTERM, SIGINT) is honoured between items: the article or draft in hand is finished,
then the worker leaves, letting its claim go. Each stage's run is recorded (`StageRun`) for
`praynews status`, and logged as one line, with one line per failure.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from praynews.core.errors import PrayNewsError
from praynews.site import services
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.config import number_setting, setting
from praynews.site.editorial.models import Edition
from praynews.site.news import polling
from praynews.site.news.ingest import ItemStatus, SourceResult
from praynews.site.news.models import StageRun
from praynews.site.newsletter import service as newsletter

log = logging.getLogger(__name__)

# The longest the worker sleeps between rounds when nothing is due: a source added meanwhile
# (or one whose claim ran out) waits at most this long.
IDLE_SECONDS = 30.0
# The shortest sleep when a source is due but claimed by another worker.
BUSY_SECONDS = 1.0
# The longest one round spends sending before it checks the sources again: a long send (a
# large list at a limited rate) is done in slices, and a due feed waits at most this long.
SEND_SLICE_SECONDS = 60.0
# After the mail server could not be reached (or the hour's limit was met), sending waits this
# long before trying again, rather than knocking every second.
SEND_PAUSE_SECONDS = 60.0
# How long each stage's runs are kept: `praynews status` shows the last, and a fortnight of them
# is there for whoever looks into a problem in the admin.
STAGE_RUN_DAYS = timedelta(days=14)


def worker_name() -> str:
    """Who holds a claim: host, process and a random part, unique across restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class PassResult:
    """What one round did."""

    sources: list[SourceResult] = field(default_factory=list)
    written: int = 0
    published: int = 0
    edition: str = ""
    mailed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def every_source_failed(self) -> bool:
        return bool(self.sources) and all(s.error for s in self.sources)

    @property
    def articles_added(self) -> int:
        return sum(s.count(ItemStatus.ADDED) for s in self.sources)


class Worker:
    def __init__(
        self,
        clock: Clock = SYSTEM_CLOCK,
        name: str | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.clock = clock
        self.name = name or worker_name()
        self.stop = stop or threading.Event()
        self.lease = timedelta(seconds=number_setting("PRAYNEWS_LEASE_SECONDS", 5, 86_400))
        self.auto_publish = setting("PRAYNEWS_AUTO_PUBLISH") == "1"
        self.edition_hour = number_setting("PRAYNEWS_EDITION_HOUR", 0, 23)
        self.send_paused_until = 0.0  # time.monotonic() before which no send is tried

    def run(self) -> None:
        """Rounds until stopped; between rounds, sleep until a source is due."""
        log.info("worker %s: started", self.name)
        while not self.stop.is_set():
            self.run_pass()
            self.stop.wait(self._sleep_seconds())
        log.info("worker %s: stopped", self.name)

    def run_pass(self) -> PassResult:
        result = PassResult()
        self._stage("fetch", lambda: self._fetch_due(result))
        if self.stop.is_set():
            return result
        self._stage("write", lambda: self._write(result))
        if not self.stop.is_set():
            self._stage("scheduled", lambda: self._publish_scheduled(result))
        if self.auto_publish and not self.stop.is_set():
            self._stage("publish", lambda: self._publish(result))
        if self._edition_due() and not self.stop.is_set():
            self._stage("edition", lambda: self._edition(result))
        if not self.stop.is_set():
            self._stage("audio", self._record_audio)
        if not self.stop.is_set():
            self._stage("mail", self._queue_mail)
        if self._send_due() and not self.stop.is_set():
            self._stage("send", lambda: self._send(result))
        return result

    def _fetch_due(self, result: PassResult) -> str:
        while not self.stop.is_set():
            source = polling.claim_due_source(self.name, self.lease, self.clock)
            if source is None:
                break
            checked = polling.check_source(source, self.name, self.lease, self.clock)
            result.sources.append(checked)
            if checked.error:
                log.warning("fetch %s: failed: %s", checked.location, checked.error)
                result.errors.append(f"{checked.location}: {checked.error}")
            for item in checked.items:
                if item.status == ItemStatus.FAILED:
                    log.warning("fetch %s: %s: %s", checked.location, item.label, item.error)
        failed = sum(1 for s in result.sources if s.error)
        return (
            f"{len(result.sources)} sources checked, {failed} failed, "
            f"{result.articles_added} articles added"
        )

    def _write(self, result: PassResult) -> str:
        batch = services.write_pending(self.clock, stop=self.stop.is_set)
        result.written = batch.count(services.WriteOutcome.WRITTEN)
        failed = batch.count(services.WriteOutcome.FAILED)
        return f"{result.written} drafts written, {failed} failed"

    def _publish(self, result: PassResult) -> str:
        batch = services.publish_ready(clock=self.clock, unattended=True)
        published = batch.count(services.PublishOutcome.PUBLISHED)
        result.published += published
        return f"{published} posts published"

    def _publish_scheduled(self, result: PassResult) -> str:
        """Posts an editor scheduled, published when their time comes, auto-publish or not."""
        batch = services.publish_due(self.clock)
        published = batch.count(services.PublishOutcome.PUBLISHED)
        result.published += published
        held = len(batch.items) - published
        return f"{published} scheduled posts published, {held} sent back to review"

    def _edition_due(self) -> bool:
        return edition_due(self.edition_hour, self.clock)

    def _edition(self, result: PassResult) -> str:
        title, summary = todays_edition(self.clock)
        result.edition = title
        return summary

    def _record_audio(self) -> str:
        return services.read_aloud(stop=self.stop.is_set)

    def _queue_mail(self) -> str:
        return queue_mail(self.edition_hour, self.clock)

    def _send(self, result: PassResult) -> str:
        until = time.monotonic() + SEND_SLICE_SECONDS
        sent = newsletter.send_due(
            self.name, self.stop, keep_going=lambda: time.monotonic() < until, clock=self.clock
        )
        result.mailed = sent.sent
        if sent.error:
            self.send_paused_until = time.monotonic() + SEND_PAUSE_SECONDS
            raise PrayNewsError(sent.summary())
        return sent.summary()

    def _send_due(self) -> bool:
        return time.monotonic() >= self.send_paused_until and newsletter.mail_waiting(self.clock)

    def _stage(self, stage: str, work: Callable[[], str]) -> None:
        run_stage(stage, work, self.name, self.clock)

    def _sleep_seconds(self) -> float:
        if self._send_due():
            return BUSY_SECONDS
        due = polling.next_due(self.clock)
        if due is None:
            return IDLE_SECONDS
        return min(IDLE_SECONDS, max(BUSY_SECONDS, due.total_seconds()))


def edition_due(edition_hour: int, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Past the edition hour, and today's edition has no stories yet (an edition built before
    the day's news arrived is built again when it does)."""
    now = clock.now()
    built = Edition.objects.filter(day=now.date(), items__isnull=False).exists()
    return now.hour >= edition_hour and not built


def todays_edition(clock: Clock = SYSTEM_CLOCK) -> tuple[str, str]:
    """Build today's edition: its title ("" when there is no news yet) and a summary."""
    try:
        edition = services.build_edition(clock.now().date(), clock=clock)
    except services.NoNewsError:
        return "", "no stories yet"
    return edition.title, f"{edition.title}: {len(edition.entries)} stories"


def queue_mail(edition_hour: int, clock: Clock = SYSTEM_CLOCK) -> str:
    """Queue the edition's and the week's mails when due; what was queued, for the log."""
    queued = newsletter.queue_due(edition_hour, clock)
    return "; ".join(f"{q.mailing} to {q.recipients}" for q in queued) or "nothing due"


def run_stage(
    stage: str, work: Callable[[], str], worker: str = "", clock: Clock = SYSTEM_CLOCK
) -> tuple[str, PrayNewsError | None]:
    """Run one stage, record it and log one line: its summary, and why it failed (None when it
    did not). A stage that fails is logged and recorded, and the caller goes on to the next."""
    started = clock.now()
    failure = None
    try:
        summary = work()
    except PrayNewsError as exc:
        summary, failure = f"failed: {exc}", exc
        log.error("%s: %s", stage, summary)
    record_stage(stage, started, clock.now(), failure is None, summary, worker)
    log.info("%s: %s", stage, summary)
    return summary, failure


def record_stage(
    stage: str, started: datetime, finished: datetime, ok: bool, summary: str, worker: str = ""
) -> None:
    """Keep the run for `praynews status`, and let the stage's runs older than STAGE_RUN_DAYS
    go: a worker records a few every round, Celery one per task, and none is read again."""
    StageRun.objects.filter(stage=stage, finished_at__lt=finished - STAGE_RUN_DAYS).delete()
    StageRun.objects.create(
        stage=stage,
        started_at=started,
        finished_at=finished,
        ok=ok,
        summary=summary[:2000],
        worker=worker,
    )
