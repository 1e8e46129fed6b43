"""Story grouping: pairwise quality on a labelled set, and speed at 10,000 and 100,000 articles.

Quality reads bench/data/grouping.jsonl (articles written for praynews: several outlets'
versions of the same events, wire copies, and different events in the same cities) and reports
pairwise precision, recall and F1 of "these two articles are in the same story". Speed groups
synthetic articles (made here, seeded) and prints the time and peak memory for each size and
their ratios; with no quadratic step, ten times the articles should take about ten times as
long, and with stories past the window forgotten, memory should barely grow.

Run: .venv/bin/python bench/grouping.py [--quality-only | --speed-only] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

from praynews.core.stories import StoryGrouper, article_features

LABELLED = Path(__file__).parent / "data" / "grouping.jsonl"
ARTICLES_PER_DAY = 300


def pairwise_scores(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    keys = sorted(truth)
    same_pred = {(a, b) for a, b in combinations(keys, 2) if predicted[a] == predicted[b]}
    same_true = {(a, b) for a, b in combinations(keys, 2) if truth[a] == truth[b]}
    hits = len(same_pred & same_true)
    precision = hits / len(same_pred) if same_pred else 1.0
    recall = hits / len(same_true) if same_true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def quality(verbose: bool) -> None:
    if not LABELLED.exists():
        print(f"skipped: {LABELLED} is absent")
        return
    rows = [json.loads(line) for line in LABELLED.read_text().splitlines() if line.strip()]
    rows.sort(key=lambda r: (r["published"], r["id"]))
    grouper = StoryGrouper()
    predicted, truth = {}, {}
    for row in rows:
        features = article_features(
            row["id"],
            row["title"],
            row["text"],
            date.fromisoformat(row["published"]),
            row["outlet"],
        )
        assignment = grouper.assign(features)
        predicted[row["id"]] = assignment.story
        truth[row["id"]] = row["event"]
        if verbose:
            verb = "joins" if assignment.joined else "starts"
            print(f"  {row['id']:<34} {verb} {assignment.story:<30} {assignment.reason}")
    precision, recall, f1 = pairwise_scores(predicted, truth)
    events = len(set(truth.values()))
    stories = len(set(predicted.values()))
    print(
        f"quality: {len(rows)} articles, {events} events, {stories} stories; pairwise "
        f"precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}"
    )


def _letters(number: int) -> str:
    """A number written in letters ("b", "ba", ...): grouping's tokeniser drops digits, so
    synthetic words made with digits ("word12") all collapsed into one too-common term."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[digit] + word
        if not number:
            return word


def synthetic(count: int, seed: int = 11) -> Iterator[tuple[str, str, str, date]]:
    """Articles about made-up events: each event has its own names and words, 1-5 reports
    over two days, about 300 articles a day (a busy newsroom's intake); all share a pool of
    common words. More articles means more days, as in a real archive. Every word is letters
    only, so each event's title words are rare enough to be indexed."""
    rng = random.Random(seed)
    common = [f"com{_letters(i)}" for i in range(3000)]
    start = date(2026, 1, 1)
    made = event = 0
    while made < count:
        place = f"Place{_letters(rng.randrange(count // 4 + 50))}"
        actor = f"Actor{_letters(event)} Group{_letters(rng.randrange(500))}"
        topic = [f"top{_letters(event)}q{_letters(i)}" for i in range(12)]
        day = start + timedelta(days=made // ARTICLES_PER_DAY)
        for report in range(rng.randint(1, 5)):
            if made == count:
                return
            body = rng.sample(topic, 8) + rng.sample(common, 90)
            rng.shuffle(body)
            title = f"{actor} in {place} {' '.join(rng.sample(topic, 3))}"
            text = f"{place} {actor} " + " ".join(body)
            yield f"a{made}", title, text, day + timedelta(days=report % 2)
            made += 1
        event += 1


def group_all(count: int) -> StoryGrouper:
    grouper = StoryGrouper()
    for key, title, text, published in synthetic(count):
        grouper.assign(article_features(key, title, text, published))
    return grouper


def time_grouping(count: int) -> float:
    start = time.perf_counter()
    group_all(count)
    return time.perf_counter() - start


def peak_memory(count: int) -> int:
    """Peak bytes allocated while grouping (tracemalloc; a separate run, as tracing slows
    Python down). The articles are made one at a time, so this is the grouper's memory."""
    tracemalloc.start()
    group_all(count)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def speed() -> None:
    small, large = time_grouping(10_000), time_grouping(100_000)
    print(f"speed: 10,000 articles grouped in {small:.2f} s")
    print(f"speed: 100,000 articles grouped in {large:.2f} s; ratio {large / small:.1f}x")
    small_peak, large_peak = peak_memory(10_000), peak_memory(100_000)
    print(f"memory: 10,000 articles peak {small_peak / 2**20:.1f} MB (tracemalloc)")
    print(
        f"memory: 100,000 articles peak {large_peak / 2**20:.1f} MB; "
        f"ratio {large_peak / small_peak:.1f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print every assignment")
    args = parser.parse_args()
    if not args.speed_only:
        quality(args.verbose)
    if not args.quality_only:
        speed()
    return 0


if __name__ == "__main__":
    sys.exit(main())
