"""Bible text by reference, from the public-domain translations pythonbible ships.

Verse text is only ever looked up here, never typed in or generated, and every quotation check
compares against `verse_text` so both sides are normalised the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pythonbible as bible

from praynews.core.errors import ScriptureError, UnknownReferenceError
from praynews.core.types import Verse


@dataclass(frozen=True)
class Translation:
    code: str
    name: str
    version: bible.Version


TRANSLATIONS: dict[str, Translation] = {
    t.code: t
    for t in (
        Translation("WEB", "World English Bible", bible.Version.WORLD_ENGLISH),
        Translation("KJV", "King James Version", bible.Version.KING_JAMES),
        Translation("AKJV", "American King James Version", bible.Version.AMERICAN_KING_JAMES),
        Translation("ASV", "American Standard Version", bible.Version.AMERICAN_STANDARD),
    )
}
DEFAULT_TRANSLATION = "WEB"
# A reflection quotes one verse or a short passage; longer passages stop being a quotation.
MAX_PASSAGE_VERSES = 3


@dataclass(frozen=True)
class Reference:
    """A parsed, validated reference to a verse or a passage within one chapter."""

    book: bible.Book
    chapter: int
    first_verse: int
    last_verse: int

    @property
    def verse_ids(self) -> tuple[int, ...]:
        base = self.book.value * 1_000_000 + self.chapter * 1_000
        return tuple(base + v for v in range(self.first_verse, self.last_verse + 1))

    def __str__(self) -> str:
        book = "Psalm" if self.book is bible.Book.PSALMS else self.book.title
        verses = (
            str(self.first_verse)
            if self.first_verse == self.last_verse
            else f"{self.first_verse}-{self.last_verse}"
        )
        return f"{book} {self.chapter}:{verses}"


# A reference written the way praynews writes them ("Psalm 46:1", "1 Timothy 2:1-2"): read
# directly, since pythonbible's general parser costs about a millisecond a reference and a draft
# looks up a handful. Anything else goes to that parser.
_CANONICAL = re.compile(
    r"^(?P<book>(?:[1-3] )?[A-Z][a-z]+(?: [A-Z][a-z]+)*) (?P<chapter>\d+):"
    r"(?P<first>\d+)(?:-(?P<last>\d+))?$"
)
_BOOKS_BY_TITLE = {book.title: book for book in bible.Book} | {"Psalm": bible.Book.PSALMS}


@cache
def parse_reference(text: str) -> Reference:
    """Parse 'Psalm 46:1' or '1 Timothy 2:1-2'; raise with a reason for anything else."""
    cleaned = text.strip().replace("\u2013", "-").replace("\u2014", "-")
    reference = _canonical_reference(cleaned) or _general_reference(cleaned, text)
    _check_exists(reference, text)
    if len(reference.verse_ids) > MAX_PASSAGE_VERSES:
        raise ScriptureError(
            f"{text!r} is {len(reference.verse_ids)} verses long; "
            f"a quotation is at most {MAX_PASSAGE_VERSES}"
        )
    return reference


def _canonical_reference(cleaned: str) -> Reference | None:
    match = _CANONICAL.match(cleaned)
    book = _BOOKS_BY_TITLE.get(match["book"]) if match else None
    if match is None or book is None:
        return None
    first = int(match["first"])
    last = int(match["last"] or first)
    return Reference(book, int(match["chapter"]), first, last) if last >= first else None


def _general_reference(cleaned: str, text: str) -> Reference:
    try:
        found = bible.get_references(cleaned)
    except Exception as exc:  # pythonbible raises several internal types on odd input
        raise UnknownReferenceError(f"{text!r} is not a Bible reference ({exc})") from exc
    if len(found) != 1:
        raise UnknownReferenceError(f"{text!r} is not a single Bible reference")
    ref = found[0]
    if ref.end_book not in (None, ref.book) or ref.start_chapter != ref.end_chapter:
        raise ScriptureError(f"{text!r} spans more than one chapter")
    return Reference(ref.book, ref.start_chapter, ref.start_verse, ref.end_verse)


def _check_exists(reference: Reference, text: str) -> None:
    if not _explicit_verse(text):
        raise UnknownReferenceError(f"{text!r} names no verse (write it as 'Book 1:2')")
    if not _in_canon(reference):
        raise UnknownReferenceError(f"{text!r} does not exist: {reference} is not in the Bible")


def _in_canon(reference: Reference) -> bool:
    """Whether every verse of the passage is in the Bible. Read from the chapter and verse
    counts: pythonbible's own check scans a list of all 36,105 verse ids for each verse, the
    slowest step of choosing a verse for a post."""
    chapters = bible.get_number_of_chapters(reference.book)
    if not 1 <= reference.chapter <= chapters or reference.first_verse < 1:
        return False
    return reference.last_verse <= bible.get_number_of_verses(reference.book, reference.chapter)


def _explicit_verse(text: str) -> bool:
    return bool(re.search(r"\d+\s*:\s*\d+", text)) or _is_one_chapter_book(text)


def _is_one_chapter_book(text: str) -> bool:
    return bool(re.match(r"\s*(obadiah|philemon|2 john|3 john|jude)\s+\d+", text, re.IGNORECASE))


def translation(code: str) -> Translation:
    try:
        return TRANSLATIONS[code.upper()]
    except KeyError:
        known = ", ".join(TRANSLATIONS)
        raise ScriptureError(f"unknown translation {code!r} (choose one of {known})") from None


def verse_text(reference: Reference, translation_code: str = DEFAULT_TRANSLATION) -> str:
    """The passage's text, cleaned of the packaged texts' quirks, verses joined by a space."""
    chosen = translation(translation_code)
    text = " ".join(_clean(_raw_text(v, chosen.version)) for v in reference.verse_ids)
    # A quotation starts with a capital even where the verse starts mid-sentence (ASV, KJV).
    return text[:1].upper() + text[1:]


@cache
def _raw_text(verse_id: int, version: bible.Version) -> str:
    try:
        text = bible.get_verse_text(verse_id, version=version)
    except Exception as exc:
        raise ScriptureError(f"verse {verse_id} is missing from {version.value} ({exc})") from exc
    if not text or not text.strip():
        raise ScriptureError(f"verse {verse_id} is empty in {version.value}")
    return text


def _clean(text: str) -> str:
    # WEB writes apostrophes as backticks; KJV marks translators' words in brackets;
    # poetry arrives with runs of spaces where its line breaks were.
    text = text.replace("`", "\u2019").replace("[", "").replace("]", "")
    return re.sub(r"\s+", " ", text).strip()


@cache
def lookup(reference_text: str, translation_code: str = DEFAULT_TRANSLATION) -> Verse:
    reference = parse_reference(reference_text)
    return Verse(
        reference=str(reference),
        translation=translation(translation_code).code,
        text=verse_text(reference, translation_code),
    )
