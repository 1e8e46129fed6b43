"""The story as a brief, not a reprint: the sentences that carry the story's roles, shortened,
within a budget of the source's words.

The source's sentences are grouped into units that stand on their own: a sentence that leans on
the one before it (a pronoun, a connective, the rest of a quotation, a quotation whose speaker is
only "she") joins that sentence's unit, so the brief never shows it without its antecedent, and
a section can never open on it. The lead unit comes first, then the best unit for each role the
outline heads sections with (why now, the main actor, the people, the wider impact, what comes
next), then the most salient of the rest, while each source's budget lasts. Chosen units keep
source order, one paragraph per source paragraph, and a paragraph from a second outlet keeps its
credit. A sentence a glance bullet repeats word for word is left to the glance.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from praynews.core.entities import (
    people_by_surname,
    quotes_someone,
    unintroduced,
    with_introductions,
)
from praynews.core.text import (
    PRONOUN_START_PARAGRAPH,
    first_sentence,
    quotation_open,
    word_count,
    words,
)
from praynews.core.writing.compress import shorten
from praynews.core.writing.lexicon import connective_pattern, lexicon, limits, roles
from praynews.core.writing.salience import ScoredSentence

# The limits: a brief takes at most 45% of any one source's words, and 500 words in
# all however many outlets it draws on. Shares are of the cleaned reporting, which is never
# longer than the page's text, so the share of the page is lower still.
MAX_SOURCE_SHARE = 0.45
MAX_BRIEF_WORDS = limits()["story_max_words"]
MIN_BRIEF_WORDS = limits()["story_min_words"]
# A story sentence longer than this is shortened by deletion; a quotation never is. News
# sentences run 20-35 words; 32 kept the 89 real pages' leads whole in most drafts while cutting
# the trailing clauses of the longest (bench/write_pages.py: story words per sentence).
MAX_SENTENCE_WORDS = 32

# A connective set off early in the sentence leans back as much as one opening it: "Staying
# on the Moon, however, has not been done."
_INNER_CONNECTIVE = re.compile(
    r"^(?:[^\s,.;:!?]+ ){0,8}[^\s,.;:!?]+, (however|though|meanwhile|instead|therefore|too),"
)
# Words that stand for something told before: "Another is …", "Such cases …".
_REFERRING_START = re.compile(r"^(?:Another|The other|Others|Such|Both|Neither|Either)\b")
# Sentences leaning on each other rarely run past two news paragraphs (25-70 words each); a
# longer run is a story told in pronouns and is split at its paragraphs (tests/core/test_writer).
MAX_UNIT_WORDS = 120
# A role's section is led by one of the most salient units; looking further down the ranking
# cost 6 ms a draft on the 89 real pages (bench/write_pages.py) for carriers too weak to lead.
ROLE_CANDIDATES = 20
# Once the brief has less room than a short sentence, nothing else fits.
MIN_UNIT_WORDS = 8
_DOUBLE_QUOTE = re.compile(r"[\"“”]")
_OPENING_QUOTE = re.compile(r"^[\"“‘']+")
_SPEAKING = re.compile(
    r"\b(?:said|says|told|added|explained|warned|asked|according to|wrote|stated)\b"
)
_PRONOUN_SPEAKER = re.compile(
    r"\b(?:he|she|they)\s(?:said|says|added|told|explained|warned|asked)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class BriefSentence:
    text: str
    paragraph: int
    score: float
    repeated: bool  # a glance bullet says it word for word


@dataclass(frozen=True, eq=False)
class _Unit:
    """Sentences that stand together: the first needs nothing before it. A unit is itself,
    not its contents: choosing asks "is this unit chosen?" thousands of times a brief, and
    comparing field by field (down the chain of units it continues) cost about 1 ms of a
    draft's 13 (the 44 news pages of bench/write_pages.py)."""

    sentences: tuple[BriefSentence, ...]
    source: str | None  # the credited outlet; None for the lead report
    # The unit before it in the source is the one it continues: a long unit cut at its
    # paragraphs opens its later parts on a sentence that leans on the part before.
    continues: _Unit | None = None

    @property
    def paragraph(self) -> int:
        return self.sentences[0].paragraph

    @property
    def repeats_glance(self) -> bool:
        """A glance bullet says one of its sentences word for word."""
        return any(s.repeated for s in self.sentences)

    @property
    def score(self) -> float:
        return max(s.score for s in self.sentences)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @cached_property
    def words(self) -> int:
        return sum(brief_words(s.text) for s in self.sentences)


