"""When to check a source next: from how often it posts, what its cache headers promise, and
how it has been failing. Pure: times in, a time out, so the worker and the tests agree.

A feed is asked about as often as it posts (at half its usual gap between entries, so a new
entry waits at most about half a gap), never more often than every MIN_INTERVAL, and at least
once every MAX_INTERVAL. A cache lifetime the server gives (Cache-Control max-age, Expires) is
honoured: we do not ask again before the answer it gave goes stale. Errors back off
exponentially, and a server's Retry-After is obeyed, both up to MAX_INTERVAL, so one broken or
hostile source can neither be hammered nor park itself for ever.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from itertools import pairwise
from statistics import median

# Polite feed readers check a feed a few times an hour at most; 15 minutes is the usual floor.
MIN_INTERVAL = timedelta(minutes=15)
# A feed whose entries carry no dates is checked hourly, as most readers do by default.
DEFAULT_INTERVAL = timedelta(hours=1)
# Even a quiet or failing source is looked at once a day, so its recovery is noticed.
MAX_INTERVAL = timedelta(hours=24)
# The first retry after an error; each further consecutive error doubles it (15 min, 30, 1 h,
# 2 h, … up to MAX_INTERVAL after seven errors in a row).
BACKOFF_BASE = timedelta(minutes=15)
# The newest entries whose gaps set the posting rate; older ones say less about today.
RATE_ENTRIES = 10


def posting_interval(posted: Iterable[datetime | None]) -> timedelta | None:
    """The median gap between a feed's newest dated entries; None with fewer than two."""
    times = sorted({t.astimezone(UTC) for t in posted if t is not None}, reverse=True)
    times = times[:RATE_ENTRIES]
    if len(times) < 2:
        return None
    return median(newer - older for newer, older in pairwise(times))


def fresh_for(headers: Mapping[str, str], now: datetime) -> timedelta | None:
    """How long the server said its answer stays fresh: Cache-Control max-age, else Expires
    (against the server's Date when it sent one). None when it said nothing usable."""
    for directive in headers.get("cache-control", "").lower().split(","):
        name, _, value = directive.strip().partition("=")
        if name in ("no-cache", "no-store"):
            return None
        if name == "max-age" and value.strip().strip('"').isdigit():
            return timedelta(seconds=int(value.strip().strip('"')))
    expires = _http_date(headers.get("expires", ""))
    if expires is None:
        return None
    served = _http_date(headers.get("date", "")) or now
    return max(timedelta(0), expires - served)


def backoff(failures: int) -> timedelta:
    """The wait after `failures` consecutive errors (none: no wait)."""
    if failures <= 0:
        return timedelta(0)
    return min(MAX_INTERVAL, BACKOFF_BASE * 2 ** min(failures - 1, 16))


def next_check(
    now: datetime,
    *,
    failures: int = 0,
    retry_after: float | None = None,
    fresh: timedelta | None = None,
    interval: timedelta | None = None,
    minimum: timedelta = MIN_INTERVAL,
) -> datetime:
    """When to check the source again after a check at `now`.

    `failures` counts consecutive errors including this one; `retry_after` is the seconds a
    429 or 503 asked for; `fresh` the cache lifetime of a good answer; `interval` the feed's
    posting interval; `minimum` the publisher's floor (MIN_INTERVAL unless configured)."""
    if failures > 0:
        wait = backoff(failures)
        if retry_after is not None:
            wait = max(wait, timedelta(seconds=retry_after))
    else:
        wait = interval / 2 if interval is not None else DEFAULT_INTERVAL
        wait = max(wait, fresh or timedelta(0))
    return now + min(MAX_INTERVAL, max(minimum, wait))


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """A Retry-After header's wait in seconds: a number of seconds, or an HTTP date (RFC 9110);
    None when it is missing or says neither. A date in the past means now."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _http_date(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
