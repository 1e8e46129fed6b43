"""The post as a reader meets it, on the site, in a feed, in mail and read aloud.

A draft keeps FORMAT.md's parts as written: the dek is the story's first sentence, the first
bullet tells the lead fact, and the opening starts with the lead. Read top to bottom, that is
the same sentence three times before the story moves on. The reader's view keeps every part
but says each fact once: when the first bullet tells the dek's fact the dek gives way (the
glance is what readers come for, and it opens with the lead fact by design), a later bullet
that retells the dek goes while the glance keeps its minimum, the opening starts after what the
reader has just read, and the Reflection is split around its verse, so the verse stands apart
as a quotation with its reference, then the prayer. The Reflection's closing line names whom we
pray for, and so does the prayer's first sentence; when they name the same people, the prayer
says it and the line gives way.
"""

from __future__ import annotations

from dataclasses import dataclass

from praynews.core.text import fact_words, same_fact, split_sentences
from praynews.core.types import Draft, Section, Verse
from praynews.core.writing.glance import MIN_BULLETS


@dataclass(frozen=True)
class ReflectionView:
    """The Reflection in reading order: what leads to the verse, the verse, what follows."""

    before: str
    verse: Verse
    after: str
    prayer: str


@dataclass(frozen=True)
class ReaderView:
    headline: str
    dek: str
    glance: tuple[str, ...]
    opening: tuple[str, ...]
    sections: tuple[Section, ...]
    reflection: ReflectionView

    def paragraphs(self) -> list[str]:
        """The post's prose from the dek to the prayer, one paragraph per item: a transcript,
        the text an audio edition reads, the body a search finds words in."""
        reflection = self.reflection
        verse = f"{reflection.verse.text} ({reflection.verse.reference})"
        parts = [self.headline, self.dek, *self.glance, *self.opening]
        for section in self.sections:
            parts += [section.heading, *section.paragraphs]
        parts += ["Reflection", reflection.before, verse, reflection.after, reflection.prayer]
        return [part for part in parts if part]


def reader_view(draft: Draft) -> ReaderView:
    first_bullet = draft.glance[0] if draft.glance else ""
    dek = "" if _retells(draft.dek, first_bullet) else draft.dek
    glance = _glance_beside(dek, draft.glance)
    told = [text for text in (dek, first_bullet) if text]
    return ReaderView(
        headline=draft.headline,
        dek=dek,
        glance=glance,
        opening=_after_told(told, draft.opening),
        sections=draft.sections,
        reflection=reflection_view(draft),
    )


def _retells(told: str, sentence: str) -> bool:
    return bool(told and sentence) and same_fact(fact_words(told), fact_words(sentence))


def _glance_beside(dek: str, glance: tuple[str, ...]) -> tuple[str, ...]:
    """The glance without the later bullets that retell the dek, while it keeps its minimum."""
    kept = list(glance)
    for bullet in glance[1:]:
        if len(kept) > MIN_BULLETS and _retells(dek, bullet):
            kept.remove(bullet)
    return tuple(kept)


def _after_told(told: list[str], opening: tuple[str, ...]) -> tuple[str, ...]:
    """The opening from its first sentence that neither the dek nor the first bullet tells."""
    if not opening:
        return opening
    sentences = split_sentences(opening[0])
    while sentences and any(_retells(text, sentences[0]) for text in told):
        sentences.pop(0)
    first = " ".join(sentences)
    return (first, *opening[1:]) if first else opening[1:]


def reflection_view(draft: Draft) -> ReflectionView:
    """The reflection split around its quotation of the verse. A reflection edited so that it
    no longer quotes the verse in praynews's way is kept whole, and the verse follows it."""
    reflection, verse = draft.reflection, draft.reflection.verse
    text, before, after = reflection.text, reflection.text, ""
    citation = f"({verse.reference}, {verse.translation})"
    at = text.find(citation)
    opening_mark = text.rfind("\u201c", 0, at) if at != -1 else -1
    if opening_mark != -1:
        before = text[:opening_mark].rstrip()
        after = text[at + len(citation) :].lstrip(" .")
    prayer_opens = split_sentences(reflection.prayer)[:1]
    if prayer_opens and _retells(after, prayer_opens[0]):
        after = ""
    return ReflectionView(before=before, verse=verse, after=after, prayer=reflection.prayer)
