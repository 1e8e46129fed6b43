"""A stored draft that no longer matches FORMAT.md is refused with a message naming the field."""

import copy
import re

import pytest

from praynews.core.errors import DraftFormatError, InputError
from praynews.core.types import Draft

VALID = {
    "headline": "Rescuers reach trapped miners",
    "dek": "Eleven miners were brought up alive.",
    "image": None,
    "glance": ["Eleven miners were rescued."],
    "opening": ["Rescuers reached the miners on Tuesday."],
    "sections": [{"heading": "The rescue", "paragraphs": ["It took two days."]}],
    "reflection": {
        "text": "We give thanks.",
        "verse": {"reference": "Psalm 46:1", "translation": "WEB", "text": "God is our refuge."},
        "prayer": "Lord, comfort the families.",
        "themes": ["rescue"],
    },
    "sources": [{"title": "Miners rescued", "url": None, "outlet": None, "published": None}],
    "flags": [],
    "writer": "extractive",
}


def broken(change) -> dict:
    data = copy.deepcopy(VALID)
    change(data)
    return data


def test_a_valid_draft_parses():
    draft = Draft.from_dict(VALID)
    assert draft.reflection.verse.reference == "Psalm 46:1"
    assert draft.sections[0].paragraphs == ("It took two days.",)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"headline": "edited"}, "dek is missing"),
        (broken(lambda d: d["reflection"]["verse"].pop("reference")), "reflection.verse.reference"),
        (broken(lambda d: d.update(glance="one bullet")), "glance"),
        (broken(lambda d: d["sources"][0].update(url=3)), "sources[0].url"),
        (broken(lambda d: d["sections"].__setitem__(0, "text")), "sections[0]"),
        (broken(lambda d: d.update(headline=None)), "headline"),
        (broken(lambda d: d.update(image={"url": "/media/a.svg"})), "image.alt is missing"),
        (["not", "an", "object"], "the draft"),
        ("text", "the draft"),
    ],
)
def test_a_malformed_draft_says_what_is_wrong_and_where(data, says):
    with pytest.raises(DraftFormatError, match=re.escape(says)):
        Draft.from_dict(data)


def test_the_error_is_an_input_error_with_a_default_message():
    assert issubclass(DraftFormatError, InputError)
    assert str(DraftFormatError()) == DraftFormatError.default_message
