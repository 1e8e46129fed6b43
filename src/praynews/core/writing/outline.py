"""The story's outline: an opening, then 2-4 sections under plain subheadings.

The paragraphs after the opening keep their source order and are cut into contiguous sections,
each under a distinct role (why now, the main actor, the wider impact, what comes next) chosen
from the cue words and the story's entities. `condense` has already chosen the paragraphs; a
paragraph that leans on the one before it (a pronoun, a connective, the rest of a quotation)
never starts a section when any plan allows it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, pairwise, permutations

from praynews.core.entities import (
    MONTHS,
    WEEKDAYS,
    proper_names,
    quotes_someone,
    without_possessive,
)
from praynews.core.lint import heading_reason
from praynews.core.phrasing import actor_name, with_article
from praynews.core.text import word_boundary, word_count
from praynews.core.types import Section
from praynews.core.variety import pick_by_hash
from praynews.core.writing.condense import leans_on_previous
from praynews.core.writing.lexicon import Role, limits, roles

OPENING_MIN_WORDS = 60  # a one-paragraph opening shorter than this takes the next paragraph too
MIN_SECTIONS = 2
MAX_SECTIONS = 4
# A section needs this much to stand on its own; set so that one real paragraph (news
# paragraphs run 25-70 words) makes a section, and a stray sentence does not.
MIN_SECTION_WORDS = 35
# How strongly a mention of the main actor pulls a paragraph into "The Role of" section.
WEIGHT_ACTOR_MENTION = 1.5
# FORMAT.md: 1-3 paragraphs a section (more only when a long story leaves no choice), and about
# one section per 2.5 paragraphs. The plan's preferences, tuned by reading the sample drafts:
PARAGRAPHS_PER_SECTION_MAX = limits()["section_max_paragraphs"]
PARAGRAPHS_PER_SECTION = 2.5
WEIGHT_SECTION_COUNT = 0.5  # per section away from one per 2.5 paragraphs
THIN_SECTION_PENALTY = 3.0
# A heading none of its paragraphs' cues support misleads the reader ("Why Is This Happening
# Now?" over a survivor's account); a plan pays this for each one.
UNSUPPORTED_HEADING_PENALTY = 2.0
# A paragraph quoting someone belongs with the people in the story more than its cues say.
WEIGHT_QUOTATION = 1.5


def split_opening(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    if not paragraphs:
        return [], []
    # A second opening paragraph only when two sections' worth of material still follows it.
    short_lead = word_count(paragraphs[0]) < OPENING_MIN_WORDS
    count = 2 if short_lead and len(paragraphs) >= 2 + MIN_SECTIONS else 1
    # The first section cannot open on a paragraph that leans on the opening: it joins it.
    while count < len(paragraphs) and leans_on_previous(paragraphs[count], paragraphs[count - 1]):
        count += 1
    return paragraphs[:count], paragraphs[count:]


def role_scores(paragraph: str, actor: str | None) -> dict[str, float]:
    scores = {role.id: float(role.count(paragraph)) for role in roles()}
    scores["actor"] = WEIGHT_ACTOR_MENTION * paragraph.count(actor) if actor else 0.0
    if quotes_someone(paragraph):
        scores["people"] += WEIGHT_QUOTATION
    return scores


@dataclass(frozen=True)
class _Plan:
    value: float
    bounds: tuple[int, ...]  # segment starts, then the end
    labels: tuple[str, ...]


def _segmentations(count: int, sections: int, most: int, starts_ok: list[bool]):
    """Every way to cut `count` paragraphs into `sections` contiguous runs of 1..`most`, in
    the order of their cut positions (the order ties are broken in).

    Cuts are placed one at a time and only where the rest can still be cut into runs of
    1..`most`: listing every combination of cuts and then checking it grew with the cube of
    the paragraph count (80 paragraphs took 70 ms), though long stories allow few plans.
    """

    def cuts_from(start: int, runs_left: int):
        if runs_left == 1:
            if 1 <= count - start <= most:
                yield ()
            return
        lowest = max(start + 1, count - most * (runs_left - 1))
        highest = min(start + most, count - (runs_left - 1))
        for cut in range(lowest, highest + 1):
            if starts_ok[cut]:
                for rest in cuts_from(cut, runs_left - 1):
                    yield (cut, *rest)

    for cuts in cuts_from(0, sections):
        yield (0, *cuts, count)


def plan_sections(paragraphs: list[str], actor: str | None) -> list[tuple[str, list[str]]]:
    """Contiguous sections, each under a distinct role, chosen to fit the cues best.

    Source order is kept throughout. Each section takes the role its paragraphs' cues support,
    in whatever order the story tells them, within `_labellings`' two rules. The plan maximises
    the paragraphs' cue scores for their section's role and avoids thin sections and headings
    nothing supports; ties keep the lexicon's order (why now first), as in the reference post.
    """
    order = [role.id for role in roles() if role.id != "actor" or actor]
    starts_ok = [
        index == 0 or not leans_on_previous(p, paragraphs[index - 1])
        for index, p in enumerate(paragraphs)
    ]
    best = _plan(paragraphs, actor, order, starts_ok)
    if best is None:
        # A story told mostly in "He said …" paragraphs leaves no plan that keeps each with
        # its antecedent as paragraphs: each such paragraph joins the one it leans on.
        paragraphs = _joined_to_antecedents(paragraphs, starts_ok)
        best = _plan(paragraphs, actor, order, [True] * len(paragraphs))
    if best is None:
        return [(order[0], paragraphs)]
    return [
        (label, paragraphs[a:b])
        for (a, b), label in zip(pairwise(best.bounds), best.labels, strict=True)
    ]


def _plan(
    paragraphs: list[str], actor: str | None, order: list[str], starts_ok: list[bool]
) -> _Plan | None:
    count = len(paragraphs)
    scores = [role_scores(p, actor) for p in paragraphs]
    words = [word_count(p) for p in paragraphs]
    most = max(PARAGRAPHS_PER_SECTION_MAX, math.ceil(count / min(MAX_SECTIONS, len(order))))
    return _best_plan(count, order, scores, words, most, starts_ok)


def _joined_to_antecedents(paragraphs: list[str], starts_ok: list[bool]) -> list[str]:
    joined: list[str] = []
    for paragraph, stands_alone in zip(paragraphs, starts_ok, strict=True):
        if joined and not stands_alone:
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return joined


def _labellings(order: list[str], sections: int) -> list[tuple[str, ...]]:
    """Distinct roles for `sections` runs, lexicon order first. What comes next only ever
    closes the story, and the wider impact never opens it: "Beyond Butembo" needs Butembo told
    first."""
    return [
        labels
        for labels in permutations(order, sections)
        if "next" not in labels[:-1] and labels[0] != "impact"
    ]


def _best_plan(
    count: int,
    order: list[str],
    scores: list[dict[str, float]],
    words: list[int],
    most: int,
    starts_ok: list[bool],
) -> _Plan | None:
    # Prefix sums, so a run's support for a role is one subtraction.
    prefix = {role: [0.0, *accumulate(s[role] for s in scores)] for role in order}
    best: _Plan | None = None
    for sections in range(min(MIN_SECTIONS, count), min(MAX_SECTIONS, count, len(order)) + 1):
        labellings = _labellings(order, sections)
        for bounds in _segmentations(count, sections, most, starts_ok):
            runs = list(pairwise(bounds))
            thin = sum(sum(words[a:b]) < MIN_SECTION_WORDS for a, b in runs)
            fixed = THIN_SECTION_PENALTY * thin + WEIGHT_SECTION_COUNT * abs(
                sections - count / PARAGRAPHS_PER_SECTION
            )
            for labels in labellings:
                support = [
                    prefix[label][b] - prefix[label][a]
                    for (a, b), label in zip(runs, labels, strict=True)
                ]
                value = sum(support) - fixed
                value -= UNSUPPORTED_HEADING_PENALTY * sum(s == 0 for s in support)
                if best is None or value > best.value:
                    best = _Plan(value, bounds, labels)
    return best


# Headings that promise what a section shows: the speakers' own words, or the people's.
_VOICE_HEADINGS = ("Voices From", "In Their Own Words")
# Headings for a section that no role's template fits: right after the opening, the story's
# account goes on; later, the name the section returns to.
DETAILS_HEADING = "The Details"
FALLBACK_HEADING = "More on {name}"
PLAIN_HEADING = "More of the Story"


def _heading(
    role: Role, slots: dict[str, str | None], seed: str, text: str, taken: set[str], first: bool
) -> str:
    """A role's heading when the section's paragraphs support it: its cue words there (or the
    main actor, or a quotation under "Voices"), and any actor or place it names there too.
    When the planned role's headings do not fit, another role's that the paragraphs bear out
    (most of its cues first); otherwise the section's own key phrase. No heading is used twice
    in a story (`taken`)."""
    for candidate in _roles_to_try(role, text):
        usable = _usable_headings(candidate, slots, text, taken)
        if usable:
            return pick_by_hash(usable, seed + candidate.id)
    if first and DETAILS_HEADING not in taken:
        return DETAILS_HEADING
    return _key_phrase_heading(text, slots, taken)


def _roles_to_try(role: Role, text: str) -> Iterator[Role]:
    """The planned role, then (only if its headings do not fit) the others whose cues the
    paragraphs hold, most first."""
    yield role
    counts = {r.id: r.count(text) for r in roles() if r.id != role.id}
    others = sorted((r for r in roles() if counts.get(r.id)), key=lambda r: -counts[r.id])
    yield from others


def _usable_headings(
    role: Role, slots: dict[str, str | None], text: str, taken: set[str]
) -> list[str]:
    filled = {k: v for k, v in slots.items() if v and _bare_slot(v) in text}
    values = {k: v or "" for k, v in slots.items()}
    # The story's place as the linter knows it, so that "Beyond {place}" needs another place.
    story_places = frozenset({_bare_slot(slots["place"])} if slots.get("place") else ())
    return [
        heading
        for h in role.headings
        if all(filled.get(k) for k in re.findall(r"\{(\w+)\}", h))
        and _shows(h, role, text)
        and (heading := h.format(**values)) not in taken
        and heading_reason(heading, text, story_places) is None  # nothing the linter flags
    ]


def _bare_slot(value: str) -> str:
    return value.removeprefix("the ")


def _shows(heading: str, role: Role, text: str) -> bool:
    if heading.startswith(_VOICE_HEADINGS):
        return quotes_someone(text)
    if "{actor}" in heading:
        return True  # the slot check above: the actor is in the section
    return bool(role.count(text))


def _key_phrase_heading(text: str, slots: dict[str, str | None], taken: set[str]) -> str:
    """The name the section repeats most, when it is not the story's place or actor (those
    would promise a section about them) nor an earlier section's."""
    headed = {h.removeprefix(FALLBACK_HEADING.split("{")[0]) for h in taken}
    name = key_name(text, frozenset(_bare_slot(v) for v in slots.values() if v) | headed)
    return FALLBACK_HEADING.format(name=name) if name else PLAIN_HEADING


