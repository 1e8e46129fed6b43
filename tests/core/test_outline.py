from praynews.core.entities import main_actor, places
from praynews.core.writing.outline import plan_sections


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
