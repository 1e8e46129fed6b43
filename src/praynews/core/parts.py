"""The parts of a draft an editor edits one at a time, named by their path in FORMAT.md's JSON.

`parts` lists them with a label an editor reads ("Bullet 2"), `part_text` reads one and
`with_part` replaces one, returning a new `Draft`: the desk's forms, the regenerate button and
the revision comparison all speak of parts by the same paths the check's problems use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from praynews.core.errors import InputError
from praynews.core.text import normalise
from praynews.core.types import Draft, Section

# Longest text one part may hold: the longest paragraph of the 89 real pages' drafts is about
# 900 characters; a pasted article is refused rather than stored as a "paragraph".
MAX_PART_CHARACTERS = 4000

_PATH = re.compile(
    r"^(?:(headline|dek)|(glance|opening)\[(\d+)\]|sections\[(\d+)\]\.(heading|paragraphs)"
    r"(?:\[(\d+)\])?|reflection\.(text|prayer))$"
)


class PartError(InputError):
    default_message = "there is no such part of the draft"


@dataclass(frozen=True)
class Part:
    where: str  # the path, as the check's problems name it
    label: str
    text: str
    multiline: bool = False


def parts(draft: Draft) -> list[Part]:
    """Every editable part, in the order a reader meets them."""
    found = [Part("headline", "Headline", draft.headline), Part("dek", "Dek", draft.dek)]
    found += [
        Part(f"glance[{i}]", f"Bullet {i + 1}", text, True) for i, text in enumerate(draft.glance)
    ]
    found += [
        Part(f"opening[{i}]", f"Opening paragraph {i + 1}", text, True)
        for i, text in enumerate(draft.opening)
    ]
    for s, section in enumerate(draft.sections):
        found.append(Part(f"sections[{s}].heading", f"Subheading {s + 1}", section.heading))
        found += [
            Part(
                f"sections[{s}].paragraphs[{p}]",
                f"Paragraph {p + 1} under “{section.heading}”",
                text,
                True,
            )
            for p, text in enumerate(section.paragraphs)
        ]
    found.append(Part("reflection.text", "Reflection", draft.reflection.text, True))
    found.append(Part("reflection.prayer", "Prayer", draft.reflection.prayer, True))
    return found


def part_text(draft: Draft, where: str) -> str:
    """The text at `where`; raises `PartError` when the draft has no such part."""
    for part in parts(draft):
        if part.where == where:
            return part.text
    raise PartError(what=repr(where[:80]), why="the draft has no such part")


def with_part(draft: Draft, where: str, text: str) -> Draft:
    """The draft with the text at `where` replaced by `text`, tidied (control characters go,
    and line breaks and runs of spaces become one space: each part is one line or one
    paragraph); raises `PartError` for a part that does not exist, an empty text, or
    one too long to be a part."""
    part_text(draft, where)
    text = " ".join(normalise(text).split())
    if not text:
        raise PartError(what=where, why="a part cannot be empty: delete words, not the part")
    if len(text) > MAX_PART_CHARACTERS:
        raise PartError(what=where, why=f"a part holds at most {MAX_PART_CHARACTERS} characters")
    match = _PATH.match(where)
    assert match  # part_text found it, and every path `parts` makes matches
    field, listed, index, section, kind, paragraph, reflection = match.groups()
    if field:
        return replace(draft, **{field: text})
    if listed:
        items = list(getattr(draft, listed))
        items[int(index)] = text
        return replace(draft, **{listed: tuple(items)})
    if reflection:
        return replace(draft, reflection=replace(draft.reflection, **{reflection: text}))
    sections = list(draft.sections)
    old = sections[int(section)]
    if kind == "heading":
        sections[int(section)] = Section(text, old.paragraphs)
    else:
        paragraphs = list(old.paragraphs)
        paragraphs[int(paragraph)] = text
        sections[int(section)] = Section(old.heading, tuple(paragraphs))
    return replace(draft, sections=tuple(sections))


def part_of(where: str) -> str:
    """The editable part a problem's path falls in ("sections[1].paragraphs[0]" is its own;
    "reflection.verse" is the reflection's; a source's path is no part's, and stays itself)."""
    if where.startswith("reflection.verse"):
        return "reflection.text"
    return where