def key_name(text: str, taken: frozenset[str]) -> str | None:
    """The name the text repeats most, other than `taken`. A name is written mid-sentence or
    speaks at least once ("said Orr", "Orr said"): a word seen only opening sentences
    ("Ironically", "About 300") is grammar, not a name, and a month or a shouted subheading
    is no name either."""
    names = Counter(
        n
        for n in map(without_possessive, proper_names(text))
        if n not in taken and len(n.split()) <= 4 and _named_mid_sentence(n, text)
    )
    names = Counter({n: c for n, c in names.items() if not _not_a_key_name(n)})
    if not names:
        return None
    name, _ = max(names.items(), key=lambda item: (item[1], -text.index(item[0])))
    return name


_MONTHS_AND_DAYS = MONTHS | WEEKDAYS
# A word in capitals longer than an acronym ("WHO IS TO BLAME") is a shouted subheading.
_LONGEST_ACRONYM = 5


def _not_a_key_name(name: str) -> bool:
    words = name.split()
    shouted = any(w.isupper() and len(w) > _LONGEST_ACRONYM for w in words)
    return shouted or any(w in _MONTHS_AND_DAYS for w in words)


_SPEAKING = re.compile(r" (?:said|says|told|added|explained|wrote)\b")


def _named_mid_sentence(name: str, text: str) -> bool:
    """Written after a word or a mark ("said Orr"), or speaking ("Alvarez said"): a name.
    Each mention is found as a literal and its neighbours read, rather than compiling a
    pattern per name: the compiling cost a draft 0.5 ms."""
    start = text.find(name)
    while start != -1:
        end = start + len(name)
        after_word = start >= 2 and text[start - 1] == " " and _word_or_mark(text[start - 2])
        if after_word and word_boundary(text, end):
            return True
        if word_boundary(text, start) and _SPEAKING.match(text, end):
            return True
        start = text.find(name, start + 1)
    return False


