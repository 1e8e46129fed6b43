"""The draft linter: what an editor would strike from a draft, found by a program.

Fidelity (`check`) asks whether every fact can be traced; the linter asks whether the draft reads
as a Pray News brief (FORMAT.md): no page clutter left in, bullets that are whole sentences,
sections that start a thought, headings their paragraphs bear out, no facts told twice, a story
that is a brief and not a reprint, and a prayer that names where the event happened. It is the
measuring stick for the writer (bench/lint_drafts.py counts its findings on real pages) and an
editor's note in publishing (`check(..., lint=True)`); it never blocks.

One detector per kind of finding, each small and independent; the words they look for are
curated in `data/lint.toml`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from praynews.core.entities import countries, find_countries, places, quotes_someone
from praynews.core.text import (
    LEAD_PARAGRAPHS,
    PRONOUN_START_SENTENCE,
    content_words,
    fact_words,
    first_sentence,
    same_fact,
    split_sentences,
    words,
)
from praynews.core.types import Draft, LintKind, prose_texts
from praynews.core.writing.clean import clean_paragraphs
from praynews.core.writing.condense import mid_thought_reason
from praynews.core.writing.lexicon import limits

# FORMAT.md: "a brief, not a reprint: never more than 45% of any one source's words".
MAX_SOURCE_SHARE = 0.45
# The targets for the story (opening + sections), in the lexicon's limits: at most 500
# words, and at least about 150 where the source has enough (150 / 0.45 = 334 source words).
MAX_STORY_WORDS = limits()["story_max_words"]
MIN_STORY_WORDS = limits()["story_min_words"]
# A run of this many words found in the source, word for word, is copied text: shorter runs are
# names, titles and set phrases any retelling shares ("the Ministry of Health said on Monday").
MIN_COPIED_RUN = 8
# A bullet of at least this many words found word for word in the story tells the reader the
# same sentence twice (shorter bullets may share a phrase by chance).
MIN_REPEATED_BULLET_WORDS = 8

# The source's lead: its first cleaned paragraphs, where the prayer takes its places from
# (`Reporting.prayer_places`), and one more for the description a source text starts with.
SOURCE_LEAD_PARAGRAPHS = LEAD_PARAGRAPHS + 1


@dataclass(frozen=True)
class LintFinding:
    """One thing the linter found: what kind, where (a path into the draft's JSON, as `Problem`
    has it), the words at fault, and a sentence for the editor."""

    kind: LintKind
    where: str
    text: str
    message: str


@dataclass(frozen=True)
class StoryLength:
    """How long the story (opening and sections) is against its source, and how much of it is
    the source's own words in runs of `MIN_COPIED_RUN` or more."""

    words: int
    source_words: int
    copied_words: int

    @property
    def share(self) -> float:
        """Story words per source word: FORMAT.md allows at most 45%."""
        return self.words / self.source_words if self.source_words else 0.0

    @property
    def copied_share(self) -> float:
        """Words copied verbatim per source word: how much of the source the story reprints."""
        return self.copied_words / self.source_words if self.source_words else 0.0


def lint(draft: Draft, source_text: str) -> list[LintFinding]:
    """Every finding in the draft, detector by detector. With an empty `source_text` (a saved
    draft whose sources are not at hand) the checks against the source find nothing."""
    return [
        *clutter(draft),
        *fragment_bullets(draft),
        *mid_thought_sections(draft, source_text),
        *unsupported_headings(draft, source_text),
        *repeated_facts(draft),
        *prayer_places(draft, source_text),
        *length_findings(story_length(draft, source_text)),
    ]


# --- clutter -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClutterPattern:
    name: str
    pattern: re.Pattern[str]
    example: str


@cache
def _data() -> dict:
    return tomllib.loads(resources.files("praynews.core.data").joinpath("lint.toml").read_text())


@cache
def clutter_patterns() -> tuple[ClutterPattern, ...]:
    """The kinds of page clutter, as `data/lint.toml` words them."""
    return tuple(
        ClutterPattern(c["name"], re.compile(c["pattern"], re.MULTILINE), c["example"])
        for c in _data()["clutter"]
    )


@cache
def _any_clutter() -> re.Pattern[str]:
    """Every clutter pattern in one, to pass clean text in one search (most text is clean)."""
    scoped = (_scoped(c.pattern.pattern) for c in clutter_patterns())
    return re.compile("|".join(f"(?:{p})" for p in scoped), re.MULTILINE)


