"""The news gate: pages that are not news about people are held with the right reason, the
news reports beside them pass, and opinion is noticed. Every text is the team's own invention."""

import re
import tomllib
from importlib import resources

import pytest

from praynews.core.check import check
from praynews.core.compose import compose
from praynews.core.errors import NotNewsError, WritingError
from praynews.core.gate import PageKind, judge, kinds, opinion_signs
from praynews.core.types import ExtractedArticle, ProblemKind
from praynews.core.writing.extractive import ExtractiveWriter

RECIPE = ExtractedArticle(
    title="Quince and Cardamom Butter Recipe",
    url="https://pantrynotes.example/recipes/quince-cardamom-butter/",
    text=(
        "This butter is the taste of a cold Sunday in our kitchen.\n"
        "Ingredients: 4 cups of chopped quince, 2 cups sugar, 1 tsp cardamom, 2 tbsp lemon juice.\n"
        "Preheat the oven and sterilise the jars. Simmer the quince with the sugar until soft, "
        "then whisk in the cardamom and stir in the lemon juice.\n"
        "Spoon into warm jars. Serves twelve on toast, and keeps for a month."
    ),
)
GAME_REVIEW = ExtractedArticle(
    title="Lanternfall Review: A Gorgeous Game That Stutters",
    url="https://pixelbench.example/reviews/lanternfall-review",
    text=(
        "Lanternfall is the prettiest game on the console this year, and its gameplay loop of "
        "climbing and gliding rarely gets old.\n"
        "The graphics hold 4K in quiet scenes, but the frame rate drops below 30 fps when the "
        "storms arrive, and the controller rumble lags behind.\n"
        "Gamers who want a calm game will forgive the bugs. Review score: seven out of ten."
    ),
)
LAPTOP_TEARDOWN = ExtractedArticle(
    title="The New Notebook Is Last Decade's Notebook",
    url="https://circuitdesk.example/2026/11/notebook-throwback",
    text=(
        "The teardown is finished, and the new 15-inch laptop turns out to be the old laptop "
        "with a few parts put back.\n"
        "Its keyboards use the sturdy switches the maker dropped years ago, and the case is "
        "thinner than before.\n"
        "I am glad of it. My own laptop has two dead keys, and keyboards like those were the "
        "reason. The teardown also finds the parts glued in, so repairs will cost more."
    ),
)
SPORTS_RESULTS = ExtractedArticle(
    title="County Roundup: Millbrook Defeats Harrow 3-1",
    url="https://valleyherald.example/sports/high-school/county-roundup",
    text=(
        "BOYS SOCCER\nMillbrook d. Harrow 3-1\nGoals: Okafor 2, Lindqvist. Assists: Patel.\n"
        "GIRLS VOLLEYBALL\nEast Ridge d. Carver 25-19, 25-21, 22-25, 25-17\n"
        "Leaders: Ames 14 kills, Ruiz 9 digs. East Ridge improves to 12-2 on the season and "
        "meets Carver again in the league final."
    ),
)
DEALS = ExtractedArticle(
    title="Today's Best Deals: Headphones From $39, Robot Vacuums and More",
    url="https://gadgetcart.example/2026/11/best-deals-headphones/",
    text=(
        "Today's best deals start with noise-cancelling headphones for $39 at the usual "
        "retailers, down from $89, with free shipping.\n"
        "Shop the robot vacuum sale for $149 before Black Friday, and save on a smart speaker at "
        "$24.99. Use promo code WINTER for a further discount.\n"
        "These prices may not last: buy now while they are in stock."
    ),
)
# A deals roundup saved as a file: no address says where it was filed, so its own fine print
# ("all-time low", refurbished stock, the outlet's commission) must give it away.
SAVED_DEALS_ROUNDUP = ExtractedArticle(
    title="The 8 Best Early Black Friday Deals on Kitchen Gadgets",
    text=(
        "The holiday season is going to be a big one for kitchen gadgets, from air "
        "fryers to espresso machines and stand mixers.\n"
        "The best-selling air fryer dropped to an all-time low of $59, and a refurbished "
        "espresso machine can be had for just over $120.\n"
        "Stand mixers have been discounted too, and a $250 blender is down to $149.\n"
        "The blender has a 1,200-watt motor, six speeds and a glass jar that holds 64 ounces. "
        "Its blades are stainless steel, the base has a touch panel with four programmes, and "
        "the jar and lid go in the dishwasher. The motor is rated for crushing ice, and the "
        "cord tucks into a slot underneath so that it stays out of the way on the counter.\n"
        "The air fryer has a five-litre basket with a non-stick coating, a dial for the "
        "temperature from 80 to 200 degrees, and a timer of up to an hour. It heats in about "
        "three minutes, and a window in the drawer shows the food without opening it.\n"
        "The espresso machine has a 15-bar pump, a steam wand for milk and a water tank of "
        "1.8 litres at the back. It takes ground coffee or pods, and its drip tray comes out "
        "for cleaning.\n"
        "Quantities may be limited. Prices are subject to change without notice, and we may "
        "receive a commission on orders placed through this page."
    ),
)
MARKETS = ExtractedArticle(
    title="Harbour Index Slips as Oil Futures Fall; Quill Shares Rally",
    url="https://tidewire.example/markets/harbour-index-slips",
    text=(
        "The Harbour 40 index fell 0.6% in afternoon trading on Tuesday as oil futures slid "
        "2.1%, while the broader Quill Composite index held near a record for a third session.\n"
        "Quill Shipping shares rose 4.2% after third-quarter earnings per share of $1.12 beat "
        "the $1.05 analysts expected, and the company kept its full-year guidance.\n"
        "Ten-year yields eased 3 basis points to 2.41%, and traders said the index could test "
        "its high again before the end of the week."
    ),
)
NOT_ENGLISH = ExtractedArticle(
    title="Las lluvias dejan sin hogar a cientos de familias",
    url="https://diariodelsur.example/2026/11/lluvias",
    text=(
        "Las intensas lluvias de la semana pasada dejaron sin hogar a cientos de familias en "
        "los barrios bajos de la ciudad, según informaron las autoridades locales.\n"
        "Los vecinos pidieron ayuda al gobierno provincial para reconstruir sus casas antes de "
        "que llegue la temporada de frío."
    ),
)
COLUMN = ExtractedArticle(
    title="Opinion | The Bridge Vote Was a Failure of Nerve",
    url="https://riverdaily.example/opinion/2026/11/bridge-vote",
    text=(
        "I have covered this council for twenty years, and I think Tuesday's vote was its worst.\n"
        "We must stop pretending that the old bridge can carry another winter. I believe the "
        "councillors knew it. My neighbours cross it every morning; so do I.\n"
        "We should be ashamed that it took a cracked pier to start this debate. In my view the "
        "money was there. It is time the mayor said so. I will keep asking until he does."
    ),
)

