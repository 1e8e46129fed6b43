import pytest

from praynews.core.writing.condense import (
    condense,
    leans_on_previous,
    mid_thought_reason,
    quotation_open,
)
from praynews.core.writing.lexicon import lexicon
from praynews.core.writing.salience import score_sentences

FERRY = [
    "A ferry carrying 212 passengers ran aground off Tolvane Island on Friday, the harbour "
    "authority said, and all on board were brought ashore by fishing boats.",
    "The Marisol had left Port Quenby in calm weather. It struck a sandbank two hours later.",
    "“We heard a long scraping sound and then everyone was shouting,” said Anwen Castell, a "
    "teacher travelling with her pupils. “The fishermen were there within minutes.”",
    "Because the tide was falling, the captain ordered everyone onto the upper deck.",
    "The harbour authority said an inquiry would report by March and that ferries to the "
    "island would run on a reduced timetable until then.",
    "Islanders have asked for a second pier for years, saying one landing leaves them cut off "
    "whenever the weather turns.",
]


def _brief(paragraphs: list[str], bullets: tuple[str, ...] = ()) -> list[str]:
    sentences = score_sentences(paragraphs, "Ferry Runs Aground Off Tolvane Island")
    return condense(sentences, paragraphs, frozenset(), "The harbour authority", bullets)


def test_the_brief_takes_at_most_its_share_of_the_source():
    brief = _brief(FERRY)
    source = sum(len(p.split()) for p in FERRY)
    assert 0 < sum(len(p.split()) for p in brief) <= 0.45 * source


def test_a_pronoun_never_opens_a_brief_paragraph_without_its_antecedent():
    for paragraph in _brief(FERRY * 3):
        assert not paragraph.startswith(("It ", "Because "))


def test_a_quotation_is_kept_whole_with_its_speaker():
    brief = " ".join(_brief(FERRY * 2))
    if "fishermen were there" in brief:
        assert "“We heard a long scraping sound" in brief


def test_a_sentence_a_bullet_repeats_is_left_to_the_glance():
    bullet = "Islanders have asked for a second pier for years."
    assert all("second pier" not in p for p in _brief(FERRY * 2, (bullet,)))


def test_leaning_sentences_are_recognised():
    assert leans_on_previous("However, the boats kept coming.", "")
    assert leans_on_previous("Another is the price of fuel.", "")
    assert leans_on_previous("the rest of it,” she said.", "“We waited")
    assert leans_on_previous("“We will rebuild,” she said.", "")
    assert not leans_on_previous("“We will rebuild,” said Anwen Castell.", "")
    assert not leans_on_previous("Fishing boats reached the ferry first.", "")


def test_an_open_quotation_is_found_across_mixed_quote_marks():
    assert quotation_open("“We waited and waited.")
    assert not quotation_open('“We waited," she said.')
    assert quotation_open('He said: "We waited.')


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        ("Then there were the repairs to the bridge.", True),
        ("Yet the council kept the market open.", True),
        ("Not only that, the road stayed shut.", True),
        ("Thenmozhi Rajan chairs the harbour board.", False),
        ("Butte County officials opened a shelter.", False),
    ],
)
def test_the_writer_and_the_linter_share_one_list_of_leaning_openers(sentence, leans):
    assert leans_on_previous(sentence, "The road closed on Monday.") is leans
    assert (mid_thought_reason(sentence) is not None) is leans


def test_the_leaning_word_lists_are_clean():
    for words in lexicon()["leaning"].values():
        assert words and len(words) == len(set(words))
        assert all(w.strip() == w and w for w in words)


@pytest.mark.parametrize(
    ("opening", "reason"),
    [
        ("This week the council reopened the market.", None),
        ("This decision surprised the council.", "pronoun"),
        ("“We were ready,” the mayor said.", None),
        ('fire," the mayor said.', "middle of a sentence"),
        ('We never saw it coming," the mayor said.', "inside a quotation"),
        ("Another was found near the bridge.", "Another"),
        ("It is unclear whether the bridge will reopen.", None),
        ("It's the moment every ferry crew dreads.", None),
        ("It was destroyed in the storm.", "pronoun"),
        ("Reopening the quay in winter, however, has never been tried.", "however"),
        ("The quay reopened on Friday, the council said, however late.", None),
    ],
)
def test_a_section_opening_is_judged_by_one_rule(opening, reason):
    found = mid_thought_reason(opening)
    assert (found is None) if reason is None else (reason in found)


def test_no_one_is_named_by_surname_before_the_post_has_introduced_them():
    from praynews.core.writing.salience import ScoredSentence

    paragraphs = [
        "A storm closed the Port Eldra quay on Friday, stranding 40 fishing boats overnight.",
        "Harbour master Ada Venn has run the port for 20 years and knows its every stone.",
        "Venn said the ferries would sail from Saltmere until the sea wall was safe again.",
        "Fishermen moved their boats to Saltmere, two hours along the coast, on Saturday.",
    ] + [f"The council met for the {n} time to weigh the cost of the repairs." for n in range(8)]
    scores = [9.0, 0.1, 8.0, 5.0] + [1.0] * 8
    sentences = [ScoredSentence(p, i, i, scores[i]) for i, p in enumerate(paragraphs)]
    brief = condense(sentences, paragraphs, frozenset(), None, [])
    told = " ".join(brief)
    assert "Venn said" not in told or told.index("Ada Venn") < told.index("Venn said")