# A name (with its description) and a speech verb, the quotation left in the sentence before:
# "Ada Brel, a professor of hydrology at the University of Tarn, explained."
SPEAKER_TAG_ONLY = re.compile(
    r"^(?:[A-Z][\w.'’\-]*\s){0,4}[A-Z][\w.'’\-]*(?:,\s[^,]{1,120},)?\s"
    r"(?:said|says|explained|added|noted|told(?:\s\w+){1,3}|wrote|argued|warned|insisted|stressed|"
    r"recalled)\.$"
    # A source with nothing it says: "According to the latest figures from the ministry."
    r"|^According to [^,]+\.$"
)


def brief_words(text: str) -> int:
    """Words as the brief's limits count them, the linter's way: "10:30" is two, as a reader
    of a figure hears it."""
    return len(words(text))


def leans_on_previous(sentence: str, before: str) -> bool:
    """True when `sentence` cannot open a paragraph or section: it opens mid-thought (see
    `mid_thought_reason`), its quotation began in `before`, or it quotes someone it does not
    name."""
    if mid_thought_reason(sentence) or quotation_open(before):
        return True
    if SPEAKER_TAG_ONLY.match(sentence):  # "Ada Venn, a baker, explained." after her words
        return True
    if not _DOUBLE_QUOTE.search(sentence):
        return False
    return not _SPEAKING.search(sentence) or bool(_PRONOUN_SPEAKER.search(sentence))


def mid_thought_reason(text: str) -> str | None:
    """Why a section or paragraph starting with `text` would open mid-thought (a sentence
    begun elsewhere, a connective, a pronoun or "Another" standing for something told before,
    the inside of a quotation), or None when it opens a thought of its own. The writer keeps
    such a sentence with the one before it; the linter counts sections that open on one."""
    text = text.strip()
    words = _OPENING_QUOTE.sub("", text)
    if not words:
        return None
    if words[0].islower():
        return "the section starts in the middle of a sentence"
    connective = connective_pattern().match(words)
    if connective:
        return f"the section opens on “{connective.group(1)}”, which leans on what came before"
    standing_alone = _opens_on_a_time(words) or _dummy_it().match(words)
    if PRONOUN_START_PARAGRAPH.match(words) and not standing_alone:
        return "the section opens on a pronoun whose antecedent is in another section"
    inner = _INNER_CONNECTIVE.match(words)
    if inner:
        return f"the section opens on “{inner.group(1)}”, which leans on what came before"
    referring = _REFERRING_START.match(words)
    if referring:
        return f"the section opens on “{referring.group(0)}”, which refers to what came before"
    if _starts_inside_quotation(text):
        return "the section starts inside a quotation"
    return None


@cache
def _dummy_it() -> re.Pattern[str]:
    """ "It is unclear whether …": an "it" that stands for what follows, not an antecedent."""
    phrases = "|".join(map(re.escape, lexicon()["leaning"]["dummy_it"]))
    return re.compile(rf"^It(?:'s|’s| is| was| remains)(?: not| still)? (?:{phrases})\b")


def _opens_on_a_time(text: str) -> bool:
    """ "This week", "That night": a demonstrative that names a time, not an antecedent."""
    first_two = text.split()[:2]
    time_nouns = frozenset(lexicon()["leaning"]["time_nouns"])
    return len(first_two) == 2 and first_two[1].lower().strip(",.") in time_nouns


def _starts_inside_quotation(text: str) -> bool:
    """The first quotation mark of the first sentence closes a quotation: the text began
    inside it."""
    if "”" not in text and '"' not in text:
        return False  # most sentences hold no quotation: no need to find the first one
    for index, char in enumerate(first_sentence(text)):
        if char == "“":
            return False
        if char == "”":
            return True
        if char == '"':
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            return not before.isspace() and (after.isspace() or after in ",.;:!?")
    return False


def credit_of(paragraph: str, outlets: frozenset[str]) -> str | None:
    """The outlet a paragraph was credited to when it joined from a second report."""
    return next((o for o in outlets if paragraph.endswith(f" ({o})")), None)


