"""Ingest: run a source's plan, store each new article once, and record why anything failed.

Each article is its own result; a broken page is reported and skipped, and a source that cannot
be read at all keeps its error on the row so the editor sees it in the admin.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q

from praynews.core.errors import InputError, PrayNewsError, RetryLaterError
from praynews.core.schedule import fresh_for, next_check, posting_interval
from praynews.core.types import ExtractedArticle
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.config import number_setting
from praynews.site.news.grouping import Grouping
from praynews.site.news.locks import STORIES, named_lock
from praynews.site.news.models import Article, Republication, Source, fingerprint
from praynews.sources import Plan, Task, describe, is_url, plan

MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_SIGNATURES = {
    b"\x89PNG": ".png",
    b"\xff\xd8\xff": ".jpg",
    b"GIF8": ".gif",
    b"RIFF": ".webp",
}


class ItemStatus(StrEnum):
    """What ingesting one article did."""

    ADDED = "added"
    EXISTING = "existing"  # stored before (same address or same text)
    COPY = "copy"  # another outlet's copy of a stored article, recorded as a republication
    FAILED = "failed"


@dataclass
class ItemResult:
    label: str
    status: ItemStatus
    title: str = ""
    error: str = ""
    article_id: int | None = None
    story_reason: str = ""  # why it joined its story or started one (added articles)


@dataclass
class SourceResult:
    location: str
    error: str = ""
    items: list[ItemResult] = field(default_factory=list)
    problems: tuple[str, ...] = ()  # what the source could still be read despite (a refused entry)

    def count(self, status: ItemStatus) -> int:
        return sum(1 for item in self.items if item.status == status)


Progress = Callable[[str, int], None]  # (event, amount): "total" or "advance"


def ingest(
    location: str,
    progress: Progress | None = None,
    clock: Clock = SYSTEM_CLOCK,
    on_item: Callable[[], None] | None = None,
) -> SourceResult:
    """Store what `location` holds. Whatever goes wrong is reported in the result: a source that
    cannot be read as its error, an article that cannot be loaded as a failed item. The source
    row records the check and when the next one is due; `on_item` is called after each article
    (a worker renews its claim there)."""
    try:
        source = _source_for(location)
    except PrayNewsError as exc:
        return SourceResult(location, error=str(exc))
    try:
        the_plan = plan(location, etag=source.etag, last_modified=source.last_modified)
    except Exception as exc:  # any failure to read the source is that source's result
        retry_after = exc.retry_after if isinstance(exc, RetryLaterError) else None
        _record(source, clock, error=describe(exc), retry_after=retry_after)
        return SourceResult(location, error=describe(exc))
    items = ingest_tasks(the_plan.tasks, source, progress, on_item)
    # Recorded once every article is in: a check cut off (the worker killed) leaves the source
    # due with its old validators, so the next check fetches the feed again, not a 304, and
    # stores the articles this one did not reach.
    _record(source, clock, plan=the_plan)
    return SourceResult(location, items=items, problems=the_plan.problems)


def ingest_tasks(
    tasks: Sequence[Task],
    source: Source,
    progress: Progress | None = None,
    on_item: Callable[[], None] | None = None,
) -> list[ItemResult]:
    """Load and store each article in turn; each gives its own result, failed or not."""
    grouping = Grouping()
    if progress:
        progress("total", len(tasks))
    results = []
    for task in tasks:
        results.append(_run(task, source, grouping))
        if progress:
            progress("advance", 1)
        if on_item:
            on_item()
    return results


def canonical_location(location: str) -> str:
    """How a source is keyed: a web address as given, a path made absolute. Raises
    `InputError` for one that cannot be kept."""
    try:
        key = location if is_url(location) else str(Path(location).expanduser().resolve())
    except (ValueError, RuntimeError) as exc:  # a malformed address; a symlink loop
        raise InputError(f"{location!r} is not a usable address ({exc})") from exc
    if len(key) > Source._meta.get_field("location").max_length:
        raise InputError(f"{key[:80]!r}… is too long to keep as a source")
    return key


def _source_for(location: str) -> Source:
    key = canonical_location(location)
    kind = Source.Kind.FEED if is_url(key) else Source.Kind.FILE
    source, _ = Source.objects.get_or_create(location=key, defaults={"kind": kind})
    return source


# What recording a check writes: never the claim fields, which the worker holding the claim
# renews while the check runs.
CHECK_FIELDS = (
    "last_checked_at",
    "last_error",
    "failures",
    "status",
    "next_check_at",
    "last_success_at",
    "interval_seconds",
    "kind",
    "title",
    "etag",
    "last_modified",
    "host",
)


def _record(
    source: Source,
    clock: Clock,
    plan: Plan | None = None,
    error: str = "",
    retry_after: float | None = None,
) -> None:
    """The check on the source row: what it found, and when the next one is due."""
    now = clock.now()
    source.last_checked_at = now
    source.last_error = error or "\n".join(plan.problems if plan else ())
    minimum = timedelta(seconds=number_setting("PRAYNEWS_MIN_CHECK_SECONDS", 1, 86_400))
    if plan is None:
        source.failures += 1
        source.status = Source.Status.WAITING if retry_after is not None else Source.Status.FAILING
        source.next_check_at = next_check(
            now, failures=source.failures, retry_after=retry_after, minimum=minimum
        )
        source.save(update_fields=CHECK_FIELDS)
        return
    source.failures = 0
    source.last_success_at = now
    source.status = Source.Status.NOT_MODIFIED if plan.not_modified else Source.Status.OK
    interval = posting_interval(plan.posted)
    if interval is not None:
        source.interval_seconds = int(interval.total_seconds())
    elif source.interval_seconds:
        interval = timedelta(seconds=source.interval_seconds)
    source.next_check_at = next_check(
        now, fresh=fresh_for(plan.headers, now), interval=interval, minimum=minimum
    )
    if not plan.not_modified:
        source.kind = {"page": Source.Kind.PAGE, "feed": Source.Kind.FEED}.get(
            plan.kind, Source.Kind.FILE
        )
        source.title = plan.title[:500] or source.title
        source.etag, source.last_modified = plan.etag[:500], plan.last_modified[:100]
    source.save(update_fields=CHECK_FIELDS)


def _run(task: Task, source: Source, grouping: Grouping) -> ItemResult:
    if is_url(task.label) and _stored_from(task.label):
        # Stored before from this address: its page is not fetched again (a feed checked
        # every hour would otherwise ask for every entry's page every hour).
        return ItemResult(task.label, ItemStatus.EXISTING)
    try:
        article = task.load()
    except Exception as exc:  # one article's failure, whatever it is, must not end the run
        return ItemResult(task.label, ItemStatus.FAILED, error=describe(exc))
    try:
        return store(article, source, task.label, grouping)
    except DatabaseError as exc:  # a row the database refuses fails alone
        grouping.reload()  # what it decided for that row was rolled back with it
        return ItemResult(task.label, ItemStatus.FAILED, error=f"not stored: {exc}")


def _stored_from(url: str) -> bool:
    return (
        Article.objects.filter(Q(url=url) | Q(fetched_from=url)).exists()
        or Republication.objects.filter(url=url).exists()
    )


def store(
    article: ExtractedArticle,
    source: Source | None,
    label: str,
    grouping: Grouping,
) -> ItemResult:
    """Save the article unless it is already stored (same address, same text, or a copy of a
    stored article: then it is recorded as a republication), and put it in its story.

    Decided under the stories lock, after catching up with what other runs stored, so runs at
    once store and group as one run after the other would; loading articles stays parallel.
    """
    with named_lock(STORIES):
        grouping.catch_up()
        return _store(article, source, label, grouping)


def _store(
    article: ExtractedArticle, source: Source | None, label: str, grouping: Grouping
) -> ItemResult:
    existing = Article.objects.filter(fingerprint=fingerprint(article.title, article.text))
    if article.url:
        existing = existing | Article.objects.filter(url=article.url)
    found = existing.first()
    if found:
        return ItemResult(label, ItemStatus.EXISTING, found.title, article_id=found.pk)
    copy, signature = grouping.copy_of(article)
    if copy:
        status = ItemStatus.COPY if grouping.record_copy(copy, article) else ItemStatus.EXISTING
        return ItemResult(label, status, copy.article.title, article_id=copy.article.pk)
    article = replace(article, image_url=localise_image(article.image_url))
    try:
        with transaction.atomic():
            row = Article.from_extracted(article, source)
            row.fetched_from = label[:2000] if is_url(label) and label != row.url else ""
            row.signature = signature
            row.save()
            grouping.remember(row)
    except IntegrityError:
        return ItemResult(label, ItemStatus.EXISTING, article.title)
    return ItemResult(
        label, ItemStatus.ADDED, row.title, article_id=row.pk, story_reason=row.story_reason
    )


def localise_image(image_url: str | None) -> str | None:
    """Copy an image from a local file into the media folder; web images stay as links."""
    if not image_url or urlsplit(image_url).scheme != "file":
        return image_url
    data = _read_image_file(Path(unquote(urlsplit(image_url).path)))
    suffix = _image_suffix(data) if data else None
    if not data or not suffix:
        return None
    name = hashlib.sha256(data).hexdigest()[:24] + suffix
    target = Path(settings.MEDIA_ROOT) / "images" / name
    if not target.exists():
        _write_atomically(target, data)
    return f"{settings.MEDIA_URL}images/{name}"


def _read_image_file(path: Path) -> bytes | None:
    """The bytes of a regular file no larger than an image may be; None for anything else.

    A device (/dev/zero) or a pipe named as an image must not be read: it may never end. The
    file is opened without blocking (a pipe with no writer would wait forever) and checked
    after opening, so it cannot be swapped between the check and the read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (OSError, ValueError):
        return None
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        data = file.read(MAX_IMAGE_BYTES + 1)
    return data if len(data) <= MAX_IMAGE_BYTES else None


def _write_atomically(target: Path, data: bytes) -> None:
    """Write under a name no other process uses, then rename into place: concurrent runs
    storing one image each write their own file, and readers see all of it or nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=".")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(name, target)
    except BaseException:
        os.unlink(name)
        raise


def _image_suffix(data: bytes) -> str | None:
    for signature, suffix in IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return suffix
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return ".svg"
    return None
