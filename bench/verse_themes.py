"""Does the chosen verse fit the story? Theme accuracy on labelled stories.

Each story in bench/data/verse_stories.toml (fictional summaries written for praynews) and each
bundled sample article (labelled in SAMPLE_LABELS below) lists the verse-index themes an editor
would accept. A choice counts as a match when the chosen verse's theme is one of them.

Run: .venv/bin/python bench/verse_themes.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from importlib import resources
from pathlib import Path

from praynews.core.extract import extract_article
from praynews.core.scripture.choose import choose_verse
from praynews.core.scripture.index import default_index

STORIES = Path(__file__).parent / "data" / "verse_stories.toml"
# Acceptable themes for the bundled samples, chosen by reading each article.
SAMPLE_LABELS = {
    "auckland-rooming-house-fire": ["accidents", "grief", "rescue", "homelessness", "helpers"],
    "congo-butembo-offensive-civilians-flee": ["war", "civilians", "refugees", "peace", "fear"],
    "honduras-dry-corridor-drought-hunger": ["drought", "famine", "poverty", "children"],
    "kenya-supreme-court-nairobi-river-evictions": [
        "courts",
        "injustice",
        "homelessness",
        "poverty",
    ],
    "mosul-old-city-school-reopens": ["rebuilding", "education", "good-news", "hope", "children"],
    "myanmar-refugees-cross-into-mae-sot": ["refugees", "war", "civilians", "exile"],
    "pakistan-punjab-church-burned-okara": ["persecution", "violence", "injustice"],
    "papua-new-guinea-morobe-earthquake": ["earthquake", "disaster", "grief", "rescue", "helpers"],
    "paraguay-ciudad-del-este-recount": ["elections", "leaders", "unity", "protests"],
    "poland-silesia-miners-rescued": ["rescue", "good-news", "accidents", "workers"],
    "slovakia-zilina-factory-closures": ["workers", "economy", "cost-of-living", "fear"],
    "yemen-aden-lahj-cholera-outbreak": ["epidemic", "healing", "caregivers", "poverty"],
}


def labelled() -> list[tuple[str, str, list[str], list[str]]]:
    """(id, title, paragraphs, acceptable theme ids) for every labelled story."""
    items = []
    for story in tomllib.loads(STORIES.read_text())["story"]:
        items.append((story["id"], story["title"], [story["text"]], story["acceptable"]))
    pages = Path(str(resources.files("praynews").joinpath("samples", "pages")))
    for slug, themes in SAMPLE_LABELS.items():
        article = extract_article((pages / f"{slug}.html").read_bytes())
        items.append((slug, article.title, article.paragraphs, themes))
    return items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every story's choice")
    args = parser.parse_args()
    index = default_index()
    known = {t.id for t in index.themes}
    items = labelled()
    unknown = sorted({t for *_, ok in items for t in ok} - known)
    if unknown:
        print(f"labels name themes the index does not have: {unknown}")
    hits = top_theme_hits = 0
    start = time.perf_counter()
    for story_id, title, paragraphs, acceptable in items:
        choice = choose_verse(title, paragraphs, index)
        matched = choice.chosen.theme.id in acceptable
        hits += matched
        top_theme_hits += choice.themes[0].theme.id in acceptable
        if args.verbose or not matched:
            mark = "ok  " if matched else "MISS"
            print(
                f"{mark} {story_id}: verse {choice.chosen.verse.ref} from theme "
                f"{choice.chosen.theme.id}; themes {[t.theme.id for t in choice.themes]}; "
                f"acceptable {acceptable}"
            )
    ms = (time.perf_counter() - start) * 1000 / len(items)
    print(
        f"stories: {len(items)}; chosen verse's theme acceptable: {hits}/{len(items)} "
        f"({hits / len(items):.0%}); top theme acceptable: {top_theme_hits}/{len(items)}; "
        f"{ms:.1f} ms/story"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
