"""Drafts from the real pages in ../shared/data/extraction/: completeness and speed.

For each page it times trafilatura's extraction alone and praynews' whole write path (extract,
clean, outline, verse choice, reflection, fidelity check) in the same process, then runs the real
`praynews write FILE --json` command on every page and validates what it prints.

Run: .venv/bin/python bench/write_pages.py [--no-cli] [--passes N]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import trafilatura

from praynews.core.compose import compose
from praynews.core.errors import PrayNewsError
from praynews.core.extract import extract_article
from praynews.core.gate import judge
from praynews.core.lint import MAX_SOURCE_SHARE, MAX_STORY_WORDS, StoryLength, lint, story_length
from praynews.core.types import Draft, LintKind
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.reporting import story_source_text

PAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction" / "html"


# The parts every post must have (FORMAT.md), and the targets a good post meets.
STRUCTURE = (
    "headline",
    "dek",
    "3-5 glance bullets",
    "opening",
    "2-4 sections",
    "verse",
    "prayer",
    "source link",
    "no flags",
)


def parts_present(draft: dict) -> dict[str, bool]:
    """Which of FORMAT.md's parts the draft has, and which of its targets it meets."""
    headline_words = len(draft["headline"].split())
    bullets = draft["glance"]
    return {
        "headline": bool(draft["headline"]),
        "dek": bool(draft["dek"]),
        "3-5 glance bullets": 3 <= len(bullets) <= 5,
        "opening": bool(draft["opening"]),
        "2-4 sections": 2 <= len(draft["sections"]) <= 4,
        "verse": bool(draft["reflection"]["verse"]["text"]),
        "prayer": bool(draft["reflection"]["prayer"]),
        "source link": bool(draft["sources"] and draft["sources"][0]["url"]),
        "no flags": not draft["flags"],
        "image (target)": draft["image"] is not None,
        "headline 4-10 words (target)": 4 <= headline_words <= 10,
        "bullets 10-20 words (target)": all(10 <= len(b.split()) <= 20 for b in bullets),
    }


def news_pages(pages: list[Path]) -> list[Path]:
    """The pages praynews writes a draft for: the news gate holds the others, and the writer
    refuses an opinion piece that reports too little besides its writer's view."""
    articles = [(p, extract_article(gzip.decompress(p.read_bytes()))) for p in pages]
    news = [(p, a) for p, a in articles if judge(a).is_news]
    print(f"{len(pages) - len(news)} of {len(pages)} pages held by the news gate (not written)")
    writable = []
    for page, article in news:
        try:
            compose([article], ExtractiveWriter())
            writable.append(page)
        except PrayNewsError as error:
            print(f"  not written: {page.name[:12]}: {error}")
    return writable


# The section and repetition findings of the draft linter this bench reports on.
STORY_FINDINGS = (LintKind.MID_THOUGHT, LintKind.UNSUPPORTED_HEADING, LintKind.BULLET_IN_STORY)


@dataclass(frozen=True)
class StoryMeasure:
    """One draft's story length against its source, and its linter findings by kind."""

    length: StoryLength
    findings: Counter[str]


def story_measure(draft: Draft, source_text: str) -> StoryMeasure:
    findings = Counter(str(f.kind) for f in lint(draft, source_text))
    return StoryMeasure(story_length(draft, source_text), findings)


def measure_in_process(
    pages: list[Path], passes: int
) -> tuple[list[dict], list[StoryMeasure], list[float], list[float], list[float]]:
    """Drafts, their measures, each page's time on both sides, and each pass's ratio.

    A pass times every page once on each side, in turn, as a worker meets them: what one page
    computed is no help to the next, while what every page shares (loaded data, common words)
    is warm after the first few. Each pass starts with the caches empty, like a new process;
    the pass with the median ratio gives the per-page times. Several passes because this
    shared machine's bursts moved a single pass's ratio by up to 0.15."""
    writer = ExtractiveWriter()
    htmls = [gzip.decompress(page.read_bytes()) for page in pages]
    compose([extract_article(htmls[0])], writer)  # load data files and patterns
    runs = []
    for _ in range(passes):
        for cache in _page_caches():
            cache.cache_clear()  # type: ignore[attr-defined]
        extract_ms: list[float] = []
        write_ms: list[float] = []
        for html in htmls:
            extract_ms.append(_timed(partial(_trafilatura, html)))
            write_ms.append(_timed(partial(_praynews, html, writer)))
        runs.append((sum(write_ms) / sum(extract_ms), extract_ms, write_ms))
    runs.sort(key=lambda run: run[0])
    _, extract_ms, write_ms = runs[len(runs) // 2]
    drafts, measures = [], []
    for html in htmls:
        article = extract_article(html)
        draft = compose([article], writer)
        drafts.append(draft.to_dict())
        measures.append(story_measure(draft, story_source_text([article])))
    return drafts, measures, extract_ms, write_ms, [run[0] for run in runs]


def _trafilatura(html: bytes) -> None:
    trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)


