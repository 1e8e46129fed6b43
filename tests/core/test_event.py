"""The event classifier reads what kind of event a story is, and at what stage, from its own
words; the labelled stories in tests/data/events/ (the team's own writing) pin its accuracy."""

import tomllib
from pathlib import Path

import pytest

from praynews.core.event import (
    CLASSES,
    MIN_CONFIDENCE,
    STAGES,
    casualties,
    classify_event,
    event_cues,
    named_victim,
)

STORIES = tomllib.loads((Path(__file__).parents[1] / "data/events/stories.toml").read_text())[
    "story"
]
# The share of the labelled stories whose class must be read right; lowered only on purpose.
MIN_CLASS_ACCURACY = 0.9
MIN_STAGE_ACCURACY = 0.8


def paragraphs(story: dict) -> list[str]:
    return [p.strip() for p in story["text"].split("\n\n") if p.strip()]


def test_the_labelled_set_covers_every_class_and_stage():
    assert len(STORIES) >= 40
    assert {s["class"] for s in STORIES} == set(CLASSES)
    assert {s["stage"] for s in STORIES} == set(STAGES)
    for story in STORIES:
        assert 4 <= len(paragraphs(story)) <= 8, story["id"]


def test_every_cue_entry_is_valid():
    cues = event_cues()
    assert set(cues.classes) | set(cues.subjects) == set(CLASSES) - {"other"}
    assert set(cues.stages) == set(STAGES)
    for name, words in [*cues.classes.items(), *cues.subjects.items(), *cues.stages.items()]:
        assert len(words) >= 8, name
        assert len(set(words)) == len(words), name
        for word in words:
            assert word == word.lower().strip() and 1 <= len(word.split()) <= 3, (name, word)


def test_the_class_is_right_for_most_labelled_stories():
    wrong = [
        (s["id"], s["class"], classify_event(s["title"], paragraphs(s)).kind)
        for s in STORIES
        if classify_event(s["title"], paragraphs(s)).kind != s["class"]
    ]
    assert 1 - len(wrong) / len(STORIES) >= MIN_CLASS_ACCURACY, wrong


def test_the_stage_is_right_for_most_labelled_stories():
    wrong = [
        (s["id"], s["stage"], classify_event(s["title"], paragraphs(s)).stage)
        for s in STORIES
        if classify_event(s["title"], paragraphs(s)).stage != s["stage"]
    ]
    assert 1 - len(wrong) / len(STORIES) >= MIN_STAGE_ACCURACY, wrong


def test_a_story_with_no_cues_is_other_with_no_confidence():
    reading = classify_event("Zorvex Quillam", ["Zorvex quillam brindor."])
    assert reading.kind == "other" and reading.confidence < MIN_CONFIDENCE
    assert reading.reasons


def test_a_mixed_story_below_the_threshold_reads_as_other():
    reading = classify_event("A day in the town", ["The market was busy and a vote was held."])
    assert reading.kind == "other"


def test_the_reading_explains_itself():
    reading = classify_event(
        "Peace agreement signed in Juba", ["The rival armies signed a peace agreement."]
    )
    assert reading.kind == "war" and reading.stage == "decided"
    assert any("signed" in r for r in reading.reasons)


@pytest.mark.parametrize(
    ("text", "dead", "injured"),
    [
        ("The quake killed at least 90 people and injured hundreds.", True, True),
        ("Four people were killed and 17 wounded.", True, True),
        ("Officials said the toll was likely to rise.", False, False),
        ("The army said it had killed fighters in 2014.", False, False),
        ("Dozens of people were injured.", False, True),
        ("The fever is linked to the plague that killed 40,000 in the 17th century.", False, False),
        ("A storm in 1998 killed 300 people on the island.", False, False),
        ("The flood killed 12 people, the worst toll since 1998.", True, False),
    ],
)
def test_casualties_are_counted_only_when_the_story_counts_them(text, dead, injured):
    assert casualties(text) == (dead, injured)


def test_a_victim_the_lead_names_is_found():
    lead = "Police named the woman who died as Claire Vasseur, a retired teacher."
    assert named_victim(lead) == "Claire Vasseur"
    assert named_victim("Police said a man had died.") is None


def test_a_story_between_two_classes_keeps_both_as_candidates():
    reading = classify_event(
        "Shelling hits town as refugees flee",
        ["Troops and rebels fought as refugees fled across the border."],
    )
    assert reading.kind == "other" and set(reading.candidates) == {"war", "displacement"}


def test_a_day_of_earnings_and_share_prices_is_not_read_as_economic_hardship():
    """The economy's frame prays for households that cannot afford food: a retailer's quarter
    or a share sale, with none of the hardship cues, is a company's news instead."""
    earnings = [
        "Shares in Tarnwick Stores rose on Thursday after the retailer reported quarterly sales "
        "and profits above what investors had expected.",
        "The company said sales grew in its garden and kitchen departments, and it raised its "
        "forecast for the year.",
        "Investors have bought the shares steadily since the spring, analysts said.",
    ]
    reading = classify_event("Tarnwick Stores shares rise on strong quarter", earnings)
    assert reading.kind == "business" and reading.candidates == ("business",)
    assert "without any of its needed cues" in " ".join(reading.reasons)
    layoffs = [
        *earnings[:1],
        "The company also said it would close two warehouses, cutting 400 "
        "jobs, and workers said they were worried about the cost of living.",
    ]
    assert classify_event("Tarnwick Stores to close warehouses", layoffs).kind == "economy"


def test_a_campaign_with_no_vote_in_it_is_not_an_election():
    """A "campaign" is also a health drive, an advertising push or an army's advance: an
    election needs a word of voting, so a prayer never thanks "election workers" for an
    anti-drug advertisement."""
    story = [
        "Governor Ida Marsh launched an advertising campaign on Monday to make people talk "
        "about meth in the Tavan Steppe.",
        "The campaign's slogan went viral within hours, and the campaign's posters soon "
        "covered bus stops across the region.",
        "Marsh said the campaign would run all winter and the campaign team would visit "
        "every school.",
        "Critics said the campaign cost too much for a slogan, while others praised the campaign.",
    ]
    reading = classify_event("Steppe health board's anti-meth campaign goes viral", story)
    assert reading.kind != "election", reading


def test_an_election_campaign_is_still_an_election():
    story = [
        "Candidates crossed the Tavan Steppe on the last day of the campaign before Sunday's vote.",
        "Voters will choose a governor and a regional council at 400 polling stations.",
        "The electoral commission said turnout could pass 60 percent.",
        "Both campaigns held rallies in Ulaan Gol on Friday.",
    ]
    assert classify_event("Steppe campaign ends before Sunday's vote", story).kind == "election"


def test_a_close_call_between_two_subjects_goes_to_the_one_that_leads():
    """A trade dispute is about governments and companies at once: the one with more weight is
    read, since either frame prays for work and decisions, and the neutral frame for neither."""
    paragraphs = [
        "Trade negotiators for the two governments met again on Monday over tariffs on steel, "
        "and the White House said the talks would go on next week.",
        "The administration wants the tariff cut before a summit in the spring, officials said, "
        "and lawmakers in Congress have asked to see any deal.",
        "Steel companies and their investors said the dispute had cost the industry orders, and "
        "one firm's chief executive said customers were waiting.",
        "Shares in the largest steel company rose 2% after the talks were announced.",
    ]
    reading = classify_event("Trade negotiators meet again over steel tariffs", paragraphs)
    assert reading.kind == "governance"
