"""The reflection and the prayer follow the event: its class chooses the verse's theme and the
frame, its stage the wording; the prayer names where it happened and whom it happened to, and
never takes a side. Checked on the labelled stories in tests/data/events/ and the samples."""

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from praynews.core.compose import reflect
from praynews.core.entities import countries
from praynews.core.event import CLASSES, classify_event
from praynews.core.extract import extract_article
from praynews.core.scripture.choose import allowed_themes, choose_verse, frames
from praynews.core.scripture.index import default_index
from praynews.core.scripture.reflection import kind_phrasing
from praynews.core.types import ExtractedArticle
from praynews.core.writing.reporting import read_reports

STORIES = tomllib.loads((Path(__file__).parents[1] / "data/events/stories.toml").read_text())[
    "story"
]
BY_ID = {s["id"]: s for s in STORIES}
DEMONYMS = sorted({d for c in countries() for d in c.demonyms}, key=len, reverse=True)
# Phrasings editors found wrong in real drafts: a result prayed over as pending, a good-news
# frame over a contested event, one closing line on every other prayer.
BANNED = ("who will benefit", "wait for a fair", "as they wait for")
# No one sentence of the prayer's varied parts may end more than this share of prayers.
MAX_SHARE_OF_ONE_LINE = 0.25


def article(story: dict) -> ExtractedArticle:
    return ExtractedArticle(title=story["title"], text=story["text"].replace("\n\n", "\n"))


def reflection_of(story: dict):
    return reflect((article(story),), story["title"])


def paragraphs(story: dict) -> list[str]:
    return [p.strip() for p in story["text"].split("\n\n") if p.strip()]


def test_every_class_has_a_frame_of_real_themes_and_phrasings():
    index_themes = {t.id for t in default_index().themes}
    assert set(frames()) == set(CLASSES)
    for name, frame in frames().items():
        assert frame.themes and set(frame.themes) <= index_themes, name
        for stage_themes in frame.stage_themes.values():
            assert set(stage_themes) <= index_themes, name
        for kind in frame.kinds:
            for stage in ("unfolding", "decided", "over"):
                assert kind_phrasing(kind, stage).human, (name, kind)


@pytest.mark.parametrize("story", STORIES, ids=[s["id"] for s in STORIES])
def test_the_verse_theme_is_one_the_events_class_allows(story):
    choice = choose_verse(story["title"], paragraphs(story), default_index())
    assert choice.chosen.theme.id in allowed_themes(choice.event)
    if choice.event.kind == story["class"]:
        assert choice.chosen.theme.id in frames()[story["class"]].themes_for(story["stage"])


@pytest.mark.parametrize(
    ("story_id", "not_ref"),
    [
        ("taganrog-witnesses-jailed", "Deuteronomy 19:15"),
        ("kebbi-school-attack", "Daniel 1:17"),
        ("juba-peace-deal", "Jeremiah 9:1"),
        ("armenia-azerbaijan-border-deal", "Jeremiah 9:1"),
    ],
)
def test_a_verse_is_never_chosen_on_a_shared_word(story_id, not_ref):
    story = BY_ID[story_id]
    themes = {
        t.theme.id for t in choose_verse(story["title"], paragraphs(story), default_index()).themes
    }
    refs = {
        c.verse.ref
        for c in choose_verse(story["title"], paragraphs(story), default_index()).candidates
    }
    assert not_ref not in refs, themes


@pytest.mark.parametrize("story", STORIES, ids=[s["id"] for s in STORIES])
def test_the_prayer_names_only_where_it_happened_and_no_nationality(story):
    reporting = read_reports((article(story),))
    assert set(reporting.prayer_places) <= set(story["places"]), reporting.prayer_places
    reflection = reflection_of(story)
    for text in (reflection.prayer, reflection.text):
        found = [d for d in DEMONYMS if re.search(rf"\b{re.escape(d)}\b", text)]
        assert not found, text
        assert not any(b in text for b in BANNED), text


