"""Find every scripture quotation with its reference in a text and check it word for word.

Publishing runs this over the whole post, so an editor's edit or a model's output that changes
one word of a verse, cites the wrong reference, or passes off a paraphrase as a quotation is
caught before anyone reads it. A quotation is taken for scripture when it stands in a sentence
that names a Bible reference, wherever in the sentence and whatever its quotation marks
(“…” (John 11:35); ‘…,’ says Jn 11.35; As John 11:35 says, «…»): every quotation in that
sentence must then be the verse, or a run of its words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from praynews.core.errors import ScriptureError, UnknownReferenceError
from praynews.core.scripture.bible import (
    DEFAULT_TRANSLATION,
    TRANSLATIONS,
    lookup,
    parse_reference,
)

# A reference as people write one: "John 11:35", "1 Cor. 13:4-5", "Song of Solomon 2:1",
# "John 11.35", "John 11,35", optionally followed by its translation ("John 11:35, WEB").
_REFERENCE = re.compile(
    r"(?<![\w:.])(?P<ref>(?P<book>(?:[1-3]\s?|I{1,3}\s)?[A-Z][A-Za-z]+\.?"
    r"(?:\s(?:of\s)?[A-Z][a-z]+)*)"
    r"\s(?P<chapter>\d{1,3})\s?(?P<mark>[:.,\uff1a\u2236])\s?(?P<verse>\d{1,3})"
    r"(?:\s?[-\u2013]\s?(?P<last>\d{1,3}))?)(?!\d)(?:,?\s+(?P<tr>[A-Z]{2,5})\b)?"
)
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
# A sentence ends at a stop before a space, but not after an abbreviation a citation uses.
_SENTENCE_END = re.compile(r"(?<!\bcf)(?<!\be\.g)(?<!\bi\.e)(?<!\bvv)(?<!\bv)[.!?](?=\s)|\n")
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


@dataclass(frozen=True)
class _Cited:
    """A reference in the text and the quotations in its sentence."""

    match: re.Match[str]
    reference: str  # as praynews writes it, or "" when it names no verse of the Bible
    error: str  # why it names none
    quotations: tuple[tuple[int, int], ...]  # the spans of their words, inside the marks


def comparable_words(text: str) -> str:
    """The words of a quotation as compared: case, punctuation and quotation marks aside, and
    letters dressed as symbols (circled, full-width) read as the letters they are."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"[^\w' ]+", " ", text.lower())
    return " ".join(text.strip("' ").split())


def check_quotations(
    text: str, default_translation: str = DEFAULT_TRANSLATION
) -> list[QuoteProblem]:
    """Every quotation in a sentence citing a verse that is not that verse's words, and every
    quotation cited to a verse that does not exist."""
    problems = []
    for cited in _cited_quotations(text):
        problems += _problems(text, cited, cited.match.group("tr") or default_translation)
    return problems


def scripture_references(text: str) -> list[str]:
    """Every Bible reference the text names, as praynews writes them ("John 11:35"), however it
    was written ("Jn 11.35"); a time of day or a score ("Monday 10:30") is none."""
    found = []
    for match in _REFERENCE.finditer(text):
        reference, error = _read(match)
        if reference or error:
            found.append(reference or match.group("ref"))
    return found


def without_scripture(text: str, verse_text: str) -> str:
    """The text with the verse's own words, its Bible references and the quotations faithful
    to them taken out: what is left is the writer's, and is traced to the sources like any
    other part (a quotation that is not its verse's words stays, and is traced and flagged)."""
    if verse_text:
        text = text.replace(verse_text.rstrip(",;:"), " ")
    cut = []
    for cited in _cited_quotations(text):
        if not cited.reference:
            continue
        end = cited.match.end() if _translation(cited.match) else cited.match.end("ref")
        cut.append((cited.match.start(), end))
        try:
            verse = lookup(cited.reference, _translation(cited.match) or DEFAULT_TRANSLATION)
        except ScriptureError:
            continue
        cut += [(a, b) for a, b in cited.quotations if _faithful(text[a:b], verse.text)]
    kept = list(text)
    for start, end in cut:
        kept[start:end] = " " * (end - start)
    return "".join(kept)


def _translation(match: re.Match[str]) -> str:
    code = match.group("tr") or ""
    return code if code in TRANSLATIONS else ""


def _problems(text: str, cited: _Cited, code: str) -> list[QuoteProblem]:
    written = cited.match.group("ref")
    quotes = [text[a:b] for a, b in cited.quotations]
    if not quotes:
        return []
    if cited.error:
        return [QuoteProblem(written, quotes[0], None, cited.error)]
    if code not in TRANSLATIONS:
        return [QuoteProblem(written, quotes[0], None, f"unknown translation {code}")]
    try:
        verse = lookup(cited.reference, code)
    except ScriptureError as exc:
        return [QuoteProblem(written, quotes[0], None, exc.message)]
    reason = f"the words differ from {written} ({code})"
    return [
        QuoteProblem(written, quoted, verse.text, reason)
        for quoted in _unfaithful(text, cited.quotations, verse.text)
    ]


def _unfaithful(text: str, spans: tuple[tuple[int, int], ...], verse: str) -> list[str]:
    """The quotations that are not the verse. A verse may hold quotation marks of its own
    ("He said to me, “My grace…”"), so a quotation inside a faithful one is faithful too."""
    faithful = [(a, b) for a, b in spans if _faithful(text[a:b], verse)]
    return [text[a:b] for a, b in spans if not any(fa <= a and b <= fb for fa, fb in faithful)]


def _cited_quotations(text: str) -> list[_Cited]:
    references = [m for m in _REFERENCE.finditer(text) if any(_read(m))]
    if not references:
        return []  # most texts: no reference, nothing to pair
    quotations = _quotations(text)
    masked = list(text)
    for start, end in [*quotations, *(m.span() for m in references)]:
        masked[start:end] = "x" * (end - start)
    ends = [m.end() for m in _SENTENCE_END.finditer("".join(masked))]
    cited = []
    for match in references:
        start = max([e for e in ends if e <= match.start()], default=0)
        end = min([e for e in ends if e >= match.end()], default=len(text))
        inside = tuple((a, b) for a, b in quotations if start <= a - 1 and b <= end)
        reference, error = _read(match)
        cited.append(_Cited(match, reference, error, inside))
    return cited


def _read(match: re.Match[str]) -> tuple[str, str]:
    """The reference as praynews writes it, or why a verse of a real book does not exist;
    ("", "") when the words name no book of the Bible (a time, a score, a name). The book is
    read from its first word, then without the words before it ("As John 11:35" is John's)."""
    words = match.group("book").rstrip(".").split()
    last = f"-{match.group('last')}" if match.group("last") else ""
    verse = f"{match.group('chapter')}:{match.group('verse')}{last}"
    for start in range(len(words)):
        try:
            return str(parse_reference(f"{' '.join(words[start:])} {verse}")), ""
        except UnknownReferenceError as exc:
            if "not a" not in exc.message:
                return "", exc.message
        except ScriptureError as exc:
            return "", exc.message
    return "", ""


def _faithful(quoted: str, verse: str) -> bool:
    said, expected = comparable_words(quoted), comparable_words(verse)
    if said == expected:
        return True
    return len(said.split()) >= MIN_FRAGMENT_WORDS and f" {said} " in f" {expected} "


def _quotations(text: str) -> list[tuple[int, int]]:
    """Each opening mark with the first later mark of its line that may close it (a mark that
    closed one quotation opens none), as the spans of the words between."""
    spans: list[tuple[int, int]] = []
    closing = set()
    for index, mark in enumerate(text):
        if mark not in _CLOSING_MARKS or index in closing or not _opens(text, index):
            continue
        line_end = text.find("\n", index)
        end = len(text) if line_end < 0 else line_end
        close = _closing(text, index, end)
        if close is not None:
            spans.append((index + 1, close))
            closing.add(close)
    return spans


def _closing(text: str, opening: int, end: int) -> int | None:
    """Where the quotation opening at `opening` closes: at its own closing mark (” for “)
    if the line has one, else at the next mark that may close it (a straight one)."""
    for mark in _CLOSING_MARKS[text[opening]]:
        for index in range(opening + 1 + MIN_QUOTE_CHARACTERS, end):
            if text[index] == mark and _closes(text, index):
                return index
    return None


def _opens(text: str, index: int) -> bool:
    """A mark that opens a quotation: not an apostrophe inside a word ("people's")."""
    if text[index] not in "'’":
        return True
    return (index == 0 or not text[index - 1].isalnum()) and text[index + 1 : index + 2].isalpha()


def _closes(text: str, index: int) -> bool:
    if text[index] not in "'’":
        return True
    return index + 1 == len(text) or not text[index + 1].isalnum()
