"""The nouns of the pipeline, named for where they stand in the flow.

`ExtractedArticle` (just extracted) -> `Prose` (what a writer wrote) -> `Draft` (composed with its
reflection, unreviewed) -> `Problem`s (what the check found). Every structure is a frozen
dataclass so a decision made on it cannot be changed behind the decider's back, and `Draft`
round-trips through the JSON of FORMAT.md so any post can be checked by a program.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from praynews.core.errors import DraftFormatError


@dataclass(frozen=True)
class ExtractedArticle:
    """One article as it came out of a page or file, before any writing."""

    title: str
    text: str
    url: str | None = None
    author: str | None = None
    published: date | None = None
    image_url: str | None = None
    site_name: str | None = None
    description: str | None = None
    # True when the text is the feed entry's own content, because its page could not be
    # fetched: the editor sees that the article was not read from the outlet's page.
    from_feed_entry: bool = False

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n") if p.strip()]

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def source_text(self) -> str:
        """Everything the outlet wrote that a post may draw facts from."""
        return "\n".join(p for p in (self.title, self.description, self.text) if p)


@dataclass(frozen=True)
class Image:
    url: str
    alt: str
    credit: str


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Verse:
    """A verse or short passage with text looked up from a translation, never typed in."""

    reference: str
    translation: str
    text: str


@dataclass(frozen=True)
class Reflection:
    text: str
    verse: Verse
    prayer: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class SourceRef:
    title: str
    url: str | None
    outlet: str | None
    published: str | None


@dataclass(frozen=True)
class Flag:
    """A problem recorded in the draft's JSON, as FORMAT.md shapes it (see `Problem`)."""

    kind: str
    text: str
    where: str


