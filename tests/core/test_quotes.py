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