@pytest.mark.parametrize("story", STORIES, ids=[s["id"] for s in STORIES])
def test_the_prayer_fits_the_kind_and_stage(story):
    prayer = reflection_of(story).prayer
    text = reflection_of(story).text
    if story["class"] == "accident":
        assert "lost homes" not in prayer + text
    if story["class"] == "war" and story["stage"] == "decided":
        assert "fighting" not in prayer + text
    if "Supreme Court" not in story["text"]:
        assert "Supreme Court" not in prayer + text
    if story["class"] == "war":
        assert "every side" in prayer


def test_the_prayer_remembers_the_dead_the_injured_and_a_named_victim():
    lyon = reflection_of(BY_ID["lyon-market-stabbing"]).prayer
    assert "Claire Vasseur" in lyon
    herat = reflection_of(BY_ID["herat-earthquake"]).prayer
    assert re.search(r"\b(died|dead)\b", herat) and "injured" in herat
    assert not re.search(r"\d", herat)  # numbers are the story's; the prayer adds none


def test_a_town_named_once_after_its_dateline_is_where_the_prayer_is_and_one_death_counts():
    # The dateline names the town the story happened in; cleaning removes it, so the story
    # names the town only once, and it tells of one death, with no number.
    prayer = reflection_of(BY_ID["dunmore-tram-stabbing"]).prayer
    assert "Dunmore" in prayer
    assert re.search(r"\b(died|dead)\b", prayer)


@pytest.mark.parametrize("story", STORIES[:12], ids=[s["id"] for s in STORIES[:12]])
def test_the_reflection_does_not_list_the_groups_the_prayer_names_next(story):
    # Readers found the helpers and the leaders named in the reflection and again, at once,
    # in the prayer: a template showing. The reflection's invitation names only who is affected.
    reflection = reflection_of(story)
    choice = choose_verse(story["title"], paragraphs(story), default_index())
    helpers = kind_phrasing(choice.kind, choice.event.stage).helpers
    assert helpers.split(" {")[0] in reflection.prayer
    assert helpers.split(" {")[0] not in reflection.text


def test_a_decided_election_is_prayed_over_as_decided():
    prayer = reflection_of(BY_ID["ghana-election-result"]).prayer
    text = reflection_of(BY_ID["ghana-election-result"]).text
    assert "wait for" not in prayer + text and "outcome" not in prayer + text


def test_no_closing_line_ends_more_than_a_quarter_of_prayers(sample_pages):
    prayers = [reflection_of(s).prayer for s in STORIES]
    for page in sample_pages:
        report = extract_article(page.read_bytes())
        prayers.append(reflect((report,), report.title).prayer)
    sentences = Counter(s for p in prayers for s in set(re.split(r"(?<=[.!])\s+", p)[1:]))
    lines = {s: n for s, n in sentences.items() if len(s.split()) > 2}  # "Amen." ends them all
    worst, count = max(lines.items(), key=lambda item: item[1])
    assert count / len(prayers) <= MAX_SHARE_OF_ONE_LINE, (worst, count, len(prayers))


@pytest.mark.parametrize(
    ("text", "spoken_only"),
    [
        ("Officials in Lusaka said the clinics in the north were full.", True),
        ("The ministry in Lusaka said so. Crowds gathered in Lusaka on Sunday.", False),
        ("Flooding in Lusaka closed roads, the authorities said.", False),
        ("Diplomats near Lusaka said talks would go on.", False),
        ("Lusaka's mayor spoke.", False),
    ],
)
def test_a_place_named_only_where_someone_spoke_from_is_not_where_it_happened(text, spoken_only):
    from praynews.core.entities import only_spoken_from

    assert only_spoken_from("Lusaka", text) is spoken_only


def test_a_region_word_is_not_a_place():
    from praynews.core.entities import places

    assert places("a slowdown in European car sales hit Žilina") == []


