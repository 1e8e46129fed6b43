"""Running a day of news: the built-in worker beside one and two Celery workers, in one run.

The day is real articles, the BBC News set in ../shared/data/summaries/bbc/ (the benchmark says
so and stops when it is absent), each served as a dated page by a local web server, in FEEDS
feeds on as many loopback addresses (127.0.0.1, 127.0.0.2, ...), since praynews asks one host
for one page at a time. Each runner starts on a fresh data folder with the same feed list:

- `praynews worker`, the built-in worker, one process;
- one Celery worker (`-c 1`) with celery beat, through a redis-server of the benchmark's own;
- two Celery workers (`-c 1` each) with celery beat.

For each it prints the seconds until every article was stored (fetched, extracted, judged by
the news gate, grouped) and until every story the gate let through had its draft, and the
articles per second of each. The processes' start (Django, migrations) is counted: it is part
of a run. SQLite by default; `--database-url` runs all three on PostgreSQL instead (a fresh
database each, on that server).

Run: .venv/bin/python bench/celery_workers.py [--articles N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import html
import http.server
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BBC = Path(__file__).resolve().parents[2] / "shared" / "data" / "summaries" / "bbc" / "articles"
FEEDS = 8
# Real news first: the gate holds most sport and much business copy, which costs little.
SECTIONS = ("politics", "business", "tech", "entertainment")
DONE_WITHIN_SECONDS = 900
PRAYNEWS = [sys.executable, "-m", "praynews.cli"]
CELERY = [sys.executable, "-m", "celery", "-A", "praynews.site.tasks"]


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def day_of_news(count: int) -> list[tuple[str, str]]:
    """(title, body) of `count` BBC articles, the sections taken in turn."""
    files = {s: sorted((BBC / s).glob("*.txt")) for s in SECTIONS}
    chosen = []
    for n in range(count):
        section = files[SECTIONS[n % len(SECTIONS)]]
        lines = section[n // len(SECTIONS)].read_text(encoding="latin-1").strip().split("\n")
        chosen.append((lines[0].strip(), "\n".join(line for line in lines[1:] if line.strip())))
    return chosen


class DayOfNews(http.server.BaseHTTPRequestHandler):
    """/feed lists this server's share of the articles; /page/N is article N as a page."""

    articles: list[tuple[str, str]] = []
    feeds = 1
    started = datetime.now(UTC)

    def do_GET(self) -> None:
        feed = int(self.server.server_address[0].rsplit(".", 1)[1]) - 1
        if self.path == "/feed":
            body, kind = self._feed(feed), "application/rss+xml"
        elif self.path.startswith("/page/"):
            body, kind = self._page(int(self.path.rsplit("/", 1)[1])), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _posted(self, n: int) -> datetime:
        return self.started - timedelta(minutes=5 * n)

    def _feed(self, feed: int) -> bytes:
        base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
        items = "".join(
            f"<item><title>{html.escape(self.articles[n][0])}</title>"
            f"<link>{base}/page/{n}</link>"
            f"<pubDate>{format_datetime(self._posted(n), usegmt=True)}</pubDate></item>"
            for n in range(feed, len(self.articles), self.feeds)
        )
        return f"<rss><channel><title>Desk {feed}</title>{items}</channel></rss>".encode()

    def _page(self, n: int) -> bytes:
        title, text = self.articles[n]
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n"))
        when = self._posted(n).isoformat()
        return (
            f"<html><head><title>{html.escape(title)}</title>"
            f'<meta property="article:published_time" content="{when}">'
            f'<meta property="og:site_name" content="Desk {n % self.feeds}"></head>'
            f"<body><article><h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>"
        ).encode()

    def log_message(self, *args) -> None:
        pass


def serve_news(articles: list[tuple[str, str]]) -> tuple[list[str], Callable[[], None]]:
    DayOfNews.articles, DayOfNews.feeds = articles, FEEDS
    servers = []
    for feed in range(FEEDS):
        address = f"127.0.0.{feed + 1}"
        server = http.server.ThreadingHTTPServer((address, free_port(address)), DayOfNews)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    urls = [f"http://{s.server_address[0]}:{s.server_address[1]}/feed" for s in servers]

    def stop() -> None:
        for server in servers:
            server.shutdown()

    return urls, stop


