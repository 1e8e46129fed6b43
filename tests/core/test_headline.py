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


def test_a_possessive_is_cut_only_after_a_place():
    """Cut at "Kessary's", the title below would give the ash clouds to Kessary and say
    nothing happened; a long headline is better than a wrong one."""
    title = "The Ash Clouds of Kessary's Old Volcano Are Drifting Toward Saltmere Bay"
    headline = write_headline(title)
    assert not headline.endswith("Kessary"), headline
    assert "Drifting" in headline, headline


def test_a_long_title_is_cut_to_ten_words_at_a_boundary():
    title = "Chelsea activate release clause to sign goalkeeper from Athletic Bilbao for record fee"
    headline = write_headline(title)
    assert 4 <= len(headline.split()) <= 10
    assert not headline.lower().endswith((" to", " for", " from", " the"))


LEAD = (
    "On Tuesday, a landslide buried the market road into Port Eldra after three days of rain, "
    "officials said. Crews from Saltmere worked through the night."
)


@pytest.mark.parametrize(
    "title",
    [
        "",
        "You won't believe what the rain did to this harbour town",
        "With a Breezy Sweep",
        "A Ferry Operator Has Been Ordered",
        "Quill Wire",
        "A landslide that followed three days of heavy rain buried the market road into the "
        "harbour town of Port Eldra on Tuesday, and crews from Saltmere worked through the "
        "night to reach the families cut off beyond it.",
    ],
)
def test_no_usable_title_gives_a_headline_composed_from_the_lead(title):
    assert write_headline(title, lead=LEAD) == "A Landslide Buried the Market Road into Port Eldra"


def test_a_usable_title_is_kept_over_the_lead():
    title = "With harbour cut off, Port Eldra crews dig overnight"
    assert write_headline(title, lead=LEAD) == (
        "With Harbour Cut Off, Port Eldra Crews Dig Overnight"
    )


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (
            "A ferry captain who steered through the storm with a broken rudder has been "
            "honoured by the harbour board in Saltmere.",
            "A Ferry Captain Has Been Honoured by the Harbour Board",
        ),
        (
            "Mira Tallow, 34, was rescued from the flooded quarry by two fishermen on Sunday.",
            "Mira Tallow Was Rescued from the Flooded Quarry",
        ),
        (
            "Harbour officials said on Monday that the lighthouse at Port Eldra will reopen "
            "in May.",
            "The Lighthouse at Port Eldra Will Reopen in May",
        ),
        (
            "Bored of the rain? The council of Saltmere has approved a new covered market "
            "on the quay.",
            "The Council of Saltmere Has Approved a New Covered Market",
        ),
    ],
)
def test_a_composed_headline_is_a_main_clause_of_four_to_ten_words(lead, expected):
    headline = write_headline("", lead=lead)
    assert headline == expected
    source_words = {w.strip(",.?").lower() for w in lead.split()}
    assert all(w.lower() in source_words for w in headline.split())


def test_a_lead_that_gives_no_clause_leaves_the_title():
    assert write_headline("Quill Wire", lead="Rain. More rain. Still rain.") == "Quill Wire"


def test_every_headline_data_entry_is_usable():
    from praynews.core.writing.headline import _headline_data

    data = _headline_data()
    for section in data.values():
        for entries in section.values():
            assert entries and all(e == e.strip().lower() and e for e in entries)
            assert len(entries) == len(set(entries))


def test_a_headline_names_its_subject_rather_than_a_pronoun():
    lead = (
        "They waited on the quay for two days. The Saltmere lifeboat crew rescued eleven "
        "sailors from a burning trawler."
    )
    assert write_headline("", lead=lead) == "The Saltmere Lifeboat Crew Rescued Eleven Sailors"


def test_a_feature_lead_without_a_main_clause_still_gives_a_whole_phrase():
    lead = "Bored of grey winters and longing for colour? Lanterns over the quay."
    assert write_headline("", lead=lead) == "Bored of Grey Winters and Longing for Colour"


def test_asides_between_dashes_are_left_out_of_a_composed_headline():
    lead = "Saltmere -- the largest port on the Eldra coast -- has banned night fishing boats."
    assert write_headline("", lead=lead) == "Saltmere Has Banned Night Fishing Boats"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "The Quill view on Port Eldra: a town on the brink today",
            "The Quill View on Port Eldra",
        ),
        (
            "Ferry fares rise and crossings fall at Port Eldra; time to worry?",
            "Ferry Fares Rise and Crossings Fall at Port Eldra",
        ),
    ],
)
def test_a_long_title_is_never_cut_to_a_stub_after_a_colon(title, expected):
    assert write_headline(title) == expected


def test_who_makes_a_claim_stays_in_the_headline():
    title = "Saltmere and Westmark: Quill Forces Blocking Ferry Return"
    assert write_headline(title) == "Saltmere and Westmark: Quill Forces Blocking Ferry Return"


def test_a_live_pages_label_is_not_who_makes_the_claim():
    assert write_headline("The Latest: Ferry crews strike at Port Eldra over pay") == (
        "Ferry Crews Strike at Port Eldra over Pay"
    )


def test_a_headline_is_never_cut_from_what_a_gerund_was_about():
    """Cut to ten words, "… Pleads Guilty to Threatening" lost whom he threatened, and "…
    Pleads Guilty" what he admitted: a long headline is better than either."""
    title = "Port Eldra man pleads guilty to threatening to burn down the harbour office"
    headline = write_headline(title)
    assert not headline.endswith(("Threatening", "Guilty")), headline
