"""Lint findings on drafts written from real articles: the measuring stick for the writer.

Writes one draft per article (each its own story) for: the 89 real pages in
../shared/data/extraction/, the CNN/DM sample (column `article`), an evenly spaced slice of the
BBC articles (first line the title) and the bundled fictional samples; lints each against its
source (core/lint.py) and prints, per data set, the drafts written, the count of each finding
kind, the share of headings their paragraphs support, and the story's length (median words,
median share of the source's words, drafts over 500 words or 45% of the source).

Run: .venv/bin/python bench/lint_drafts.py [--bbc N] [--show KIND]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from praynews.core.compose import compose
from praynews.core.errors import PrayNewsError
from praynews.core.extract import extract_article
from praynews.core.lint import MAX_SOURCE_SHARE, MAX_STORY_WORDS, LintFinding, lint, story_length
from praynews.core.text import first_sentence
from praynews.core.types import ExtractedArticle, LintKind
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.reporting import story_source_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
PAGES = DATA / "extraction" / "html"
CNNDM_CSV = DATA / "summaries" / "cnndm" / "sample.csv"
BBC_ARTICLES = DATA / "summaries" / "bbc" / "articles"
SAMPLES = ROOT / "src" / "praynews" / "samples" / "pages"
BBC_SLICE = 100  # enough to show every category; the whole set takes minutes on this machine


@dataclass
class SetResult:
    name: str
    drafts: int = 0
    failed: int = 0
    headings: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    words: list[int] = field(default_factory=list)
    shares: list[float] = field(default_factory=list)
    copied: list[float] = field(default_factory=list)
    examples: list[tuple[str, LintFinding]] = field(default_factory=list)


def real_pages() -> Iterator[tuple[str, Callable[[], ExtractedArticle]]]:
    for page in sorted(PAGES.glob("*.html.gz")):
        yield page.name[:12], lambda page=page: extract_article(gzip.decompress(page.read_bytes()))


def cnndm() -> Iterator[tuple[str, Callable[[], ExtractedArticle]]]:
    with CNNDM_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["id"][:12], lambda row=row: _cnndm_article(row["article"])


def _cnndm_article(text: str) -> ExtractedArticle:
    """The sample has no titles; its first sentence stands in (the writer needs a title)."""
    return ExtractedArticle(title=first_sentence(text), text=text)


def bbc(limit: int) -> Iterator[tuple[str, Callable[[], ExtractedArticle]]]:
    paths = sorted(BBC_ARTICLES.glob("*/*.txt"))
    chosen = [paths[i * len(paths) // limit] for i in range(min(limit, len(paths)))]
    for path in chosen:
        yield f"{path.parent.name}/{path.stem}", lambda path=path: _bbc_article(path)


def _bbc_article(path: Path) -> ExtractedArticle:
    title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
    return ExtractedArticle(title=title.strip(), text=body.strip())


def samples() -> Iterator[tuple[str, Callable[[], ExtractedArticle]]]:
    for page in sorted(SAMPLES.glob("*.html")):
        yield page.stem, lambda page=page: extract_article(page.read_bytes())


def measure(name: str, articles: Iterator[tuple[str, Callable[[], ExtractedArticle]]]) -> SetResult:
    result = SetResult(name)
    writer = ExtractiveWriter()
    for label, load in articles:
        try:
            article = load()
            draft = compose([article], writer)
        except PrayNewsError:
            result.failed += 1
            continue
        source = story_source_text([article])
        length = story_length(draft, source)
        result.drafts += 1
        result.headings += len(draft.sections)
        result.words.append(length.words)
        result.shares.append(length.share)
        result.copied.append(length.copied_share)
        for finding in lint(draft, source):
            result.counts[str(finding.kind)] += 1
            result.examples.append((label, finding))
    return result


def report(result: SetResult, show: str | None) -> None:
    print(f"\n## {result.name}: {result.drafts} drafts ({result.failed} could not be written)")
    for kind in LintKind:
        print(f"  {kind:<20} {result.counts[str(kind)]:>4}")
    if not result.drafts:
        return
    unsupported = result.counts[str(LintKind.UNSUPPORTED_HEADING)]
    supported = 1 - unsupported / result.headings if result.headings else 1.0
    print(f"  headings supported: {supported:.0%} of {result.headings}")
    over_share = sum(s > MAX_SOURCE_SHARE for s in result.shares)
    over_words = sum(w > MAX_STORY_WORDS for w in result.words)
    print(
        f"  story: median {statistics.median(result.words):.0f} words, "
        f"median {statistics.median(result.shares):.0%} of the source's words "
        f"(median copied verbatim {statistics.median(result.copied):.0%}); "
        f"over {MAX_SOURCE_SHARE:.0%} of the source: {over_share}; "
        f"over {MAX_STORY_WORDS} words: {over_words}"
    )
    for label, finding in result.examples:
        if finding.kind == show:
            print(f"    {label} {finding.where}: {finding.message}: {finding.text[:100]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=int, default=BBC_SLICE, help="BBC articles to write")
    parser.add_argument("--show", choices=[str(k) for k in LintKind], help="list one kind")
    args = parser.parse_args()
    sets: list[tuple[str, Iterator]] = [("bundled samples", samples())]
    if DATA.is_dir():
        sets = [
            ("89 real pages", real_pages()),
            ("CNN/DM sample", cnndm()),
            (f"BBC slice ({args.bbc} evenly spaced)", bbc(args.bbc)),
            *sets,
        ]
    else:
        print(f"skipped the real data: {DATA} is absent (measuring the bundled samples only)")
    for name, articles in sets:
        report(measure(name, articles), args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
