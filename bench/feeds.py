"""Every feed file in ../shared/data/feeds/: read without a crash, and speed beside feedparser.

The files are feedparser's own test suite (over a thousand malformed, mis-encoded and edge-case
documents) and real feeds from several publishers. Each is read the way a source's feed is
read when it is checked (`parse_feed`, then each entry turned into the article the feed alone
carries, as when its page is unreachable). A file is either read, with its entries counted, or
refused with a reason (what `sources list` would show as its last error); anything else raised
is a crash, listed by file, and makes the command exit 1.

Speed: the same files through bare `feedparser.parse` and through praynews, alternating, over
several passes; the pass with the median ratio is printed.

Run: .venv/bin/python bench/feeds.py [--passes N] [--show-refused]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import feedparser

from praynews.core.errors import PrayNewsError
from praynews.core.feeds import parse_feed
from praynews.sources import _entry_article

FEEDS = Path(__file__).resolve().parents[2] / "shared" / "data" / "feeds"
BASE_URL = "https://feeds.example.org/feed.xml"
# A reason is grouped by its text up to the parser's own detail, so the table stays short.
REASON_PREFIX_WORDS = 6


@dataclass
class Tally:
    read: int = 0
    entries: int = 0
    feed_articles: int = 0
    warned: int = 0
    refused: dict[str, str] = field(default_factory=dict)
    crashed: dict[str, str] = field(default_factory=dict)


def feed_files() -> list[Path]:
    return sorted(p for p in FEEDS.rglob("*") if p.is_file() and p.name != "LICENSE")


def read_as_praynews(data: bytes) -> tuple[int, int, bool]:
    """Entries found, articles the entries alone make, and whether the parser complained."""
    feed = parse_feed(data, BASE_URL)
    articles = sum(_entry_article(entry) is not None for entry in feed.entries)
    return len(feed.entries), articles, bool(feed.warning)


def tally(files: list[Path], blobs: list[bytes]) -> Tally:
    result = Tally()
    for path, data in zip(files, blobs, strict=True):
        name = str(path.relative_to(FEEDS))
        try:
            entries, articles, warned = read_as_praynews(data)
        except PrayNewsError as error:
            result.refused[name] = str(error)
            continue
        except Exception:  # counting crashes is this benchmark's job
            result.crashed[name] = traceback.format_exc(limit=3)
            continue
        result.read += 1
        result.entries += entries
        result.feed_articles += articles
        result.warned += warned
    return result


def _timed_pass(blobs: list[bytes]) -> tuple[float, float]:
    bare = ours = 0.0
    for data in blobs:
        start = time.perf_counter()
        feedparser.parse(data)
        bare += time.perf_counter() - start
        start = time.perf_counter()
        with contextlib.suppress(Exception):  # refused files cost time too
            read_as_praynews(data)
        ours += time.perf_counter() - start
    return bare, ours


def reason_kind(reason: str) -> str:
    return " ".join(reason.split()[:REASON_PREFIX_WORDS])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="timed passes; the median is kept")
    parser.add_argument("--show-refused", action="store_true", help="list each refused file")
    args = parser.parse_args()
    if not FEEDS.is_dir():
        print(f"skipped: {FEEDS} is absent (the shared real-world data is not on this machine)")
        return 0
    files = feed_files()
    blobs = [path.read_bytes() for path in files]
    result = tally(files, blobs)
    print(f"files: {len(files)} in {FEEDS}")
    print(
        f"read: {result.read} ({result.warned} with the parser's warning), giving "
        f"{result.entries} entries; {result.feed_articles} articles from entries alone"
    )
    print(f"refused with a reason: {len(result.refused)}")
    for kind, count in Counter(map(reason_kind, result.refused.values())).most_common():
        print(f"  {count:>4}  {kind}…")
    if args.show_refused:
        for name, reason in sorted(result.refused.items()):
            print(f"    {name}: {reason}")
    print(f"crashed: {len(result.crashed)}")
    for name, trace in sorted(result.crashed.items()):
        print(f"  {name}\n{trace}")

    runs = sorted(
        (_timed_pass(blobs) for _ in range(max(1, args.passes))), key=lambda run: run[1] / run[0]
    )
    bare, ours = runs[len(runs) // 2]
    print(
        f"feedparser alone: {len(blobs) / bare:,.0f} feeds/s; praynews: "
        f"{len(blobs) / ours:,.0f} feeds/s; ratio {ours / bare:.2f}x "
        f"(passes {', '.join(f'{o / b:.2f}' for b, o in runs)})"
    )
    return 1 if result.crashed else 0


if __name__ == "__main__":
    sys.exit(main())
