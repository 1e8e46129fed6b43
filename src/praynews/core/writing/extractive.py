"""The model-free writer: fast, deterministic, offline, every sentence taken from the source.

It composes the other writing modules into a story's `Prose`; `core.compose` adds the reflection.
Nothing here generates facts: sentences are selected and trimmed, and headings come from the
project's own templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from praynews.core.entities import find_countries, main_actor
from praynews.core.text import LEAD_PARAGRAPHS, first_sentence, word_count
from praynews.core.types import ExtractedArticle, Image, Prose
from praynews.core.writing.glance import choose_bullets
from praynews.core.writing.headline import write_headline
from praynews.core.writing.outline import MAX_STORY_WORDS, build_sections, fit_budget, split_opening
from praynews.core.writing.reporting import outlet_of, read_reports
from praynews.core.writing.salience import score_sentences

MAX_DEK_WORDS = 45


@dataclass(frozen=True)
class ExtractiveWriter:
    """Writes a story's prose from its reports, every sentence taken from them."""

    name: str = "extractive"

    def write_story(self, reports: Sequence[ExtractedArticle]) -> Prose:
        """The prose of one story from every outlet's report; the first report leads.

        Raises `WritingError` when the reports hold too little to write from.
        """
        reporting = read_reports(tuple(reports))
        article, paragraphs = reporting.lead, list(reporting.paragraphs)
        lead = " ".join(paragraphs[:LEAD_PARAGRAPHS])
        headline = write_headline(article.title, article.site_name, lead=lead)
        sentences = score_sentences(paragraphs, article.title)
        opening, rest = split_opening(paragraphs)
        salience = _paragraph_salience(sentences, len(paragraphs))
        budget = MAX_STORY_WORDS - sum(word_count(p) for p in opening)
        rest = fit_budget(rest, salience[len(opening) :], budget)
        text = reporting.text
        actor = main_actor(text, exclude=frozenset(reporting.named_places) | reporting.outlets)
        story_places = reporting.prayer_places
        return Prose(
            headline=headline,
            dek=_dek(opening[0], article.description),
            image=_image(article, headline),
            glance=tuple(choose_bullets(sentences)),
            opening=tuple(opening),
            sections=build_sections(
                rest,
                actor,
                _region(text),
                seed=headline,
                place=story_places[0] if story_places else None,
            ),
        )


def _paragraph_salience(sentences, paragraph_count: int) -> list[float]:
    totals = [0.0] * paragraph_count
    counts = [0] * paragraph_count
    for sentence in sentences:
        totals[sentence.paragraph] += sentence.score
        counts[sentence.paragraph] += 1
    return [t / c if c else 0.0 for t, c in zip(totals, counts, strict=True)]


def _dek(opening: str, description: str | None) -> str:
    lead = first_sentence(opening)
    if 8 <= word_count(lead) <= MAX_DEK_WORDS:
        return lead
    if description and word_count(description) <= MAX_DEK_WORDS:
        return description
    return lead


def _image(article: ExtractedArticle, headline: str) -> Image | None:
    if not article.image_url:
        return None
    outlet = outlet_of(article) or "the source"
    return Image(
        url=article.image_url, alt=f"Photo from {outlet}'s report: {headline}", credit=outlet
    )


def _region(text: str) -> str | None:
    """The main country's region, only when the story itself names it."""
    countries = find_countries(text)
    if countries and countries[0].region in text:
        return countries[0].region
    return None