@dataclass(frozen=True)
class Citation:
    """The source sentences a model said a part of its draft came from: their numbers in the
    prompt and their words (empty for a number the prompt never had), so the check can hold
    the part to them and the desk can show them without numbering the sources again."""

    where: str
    sentences: tuple[int, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Writing:
    """How a model wrote the draft, and what it cost: kept on the draft, shown to editors."""

    model: str
    prompt_version: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    retries: int = 0
    cached: bool = False
    # Why the model's draft, or a part of it, was not used ("" when all of it was).
    fallback: str = ""
    rejected: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prose:
    """What a writer writes about a story: everything but the reflection, which `compose` adds
    (a writer never supplies a verse's text)."""

    headline: str
    dek: str
    image: Image | None
    glance: tuple[str, ...]
    opening: tuple[str, ...]
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Written:
    """A writer's whole draft before compose adds the verse: the prose, its citations, the
    verse picked among the candidates, and the reflection's and prayer's wording (empty where
    the model-free wording is to be used)."""

    prose: Prose
    writer: str
    citations: tuple[Citation, ...] = ()
    verse: str | None = None
    reflection: str = ""
    prayer: str = ""
    writing: Writing | None = None
    candidates: tuple[str, ...] = ()


class ProblemKind(StrEnum):
    UNTRACED_NUMBER = "untraced-number"
    UNTRACED_NAME = "untraced-name"
    UNTRACED_QUOTE = "untraced-quote"
    MISQUOTED_SCRIPTURE = "misquoted-scripture"
    UNKNOWN_SCRIPTURE = "unknown-scripture"
    # The news gate's (core/gate.py): the story is a column, an editorial or analysis. An editor
    # reads it so the post does not speak the columnist's views in its own voice.
    OPINION_PIECE = "opinion-piece"
    # A model's citations (core/writing/model): a sentence number its prompt never had, and a
    # number or name its sources state, but not in the sentences the part cites.
    UNKNOWN_CITATION = "unknown-citation"
    UNCITED_FACT = "uncited-fact"


class LintKind(StrEnum):
    """What the draft linter (`core/lint.py`) finds: how a draft falls short of a Pray News
    brief. Editor's notes, never blocking; `check(..., lint=True)` reports them as problems."""

    CLUTTER = "clutter"
    FRAGMENT_BULLET = "fragment-bullet"
    MID_THOUGHT = "mid-thought"
    UNSUPPORTED_HEADING = "unsupported-heading"
    REPRINT = "reprint"
    OVER_SOURCE_SHARE = "over-source-share"
    TOO_LONG = "too-long"
    TOO_SHORT = "too-short"
    REPEATED_FACT = "repeated-fact"
    BULLET_IN_STORY = "bullet-in-story"
    PRAYER_PLACE = "prayer-place"


# Problems no one may publish past: scripture must match its reference word for word. The
# others (facts not traced to the sources) an editor may judge and approve.
BLOCKING_KINDS = frozenset({ProblemKind.MISQUOTED_SCRIPTURE, ProblemKind.UNKNOWN_SCRIPTURE})


@dataclass(frozen=True)
class Problem:
    """Something the check found in a draft: what kind, where (a path into the draft's JSON),
    the words at fault, and a sentence for the editor."""

    kind: ProblemKind | LintKind
    where: str
    text: str
    message: str

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING_KINDS

    @property
    def flag(self) -> Flag:
        """The problem as the draft's JSON records it (FORMAT.md's `flags`)."""
        return Flag(str(self.kind), self.text, self.where)


@dataclass(frozen=True)
class Draft:
    headline: str
    dek: str
    image: Image | None
    glance: tuple[str, ...]
    opening: tuple[str, ...]
    sections: tuple[Section, ...]
    reflection: Reflection
    sources: tuple[SourceRef, ...]
    flags: tuple[Flag, ...] = field(default=())
    writer: str = "extractive"
    citations: tuple[Citation, ...] = field(default=())
    writing: Writing | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of FORMAT.md ("The draft as data"), lists instead of tuples."""
        return {
            "headline": self.headline,
            "dek": self.dek,
            "image": asdict(self.image) if self.image else None,
            "glance": list(self.glance),
            "opening": list(self.opening),
            "sections": [
                {"heading": s.heading, "paragraphs": list(s.paragraphs)} for s in self.sections
            ],
            "reflection": {
                "text": self.reflection.text,
                "verse": asdict(self.reflection.verse),
                "prayer": self.reflection.prayer,
                "themes": list(self.reflection.themes),
            },
            "sources": [asdict(s) for s in self.sources],
            "flags": [asdict(f) for f in self.flags],
            "writer": self.writer,
            "citations": [
                {"where": c.where, "sentences": list(c.sentences), "texts": list(c.texts)}
                for c in self.citations
            ],
            "writing": _writing_dict(self.writing),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Draft:
        """Parse FORMAT.md's JSON, checking every key and type, since editors change it by hand.

        Raises `DraftFormatError` naming each problem and where it is, so the editor sees
        "reflection.verse.reference is missing" rather than a page that fails later.
        """
        try:
            return _draft_adapter().validate_python(data)
        except ValidationError as exc:
            raise DraftFormatError(_describe(exc)) from exc
        except RecursionError as exc:
            raise DraftFormatError("the draft is nested too deeply to be a post") from exc

    @property
    def outlets(self) -> tuple[str, ...]:
        """The distinct outlets among the sources, in order: "Reported by N outlets"."""
        return tuple(dict.fromkeys(s.outlet for s in self.sources if s.outlet))

    @property
    def word_count(self) -> int:
        body = [*self.opening, *(p for s in self.sections for p in s.paragraphs)]
        return sum(len(p.split()) for p in body)


def _writing_dict(writing: Writing | None) -> dict[str, Any] | None:
    if writing is None:
        return None
    return {**asdict(writing), "rejected": list(writing.rejected)}


# Problems beyond these are counted, not listed: a draft replaced by `{}` has a dozen.
PROBLEMS_SHOWN = 3

# Pydantic's wording for the errors an editor meets, said in JSON's terms (object, list).
JSON_WORDING = {
    "missing": "is missing",
    "dataclass_type": "should be an object",
    "tuple_type": "should be a list",
    "string_type": "should be a string",
}


@cache
def _draft_adapter() -> TypeAdapter[Draft]:
    """Built on first use: building the validator costs more than importing this module."""
    return TypeAdapter(Draft)


def _describe(exc: ValidationError) -> str:
    problems = [_problem(error) for error in exc.errors()]
    shown = "; ".join(problems[:PROBLEMS_SHOWN])
    hidden = len(problems) - PROBLEMS_SHOWN
    return f"{shown} (and {hidden} more)" if hidden > 0 else shown


def _problem(error: Any) -> str:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
    where = path.lstrip(".") or "the draft"
    if error["type"] in JSON_WORDING:
        return f"{where} {JSON_WORDING[error['type']]}"
    return f"{where}: {error['msg'][:1].lower()}{error['msg'][1:]}"


def prose_texts(draft: Draft) -> list[tuple[str, str]]:
    """The texts a writer wrote, with where each stands in the draft's JSON terms."""
    texts = [("headline", draft.headline), ("dek", draft.dek)]
    texts += [(f"glance[{i}]", bullet) for i, bullet in enumerate(draft.glance)]
    texts += [(f"opening[{i}]", paragraph) for i, paragraph in enumerate(draft.opening)]
    for s, section in enumerate(draft.sections):
        texts.append((f"sections[{s}].heading", section.heading))
        paragraphs = enumerate(section.paragraphs)
        texts += [(f"sections[{s}].paragraphs[{p}]", text) for p, text in paragraphs]
    return texts