def condense(
    sentences: Sequence[ScoredSentence],
    paragraphs: Sequence[str],
    outlets: frozenset[str],
    actor: str | None,
    bullets: Sequence[str],
    people: dict[str, str] | None = None,
) -> list[str]:
    """The brief's paragraphs, in source order, from the scored sentences of `paragraphs`;
    `people` by surname as `entities.people_by_surname` finds them in the paragraphs."""
    credits = [credit_of(p, outlets) for p in paragraphs]
    if people is None:
        people = people_by_surname(" ".join(paragraphs))
    units = _units(_story_sentences(sentences, credits, bullets, people), credits)
    budgets = _budgets(paragraphs, credits)
    met = _Introductions(people, " ".join(bullets))
    chosen = _choose(units, budgets, actor, met)
    return _paragraphs(chosen, credits)


@dataclass(frozen=True)
class _Introductions:
    """Who the reader has met before a unit: the people the source names in full, met in the
    glance or in a unit the brief tells earlier. "Apte explained" needs Joshua Apte first."""

    people: dict[str, str]
    glance: str

    def strangers_in(self, unit: _Unit, earlier: list[_Unit]) -> bool:
        if not unintroduced(unit.text, self.people, self.glance):
            return False  # most units: no one in them, or everyone met in the glance
        before = " ".join([self.glance, *(u.text for u in earlier)])
        return bool(unintroduced(unit.text, self.people, before))

    def introductions(self, unit: _Unit, before: list[_Unit]) -> list[_Unit]:
        """The earliest unit before this one naming in full each person it names by surname
        only (none when the glance has introduced them)."""
        found = []
        for full in unintroduced(unit.text, self.people, self.glance):
            first = next((u for u in before if full in u.text), None)
            if first is not None and first not in found:
                found.append(first)
        return found


def _story_sentences(
    sentences: Sequence[ScoredSentence],
    credits: list[str | None],
    bullets: Sequence[str],
    people: dict[str, str],
) -> list[BriefSentence]:
    """Each sentence as the story would show it, marked where a glance bullet already says it
    word for word, with the full names both give people ("Simpson suggested" is the bullet
    "Charles Simpson suggested" once the story introduces him too)."""
    repeated = [_bare(b) for b in bullets]
    found: list[BriefSentence] = []
    for sentence in sentences:
        text = sentence.text
        credit = credits[sentence.paragraph]
        if credit:
            text = text.removesuffix(f" ({credit})")
        if not _DOUBLE_QUOTE.search(text):
            text = shorten(text, MAX_SENTENCE_WORDS)
        forms = {_bare(text), _bare(with_introductions(text, people, ""))}
        says_a_bullet = any(b and b in form for b in repeated for form in forms)
        found.append(BriefSentence(text, sentence.paragraph, sentence.score, says_a_bullet))
    return found


def _bare(text: str) -> str:
    return " ".join(re.findall(r"[\w'’]+", text.lower()))


def _units(sentences: list[BriefSentence], credits: list[str | None]) -> list[_Unit]:
    """Sentences grouped so that none is shown without the one it leans on."""
    units: list[list[BriefSentence]] = []
    before, paragraph = "", -1
    for sentence in sentences:
        if sentence.paragraph != paragraph and not _OPENING_QUOTE.match(sentence.text):
            before = ""  # a quotation running on opens its next paragraph with a quote mark
        paragraph = sentence.paragraph
        if units and leans_on_previous(sentence.text, before):
            units[-1].append(sentence)
        else:
            units.append([sentence])
        before = f"{before} {sentence.text}" if quotation_open(before) else sentence.text
    found: list[_Unit] = []
    for unit in units:
        before: _Unit | None = None
        for part in _split_long(unit):
            before = _Unit(tuple(part), credits[part[0].paragraph], before)
            found.append(before)
    return found


def _split_long(unit: list[BriefSentence]) -> list[list[BriefSentence]]:
    """A unit too long for a brief, cut at its paragraphs: a story told in "He said …"
    paragraphs would otherwise be one unit; the outline keeps such paragraphs off section
    starts where it can."""
    if sum(word_count(s.text) for s in unit) <= MAX_UNIT_WORDS:
        return [unit]
    parts: dict[int, list[BriefSentence]] = {}
    for sentence in unit:
        parts.setdefault(sentence.paragraph, []).append(sentence)
    return list(parts.values())


def _budgets(paragraphs: Sequence[str], credits: list[str | None]) -> dict[str | None, float]:
    """Each source's share of words the brief may take: the lead report's (None) and each
    credited outlet's."""
    words: dict[str | None, int] = {}
    for paragraph, credit in zip(paragraphs, credits, strict=True):
        words[credit] = words.get(credit, 0) + brief_words(paragraph)
    return {source: MAX_SOURCE_SHARE * count for source, count in words.items()}


