"""How the prayers read over many stories: how often each line recurs, which phrasings editors
banned still appear, and which event classes the stories read as.

Runs compose with the model-free writer on the bundled samples and on the real pages in
../shared/data/extraction/ (skipped with a note when absent), and prints the commonest prayer
lines with their share of prayers, since one line on every other prayer reads as a form letter.

Run: .venv/bin/python bench/prayer_lines.py
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

from praynews.core.compose import compose
from praynews.core.entities import countries
from praynews.core.errors import NotNewsError, PrayNewsError
from praynews.core.event import classify_event
from praynews.core.extract import extract_article
from praynews.core.writing.extractive import ExtractiveWriter

PAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction" / "html"
SAMPLES = Path(str(resources.files("praynews").joinpath("samples", "pages")))
BANNED = ("who will benefit", "wait for a fair", "not forgotten", "lost homes", "Supreme Court")
SHOWN_LINES = 8


def pages() -> list[bytes]:
    found = [p.read_bytes() for p in sorted(SAMPLES.glob("*.html"))]
    if PAGES.is_dir():
        found += [gzip.decompress(p.read_bytes()) for p in sorted(PAGES.glob("*.html.gz"))]
    else:
        print(f"note: {PAGES} is absent; samples only", file=sys.stderr)
    return found


def lines_of(prayer: str) -> set[str]:
    """The prayer's sentences after its opening, leaving out the bare "Amen." every one ends."""
    return {s for s in re.split(r"(?<=[.!])\s+", prayer)[1:] if len(s.split()) > 2}


def main() -> int:
    writer = ExtractiveWriter()
    demonyms = sorted({d for c in countries() for d in c.demonyms}, key=len, reverse=True)
    prayers, skipped, held, classes = [], 0, 0, Counter()
    court_unnamed = 0
    for page in pages():
        article = extract_article(page)
        try:
            draft = compose([article], writer)
        except NotNewsError:
            held += 1
            continue
        except PrayNewsError:
            skipped += 1
            continue
        prayers.append(draft.reflection.prayer)
        classes[classify_event(article.title, article.paragraphs).kind] += 1
        court_unnamed += "Supreme Court" in draft.reflection.prayer and "Supreme Court" not in (
            article.text
        )
    lines = Counter(line for prayer in prayers for line in lines_of(prayer))
    print(
        f"prayers: {len(prayers)} ({held} pages held by the news gate, "
        f"{skipped} with too little text to write from)"
    )
    for line, count in lines.most_common(SHOWN_LINES):
        print(f"  {count:3d} ({count / len(prayers):4.0%})  {line[:90]}")
    for phrase in BANNED:
        print(f"  '{phrase}': {sum(phrase in p for p in prayers)} prayers")
    nationality = sum(any(re.search(rf"\b{d}\b", p) for d in demonyms) for p in prayers)
    print(f"  prayers with a nationality word: {nationality}")
    print(f"  prayers naming a Supreme Court the story does not: {court_unnamed}")
    print("event classes: " + ", ".join(f"{k} {n}" for k, n in classes.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
