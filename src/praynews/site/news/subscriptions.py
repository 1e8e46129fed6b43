"""The publisher's list of sources: add (a feed, or a site whose feeds are found for you),
remove, list with how each is doing, and OPML import and export.

A source on the list is checked by the worker when due (`Source.scheduled`). Adding a site's
home page finds its feeds as a browser does, from the page's `<link rel="alternate">`
elements, then from the paths feeds usually live at. A page is untrusted: the feeds it names
must be web addresses, and may not lead to a private host the page itself is not on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from urllib.parse import urljoin

from django.db.models import Count, Q

from praynews.core.errors import FetchError, InputError, PrayNewsError
from praynews.core.extract import decompress
from praynews.core.feeds import discover_feed_links, looks_like_feed, looks_like_opml, parse_opml
from praynews.core.feeds import write_opml as opml_document
from praynews.fetch import FetchSession, fetch, is_web_url, trusted_private_hosts
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.news.ingest import canonical_location
from praynews.site.news.models import Source
from praynews.sources import describe, is_url

# Where sites commonly serve their feed when the home page announces none (WordPress, Ghost,
# Hugo, Jekyll, Blogger, Substack and most CMSs use one of these).
COMMON_FEED_PATHS = (
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feeds/posts/default",
)
# A home page may announce many feeds (one per section); the first few are the main ones.
MAX_DISCOVERED_FEEDS = 5


class AddOutcome(StrEnum):
    ADDED = "added"
    EXISTING = "already on the list"
    FAILED = "failed"


@dataclass(frozen=True)
class Added:
    """What adding one location did: the feeds now on the list because of it, or why not."""

    location: str
    outcome: AddOutcome
    feeds: tuple[str, ...] = ()
    error: str = ""


@dataclass(frozen=True)
class SourceRow:
    """One source as `sources list` shows it."""

    id: int
    location: str
    title: str
    kind: str
    status: str
    last_checked_at: datetime | None
    last_error: str
    next_check_at: datetime | None
    failures: int
    articles_this_week: int

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "location": self.location,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "last_checked_at": _iso(self.last_checked_at),
            "last_error": self.last_error or None,
            "next_check_at": _iso(self.next_check_at),
            "failures": self.failures,
            "articles_this_week": self.articles_this_week,
        }


def add_sources(locations: Iterable[str]) -> list[Added]:
    """Put each location on the list: a feed as it is, a site's page as the feeds it offers, a
    local feed file as its path. Each location gives its own result; none stops the rest."""
    return [_add(location) for location in locations]


def _add(location: str) -> Added:
    try:
        feeds = find_feeds(location) if is_url(location) else [_local_feed(location)]
    except Exception as exc:  # one location's failure is its result, never the end of the run
        return Added(location, AddOutcome.FAILED, error=describe(exc))
    added = [_schedule(feed) for feed in feeds]
    outcome = AddOutcome.ADDED if any(added) else AddOutcome.EXISTING
    return Added(location, outcome, tuple(feeds))


def _schedule(location: str) -> bool:
    """Put one feed on the list; False when it was on it already."""
    key = canonical_location(location)
    source, created = Source.objects.get_or_create(
        location=key,
        defaults={"kind": Source.Kind.FEED if is_url(key) else Source.Kind.FILE, "scheduled": True},
    )
    if created or source.scheduled:
        return created
    source.scheduled, source.next_check_at = True, None
    source.save(update_fields=["scheduled", "next_check_at", "host"])
    return True


def find_feeds(url: str) -> list[str]:
    """The feeds at `url`: itself when it is one, else what the page announces, else the
    first common feed path that answers with a feed. Raises `InputError` when there is none."""
    session = FetchSession(private_hosts=trusted_private_hosts(url))
    result = fetch(url, session=session)
    data = decompress(result.content)
    if looks_like_opml(data):
        raise InputError(f"{url} is an OPML list: use `praynews sources import` for it")
    if looks_like_feed(data):
        return [url]
    page_trust = trusted_private_hosts(result.url)
    announced = [
        link
        for link in discover_feed_links(data, result.url)
        if is_web_url(link) and trusted_private_hosts(link) <= page_trust
    ]
    if announced:
        return announced[:MAX_DISCOVERED_FEEDS]
    for path in COMMON_FEED_PATHS:
        candidate = urljoin(result.url, path)
        try:
            answer = fetch(candidate, session=session)
        except FetchError:
            continue
        if looks_like_feed(decompress(answer.content)):
            return [candidate]
    raise InputError(f"{url} is not a feed and announces none, nor serves one at the usual paths")


def _local_feed(location: str) -> str:
    path = Path(location).expanduser()
    if not path.is_file():
        raise InputError(f"{location} is not a web address or a file")
    return str(path)


class RemoveOutcome(StrEnum):
    REMOVED = "removed"
    UNKNOWN = "not on the list"


def remove_sources(keys: Iterable[str]) -> list[tuple[str, RemoveOutcome]]:
    """Take sources off the list, named by address, path or id. Their articles stay, so the
    stories and posts made from them keep their sources."""
    results = []
    for key in keys:
        source = _find(key)
        if source is None or not source.scheduled:
            results.append((key, RemoveOutcome.UNKNOWN))
            continue
        source.scheduled = False
        source.save(update_fields=["scheduled", "host"])
        results.append((key, RemoveOutcome.REMOVED))
    return results


def _find(key: str) -> Source | None:
    if key.isdigit():
        return Source.objects.filter(pk=int(key)).first()
    try:
        location = canonical_location(key)
    except PrayNewsError:
        return None
    return Source.objects.filter(location=location).first()


def list_sources(clock: Clock = SYSTEM_CLOCK) -> list[SourceRow]:
    """Every source on the list, due first, with its articles of the last seven days."""
    week_ago = clock.now() - timedelta(days=7)
    sources = (
        Source.objects.filter(scheduled=True)
        .annotate(week=Count("articles", filter=Q(articles__fetched_at__gte=week_ago)))
        .order_by("next_check_at", "id")
    )
    return [
        SourceRow(
            s.id,
            s.location,
            s.title,
            s.kind,
            s.get_status_display(),
            s.last_checked_at,
            s.last_error,
            s.next_check_at,
            s.failures,
            s.week,
        )
        for s in sources
    ]


def import_opml(location: str) -> list[Added]:
    """Put every feed an OPML list names on the list. A list from the web may name only web
    addresses; a local list may also name files beside it."""
    if is_url(location):
        data = decompress(fetch(location).content)
    else:
        try:
            data = Path(location).expanduser().read_bytes()
        except OSError as exc:
            raise InputError(f"{location} could not be read ({exc.strerror})") from exc
    if not looks_like_opml(data):
        raise InputError(f"{location} is not an OPML list")
    results = []
    for entry in parse_opml(data):
        if is_web_url(entry):
            outcome = AddOutcome.ADDED if _schedule(entry) else AddOutcome.EXISTING
            results.append(Added(entry, outcome, (entry,)))
        elif is_url(location) or is_url(entry):
            results.append(Added(entry, AddOutcome.FAILED, error="not a web address"))
        else:  # a local list may name feed files beside it
            results.append(_add(str(Path(location).expanduser().parent / entry)))
    return results


def export_opml(title: str) -> bytes:
    """The list of sources as OPML, for a feed reader or another praynews."""
    listed = Source.objects.filter(scheduled=True).order_by("id")
    return opml_document([(s.location, s.title) for s in listed], title)


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None
