from praynews.core.cues import cue_counts
from praynews.core.scripture.bible import lookup
from praynews.core.scripture.choose import choose_verse
from praynews.core.scripture.index import default_index


def test_cues_match_plurals_possessives_and_phrases():
    counts = cue_counts("Refugees reached the churches. The church's roof fell. Air strikes hit.")
    assert counts["refugee"] == 1
    assert counts["church"] == 2
    assert counts["air strike"] == 1
    assert counts["strike"] == 1


def test_a_war_story_gets_a_war_theme_and_explains_why():
    title = "Thousands Flee as Fighting Nears Butembo"
    paragraphs = [
        "Rebel fighters advanced on the city as shelling continued and troops dug in.",
        "Families fled the fighting on foot, and the army said the offensive had been halted.",
    ]
    choice = choose_verse(title, paragraphs, default_index())
    assert choice.kind == "conflict"
    assert choice.chosen.reasons[0].startswith("theme ")
    assert choice.candidates == tuple(sorted(choice.candidates, key=lambda c: -c.score))


def test_a_story_with_no_cues_falls_back_to_hope():
    choice = choose_verse("Zorvex Quillam", ["Zorvex quillam brindor."], default_index())
    assert [t.theme.id for t in choice.themes] == ["hope"]


def test_a_long_passage_gives_way_to_a_verse_of_the_same_fit():
    story = "Refugees fleeing the fighting reached a camp near the border, aid workers said."
    choice = choose_verse("Refugees reach border camp", [story], default_index())
    long_ones = [c for c in choice.candidates if any("longer than" in r for r in c.reasons)]
    assert long_ones, "the refugee theme holds a long passage (Matthew 2:13-15)"
    assert not any("longer than" in r for r in choice.chosen.reasons)


def test_a_day_of_floods_still_gets_a_verse_when_every_fitting_one_was_used_recently():
    # The tenth flood this week must still be drafted: variety gives way, a verse is reused.
    title, story = "Floodwater in Garalddor", ["The river burst its banks after a night of rain."]
    first = choose_verse(title, story, default_index())
    used = frozenset(lookup(c.verse.ref).reference for c in first.candidates)
    again = choose_verse(title, story, default_index(), recent_refs=used)
    assert lookup(again.chosen.verse.ref).reference in used
    assert any("used recently" in reason for reason in again.chosen.reasons)


def test_a_recent_verse_is_left_out_while_another_fits():
    title, story = "Floodwater in Garalddor", ["The river burst its banks after a night of rain."]
    first = choose_verse(title, story, default_index())
    again = choose_verse(
        title,
        story,
        default_index(),
        recent_refs=frozenset({lookup(first.chosen.verse.ref).reference}),
    )
    assert again.chosen.verse.ref != first.chosen.verse.ref
