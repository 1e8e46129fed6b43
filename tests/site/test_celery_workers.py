"""A day of the sample news, served by a local web server, fetched, grouped, written, published
and mailed by two Celery worker processes and celery beat, through a real redis-server, to a
real SMTP server on 127.0.0.1. The worker checking the feed is killed (SIGKILL) mid-way through
it; the other carries on. Every reader must receive the day's edition exactly once, and every
article and story must be stored once."""

from __future__ import annotations

import http.server
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, MailSink, OwnDatabase, process_env
from tests.processes import praynews

pytest.importorskip("celery")

pytestmark = pytest.mark.slow

READERS = 200
# Each page is served this slowly, so the feed takes several seconds to check and the kill
# falls in the middle of it.
PAGE_DELAY_SECONDS = 0.4
KILL_AFTER_PAGES = 4
DONE_WITHIN_SECONDS = 240
# After the last reader's mail, how long to keep watching for a second copy.
WATCH_FOR_REPEATS_SECONDS = 8
SAMPLE_DAY = date(2026, 11, 23)  # the newest sample report's day


def days_to_today() -> timedelta:
    """How far to move the samples' dates so that their newest report is today's."""
    return datetime.now(UTC).date() - SAMPLE_DAY


MONTHS = "January February March April May June July August September October November December"
MONTH = "|".join(f"{name[:3]}(?:{name[3:]})?" for name in MONTHS.split())  # Nov or November
LONG_DATE = re.compile(rf"\b(\d{{1,2}}) ({MONTH}) (\d{{4}})\b")
US_DATE = re.compile(rf"\b({MONTH}) (\d{{1,2}}), (\d{{4}})\b")
# 2026-11-23, also in 2026-11-23T04:50; and 2026/11/23 in addresses, which dates are read from
ISO_DATE = re.compile(r"(?<!\d)(\d{4})([-/])(\d{2})[-/](\d{2})(?!\d)")
RFC_DATE = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} [\d:]{8} GMT\b")


def moved(text: str, by: timedelta) -> str:
    """The text with every date in it moved by `by`, in the forms the samples use."""
    month = {name[:3]: n for n, name in enumerate(MONTHS.split(), start=1)}

    def named(day: date, like: str) -> str:
        return f"{day:%B}" if len(like) > 3 else f"{day:%b}"

    def iso(m):
        return (date(int(m[1]), int(m[3]), int(m[4])) + by).isoformat().replace("-", m[2])

    def long(m):
        day = date(int(m[3]), month[m[2][:3]], int(m[1])) + by
        return f"{day.day} {named(day, m[2])} {day.year}"

    def us(m):
        day = date(int(m[3]), month[m[1][:3]], int(m[2])) + by
        return f"{named(day, m[1])} {day.day}, {day.year}"

    def rfc(m):
        return format_datetime(parsedate_to_datetime(m[0]) + by, usegmt=True)

    for pattern, replace in ((RFC_DATE, rfc), (ISO_DATE, iso), (LONG_DATE, long), (US_DATE, us)):
        text = pattern.sub(replace, text)
    return text


