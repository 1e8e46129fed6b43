"""The compose and check stages: a writer's prose becomes a draft with its reflection, and the
check finds every problem publishing acts on."""

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pytest

from praynews.core.check import check
from praynews.core.compose import ReflectingWriter, compose
from praynews.core.extract import extract_article
from praynews.core.scripture.bible import lookup
from praynews.core.types import ExtractedArticle, ProblemKind, Prose, Verse
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.reporting import story_source_text


@pytest.fixture
def report(sample_pages) -> ExtractedArticle:
    page = sample_pages[0]
    return extract_article(page.read_bytes(), url=page.as_uri())


@dataclass(frozen=True)
class WriterWithItsOwnReflection:
    """A writer that words the reflection itself, as a model-backed writer would."""

    quote: str
    name: str = "test-reflecting"

    def write_story(self, reports: Sequence[ExtractedArticle]) -> Prose:
        return ExtractiveWriter().write_story(reports)

    def write_reflection(
        self, prose: Prose, verse: Verse, places: Sequence[str]
    ) -> tuple[str, str]:
        cited = f"{verse.reference}, {verse.translation}"
        text = f"We read: \u201c{self.quote or verse.text}\u201d ({cited})."
        return text, f"Lord, we pray for everyone in {places[0] if places else 'this story'}."


def test_the_drafts_flags_are_the_checks_problems(report):
    draft = compose([report], ExtractiveWriter())
    problems = check(draft, story_source_text([report]))
    assert [p.flag for p in problems] == list(draft.flags)


def test_a_writer_may_word_the_reflection_but_never_supplies_the_verse(report):
    writer = WriterWithItsOwnReflection(quote="")
    assert isinstance(writer, ReflectingWriter)
    draft = compose([report], writer)
    verse = draft.reflection.verse
    assert draft.reflection.text.startswith("We read:")
    assert verse.text == lookup(verse.reference, verse.translation).text
    assert draft.flags == () and draft.writer == "test-reflecting"


def test_a_writers_misquotation_blocks_the_draft(report):
    draft = compose([report], WriterWithItsOwnReflection(quote="The Lord helps those who help"))
    problems = check(draft, story_source_text([report]))
    # The words are not the verse's (blocking), nor any source's (traced like any quotation).
    assert {(p.kind, p.where, p.blocking) for p in problems} == {
        (ProblemKind.UNTRACED_QUOTE, "reflection.text", False),
        (ProblemKind.MISQUOTED_SCRIPTURE, "reflection.text", True),
    }


def test_an_invented_number_is_a_problem_an_editor_may_judge(report):
    draft = compose([report], ExtractiveWriter())
    edited = replace(draft, glance=("At least 987654 people were hurt, officials said.",))
    [problem] = check(edited, story_source_text([report]))
    assert (problem.kind, problem.where, problem.text) == (
        ProblemKind.UNTRACED_NUMBER,
        "glance[0]",
        "987654",
    )
    assert not problem.blocking


@pytest.mark.parametrize(
    ("verse", "kind"),
    [
        (
            Verse("Psalm 46:1", "WEB", "God is our shelter and strength."),
            ProblemKind.MISQUOTED_SCRIPTURE,
        ),
        (Verse("Psalm 151:1", "WEB", "God is our refuge."), ProblemKind.UNKNOWN_SCRIPTURE),
        (
            Verse("Psalm 46:1", "NIV", "God is our refuge and strength."),
            ProblemKind.UNKNOWN_SCRIPTURE,
        ),
    ],
)
def test_the_reflections_verse_must_be_its_references_text(report, verse, kind):
    draft = compose([report], ExtractiveWriter())
    edited = replace(draft, reflection=replace(draft.reflection, verse=verse))
    problems = check(edited, story_source_text([report]))
    assert any(p.kind == kind and p.where == "reflection.verse" and p.blocking for p in problems)
