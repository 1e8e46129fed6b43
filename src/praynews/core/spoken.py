"""The words an audio edition speaks: a post, or a day's stories, as a listener hears them.

A page shows its structure; a voice has to say it. So the script names each part as it starts
("This story at a glance", "Reflection"), says a Bible reference the way a reader would ("Psalm
121, verses 1 to 2", "First Timothy 2, verse 1"), and reads the reader's view of the post
(`reading.reader_view`), so a listener, like a reader, hears each fact once. The transcript on
the post page is this script.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from praynews.core.errors import ScriptureError
from praynews.core.reading import ReaderView
from praynews.core.scripture.bible import TRANSLATIONS, parse_reference

_ORDINALS = {"1": "First", "2": "Second", "3": "Third"}


def spoken_reference(reference: str) -> str:
    """ "1 Timothy 2:1-2" as "First Timothy 2, verses 1 to 2"; a reference that does not
    parse is read as written."""
    try:
        parsed = parse_reference(reference)
    except ScriptureError:
        return reference
    book, *_ = str(parsed).rsplit(" ", 1)
    number, _, name = book.partition(" ")
    if number in _ORDINALS and name:
        book = f"{_ORDINALS[number]} {name}"
    if parsed.first_verse == parsed.last_verse:
        return f"{book} {parsed.chapter}, verse {parsed.first_verse}"
    return f"{book} {parsed.chapter}, verses {parsed.first_verse} to {parsed.last_verse}"


def post_script(view: ReaderView) -> list[str]:
    """The post read aloud, one paragraph per item, from the headline to the prayer."""
    reflection = view.reflection
    verse = reflection.verse
    translation = TRANSLATIONS.get(verse.translation)
    version = f", in the {translation.name}" if translation else ""
    lines = [view.headline, view.dek, "This story at a glance.", *view.glance, *view.opening]
    for section in view.sections:
        lines += [section.heading + ".", *section.paragraphs]
    lines += [
        "Reflection.",
        reflection.before,
        f"From {spoken_reference(verse.reference)}{version}: {verse.text}",
        reflection.after,
        "Let us pray.",
        reflection.prayer,
    ]
    return [line for line in lines if line]


def edition_script(publication: str, day: date, posts: Sequence[ReaderView]) -> list[str]:
    """A day's edition: a greeting that says the day and how many stories, then each post."""
    count = len(posts)
    stories = "one story" if count == 1 else f"{count} stories"
    lines = [f"{publication}, for {day:%A} {day.day} {day:%B %Y}. Today, {stories}."]
    for number, view in enumerate(posts, start=1):
        lines.append(f"Story {number}.")
        lines += post_script(view)
    lines.append(f"That is {publication} for today. Thank you for praying with us.")
    return lines
