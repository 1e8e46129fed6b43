import pytest

from praynews.core.scripture.bible import lookup
from praynews.core.scripture.quotes import check_quotations

VERSE = lookup("Psalm 46:1")


def test_an_exact_quotation_passes():
    assert check_quotations(f"Scripture says: \u201c{VERSE.text}\u201d (Psalm 46:1, WEB).") == []


def test_a_changed_word_is_caught():
    text = VERSE.text.replace("refuge", "fortress")
    problems = check_quotations(f"\u201c{text}\u201d (Psalm 46:1, WEB)")
    assert problems and problems[0].expected == VERSE.text


def test_a_wrong_reference_is_caught():
    assert check_quotations(f'"{VERSE.text}" (Psalm 46:2)')


def test_a_paraphrase_presented_as_a_quote_is_caught():
    assert check_quotations(
        '"God is always there to help us when things go wrong" (Psalm 46:1, WEB)'
    )


def test_a_reference_that_does_not_exist_is_caught():
    problems = check_quotations(f'"{VERSE.text}" (Psalm 151:1, WEB)')
    assert problems and "is not in the Bible" in problems[0].reason


WEPT = lookup("John 11:35").text  # "Jesus wept."


@pytest.mark.parametrize(
    "text",
    [
        "As John 11:35 says, \u201cJesus wept loudly.\u201d",
        "John 11:35: \u201cJesus wept loudly.\u201d",
        "In John 11.35 we read, \u201cJesus wept loudly.\u201d",
        "As John 11:35 says, \u2018Jesus wept loudly.\u2019",
        "As John 11:35 says, 'Jesus wept loudly.'",
        "As John 11:35 says, \u00abJesus wept loudly.\u00bb",
        "\u201cJesus wept loudly.\u201d \u2014 John 11:35",
        "\u2018Jesus wept loudly\u2019 (John 11:35).",
        "\u201cJesus wept loudly\u201d (Jn 11:35).",
    ],
)
def test_a_misquotation_is_caught_whichever_way_it_cites_its_verse(text):
    problems = check_quotations(text)
    assert [p.reference for p in problems] == [problems[0].reference]
    assert problems[0].expected == WEPT


@pytest.mark.parametrize(
    "text",
    [
        "As John 11:35 says, \u201cJesus wept.\u201d",
        "John 11.35: \u2018Jesus wept.\u2019",
        "\u201cJesus wept\u201d \u2014 John 11:35.",
        "As Psalm 46:1 puts it, \u201cGod is our refuge and strength\u201d.",
    ],
)
def test_an_exact_quotation_or_a_run_of_its_words_passes_in_any_form(text):
    assert check_quotations(text) == []


def test_a_quotation_in_another_sentence_than_the_reference_is_not_taken_for_scripture():
    text = "Mark 4:39 tells of a calm sea. The mayor said, \u201cWe will rebuild the harbour.\u201d"
    assert check_quotations(text) == []


def test_a_time_of_day_beside_a_quotation_is_not_taken_for_scripture():
    text = "At the briefing on Monday 10:30, the minister said \u201cthe roads are open\u201d."
    assert check_quotations(text) == []


def test_a_verse_that_does_not_exist_cited_for_a_quotation_is_caught():
    problems = check_quotations("As John 99:5 says, \u201cGod helps those who help.\u201d")
    assert problems and problems[0].expected is None


def test_a_score_beside_a_quotation_is_not_taken_for_scripture():
    assert (
        check_quotations("Arsenal 2:1 Chelsea, and the coach said \u201cwe were lucky\u201d.") == []
    )


@pytest.mark.parametrize(
    "text",
    [
        "\u2018Jesus laughed,\u2019 says John 11:35.",
        "\u00abJesus laughed\u00bb, says John 11:35.",
        "\u2018Jesus laughed\u2019 (see John 11:35).",
        "\u201cJesus laughed\u201d (cf. John 11:35).",
        "As John 11:35 says, \u2018Jesus wept\u2019 and \u2018Jesus laughed\u2019.",
        "John 11:35, which we read at every vigil in our churches, in our homes and in our "
        "hearts, says \u2018Jesus laughed\u2019.",
        "\u201cJesus \u24dd\u24de\u24e3 wept.\u201d (John 11:35)",
        "As John 11,35 says, \u201cJesus laughed\u201d.",
        "As John 11\uff1a35 says, \u201cJesus laughed\u201d.",
    ],
)
def test_every_quotation_in_a_sentence_citing_a_verse_must_be_the_verse(text):
    assert check_quotations(text), text
