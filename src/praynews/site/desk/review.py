"""What the desk's pages show, gathered from the services: the day's drafts in edition order,
and one draft part by part beside its sources, each part with the source sentences it came
from and the problems the check finds in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from praynews.core.check import check
from praynews.core.parts import part_of, parts
from praynews.core.provenance import SourceSentences
from praynews.core.types import Draft, LintKind, Problem
from praynews.site.editorial import editing
from praynews.site.editorial import services as editorial
from praynews.site.editorial.models import Edition, Post

# Posts waiting outside the day's edition are listed newest first, this many: a desk that
# lists every old draft buries the day's work.
OTHERS_LISTED = 30


def dom_id(where: str) -> str:
    """The HTML id of a part on the review page ("glance[0]" is "part-glance-0")."""
    return "part-" + "-".join(
        filter(None, "".join(c if c.isalnum() else " " for c in where).split())
    )


@dataclass(frozen=True)
class ShownProblem:
    kind: str
    text: str
    message: str
    blocking: bool
    note: bool  # a linter's note on the writing: never holds the post


@dataclass
class ShownPart:
    where: str
    label: str
    text: str
    multiline: bool
    sentences: tuple[int, ...]
    problems: list[ShownProblem] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return dom_id(self.where)

    @property
    def traced(self) -> bool:
        return not (self.where.endswith(".heading") or self.where.startswith("reflection"))


@dataclass(frozen=True)
class ShownSource:
    number: int
    title: str
    outlet: str | None
    url: str | None
    paragraphs: tuple[tuple[tuple[int, str], ...], ...]  # each paragraph's (number, sentence)


@dataclass(frozen=True)
class Review:
    post: Post
    draft: Draft
    parts: list[ShownPart]
    general: list[ShownProblem]  # problems of no one part (a source that is opinion)
    sources: list[ShownSource]
    holding: int  # problems that hold the post (lint notes do not)


def _shown(problem: Problem) -> ShownProblem:
    note = isinstance(problem.kind, LintKind)
    return ShownProblem(str(problem.kind), problem.text, problem.message, problem.blocking, note)


def review(post: Post) -> Review:
    """One draft as the review page shows it. Raises `DraftFormatError` for a draft that does
    not parse (the page says so and offers the admin)."""
    draft = post.as_draft
    sentences = editing.sentences_of(post)
    shown = [ShownPart(p.where, p.label, p.text, p.multiline, ()) for p in parts(draft)]
    cited = {c.where: c.sentences for c in draft.citations}  # a model's own citations
    known = range(len(sentences.sentences))
    for part in shown:
        if part.where in cited:
            part.sentences = tuple(n for n in cited[part.where] if n in known)
        elif part.traced:
            part.sentences = sentences.trace(part.text)
    by_where = {p.where: p for p in shown}
    general = []
    problems = check(draft, editorial.source_text_of(post), lint=True)
    for problem in problems:
        target = by_where.get(part_of(problem.where))
        (target.problems if target else general).append(_shown(problem))
    sources = [
        ShownSource(number, ref.title, ref.outlet, ref.url, _paragraphs(sentences, number))
        for number, ref in enumerate(draft.sources)
        if any(s.source == number for s in sentences.sentences)
    ]
    holding = sum(1 for p in problems if not isinstance(p.kind, LintKind))
    return Review(post, draft, shown, general, sources, holding)


def _paragraphs(sentences: SourceSentences, source: int) -> tuple[tuple[tuple[int, str], ...], ...]:
    grouped: dict[int, list[tuple[int, str]]] = {}
    for sentence in sentences.sentences:
        if sentence.source == source:
            grouped.setdefault(sentence.paragraph, []).append((sentence.number, sentence.text))
    return tuple(tuple(group) for group in grouped.values())


@dataclass(frozen=True)
class DayListing:
    day: date | None
    edition: Edition | None
    items: list[tuple[int, str, Post | None]]  # position, story, its post
    others: list[Post]
    earlier: date | None
    later: date | None


def day_listing(day: date | None) -> DayListing:
    """The edition of `day` (the newest when None) in its order, and the other posts not yet
    published, newest first."""
    editions = Edition.objects.all()
    edition = editions.filter(day=day).first() if day else editions.first()
    items = []
    in_edition: set[int] = set()
    if edition:
        for item in edition.items.select_related("post", "story"):
            items.append((item.position, str(item.story), item.post))
            if item.post_id:
                in_edition.add(item.post_id)
    waiting = Post.objects.exclude(status=Post.Status.PUBLISHED).exclude(pk__in=in_edition)
    others = list(waiting.order_by("-created_at", "-pk")[:OTHERS_LISTED])
    shown = edition.day if edition else day
    earlier = editions.filter(day__lt=shown).order_by("-day").first() if shown else None
    later = editions.filter(day__gt=shown).order_by("day").first() if shown else None
    return DayListing(
        shown,
        edition,
        items,
        others,
        earlier.day if earlier else None,
        later.day if later else None,
    )
