import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from praynews.core.compose import compose
from praynews.core.errors import ExtractError
from praynews.core.extract import MAX_PAGE_BYTES, extract_article, from_plain_text
from praynews.core.writing.extractive import ExtractiveWriter

DATA = Path(__file__).parent.parent / "data"


@pytest.mark.parametrize("name", ["mosul-old-city-school-reopens"])
def test_sample_page_extracts_to_its_recorded_structure(samples, name):
    """The page beside its expected structure, as reader's tests/data does for feeds."""
    expected = json.loads((DATA / "pages" / f"{name}.json").read_text())
    page = samples / "pages" / f"{name}.html"
    article = extract_article(page.read_bytes(), url=page.as_uri())
    assert article.title == expected["title"]
    assert article.author == expected["author"]
    assert article.published == date.fromisoformat(expected["published"])
    assert article.site_name == expected["site_name"]
    assert article.url == expected["url"]
    assert article.image_url == (page.parent.parent / "images" / f"{name}.svg").as_uri()
    assert article.paragraphs[0] == expected["first_paragraph"]
    assert 450 <= article.word_count <= 900


def test_every_sample_page_gives_a_full_article(sample_pages):
    assert len(sample_pages) >= 12
    for page in sample_pages:
        article = extract_article(page.read_bytes(), url=page.as_uri())
        assert article.title and article.author and article.published and article.image_url
        assert "Sample article written for praynews" not in article.text
        assert "Related stories" not in article.text


def test_gzip_is_accepted(sample_pages):
    data = sample_pages[0].read_bytes()
    assert extract_article(gzip.compress(data)).title == extract_article(data).title


def test_gzip_bomb_is_refused_with_a_reason():
    bomb = gzip.compress(b"<html><body>" + b" " * (MAX_PAGE_BYTES + 10))
    with pytest.raises(ExtractError, match="larger than"):
        extract_article(bomb)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<html><body><nav>Home | World</nav></body></html>", "article text|words"),
        (b"\x1f\x8b\x08not really gzip", "corrupt"),
    ],
)
def test_unusable_pages_raise_a_clear_error(data, reason):
    with pytest.raises(ExtractError, match=reason):
        extract_article(data)


def test_plain_text_title_is_the_first_line():
    text = "Floods Close Schools\n\n" + "Rain fell for days. " * 40 + "\n\nSchools shut."
    article = from_plain_text(text)
    assert article.title == "Floods Close Schools"
    assert article.paragraphs[-1] == "Schools shut."


def test_plain_text_opening_with_a_paragraph_has_no_title_and_loses_no_text():
    text = (
        "The harbour at Port Eldra flooded on Monday night. Fishermen moved their boats inland "
        "before dawn, and the council opened the chapel to families.\n\n" + "The tide fell. " * 30
    )
    article = from_plain_text(text)
    assert article.title == ""
    assert article.paragraphs[0].startswith("The harbour at Port Eldra flooded")
    assert article.word_count > 60


def test_a_text_of_one_long_paragraph_gives_a_draft_with_a_composed_headline():
    text = (
        "Fishermen at Port Eldra rescued nine swimmers caught by a rip current on Sunday. "
        + "The coastguard praised the crews for their speed and calm. " * 8
    )
    draft = compose([extract_article(text.encode())], ExtractiveWriter())
    assert draft.headline == "Fishermen at Port Eldra Rescued Nine Swimmers"


STORY = b"<html><body>" + b"<p>The river rose overnight and families left their homes.</p>" * 20


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x7fELF\x02\x01\x01" + STORY, "executable"),
        (b"%PDF-1.7\n" + STORY, "PDF"),
        (b"PK\x03\x04" + STORY, "ZIP"),
        (STORY[:200] + b"\x00" + STORY[200:], "NUL bytes"),
        (STORY + bytes(range(1, 9)) * 20, "control bytes"),
    ],
)
def test_binary_files_named_like_pages_are_refused(data, reason):
    with pytest.raises(ExtractError, match=reason):
        extract_article(data)


def test_a_stray_control_character_in_a_real_page_is_tolerated():
    article = extract_article(STORY.replace(b"overnight", b"over\x1bnight", 1) + b"x" * 2000)
    assert "families left their homes" in article.text