def _word_or_mark(char: str) -> bool:
    return char.isalnum() or char in "_,;:"


def build_sections(
    paragraphs: list[str],
    actor: str | None,
    region: str | None,
    seed: str,
    place: str | None = None,
) -> tuple[Section, ...]:
    if not paragraphs:
        return ()
    groups = plan_sections(paragraphs, actor)
    by_id = {role.id: role for role in roles()}
    slots = {
        "actor": actor_name(actor) if actor else None,
        "region": region,
        "place": with_article(place) if place else None,
    }
    sections: list[Section] = []
    for role, items in groups[:MAX_SECTIONS]:
        taken = {section.heading for section in sections}
        first = not sections
        heading = _heading(by_id[role], slots, seed, " ".join(items), taken, first)
        sections.append(Section(heading, tuple(items)))
    return tuple(_without_filler(sections))


def _without_filler(sections: list[Section]) -> list[Section]:
    """A section whose paragraphs bear out no role's heading joins the section before it, where
    that stays within a section's length: editors struck "More on Disney" and "More of the
    Story" as headings that tell the reader nothing. The section before keeps its heading, which
    its own paragraphs support; a "Voices" section takes no paragraphs without a quotation."""
    kept: list[Section] = []
    for section in sections:
        before = kept[-1] if kept else None
        joins = (
            before is not None
            and _is_filler(section.heading)
            and not before.heading.startswith(_VOICE_HEADINGS)
            and len(before.paragraphs) + len(section.paragraphs) <= PARAGRAPHS_PER_SECTION_MAX
        )
        if joins:
            kept[-1] = Section(before.heading, before.paragraphs + section.paragraphs)
        else:
            kept.append(section)
    return kept


def _is_filler(heading: str) -> bool:
    return heading == PLAIN_HEADING or heading.startswith(FALLBACK_HEADING.split("{")[0])
