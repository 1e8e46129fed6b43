"""The worker's stages as Celery tasks, for a publisher whose work outgrows one machine.

Celery workers run them (`celery -A praynews.site.tasks worker -Q fetch,write,send`), and one
`celery -A praynews.site.tasks beat` sends `dispatch` every PRAYNEWS_BEAT_SECONDS. Dispatch
looks for what is due as `praynews worker` does and queues one task per piece of work: each
source to check (queue `fetch`); each story to draft, the posts to publish, the edition and the
recordings (queue `write`); the mails to queue and to send (queue `send`). Every task calls the
service the built-in worker calls, and records its run for `praynews status`.

Tasks take ids, not objects, and are safe to run twice or in two workers at once: a source's
articles are stored once, a story's post is stored once under its lock, a mailing is queued
once per edition and a delivery is claimed by one sender (SKIP LOCKED). A task is acknowledged
only when it has run (`acks_late`) and is given back to the queue when its worker dies
(`reject_on_worker_lost`); each worker process takes one task at a time (prefetch 1), so a long
draft never holds others behind it. Work is not queued again while its task waits: a source is
claimed for its task (news/polling.py), and every other task holds a key in Redis until it has
run, or for PRAYNEWS_LEASE_SECONDS, after which work whose task was lost is queued again.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import cache

import redis
from celery import Celery
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from praynews.core.errors import PrayNewsError
from praynews.site import services, worker
from praynews.site.clock import SYSTEM_CLOCK
from praynews.site.config import home, number_setting, setting
from praynews.site.news import polling
from praynews.site.newsletter import service as newsletter

FETCH, WRITE, SEND = "fetch", "write", "send"
# Sources claimed for tasks not yet started, at most: so a long queue never outlives the
# claims in it (a claim runs out after PRAYNEWS_LEASE_SECONDS, and its source is queued again).
# Fifty per beat keeps up with a thousand sources checked every quarter of an hour.
QUEUED_FETCHES = 50
# Send tasks at once: each claims its own batches of deliveries, so as many sending workers as
# this share one mailing; more wait their turn in the queue.
SENDERS = 4
# How long a due edition waits for the sources being checked and the stories being drafted,
# at most: a quarter of an hour, longer than a round of a few hundred sources takes.
EDITION_PATIENCE_SECONDS = 15 * 60
DAY_SECONDS = 24 * 3600
# Retries of a task that met a database or mail server it could not reach: 5 s, 10 s, 20 s ...
# up to ten minutes apart, with jitter so the workers do not come back all at once.
RETRY_BACKOFF_SECONDS = 5
RETRY_BACKOFF_MAX_SECONDS = 600
MAX_RETRIES = 8
# How long Redis keeps a task a worker took but never acknowledged (killed, or cut off) before
# giving it to another: longer than any task runs (a model's draft may take minutes).
VISIBILITY_TIMEOUT_SECONDS = 3600
BEAT_SECONDS = number_setting("PRAYNEWS_BEAT_SECONDS", 1, 86_400)


class SendingPaused(PrayNewsError):
    """The mail server could not be reached, or the hour's limit was met: try again later."""


app = Celery("praynews")
app.conf.update(
    broker_url=setting("PRAYNEWS_BROKER_URL") or "redis://127.0.0.1:6379/0",
    broker_connection_retry_on_startup=True,
    broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT_SECONDS},
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,  # the work's results are in the database, not a result backend
    task_default_queue=WRITE,
    task_routes={
        "praynews.dispatch": {"queue": FETCH},
        "praynews.fetch_source": {"queue": FETCH},
        "praynews.queue_mail": {"queue": SEND},
        "praynews.send_mail": {"queue": SEND},
    },
    worker_hijack_root_logger=False,  # praynews's own log settings (plain or JSON) apply
    beat_schedule_filename=str(home() / "celerybeat-schedule"),
    beat_schedule={
        "dispatch": {
            "task": "praynews.dispatch",
            "schedule": float(BEAT_SECONDS),
            # A dispatch not taken up before the next one is sent is dropped: one is enough.
            "options": {"expires": BEAT_SECONDS},
        }
    },
)


def _stage_task(name: str):
    """A task that retries with backoff when the database (or, for sending, the mail server)
    cannot be reached."""
    return app.task(
        name=name,
        autoretry_for=(OperationalError, InterfaceError, SendingPaused),
        retry_backoff=RETRY_BACKOFF_SECONDS,
        retry_backoff_max=RETRY_BACKOFF_MAX_SECONDS,
        retry_jitter=True,
        max_retries=MAX_RETRIES,
    )


def _lease() -> timedelta:
    return timedelta(seconds=number_setting("PRAYNEWS_LEASE_SECONDS", 5, 86_400))


@cache
def _keys() -> redis.Redis:
    return redis.Redis.from_url(app.conf.broker_url)


def _key(task_name: str, *args: object) -> str:
    return ":".join(["praynews", "queued", task_name, *map(str, args)])


def _queue_once(task, *args: object) -> bool:
    """Queue the task unless the same one waits or runs; True when it was queued."""
    key = _key(task.name, *args)
    if not _keys().set(key, "1", nx=True, ex=int(_lease().total_seconds())):
        return False
    try:
        task.apply_async(args=args)
    except BrokerError:
        _keys().delete(key)
        raise
    return True


def _run_stage(stage: str, work: Callable[[], str]) -> str:
    """Run one stage as the built-in worker does (recorded, logged, a failure kept to its
    summary: running the task again would fail the same way), except that a mail server out
    of reach is raised, for the task to be retried later with backoff."""
    summary, failure = worker.run_stage(stage, work, worker.worker_name())
    if isinstance(failure, SendingPaused):
        raise failure
    return summary


