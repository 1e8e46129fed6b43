import pytest

from praynews.core.writing.clean import clean_paragraphs, clutter, repair_punctuation

REPORT = [
    "Floods swept through Hue on Tuesday, killing 12 people.",
    "The Perfume River rose more than three metres in 24 hours.",
    "Volunteers from Quang Tri carried rice to the stranded villages by boat.",
]


def test_newsletter_promotions_are_not_reporting():
    paragraphs = [
        "Floods swept through Hue on Tuesday, killing 12 people.",
        "Get the day's big stories and the things you love delivered straight to you.",
        "Keep an eye on your inbox for the latest news.",
        "The Perfume River rose more than three metres in 24 hours.",
    ]
    assert clean_paragraphs(paragraphs) == [paragraphs[0], paragraphs[3]]


ALL_RULES = [
    *clutter().sentences,
    *clutter().paragraphs,
    *clutter().prefixes,
]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.kind)
def test_every_clutter_rule_catches_its_example_and_spares_reporting(rule):
    assert rule.pattern.search(rule.example), rule.kind
    assert not rule.pattern.search(rule.reporting), rule.kind
    assert rule.reporting in " ".join(clean_paragraphs([rule.reporting, *REPORT]))


@pytest.mark.parametrize("rule", clutter().sentences, ids=lambda rule: rule.kind)
def test_every_sentence_rule_has_cues_its_example_holds(rule):
    assert rule.cues and all(cue == cue.lower() for cue in rule.cues)
    assert any(cue in rule.example.lower() for cue in rule.cues)


@pytest.mark.parametrize(
    "clutter_paragraph",
    [
        "Ferry crews wade ashore at Port Eldra on Monday (pictured)",  # caption
        "Scroll down for video",
        "Sorry we are not currently accepting comments on this article.",
        "Also on lanternpost.com Lighthouse keeper retires after forty winters",
        "Like this story? Share it with a friend!",
        "© 2031 Harbour Ledger Media. All rights reserved.",
        "Copyright 2031 Quill Wire Service.",
        "This material may not be published, broadcast, rewritten or redistributed.",
        "Main image credit: Ledger Pictures",
        "By Ada Quillfeather",
        "Published 10:01 EST, 3 March 2031",
        "UPDATE (10:58 a.m. ET)",
        "Left, the ferry at dawn and, right, its captain with the harbour master.",
        "Follow us on Instagram @quillharbour",
        "Quill's Ada Marsh contributed to this report.",
    ],
)
def test_clutter_paragraphs_are_removed(clutter_paragraph):
    assert clean_paragraphs([REPORT[0], clutter_paragraph, *REPORT[1:]]) == REPORT


def test_furniture_flattened_into_reporting_is_cut_out_of_it():
    paragraph = (
        "The ferry sank off Port Eldra on Monday. Scroll down for video . "
        "All 40 passengers were pulled from the water by fishermen."
    )
    assert clean_paragraphs([paragraph]) == [
        "The ferry sank off Port Eldra on Monday. "
        "All 40 passengers were pulled from the water by fishermen."
    ]


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("PORT ELDRA (Quill) - The ferry docked at dawn.", "The ferry docked at dawn."),
        ("NEW HARLOW, Vendara (Quill News) -- Crews worked late.", "Crews worked late."),
        ("SALTMERE — The lighthouse went dark.", "The lighthouse went dark."),
        ("(Quill News) -- Crews worked late.", "Crews worked late."),
        ("UPDATE (10:58 a.m. ET): The ferry has docked.", "The ferry has docked."),
        ("UPDATED 9:15 GMT - Crews worked late.", "Crews worked late."),
        ("NATO - the alliance - met on Friday.", "NATO - the alliance - met on Friday."),
        ("WHERE IS THE FERRY-MASTER?", "WHERE IS THE FERRY-MASTER?"),
        ("SALTMERE—The lighthouse went dark.", "The lighthouse went dark."),
        ("PORT ELDRA, June 3 (Quill) - The ferry docked.", "The ferry docked."),
        ("By Ada Marsh, Quill Wire. The ferry docked.", "The ferry docked."),
        ("By Ada Marsh. Published 10:01 EST, 3 March 2031. The ferry docked.", "The ferry docked."),
    ],
)
def test_datelines_and_update_labels_leave_the_reporting(opening, expected):
    assert clean_paragraphs([opening, *REPORT])[0] == expected


