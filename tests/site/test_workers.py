"""Two `praynews worker` processes on one SQLite database, fed by 20 local feeds that grow while
they run; one worker is killed with SIGKILL three times and restarted. Every article must be
stored once and every story drafted once, and both workers must stop cleanly on SIGTERM."""

from __future__ import annotations

import http.server
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.conftest import OwnDatabase, process_env

pytestmark = pytest.mark.slow

FEEDS = 20
ENTRIES = 4  # per feed: two at the start (a posting rate to time checks by), then one by one
ENTRY_EVERY_SECONDS = 3.0
KILLS = 3
DONE_WITHIN_SECONDS = 150

# Invented places, people and events. Each article draws its town, people, numbers and the
# wording of every sentence at random (seeded by its feed and entry), so that articles read as
# separate reports and group into many stories rather than a few.
SYLLABLES = "bar vel tor mun sk ald ren oss ka lin dor fen gar hol ist jun pe ro".split()
FIRST = "Amara Jonas Ilse Tomas Noor Petra Kofi Lena Ravi Mira Ansel Dara Oskar Yuki".split()
LAST = "Okafor Lindqvist Moreau Haddad Novak Sato Brennan Castel Duarte Ferro Adeyemi".split()
EVENTS = {
    "Floodwater": [
        "the river burst its banks after a night of rain",
        "families were moved to the school hall on higher ground",
        "pumps were brought from the depot to drain flooded cellars",
    ],
    "Market fire": [
        "fire swept through the covered market before dawn",
        "stallholders lost their stock and their takings",
        "firefighters kept the flames from the houses behind the market",
    ],
    "Bus crash": [
        "a bus left the mountain road on a bend",
        "passengers were carried to the hospital in the valley",
        "the road was closed while investigators measured the skid marks",
    ],
    "Strike": [
        "dock workers walked out over pay",
        "ships waited at anchor outside the harbour",
        "the union and the port company agreed to meet a mediator",
    ],
    "Landslide": [
        "a hillside gave way after days of rain",
        "houses on the slope were emptied by soldiers",
        "geologists said the ground was still moving",
    ],
    "Clinic closure": [
        "the only clinic closed its doors for lack of doctors",
        "patients travelled two hours to the next town",
        "nurses offered to keep a daily surgery open in the library",
    ],
}
OPENINGS = ["said on {day}", "confirmed late on {day}", "reported on {day} morning"]
OFFICIALS = ["the regional authority", "the county council", "the emergency service"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def town(feed: int, entry: int) -> str:
    rng = random.Random(feed * 100 + entry)
    return "".join(rng.sample(SYLLABLES, 3)).capitalize()


def article(feed: int, entry: int) -> tuple[str, str]:
    rng = random.Random(f"{feed}-{entry}")
    place = town(feed, entry)
    event = rng.choice(sorted(EVENTS))
    first, second, third = EVENTS[event]
    official = rng.choice(OFFICIALS)
    person, helper = (f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(2))
    count = rng.randint(12, 480)
    said = rng.choice(OPENINGS).format(day=rng.choice(DAYS))
    title = f"{event} in {place}: {count} people in need"
    paragraphs = [
        f"In {place}, {first}, and {second}, {official} {said}.",
        f"{person}, who leads {official} in {place}, said {count} people had asked for help. "
        f"\u201cWe are going street by street in {place},\u201d {person.split()[1]} said.",
        f"In the hours that followed, {third}. {helper} and {rng.randint(3, 40)} neighbours "
        f"opened a kitchen in {place} and served {count * 2} meals.",
        f"{official.capitalize()} promised a report on {place} within {rng.randint(2, 8)} "
        f"weeks, and {helper.split()[0]} said people there wanted answers before then.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    )
    return title, page


class GrowingNews(http.server.BaseHTTPRequestHandler):
    """Feed n lists entries 0 and 1 from the start, and entry k > 1 once (k - 1) *
    ENTRY_EVERY_SECONDS have passed."""

    started = 0.0
    fetches: list[str] = []

    def do_GET(self) -> None:
        type(self).fetches.append(self.path)
        parts = self.path.strip("/").split("/")
        if parts[0] == "feed":
            body, kind = self._feed(int(parts[1])), "application/rss+xml"
        elif parts[0] == "page":
            body, kind = article(int(parts[1]), int(parts[2]))[1].encode(), "text/html"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _feed(self, feed: int) -> bytes:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        visible = min(ENTRIES, int((time.time() - self.started) / ENTRY_EVERY_SECONDS) + 2)
        items = []
        for entry in range(visible):
            posted = datetime.fromtimestamp(self.started + entry * ENTRY_EVERY_SECONDS, UTC)
            items.append(
                f"<item><title>{article(feed, entry)[0]}</title>"
                f"<link>{base}/page/{feed}/{entry}</link>"
                f"<pubDate>{format_datetime(posted, usegmt=True)}</pubDate></item>"
            )
        return f"<rss><channel><title>Feed {feed}</title>{''.join(items)}</channel></rss>".encode()

    def log_message(self, *args) -> None:
        pass


def praynews(*args: str, env: dict, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "praynews.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "praynews.cli", "worker", "-v"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("a"),
    )


def counts(database: OwnDatabase, urls: set[str]) -> dict:
    stored = [
        url
        for (url,) in database.rows(
            "SELECT url FROM news_article UNION ALL SELECT url FROM news_republication"
        )
    ]
    posts_per_story = [
        n
        for (n,) in database.rows(
            "SELECT COUNT(p.id) FROM news_story s LEFT JOIN editorial_post p "
            "ON p.story_id = s.id GROUP BY s.id"
        )
    ]
    return {
        "entries": len(urls),
        "stored": len(stored),
        "distinct stored": len(set(stored)),
        "missing": len(urls - set(stored)),
        "stories": len(posts_per_story),
        "stories without a draft": posts_per_story.count(0),
        "stories with two drafts or more": sum(1 for n in posts_per_story if n > 1),
    }


def test_two_workers_killed_and_restarted_store_every_article_and_draft_once(
    tmp_path, own_database
):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GrowingNews)
    GrowingNews.fetches = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    env = process_env(
        **own_database.env,
        PRAYNEWS_PRIVATE_HOSTS="127.0.0.1",
        PRAYNEWS_MIN_CHECK_SECONDS="1",
        PRAYNEWS_LEASE_SECONDS="5",
        PRAYNEWS_EDITION_HOUR="0",
    )
    assert praynews("init", env=env).returncode == 0
    outlines = "".join(f'<outline xmlUrl="{base}/feed/{n}"/>' for n in range(FEEDS))
    (tmp_path / "list.opml").write_text(f"<opml><body>{outlines}</body></opml>")
    assert praynews("sources", "import", str(tmp_path / "list.opml"), env=env).returncode == 0

    GrowingNews.started = time.time()
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = [start_worker(env, logs[0]), start_worker(env, logs[1])]
    try:
        for _ in range(KILLS):
            time.sleep(2.5)
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait(timeout=10)
            workers[0] = start_worker(env, logs[0])
        urls = {f"{base}/page/{f}/{e}" for f in range(FEEDS) for e in range(ENTRIES)}
        database = own_database
        deadline = time.time() + DONE_WITHIN_SECONDS
        seen = counts(database, urls)
        while time.time() < deadline and (seen["missing"] or seen["stories without a draft"]):
            time.sleep(1)
            seen = counts(database, urls)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(timeout=60) for worker in workers]
        server.shutdown()
    print(seen)
    report = f"{seen}; worker logs:\n" + "\n".join(log.read_text()[-2000:] for log in logs)
    assert seen["missing"] == 0, report
    assert seen["stored"] == seen["distinct stored"] == len(urls), report
    assert seen["stories without a draft"] == 0, report
    assert seen["stories with two drafts or more"] == 0, report
    assert codes == [0, 0], report
    assert "Traceback" not in "".join(log.read_text() for log in logs), report
