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

# “quoted words” (Book 1:2) or (Book 1:2-3, WEB); straight or curly quotes.
_QUOTE_WITH_REFERENCE = re.compile(
    r"[\"“](?P<quote>[^\"“”]{3,}?)[\"”]\s*\((?P<ref>(?:[1-3]\s)?[A-Z][A-Za-z ]+?\s\d+:\d+"
    r"(?:\s?[-\u2013]\s?\d+)?)(?:,\s*(?P<tr>[A-Z]{2,5}))?\)"
)


@dataclass(frozen=True)
class QuoteProblem:
    reference: str
    quoted: str
    expected: str | None
    reason: str


def _comparable(text: str) -> str:
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"[^\w' ]+", " ", text.lower())
    return " ".join(text.split())


def check_quotations(
    text: str, default_translation: str = DEFAULT_TRANSLATION
) -> list[QuoteProblem]:
    """Every quotation followed by a reference whose words differ from the cited verse."""
    problems = []
    for match in _QUOTE_WITH_REFERENCE.finditer(text):
        quoted, ref = match.group("quote"), match.group("ref")
        code = match.group("tr") or default_translation
        if code not in TRANSLATIONS:
            problems.append(QuoteProblem(ref, quoted, None, f"unknown translation {code}"))
            continue
        try:
            verse = lookup(ref, code)
        except ScriptureError as exc:
            problems.append(QuoteProblem(ref, quoted, None, exc.message))
            continue
        if _comparable(quoted) != _comparable(verse.text):
            problems.append(
                QuoteProblem(ref, quoted, verse.text, f"the words differ from {ref} ({code})")
            )
    return problems
