import pytest

from praynews.core.writing.headline import write_headline


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        (
            "Five killed in Auckland rooming house fire as residents escape through smoke",
            None,
            "Five Killed in Auckland Rooming House Fire",
        ),
        ("Storm floods Lae port - Harbor Daily", "Harbor Daily", "Storm Floods Lae Port"),
        (
            "Opinion | Why the recount in Ciudad del Este matters",
            None,
            "Why the Recount in Ciudad del Este Matters",
        ),
        (
            "BREAKING NEWS: Dam gives way above Derna valley",
            None,
            "Dam Gives Way Above Derna Valley",
        ),
        ("Storm hits coast near Beira: what we know so far", None, "Storm Hits Coast Near Beira"),
        (
            "Strong earthquake kills at least 19 in Papua New Guinea’s Morobe Province",
            None,
            "Strong Earthquake Kills at Least 19 in Papua New Guinea",
        ),
        (
            "Seven miners rescued alive after 60 hours trapped underground in southern Poland",
            None,
            "Seven Miners Rescued Alive After 60 Hours Trapped Underground",
        ),
    ],
)
def test_headlines_lose_outlets_labels_and_tails(title, site, expected):
    assert write_headline(title, site) == expected


def test_a_long_title_is_cut_to_ten_words_at_a_boundary():
    title = "Chelsea activate release clause to sign goalkeeper from Athletic Bilbao for record fee"
    headline = write_headline(title)
    assert 4 <= len(headline.split()) <= 10
    assert not headline.lower().endswith((" to", " for", " from", " the"))