FLOOD_REPORT = ExtractedArticle(
    title="Floods Force Hundreds From Homes in Riverside Town",
    url="https://riverdaily.example/news/2026/11/floods-riverside",
    text=(
        "Hundreds of families left their homes in Marrow Bend on Tuesday after the river burst "
        "its banks, officials said.\n"
        "Rescue crews used boats to reach residents trapped on rooftops, and a school was "
        "opened as a shelter. \u201cWe have lost everything,\u201d said Ana Ruiz, 62.\n"
        "The regional government said it would send food and clean water to the town."
    ),
)
FOOD_BANK_REPORT = ExtractedArticle(
    title="Food Bank Runs Short as Prices Rise",
    url="https://valleyherald.example/news/food-bank-shortage",
    text=(
        "The Millbrook food bank turned families away on Saturday for the first time in its "
        "history, its director said, as rising prices drove more people to its doors.\n"
        "Volunteers said donations of flour and sugar had fallen by half since the summer. "
        "The council said it would meet on Monday to discuss emergency funding."
    ),
)
STADIUM_REPORT = ExtractedArticle(
    title="Crowd Crush Outside Stadium Injures Dozens",
    url="https://valleyherald.example/news/stadium-crush",
    text=(
        "Dozens of people were injured on Sunday when a crowd surged at a closed gate outside "
        "Harrow's stadium before a match, police said.\n"
        "Ambulances took 31 people to hospital, four of them in a serious condition. The city "
        "said an inquiry would look at why the gate was shut."
    ),
)
FACTORY_REPORT = ExtractedArticle(
    title="Console Factory Fire Leaves Workers Without Pay",
    url="https://gadgetwire.example/news/factory-fire-workers",
    text=(
        "Hundreds of workers at a factory that assembles game consoles have gone without pay "
        "since a fire closed it last week, their union said.\n"
        "The company said it was searching for another site and would pay wages owed by the "
        "end of the month. Families gathered outside the gates on Friday."
    ),
)
SHOPPING_REPORT = ExtractedArticle(
    title="Shopkeepers Count Losses After Market Blaze",
    url="https://riverdaily.example/news/market-blaze",
    text=(
        "Traders at the central market said on Wednesday they had lost stock worth thousands "
        "after a fire swept through the stalls overnight.\n"
        "Firefighters said the blaze began in a storeroom. No one was hurt, but more than 80 "
        "families depend on the market for their income, the traders' association said."
    ),
)
RESULTS_REPORT = ExtractedArticle(
    title="Harbour Foods Profits Fall as Fuel Costs Bite",
    text=(
        "Harbour Foods made $212m in the three months to June, down from $340m a year earlier, "
        "as fuel and packaging costs rose.\n"
        "Sales grew to $4.1bn from $3.9bn. The grocer's Irish arm lost £18.5m, against £6m a "
        "year before, and it will close nine depots.\n"
        "It expects profits for the year of about $900 million, below the $1.2 billion it "
        "forecast in March."
    ),
)

