import pytest

from praynews.core.entities import main_actor, places
from praynews.core.writing.condense import mid_thought_reason
from praynews.core.writing.outline import plan_sections, split_opening


def test_the_main_actor_is_never_a_place():
    text = (
        "Landslides cut off villages in the Markham Valley. Relatives in Lae waited for news "
        "from the Markham Valley. Refugees reached the Thai town of Mae Sot, where clinics in "
        "Mae Sot treated them. Nurses from Mae Sot said supplies were short."
    )
    assert main_actor(text, frozenset(places(text))) is None


def test_a_town_whose_mosques_speak_is_still_a_town():
    text = (
        "Thousands crossed into Thailand at shallow crossings. Temples and mosques in Mae Sot "
        "said they had opened their halls, and a clinic in Mae Sot treated 200 people."
    )
    assert "Mae Sot" in places(text)


def test_months_and_line_breaks_are_not_places():
    text = "The military seized power in February 2021.\nIn Myawaddy\nFighting went on."
    found = places(text)
    assert "February" not in found
    assert not any("\n" in place for place in found)


def test_the_background_heading_goes_over_the_history_not_a_survivors_account():
    paragraphs = [
        '"We ran with the children through the night and left everything behind," said Esther '
        "Kavira, a mother of five who reached the town on Sunday.",
        "The city's hospital had received 41 wounded patients, 11 of them children, and was "
        "short of blood for transfusions.",
        "Eastern Congo has been torn by overlapping conflicts for three decades, driven by "
        "disputes over land and competition for gold, and the region has seen repeated waves "
        "of displacement in recent years.",
        "Aid agencies said they planned to begin food distributions on Tuesday if the roads "
        "stayed open, and talks between the government and the rebels are expected next week "
        "in Nairobi, where mediators hope to agree a ceasefire before the rainy season.",
    ]
    sections = dict((label, items) for label, items in plan_sections(paragraphs, None))
    assert paragraphs[0] not in sections.get("background", [])
    assert paragraphs[2] in sections["background"]
    assert list(sections)[-1] == "next"


def test_a_weekday_after_a_place_is_not_part_of_its_name():
    assert "New York" in places("Shares closed higher in New York on Tuesday.")


def test_two_names_joined_by_and_are_not_one_actor():
    text = (
        "Officials in Moscow and Paris traded accusations. Diplomats from Moscow and Paris met "
        "again, and Moscow and Paris agreed to talk."
    )
    assert main_actor(text) is None


def test_a_body_named_by_what_it_is_takes_the_article_in_its_heading():
    from praynews.core.writing.outline import build_sections

    paragraphs = [
        "The World Health Organization said the outbreak had spread to four provinces, and the "
        "World Health Organization sent a team of 12 epidemiologists to the region on Monday.",
        "The World Health Organization was founded in 1948 and its officials have led the "
        "response to every cholera outbreak in the country since the war began.",
        "Officials will decide next week whether to open more treatment centres, and the "
        "vaccination campaign is expected to start before the rainy season in the coming weeks.",
    ]
    headings = [
        s.heading for s in build_sections(paragraphs, "World Health Organization", None, "x")
    ]
    assert "The Role of the World Health Organization" in headings


# Sixteen paragraphs of a long flood report, told six times over with one paragraph added: 97
# paragraphs, some leaning on the one before ("He said …"). Planning them once listed every
# combination of cuts; the sections below are what that plan chose.
_LONG_STORY = [
    "Floodwater cut the main road to the port on Monday, the district council said.",
    "He said relief convoys would try again once the river fell below the bridge deck.",
    "The rains began a week ago, after the dam upstream released water it could not hold.",
    "Years of logging on the hills have left the valley with nothing to slow the runoff.",
    "Residents described water rising through the night as families climbed onto roofs.",
    '"We lost everything we had in a single night and nobody came," said one farmer.',
    "The Relief Agency said its teams had reached 14 villages and handed out water.",
    "It plans to open two more shelters in the district before the weekend.",
    "Aid groups warned of cholera as clean water ran short across the wider region.",
    "Markets in neighbouring towns have doubled the price of rice since the road closed.",
    "The government is expected to announce next week whether schools will reopen.",
    "Forecasters said more rain would come on Thursday, and the council will meet again.",
    "This is the third flood in five years to close the road for more than a week.",
    "The Relief Agency said it needed more boats to reach the villages cut off by water.",
    "Farmers said the harvest, due in a month, was lost in the lowest fields.",
    "They asked the council for seed before the next planting season begins.",
]


