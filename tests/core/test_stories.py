from datetime import date

from praynews.core.stories import (
    NearDuplicates,
    StoryGrouper,
    article_features,
    rank_story,
    signature,
    signature_from_bytes,
    signature_to_bytes,
)

WIRE = (
    "Rescue teams in Lae worked through the night after a magnitude 6.9 earthquake struck "
    "Morobe Province, killing at least 19 people and cutting the Highlands Highway. Provincial "
    "disaster officials said about 3,000 people had gathered at evacuation points in school "
    "grounds and church compounds. Hospitals in Lae treated more than 80 injured people, and "
    "relief flights began landing at Nadzab airport with tarpaulins and water containers. "
    "Engineers warned that landslides could block roads again if heavy rain continues."
)


def edited(text: str, version: int) -> str:
    """A republication: another outlet trims a sentence or swaps a word."""
    sentences = text.split(". ")
    changes = {
        1: text.replace("worked through the night", "worked overnight"),
        2: ". ".join(sentences[:-1]) + ".",
        3: text.replace("Provincial disaster officials", "Disaster officials"),
        4: text.replace("more than 80", "over 80"),
    }
    return changes[version]


def test_a_wire_story_republished_five_times_is_one_article():
    index = NearDuplicates()
    index.add("original", signature(WIRE))
    for version in range(1, 5):
        found = index.find(signature(edited(WIRE, version)))
        assert found and found[0] == "original", version


def test_independent_reports_of_one_event_are_not_copies():
    index = NearDuplicates()
    index.add("original", signature(WIRE))
    other = (
        "At least 19 people died when a strong earthquake shook Papua New Guinea's Morobe "
        "Province before dawn, according to officials, who said the toll could rise. In Lae, "
        "nurses set up tents outside the main hospital as aftershocks rattled the city, and "
        "church groups opened their halls to families whose houses had collapsed."
    )
    assert index.find(signature(other)) is None


def test_signatures_survive_storage():
    minhash = signature(WIRE)
    assert signature_from_bytes(signature_to_bytes(minhash)).jaccard(minhash) == 1.0


def features(key, title, text, day, outlet=""):
    return article_features(key, title, text, date(2026, 11, day), outlet)


def test_reports_of_one_event_join_and_another_event_in_the_same_city_stays_apart():
    grouper = StoryGrouper()
    first = grouper.assign(
        features("a", "Earthquake kills 19 in Morobe Province", WIRE, 17, "Crossroads Wire")
    )
    second = grouper.assign(
        features(
            "b",
            "Morobe earthquake toll rises as Lae hospitals fill",
            "The death toll from the magnitude 6.9 earthquake in Morobe Province rose to 23, "
            "officials in Lae said, as hospitals struggled with injured people from villages "
            "near the Highlands Highway and evacuation points filled with families.",
            18,
            "Highland Ledger",
        )
    )
    other = grouper.assign(
        features(
            "c",
            "Lae council approves new market hall",
            "Lae city council approved plans for a new covered market hall near the port, "
            "with construction due to start in March and space for 400 vendors.",
            18,
            "Equator Desk",
        )
    )
    assert second.joined and second.story == first.story
    assert not other.joined and other.story != first.story
    assert "lae" in second.reason or "morobe" in second.reason.lower()


def test_an_article_outside_the_window_starts_a_new_story():
    grouper = StoryGrouper(window_days=3)
    first = grouper.assign(features("a", "Earthquake kills 19 in Morobe Province", WIRE, 1))
    late = grouper.assign(features("b", "Earthquake kills 19 in Morobe Province", WIRE, 20))
    assert late.story != first.story


def test_the_grouper_forgets_stories_that_ended_before_its_window():
    grouper = StoryGrouper(window_days=3, late_report_days=1)
    quake = grouper.assign(features("a", "Earthquake kills 19 in Morobe Province", WIRE, 1))
    grouper.assign(features("b", "Earthquake kills 19 in Morobe Province", WIRE, 4))
    school = grouper.assign(features("c", "School reopens in Mosul", "Pupils in Mosul.", 9))
    assert set(grouper.stories) == {school.story}
    assert quake.story not in grouper.stories
    later = grouper.assign(features("d", "Earthquake kills 19 in Morobe Province", WIRE, 10))
    assert not later.joined


def test_a_story_still_reported_inside_the_window_is_kept():
    grouper = StoryGrouper(window_days=3, late_report_days=1)
    quake = grouper.assign(features("a", "Earthquake kills 19 in Morobe Province", WIRE, 1))
    grouper.assign(features("b", "Earthquake kills 19 in Morobe Province", WIRE, 4))
    follow_up = grouper.assign(features("c", "Earthquake kills 19 in Morobe Province", WIRE, 7))
    assert follow_up.joined and follow_up.story == quake.story
    assert quake.story in grouper.stories


def test_a_report_older_than_the_newest_still_joins_its_story():
    grouper = StoryGrouper(window_days=3)
    quake = grouper.assign(features("a", "Earthquake kills 19 in Morobe Province", WIRE, 2))
    grouper.assign(features("b", "School reopens in Mosul", "Pupils in Mosul.", 10))
    late = grouper.assign(features("c", "Earthquake kills 19 in Morobe Province", WIRE, 3))
    assert late.joined and late.story == quake.story


def test_ranking_prefers_coverage_and_lives_at_stake_and_says_why():
    quake = rank_story("q", 3, date(2026, 11, 18), date(2026, 11, 18), WIRE)
    school = rank_story(
        "s", 1, date(2026, 11, 18), date(2026, 11, 18), "A school reopened with 640 pupils."
    )
    assert quake.score > school.score
    assert quake.reasons[0] == "reported by 3 outlets"