def test_a_story_that_may_be_a_conflict_names_no_one_sides_bodies():
    story = {
        "title": "Shelling hits Mae Sot as refugees flee across the border",
        "text": "Troops and rebels fought near Mae Sot as refugees fled across the border.\n\n"
        "Myanmar's military said it had pushed the rebels back from Mae Sot.\n\n"
        "Aid groups in Mae Sot said camps were full.\n\nThe fighting went on overnight.",
    }
    prayer = reflection_of(story).prayer
    assert "military" not in prayer


def test_a_toll_told_as_background_is_not_this_storys_dead():
    story = {
        "title": "Kestrel Air orders 40 jets from Aerolune",
        "text": "Kestrel Air agreed on Tuesday to buy 40 jets from Aerolune, the airline said.\n\n"
        "The order is worth about $4 billion at list prices, the carrier said.\n\n"
        "Deliveries begin in 2028 and will replace the airline's oldest planes.\n\n"
        "Aerolune's sales fell after two crashes of its older model killed 212 people.",
    }
    prayer = reflection_of(story).prayer
    assert not re.search(r"\b(died|dead|grieve)\b", prayer), prayer


def test_the_prayer_guides_only_the_bodies_the_lead_names_as_deciding():
    story = {
        "title": "Floods cut off villages around Tamale",
        "text": "Floods cut off villages around Tamale on Monday after days of rain, and "
        "Ghana's government sent boats to reach them.\n\n"
        "Families in Tamale waited on rooftops for the boats.\n\n"
        "Rain eased by Tuesday, and the water began to fall around Tamale.\n\n"
        "Engineers said a Swiss Army survey of the dams had warned of the risk in 2019, and "
        "the Kenyan government sent condolences.",
    }
    assert read_reports((article(story),)).deciders == ("Ghana's government",)
    prayer = reflection_of(story).prayer
    assert "Switzerland" not in prayer and "Kenya" not in prayer, prayer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorities say a ferry hand was stabbed at the quay.", ["the authorities"]),
        (
            "The quay will house a police post, the Interior Ministry said. The interior "
            "minister spoke on Friday.",
            ["the Interior Ministry"],
        ),
        ("Saltmere Council voted to close the quay on Monday.", ["Saltmere Council"]),
        ("The military and the Harbour Council met as the army moved in.", ["Harbour Council"]),
    ],
)
def test_a_deciding_body_is_named_as_a_prayer_names_it(text, expected):
    from praynews.core.phrasing import decision_makers

    assert decision_makers(text) == expected


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("The Quill Isles carrier bought jets from the U.S. plane-maker on Monday.", []),
        ("UK officials met the Quill Isles carrier on Monday.", []),
        ("Floods hit the U.S. on Monday and the U.S. mourned.", ["United States"]),
        ("Talks in the UK resumed after the storm.", ["United Kingdom"]),
    ],
)
def test_an_abbreviation_before_a_noun_is_a_nationality_word_not_a_place(text, countries):
    from praynews.core.entities import named_countries

    assert [c.name for c in named_countries(text)] == countries


def test_a_story_with_no_one_in_trouble_is_not_prayed_over_as_if_it_had():
    story = {
        "title": "Quill Shipping opens a new office in Port Eldra",
        "text": "Quill Shipping opened a new office in Port Eldra on Monday, the company said.\n\n"
        "The office will handle bookings for the island ferries and the northern routes.\n\n"
        "Port Eldra's council welcomed the move and said it hoped for more visitors.\n\n"
        "The company plans to open a second office in Saltmere next spring.",
    }
    prayer = reflection_of(story).prayer
    general = kind_phrasing("general").comfort
    assert general and any(line in prayer for line in general), prayer
    assert "afraid" not in prayer and "carrying" not in prayer


# "No staff would lose their jobs" still counts as a word of hardship: the economy's frame
# then prays for households that cannot afford food. Negation is not read yet.
NEGATED_HARDSHIP = pytest.mark.xfail(strict=True, reason="a negated hardship cue still counts")
SUBJECT_STORIES = [
    pytest.param(
        s, id=s["id"], marks=NEGATED_HARDSHIP if s["id"] == "lagos-payments-merger" else ()
    )
    for s in STORIES
    if s["class"] in ("business", "science", "governance")
]


