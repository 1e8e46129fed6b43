"""What the desk is built on: parts of a draft named and replaced, each part traced to the
source sentences it came from, two versions compared word by word, and a verse picked among
the chooser's candidates with its text looked up."""

from functools import cache

import pytest

from praynews.core.compare import PieceKind, compare
from praynews.core.compose import compose, reflect, verse_candidates
from praynews.core.errors import ScriptureError
from praynews.core.extract import extract_article
from praynews.core.parts import MAX_PART_CHARACTERS, PartError, part_text, parts, with_part
from praynews.core.provenance import source_sentences
from praynews.core.scripture.bible import lookup
from praynews.core.writing.extractive import ExtractiveWriter
from tests.conftest import SAMPLES


@cache
def report(name: str = "papua-new-guinea-morobe-earthquake"):
    page = SAMPLES / "pages" / f"{name}.html"
    return extract_article(page.read_bytes(), url=page.as_uri())


@cache
def draft(name: str = "papua-new-guinea-morobe-earthquake"):
    return compose([report(name)], ExtractiveWriter())


def test_every_part_can_be_read_and_replaced_by_its_path():
    original = draft()
    for part in parts(original):
        edited = with_part(original, part.where, f"Edited {part.where}.")
        assert part_text(edited, part.where) == f"Edited {part.where}."
        others = [(p.where, p.text) for p in parts(edited) if p.where != part.where]
        assert others == [(p.where, p.text) for p in parts(original) if p.where != part.where]


def test_the_parts_are_labelled_for_an_editor():
    labels = [p.label for p in parts(draft())]
    assert labels[:3] == ["Headline", "Dek", "Bullet 1"]
    assert labels[-2:] == ["Reflection", "Prayer"]


@pytest.mark.parametrize(
    "where, text, why",
    [
        ("glance[99]", "A bullet.", "no such part"),
        ("reflection.verse.text", "Jesus wept.", "no such part"),
        ("__class__", "x", "no such part"),
        ("dek", "   \x00 ", "cannot be empty"),
        ("dek", "word " * MAX_PART_CHARACTERS, "at most"),
    ],
)
def test_an_edit_that_is_no_part_or_no_text_is_refused(where, text, why):
    with pytest.raises(PartError, match=why):
        with_part(draft(), where, text)


def test_an_edit_is_tidied_of_control_characters_and_odd_spaces():
    edited = with_part(draft(), "dek", "  A dek\x07 with  odd\u00a0spacing. ")
    assert edited.dek == "A dek with odd spacing."


@pytest.mark.parametrize("name", [p.stem for p in sorted((SAMPLES / "pages").glob("*.html"))])
def test_every_bullet_and_paragraph_of_the_model_free_writer_is_traced_to_its_sentences(name):
    sentences = source_sentences([report(name)])
    told = [p for p in parts(draft(name)) if p.multiline and not p.where.startswith("reflection")]
    for part in told:
        traced = sentences.trace(part.text)
        assert traced, part
        words = set(sentences.sentences[traced[0]].text.lower().split())
        assert len(words & set(part.text.lower().split())) >= 3, (part, traced)


def test_words_the_sources_never_say_are_traced_to_nothing():
    sentences = source_sentences([report()])
    assert sentences.trace("Quantum chromodynamics explains violin varnish recipes.") == ()


def test_sentences_are_numbered_across_the_reports_and_say_which_report_they_are_from():
    reports = [report(), report("auckland-rooming-house-fire")]
    sentences = source_sentences(reports).sentences
    assert [s.number for s in sentences] == list(range(len(sentences)))
    assert {s.source for s in sentences} == {0, 1}
    assert sentences[0].text == reports[0].title


def test_two_versions_are_compared_part_by_part_and_word_by_word():
    old = draft()
    new = with_part(old, "glance[0]", old.glance[0].replace("at least", "more than"))
    [change] = compare(old, new)
    assert change.where == "glance[0]" and change.label == "Bullet 1"
    removed = [p.text for p in change.pieces if p.kind == PieceKind.REMOVED]
    added = [p.text for p in change.pieces if p.kind == PieceKind.ADDED]
    assert removed == ["at least"] and added == ["more than"]
    assert compare(old, old) == []


def test_a_verse_picked_among_the_candidates_is_looked_up_and_quoted():
    choice = verse_candidates([report()])
    picked = choice.candidates[3].verse.ref
    reflection = reflect([report()], draft().headline, verse=picked)
    looked_up = lookup(picked)
    assert reflection.verse == looked_up
    assert looked_up.text.rstrip(",;:") in reflection.text


def test_a_verse_outside_the_candidates_cannot_be_picked():
    with pytest.raises(ScriptureError, match="not among"):
        reflect([report()], draft().headline, verse="Psalm 137:9")


def test_an_edit_loses_the_invisible_marks_that_reorder_or_hide_its_words():
    edited = with_part(draft(), "dek", "A dek\x1b[31m with \u202ereversed\u202c words\ufeff.")
    assert edited.dek == "A dek [31m with reversed words."


def test_an_edit_loses_marks_that_hide_a_name_and_keeps_one_line():
    edited = with_part(draft(), "headline", "Head\nline for K\u2060owa\u00adlski\x85 and \u200fAda")
    assert edited.headline == "Head line for Kowalski and Ada"


def test_an_edit_loses_half_characters_that_no_page_could_encode():
    edited = with_part(draft(), "dek", "A lone\ud800 half\udc00 character.")
    assert edited.dek == "A lone half character."