def _scoped(pattern: str) -> str:
    """A leading "(?i)" applies to the whole pattern; joined with others it must be scoped."""
    return f"(?i:{pattern[4:]})" if pattern.startswith("(?i)") else pattern


def clutter(draft: Draft) -> Iterator[LintFinding]:
    """Words of the web page left in the prose: captions, prompts, notices, datelines, and the
    marks a page's layout leaves when its text is joined (" . ", ",,", "Monday.The")."""
    for where, text in prose_texts(draft):
        if not _any_clutter().search(text):
            continue
        for kind in clutter_patterns():
            match = kind.pattern.search(text)
            if match:
                message = f"page clutter ({kind.name}) left in the draft"
                yield LintFinding(LintKind.CLUTTER, where, _around(text, match), message)


def _around(text: str, match: re.Match[str], margin: int = 30) -> str:
    """The match with a little of its sentence, so the editor can find it."""
    return text[max(0, match.start() - margin) : match.end() + margin].strip()


# --- fragment bullets ------------------------------------------------------------------------

_SENTENCE_END = (".", "!", "?", '"', "”", "’", ")")
_TRAILING_SCRAP = re.compile(r",\s(?:a|an|the|one)\s\w+[.!?]$")


def fragment_bullets(draft: Draft) -> Iterator[LintFinding]:
    """Bullets that are not one whole sentence a reader can take alone (FORMAT.md)."""
    for i, bullet in enumerate(draft.glance):
        reason = fragment_reason(bullet)
        if reason:
            yield LintFinding(LintKind.FRAGMENT_BULLET, f"glance[{i}]", bullet, reason)


def fragment_reason(bullet: str) -> str | None:
    """Why the bullet is not a whole sentence, or None when it is one."""
    text = bullet.strip()
    tokens = [w.lower() for w in words(text)]
    if not tokens:
        return "the bullet is empty"
    if text[0].islower():
        return "the bullet starts in the middle of a sentence"
    if not text.endswith(_SENTENCE_END):
        return "the bullet does not end as a sentence does"
    if _TRAILING_SCRAP.search(text):
        return "the bullet ends on a scrap of another clause"
    if tokens[-1] in _fragment_words("dangling_endings"):
        return f"the bullet ends on “{tokens[-1]}”"
    if PRONOUN_START_SENTENCE.match(text):
        return "the bullet leans on a sentence the glance does not show"
    if not _has_finite_verb(tokens) and _is_english(text):
        return "the bullet has no verb: it is a phrase, not a sentence"
    return None


@cache
def _fragment_words(key: str) -> frozenset[str]:
    return frozenset(_data()["fragment"][key])


def _is_english(text: str) -> bool:
    """The verb test knows English only: text mostly in other scripts is left alone."""
    if text.isascii():
        return True
    letters = [c for c in text if c.isalpha()]
    return sum(c.isascii() for c in letters) * 2 > len(letters)


def _has_finite_verb(tokens: list[str]) -> bool:
    """A rough test that needs no tagger: an auxiliary or common verb, or a word with the
    endings of a past tense or third person ("-ed", "-es", "-s" after the first word)."""
    if any(t in _fragment_words("finite_verbs") for t in tokens):
        return True
    return any(t.endswith(("ed", "s")) and len(t) > 3 for t in tokens[1:])


# --- sections opening mid-thought -------------------------------------------------------------


def mid_thought_sections(draft: Draft, source_text: str = "") -> Iterator[LintFinding]:
    """The opening and each section must start a thought, not continue one the reader has not
    seen: no pronoun without its antecedent, no connective, no inside of a quotation. An
    opening that is how the outlet opened its own story ("Their dream shattered, 150 migrants
    returned home …") starts the thought where the outlet did."""
    opening = draft.opening[0] if draft.opening else ""
    starts = (
        [("opening[0]", opening)] if opening and not _opens_the_source(opening, source_text) else []
    )
    starts += [
        (f"sections[{s}].paragraphs[0]", section.paragraphs[0])
        for s, section in enumerate(draft.sections)
        if section.paragraphs
    ]
    for where, paragraph in starts:
        reason = mid_thought_reason(paragraph)
        if reason:
            sentence = first_sentence(paragraph)
            yield LintFinding(LintKind.MID_THOUGHT, where, sentence, reason)


# The title and the outlet's description come before the article's first paragraph in a
# story's source text (see `story_source_text`), and pages often repeat the title as the
# text's first line.
_SOURCE_OPENING_LINES = 4