@pytest.mark.parametrize("story", SUBJECT_STORIES)
def test_a_story_with_no_trouble_is_prayed_over_for_its_own_subject(story):
    """A company's order, a discovery or a bill gets a reflection on its subject: never the
    template for anyone ("everyone whose life is touched by this news") and never comfort for a
    suffering the story does not report."""
    reflection = reflection_of(story)
    prayer = reflection.prayer
    assert "everyone whose life is touched" not in prayer + reflection.text
    for sorrow in ("afraid", "grieve", "mourn", "shelter", "struggling to afford"):
        assert sorrow not in prayer, prayer


def test_a_companys_news_names_the_company_in_the_prayer():
    text = "\n".join(
        [
            "Quillfield, the Leeds accounting software maker, will open an office in Belfast "
            "next spring and hire 300 developers, according to a statement on Monday.",
            "Quillfield's software is used by about 80,000 small businesses, and its chief "
            "executive, Nadia Brook, told staff the new office would build tools for farms.",
            "Quillfield announced its first profit last year after a decade of growth.",
            "Customers have asked Quillfield for a version of its app that works offline.",
        ]
    )
    report = ExtractedArticle(title="Quillfield to open Belfast office and hire 300", text=text)
    prayer = reflect((report,), report.title).prayer
    brought = prayer.split("we bring before you ")[1].split(".")[0]
    assert "Quillfield" in brought, prayer
    assert "those who lead Quillfield" in prayer


def test_company_prayers_in_one_edition_do_not_all_read_alike():
    """Four company posts in one edition prayed for "everyone who works at …, and the customers
    and neighbours who rely on its work", word for word but the name."""
    lines = set()
    for name in ("Quillfield", "Harbourline", "Tarnwick", "Orrin", "Kessary Mills", "Baltic Tern"):
        text = "\n".join(
            [
                f"{name} will open a new office and hire 300 staff, according to a statement.",
                f"{name}'s customers have asked for a cheaper service, and its chief executive "
                "told investors the company would grow its sales by a fifth.",
                f"{name} announced its first profit last year after a decade of growth.",
                f"Shareholders of {name} approved the plan at a meeting on Monday.",
            ]
        )
        report = ExtractedArticle(title=f"{name} to open office and hire 300", text=text)
        prayer = reflect((report,), report.title).prayer
        brought = prayer.split("we bring before you ")[1].split(".")[0]
        if name in brought:
            lines.add(brought.replace(name, "X"))
    assert len(lines) > 1, lines


def test_trouble_is_read_before_a_subject():
    """An airline's crash is an accident that happened to its passengers, whatever the
    business words around it (shares, investors, the company): a subject is read only when no
    event is."""
    story = [
        "A Harbourline Air plane crashed on landing at Port Eldra on Monday, killing two "
        "passengers and injuring 14, the airline said.",
        "Investigators reached the crash site within the hour. The company's chief executive "
        "said the airline would ground its other three planes, and its shares fell 9%.",
        "Investors and customers were told that flights would be cancelled for a week.",
        "The company said it would help the families of those killed in the crash.",
    ]
    reading = classify_event("Harbourline Air plane crashes on landing in Port Eldra", story)
    assert reading.kind == "accident"


def test_a_story_that_names_no_place_is_prayed_over_for_its_own_people():
    """A stabbing on a train whose report names no town still has a victim and a family: the
    prayer names them, not "everyone whose life is touched by this news"."""
    text = "\n".join(
        [
            "A man was stabbed to death on a commuter train on Sunday night, and a suspect was "
            "arrested nearby, police said.",
            "Passengers said the attacker approached the man without a word, and the train was "
            "stopped at the next station while medics tried to save him.",
            "Police said the suspect, 31, had been charged with murder and would appear in court "
            "on Tuesday. The motive was not known.",
            "The rail operator said extra staff would ride the line this week.",
        ]
    )
    report = ExtractedArticle(title="Man stabbed to death on commuter train", text=text)
    prayer = reflect((report,), report.title).prayer
    assert "everyone whose life is touched" not in prayer
    # One man died: readers struck "the victims" in the plural for him.
    assert "those harmed, their families" in prayer
    assert "victims" not in prayer