class Database:
    """A fresh database for one runner: SQLite in its data folder, or one on a PostgreSQL
    server."""

    def __init__(self, home: Path, server_url: str) -> None:
        self.home, self.server_url, self.url = home, server_url, ""
        if server_url:
            self.name = f"praynews_bench_{uuid.uuid4().hex[:10]}"
            self.url = urlunsplit(urlsplit(server_url)._replace(path=f"/{self.name}"))
            self._admin(f'CREATE DATABASE "{self.name}"')

    def value(self, sql: str):
        if not self.url:
            with sqlite3.connect(self.home / "praynews.sqlite3", timeout=30) as db:
                return db.execute(sql).fetchone()[0]
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(sql).fetchone()[0]

    def moment(self, sql: str) -> datetime:
        """A timestamp the database holds (SQLite keeps them as text), in UTC."""
        found = self.value(sql)
        if isinstance(found, str):
            found = datetime.fromisoformat(found)
        return found if found.tzinfo else found.replace(tzinfo=UTC)

    def drop(self) -> None:
        if self.url:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        maintenance = urlunsplit(urlsplit(self.server_url)._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as db:
            db.execute(statement)


STORED = "SELECT COUNT(*) FROM news_article"
COPIES = "SELECT COUNT(*) FROM news_republication"
# Sources not yet checked to the end, or being checked: a page that cannot be stored (too short,
# not an article) is a failed item, so the count of articles alone may never reach the day's.
UNCHECKED = "SELECT COUNT(*) FROM news_source WHERE last_checked_at IS NULL OR lease_owner <> ''"
POSTS = "SELECT COUNT(*) FROM editorial_post"
LAST_STORED = "SELECT MAX(fetched_at) FROM news_article"
LAST_DRAFTED = "SELECT MAX(created_at) FROM editorial_post"
# With every article stored, the run is over once no draft has been added for this long: a
# story whose draft cannot be written (an opinion piece, too short) is tried again and again,
# and never gets one. The times printed are those of the last article and the last draft.
QUIET_SECONDS = 6


def run(name: str, commands: list[list[str]], env: dict, db: Database, log: Path):
    """Start the runner's processes; seconds until the last article was stored, and until the
    last draft was written; the drafts written, and the articles stored."""
    began = datetime.now(UTC)
    processes = [
        subprocess.Popen(c, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT)
        for c in commands
    ]
    posts, quiet_since, done = -1, time.monotonic(), False
    try:
        while (datetime.now(UTC) - began).total_seconds() < DONE_WITHIN_SECONDS:
            time.sleep(0.25)
            if db.value(UNCHECKED):
                quiet_since = time.monotonic()
                continue
            if db.value(POSTS) != posts:
                posts, quiet_since = db.value(POSTS), time.monotonic()
            if time.monotonic() - quiet_since >= QUIET_SECONDS:
                done = True
                break
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=120)
    if not done:
        sys.exit(f"{name}: not done within {DONE_WITHIN_SECONDS} s; see {log}")
    stored = (db.moment(LAST_STORED) - began).total_seconds()
    drafted = (db.moment(LAST_DRAFTED) - began).total_seconds() if posts else stored
    return stored, drafted, posts, db.value(STORED) + db.value(COPIES)


def environment(home: Path, db: Database, broker: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAYNEWS_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {
        **env,
        "PRAYNEWS_HOME": str(home),
        "PRAYNEWS_DATABASE_URL": db.url,
        "PRAYNEWS_BROKER_URL": broker,
        "PRAYNEWS_BEAT_SECONDS": "1",
        "PRAYNEWS_PRIVATE_HOSTS": ",".join(f"127.0.0.{n + 1}" for n in range(FEEDS)),
        "PRAYNEWS_MIN_CHECK_SECONDS": "86400",
        "PRAYNEWS_EDITION_HOUR": "23",
        "PRAYNEWS_AUDIO": "off",
    }


def start_redis(folder: Path) -> tuple[str, subprocess.Popen]:
    binary = shutil.which("redis-server")
    if not binary:
        sys.exit("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return f"redis://127.0.0.1:{port}/0", server
        except OSError:
            time.sleep(0.05)
    sys.exit("redis-server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server to use")
    args = parser.parse_args()
    if not BBC.is_dir():
        sys.exit(f"the BBC News articles are not at {BBC} (../shared/data): nothing to run")
    articles = day_of_news(args.articles)
    urls, stop_news = serve_news(articles)
    work = Path(tempfile.mkdtemp(prefix="praynews-bench-celery-"))
    broker, redis = start_redis(work)
    worker = [*CELERY, "worker", "-Q", "fetch,write,send", "-c", "1", "--without-mingle",
              "--without-gossip", "-l", "warning"]  # fmt: skip
    runners = {
        "built-in worker": [[*PRAYNEWS, "worker"]],
        "1 Celery worker": [[*worker, "-n", "a@%h"], [*CELERY, "beat", "-l", "warning"]],
        "2 Celery workers": [
            [*worker, "-n", "a@%h"],
            [*worker, "-n", "b@%h"],
            [*CELERY, "beat", "-l", "warning"],
        ],
    }
    print(f"{len(articles)} BBC articles in {FEEDS} feeds, {os.cpu_count()} cores, "
          f"{'PostgreSQL' if args.database_url else 'SQLite'}")  # fmt: skip
    results = {}
    try:
        for n, (name, commands) in enumerate(runners.items()):
            home = work / f"run-{n}"
            db = Database(home, args.database_url)
            env = environment(home, db, broker)
            subprocess.run([*PRAYNEWS, "init"], env=env, check=True, capture_output=True)
            subprocess.run(
                [*PRAYNEWS, "sources", "add", *urls], env=env, check=True, capture_output=True
            )
            subprocess.run(["redis-cli", "-u", broker, "flushall"], capture_output=True)
            try:
                results[name] = run(name, commands, env, db, work / f"{n}.log")
            finally:
                db.drop()
            stored, drafted, posts, kept = results[name]
            print(
                f"{name:17} {kept} stored in {stored:6.1f} s ({kept / stored:5.2f} articles/s)"
                f", {posts} drafts by {drafted:6.1f} s ({kept / drafted:5.2f} articles/s)"
            )
    finally:
        stop_news()
        redis.terminate()
    base = results["built-in worker"][1]
    for name, (_, drafted, _, _) in results.items():
        print(f"{name:17} {base / drafted:4.2f}x the built-in worker, end to end")


if __name__ == "__main__":
    main()