MINING_REVIEW_REPORT = ExtractedArticle(
    title="Government Reviews Foreign Mining Contracts",
    text=(
        "The government of Calvera is to review every foreign investment in its copper and "
        "tin mines, in a push to keep more of the profits at home.\n"
        "The review, ordered by the president, covers the contracts of eleven foreign "
        "companies but not the state oil firm. The mines minister will report in June.\n"
        "Foreign companies hold most of the mines, and their investors fear higher taxes."
    ),
)
GAMES_TAKEOVER_REPORT = ExtractedArticle(
    title="Broadcaster Weighs a Move Into Video Games",
    text=(
        "Northwind Media, the broadcaster, is looking at buying a video games company as "
        "viewers drift from television to games, its chief executive told investors.\n"
        "Games now earn more than films, and gamers spend on consoles as much as on the games "
        "themselves. Shareholders have pressed the company to find new revenue after two years "
        "of falling profits. A takeover would be its largest."
    ),
)
CLUB_DEBT_REPORT = ExtractedArticle(
    title="Creditors Give Struggling Club a Reprieve",
    text=(
        "Creditors of Harrow Athletic agreed on Friday to freeze its debts for two years, "
        "saving the football club from going into administration.\n"
        "It owes the banks and the owners of its stadium more than it earns in a year, and its "
        "shareholders have put in no new money. The chief executive resigned last week, and "
        "the cleaners and ticket staff have not been paid since March."
    ),
)

NEWS = [
    FLOOD_REPORT,
    FOOD_BANK_REPORT,
    STADIUM_REPORT,
    FACTORY_REPORT,
    SHOPPING_REPORT,
    RESULTS_REPORT,
    MINING_REVIEW_REPORT,
    GAMES_TAKEOVER_REPORT,
    CLUB_DEBT_REPORT,
]


@pytest.mark.parametrize(
    ("article", "kind", "reason"),
    [
        (RECIPE, PageKind.RECIPE, "recipe"),
        (GAME_REVIEW, PageKind.PRODUCT, "game"),
        (LAPTOP_TEARDOWN, PageKind.PRODUCT, "gadget"),
        (SPORTS_RESULTS, PageKind.SPORTS, "results"),
        (DEALS, PageKind.DEALS, "shopping"),
        (SAVED_DEALS_ROUNDUP, PageKind.DEALS, "shopping"),
        (NOT_ENGLISH, PageKind.NOT_ENGLISH, "not in English"),
        (MARKETS, PageKind.MARKETS, "markets"),
    ],
    ids=[
        "recipe",
        "game review",
        "laptop teardown",
        "sports results",
        "deals",
        "deals roundup saved as a file",
        "not English",
        "markets",
    ],
)
def test_a_page_that_is_not_news_is_held_with_its_reason(article, kind, reason):
    verdict = judge(article)
    assert verdict.kind == kind and not verdict.is_news
    assert reason in verdict.reason


@pytest.mark.parametrize("article", [*NEWS, COLUMN], ids=lambda a: a.title)
def test_a_news_report_of_each_kind_passes(article):
    """A flood, a food bank short of sugar, a crush at a stadium, a console factory, a market,
    a company's results in millions (sums, not prices), a government reviewing contracts, a
    broadcaster eyeing a games company, a football club's debts: news about people and the
    institutions they run, in the very words the other kinds use. A column is news too
    (flagged)."""
    assert judge(article).is_news


