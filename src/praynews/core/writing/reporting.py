"""A story's reporting as every stage reads it: the reports cleaned and combined once, with the
places, deciders and sources found in them.

The writer outlines from it and `compose` chooses the verse and names the prayer's places from
it, so both read the same cleaned text, and it is worked out once per story however many stages
ask (the result is cached by the reports, which are frozen).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

from praynews.core.entities import (
    find_countries,
    leading_body,
    located_countries,
    named_countries,
    only_spoken_from,
    places,
)
from praynews.core.errors import WritingError
from praynews.core.phrasing import decision_makers
from praynews.core.text import LEAD_PARAGRAPHS, content_words, split_sentences
from praynews.core.types import ExtractedArticle, SourceRef
from praynews.core.writing.clean import clean_paragraphs, dateline_place

MIN_PARAGRAPHS = 3  # an opening and two sections need at least this much reporting
MAX_PRAYER_PLACES = 3
# A paragraph from a second outlet joins the draft only when at most this share of its content
# words is already there: below it, it adds facts; above it, it repeats the lead report.
MAX_REPEATED_SHARE = 0.5
# Stories whose reporting is kept at hand: a run writes one story at a time, and each is asked
# for by the writer and by compose in turn.
CACHED_STORIES = 8


@dataclass(frozen=True)
class Reporting:
    """The cleaned paragraphs of a story's reports, the lead report's first."""

    reports: tuple[ExtractedArticle, ...]
    paragraphs: tuple[str, ...]

    @property
    def lead(self) -> ExtractedArticle:
        return self.reports[0]

    @cached_property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @cached_property
    def named_places(self) -> tuple[str, ...]:
        return tuple(places(self.text))

    @cached_property
    def prayer_places(self) -> tuple[str, ...]:
        """Of the places the story names, the towns the lead names and the story repeats, then
        the main country the lead names and the story puts something in: who the prayer names.
        A town the lead names once counts when the dateline names it too (cleaning removed the
        dateline). Places named only further down, or only as where an official spoke ("the
        government in Kyiv"), are not where the event was; nor is a country named only by a
        nationality word or as where people came from. With no town and no such country, the
        country the lead names."""
        text, found = self.text, self.named_places
        dateline = dateline_place(self.lead.paragraphs)
        lead = " ".join(self.paragraphs[:LEAD_PARAGRAPHS])
        country_names = {c.name for c in find_countries(text)}
        towns = [
            p
            for p in found
            if p not in country_names
            and (text.count(p) >= 2 or p == dateline)
            and p in lead
            and not only_spoken_from(p, text)
        ]
        named = [c.name for c in named_countries(lead)]
        located = [c.name for c in located_countries(text, among=named)]
        return tuple((towns[:2] + located[:1])[:MAX_PRAYER_PLACES] or located[:2] or named[:1])

    @cached_property
    def lead_countries(self) -> tuple[str, ...]:
        """The countries the lead names, most named first (at most the prayer's number)."""
        lead = " ".join(self.paragraphs[:LEAD_PARAGRAPHS])
        return tuple(c.name for c in named_countries(lead))[:MAX_PRAYER_PLACES]

    @cached_property
    def deciders(self) -> tuple[str, ...]:
        """The bodies the lead names as deciding what happens next, of no country the lead
        does not name: a body met further down ("the Ghanaian government" as a buyer of jets)
        or a name that only holds one ("the Swiss Army knife") is not this story's decider."""
        lead = " ".join(self.paragraphs[:LEAD_PARAGRAPHS])
        lead_countries = {c.name for c in find_countries(lead)}
        return tuple(
            body
            for body in decision_makers(lead)
            if all(c.name in lead_countries for c in find_countries(body))
        )

    @cached_property
    def body(self) -> str | None:
        """The company or institution the story is about, when its headline or lead names one
        the story keeps returning to (an outlet is the teller, not the subject)."""
        lead = " ".join(self.paragraphs[:LEAD_PARAGRAPHS])
        known = {*self.named_places, *self.outlets}
        return leading_body(self.lead.title, lead, self.text, known)

    @property
    def outlets(self) -> frozenset[str]:
        return frozenset(o for o in (outlet_of(a) for a in self.reports) if o)


@lru_cache(maxsize=CACHED_STORIES)
def read_reports(reports: tuple[ExtractedArticle, ...]) -> Reporting:
    """One story's reporting; later reports add only the paragraphs that say something the
    story does not yet say, each credited to its outlet. Raises `WritingError` when there is
    too little reporting to write from."""
    if not reports:
        raise WritingError("a story needs at least one article")
    return Reporting(reports, tuple(_enough_paragraphs(_combined_paragraphs(reports))))


def story_source_text(reports: tuple[ExtractedArticle, ...] | list[ExtractedArticle]) -> str:
    """Everything a story's draft may state: the reports and the outlets it credits. Writing
    and publishing trace facts against this same text."""
    outlets = filter(None, (outlet_of(a) for a in reports))
    return "\n".join([*(a.source_text for a in reports), *outlets])


def outlet_of(article: ExtractedArticle) -> str | None:
    if article.site_name:
        return article.site_name
    if article.url and urlsplit(article.url).hostname:
        return urlsplit(article.url).hostname.removeprefix("www.")
    return None


def source_ref(article: ExtractedArticle) -> SourceRef:
    return SourceRef(
        title=article.title,
        url=article.url,
        outlet=outlet_of(article),
        published=article.published.isoformat() if article.published else None,
    )


def _combined_paragraphs(reports: tuple[ExtractedArticle, ...]) -> list[str]:
    lead = reports[0]
    combined = clean_paragraphs(lead.paragraphs, lead.title)
    if len(reports) == 1:
        return combined  # most stories: one report, nothing to compare with
    seen = [content_words(p) for p in combined]
    for other in reports[1:]:
        credit = outlet_of(other)
        for paragraph in clean_paragraphs(other.paragraphs, other.title):
            words_ = content_words(paragraph)
            if not words_ or any(len(words_ & s) > MAX_REPEATED_SHARE * len(words_) for s in seen):
                continue
            seen.append(words_)
            same_outlet = credit == outlet_of(lead)
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
