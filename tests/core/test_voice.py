"""The post never speaks a columnist's views, or a reporter's aside, in its own voice."""

import pytest

from praynews.core.compose import compose
from praynews.core.types import ExtractedArticle
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.voice import in_writers_voice


@pytest.mark.parametrize(
    ("sentence", "own"),
    [
        ("I think the harbour board has lost its way.", True),
        ("Let’s see if the ferry keeps to time this winter.", True),
        ("Oh how very brave of the harbour board!", True),
        ("The board was rightly condemned for the closure.", True),
        ("It is astounding that the quay was left unlit.", True),
        ("“We will rebuild the quay,” the harbour master said.", False),
        ("The mayor said the closure was shameful.", False),
        ("The ferry sank in World War I and was raised in 1921.", False),
        ("The board closed the quay on Friday after a storm.", False),
        ("Talks between the US and the union resumed.", False),
        ("'We will fight on to the last boat,' the harbour master said.", False),
        ("‘We will not move the boats,’ fishermen told the council.", False),
    ],
)
def test_the_writers_own_voice_is_recognised(sentence, own):
    assert in_writers_voice(sentence) is own


def test_a_columns_views_are_neither_a_bullet_nor_story():
    column = ExtractedArticle(
        title="The harbour board fails Port Eldra again",
        text="\n".join(
            [
                "The Port Eldra harbour board closed the north quay on Friday after a storm "
                "damaged its lights, leaving 40 fishing boats without a berth.",
                "I have watched this board fail the town for a decade. Then it blamed the "
                "weather again, as it always does.",
                "The board said repairs would take six weeks and cost about 200,000 crowns.",
                "It is astounding that the lights were never replaced after the last storm.",
                "Fishermen moved their boats to Saltmere, two hours along the coast.",
                "Let’s hope the board finally listens this time!",
                "The town council will vote on emergency funding for the quay on Tuesday.",
                "Harbour master Ada Venn said the quay would reopen in stages from January.",
            ]
        ),
    )
    draft = compose([column], ExtractiveWriter())
    told = " ".join(
        [*draft.glance, *draft.opening, *(p for s in draft.sections for p in s.paragraphs)]
    )
    assert "I have watched" not in told and "astounding" not in told and "Let’s" not in told
    assert "blamed the weather" not in told
    assert "Fishermen moved their boats" in told


def test_a_sentence_inside_a_quotation_is_the_speakers_not_the_writers():
    before = "“We woke to smoke at two in the morning."
    assert not in_writers_voice("I crawled along the floor and banged on doors.", before)
    assert not in_writers_voice("I crawled to the door,” said Ada Venn, a lodger.")