def test_a_very_long_story_gets_the_same_sections_as_before():
    paragraphs = _LONG_STORY * 6 + [_LONG_STORY[0]]
    plan = plan_sections(paragraphs, "Relief Agency")
    assert [(label, len(items)) for label, items in plan] == [
        ("background", 24),
        ("impact", 24),
        ("people", 24),
        ("next", 25),
    ]
    assert [p for _, items in plan for p in items] == paragraphs


def test_a_heading_is_written_only_over_paragraphs_that_support_it():
    from praynews.core.writing.outline import build_sections

    paragraphs = [
        "Volunteers in Kessary handed out blankets and water at the old market hall.",
        "The council of Verrin Province said the road to the valley would reopen next week.",
        "Farmers upstream said their fields had flooded three times since the dam was built.",
    ]
    sections = build_sections(
        paragraphs, "Verrin Council", "Southern Lowlands", seed="x", place="Kessary"
    )
    for section in sections:
        text = " ".join(section.paragraphs)
        if section.heading.startswith(("Voices From", "In Their Own Words")):
            assert "“" in text or '"' in text
        for name in ("Kessary", "Verrin Council", "Southern Lowlands"):
            if name in section.heading:
                assert name in text


def test_the_first_section_never_opens_on_a_paragraph_leaning_on_the_opening():
    paragraphs = [
        "Ferries stopped running across Lake Kivu on Friday after a storm sank a cargo boat "
        "near Goma, port officials said, and crews searched the water for missing sailors.",
        "She added: “We will not send a boat out until the wind drops.”",
        "The port authority said the ferries would run again once the wind dropped.",
        "Traders in Goma said food prices had already risen.",
    ]
    opening, rest = split_opening(paragraphs)
    assert opening == paragraphs[:2] and rest == paragraphs[2:]


def test_when_no_plan_keeps_each_paragraph_with_its_antecedent_they_are_joined():
    paragraphs = [
        "The council of Goma voted to reopen the harbour market on Friday.",
        *[
            f"He said stall {i} would reopen first, and traders agreed to the plan."
            for i in range(4)
        ],
        "Traders in Goma welcomed the vote after weeks of closures.",
    ]
    sections = plan_sections(paragraphs, None)
    assert not any(mid_thought_reason(items[0]) for _, items in sections)
    assert " ".join(p for _, items in sections for p in items) == " ".join(paragraphs)


def test_a_person_named_by_surname_alone_is_introduced_first():
    from praynews.core.entities import people_by_surname, unintroduced

    source = (
        "Harbour master Ada Venn closed the quay on Friday. Venn said the wall was unsafe. "
        "The Port Eldra council met in Saltmere Town Hall."
    )
    people = people_by_surname(source)
    assert people == {"Venn": "Ada Venn"}
    assert unintroduced("Venn said the wall was unsafe.", people, "") == ["Ada Venn"]
    assert unintroduced("Venn said the wall was unsafe.", people, "Ada Venn spoke.") == []


def test_a_title_with_the_surname_introduces_someone_too():
    from praynews.core.entities import unintroduced

    people = {"Venn": "Ada Venn"}
    assert (
        unintroduced("Venn said the wall was unsafe.", people, "Harbour Master Venn spoke.") == []
    )
    assert unintroduced("After Venn spoke, the wall fell.", people, "") == ["Ada Venn"]
    assert unintroduced("Venn spoke.", people, "The quay shut on Saturday.") == ["Ada Venn"]


def test_a_bare_surname_is_given_its_full_name_except_inside_a_quotation():
    from praynews.core.entities import with_introductions

    people = {"Venn": "Ada Venn"}
    assert with_introductions("Venn said the wall was unsafe.", people, "") == (
        "Ada Venn said the wall was unsafe."
    )
    quoted = "“Venn was right,” the mayor said."
    assert with_introductions(quoted, people, "") == quoted