def test_an_opinion_column_is_noticed_with_its_signs():
    signs = " ".join(opinion_signs(COLUMN.url, COLUMN.title, COLUMN.text))
    assert "'opinion' in its address" in signs
    assert "labelled 'opinion' in its title" in signs
    assert "first person" in signs and "we must" in signs


@pytest.mark.parametrize("article", NEWS, ids=lambda a: a.title)
def test_a_report_quoting_people_in_the_first_person_is_not_opinion(article):
    assert opinion_signs(article.url, article.title, article.text) == ()


@pytest.mark.parametrize(
    "title",
    [
        "Column: Our Town Deserves Better",
        "Why the Bridge Fell | Editorial",
        "Analysis: A Fragile Truce",
        "Commentary: The Bridge Can Wait No Longer",
        "Perspective | What the Flood Taught Us",
    ],
)
def test_an_outlets_label_in_the_title_marks_opinion(title):
    assert opinion_signs(None, title, "The council met on Tuesday.")


@pytest.mark.parametrize(
    "url",
    [
        "https://riverdaily.example/commentary/2026/11/bridge-vote",
        "https://riverdaily.example/news/analysis/bridge-vote",
        "https://riverdaily.example/opinion/bridge-vote.html",
    ],
)
def test_a_page_filed_in_an_opinion_section_is_noticed(url):
    signs = opinion_signs(url, "The Bridge Vote", "The council met on Tuesday.")
    assert signs and "in its address" in signs[0]


@pytest.mark.parametrize(
    "url",
    [
        "https://riverdaily.example/news/2026/11/fact-check-mayor-bridge-repair-claims",
        "https://riverdaily.example/news/dna-analysis-names-flood-victims/48213.html",
        "https://riverdaily.example/news/readers-share-views-of-the-new-bridge",
    ],
)
def test_a_word_in_the_pages_own_name_is_not_its_section(url):
    """The last words of an address name the page after its headline: "analysis" there is a
    lab's, "views" the readers', and a fact check is a report that checks a claim."""
    assert opinion_signs(url, FLOOD_REPORT.title, FLOOD_REPORT.text) == ()


@pytest.mark.parametrize(
    "title",
    [
        "Flood Insurance Bills Are Rising. Why You Shouldn’t Panic.",
        "It's Time the Council Paid for the Bridge",
    ],
)
def test_a_headline_that_tells_the_reader_what_to_think_marks_opinion(title):
    signs = opinion_signs(None, title, FLOOD_REPORT.text)
    assert signs and "argues in its title" in signs[0]


@pytest.mark.parametrize(
    "title",
    [
        "'We should have left sooner,' say flood survivors",
        "Survivors: ‘You must not go back yet’",
        "What You Need to Know About the Flood Warnings",
    ],
)
def test_a_headline_quoting_an_argument_or_explaining_is_not_opinion(title):
    assert opinion_signs(None, title, FLOOD_REPORT.text) == ()


def test_a_word_inside_a_headline_is_not_a_label():
    assert opinion_signs(None, "Voters Give Their View of the Bridge", "It rained.") == ()


def test_every_cue_in_the_data_is_valid():
    data = tomllib.loads(resources.files("praynews.core.data").joinpath("gate.toml").read_text())
    ids = [entry["id"] for entry in data["kind"]]
    assert len(ids) == len(set(ids)) and {PageKind(i) for i in ids}
    assert PageKind.NEWS not in ids and PageKind.NOT_ENGLISH not in ids
    for entry in data["kind"]:
        assert entry["threshold"] > 0 and entry["reason"]
        for cue in entry["address"] + entry["title"] + entry["text"]:
            assert cue == cue.strip().lower() and cue, (entry["id"], cue)
        for pattern in entry.get("patterns", []):
            re.compile(pattern)
    affairs = data["news"]["affairs"]
    assert len(set(affairs)) == len(affairs)
    for cue in affairs:
        assert cue == cue.strip().lower() and cue, ("news", cue)
    opinion = data["opinion"]
    labels = opinion["address"] + opinion["title_labels"]
    for cue in labels + opinion["argument"] + opinion["title_argument"]:
        assert cue == cue.strip().lower() and cue
    assert len(set(data["english"]["stopwords"])) == len(data["english"]["stopwords"])
    assert len(kinds()) == len(ids)


def test_compose_writes_no_reflection_for_a_page_that_is_not_news():
    with pytest.raises(NotNewsError, match="recipe"):
        compose([RECIPE], ExtractiveWriter())


