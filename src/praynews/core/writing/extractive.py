"""The model-free writer: fast, deterministic, offline, every sentence taken from the source.

It composes the other writing modules and the scripture package into one `Draft`. Nothing here
generates facts: sentences are selected and trimmed, headings and the reflection come from the
project's own templates, and the verse text is looked up by reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from praynews.core.entities import find_countries, main_actor, places
from praynews.core.errors import WritingError
from praynews.core.phrasing import decision_makers
from praynews.core.scripture.bible import DEFAULT_TRANSLATION
from praynews.core.scripture.choose import choose_verse
from praynews.core.scripture.index import VerseIndex, default_index
from praynews.core.scripture.reflection import write_reflection
from praynews.core.text import (
    LEAD_PARAGRAPHS,
    content_words,
    first_sentence,
    split_sentences,
    word_count,
)
from praynews.core.types import Draft, ExtractedArticle, Image, SourceRef
from praynews.core.writing.clean import clean_paragraphs
from praynews.core.writing.fidelity import check_draft
from praynews.core.writing.glance import choose_bullets
from praynews.core.writing.headline import write_headline
from praynews.core.writing.outline import MAX_STORY_WORDS, build_sections, fit_budget, split_opening
from praynews.core.writing.salience import score_sentences

MIN_PARAGRAPHS = 3  # an opening and two sections need at least this much reporting
MAX_DEK_WORDS = 45
MAX_PRAYER_PLACES = 3


@dataclass(frozen=True)
class ExtractiveWriter:
    """Writes a draft from one article. `recent_*` hold what recent posts used, for variety."""

    index: VerseIndex = field(default_factory=default_index)
    translation: str = DEFAULT_TRANSLATION
    recent_refs: frozenset[str] = frozenset()
    recent_openings: frozenset[str] = frozenset()
    name: str = "extractive"

    def write(self, article: ExtractedArticle) -> Draft:
        return self.write_story([article])

    def write_story(self, articles: list[ExtractedArticle]) -> Draft:
        """One draft from every outlet's report of an event; the first article leads.

        Later reports add only the paragraphs that say something the draft does not yet say,
        each credited to its outlet, and every report is listed in the sources.
        """
        if not articles:
            raise WritingError("a story needs at least one article")
        article = articles[0]
        paragraphs = _enough_paragraphs(_combined_paragraphs(articles))
        headline = write_headline(article.title, article.site_name)
        text = "\n".join(paragraphs)
        sentences = score_sentences(paragraphs, article.title)
        opening, rest = split_opening(paragraphs)
        salience = _paragraph_salience(sentences, len(paragraphs))
        budget = MAX_STORY_WORDS - sum(word_count(p) for p in opening)
        rest = fit_budget(rest, salience[len(opening) :], budget)
        named_places = places(text)
        story_places = _prayer_places(
            text, named_places, lead=" ".join(paragraphs[:LEAD_PARAGRAPHS])
        )
        outlets = {o for o in (_outlet(a) for a in articles) if o}
        actor = main_actor(text, exclude=frozenset(named_places) | outlets)
        choice = choose_verse(
            article.title, paragraphs, self.index, self.recent_refs, self.translation
        )
        draft = Draft(
            headline=headline,
            dek=_dek(opening[0], article.description),
            image=_image(article, headline),
            glance=tuple(choose_bullets(sentences)),
            opening=tuple(opening),
            sections=build_sections(
                rest, actor, _region(text), seed=headline, place=_main_place(story_places)
            ),
            reflection=write_reflection(
                headline,
                story_places,
                choice,
                self.translation,
                self.recent_openings,
                deciders=tuple(decision_makers(text)),
            ),
            sources=tuple(_source(a) for a in articles),
            writer=self.name,
        )
        return replace(draft, flags=tuple(check_draft(draft, story_source_text(articles))))


def story_source_text(articles: list[ExtractedArticle]) -> str:
    """Everything a story's draft may state: the reports and the outlets it credits. Writing
    and publishing trace facts against this same text."""
    outlets = filter(None, (_outlet(a) for a in articles))
    return "\n".join([*(a.source_text for a in articles), *outlets])


# A paragraph from a second outlet joins the draft only when at most this share of its content
# words is already there: below it, it adds facts; above it, it repeats the lead report.
MAX_REPEATED_SHARE = 0.5


def _combined_paragraphs(articles: list[ExtractedArticle]) -> list[str]:
    lead = articles[0]
    combined = clean_paragraphs(lead.paragraphs, lead.title)
    seen = [content_words(p) for p in combined]
    for other in articles[1:]:
        credit = _outlet(other)
        for paragraph in clean_paragraphs(other.paragraphs, other.title):
            words_ = content_words(paragraph)
            if not words_ or any(len(words_ & s) > MAX_REPEATED_SHARE * len(words_) for s in seen):
                continue
            seen.append(words_)
            same_outlet = credit == _outlet(lead)
            combined.append(paragraph if same_outlet or not credit else f"{paragraph} ({credit})")
    return combined


def _enough_paragraphs(paragraphs: list[str]) -> list[str]:
    """Short reports come as one or two long paragraphs; split them into sentences to outline."""
    if len(paragraphs) >= MIN_PARAGRAPHS:
        return paragraphs
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    if len(sentences) < MIN_PARAGRAPHS:
        raise WritingError(
            f"the article has {len(sentences)} sentences of reporting after cleaning; "
            f"a post needs at least {MIN_PARAGRAPHS}"
        )
    return sentences


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


def _outlet(article: ExtractedArticle) -> str | None:
    if article.site_name:
        return article.site_name
    if article.url and urlsplit(article.url).hostname:
        return urlsplit(article.url).hostname.removeprefix("www.")
    return None


def _image(article: ExtractedArticle, headline: str) -> Image | None:
    if not article.image_url:
        return None
    outlet = _outlet(article) or "the source"
    return Image(
        url=article.image_url, alt=f"Photo from {outlet}'s report: {headline}", credit=outlet
    )


def _source(article: ExtractedArticle) -> SourceRef:
    return SourceRef(
        title=article.title,
        url=article.url,
        outlet=_outlet(article),
        published=article.published.isoformat() if article.published else None,
    )


def _prayer_places(text: str, found: list[str], lead: str) -> list[str]:
    """Of the places the story names (`found`), the towns the lead names and the story repeats,
    then the main country: who the prayer names. Towns named only further down are often where
    an official spoke, not the event."""
    country_names = {c.name for c in find_countries(text)}
    towns = [p for p in found if p not in country_names and text.count(p) >= 2 and p in lead]
    countries = [p for p in found if p in country_names]
    return (towns[:2] + countries[:1])[:MAX_PRAYER_PLACES] or countries[:2]


def _main_place(story_places: list[str]) -> str | None:
    return story_places[0] if story_places else None


def _region(text: str) -> str | None:
    """The main country's region, only when the story itself names it."""
    countries = find_countries(text)
    if countries and countries[0].region in text:
        return countries[0].region
    return None