def test_a_story_about_drug_dependence_gets_a_verse_on_addiction_not_famine():
    """A study of cannabis use disorder in young adults was closed with children fainting for
    hunger (Lamentations 2:19), chosen for the word "children"."""
    paragraphs = [
        "Cannabis use disorder is rising among adults in states where the drug is legal, a "
        "study of 500,000 people found, and health officials said teenagers were at risk too.",
        "The disorder, a dependence on cannabis that harms health or work, rose by a quarter "
        "among adults 26 or older after the drug was legalised, the researchers said.",
        "Parents of teenagers and children's doctors said more young people were asking for "
        "help with marijuana, and treatment centres reported longer waiting lists.",
        "The researchers said the findings did not mean legal cannabis causes the disorder.",
    ]
    choice = choose_verse(
        "Cannabis use disorder rises where the drug is legal", paragraphs, default_index()
    )
    assert choice.chosen.theme.id == "addiction"


def test_a_decision_between_two_countries_prays_for_the_people_of_both():
    """A trade deal between China and the United States reaches both peoples: the prayer named
    only the one the story put something "in"."""
    paragraphs = [
        "China and the United States agreed on Friday to cut tariffs on farm goods, officials "
        "from both governments said, after months of trade talks.",
        "The deal would lower tariffs on soybeans and pork, and the White House said tariffs "
        "in the United States on some Chinese goods would be reviewed.",
        "Negotiators said the agreement still needed the approval of both governments.",
        "Farmers' groups said the deal would help them sell their crops again.",
    ]
    report = ExtractedArticle(
        title="China and US agree to cut farm tariffs", text="\n".join(paragraphs)
    )
    prayer = reflect((report,), report.title).prayer
    assert "China" in prayer and "the United States" in prayer, prayer


@pytest.mark.parametrize("story_id", ["dhaka-deportation-flight", "guatemala-returnees"])
def test_people_sent_back_are_not_prayed_over_as_refugees_or_as_a_joyful_return(story_id):
    """Deportees landing in Delhi were prayed over as people fleeing danger, "on the move in
    the United States", with Psalm 126's laughter of a return from exile."""
    reflection = reflection_of(BY_ID[story_id])
    words = reflection.text + reflection.prayer
    assert "sent back" in reflection.prayer
    assert "more dangerous than leaving" not in words and "on the move" not in words
    assert reflection.verse.reference != "Psalm 126:1-3"


def test_a_company_is_never_a_town_nor_a_two_letter_thing():
    """ "to work in WeWork buildings" made WeWork a town ("the households in WeWork"), and a
    story about television named "everyone who works at TV"."""
    from praynews.core.entities import leading_body, places

    text = (
        "WeWork will cut 2,400 jobs, and staff who work in WeWork buildings were told "
        "on Monday. WeWork declined to comment further. WeWork's shares are not listed."
    )
    assert "WeWork" not in places(text), places(text)
    tv = "TV ratings fell. TV viewers said TV shows were too long, and TV bosses agreed."
    assert leading_body("TV ratings fall", tv, tv, ()) is None


def test_a_body_the_story_does_not_name_is_not_prayed_for_by_its_bare_noun():
    """ "Grant wisdom to the ministry" and "to the government" left readers asking which."""
    from praynews.core.phrasing import decision_makers

    lead = (
        "The ministry said on Monday that tariffs would be reviewed, and the government would "
        "decide by March. The Interior Ministry said border checks would stay."
    )
    bodies = decision_makers(lead)
    assert "the ministry" not in bodies and "the government" not in bodies
    assert "the Interior Ministry" in bodies
