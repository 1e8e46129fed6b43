"""The edition decider: best stories first, with variety of region and theme."""

from praynews.core.edition import EditionCandidate, choose_edition
from praynews.core.stories import StoryRank


def candidate(order: int, score: float, region: str, theme: str) -> EditionCandidate:
    return EditionCandidate(StoryRank(str(order), score, (f"score {score}",)), region, theme, order)


def test_a_second_story_from_the_same_region_gives_way_to_another_region():
    chosen = choose_edition(
        [
            candidate(1, 5.0, "Africa", "war"),
            candidate(2, 4.5, "Africa", "hunger"),
            candidate(3, 4.0, "Asia", "flood"),
        ],
        size=2,
    )
    assert [c.candidate.order for c in chosen] == [1, 3]
    assert chosen[1].reasons == ("score 4.0", "region Asia, theme flood")


def test_ties_go_to_the_older_story_and_size_bounds_the_edition():
    chosen = choose_edition([candidate(9, 3.0, "", "x"), candidate(4, 3.0, "", "y")], size=5)
    assert [c.candidate.order for c in chosen] == [4, 9]
