from praynews.core.writing.clean import clean_paragraphs


def test_newsletter_promotions_are_not_reporting():
    paragraphs = [
        "Floods swept through Hue on Tuesday, killing 12 people.",
        "Get the day's big stories and the things you love delivered straight to you.",
        "Keep an eye on your inbox for the latest news.",
        "The Perfume River rose more than three metres in 24 hours.",
    ]
    assert clean_paragraphs(paragraphs) == [paragraphs[0], paragraphs[3]]
