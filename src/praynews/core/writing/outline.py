"""The story's outline: an opening, then 2-4 sections under plain subheadings.

Paragraphs keep their source order. The body is cut to the word budget by dropping the least
salient paragraphs, then split into contiguous sections; each section takes the role (why now,
the main actor, the wider impact, what comes next) its paragraphs' cue words support most, and no
two sections share a role.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from praynews.core.text import word_count
from praynews.core.types import Section
from praynews.core.writing.lexicon import Role, roles

# The post's story runs 450-700 words (FORMAT.md); below the floor we keep everything we have.
MAX_STORY_WORDS = 700
OPENING_MIN_WORDS = 60  # a one-paragraph opening shorter than this takes the next paragraph too
MIN_SECTIONS = 2
MAX_SECTIONS = 4
PARAGRAPHS_PER_SECTION = 2.5  # how many paragraphs make one section, on average
# Small nudges that put "why now" first and "what comes next" last when the cues are close.
EDGE_PREFERENCE = 0.5


@dataclass(frozen=True)
class Outline:
    opening: tuple[str, ...]
    sections: tuple[Section, ...]


def split_opening(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    if not paragraphs:
        return [], []
    # A second opening paragraph only when two sections' worth of material still follows it.
    short_lead = word_count(paragraphs[0]) < OPENING_MIN_WORDS
    count = 2 if short_lead and len(paragraphs) >= 2 + MIN_SECTIONS else 1
    return paragraphs[:count], paragraphs[count:]


def fit_budget(paragraphs: list[str], salience: list[float], budget: int) -> list[str]:
    """Drop the least salient paragraphs until the rest fit the word budget, in order."""
    keep = list(range(len(paragraphs)))
    total = sum(word_count(p) for p in paragraphs)
    for index in sorted(keep, key=lambda i: salience[i]):
        if total <= budget or len(keep) <= MIN_SECTIONS:
            break
        keep.remove(index)
        total -= word_count(paragraphs[index])
    return [paragraphs[i] for i in keep]


def _chunks(paragraphs: list[str], most: int) -> list[list[str]]:
    count = max(MIN_SECTIONS, min(most, math.ceil(len(paragraphs) / PARAGRAPHS_PER_SECTION)))
    count = min(count, len(paragraphs))
    size, extra = divmod(len(paragraphs), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        chunks.append(paragraphs[start:end])
        start = end
    return chunks


def _role_scores(chunk: list[str], position: int, last: int, actor: str | None) -> dict[str, float]:
    text = " ".join(chunk)
    scores = {role.id: role.count(text) / max(1, len(chunk)) for role in roles()}
    if actor:
        scores["actor"] += text.count(actor)
    else:
        scores["actor"] = -math.inf
    if position == 0:
        scores["background"] += EDGE_PREFERENCE
    if position == last:
        scores["next"] += EDGE_PREFERENCE
    return scores


def _heading(role: Role, actor: str | None, region: str | None, seed: str) -> str:
    usable = [h for h in role.headings if ("{region}" not in h or region)]
    digest = int(hashlib.sha256((seed + role.id).encode()).hexdigest(), 16)
    heading = usable[digest % len(usable)]
    return heading.format(actor=actor or "", region=region or "")


def build_sections(
    paragraphs: list[str], actor: str | None, region: str | None, seed: str
) -> tuple[Section, ...]:
    if not paragraphs:
        return ()
    # Without a main actor there is no "The Role of" section, so one section fewer at most.
    chunks = _chunks(paragraphs, MAX_SECTIONS if actor else MAX_SECTIONS - 1)
    by_id = {role.id: role for role in roles()}
    scored = [_role_scores(c, i, len(chunks) - 1, actor) for i, c in enumerate(chunks)]
    assigned: dict[int, str] = {}
    # Assign the strongest chunk-role pairs first so each role goes where it fits best.
    pairs = sorted(
        ((score, i, role) for i, s in enumerate(scored) for role, score in s.items()),
        key=lambda t: (-t[0], t[1]),
    )
    for score, index, role in pairs:
        if index in assigned or role in assigned.values() or score == -math.inf:
            continue
        assigned[index] = role
    return tuple(
        Section(_heading(by_id[assigned[i]], actor, region, seed), tuple(chunk))
        for i, chunk in enumerate(chunks)
    )
