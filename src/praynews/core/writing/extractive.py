"""The model-free writer: fast, deterministic, offline, every sentence taken from the source.

It composes the other writing modules into a story's `Prose`; `core.compose` adds the reflection.
Nothing here generates facts: sentences are selected and trimmed, and headings come from the
project's own templates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from praynews.core.entities import (
    find_countries,
    main_actor,
    people_by_surname,
    with_introductions,
)
from praynews.core.errors import WritingError
from praynews.core.gate import opinion_signs
from praynews.core.text import (
    LEAD_PARAGRAPHS,
    fact_words,
    first_sentence,
    same_fact,
    split_sentences,
    word_count,
)
from praynews.core.types import ExtractedArticle, Image, Prose
from praynews.core.writing.condense import condense, leans_on_previous, mid_thought_reason
from praynews.core.writing.glance import choose_bullets, without_retold
from praynews.core.writing.headline import write_headline
from praynews.core.writing.lexicon import limits
from praynews.core.writing.outline import build_sections, split_opening
from praynews.core.writing.reporting import (
    MIN_PARAGRAPHS,
    outlet_of,
    read_reports,
    story_source_text,
)
from praynews.core.writing.salience import ScoredSentence, score_sentences
from praynews.core.writing.voice import attributed, in_writers_voice

MAX_DEK_WORDS = 45
# The least brief an opinion piece's reporting must give: the brief's own floor (FORMAT's "at
# least about 150 words"), held firm here since the writer's view cannot fill the rest.
MIN_OPINION_REPORTED_WORDS = limits()["story_min_words"]


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
        opinion = _is_opinion(reports)
        sentences = _reported(score_sentences(paragraphs, article.title), opinion)
        if opinion and sentences:
            # A column's title and first sentence are its argument: the post's headline and
            # dek come from what it reports instead.
            paragraphs[0] = sentences[0].text
        lead = " ".join(paragraphs[:LEAD_PARAGRAPHS])
        title = "" if opinion else article.title
        headline = write_headline(title, article.site_name, lead=lead)
        people = people_by_surname(reporting.text)
        glance = choose_bullets(sentences, people=people)
        text = reporting.text
        actor = _lead_actor(
            main_actor(text, exclude=frozenset(reporting.named_places) | reporting.outlets),
            f"{article.title} {lead}",
        )
        brief = _introducing(
            condense(sentences, paragraphs, reporting.outlets, actor, glance, people), people
        )
        if opinion:
            _refuse_thin_opinion(brief)
        opening, rest = split_opening(_enough_paragraphs(brief))
        story_places = reporting.prayer_places
        dek = _dek(paragraphs[0], article.description, glance[0] if glance else "")
        return Prose(
            headline=headline,
            dek=dek,
            image=_image(article, headline),
            glance=tuple(without_retold(glance, dek)),
            opening=tuple(opening),
            sections=build_sections(
                rest,
                actor,
                _region(text),
                seed=headline,
                place=story_places[0] if story_places else None,
            ),
        )


def _reported(sentences: list[ScoredSentence], opinion: bool = False) -> list[ScoredSentence]:
    """The sentences a post may tell: not those in the writer's own voice (see `voice`), nor
    the ones that go on from them ("I was on the quay. Then the wall gave way."). From an
    opinion piece, only what it reports others saying: every other sentence is the
    columnist's view, however plainly put ("Hong Kong is burning.")."""
    kept, before, paragraph, dropped = [], "", -1, False
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            before, paragraph, dropped = "", sentence.paragraph, False
        continues = dropped and leans_on_previous(sentence.text, before)
        if opinion:
            dropped = continues or not attributed(sentence.text, before)
        else:
            dropped = continues or in_writers_voice(sentence.text, before)
        if not dropped:
            kept.append(sentence)
        before = f"{before} {sentence.text}"
    return kept


def _is_opinion(reports: Sequence[ExtractedArticle]) -> bool:
    """Asked as the check asks it (`core.check`), so that a draft is written from what an
    opinion piece reports exactly when the check will flag it as one."""
    filed = any(opinion_signs(r.url, r.title, "") for r in reports)
    return filed or bool(opinion_signs(None, "", story_source_text(reports)))


def _lead_actor(actor: str | None, top: str) -> str | None:
    """The story's main actor is the person or body its headline or lead is about: a name
    that only recurs further down ("Blue Origin" in a story about NASA's choice) gets no "The
    Role of" section."""
    if actor is None:
        return None
    return actor if actor in top or actor.split()[-1] in top else None


def _introducing(brief: list[str], people: dict[str, str]) -> list[str]:
    """The brief with each person's first bare mention given their full name ("Paganini
    added" -> "Lucas Paganini added"): the story must stand on its own, whoever the glance
    has named."""
    told: list[str] = []
    for paragraph in brief:
        told.append(with_introductions(paragraph, people, " ".join(told)))
    return told


def _refuse_thin_opinion(brief: list[str]) -> None:
    """An opinion piece whose brief of what it reports others saying or doing is too thin
    gives no post: the rest of it is the writer's view, which a post never speaks as its own."""
    reported = sum(word_count(p) for p in brief)
    if reported < MIN_OPINION_REPORTED_WORDS:
        raise WritingError(
            f"an opinion piece: its brief of what it reports others saying or doing has only "
            f"{reported} words (a post needs {MIN_OPINION_REPORTED_WORDS}); the rest is the "
            "writer's view"
        )


def _enough_paragraphs(brief: list[str]) -> list[str]:
    """A brief of one or two paragraphs is cut into its sentences, so it still gets an opening
    and two sections; a sentence that leans on the one before (a pronoun, a connective, the
    rest of a quotation) stays with it, so no section opens on it."""
    if len(brief) >= MIN_PARAGRAPHS:
        return brief
    pieces: list[str] = []
    for sentence in (s for p in brief for s in split_sentences(p)):
        if pieces and leans_on_previous(sentence, pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {sentence}"
        else:
            pieces.append(sentence)
    return pieces


def _dek(opening: str, description: str | None, first_bullet: str = "") -> str:
    """The lead's first sentence, or the outlet's own description when the lead is too short
    or too long, or when the first bullet already tells its fact: a reader should not meet
    the same sentence twice before the story starts. A description is used only when it
    stands alone (`_leans_on_its_page`); a repeat is the lesser fault."""
    lead = first_sentence(opening)
    usable = (
        bool(description)
        and word_count(description or "") <= MAX_DEK_WORDS
        and not _leans_on_its_page(description or "")
    )
    retold = bool(first_bullet) and same_fact(fact_words(lead), fact_words(first_bullet))
    if 8 <= word_count(lead) <= MAX_DEK_WORDS and not (retold and usable):
        return lead
    if description and usable and not same_fact(fact_words(description), fact_words(first_bullet)):
        return description
    return lead


# What points back at something the outlet's page said before its description: "these
# accusations", "those claims", "The order is crucial …" (the headline's order).
_POINTS_BACK = re.compile(
    r"\b(?:these|those)\s+\w+|^The\s(?:order|deal|move|decision|plan|agreement|ruling)\b"
)


def _leans_on_its_page(description: str) -> bool:
    """An outlet's description that leans on its headline or is someone's quotation cannot be
    the post's dek, which must stand alone under the post's own headline."""
    return bool(
        mid_thought_reason(description)
        or _POINTS_BACK.search(description)
        or description.lstrip().startswith(('"', "“", "'", "‘"))
    )


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