def test_a_capitalised_pair_is_a_person_only_when_the_text_treats_it_as_one():
    from praynews.core.entities import people_by_surname

    text = (
        "The Blue Moon lander will carry the probe. Getting to the Moon is hard. "
        "The Galileo Jupiter mission ended in 2003. Crowds in New Delhi watched. "
        "South Dakota said the launch was safe. Lander engineer Ada Venn, 54, said it was ready."
    )
    assert people_by_surname(text) == {"Venn": "Ada Venn"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ironically, the ferry ran on time. About 300 people waited. Ironically it rained.", None),
        ("In December the quay shut. December is the stormiest month.", None),
        ("The vote is on Wednesday. Wednesday’s vote will decide it.", None),
        ("Rain hit Marin County’s coast. Crews left Marin County at dawn.", "Marin County"),
        ("WHO IS TO BLAME? The council met. WHO IS TO BLAME was painted on the wall.", None),
        ("Ada Venn said the wall held. Crews thanked Ada Venn. Venn left at dawn.", "Ada Venn"),
        ("Crews worked all night, said Orr. Orr said the wall held.", "Orr"),
        ("Alvarez said the train stopped. Alvarez called the police.", "Alvarez"),
    ],
)
def test_a_sections_key_name_is_a_name_not_a_word_that_opens_sentences(text, expected):
    from praynews.core.writing.outline import key_name

    assert key_name(text, frozenset()) == expected


def test_why_now_is_written_only_over_background():
    """The writer never writes a heading the linter would flag: "Why Is This Happening Now?"
    goes only over paragraphs that give causes, history or timing."""
    from praynews.core.lint import heading_reason
    from praynews.core.writing.outline import build_sections

    paragraphs = [
        "The ferry company said the Kessary crossing would close for repairs on Monday.",
        "A crew member has been hurt on the Kessary ferry and the crossing has been shut, "
        "the company says.",
        "Passengers will take the bus to Saltmere instead, the company said in a statement.",
        "Traders in Kessary said the closure would cost them customers over the holidays.",
    ]
    for seed in "abcdefgh":
        for section in build_sections(paragraphs, "Kessary Ferries", None, seed=seed):
            body = "\n".join(section.paragraphs)
            assert heading_reason(section.heading, body) is None, section


# Paragraphs none of whose words is a role's cue: a section of them supports no role heading.
_PLAIN_PARAGRAPHS = [
    "The Orrin Gallery hung forty paintings by Tomas Veld in its east wing on Tuesday, and the "
    "Orrin Gallery printed a catalogue of the works for visitors.",
    "Veld painted most of the canvases in a barn outside the town of Lissen, using oil paint he "
    "mixed himself from clay and linseed, the Orrin Gallery said in its catalogue.",
    "The largest canvas, a view of the Lissen hills at dusk, is nearly four metres wide and took "
    "two winters to finish, according to the catalogue of the Orrin Gallery.",
    "A smaller room holds sketchbooks Veld filled during a year at sea on a cargo ship, with "
    "drawings of sailors, harbours and the Orrin Gallery's own staircase.",
]


def test_a_section_no_role_heading_fits_is_never_a_filler_right_after_the_opening():
    """Editors struck "More on Orrin Gallery" and "More of the Story": the first section goes on
    with the story's account, and says so plainly."""
    from praynews.core.writing.outline import build_sections

    sections = build_sections(_PLAIN_PARAGRAPHS, None, None, seed="x")
    assert sections[0].heading == "The Details"
    assert not any(s.heading.startswith(("More on", "More of")) for s in sections[:1])


def test_no_heading_is_used_twice_in_a_story():
    """Two sections about the same gallery were both headed "More on Orrin Gallery"."""
    from praynews.core.writing.outline import build_sections

    paragraphs = [*_PLAIN_PARAGRAPHS, *(p.replace("Veld", "Ana Veld") for p in _PLAIN_PARAGRAPHS)]
    headings = [s.heading for s in build_sections(paragraphs, None, None, seed="y")]
    assert len(headings) == len(set(headings)), headings


def test_a_section_with_no_heading_of_its_own_joins_the_one_before():
    from praynews.core.types import Section
    from praynews.core.writing.outline import _without_filler

    sections = [
        Section("The Background", ("A paragraph of history.",)),
        Section("More on Orrin Gallery", ("A paragraph about the gallery.",)),
    ]
    (joined,) = _without_filler(sections)
    assert joined.heading == "The Background"
    assert joined.paragraphs == ("A paragraph of history.", "A paragraph about the gallery.")
