"""The writing quality gate: scores on the team's own labelled samples, pinned.

Like trafilatura's eval_gate: `tests/data/glance/*.json` hold articles with reference glance
bullets written by the team; `baseline.json` beside them pins the scores the writer reached.
tests/test_quality_gate.py fails when a score drops below its pin. When a change improves the
scores, raise the pins on purpose:

    .venv/bin/python tests/quality_gate.py --update
"""

from __future__ import annotations

import json
import statistics
import sys
from functools import cache
from pathlib import Path

from rouge_score import rouge_scorer

from praynews.core.compose import compose
from praynews.core.extract import extract_article
from praynews.core.types import ExtractedArticle
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.glance import write_glance

DATA = Path(__file__).parent / "data" / "glance"
BASELINE = DATA / "baseline.json"
PACKAGE = Path(__file__).parent.parent / "src" / "praynews"


def samples() -> list[tuple[ExtractedArticle, list[str]]]:
    """Each labelled article with its reference bullets."""
    found = []
    for path in sorted(DATA.glob("*.json")):
        if path == BASELINE:
            continue
        entry = json.loads(path.read_text())
        if "source" in entry:
            page = PACKAGE / entry["source"]
            article = extract_article(page.read_bytes(), url=page.as_uri())
        else:
            article = ExtractedArticle(title=entry["title"], text="\n".join(entry["paragraphs"]))
        found.append((article, entry["bullets"]))
    return found


@cache
def scores() -> dict[str, float]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    writer = ExtractiveWriter()
    rows: dict[str, list[float]] = {
        "rouge1": [],
        "rouge2": [],
        "rougeLsum": [],
        "bullets_on_target": [],
        "headline_on_target": [],
        "drafts_without_flags": [],
    }
    for article, reference in samples():
        bullets = write_glance(article.title, article.paragraphs)
        result = scorer.score("\n".join(reference), "\n".join(bullets))
        for metric in ("rouge1", "rouge2", "rougeLsum"):
            rows[metric].append(result[metric].fmeasure)
        rows["bullets_on_target"].append(
            sum(10 <= len(b.split()) <= 20 for b in bullets) / len(bullets)
        )
        draft = compose([article], writer)
        rows["headline_on_target"].append(float(4 <= len(draft.headline.split()) <= 10))
        rows["drafts_without_flags"].append(float(not draft.flags))
    return {metric: round(statistics.fmean(values), 4) for metric, values in rows.items()}


def main(argv: list[str]) -> int:
    current = scores()
    print(json.dumps(current, indent=2))
    if "--update" in argv:
        BASELINE.write_text(json.dumps(current, indent=2) + "\n")
        print(f"pinned in {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
