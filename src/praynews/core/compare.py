"""Two versions of a draft, part by part: what an editor changed, word by word.

Words are compared with the standard library's `difflib`, as the parts are short and a reader
wants to see words struck out and added, not lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from praynews.core.parts import parts
from praynews.core.types import Draft


class PieceKind(StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    text: str


@dataclass(frozen=True)
class Change:
    where: str
    label: str
    old: str
    new: str
    pieces: tuple[Piece, ...]


def _texts(draft: Draft) -> dict[str, tuple[str, str]]:
    texts = {part.where: (part.label, part.text) for part in parts(draft)}
    verse = draft.reflection.verse
    texts["reflection.verse"] = ("Verse", f"{verse.reference} ({verse.translation})")
    return texts


def compare(old: Draft, new: Draft) -> list[Change]:
    """Every part whose text differs, in the newer draft's order, then parts only the older had."""
    before, after = _texts(old), _texts(new)
    changes = []
    for where in [*after, *(w for w in before if w not in after)]:
        label, old_text = before.get(where, (after.get(where, ("", ""))[0], ""))
        new_text = after.get(where, (label, ""))[1]
        if old_text != new_text:
            changes.append(
                Change(where, label, old_text, new_text, word_pieces(old_text, new_text))
            )
    return changes


def word_pieces(old: str, new: str) -> tuple[Piece, ...]:
    """The words of both texts in order, each kept, added or removed."""
    a, b = old.split(), new.split()
    pieces = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece(PieceKind.SAME, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(PieceKind.REMOVED, " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(PieceKind.ADDED, " ".join(b[j1:j2])))
    return tuple(pieces)
