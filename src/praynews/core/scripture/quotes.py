"""Find every scripture quotation with its reference in a text and check it word for word.

Publishing runs this over the whole post, so an editor's edit or a model's output that changes
one word of a verse, cites the wrong reference, or passes off a paraphrase as a quotation is
caught before anyone reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from praynews.core.errors import ScriptureError
from praynews.core.scripture.bible import DEFAULT_TRANSLATION, TRANSLATIONS, lookup

# The end of a quotation and its reference: …” (Book 1:2) or …" (Book 1:2-3, WEB).
_REFERENCE_AFTER_QUOTE = re.compile(
    r"[\"”]\s*\((?P<ref>(?:[1-3]\s)?[A-Z][A-Za-z ]+?\s\d+:\d+"
    r"(?:\s?[-\u2013]\s?\d+)?)(?:,\s*(?P<tr>[A-Z]{2,5}))?\)"
)
OPENING_QUOTES = '"“'
MIN_QUOTE_CHARACTERS = 3


@dataclass(frozen=True)
class QuoteProblem:
    reference: str
    quoted: str
    expected: str | None
    reason: str


def comparable_words(text: str) -> str:
    """The words of a quotation as compared: case, punctuation and quotation marks aside."""
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"[^\w' ]+", " ", text.lower())
    return " ".join(text.split())


def check_quotations(
    text: str, default_translation: str = DEFAULT_TRANSLATION
) -> list[QuoteProblem]:
    """Every quotation followed by a reference whose words differ from the cited verse."""
    problems = []
    for match in _REFERENCE_AFTER_QUOTE.finditer(text):
        ref = match.group("ref")
        code = match.group("tr") or default_translation
        openings = _openings_before(text, match.start())
        if not openings:
            continue
        nearest = text[openings[0] + 1 : match.start()]
        if code not in TRANSLATIONS:
            problems.append(QuoteProblem(ref, nearest, None, f"unknown translation {code}"))
            continue
        try:
            verse = lookup(ref, code)
        except ScriptureError as exc:
            problems.append(QuoteProblem(ref, nearest, None, exc.message))
            continue
        expected = comparable_words(verse.text)
        quotes = [text[start + 1 : match.start()] for start in openings]
        if not any(comparable_words(quoted) == expected for quoted in quotes):
            problems.append(
                QuoteProblem(ref, nearest, verse.text, f"the words differ from {ref} ({code})")
            )
    return problems


def _openings_before(text: str, close: int) -> list[int]:
    """Where the quotation that closes at `close` may open, nearest first, within its line.

    A verse may hold quotation marks of its own ("He said to me, “My grace…”"), so the opening
    is not simply the nearest mark: the quotation matches its verse if it does so from any of
    them, and the words right before the reference must then be exactly the verse's.
    """
    line_start = text.rfind("\n", 0, close) + 1
    return [
        index
        for index in range(close - MIN_QUOTE_CHARACTERS, line_start - 1, -1)
        if text[index] in OPENING_QUOTES
    ]
