"""Find every scripture quotation with its reference in a text and check it word for word.

Publishing runs this over the whole post, so an editor's edit or a model's output that changes
one word of a verse, cites the wrong reference, or passes off a paraphrase as a quotation is
caught before anyone reads it. A quotation is taken for scripture when a reference stands right
after it (“…” (John 11:35), “…” — John 11:35) or leads into it within its sentence
(As John 11:35 says, “…”; John 11.35: ‘…’), whatever its quotation marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from praynews.core.errors import ScriptureError, UnknownReferenceError
from praynews.core.scripture.bible import (
    DEFAULT_TRANSLATION,
    TRANSLATIONS,
    lookup,
    parse_reference,
)

# A reference as people write one: "John 11:35", "1 Cor. 13:4-5", "Song of Solomon 2:1",
# "John 11.35", optionally followed by its translation ("John 11:35, WEB").
_REFERENCE = re.compile(
    r"(?<![\w:.])(?P<ref>(?P<book>(?:[1-3]\s?)?[A-Z][A-Za-z]+\.?(?:\s(?:of\s)?[A-Z][a-z]+)*)"
    r"\s(?P<chapter>\d{1,3})\s?(?P<mark>[:.])\s?(?P<verse>\d{1,3})"
    r"(?:\s?[-\u2013]\s?(?P<last>\d{1,3}))?)(?!\d)(?:,?\s+(?P<tr>[A-Z]{2,5})\b)?"
)
# What may stand between a quotation's closing mark and the reference after it.
_BETWEEN_QUOTE_AND_REFERENCE = re.compile(r"[\s,;]*(?:[(\[]|[\u2014\u2013-]+)?\s*$")
# What may stand between a reference and the quotation it leads into: words of its sentence.
_BETWEEN_REFERENCE_AND_QUOTE = re.compile(r"^\)?[^.!?;\n\"“”‘’'«»‹›„]{0,60}$")
# Each opening mark and the marks that close it.
_CLOSING_MARKS = {
    "“": '”"',
    '"': '"”',
    "„": "“”",
    "‘": "’'",
    "'": "'’",
    "«": "»",
    "‹": "›",
}
_CLOSE_ANY = "".join(sorted(set("".join(_CLOSING_MARKS.values()))))
MIN_QUOTE_CHARACTERS = 3
HOURS_IN_A_DAY = 24
# A quotation of part of a verse is faithful if it is a run of the verse's own words this long:
# shorter runs ("Jesus", "the Lord") say too little to be checked.
MIN_FRAGMENT_WORDS = 3


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
    return " ".join(text.strip("' ").split())


def check_quotations(
    text: str, default_translation: str = DEFAULT_TRANSLATION
) -> list[QuoteProblem]:
    """Every quotation cited to a reference whose words are not the verse's, and every
    quotation cited to a reference that does not exist."""
    problems = []
    for match, spans in _cited_quotations(text):
        quotes = [text[start:end] for start, end in spans]
        problem = _problem(match, quotes, match.group("tr") or default_translation)
        if problem:
            problems.append(problem)
    return problems


def scripture_references(text: str) -> list[str]:
    """Every Bible reference the text names, as praynews writes them ("John 11:35"), however it
    was written ("Jn 11.35"); a time of day ("Monday 10:30") is none."""
    found = []
    for match in _REFERENCE.finditer(text):
        try:
            found.append(str(parse_reference(_canonical(match))))
        except ScriptureError:
            if not _looks_like_a_time(match):
                found.append(match.group("ref"))
    return found


def without_scripture(text: str, verse_text: str) -> str:
    """The text with the verse's own words, every scripture reference and every quotation
    cited to one taken out: what is left is the writer's, and is traced to the sources like
    any other part (the quotations are checked against their verses instead)."""
    if verse_text:
        text = text.replace(verse_text.rstrip(",;:"), " ")
    cut = [match.span() for match in _REFERENCE.finditer(text)]
    cut += [max(spans, key=lambda span: span[1] - span[0]) for _, spans in _cited_quotations(text)]
    kept = list(text)
    for start, end in cut:
        kept[start:end] = " " * (end - start)
    return "".join(kept)


def _cited_quotations(text: str) -> list[tuple[re.Match[str], list[tuple[int, int]]]]:
    """Each reference with the quotation it cites: the spans that quotation may take, nearest
    first."""
    cited = []
    for match in _REFERENCE.finditer(text):
        spans = _quoted_before(text, match.start()) or _quoted_after(text, match.end("ref"))
        if spans:
            cited.append((match, spans))
    return cited


def _problem(match: re.Match[str], quotes: list[str], code: str) -> QuoteProblem | None:
    written = match.group("ref")
    if code not in TRANSLATIONS:
        return QuoteProblem(written, quotes[0], None, f"unknown translation {code}")
    try:
        verse = lookup(_canonical(match), code)
    except UnknownReferenceError as exc:
        if "not a" in exc.message and _looks_like_a_time(match):
            return None  # "Monday 10:30": a time of day, not a chapter and verse
        return QuoteProblem(written, quotes[0], None, exc.message)
    except ScriptureError as exc:
        return QuoteProblem(written, quotes[0], None, exc.message)
    if any(_faithful(quoted, verse.text) for quoted in quotes):
        return None
    return QuoteProblem(written, quotes[0], verse.text, f"the words differ from {written} ({code})")


def _looks_like_a_time(match: re.Match[str]) -> bool:
    """Hours and minutes ("10:30", "9.05"), for a "book" that is no book of the Bible."""
    minutes = match.group("verse")
    return len(minutes) == 2 and int(match.group("chapter")) <= HOURS_IN_A_DAY and int(minutes) < 60


def _canonical(match: re.Match[str]) -> str:
    last = f"-{match.group('last')}" if match.group("last") else ""
    book = match.group("book").rstrip(".")
    return f"{book} {match.group('chapter')}:{match.group('verse')}{last}"


def _faithful(quoted: str, verse: str) -> bool:
    said, expected = comparable_words(quoted), comparable_words(verse)
    if said == expected:
        return True
    return len(said.split()) >= MIN_FRAGMENT_WORDS and f" {said} " in f" {expected} "


def _quoted_before(text: str, reference_start: int) -> list[tuple[int, int]]:
    """The quotation that closes right before a reference, read from each mark that may open
    it, nearest first: a verse may hold quotation marks of its own ("He said to me, “My
    grace…”"), so it matches its verse if it does so from any of them."""
    before = text[:reference_start]
    gap = _BETWEEN_QUOTE_AND_REFERENCE.search(before)
    close = gap.start() - 1 if gap else -1
    if close < 0 or before[close] not in _CLOSE_ANY:
        return []
    line_start = before.rfind("\n", 0, close) + 1
    return [
        (index + 1, close)
        for index in range(close - MIN_QUOTE_CHARACTERS, line_start - 1, -1)
        if before[close] in _CLOSING_MARKS.get(text[index], "") and _opens(text, index)
    ]


def _quoted_after(text: str, reference_end: int) -> list[tuple[int, int]]:
    """The quotation a reference leads into within its sentence, to each mark that may close
    it, nearest first."""
    for index in range(reference_end, min(len(text), reference_end + 64)):
        if text[index] in _CLOSING_MARKS and _opens(text, index):
            if not _BETWEEN_REFERENCE_AND_QUOTE.match(text[reference_end:index]):
                return []
            return _to_each_close(text, index)
    return []


def _to_each_close(text: str, opening: int) -> list[tuple[int, int]]:
    closes = _CLOSING_MARKS[text[opening]]
    line_end = text.find("\n", opening)
    end = len(text) if line_end < 0 else line_end
    return [
        (opening + 1, index)
        for index in range(opening + 1 + MIN_QUOTE_CHARACTERS, end)
        if text[index] in closes and _closes(text, index)
    ]


def _opens(text: str, index: int) -> bool:
    """A mark that opens a quotation: not an apostrophe inside a word ("people's")."""
    if text[index] not in "'’":
        return True
    return (index == 0 or not text[index - 1].isalnum()) and text[index + 1 : index + 2].isalpha()


def _closes(text: str, index: int) -> bool:
    if text[index] not in "'’":
        return True
    return index + 1 == len(text) or not text[index + 1].isalnum()
