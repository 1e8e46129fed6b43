"""Stage: a story's reports and a writer -> a `Draft`, checked.

The writer writes the prose (headline, dek, glance, story); compose adds the reflection: the
verse from the core's chooser, its text looked up in a translation, and the reflection and
prayer from the phrasing data, or from a writer that offers its own. A writer never supplies a
verse's text. The draft's flags are the check stage's problems, so what a draft records is what
publishing will act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

from praynews.core.check import check
from praynews.core.entities import countries
from praynews.core.errors import NotNewsError
from praynews.core.event import casualties, named_victim
from praynews.core.gate import judge
from praynews.core.scripture.bible import DEFAULT_TRANSLATION
from praynews.core.scripture.choose import VerseChoice, choose_verse, frames
from praynews.core.scripture.index import VerseIndex, default_index
from praynews.core.scripture.reflection import Remembered, kind_phrasing, write_reflection
from praynews.core.text import LEAD_PARAGRAPHS
from praynews.core.types import (
    Draft,
    ExtractedArticle,
    Prose,
    Reflection,
    SourceRef,
    Verse,
    Written,
)
from praynews.core.writing.model.guard import prayer_wording, reflection_wording
from praynews.core.writing.reporting import Reporting, read_reports, source_ref, story_source_text

NOT_OFFERED = "is not among the candidates: the chooser's first is used"


class Writer(Protocol):
    """Writes a story's prose from its reports (the first leads); raises `WritingError` when
    they hold too little to write from."""

    name: str

    def write_story(self, reports: Sequence[ExtractedArticle]) -> Prose: ...


@runtime_checkable
class ReflectingWriter(Writer, Protocol):
    """A writer that also words the reflection and the prayer around the verse it is given."""

    def write_reflection(
        self, prose: Prose, verse: Verse, places: Sequence[str]
    ) -> tuple[str, str]: ...


@runtime_checkable
class ChoosingWriter(Writer, Protocol):
    """A writer that writes the whole draft in one go: the prose with its citations, its pick
    among the verse candidates, and the reflection's and prayer's wording around the verse."""

    def write_draft(self, reports: Sequence[ExtractedArticle], choice: VerseChoice) -> Written: ...


@dataclass(frozen=True)
class Recent:
    """What recent posts used, so that a daily reader does not meet them again."""

    verses: frozenset[str] = frozenset()
    openings: frozenset[str] = frozenset()


def compose(
    reports: Sequence[ExtractedArticle],
    writer: Writer,
    translation: str = DEFAULT_TRANSLATION,
    recent: Recent = Recent(),
    index: VerseIndex | None = None,
    copies: Sequence[SourceRef] = (),
) -> Draft:
    """The draft of one story: the writer's prose, the reflection, the sources (every report,
    then the copies of them other outlets published), and the flags the check raises on it.

    Raises `NotNewsError` when the news gate finds no report is news about people: a recipe or
    a match report never gets a reflection, whichever path asked for one."""
    reports = tuple(reports)
    refuse_unless_news(reports)
    choice = None
    if isinstance(writer, ChoosingWriter):
        choice = verse_candidates(reports, translation, recent, index)
        written = writer.write_draft(reports, choice)
    else:
        written = Written(writer.write_story(reports), writer.name)
    prose = written.prose
    reporting = read_reports(reports)
    picked = written.verse if written.verse in written.candidates else None
    refused = [] if picked or not written.verse else [f"verse: {written.verse!r} {NOT_OFFERED}"]
    reflection = reflect(reports, prose.headline, translation, recent, index, verse=picked)
    if isinstance(writer, ReflectingWriter):
        text, prayer = writer.write_reflection(prose, reflection.verse, reporting.prayer_places)
        reflection = replace(reflection, text=text, prayer=prayer)
    refused_wording: list[str] = []
    if choice:
        reflection, refused_wording = _models_wording(reflection, written, choice, reporting)
    source_text = story_source_text(reports)
    draft = Draft(
        headline=prose.headline,
        dek=prose.dek,
        image=prose.image,
        glance=prose.glance,
        opening=prose.opening,
        sections=prose.sections,
        reflection=reflection,
        sources=(*(source_ref(a) for a in reports), *copies),
        writer=written.writer,
        citations=written.citations,
    )
    if written.writing:
        rejected = tuple(refused + refused_wording)
        draft = replace(draft, writing=replace(written.writing, rejected=rejected))
    problems = check(draft, source_text)
    return replace(draft, flags=tuple(problem.flag for problem in problems))


def _models_wording(
    reflection: Reflection, written: Written, choice: VerseChoice, reporting: Reporting
) -> tuple[Reflection, list[str]]:
    """The reflection with the model's wording where the guards allow it, and what they
    refused (each refused part keeps the model-free wording)."""
    refused = []
    if written.reflection:
        text, why = reflection_wording(written.reflection, reflection.verse, written.candidates)
        if text:
            reflection = replace(reflection, text=text)
        else:
            refused.append(f"reflection: {why}")
    if written.prayer:
        has_sides = any(
            frames()[n].has_sides for n in choice.event.candidates or (choice.event.kind,)
        )
        places = (*reporting.prayer_places, *reporting.lead_countries)
        prayer, why = prayer_wording(written.prayer, written.candidates, has_sides, places)
        if prayer:
            reflection = replace(reflection, prayer=prayer)
        else:
            refused.append(f"prayer: {why}")
    return reflection, refused


def verse_candidates(
    reports: Sequence[ExtractedArticle],
    translation: str = DEFAULT_TRANSLATION,
    recent: Recent = Recent(),
    index: VerseIndex | None = None,
) -> VerseChoice:
    """The verses that fit the story's event, ranked, with the reasons for each: the chooser's
    first is the draft's verse, and an editor may pick another of them."""
    reporting = read_reports(tuple(reports))
    return choose_verse(
        reporting.lead.title,
        list(reporting.paragraphs),
        index or default_index(),
        recent.verses,
        translation,
    )


