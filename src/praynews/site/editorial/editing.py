"""Editing a post one part at a time: the desk's forms, its regenerate button and its verse
swap. Every change is kept as a revision, checked at once (so the desk shows what the check
now finds), and sends an approved post back to review.

Verse text is never typed: a swap names one of the chooser's candidates for this story, and
the text comes from the translation. An edited reflection must still quote its verse word for
word; to change the verse, swap it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from praynews.core.check import check
from praynews.core.compare import Change, compare
from praynews.core.compose import compose, reflect, verse_candidates
from praynews.core.errors import DraftFormatError, InputError, PrayNewsError
from praynews.core.parts import part_text, parts, with_part
from praynews.core.provenance import SourceSentences, source_sentences
from praynews.core.scripture.bible import lookup
from praynews.core.scripture.quotes import comparable_words
from praynews.core.types import Draft, ExtractedArticle, Problem
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.editorial import services as editorial
from praynews.site.editorial import workflow
from praynews.site.editorial.models import Post

# The candidates an editor is offered in place of the chosen verse: the chooser ranks every
# verse of the story's themes (often thirty), and past the first few they fit less and less.
CANDIDATES_SHOWN = 8


class EditError(InputError):
    default_message = "the edit could not be made"


def reports_of(post: Post) -> list[ExtractedArticle]:
    articles = post.story.ordered_articles() if post.story else [post.article]
    return [a.to_extracted() for a in articles]


def sentences_of(post: Post) -> SourceSentences:
    return source_sentences(reports_of(post))


@dataclass(frozen=True)
class Candidate:
    ref: str  # the index's reference: what a swap names
    reference: str  # as the translation names it
    text: str  # looked up, never stored by hand
    reasons: tuple[str, ...]
    current: bool


def candidates(post: Post) -> list[Candidate]:
    """The verses the chooser ranks for the post's story, best first, each with its text as the
    translation gives it; the post's own verse among them is marked."""
    draft = post.as_draft
    translation = draft.reflection.verse.translation
    choice = verse_candidates(reports_of(post), translation, editorial.recent_use(besides=post))
    shown = []
    for candidate in choice.candidates[:CANDIDATES_SHOWN]:
        verse = lookup(candidate.verse.ref, translation)
        current = verse.reference == draft.reflection.verse.reference
        shown.append(
            Candidate(candidate.verse.ref, verse.reference, verse.text, candidate.reasons, current)
        )
    return shown


def edit_part(
    post: Post, where: str, text: str, by: AbstractBaseUser, clock: Clock = SYSTEM_CLOCK
) -> bool:
    """Replace one part's text; False when it is unchanged. Raises `EditError` (or the core's
    `PartError`) with a sentence for the editor when the edit cannot be made."""
    draft = post.as_draft
    edited = with_part(draft, where, text)
    if where == "reflection.text" and not _quotes_verse(edited):
        raise EditError(
            "the reflection must still quote its verse word for word; to change the verse, "
            "choose another from the candidates"
        )
    if edited == draft:
        return False
    label = next(p.label for p in parts(draft) if p.where == where)
    _save(post, draft, edited, by, f"{label} edited", clock)
    return True


def regenerate_part(
    post: Post, where: str, by: AbstractBaseUser, clock: Clock = SYSTEM_CLOCK
) -> bool:
    """Have the writer write one part again from the sources (the reflection and the prayer
    around the post's own verse); False when the writer writes what the part says already.
    The model-free writer is deterministic: for it, this restores the writer's wording of the
    part, undoing edits to it."""
    draft = post.as_draft
    fresh = _fresh_text(post, draft, where)
    return edit_part(post, where, fresh, by, clock)


def _fresh_text(post: Post, draft: Draft, where: str) -> str:
    reports = reports_of(post)
    try:
        if where in ("reflection.text", "reflection.prayer"):
            reflection = reflect(
                reports,
                draft.headline,
                draft.reflection.verse.translation,
                editorial.recent_use(besides=post),
                verse=_current_ref(post),
            )
            return reflection.text if where == "reflection.text" else reflection.prayer
        written = compose(reports, ExtractiveWriter(), draft.reflection.verse.translation)
        return part_text(written, where)
    except PrayNewsError as exc:
        raise EditError(f"the writer could not write {where} again: {exc}") from exc


def _current_ref(post: Post) -> str | None:
    return next((c.ref for c in candidates(post) if c.current), None)


def swap_verse(post: Post, ref: str, by: AbstractBaseUser, clock: Clock = SYSTEM_CLOCK) -> None:
    """Make one of the story's candidate verses the post's: its text is looked up, and the
    reflection is worded around it again; the editor's prayer is kept."""
    draft = post.as_draft
    if ref not in {c.ref for c in candidates(post)}:
        raise EditError(f"{ref} is not among this story's candidate verses")
    try:
        reflection = reflect(
            reports_of(post),
            draft.headline,
            draft.reflection.verse.translation,
            editorial.recent_use(besides=post),
            verse=ref,
        )
    except PrayNewsError as exc:
        raise EditError(f"the verse could not be swapped: {exc}") from exc
    swapped = replace(draft, reflection=replace(reflection, prayer=draft.reflection.prayer))
    _save(post, draft, swapped, by, f"verse swapped to {reflection.verse.reference}", clock)


def _quotes_verse(draft: Draft) -> bool:
    verse = comparable_words(draft.reflection.verse.text)
    return verse in comparable_words(draft.reflection.text)


def _save(
    post: Post, before: Draft, after: Draft, by: AbstractBaseUser, note: str, clock: Clock
) -> None:
    """Store the edit, unless it would put a new problem before readers of a published post:
    that edit is refused, and the post stays as it was."""
    if post.status == Post.Status.PUBLISHED:
        new = _new_problems(post, before, after)
        if new:
            found = "; ".join(editorial.describe(p) for p in new)
            raise EditError(
                f"the post is live, and the edit adds what the check flags: {found}. Correct "
                "it, or take the post down first"
            )
    with transaction.atomic():
        post.draft = after.to_dict()
        post.headline = after.headline
        post.verse_reference = after.reflection.verse.reference
        post.reflection_opening = editorial.opening_of(after)
        post.save()
        editorial.record_revision(post, by, note, clock)
        workflow.edited(post, by, clock)
        editorial.check_post(post)


def _new_problems(post: Post, before: Draft, after: Draft) -> list[Problem]:
    source = editorial.source_text_of(post)
    known = Counter((p.kind, p.where, p.text) for p in check(before, source))
    new = []
    for problem in check(after, source):
        key = (problem.kind, problem.where, problem.text)
        if known[key]:
            known[key] -= 1  # the same flag, already published over: not new
        else:
            new.append(problem)
    return new


def compare_revisions(post: Post, older: int, newer: int) -> list[Change]:
    """What changed between two of the post's revisions (by number), part by part."""
    found = {r.number: r for r in post.revisions.filter(number__in=[older, newer])}
    if older not in found or newer not in found:
        raise EditError(f"the post has no revision {older if older not in found else newer}")
    try:
        return compare(Draft.from_dict(found[older].draft), Draft.from_dict(found[newer].draft))
    except DraftFormatError as exc:
        raise EditError(f"a revision cannot be read as a post: {exc}") from exc


def record_edit(post: Post, by: AbstractBaseUser, note: str, clock: Clock = SYSTEM_CLOCK) -> None:
    """An edit made elsewhere (the admin's JSON): kept as a revision, and an approved post is
    reviewed again."""
    editorial.record_revision(post, by, note, clock)
    workflow.edited(post, by, clock)
