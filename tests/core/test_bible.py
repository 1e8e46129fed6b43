import pytest
import pythonbible

from praynews.core.errors import ScriptureError, UnknownReferenceError
from praynews.core.scripture.bible import (
    TRANSLATIONS,
    _canonical_reference,
    _general_reference,
    lookup,
)
from praynews.core.scripture.index import default_index


def test_psalm_is_formatted_singular_and_text_is_the_web():
    verse = lookup("Psalms 46:1")
    assert verse.reference == "Psalm 46:1"
    assert verse.translation == "WEB"
    assert verse.text == "God is our refuge and strength, A very present help in trouble."


def test_web_backticks_become_apostrophes():
    assert lookup("Isaiah 41:10").text.startswith("Don\u2019t you be afraid")


def test_kjv_bracketed_italics_are_removed():
    text = lookup("Psalm 46:1", "KJV").text
    assert "[" not in text and text.startswith("God is our refuge")


def test_passage_joins_its_verses():
    verse = lookup("1 Timothy 2:1-2")
    raw = [
        pythonbible.get_verse_text(v, version=pythonbible.Version.WORLD_ENGLISH)
        for v in (54002001, 54002002)
    ]
    assert verse.text == " ".join(" ".join(r.split()) for r in raw)


@pytest.mark.parametrize(
    "reference", ["Psalm 151:1", "Hezekiah 3:4", "John 3", "John 3:99", "John 3:36-37", "John 3:0"]
)
def test_references_that_do_not_exist_are_errors(reference):
    with pytest.raises(UnknownReferenceError):
        lookup(reference)


def test_long_passages_and_unknown_translations_are_refused():
    with pytest.raises(ScriptureError, match="at most 3"):
        lookup("Psalm 23:1-6")
    with pytest.raises(ScriptureError, match="unknown translation"):
        lookup("Psalm 23:1", "NIV")


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
def test_every_translation_has_john_3_16(code):
    assert "world" in lookup("John 3:16", code).text.lower()


def test_the_quick_reading_of_a_reference_agrees_with_pythonbibles_parser():
    """Every indexed reference, read directly, is what pythonbible's general parser reads."""
    references = sorted({v.ref for t in default_index().themes for v in t.verses})
    assert all(_canonical_reference(r) == _general_reference(r, r) for r in references)
