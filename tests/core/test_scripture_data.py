"""The curated scripture data is valid: every index entry, in every translation, and the
wording file's placeholders."""

import re
import string
import tomllib
from collections import Counter
from importlib import resources

import pytest
import pythonbible

from praynews.core.scripture.bible import (
    MAX_PASSAGE_VERSES,
    TRANSLATIONS,
    _raw_text,
    lookup,
    parse_reference,
)
from praynews.core.scripture.index import USES, default_index
from praynews.core.scripture.quotes import check_quotations
from praynews.core.scripture.reflection import quote_verse

INDEX = default_index()
REFERENCES = sorted({v.ref for t in INDEX.themes for v in t.verses})
KINDS = {
    "conflict",
    "disaster",
    "displacement",
    "politics",
    "health",
    "persecution",
    "economy",
    "justice",
    "rescue",
    "good-news",
    "crime",
    "environment",
    "community",
    "grief",
    "business",
    "science",
    "governance",
}


def test_the_index_is_large_and_well_formed():
    assert len(INDEX.themes) >= 40
    assert sum(len(t.verses) for t in INDEX.themes) >= 400
    assert len({t.id for t in INDEX.themes}) == len(INDEX.themes)
    for theme in INDEX.themes:
        assert 5 <= len(theme.verses) <= 15, theme.id
        assert theme.description and theme.cues and set(theme.kinds) <= KINDS, theme.id
        for verse in theme.verses:
            assert verse.uses and set(verse.uses) <= USES, (theme.id, verse.ref)
            assert not verse.care or verse.note, f"{verse.ref} is 'use with care' without a note"


# A company's order or listing is not blessed with a promise of success: readers struck
# "your plans shall succeed" (Proverbs 16:3) over a jet order.
PROMISES_OF_GAIN = re.compile(r"\b(?:succeed|profit|prosper\w*|rich)\b", re.IGNORECASE)


def test_no_verse_for_a_companys_news_promises_it_success_or_profit():
    business = next(t for t in INDEX.themes if t.id == "business")
    promising = [v.ref for v in business.verses if PROMISES_OF_GAIN.search(lookup(v.ref).text)]
    assert not promising


@pytest.mark.parametrize("reference", REFERENCES)
def test_every_reference_parses_to_a_short_passage(reference):
    parsed = parse_reference(reference)
    assert 1 <= len(parsed.verse_ids) <= MAX_PASSAGE_VERSES


@pytest.mark.parametrize("code", sorted(TRANSLATIONS))
def test_every_reference_has_clean_text_in_every_translation(code):
    for reference in REFERENCES:
        text = lookup(reference, code).text
        assert text and text == " ".join(text.split()), reference
        assert not re.search(r"[`\[\]{}<>]", text), (reference, text)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


@pytest.mark.parametrize("code", sorted(set(TRANSLATIONS) - {"WEB"}))
def test_translations_are_aligned_with_the_web(code):
    """Each verse shares more words with the WEB's same verse than with its neighbours; a
    misaligned package (verses shifted by one) fails this on most verses."""
    version, web = TRANSLATIONS[code].version, TRANSLATIONS["WEB"].version
    ids = sorted({v for r in REFERENCES for v in parse_reference(r).verse_ids})
    shifted = []
    for verse_id in ids:
        own = _words(_raw_text(verse_id, version))
        same = len(own & _words(_raw_text(verse_id, web)))
        neighbours = [
            len(own & _words(_raw_text(n, web)))
            for n in (verse_id - 1, verse_id + 1)
            if pythonbible.is_valid_verse_id(n)
        ]
        if neighbours and max(neighbours) > same:
            shifted.append(verse_id)
    # Poetry paraphrased differently can lose to a neighbour by chance: allow 1 in 100.
    assert len(shifted) <= len(ids) // 100, shifted


def test_phrasing_placeholders_are_known():
    text = resources.files("praynews.core.scripture").joinpath("phrasing.toml").read_text()
    data = tomllib.loads(text)
    allowed = {
        "place",
        "places",
        "verse",
        "reference",
        "translation",
        "affected",
        "helpers",
        "leaders",
        "peace_line",
    }

    def fields(value: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(value) if name}

    for kind, entry in data["kind"].items():
        assert len(entry["human"]) >= 3, kind
        assert len(set(entry["human"])) == len(entry["human"]), kind
        for key in ("affected", "helpers", "leaders"):
            assert fields(entry[key]) <= allowed, (kind, key)
        for line in entry.get("comfort", []):  # a kind's own comfort names no one
            assert not fields(line), (kind, line)
        for line in entry.get("strengthen", []):  # a kind's own strengthening names the helpers
            assert fields(line) == {"helpers"}, (kind, line)
    for form in data["quote"]["forms"]:
        assert {"verse", "reference", "translation"} <= fields(form)
    counts = Counter(h for entry in data["kind"].values() for h in entry["human"])
    assert max(counts.values()) == 1, "an opening is shared by two kinds of story"


@pytest.mark.parametrize("translation", sorted(TRANSLATIONS))
def test_every_indexed_verse_as_the_writer_quotes_it_passes_the_quote_check(translation):
    """Verses holding quotation marks of their own ("He said, “My grace…”") included."""
    failures = []
    for reference in REFERENCES:
        verse = lookup(reference, translation)
        for seed in ("a", "b", "c", "d"):  # the quote forms the writer picks among
            text = f"Opening words. {quote_verse(verse, seed)} Closing words."
            failures += [(reference, p.reason) for p in check_quotations(text, translation)]
    assert failures == []
