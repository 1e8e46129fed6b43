"""The draft linter: each detector catches the fault it names and passes a draft without it.

Every phrase here is invented for these tests (a fictional river town, Marrow Bend, and its
flood), never taken from a real article.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from importlib import resources

import pytest

from praynews.core.check import check
from praynews.core.compose import compose
from praynews.core.extract import extract_article
from praynews.core.lint import clutter_patterns, lint, story_length
from praynews.core.types import Draft, LintKind, Reflection, Section, Verse
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.reporting import story_source_text

OPENING = (
    "Floodwater from the Silt River forced 400 families from their homes in Marrow Bend on "
    "Sunday, the town council said.",
)
QUOTED = (
    '"We carried the children out through the kitchen window," said Ada Venn, a baker on Mill '
    "Lane, whose shop took in a metre of water."
)
BACKGROUND = (
    "The river has burst its banks three times since 2019, after years of heavy spring rain, "
    "and the levee was last repaired a decade ago."
)
GLANCE = (
    "Floodwater forced 400 families from their homes in Marrow Bend on Sunday.",
    "Volunteers opened the school hall to families who lost their furniture.",
    "The council asked the province for pumps before the next storm arrives.",
)
PRAYER = "Lord, we bring before you the families of Marrow Bend. Amen."


def make_draft(**changes) -> Draft:
    draft = Draft(
        headline="Floodwater Forces Families From Marrow Bend",
        dek=OPENING[0],
        image=None,
        glance=GLANCE,
        opening=OPENING,
        sections=(
            Section("In Their Own Words", (QUOTED,)),
            Section("Why Is This Happening Now?", (BACKGROUND,)),
        ),
        reflection=Reflection(
            text="A reflection.", verse=Verse("Psalm 46:1", "WEB", "x"), prayer=PRAYER, themes=()
        ),
        sources=(),
        writer="test",
    )
    return replace(draft, **changes)


def kinds(draft: Draft, source: str = "") -> list[LintKind]:
    return [f.kind for f in lint(draft, source)]


def test_a_clean_brief_has_no_findings():
    assert lint(make_draft(), "") == []


# --- clutter ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "The ferry left late on Sunday. Scroll down for video",
        "Sorry we are not currently accepting comments on this article.",
        "Like this story? Share it with a friend!",
        "Copyright 2031 Valley Courier. All rights reserved.",
        "MARROW BEND (VALLEYWIRE) - The levee held until noon.",
        "UPDATE (9:41 a.m. ET) The council has now voted.",
        "The river rose overnight . Residents left at dawn.",
        "The school, , which opened in spring, closed again.",
        "The water peaked on Monday.The council met at dusk.",
        "Pumps came at noon. Also on valleywire.net Pumps arrive from the coast",
        "The mayor waves to volunteers (Photo: Valley Courier) at the hall.",
    ],
)
def test_page_clutter_left_in_the_story_is_found(paragraph):
    findings = lint(make_draft(opening=(paragraph,)), "")
    assert [(f.kind, f.where) for f in findings] == [(LintKind.CLUTTER, "opening[0]")]


def test_ordinary_reporting_is_not_clutter():
    paragraph = "The U.S. embassy said on Monday that 3.5 metres of water had reached the square."
    assert LintKind.CLUTTER not in kinds(make_draft(opening=(paragraph,)))


# --- fragment bullets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bullet",
    [
        "shelters in the east of the province stayed open all night.",
        "Pumps were sent to the flooded streets of the lower town, a day.",
        "The council met late on Sunday to discuss the cost of the.",
        "Volunteers from three villages in the valley and the hills",
        "A hot meal and a dry bed for every family in the lower town.",
        "They waded through the water to reach the bakery on Mill Lane.",
        "While the main road stayed dry through the storm on Sunday night, those.",
    ],
)
def test_a_bullet_that_is_not_a_whole_sentence_is_a_fragment(bullet):
    findings = lint(make_draft(glance=(*GLANCE[:2], bullet)), "")
    assert [(f.kind, f.where) for f in findings] == [(LintKind.FRAGMENT_BULLET, "glance[2]")]


def test_bullets_that_are_whole_sentences_pass():
    bullets = (
        "Pumps arrived from the coast before the second storm, officials said.",
        "Schools in Marrow Bend stayed shut for a week after the flood.",
    )
    assert LintKind.FRAGMENT_BULLET not in kinds(make_draft(glance=(*GLANCE[:1], *bullets)))


# --- sections opening mid-thought ------------------------------------------------------------


@pytest.mark.parametrize(
    "first",
    [
        "Because money also walks, the shops on Mill Lane stayed shut.",
        "He said the levee would need a year of work before spring.",
        'the levee," the engineer said, pointing at the breach.',
        'will not hold another winter," the engineer told reporters on Monday.',
        "However, the province has not yet answered the council.",
    ],
)
def test_a_section_that_opens_mid_thought_is_found(first):
    sections = (Section("The Background", (first + " " + BACKGROUND,)),)
    findings = lint(make_draft(sections=sections), "")
    assert [(f.kind, f.where) for f in findings] == [
        (LintKind.MID_THOUGHT, "sections[0].paragraphs[0]")
    ]


def test_a_section_that_starts_its_own_thought_passes():
    first = "This week the province sent pumps, and the engineer said the levee would hold."
    sections = (Section("The Background", (first + " " + BACKGROUND,)),)
    assert LintKind.MID_THOUGHT not in kinds(make_draft(sections=sections))


def test_an_opening_is_mid_thought_unless_the_outlet_opened_its_story_with_it():
    opening = (
        "Their homes under water, 400 families left Marrow Bend on Sunday for the school hall."
    )
    draft = make_draft(opening=(opening,))
    title = "Floodwater forces families from Marrow Bend"
    as_the_outlet_opened = f"{title}\nMARROW BEND: {opening} The council met.\n{BACKGROUND}"
    further_down = f"{title}\n{BACKGROUND}\nVolunteers waited.\nThe rain went on.\n{opening}"
    assert LintKind.MID_THOUGHT not in kinds_with_source(draft, as_the_outlet_opened)
    assert LintKind.MID_THOUGHT in kinds_with_source(draft, further_down)


def kinds_with_source(draft: Draft, source_text: str) -> set[LintKind]:
    return {f.kind for f in lint(draft, source_text)}


# --- unsupported headings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading, paragraph",
    [
        ("In Their Own Words", BACKGROUND),
        ("Why Is This Happening Now?", "Boats carried bread and blankets to the school hall."),
        ("The Role of the Harbour Guild", BACKGROUND),
        ("Broader Europe Impact", BACKGROUND),
        ("Broader Latin America Impact", "Flights to Miami and Boston were cancelled."),
    ],
)
def test_a_heading_its_paragraphs_do_not_bear_out_is_found(heading, paragraph):
    findings = lint(make_draft(sections=(Section(heading, (paragraph,)),)), "")
    assert [(f.kind, f.where) for f in findings] == [
        (LintKind.UNSUPPORTED_HEADING, "sections[0].heading")
    ]


@pytest.mark.parametrize(
    "heading, paragraph",
    [
        ("Voices From Marrow Bend", QUOTED.replace("on Mill Lane", "in Marrow Bend")),
        ("The Role of the Town Council", "The town council met on Sunday night to plan."),
        ("Broader Europe Impact", "Farmers in France and Poland said the rain had hit them too."),
        ("Broader Latin America Impact", "Growers in Peru and Chile lost their harvest."),
    ],
)
def test_a_heading_its_paragraphs_bear_out_passes(heading, paragraph):
    sections = (Section(heading, (paragraph,)),)
    source = "Families fled in Marrow Bend. " + paragraph
    assert LintKind.UNSUPPORTED_HEADING not in kinds(make_draft(sections=sections), source)


# --- repeated facts ---------------------------------------------------------------------------


def test_two_bullets_telling_the_same_fact_are_found():
    again = "Floodwater drove 400 families from their homes in Marrow Bend on Sunday night."
    findings = lint(make_draft(glance=(*GLANCE, again)), "")
    assert [(f.kind, f.where) for f in findings] == [(LintKind.REPEATED_FACT, "glance[3]")]


def test_one_denial_told_twice_in_other_word_forms_is_found():
    glance = (
        "The Marrow Bend council denied paying 9,000 pounds to the mayor's cousin for gravel.",
        "Flood barriers along the Marrow river will be raised by a metre before winter.",
        "Council officers denies that any payment of 9,000 pounds went to the mayor's cousin.",
    )
    findings = lint(make_draft(glance=glance), "")
    assert [(f.kind, f.where) for f in findings] == [(LintKind.REPEATED_FACT, "glance[2]")]


def test_two_bullets_on_one_subject_telling_different_facts_are_left_alone():
    glance = (
        "The Marrow Bend council denied paying 9,000 pounds to the mayor's cousin for gravel.",
        "The Marrow Bend council will vote on a new flood budget for the river in March.",
        "Flood barriers along the Marrow river will be raised by a metre before winter.",
    )
    assert LintKind.REPEATED_FACT not in kinds(make_draft(glance=glance), "")


def test_a_story_sentence_repeating_a_bullet_word_for_word_is_found():
    opening = (OPENING[0] + " " + GLANCE[1],)
    findings = lint(make_draft(opening=opening), "")
    assert [(f.kind, f.where) for f in findings] == [(LintKind.BULLET_IN_STORY, "glance[1]")]


# --- the prayer's places ----------------------------------------------------------------------


def test_a_prayer_naming_a_place_the_lead_does_not_put_the_event_in_is_found():
    prayer = "Lord, we bring before you the families of Marrow Bend and the people of Chad. Amen."
    findings = lint(make_draft(reflection=replace(make_draft().reflection, prayer=prayer)), "")
    assert [(f.kind, f.text) for f in findings] == [(LintKind.PRAYER_PLACE, "Chad")]


def test_a_country_the_lead_names_by_its_people_may_be_prayed_for():
    opening = ("Kenyan rescuers pulled 12 miners from a collapsed shaft near Marrow Bend.",)
    prayer = "Lord, we bring before you the miners in Kenya and their families. Amen."
    draft = make_draft(opening=opening, reflection=replace(make_draft().reflection, prayer=prayer))
    assert LintKind.PRAYER_PLACE not in kinds(draft)


# --- length and copying -------------------------------------------------------------------------

FILLER = "The river keeper counted sandbags along the northern wall of the old mill yard today."


def test_a_story_that_reprints_its_source_is_found():
    source = " ".join([OPENING[0], QUOTED, BACKGROUND])
    found = kinds(make_draft(), source)
    assert LintKind.REPRINT in found and LintKind.OVER_SOURCE_SHARE in found


def test_a_brief_of_a_long_source_is_not_a_reprint():
    source = " ".join([OPENING[0], QUOTED, BACKGROUND, *[f"{FILLER} Day {n}." for n in range(40)]])
    length = story_length(make_draft(), source)
    assert 0 < length.copied_share < 0.45 and length.copied_words == length.words
    assert not {LintKind.REPRINT, LintKind.OVER_SOURCE_SHARE} & set(kinds(make_draft(), source))


def test_a_story_past_500_words_is_too_long_and_one_far_under_150_too_short():
    long_story = make_draft(opening=tuple(f"{FILLER} Day {n}." for n in range(40)))
    source = " ".join(f"{FILLER} Day {n}." for n in range(200))
    assert LintKind.TOO_LONG in kinds(long_story, source)
    assert LintKind.TOO_SHORT in kinds(make_draft(), source)


def test_a_short_source_excuses_a_short_story():
    assert LintKind.TOO_SHORT not in kinds(make_draft(), OPENING[0] + " " + BACKGROUND)


# --- the data file and the check hook ----------------------------------------------------------


@pytest.mark.parametrize("pattern", clutter_patterns(), ids=lambda p: p.name)
def test_every_clutter_pattern_catches_its_own_example(pattern):
    assert pattern.pattern.search(pattern.example)


def test_every_heading_rule_and_word_list_in_the_data_file_is_valid():
    data = tomllib.loads(resources.files("praynews.core.data").joinpath("lint.toml").read_text())
    for rule in data["heading_rule"]:
        assert re.search(rule["heading"], rule["example"]), rule["name"]
        assert rule["needs"] in {"quotation", "background"}
    lists = [*data["fragment"].values()]
    lists.append(data["heading_support"]["background_cues"])
    for words in lists:
        assert words and len(words) == len(set(words))
        assert all(w.strip() == w and w for w in words)


def test_the_check_reports_lint_findings_only_when_asked_and_never_blocking():
    draft = make_draft(opening=("The river rose overnight . Residents left at dawn.",))
    assert check(draft, "") == check(draft, "", lint=False)
    linted = [p for p in check(draft, "", lint=True) if p.kind in set(LintKind)]
    assert [p.kind for p in linted] == [LintKind.CLUTTER]
    assert not any(p.blocking for p in linted)


# --- the bundled samples ------------------------------------------------------------------------

# What the writer already gets right on the bundled samples, so a change that brings it back
# fails here. The others (reprint, length, bullets repeated in the story...) are still open:
# bench/lint_drafts.py counts them.
SOLVED_ON_SAMPLES = {
    LintKind.CLUTTER,
    LintKind.FRAGMENT_BULLET,
    LintKind.MID_THOUGHT,
    LintKind.PRAYER_PLACE,
}


def test_the_sample_drafts_have_none_of_the_solved_kinds(sample_pages):
    writer = ExtractiveWriter()
    for page in sample_pages:
        article = extract_article(page.read_bytes())
        draft = compose([article], writer)
        found = [
            f for f in lint(draft, story_source_text([article])) if f.kind in SOLVED_ON_SAMPLES
        ]
        assert found == [], page.name