def _opens_the_source(paragraph: str, source_text: str) -> bool:
    """The paragraph begins with the first sentence of the source's article, as cleaned."""
    head = clean_paragraphs(source_text.split("\n")[:_SOURCE_OPENING_LINES])
    sentence = first_sentence(paragraph)
    return any(line.startswith(sentence) for line in head)


# --- unsupported headings ---------------------------------------------------------------------

_ROLE_OF = re.compile(r"(?i)^the role of (?:the )?(.+?)[?.!]?$")
# Where a heading names a place: after one of these words ("Voices From Ithaca", "What Comes Next
# for Amsterdam", "Beyond Spain"). Only then are the source's places worth finding.
_NAMED_IN_HEADING = re.compile(r"(?i:\b(?:from|for|in|beyond|across|of)\s)[A-Z]")


@lru_cache(maxsize=1)
def _source_places(source_text: str) -> tuple[str, ...]:
    """The places the source names, found once per source however many headings ask."""
    return tuple(places(source_text)) if source_text else ()


# "Beyond Spain" promises other places, so its section need not name Spain, but must name some.
_BEYOND = re.compile(r"(?i)^beyond\b")


def unsupported_headings(draft: Draft, source_text: str = "") -> Iterator[LintFinding]:
    """Headings that promise what their paragraphs do not hold (FORMAT.md: "choose the sections
    the story's own sentences support")."""
    for s, section in enumerate(draft.sections):
        towns = _source_places(source_text) if _NAMED_IN_HEADING.search(section.heading) else ()
        reason = heading_reason(section.heading, "\n".join(section.paragraphs), frozenset(towns))
        if reason:
            where = f"sections[{s}].heading"
            yield LintFinding(LintKind.UNSUPPORTED_HEADING, where, section.heading, reason)


def heading_reason(
    heading: str, body: str, source_places: frozenset[str] = frozenset()
) -> str | None:
    """Why the section's paragraphs do not bear the heading out, or None when they do."""
    for rule in _data()["heading_rule"]:
        if re.search(rule["heading"], heading) and not _holds(rule["needs"], body):
            return f"a “{rule['name']}” heading over paragraphs without {rule['needs']}"
    role = _ROLE_OF.match(heading.strip())
    if role and not _mentions(body, role.group(1)):
        return f"the section does not mention {role.group(1)}"
    named = heading_places(heading, source_places)
    if named and _BEYOND.match(heading.strip()):
        return None if places(body) else "the section names no place beyond the story's own"
    for place in named:
        if not _names_place(body, place):
            return f"the section does not mention {place}"
    return None


def _holds(need: str, body: str) -> bool:
    if need == "quotation":
        return any(quotes_someone(p) for p in body.split("\n"))
    lowered = body.lower()
    cues = _data()["heading_support"]["background_cues"]
    return any(re.search(r"\b" + re.escape(cue) + r"\b", lowered) for cue in cues)


def _mentions(body: str, name: str) -> bool:
    wanted = {w.removesuffix("'s").removesuffix("’s") for w in content_words(name)}
    return bool(wanted & content_words(body))


@cache
def _regions() -> frozenset[str]:
    return frozenset(c.region for c in countries())


def heading_places(heading: str, source_places: frozenset[str] = frozenset()) -> list[str]:
    """Places a heading names: countries, world regions, and towns the source names."""
    regions = [r for r in _regions() if re.search(r"\b" + re.escape(r) + r"\b", heading)]
    without_regions = heading
    for region in regions:  # "Latin America" is a region, not the country "America" names
        without_regions = without_regions.replace(region, " ")
    found = [c.name for c in find_countries(without_regions)] + regions
    found += [p for p in source_places if p not in found and p in heading]
    return found


def _names_place(body: str, place: str) -> bool:
    if place in body:
        return True
    named = find_countries(body)
    return any(c.name == place or c.region == place for c in named)


# --- repeated facts ---------------------------------------------------------------------------


def repeated_facts(draft: Draft) -> Iterator[LintFinding]:
    """Facts told twice: two bullets saying the same, or the story repeating a bullet word for
    word (the glance is a summary to read first, not the story's sentences again)."""
    seen: list[tuple[int, set[str]]] = []
    for i, bullet in enumerate(draft.glance):
        mine = fact_words(bullet)
        for j, theirs in seen:
            if same_fact(mine, theirs):
                message = f"the bullet says what glance[{j}] says"
                yield LintFinding(LintKind.REPEATED_FACT, f"glance[{i}]", bullet, message)
                break
        seen.append((i, mine))
    story = " " + " ".join(_lower_words(p) for p in _story_after_lead(draft)) + " "
    for i, bullet in enumerate(draft.glance):
        run = _lower_words(bullet)
        if len(run.split()) >= MIN_REPEATED_BULLET_WORDS and f" {run} " in story:
            message = "the story repeats this bullet word for word"
            yield LintFinding(LintKind.BULLET_IN_STORY, f"glance[{i}]", bullet, message)


