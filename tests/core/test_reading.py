"""The post as a reader meets it: each fact said once, the verse set apart."""

from dataclasses import replace

from praynews.core.reading import reader_view
from praynews.core.types import Draft, Image, Reflection, Section, SourceRef, Verse

VERSE = Verse(
    "Psalm 46:1", "WEB", "God is our refuge and strength, a very present help in trouble."
)
LEAD = (
    "Floodwaters swept through the river town of Tarvo on Monday, "
    "forcing 3,000 people from their homes."
)


def draft(**changes) -> Draft:
    base = Draft(
        headline="Floods Force 3,000 from Their Homes in Tarvo",
        dek=LEAD,
        image=Image("/media/a.jpg", "A flooded street", "Example Wire"),
        glance=(
            "Floodwaters forced 3,000 people from their homes in Tarvo.",
            "Two bridges on the main road were closed.",
            "Forecasters expect more rain on Thursday.",
        ),
        opening=(
            LEAD + " Rescuers used boats to reach families on rooftops.",
            "Schools stayed shut.",
        ),
        sections=(Section("What comes next", ("Engineers will inspect the dam.",)),),
        reflection=Reflection(
            text="Floods take homes in hours. Scripture speaks into this: "
            f"\u201c{VERSE.text}\u201d ({VERSE.reference}, {VERSE.translation}). "
            "We pray for the families still waiting for the water to fall.",
            verse=VERSE,
            prayer="Lord, be near the people of Tarvo. Amen.",
            themes=("flood",),
        ),
        sources=(
            SourceRef("Floods in Tarvo", "https://wire.example/a", "Example Wire", "2026-11-30"),
        ),
    )
    return replace(base, **changes)


def test_the_dek_gives_way_when_the_first_bullet_tells_its_fact():
    view = reader_view(draft())
    assert view.dek == ""
    assert view.glance[0] == "Floodwaters forced 3,000 people from their homes in Tarvo."


def test_the_opening_starts_after_the_sentence_the_reader_has_just_read():
    view = reader_view(draft())
    assert view.opening == (
        "Rescuers used boats to reach families on rooftops.",
        "Schools stayed shut.",
    )


def test_a_dek_telling_another_fact_stays_and_the_opening_starts_after_it():
    glance = (
        "Two bridges on the main road were closed.",
        "Forecasters expect more rain.",
        "Schools shut.",
    )
    view = reader_view(draft(glance=glance))
    assert view.dek == LEAD
    assert view.opening[0] == "Rescuers used boats to reach families on rooftops."
    assert view.glance == glance


def test_a_later_bullet_retelling_the_dek_goes_while_the_glance_keeps_three():
    glance = (
        "Two bridges on the main road were closed.",
        "Floodwaters forced 3,000 people from their homes in Tarvo on Monday.",
        "Forecasters expect more rain on Thursday.",
        "Schools stayed shut across the district.",
    )
    view = reader_view(draft(glance=glance))
    assert view.dek == LEAD
    assert len(view.glance) == 3 and glance[1] not in view.glance


def test_an_opening_that_only_retells_the_dek_leaves_the_next_paragraph_first():
    view = reader_view(draft(opening=(LEAD, "Schools stayed shut.")))
    assert view.opening == ("Schools stayed shut.",)


def test_the_reflection_is_split_around_its_verse():
    reflection = reader_view(draft()).reflection
    assert reflection.before == "Floods take homes in hours. Scripture speaks into this:"
    assert reflection.verse == VERSE
    assert reflection.after == "We pray for the families still waiting for the water to fall."
    assert reflection.prayer == "Lord, be near the people of Tarvo. Amen."


def test_the_line_before_the_prayer_gives_way_when_the_prayer_names_the_same_people():
    # As praynews writes them: the line names whom we pray for, then the prayer opens on them.
    reflection = replace(
        draft().reflection,
        text=f"Scripture speaks into this: \u201c{VERSE.text}\u201d (Psalm 46:1, WEB). "
        "So we turn to prayer for the families who lost their homes in Tarvo.",
        prayer="Lord, we bring before you the families who lost their homes in Tarvo. "
        "Give them shelter tonight. Amen.",
    )
    view = reader_view(draft(reflection=reflection))
    assert view.reflection.after == ""
    assert view.reflection.prayer.startswith("Lord, we bring before you the families")
    assert sum("lost their homes in Tarvo" in p for p in view.paragraphs()) == 1


def test_a_reflection_edited_away_from_the_quotation_is_kept_whole():
    edited = replace(draft().reflection, text="Floods take homes in hours.")
    reflection = reader_view(draft(reflection=edited)).reflection
    assert (reflection.before, reflection.after) == ("Floods take homes in hours.", "")
    assert reflection.verse == VERSE


def test_the_paragraphs_run_from_headline_to_prayer_each_once():
    paragraphs = reader_view(draft()).paragraphs()
    assert paragraphs[0] == "Floods Force 3,000 from Their Homes in Tarvo"
    assert paragraphs[-1] == "Lord, be near the people of Tarvo. Amen."
    assert f"{VERSE.text} (Psalm 46:1)" in paragraphs
    assert sum(LEAD in p for p in paragraphs) == 0