@app.task(name="praynews.dispatch")
def dispatch() -> str:
    """Queue what is due, once each: sent by celery beat every PRAYNEWS_BEAT_SECONDS."""
    edition = _edition_ready()  # before this dispatch queues more to fetch and draft
    fetches = _queue_fetches()
    auto_publish = setting("PRAYNEWS_AUTO_PUBLISH") == "1"
    writes = sum(_queue_once(write_story, pk, auto_publish) for pk in services.stories_to_write())
    _queue_once(publish_scheduled)
    if auto_publish:
        _queue_once(publish_ready)
    if edition:
        _queue_once(build_edition)
    _queue_once(read_aloud)
    _queue_once(queue_mail)
    senders = 0
    if newsletter.mail_waiting():
        senders = sum(_queue_once(send_mail, slot) for slot in range(SENDERS))
    return f"queued {fetches} sources, {writes} stories, {senders} senders"


def _edition_ready() -> bool:
    """Whether to build today's edition now: it is due, and the news in hand is in (no source
    is due or being checked, no story is being drafted), as the built-in worker builds it after
    its round's fetching and writing. A list so busy that it never rests still gets its
    edition once it has been due for EDITION_PATIENCE_SECONDS."""
    clock = SYSTEM_CLOCK
    if not worker.edition_due(number_setting("PRAYNEWS_EDITION_HOUR", 0, 23), clock):
        return False
    due_since = _key("edition-due", clock.now().date())
    _keys().set(due_since, str(time.time()), nx=True, ex=DAY_SECONDS)
    waited = time.time() - float(_keys().get(due_since) or 0)
    drafting = next(_keys().scan_iter(match=_key(write_story.name, "*")), None)
    quiet = not polling.checking(clock) and drafting is None
    return quiet or waited >= EDITION_PATIENCE_SECONDS


def _queue_fetches() -> int:
    """Claim due sources for new fetch tasks, up to QUEUED_FETCHES waiting at once."""
    room = QUEUED_FETCHES - polling.claimed_for_tasks()
    queued = 0
    while queued < room:
        holder = f"{polling.TASK_HOLDER}{uuid.uuid4().hex}"
        source = polling.claim_due_source(holder, _lease())
        if source is None:
            break
        try:
            fetch_source.apply_async(args=(source.pk, holder))
        except BrokerError:
            polling.release(source, holder)
            raise
        queued += 1
    return queued


@_stage_task("praynews.fetch_source")
def fetch_source(source_id: int, holder: str) -> str:
    """Check one source claimed for this task: new articles stored and grouped."""
    name = worker.worker_name()
    source = polling.hand_over(source_id, holder, name, _lease())
    if source is None:
        return "checked already"

    def check() -> str:
        checked = polling.check_source(source, name, _lease())
        if checked.error:
            raise PrayNewsError(f"{checked.location}: {checked.error}")
        added = checked.count(services.ItemStatus.ADDED)
        return f"{checked.location}: {added} articles added"

    return _run_stage("fetch", check)


@_stage_task("praynews.write_story")
def write_story(story_id: int, publish: bool = False) -> str:
    """Draft one story if it needs it (and with `publish`, publish it if it passes)."""

    def write() -> str:
        item = services.write_story(story_id, publish=publish)
        return f"{item.story}: {item.outcome}"

    with _running(write_story.name, story_id, publish):
        return _run_stage("write", write)


@contextmanager
def _running(task_name: str, *args: object) -> Iterator[None]:
    """While the task runs; after it, the same task may be queued again."""
    try:
        yield
    finally:
        _keys().delete(_key(task_name, *args))


@_stage_task("praynews.publish_scheduled")
def publish_scheduled() -> str:
    """The posts editors scheduled whose time has come."""

    def publish() -> str:
        batch = services.publish_due()
        return f"{batch.count(services.PublishOutcome.PUBLISHED)} scheduled posts published"

    with _running(publish_scheduled.name):
        return _run_stage("scheduled", publish)


@_stage_task("praynews.publish_ready")
def publish_ready() -> str:
    """With PRAYNEWS_AUTO_PUBLISH=1: every draft that passes the checks."""

    def publish() -> str:
        batch = services.publish_ready(unattended=True)
        return f"{batch.count(services.PublishOutcome.PUBLISHED)} posts published"

    with _running(publish_ready.name):
        return _run_stage("publish", publish)


@_stage_task("praynews.build_edition")
def build_edition() -> str:
    """Today's edition, once its news is in (see `_edition_ready`)."""
    with _running(build_edition.name):
        return _run_stage("edition", lambda: worker.todays_edition()[1])


@_stage_task("praynews.read_aloud")
def read_aloud() -> str:
    """Recordings of the new posts and editions."""
    with _running(read_aloud.name):
        return _run_stage("audio", services.read_aloud)


@_stage_task("praynews.queue_mail")
def queue_mail() -> str:
    """The edition's and the week's mails, when due."""
    hour = number_setting("PRAYNEWS_EDITION_HOUR", 0, 23)
    with _running(queue_mail.name):
        return _run_stage("mail", lambda: worker.queue_mail(hour))


@_stage_task("praynews.send_mail")
def send_mail(slot: int) -> str:
    """Send due mail for up to a slice of time, sharing the queue with the other senders."""

    def send() -> str:
        until = time.monotonic() + worker.SEND_SLICE_SECONDS
        sent = newsletter.send_due(
            worker.worker_name(), keep_going=lambda: time.monotonic() < until
        )
        if sent.error:
            raise SendingPaused(sent.summary())
        return sent.summary()

    with _running(send_mail.name, slot):
        return _run_stage("send", send)