def test_a_sentence_leaning_on_the_dateline_names_its_place():
    opening = "SALTMERE (Quill) - Families in this town slept in the chapel on Friday."
    assert clean_paragraphs([opening, *REPORT])[0] == (
        "Families in Saltmere slept in the chapel on Friday."
    )


@pytest.mark.parametrize(
    "opening",
    [
        "SALTMERE, Quill Isles — Saltmere's ferry crews struck on Friday over pay.",
        "SALTMERE: Saltmere's ferry crews struck on Friday over pay.",
        "Saltmere, Quill Isles, Westmark: Saltmere's ferry crews struck on Friday over pay.",
    ],
)
def test_a_dateline_naming_the_region_or_ending_in_a_colon_is_removed(opening):
    assert clean_paragraphs([opening, *REPORT])[0] == (
        "Saltmere's ferry crews struck on Friday over pay."
    )


def test_daily_mail_style_byline_and_stamps_are_removed():
    flat = (
        "By . Ada Quillfeather . PUBLISHED: . 10:01 EST, 3 March 2031 . | . UPDATED: . "
        "11:20 EST, 3 March 2031 . The ferry sank off Port Eldra on Monday. "
        "All 40 passengers were pulled from the water by fishermen. "
        "The harbour master said the crossing would stay shut."
    )
    assert clean_paragraphs([flat])[0].startswith("The ferry sank off Port Eldra on Monday.")


@pytest.mark.parametrize(
    ("marked", "repaired"),
    [
        ("The tide rose,, and the quay flooded.", "The tide rose, and the quay flooded."),
        ("The tide rose , and the quay flooded .", "The tide rose, and the quay flooded."),
        (
            "The quay flooded on Wednesday.The crews left.",
            "The quay flooded on Wednesday. The crews left.",
        ),
        ("He paused... then spoke.", "He paused... then spoke."),
    ],
)
def test_stray_marks_are_mended(marked, repaired):
    assert repair_punctuation(marked) == repaired


def test_list_items_stay_only_when_they_are_sentences():
    paragraphs = [
        REPORT[0],
        "- Ten quiet harbours to visit this spring",
        "- Waterproof lantern with twelve hours of battery life and a folding handle",
        "- The ferry will run twice a day until the bridge reopens.",
        *REPORT[1:],
    ]
    assert clean_paragraphs(paragraphs) == [
        REPORT[0],
        "The ferry will run twice a day until the bridge reopens.",
        *REPORT[1:],
    ]


def test_a_photo_pointer_at_a_lost_line_break_gives_the_sentence_its_stop():
    paragraph = (
        "The skipper was honoured at Saltmere Guildhall (pictured) She thanked the crew. "
        "Mayor Ida Fenn (left) of Port Eldra spoke first."
    )
    assert clean_paragraphs([paragraph, *REPORT])[0] == (
        "The skipper was honoured at Saltmere Guildhall. She thanked the crew. "
        "Mayor Ida Fenn of Port Eldra spoke first."
    )


@pytest.mark.parametrize(
    "short_report", ["The bridge opened in 1931.", "Published reports in 2031 said it was unsafe."]
)
def test_a_short_sentence_with_a_year_is_reporting_not_a_timestamp(short_report):
    assert short_report in clean_paragraphs([short_report, *REPORT])


def test_market_data_codes_left_by_links_are_removed():
    paragraph = (
        "On the Quill exchange, the Harbour 100.QLX fell 12 points and Westmark crude OATc1 "
        "rose 1%, while the pound GBP= gained, the index .QXY held and the 10-year note "
        "QX10YT=RR eased. The "
        "broadest index of island shares .QLXW0000PUS closed higher."
    )
    assert clean_paragraphs([paragraph, *REPORT])[0] == (
        "On the Quill exchange, the Harbour 100 fell 12 points and Westmark crude rose 1%, "
        "while the pound gained, the index held and the 10-year note eased. The broadest "
        "index of island shares closed higher."
    )


def test_a_glued_sentence_and_an_abbreviation_are_not_market_codes():
    paragraph = "The ferry docked in the U.S. on Monday.The crew of the USS Quill went ashore."
    assert "USS Quill" in clean_paragraphs([paragraph, *REPORT])[0]


def test_an_agencys_sign_off_after_the_last_sentence_is_removed():
    paragraph = "The ferry docked at Port Eldra at dawn after a night at sea. QNA"
    assert clean_paragraphs([paragraph, *REPORT])[0] == (
        "The ferry docked at Port Eldra at dawn after a night at sea."
    )
    assert clean_paragraphs(["The ferry crews joined the UN.", *REPORT])[0].endswith("the UN.")
