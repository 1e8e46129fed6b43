import pytest

from praynews.core.writing.glance import compress, write_glance


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Tens of thousands of people fled villages south of Butembo over the weekend as "
            "rebel fighters pushed toward the trading city, local officials and aid workers "
            "said on Monday.",
            "Tens of thousands of people fled villages south of Butembo as rebel fighters pushed "
            "toward the trading city.",
        ),
        (
            "Kenya's Supreme Court on Friday ordered the government to stop demolishing homes "
            "along the Nairobi River until it provides alternative housing or compensation to "
            "the families living there, a ruling that affects an estimated 40,000 households.",
            "Kenya's Supreme Court ordered the government to stop demolishing homes along the "
            "Nairobi River.",
        ),
    ],
)
def test_compression_deletes_clauses_and_keeps_the_fact(sentence, expected):
    assert compress(sentence) == expected


def test_compression_never_runs_two_names_together():
    sentence = (
        "The band will open its tour on June 9 in West Palm Beach, FL, the first stop of 30 cities "
        "including Toronto, Denver, Seattle and Los Angeles."
    )
    assert "FL Toronto" not in compress(sentence)


def test_compression_keeps_lists_whole():
    sentence = (
        "Rainfall in the departments of Choluteca, Valle and El Paraíso was about 45% below "
        "average between August and October, according to the national weather service."
    )
    assert "Choluteca, Valle and El Paraíso" in compress(sentence)


def test_bullets_are_facts_in_the_posts_voice():
    paragraphs = [
        "Floods swept through the town of Hue on Tuesday, killing 12 people and forcing 4,000 "
        "from their homes, provincial officials said.",
        '"We lost everything in one night," said Nguyen Thi Lan, a market trader.',
        "The Perfume River rose more than three metres in 24 hours after days of heavy rain.",
        "Aid groups said clean water and rice were the most urgent needs in the flooded districts.",
        "Forecasters expect more rain on Thursday, and officials will decide whether to open the "
        "dams upstream.",
    ]
    bullets = write_glance("Floods kill 12 in Hue", paragraphs)
    assert 3 <= len(bullets) <= 5
    assert bullets[0].startswith("Floods swept through the town of Hue")
    assert not any('"' in b or "“" in b for b in bullets)
