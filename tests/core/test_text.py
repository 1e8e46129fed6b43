import re

import pytest

from praynews.core.text import mentions, split_sentences, title_case


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Gen. Ali Musa said the troops would stay. Fighting went on.",
            ["Gen. Ali Musa said the troops would stay.", "Fighting went on."],
        ),
        (
            '"We are leaving tonight," she said. The road was closed.',
            ['"We are leaving tonight," she said.', "The road was closed."],
        ),
        (
            "Dr. J. R. Okafor arrived at 3 p.m. on Monday. He left at dawn.",
            ["Dr. J. R. Okafor arrived at 3 p.m. on Monday.", "He left at dawn."],
        ),
        ("Prices rose 4.5% in the U.S. last year.", ["Prices rose 4.5% in the U.S. last year."]),
        ("Is it over? Not yet! Talks resume.", ["Is it over?", "Not yet!", "Talks resume."]),
        ("“It is finished.” Then silence.", ["“It is finished.”", "Then silence."]),
        (
            "The state's slogan says, 'Drought. We're on it.' Posters went up on Monday.",
            ["The state's slogan says, 'Drought. We're on it.'", "Posters went up on Monday."],
        ),
        (
            "‘Stay home. Stay dry,’ the mayor said. The river kept rising.",
            ["‘Stay home. Stay dry,’ the mayor said.", "The river kept rising."],
        ),
        (
            "The farmers' market shut early. It's the third time. Stalls stayed empty.",
            ["The farmers' market shut early.", "It's the third time.", "Stalls stayed empty."],
        ),
        (
            "He called it 'a disgrace. Nobody asked us. It went on for a year and nobody at the "
            "council ever came to look at the flooded street, the closed school or the empty "
            "shops, and we were told to wait and wait. Then it rained again.",
            [
                "He called it 'a disgrace.",
                "Nobody asked us.",
                "It went on for a year and nobody at the council ever came to look at the flooded "
                "street, the closed school or the empty shops, and we were told to wait and wait.",
                "Then it rained again.",
            ],
        ),
    ],
)
def test_sentences_split_where_a_reader_would(paragraph, expected):
    assert split_sentences(paragraph) == expected


def test_title_case_keeps_acronyms_and_small_words():
    assert title_case("rebels advance toward homs as the U.N. warns") == (
        "Rebels Advance Toward Homs as the U.N. Warns"
    )


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "The ferry sank on Thursday.Crews searched all night.",
            ["The ferry sank on Thursday.", "Crews searched all night."],
        ),
        (
            "“We saw the wave,” said Ona.“Then the lights went out.”",
            ["“We saw the wave,” said Ona.", "“Then the lights went out.”"],
        ),
        (
            "Aid reached the U.S.A. and the U.K. by noon.",
            ["Aid reached the U.S.A. and the U.K. by noon."],
        ),
        (
            "The level rose 3.5 metres, e.g. past the old mark.",
            ["The level rose 3.5 metres, e.g. past the old mark."],
        ),
        (
            "Details are at https://quillpost.example/Ferry.Report today.",
            ["Details are at https://quillpost.example/Ferry.Report today."],
        ),
        ("Write to desk@quill.Example for copies.", ["Write to desk@quill.Example for copies."]),
    ],
)
def test_sentences_glued_by_extraction_are_separated(paragraph, expected):
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("Venn", "Venn said. Ada Venn, 54, and Venns; Vennard, _Venn, Venn_ and Venn"),
        ("Mae Sot", "in Mae Sot's clinics, Mae Sotland and (Mae Sot)"),
        ("U.S.", "the U.S. and U.S.-led and aU.S. forces"),
        ("Ré", "Île de Ré, Réunion and Ré."),
        ("aa", "aaa aa"),
    ],
)
def test_mentions_finds_a_word_where_a_word_bounded_pattern_would(word: str, text: str) -> None:
    """A literal search that stands in for `\\bword\\b`: it must find the same places,
    overlapping ones included, and never a word inside a longer one."""
    pattern = re.compile(rf"(?=\b{re.escape(word)}\b)")
    assert list(mentions(word, text)) == [m.start() for m in pattern.finditer(text)]