def _praynews(html: bytes, writer: ExtractiveWriter) -> None:
    compose([extract_article(html)], writer)


# Packages whose bounded caches (functools.lru_cache with a size) keep what pages computed.
_CACHING_PACKAGES = frozenset(
    "praynews trafilatura htmldate courlan justext charset_normalizer".split()
)


def _page_caches() -> list[Callable[..., object]]:
    """Every bounded cache of both sides: emptied at the start of a pass, as in a new process.
    (Unbounded ones hold data files and patterns, loaded once in any process.)"""
    caches = []
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in _CACHING_PACKAGES:
            continue
        for value in list(vars(module).values()):
            parameters = getattr(value, "cache_parameters", None)
            if callable(parameters) and parameters()["maxsize"] is not None:
                caches.append(value)
    return caches


def _timed(run: Callable[[], None]) -> float:
    """Milliseconds, as timeit times: no garbage collection inside the timing, so a collection
    that one page's garbage triggers is not charged to whichever side happens to run next."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        run()
        return (time.perf_counter() - start) * 1000
    finally:
        gc.enable()


def print_story_measures(measures: list[StoryMeasure], sections: int) -> None:
    shares = [m.length.share for m in measures]
    words = [m.length.words for m in measures]
    over = sum(
        m.length.share > MAX_SOURCE_SHARE or m.length.words > MAX_STORY_WORDS for m in measures
    )
    print(
        f"story words / source words: median {statistics.median(shares):.2f}, max {max(shares):.2f}"
    )
    print(f"story words: median {statistics.median(words):.0f}, max {max(words)}")
    print(f"drafts over {MAX_SOURCE_SHARE:.0%} or {MAX_STORY_WORDS} words: {over}/{len(measures)}")
    for kind in STORY_FINDINGS:
        total = sum(m.findings[str(kind)] for m in measures)
        print(f"lint {kind}: {total} (of {sections} sections)")


def check_cli(pages: list[Path]) -> tuple[int, list[str]]:
    ok, problems = 0, []
    for page in pages:
        result = subprocess.run(
            [sys.executable, "-m", "praynews.cli", "write", str(page), "--json"],
            capture_output=True,
            text=True,
        )
        try:
            draft = json.loads(result.stdout)
            assert result.returncode == 0 and set(draft) >= {"headline", "reflection", "flags"}
            ok += 1
        except (AssertionError, json.JSONDecodeError):
            problems.append(
                f"{page.name}: exit {result.returncode}: {result.stderr.strip()[-200:]}"
            )
    return ok, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cli", action="store_true", help="skip the per-page CLI check")
    parser.add_argument(
        "--passes", type=int, default=5, help="timed passes over the pages; the median is kept"
    )
    args = parser.parse_args()
    if not PAGES.is_dir():
        print(f"skipped: {PAGES} is absent (the shared real-world data is not on this machine)")
        return 0
    pages = news_pages(sorted(PAGES.glob("*.html.gz")))
    drafts, measures, extract_ms, write_ms, ratios = measure_in_process(pages, max(1, args.passes))
    counts: Counter[str] = Counter()
    complete = on_target = 0
    for draft in drafts:
        present = parts_present(draft)
        counts.update(k for k, v in present.items() if v)
        complete += all(present[k] for k in STRUCTURE)
        on_target += all(present.values())
    print(f"pages: {len(pages)}; drafts written: {len(drafts)}")
    print(f"drafts with every part: {complete}; also meeting every target: {on_target}")
    for part in parts_present(drafts[0]):
        print(f"  {part:<30} {counts[part]:>3}/{len(drafts)}")
    print_story_measures(measures, sum(len(d["sections"]) for d in drafts))
    flags = Counter(f["kind"] for d in drafts for f in d["flags"])
    print(f"fidelity flags: {dict(flags) or 'none'}")
    ex, wr = statistics.mean(extract_ms), statistics.mean(write_ms)
    print(
        f"trafilatura extraction alone: {ex:.1f} ms/page "
        f"(median {statistics.median(extract_ms):.1f})"
    )
    print(
        f"praynews extract + write:     {wr:.1f} ms/page (median {statistics.median(write_ms):.1f})"
    )
    passes = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    print(f"ratio: {wr / ex:.2f}x the extraction alone (median of {len(ratios)} passes: {passes})")
    if not args.no_cli:
        ok, problems = check_cli(pages)
        print(f"`praynews write FILE --json`: {ok}/{len(pages)} valid drafts")
        for problem in problems:
            print("  " + problem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
