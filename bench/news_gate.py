"""The news gate on the real pages in ../shared/data/extraction/: held or passed, against labels.

Prints the confusion table of the gate's verdicts against bench/data/news_gate.toml (news or the
kind of page it is, opinion or not; the opinion table again for the pages the gate passes, the
only ones an editor sees flagged), every page it gets wrong with its reason, and how many pages
of the bundled samples and of the CNN/DM and BBC samples (all news) it holds.

Run: .venv/bin/python bench/news_gate.py
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
import tomllib
from collections import Counter
from importlib import resources
from pathlib import Path

from praynews.core.extract import extract_article, from_plain_text
from praynews.core.gate import judge, opinion_signs
from praynews.core.types import ExtractedArticle

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
LABELS = Path(__file__).resolve().parent / "data" / "news_gate.toml"


def real_pages(with_address: bool = True) -> dict[str, ExtractedArticle]:
    """The labelled pages, with the address they were fetched from, or without it as a saved
    file is read (`praynews write FILE`, a folder ingested): then only the page's own links
    say where it was filed, and often nothing does."""
    truth = json.loads((DATA / "extraction" / "ground-truth.json").read_text())
    pages = {}
    for page_id, entry in truth.items():
        html = gzip.decompress((DATA / "extraction" / "html" / f"{page_id}.html.gz").read_bytes())
        pages[page_id] = extract_article(html, url=entry["url"] if with_address else None)
    return pages


def confusion(pages: dict[str, ExtractedArticle], labels: dict[str, dict]) -> None:
    table: Counter[tuple[str, str]] = Counter()
    opinion: Counter[tuple[bool, bool]] = Counter()
    passed_opinion: Counter[tuple[bool, bool]] = Counter()
    wrong = []
    for page_id, article in pages.items():
        label, verdict = labels[page_id], judge(article)
        table[(label["kind"], verdict.kind)] += 1
        if (label["kind"] == "news") != verdict.is_news:
            wrong.append(f"  {label['kind']:>11} judged {verdict.kind}: {article.url}")
        signs = opinion_signs(article.url, article.title, article.text)
        opinion[(label["opinion"], bool(signs))] += 1
        if verdict.is_news:
            passed_opinion[(label["opinion"], bool(signs))] += 1
        if label["opinion"] != bool(signs):
            # Only a page the gate passes reaches an editor as opinion; the others are listed
            # with the kind it holds them as.
            held = "" if verdict.is_news else f" (held as {verdict.kind})"
            wrong.append(f"  opinion={label['opinion']}{held} judged {signs}: {article.url}")
    kinds = sorted({k for pair in table for k in pair})
    print("labelled (rows) by judged (columns)")
    print(f"{'':>12}" + "".join(f"{k[:8]:>9}" for k in kinds))
    for row in kinds:
        counts = "".join(f"{table[(row, col)] or '.':>9}" for col in kinds)
        print(f"{row:>12}{counts}")
    held_news = sum(n for (label, judged), n in table.items() if label == "news" != judged)
    passed = sum(n for (label, judged), n in table.items() if label != "news" == judged)
    news = sum(n for (label, _), n in table.items() if label == "news")
    print(f"\nnews held: {held_news} of {news}; not news passed: {passed} of {len(pages) - news}")
    for name, counts in (("opinion", opinion), ("opinion, pages passed as news", passed_opinion)):
        print(
            f"{name} (labelled yes/no by flagged yes/no): "
            f"yes/yes {counts[(True, True)]}, yes/no {counts[(True, False)]}, "
            f"no/yes {counts[(False, True)]}, no/no {counts[(False, False)]}"
        )
    print("\n".join(["mistakes:", *wrong] if wrong else ["no mistakes"]))


def held(name: str, articles: list[ExtractedArticle]) -> None:
    """All news: how many the gate holds, and flags as opinion, with the first few reasons."""
    verdicts = [(a, judge(a)) for a in articles]
    not_news = [(a, v) for a, v in verdicts if not v.is_news]
    opinion = [a for a in articles if opinion_signs(a.url, a.title, a.text)]
    print(f"{name}: {len(not_news)} of {len(articles)} held, {len(opinion)} flagged as opinion")
    for article, verdict in not_news[:5]:
        print(f"  held {article.title[:60]!r}: {verdict.reason}")
    for article in opinion[:5]:
        signs = "; ".join(opinion_signs(article.url, article.title, article.text))
        print(f"  opinion {article.title[:60]!r}: {signs}")


def bundled_samples() -> list[ExtractedArticle]:
    pages = resources.files("praynews.samples").joinpath("pages")
    return [extract_article(page.read_bytes()) for page in pages.iterdir()]


def cnndm() -> list[ExtractedArticle]:
    """The articles come as one line with no title: the text is the article."""
    with (DATA / "summaries" / "cnndm" / "sample.csv").open(newline="") as file:
        return [ExtractedArticle(title="", text=row["article"]) for row in csv.DictReader(file)]


def bbc(category: str) -> list[ExtractedArticle]:
    files = sorted((DATA / "summaries" / "bbc" / "articles" / category).glob("*.txt"))
    return [from_plain_text(path.read_text(errors="replace")) for path in files]


def main() -> int:
    if not DATA.exists():
        print(f"skipped: the real data is not at {DATA}", file=sys.stderr)
        return 0
    labels = tomllib.loads(LABELS.read_text())["page"]
    confusion(real_pages(), labels)
    print("\nThe same pages read as saved files, without the address they came from:")
    confusion(real_pages(with_address=False), labels)
    print()
    held("bundled samples", bundled_samples())
    held("CNN/DM sample", cnndm())
    for category in ("business", "politics", "tech", "entertainment", "sport"):
        held(f"BBC {category}", bbc(category))
    return 0


if __name__ == "__main__":
    sys.exit(main())