def reflect(
    reports: Sequence[ExtractedArticle],
    headline: str,
    translation: str = DEFAULT_TRANSLATION,
    recent: Recent = Recent(),
    index: VerseIndex | None = None,
    verse: str | None = None,
) -> Reflection:
    """The reflection on a story's event: its class and stage choose the verse's theme and the
    wording; the prayer names the story's places, deciders, and the people it counts as lost.
    Where the event may have sides (a war, a protest), it names no body the story names: those
    are one side's, and the wording's own leaders are everyone's. `verse` is an editor's pick
    among the candidates (its index reference); its text is looked up like the chooser's."""
    reporting = read_reports(tuple(reports))
    paragraphs = list(reporting.paragraphs)
    choice = verse_candidates(reports, translation, recent, index)
    if verse:
        choice = choice.choosing(verse)
    event = choice.event
    kinds = [frames()[name] for name in event.candidates or (event.kind,)]
    remembered = Remembered()
    if any(frame.remembers_losses for frame in kinds):
        # The lead tells this event's toll; a toll further down is often another event's
        # ("two crashes that killed 346") told as background.
        lead = " ".join(paragraphs[:LEAD_PARAGRAPHS])
        dead, injured = casualties(lead)
        victim = named_victim(lead)
        remembered = Remembered(dead, injured, victim)
    places = reporting.prayer_places
    towns = set(places) - {c.name for c in countries()}
    if any(frame.names_countries for frame in kinds) and reporting.lead_countries and not towns:
        places = reporting.lead_countries  # a town where it happened still comes first
    return write_reflection(
        headline,
        list(places),
        choice,
        translation,
        recent.openings,
        deciders=() if any(frame.has_sides for frame in kinds) else reporting.deciders,
        remembered=remembered,
        actor=reporting.body if kind_phrasing(choice.kind).affected_actor else None,
    )


def refuse_unless_news(reports: Sequence[ExtractedArticle]) -> None:
    """A story is news when one of its reports is; otherwise the lead report's reason says why
    no post is written about it."""
    verdicts = [judge(report) for report in reports]
    if verdicts and not any(verdict.is_news for verdict in verdicts):
        raise NotNewsError(what=repr(reports[0].title[:80]), why=verdicts[0].reason)
