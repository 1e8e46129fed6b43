"""Strip page furniture (bylines, timestamps, share prompts, captions) from article text.

It runs before anything else so no later stage can quote a "Read more" link or a photo caption
as a fact. Two shapes of input arrive: paragraphs from an HTML page, where furniture sits on its
own lines, and flattened text (wire copy, datasets), where it is glued to the first sentence.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from praynews.core.text import normalise, split_sentences, title_case, unglue_sentences, word_count
from praynews.core.writing.lexicon import boilerplate_starts


@dataclass(frozen=True)
class ClutterRule:
    """One class of page clutter from clutter.toml, with the examples that prove its pattern."""

    kind: str
    pattern: re.Pattern[str]
    example: str
    reporting: str
    # Lowercase text every match contains: a paragraph holding none of them is passed over
    # without splitting it or running the pattern (most paragraphs; the patterns are slow).
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clutter:
    """Every clutter rule, by where it applies: whole sentences, whole paragraphs, or a label
    at the start of a paragraph."""

    sentences: tuple[ClutterRule, ...]
    paragraphs: tuple[ClutterRule, ...]
    prefixes: tuple[ClutterRule, ...]
    place_reference: re.Pattern[str]


@cache
def clutter() -> Clutter:
    data = tomllib.loads(
        resources.files("praynews.core.writing").joinpath("clutter.toml").read_text()
    )

    def rules(section: str) -> tuple[ClutterRule, ...]:
        return tuple(
            ClutterRule(
                entry["class"],
                re.compile(entry["pattern"], 0 if entry.get("case_sensitive") else re.IGNORECASE),
                entry["example"],
                entry["reporting"],
                tuple(entry.get("cues", ())),
            )
            for entry in data[section]
        )

    return Clutter(
        sentences=rules("sentence"),
        paragraphs=rules("paragraph"),
        prefixes=rules("prefix"),
        place_reference=re.compile(data["place_reference"]["pattern"], re.IGNORECASE),
    )


_BYLINE = re.compile(r"^(?i:by|from)\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,4}(?:,|$|\s)")
# A stamp is labelled ("Updated 3 March 2031") or holds a clock time ("10:01 EST, 3 March"): a
# short sentence with only a year ("The bridge opened in 1931.") is reporting.
_TIMESTAMP = re.compile(
    r"^(?:(?:updated|published|posted|last updated):?\s(?:on |at )?(?:[a-z]{3,9},? )?\d"
    r"|[\w ,.]*\b\d{1,2}:\d{2}\b)"
    r"[\w ,:.]*(?:am|pm|gmt|utc|est|et|bst|cet)?\.?$",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(
    r"\((?:photo|picture|image|credit)s?:[^)]*\)\s*\.?$"
    r"|(?:getty images|afp|reuters|ap photo)\s*\)?\s*\.?$",
    re.IGNORECASE,
)
# A paragraph shorter than this without a full stop is a caption, a label or a menu item.
MIN_UNPUNCTUATED_WORDS = 12

# Flattened text: "By . Name . PUBLISHED: . 14:11 EST, 25 October 2013 . | . UPDATED: . …"
_FLAT_BYLINE = re.compile(
    r"^By \.(?: (?:and )?(?:[A-Z][\w'’\-]*\s?){1,4}(?:[Ff]or [A-Z]\w+\s?)?\.)+\s*"
)
_FLAT_STAMP = re.compile(
    r"^(?:(?:PUBLISHED|UPDATED): \. [^|]*?\d{4} \.\s*(?:\| \.\s*)?"
    r"|Last updated at [^.]*?\d{4} \.\s*)+"
)
_DATELINE = re.compile(r"^(?:[A-Z][\w .,'’-]{0,40})?\((?:CNN|AP|Reuters|AFP)\)\s*(?:--|—|-)?\s*")
_LINEBREAK_DOT = re.compile(r" \. (?=[a-z])")
_PICTURED = re.compile(
    r"\s*\((?:pictured|left|right|centre|center|above|below|file photo"
    r"|(?:library|file|stock) (?:image|picture|photo))[^)]*\)"
)


def is_boilerplate(paragraph: str) -> bool:
    lowered = paragraph.lower().lstrip("•*-–— ")
    if lowered.startswith(boilerplate_starts()):
        return True
    words = word_count(paragraph)
    if _BYLINE.match(paragraph) and words <= 12:
        return True
    if words <= 10 and _TIMESTAMP.match(paragraph):
        return True
    if words <= 40 and _PHOTO_CREDIT.search(paragraph):
        return True
    return words < MIN_UNPUNCTUATED_WORDS and not paragraph.rstrip().endswith(
        (".", "!", "?", '"', "”")
    )


# A pointer followed by a capitalised word with no stop before it ended a caption's line: "at
# the court (pictured) He added" is two sentences.
_PICTURED_AT_LINE_END = re.compile(r"(?<![.!?\"”’])" + _PICTURED.pattern + r"(?= [A-Z][a-z])")


def drop_photo_pointers(text: str) -> str:
    """Remove "(pictured)", "(left)" and the like; where one stood at the end of a lost line,
    the sentence it ended gets its full stop back."""
    if "(" not in text:
        return text
    return _PICTURED.sub("", _PICTURED_AT_LINE_END.sub(".", text))


def join_broken_lines(text: str) -> str:
    """Flattened text marks each lost line break with " . " ("the Centers . for Disease
    Control"); inside a sentence it goes. Fidelity reads sources through it too, so a name or
    quotation the cleaner joined still traces."""
    return _LINEBREAK_DOT.sub(" ", text)


def clean_flat_text(text: str) -> str:
    """Remove the byline, timestamps, dateline and captions glued into flattened article text."""
    text = normalise(text)
    text = _FLAT_BYLINE.sub("", text)
    text = _FLAT_STAMP.sub("", text)
    text = _DATELINE.sub("", text)
    text = join_broken_lines(text)
    sentences = split_sentences(text)
    kept = [s for s in sentences if not _is_flat_caption(s, sentences)]
    if len(kept) >= 3:
        sentences = kept
    return " ".join(
        drop_photo_pointers(s).removesuffix(" .") + ("." if s.endswith(" .") else "")
        for s in sentences
    )


_CAPTION_LABEL = re.compile(r"^(?:[A-Z][\w'’\-]*\s?){1,4}:\s")


def _is_flat_caption(sentence: str, sentences: list[str]) -> bool:
    """Flattened captions end with the line break before their full stop ("… in Italy .") and
    are labelled ("Scam: …"), point at the photo ("(pictured)"), or repeat another sentence."""
    if not sentence.endswith(" ."):
        return False
    if _CAPTION_LABEL.match(sentence) or _PICTURED.search(sentence):
        return True
    words = set(sentence.lower().split())
    return any(
        other is not sentence and len(words & set(other.lower().split())) >= 0.6 * len(words)
        for other in sentences
    )


def clean_paragraphs(paragraphs: list[str], title: str = "") -> list[str]:
    """Reporting paragraphs only, in order, each once; the title repeated as text is dropped."""
    seen: set[str] = {normalise(title).lower()} if title else set()
    kept = []
    for paragraph in paragraphs:
        paragraph = normalise(paragraph)
        if _FLAT_BYLINE.match(paragraph) or _FLAT_STAMP.match(paragraph) or " . " in paragraph:
            paragraph = clean_flat_text(paragraph)
        paragraph = _DATELINE.sub("", drop_photo_pointers(_strip_labels(_unlist(paragraph))))
        paragraph = _drop_furniture_sentences(repair_punctuation(paragraph))
        key = paragraph.lower()
        if not paragraph or key in seen or is_boilerplate(paragraph) or _links_away(paragraph):
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


_LIST_MARK = re.compile(r"^[-•*–]\s+")


def _unlist(paragraph: str) -> str:
    """A list item (extraction writes <li> as "- item") is reporting only when it is a whole
    sentence: then it is kept without its mark; a label, a link or a product feature is not."""
    match = _LIST_MARK.match(paragraph)
    if not match:
        return paragraph
    item = paragraph[match.end() :]
    return item if item.rstrip('"”’)').endswith((".", "!", "?")) else ""


# Paragraphs are normalised (single spaces) before these run; each starts on a literal so the
# scan is quick.
_DOUBLED_COMMA = re.compile(r",(?: ?,)+")
_SPACE_BEFORE_MARK = re.compile(r" +(?=[,;:])")
_STRAY_STOP = re.compile(r"([^ .]) \.(?= |$)")


# Market data codes left in the text where they linked to a quote page: glued to the word
# before ("the Quill 100.QLX fell"), standing alone (" .QLXW0000PUS"), a continuous future
# (" OATc1") or a quote code (" EUR=", " QX10YT=RR").
_INSTRUMENT_CODE = re.compile(
    r"(?<=[a-z0-9])\.[A-Z][A-Z0-9]{2,}\b"
    r"| \.[A-Z][A-Z0-9]{2,}\b"
    r"| [A-Z]{2,}c\d\b"
    r"| [A-Z0-9]{2,}=[A-Z]{0,3}(?=[\s,.;:)]|$)"
)


# An agency's initials signing off the article after its last sentence: "… the quay. QNA".
_AGENCY_SIGN_OFF = re.compile(r"[.!?”\"] [A-Z]{2,6}$")
_SIGN_OFF_REACH = 8  # characters: a mark, a space and six capitals
# What every market code but a quote code ("EUR=") holds: a stop before capitals, or a
# capital before "c1". Looked for first, since most paragraphs hold neither.
# Both branches open on a literal ("." or "c"), so the scan jumps between them.
_CODE_HINT = re.compile(r"\.(?=[A-Z]{2})|c(?<=[A-Z]c)(?=\d)")


def repair_punctuation(paragraph: str) -> str:
    """Mend the marks that markup leaves behind: doubled commas, a stop or comma set off by a
    space (a lost line break), sentences glued together, market data codes, a sign-off. Each
    mark's repair runs only where a quick look finds the mark (most paragraphs have none)."""
    if ",," in paragraph or ", ," in paragraph:
        paragraph = _DOUBLED_COMMA.sub(",", paragraph)
    if " ," in paragraph or " ;" in paragraph or " :" in paragraph:
        paragraph = _SPACE_BEFORE_MARK.sub("", paragraph)
    if " ." in paragraph:
        paragraph = _STRAY_STOP.sub(r"\1.", paragraph)
    paragraph = unglue_sentences(paragraph)
    tail = max(0, len(paragraph) - _SIGN_OFF_REACH)
    if _AGENCY_SIGN_OFF.search(paragraph, tail):
        paragraph = paragraph[: paragraph.rindex(" ")]
    if "=" in paragraph or _CODE_HINT.search(paragraph):
        paragraph = _INSTRUMENT_CODE.sub("", paragraph)
    return paragraph


def _strip_labels(paragraph: str) -> str:
    """Remove the update labels and datelines that open a paragraph. A dateline's place is what
    "this town" in its sentence means, so that reference is given the place's name instead:
    the reader keeps the place, and the name traces to the dateline in the source."""
    for rule in clutter().prefixes:
        match = rule.pattern.match(paragraph)
        if not match:
            continue
        paragraph = paragraph[match.end() :]
        place = match.groupdict().get("place")
        if place:
            paragraph = clutter().place_reference.sub(title_case(place.lower()), paragraph, 1)
    return paragraph


# A report's dateline opens one of its first paragraphs (after a title line or a timestamp).
DATELINE_REACH = 3


def dateline_place(paragraphs: list[str]) -> str | None:
    """The place a report's dateline names ("HAYWARD, Calif. (AP) —" gives "Hayward"), read
    before cleaning removes it: where the reporter was, which is where a local story happened,
    though the story itself may name the town only once."""
    for paragraph in paragraphs[:DATELINE_REACH]:
        paragraph = normalise(paragraph)
        for rule in clutter().prefixes:
            match = rule.pattern.match(paragraph)
            place = match.groupdict().get("place") if match else None
            if place:
                return title_case(place.lower())
    return None


def _drop_furniture_sentences(paragraph: str) -> str:
    lowered = paragraph.lower()
    rules = [r for r in clutter().sentences if any(map(lowered.__contains__, r.cues))]
    if not rules:
        return paragraph
    sentences = split_sentences(paragraph)
    kept = [s for s in sentences if not any(rule.pattern.search(s) for rule in rules)]
    return paragraph if len(kept) == len(sentences) else " ".join(kept)


def _links_away(paragraph: str) -> bool:
    return any(rule.pattern.search(paragraph) for rule in clutter().paragraphs)
