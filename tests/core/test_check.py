"""The check traces every part a reader sees, not only the brief: the headings, the reflection
and the prayer may state no number, name or scripture the sources and the verse do not bear."""

from dataclasses import replace
from functools import cache

import pytest

from praynews.core.check import check
from praynews.core.compose import compose
from praynews.core.extract import extract_article
from praynews.core.types import ProblemKind
from praynews.core.writing.extractive import ExtractiveWriter
from tests.conftest import SAMPLES

SAMPLE_NAMES = [p.stem for p in sorted((SAMPLES / "pages").glob("*.html"))]


@cache
def written(name: str = "papua-new-guinea-morobe-earthquake"):
    page = SAMPLES / "pages" / f"{name}.html"
    report = extract_article(page.read_bytes(), url=page.as_uri())
    return compose([report], ExtractiveWriter()), report.source_text


def problems_in(draft, source, where):
    return {(p.kind, p.text) for p in check(draft, source) if p.where == where}


def with_prayer(prayer: str):
    draft, source = written()
    return replace(draft, reflection=replace(draft.reflection, prayer=prayer)), source


def test_a_number_and_a_misquoted_verse_in_the_prayer_are_caught():
    draft, source = with_prayer(
        "Lord, at least 987654 people died; "
        "as John 11:35 says, \u201cJesus wept loudly.\u201d Amen."
    )
    found = problems_in(draft, source, "reflection.prayer")
    assert (ProblemKind.UNTRACED_NUMBER, "987654") in found
    assert ProblemKind.MISQUOTED_SCRIPTURE in {kind for kind, _ in found}


def test_a_place_the_sources_never_name_is_caught_in_the_prayer():
    draft, source = with_prayer("Lord, we bring before you the people of Valdoria. Amen.")
    assert (ProblemKind.UNTRACED_NAME, "Valdoria") in problems_in(
        draft, source, "reflection.prayer"
    )


def test_a_name_and_a_number_in_the_reflection_are_caught_beside_its_verse():
    draft, source = written()
    text = f"{draft.reflection.text} Bishop Orrin Thale counted 4,417 graves."
    draft = replace(draft, reflection=replace(draft.reflection, text=text))
    found = problems_in(draft, source, "reflection.text")
    assert (ProblemKind.UNTRACED_NUMBER, "4,417") in found
    assert (ProblemKind.UNTRACED_NAME, "Bishop Orrin Thale") in found


def test_a_heading_with_a_number_or_a_name_the_sources_never_state_is_caught():
    draft, source = written()
    section = replace(draft.sections[0], heading="At Least 987654 Dead, Says Jesus")
    draft = replace(draft, sections=(section, *draft.sections[1:]))
    found = problems_in(draft, source, "sections[0].heading")
    assert (ProblemKind.UNTRACED_NUMBER, "987654") in found
    assert ProblemKind.UNTRACED_NAME in {kind for kind, _ in found}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_model_free_writers_headings_reflection_and_prayer_pass(name):
    draft, source = written(name)
    told = [
        p
        for p in check(draft, source)
        if p.where.startswith("reflection") or p.where.endswith(".heading")
    ]
    assert told == []


def test_the_words_of_prayer_are_not_names_to_trace():
    draft, source = with_prayer(
        "In the name of the Father, the Son and the Holy Spirit, hear us, O God, this Advent. "
        "Kyrie eleison. Maranatha. Amen."
    )
    assert problems_in(draft, source, "reflection.prayer") == set()


def test_a_number_shaped_like_a_reference_is_still_traced():
    draft, source = with_prayer("Lord, in Gaza 250.000 wait and in Kyiv 9:30 NATO gathered. Amen.")
    found = {text for _, text in problems_in(draft, source, "reflection.prayer")}
    assert {"250.000", "NATO"} <= found


def test_facts_in_a_quotation_beside_the_verse_are_checked():
    draft, source = with_prayer(
        "As \u201cKowalski buried 900 of his men\u201d and \u201cJesus wept.\u201d (John 11:35), "
        "comfort them. Amen."
    )
    assert ProblemKind.MISQUOTED_SCRIPTURE in {
        k for k, _ in problems_in(draft, source, "reflection.prayer")
    }