def test_a_story_is_news_when_one_of_its_reports_is():
    draft = compose([FLOOD_REPORT, DEALS], ExtractiveWriter())
    assert draft.reflection.verse.text


# A column that reports what others said and did around its argument.
REPORTING_COLUMN = ExtractedArticle(
    title="Opinion | The Bridge Vote Was a Failure of Nerve",
    url="https://riverdaily.example/opinion/2026/11/bridge-vote-reporting",
    text="\n".join(
        [
            "I think Tuesday's vote on the old bridge was the council's worst in years, and we "
            "should be ashamed that it took a cracked pier to start this debate.",
            "The council voted seven to four on Tuesday to delay repairs to the Marrow Bend bridge "
            "until the spring, the council's clerk said after the meeting.",
            "Engineers from the county told councillors last month that one of the bridge's three "
            "piers had cracked and that heavy lorries should be kept off it, according to the "
            "report they presented.",
            "Mayor Tomas Reyes said the repairs would cost about 2 million pounds and that the "
            "money would come from next year's budget. \u201cWe cannot spend what we do not "
            "have,\u201d he told the meeting.",
            "Councillor Ana Ruiz, who voted against the delay, said residents of the east bank "
            "cross the bridge to reach the clinic and the school. \u201cEvery week we wait is a "
            "week of risk,\u201d she said.",
            "The county's engineers said they would inspect the pier again in January and could "
            "close the bridge at a day's notice, a spokesperson for the county said.",
            "Bus operators said they had already moved two routes away from the bridge, adding "
            "twenty minutes to journeys for people on the east bank, according to the operators.",
            "Shopkeepers on the east bank told the council that their trade had fallen since the "
            "lorries were diverted, and a petition for faster repairs had 1,200 names, its "
            "organisers said.",
            "The clinic's manager, Dr. Lena Moss, said about forty patients a day come from the "
            "east bank, many of them elderly, and that staff had asked for a minibus service if "
            "the bridge closed.",
            "The head teacher of Marrow Bend primary school said 130 of its 310 pupils live across "
            "the river, and the school had written to parents about what would happen on a day "
            "the bridge was shut.",
            "A spokesperson for the regional transport authority said it had offered to pay half "
            "of the repair bill if the council started the work before March, according to "
            "letters the council published.",
            "The council's finance officer told the meeting that borrowing the rest would add "
            "about 40,000 pounds a year to interest payments for a decade, the minutes show.",
            "Two councillors who voted for the delay said they wanted a second opinion from "
            "independent engineers before committing the money, the council's clerk said.",
            "The second inspection is due in the week of January 12, the county said, and its "
            "results will go to a special council meeting later that month.",
            "I believe the councillors knew all of this. It is time the mayor said so, and I will "
            "keep asking until he does.",
        ]
    ),
)


def test_an_opinion_column_is_drafted_only_from_what_it_reports_and_flagged():
    """A post never speaks a columnist's views as its own: from a column, only what it
    reports others saying or doing is told, and the draft waits for an editor."""
    draft = compose([REPORTING_COLUMN], ExtractiveWriter())
    told = " ".join([draft.headline, draft.dek, *draft.glance, *draft.opening])
    told += " ".join(p for section in draft.sections for p in section.paragraphs)
    for view in ("I think", "ashamed", "I believe", "Failure of Nerve"):
        assert view not in told
    assert ProblemKind.OPINION_PIECE in {flag.kind for flag in draft.flags}


def test_a_column_that_reports_nothing_gets_no_draft_and_says_why():
    with pytest.raises(WritingError, match="opinion piece"):
        compose([COLUMN], ExtractiveWriter())


def test_a_draft_from_an_opinion_column_is_flagged_for_an_editor_not_blocked():
    draft = compose([REPORTING_COLUMN], ExtractiveWriter())
    problems = [
        p for p in check(draft, REPORTING_COLUMN.source_text) if p.kind == ProblemKind.OPINION_PIECE
    ]
    assert problems and not any(p.blocking for p in problems)
    assert problems[0].where == "sources[0]" and "opinion" in problems[0].text
    assert ProblemKind.OPINION_PIECE in {flag.kind for flag in draft.flags}


def test_a_news_report_raises_no_opinion_problem():
    draft = compose([FLOOD_REPORT], ExtractiveWriter())
    assert ProblemKind.OPINION_PIECE not in {flag.kind for flag in draft.flags}
