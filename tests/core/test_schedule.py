"""When a source is checked next: as often as it posts, no sooner than its cache allows, and
backing off after errors and when the server asks us to wait."""

from datetime import UTC, datetime, timedelta

from praynews.core.schedule import (
    DEFAULT_INTERVAL,
    MAX_INTERVAL,
    MIN_INTERVAL,
    fresh_for,
    next_check,
    posting_interval,
    retry_after_seconds,
)

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def hours_after(when: datetime) -> float:
    return (when - NOW).total_seconds() / 3600


def test_a_feed_is_checked_at_half_its_usual_gap_between_entries():
    posted = [NOW - timedelta(hours=4 * i) for i in range(6)]
    assert posting_interval(posted) == timedelta(hours=4)
    assert hours_after(next_check(NOW, interval=timedelta(hours=4))) == 2


def test_a_busy_feed_is_not_asked_more_often_than_the_floor_and_a_quiet_one_daily():
    assert next_check(NOW, interval=timedelta(minutes=2)) == NOW + MIN_INTERVAL
    assert next_check(NOW, interval=timedelta(days=30)) == NOW + MAX_INTERVAL
    assert next_check(NOW) == NOW + DEFAULT_INTERVAL


def test_the_cache_lifetime_the_server_gave_is_waited_out():
    fresh = fresh_for({"cache-control": "public, max-age=10800"}, NOW)
    assert fresh == timedelta(hours=3)
    assert hours_after(next_check(NOW, fresh=fresh, interval=timedelta(hours=1))) == 3
    expires = {"expires": "Thu, 03 Dec 2026 14:00:00 GMT", "date": "Thu, 03 Dec 2026 09:00:00 GMT"}
    assert fresh_for(expires, NOW) == timedelta(hours=5)
    assert fresh_for({"cache-control": "no-cache, max-age=600"}, NOW) is None
    assert fresh_for({"expires": "0"}, NOW) is None


def test_errors_back_off_exponentially_up_to_a_day():
    waits = [hours_after(next_check(NOW, failures=n)) for n in range(1, 10)]
    assert waits[:4] == [0.25, 0.5, 1, 2]
    assert waits == sorted(waits) and waits[-1] == 24


def test_retry_after_is_obeyed_as_seconds_or_a_date_but_not_for_ever():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Thu, 03 Dec 2026 11:00:00 GMT", now=NOW) == 7200
    assert retry_after_seconds("soon") is None
    assert hours_after(next_check(NOW, failures=1, retry_after=7200)) == 2
    assert next_check(NOW, failures=1, retry_after=10**9) == NOW + MAX_INTERVAL
    # A short Retry-After still waits the backoff: a busy server is not asked again at once.
    assert next_check(NOW, failures=1, retry_after=1) == NOW + MIN_INTERVAL
