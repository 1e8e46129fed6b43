"""Page clutter left in drafts: how many drafts of the 89 real pages and the 50 CNN/DM articles
still carry each class of furniture (captions, share prompts, datelines, bylines, ...).

The patterns here are the benchmark's own, written apart from `core/writing/clean.py` so that
the cleaner is measured, not echoed. A draft counts once per class however often the class
shows in it. `--dump FILE` writes every draft as JSON, to compare two branches' drafts.

Run: .venv/bin/python bench/clutter.py [--dump FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

from praynews.core.compose import compose
from praynews.core.errors import PrayNewsError
from praynews.core.extract import extract_article
from praynews.core.types import ExtractedArticle
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.reporting import read_reports

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PAGES = DATA / "extraction" / "html"
CNNDM_CSV = DATA / "summaries" / "cnndm" / "sample.csv"

CLUTTER = {
    "caption": re.compile(
        r"\((?:pictured|left|right|above|below|file photo)\b|^(?:photo|picture|image|credit)s?:"
        r"|\b(?:getty images|ap photo|afp photo)\b",
        re.I | re.M,
    ),
    "scroll down": re.compile(r"scroll down", re.I),
    "comments closed": re.compile(r"accepting comments|comments (?:are|have been) closed", re.I),
    "also on": re.compile(r"^also on\b|\balso on [a-z]+\.(?:com|org|net)", re.I | re.M),
    "share prompt": re.compile(r"share (?:it|this)(?: story)? with|like this story\?", re.I),
    "copyright": re.compile(r"©|\bcopyright\b|all rights reserved", re.I),
    "wire notice": re.compile(r"may not be published, broadcast", re.I),
    "dateline": re.compile(
        r"^[A-Z][A-Z .,'’-]{2,40}(?:\([A-Za-z .]+\))?\s*(?:--|—|–|-)\s"
        r"|^\([A-Za-z .]+\)\s*(?:--|—|-)",
        re.M,
    ),
    "update line": re.compile(r"^UPDATE[SD]?\b|\bUPDATE \(\d", re.M),
    "byline or timestamp": re.compile(
        r"^By \.|PUBLISHED:|UPDATED:|\b\d{1,2}:\d{2} (?:EST|GMT|BST|ET)\b", re.M
    ),
    "stray marks": re.compile(r" \. |,\s*,"),
    "glued sentence": re.compile(r"(?<![\w.]\.)\b[a-z]{3,}[.!?][A-Z][a-z]+\b"),
    "nameless place": re.compile(r"\bin this (?:town|city|village)\b", re.I),
    "sign-up or follow": re.compile(
        r"sign up for\b.*newsletter|follow (?:us|him|her) on (?:twitter|facebook|instagram)", re.I
    ),
    "contributor line": re.compile(r"contributed to this (?:report|story)", re.I),
    "read more": re.compile(r"^read more:|(?<=\. )read more:", re.I | re.M),
    "embedded post": re.compile(r"pic\.twitter\.com/|https?://t\.co/"),
    "caption pointer": re.compile(
        r"(?:^|\. )(?:above|below|pictured), |write caption here|\((?:library|file) image",
        re.I | re.M,
    ),
}


def draft_texts(draft: dict) -> str:
    """Every part of the draft a reader sees from the source: headline to the last section."""
    parts = [draft["headline"], draft["dek"], *draft["glance"], *draft["opening"]]
    parts += [p for s in draft["sections"] for p in (s["heading"], *s["paragraphs"])]
    return "\n".join(parts)


def real_pages() -> list[tuple[str, ExtractedArticle]]:
    return [
        (path.name, extract_article(gzip.decompress(path.read_bytes())))
        for path in sorted(PAGES.glob("*.html.gz"))
    ]


def cnndm_articles() -> list[tuple[str, ExtractedArticle]]:
    with CNNDM_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [(row["id"], ExtractedArticle(title="", text=row["article"])) for row in rows]


def measure(name: str, articles: list[tuple[str, ExtractedArticle]], dump: dict) -> None:
    """Per class: drafts carrying it, and cleaned reportings (what every stage reads) carrying
    it, so a story whose draft cannot be written is still measured."""
    writer, in_drafts, in_reporting, failures = ExtractiveWriter(), Counter(), Counter(), Counter()
    for key, article in articles:
        with contextlib.suppress(PrayNewsError):
            reporting = "\n".join(read_reports((article,)).paragraphs)
            found = [k for k, p in CLUTTER.items() if p.search(reporting)]
            in_reporting.update(found)
            in_reporting["any"] += bool(found)
        try:
            draft = compose([article], writer).to_dict()
        except Exception as exc:  # a crash is a finding here, not a reason to stop measuring
            failures[f"{type(exc).__name__}: {str(exc)[:60]}"] += 1
            continue
        dump[f"{name}/{key}"] = draft
        text = draft_texts(draft)
        in_drafts.update(kind for kind, pattern in CLUTTER.items() if pattern.search(text))
    print(f"\n{name}: {len(articles)} articles, {len(articles) - failures.total()} drafts")
    print(f"  {'class':22} drafts reporting")
    for kind in CLUTTER:
        print(f"  {kind:22} {in_drafts[kind]:6d} {in_reporting[kind]:9d}")
    cluttered = sum(1 for k, d in dump.items() if k.startswith(name) and _any(d))
    print(f"  {'any class':22} {cluttered:6d} {in_reporting['any']:9d}")
    for reason, count in failures.items():
        print(f"  no draft ({count}): {reason}")


def _any(draft: dict) -> bool:
    text = draft_texts(draft)
    return any(p.search(text) for p in CLUTTER.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, help="write every draft as JSON to this file")
    args = parser.parse_args()
    if not PAGES.is_dir() or not CNNDM_CSV.is_file():
        sys.exit(f"the real-world data is not at {DATA}; nothing to measure")
    dump: dict[str, dict] = {}
    measure("real pages", real_pages(), dump)
    measure("cnn/dm", cnndm_articles(), dump)
    if args.dump:
        args.dump.write_text(json.dumps(dump, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