def _roles_of(unit: _Unit, actor: str | None) -> set[str]:
    text = unit.text
    lowered = text.lower()
    found = {r.id for r in roles() if r.id != "actor" and r.pattern.search(lowered)}
    if actor and actor in text:
        found.add("actor")
    if quotes_someone(text):
        found.add("people")
    return found


def _choose(
    units: list[_Unit], budgets: dict[str | None, float], actor: str | None, met: _Introductions
) -> list[_Unit]:
    """The units the brief tells. A unit holding a sentence the glance says word for word is
    left out whole (a quotation is never shown in part), and so are the parts that continue
    it, unless that leaves nothing: a brief that repeats its glance beats none. The story's
    first sentence is the exception, when it opens a thought of its own: the brief opens on
    what happened, as the reference post does (its dek and its first bullet tell the lead
    too), not on the sentence after it ("The company struggled …"). Someone named by surname
    only waits for their introduction, unless waiting leaves the brief thin."""
    lead = units[0] if units and _opens_on_the_lead(units[0]) else None
    fresh = [unit for unit in units if not unit.repeats_glance or unit is lead]
    chosen = _choose_from(fresh, budgets, actor, met) or _choose_from(units, budgets, actor, met)
    if sum(u.words for u in chosen) < MIN_BRIEF_WORDS and met.people:
        # Introductions the source makes too late (or in a unit too long for the budget) can
        # starve a brief; a thin brief is the worse fault, so it goes without them.
        relaxed = _Introductions({}, met.glance)
        fuller = _choose_from(fresh, budgets, actor, relaxed)
        if sum(u.words for u in fuller) > sum(u.words for u in chosen):
            return fuller
    return chosen


def _opens_on_the_lead(unit: _Unit) -> bool:
    """The story's first unit opens a thought of its own, and only its first sentence, the
    lead, is a glance bullet's: the one repetition a post makes on purpose."""
    first, *rest = unit.sentences
    return not mid_thought_reason(first.text) and not any(s.repeated for s in rest)


def _choose_from(
    units: list[_Unit], budgets: dict[str | None, float], actor: str | None, met: _Introductions
) -> list[_Unit]:
    """The lead, then the most salient unit for each role, then the most salient of the rest,
    each while its source's budget and the brief's lasts; a part of a long unit only after the
    part it continues; a unit naming someone by surname only after they are introduced."""
    chosen: list[_Unit] = []
    spent: dict[str | None, int] = {}
    total = 0

    def fits(unit: _Unit) -> bool:
        if unit in chosen or total + unit.words > MAX_BRIEF_WORDS:
            return False
        if unit.continues is not None and unit.continues not in chosen:
            return False
        return spent.get(unit.source, 0) + unit.words <= budgets.get(unit.source, 0)

    def take(unit: _Unit) -> None:
        nonlocal total
        if not fits(unit):
            return
        position = units.index(unit)
        for introduction in met.introductions(unit, units[:position]):
            take(introduction)  # "Venn said" brings the unit that says who Ada Venn is
        if not fits(unit):
            return
        if met.strangers_in(unit, [u for u in chosen if units.index(u) < position]):
            return
        chosen.append(unit)
        spent[unit.source] = spent.get(unit.source, 0) + unit.words
        total += unit.words

    if units:
        take(units[0])
    ranked = sorted(units, key=lambda u: -u.score)
    unit_roles = {id(u): _roles_of(u, actor) for u in ranked[:ROLE_CANDIDATES]}
    for role in roles():
        carriers = [u for u in ranked[:ROLE_CANDIDATES] if role.id in unit_roles[id(u)]]
        if carriers and not any(role.id in unit_roles.get(id(u), ()) for u in chosen):
            take(carriers[0])
    for unit in ranked:
        if MAX_BRIEF_WORDS - total < MIN_UNIT_WORDS:
            break
        take(unit)
    return sorted(chosen, key=units.index)


def _paragraphs(chosen: list[_Unit], credits: list[str | None]) -> list[str]:
    """One paragraph per source paragraph a unit starts in, credited when it came from a
    second outlet."""
    grouped: dict[int, list[str]] = {}
    for unit in chosen:
        grouped.setdefault(unit.paragraph, []).append(unit.text)
    out = []
    for paragraph, texts in grouped.items():
        text = " ".join(texts)
        credit = credits[paragraph]
        out.append(f"{text} ({credit})" if credit else text)
    return out