def _lower_words(text: str) -> str:
    return " ".join(w.lower() for w in words(text))


def _story_paragraphs(draft: Draft) -> list[str]:
    return [*draft.opening, *(p for s in draft.sections for p in s.paragraphs)]


def _story_after_lead(draft: Draft) -> list[str]:
    """The story without its first sentence: the lead, which a post tells in its dek and its
    first bullet too (the reference post does), so it is no repetition of the glance."""
    paragraphs = _story_paragraphs(draft)
    if not paragraphs:
        return []
    return [" ".join(split_sentences(paragraphs[0])[1:]), *paragraphs[1:]]


# --- the prayer's places -----------------------------------------------------------------------


def prayer_places(draft: Draft, source_text: str = "") -> Iterator[LintFinding]:
    """The prayer names where the event happened (FORMAT.md): every place it names must be one
    the lead (the draft's headline, dek and opening, and the source's first paragraphs) puts
    the story in, by name or, for a country, by the word for its people ("Kenyan")."""
    lead = "\n".join([draft.headline, draft.dek, *draft.opening])
    unnamed = [p for p in places(draft.reflection.prayer) if p not in lead]
    if not unnamed:  # the common case, decided without reading the source
        return
    lead = "\n".join([lead, *_source_lead(source_text)])
    in_lead = {c.name for c in find_countries(lead)}
    for place in unnamed:
        if place not in in_lead and place not in lead:
            message = f"the prayer names {place}, which the lead does not put the event in"
            yield LintFinding(LintKind.PRAYER_PLACE, "reflection.prayer", place, message)


def _source_lead(source_text: str) -> list[str]:
    """The source's first paragraphs as the writer reads them (its title line left out)."""
    title, _, text = source_text.strip().partition("\n")
    return clean_paragraphs(text.split("\n"), title)[:SOURCE_LEAD_PARAGRAPHS]


# --- length and copying ------------------------------------------------------------------------


def story_length(draft: Draft, source_text: str) -> StoryLength:
    """The story's words, the source's, and the story words copied in runs from the source."""
    source = [w.lower() for w in words(source_text)]
    runs = {tuple(source[i : i + MIN_COPIED_RUN]) for i in range(len(source) - MIN_COPIED_RUN + 1)}
    total = copied = 0
    for paragraph in _story_paragraphs(draft):
        tokens = [w.lower() for w in words(paragraph)]
        total += len(tokens)
        covered = [False] * len(tokens)
        for i in range(len(tokens) - MIN_COPIED_RUN + 1):
            if tuple(tokens[i : i + MIN_COPIED_RUN]) in runs:
                covered[i : i + MIN_COPIED_RUN] = [True] * MIN_COPIED_RUN
        copied += sum(covered)
    return StoryLength(total, len(source), copied)


def length_findings(length: StoryLength) -> Iterator[LintFinding]:
    """A brief, not a reprint: limits on the story's length against its source and outright."""
    where = "story"
    if length.copied_share > MAX_SOURCE_SHARE:
        message = (
            f"the story reprints {length.copied_share:.0%} of the source's words verbatim "
            f"(at most {MAX_SOURCE_SHARE:.0%})"
        )
        yield LintFinding(LintKind.REPRINT, where, f"{length.copied_words} words", message)
    if length.share > MAX_SOURCE_SHARE:
        message = (
            f"the story is {length.share:.0%} as long as its source (at most "
            f"{MAX_SOURCE_SHARE:.0%})"
        )
        yield LintFinding(LintKind.OVER_SOURCE_SHARE, where, f"{length.words} words", message)
    if length.words > MAX_STORY_WORDS:
        message = f"the story has {length.words} words (at most {MAX_STORY_WORDS})"
        yield LintFinding(LintKind.TOO_LONG, where, f"{length.words} words", message)
    room = length.source_words * MAX_SOURCE_SHARE >= MIN_STORY_WORDS
    if room and length.words < MIN_STORY_WORDS:
        message = (
            f"the story has {length.words} words; the source allows at least {MIN_STORY_WORDS}"
        )
        yield LintFinding(LintKind.TOO_SHORT, where, f"{length.words} words", message)


__all__ = ["LintFinding", "LintKind", "StoryLength", "lint", "story_length"]