class TodaysSamples(http.server.BaseHTTPRequestHandler):
    """The bundled feed and its pages, dated as if their news were today's; pages slowly."""

    shift = timedelta(0)
    pages_served = 0

    def do_GET(self) -> None:
        path = (SAMPLES / self.path.lstrip("/")).resolve()
        if not path.is_file() or SAMPLES.resolve() not in path.parents:
            self.send_error(404)
            return
        body = path.read_bytes()
        if path.suffix in (".xml", ".html"):
            body = moved(body.decode(), self.shift).encode()
        if path.suffix == ".html":
            time.sleep(PAGE_DELAY_SECONDS)
            type(self).pages_served += 1
        kinds = {".xml": "application/rss+xml", ".html": "text/html; charset=utf-8"}
        try:
            self.send_response(200)
            self.send_header("Content-Type", kinds.get(path.suffix, "application/octet-stream"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the worker fetching the page was killed: as a real server, carry on

    def log_message(self, *args) -> None:
        pass


def praynews_ok(*args: str, env: dict) -> None:
    done = praynews(*args, env=env)
    assert done.returncode == 0, done.stderr


def celery(*args: str, env: dict, log: Path) -> subprocess.Popen:
    """A celery process in a session of its own, so it is killed with every process it forked."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "praynews.site.tasks", *args, "-l", "info"],
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_worker(name: str, env: dict, log: Path) -> subprocess.Popen:
    return celery(
        "worker", "-Q", "fetch,write,send", "-c", "1", "-n", f"{name}@%h", "--without-mingle",
        "--without-gossip", env=env, log=log,
    )  # fmt: skip


def fetching_process(database: OwnDatabase) -> int | None:
    """The process checking the feed now: its claim's owner is host:pid:random."""
    owners = database.rows("SELECT lease_owner FROM news_source WHERE lease_owner LIKE '%:%:%'")
    return int(owners[0][0].split(":")[1]) if owners else None


def readers_mailed(sink: MailSink, readers: list[str]) -> Counter[str]:
    with sink.lock:
        return Counter(r for _, rcpts, _ in sink.messages for r in rcpts if r in readers)


def test_two_celery_workers_one_killed_mid_way_mail_every_reader_the_edition_once(
    tmp_path, own_database, redis_server
):
    TodaysSamples.shift = days_to_today()
    TodaysSamples.pages_served = 0
    news = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TodaysSamples)
    threading.Thread(target=news.serve_forever, daemon=True).start()
    sink = MailSink()
    sink.controller.start()
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).weekday()
    env = process_env(
        **own_database.env,
        PRAYNEWS_BROKER_URL=redis_server.url,
        PRAYNEWS_BEAT_SECONDS="1",
        PRAYNEWS_LEASE_SECONDS="5",
        PRAYNEWS_AUTO_PUBLISH="1",
        PRAYNEWS_EDITION_HOUR="0",
        PRAYNEWS_DIGEST_WEEKDAY=str(tomorrow),  # the edition's mail alone today
        PRAYNEWS_PRIVATE_HOSTS="127.0.0.1",
        PRAYNEWS_SMTP_HOST="127.0.0.1",
        PRAYNEWS_SMTP_PORT=str(sink.port),
        PRAYNEWS_SMTP_SECURITY="none",
        PRAYNEWS_SEND_PER_SECOND="0",
        PRAYNEWS_AUDIO="off",
    )
    praynews_ok("init", env=env)
    readers = [f"reader{n}@example.org" for n in range(READERS)]
    (tmp_path / "list.csv").write_text("email\n" + "\n".join(readers) + "\n")
    praynews_ok("subscribers", "import", str(tmp_path / "list.csv"), env=env)
    praynews_ok("sources", "add", f"http://127.0.0.1:{news.server_address[1]}/feed.xml", env=env)

    logs = {name: tmp_path / f"{name}.log" for name in ("a", "b", "beat")}
    workers = {name: start_worker(name, env, logs[name]) for name in ("a", "b")}
    beat = celery("beat", "-s", str(tmp_path / "beat-schedule"), env=env, log=logs["beat"])
    killed = None
    try:
        deadline = time.monotonic() + DONE_WITHIN_SECONDS
        while killed is None and time.monotonic() < deadline:
            pid = fetching_process(own_database)
            if pid and TodaysSamples.pages_served >= KILL_AFTER_PAGES:
                group = os.getpgid(pid)
                killed = next(name for name, w in workers.items() if w.pid == group)
                os.killpg(group, signal.SIGKILL)
                workers[killed].wait(timeout=10)
            time.sleep(0.05)
        while time.monotonic() < deadline and len(readers_mailed(sink, readers)) < READERS:
            time.sleep(0.5)
        time.sleep(WATCH_FOR_REPEATS_SECONDS)
        mailed = readers_mailed(sink, readers)
    finally:
        for process in [beat, *workers.values()]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        codes = {name: w.wait(timeout=60) for name, w in workers.items()}
        beat.wait(timeout=60)
        news.shutdown()
        sink.controller.stop()

    articles = [url for (url,) in own_database.rows("SELECT url FROM news_article")]
    posts_per_story = [
        n
        for (n,) in own_database.rows(
            "SELECT COUNT(p.id) FROM news_story s LEFT JOIN editorial_post p "
            "ON p.story_id = s.id GROUP BY s.id"
        )
    ]
    in_edition = own_database.rows(
        "SELECT p.status FROM editorial_editionitem i JOIN editorial_post p ON p.id = i.post_id"
    )
    seen = {
        "killed": killed,
        "readers mailed": len(mailed),
        "repeats": sum(n - 1 for n in mailed.values()),
        "articles": len(articles),
        "distinct articles": len(set(articles)),
        "stories with two posts": sum(1 for n in posts_per_story if n > 1),
        "edition stories": len(in_edition),
        "edition stories published": sum(1 for (status,) in in_edition if status == "published"),
    }
    print(seen)
    report = f"{seen}\n" + "\n".join(
        f"--- {name}\n{log.read_text()[-3000:]}" for name, log in logs.items()
    )
    assert killed is not None, report
    assert seen["readers mailed"] == READERS and seen["repeats"] == 0, report
    assert seen["articles"] == seen["distinct articles"] >= 12, report
    assert seen["stories with two posts"] == 0, report
    assert seen["edition stories"] == seen["edition stories published"] >= 3, report
    survivor = next(name for name in workers if name != killed)
    assert codes[killed] == -signal.SIGKILL and codes[survivor] == 0, report
    assert "Traceback" not in logs[survivor].read_text(), report
