"""The "This story at a glance" bullets: what happened, what is at stake, who else is affected,
and the open question, each one compressed source sentence of 10-20 words.

This module chooses which sentences become bullets; `compress` shortens them by deletion only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from praynews.core.entities import quotes_speech
from praynews.core.text import PRONOUN_START_SENTENCE, content_words, word_count
from praynews.core.writing.clean import clean_paragraphs
from praynews.core.writing.compress import (
    MIN_BULLET_WORDS,
    TARGET_MAX_WORDS,
    TARGET_MIN_WORDS,
    compress,
    is_fragment,
    opening_trimmed,
    tidy,
)
from praynews.core.writing.lexicon import glance_slot_patterns, limits
from praynews.core.writing.salience import ScoredSentence, score_sentences

MIN_BULLETS = 3
MAX_BULLETS = 5
DEFAULT_BULLETS = 4
# A sentence that compression cannot bring under this many words is not used at all.
HARD_MAX_WORDS = limits()["bullet_hard_max_words"]
# Two bullets sharing more than this share of their content words say the same thing.
MAX_OVERLAP = 0.5
# How much a slot's cue words count against plain salience when filling bullets 2-4, and how
# much a bullet outside the 10-20 word target costs. Tuned on tests/data/glance; the penalty
# rose from 1.6 to 2.0 when salience began to favour long central sentences, which put 4 more of
# the 89 real pages' drafts (bench/write_pages.py) off target. It costs about 0.002 ROUGE-2.
WEIGHT_SLOT_CUE = 0.6
OFF_TARGET_PENALTY = 2.0
LEAD_SENTENCES = 3  # the first bullet is the best of the first few sentences
# ... but the first sentence keeps its place unless a later one beats it by this much: a near
# tie is the lead's to keep ("Hundreds of children walked through the gates …" over "The
# school opened with 640 pupils …").
LEAD_MARGIN = 1.0
# Bullets 2-5 come from the most salient sentences; looking further down the ranking never
# changed a choice on tests/data/glance or BBC and cost time (14 -> 10 saved 6% of the glance's
# time; CNN/DM moved by +0.0004 R1).
CANDIDATE_POOL = 10


# Bullets speak in the post's voice: no "we", "you" or "I" from a columnist, no list entries
# ("Heritage: Sheffield 19 points").
_PERSONAL = re.compile(r"\b(?:I|we|We|us|our|Our|you|You|your|Your|I'm|we're|you're|we’d|We’d)\b")
_LABEL_ENTRY = re.compile(r"^[^:,.]{1,40}:\s")


@dataclass(frozen=True)
class BulletCandidate:
    """A sentence that could become a bullet, its compressed form and that form's content words."""

    sentence: ScoredSentence
    bullet: str
    words: frozenset[str]


def _usable(sentence: ScoredSentence) -> bool:
    text = sentence.text
    if quotes_speech(text) or text.endswith("?"):
        return False
    if _PERSONAL.search(text) or _LABEL_ENTRY.match(text):
        return False
    # A later sentence opening with a pronoun would lose its antecedent as a bullet.
    return sentence.position == 0 or not PRONOUN_START_SENTENCE.match(opening_trimmed(text))


def _candidates(sentences: list[ScoredSentence]) -> list[BulletCandidate]:
    """Compressed bullets for the lead and the most salient sentences (compressing is the
    costly step, so only sentences that could be chosen are compressed)."""
    lead = [s for s in sentences if s.position < LEAD_SENTENCES]
    rest = sorted((s for s in sentences if s.position >= LEAD_SENTENCES), key=lambda s: -s.score)
    found = []
    for sentence in [*lead, *rest]:
        if not _usable(sentence):
            continue
        bullet = compress(sentence.text)
        if MIN_BULLET_WORDS <= word_count(bullet) <= HARD_MAX_WORDS and not is_fragment(bullet):
            found.append(BulletCandidate(sentence, bullet, frozenset(content_words(bullet))))
        if len(found) >= CANDIDATE_POOL:
            break
    return found


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _value(candidate: BulletCandidate, slot: str | None) -> float:
    value = candidate.sentence.score
    if not TARGET_MIN_WORDS <= word_count(candidate.bullet) <= TARGET_MAX_WORDS:
        value -= OFF_TARGET_PENALTY
    if slot:
        value += WEIGHT_SLOT_CUE * min(
            2, len(glance_slot_patterns()[slot].findall(candidate.bullet))
        )
    return value


def choose_bullets(sentences: list[ScoredSentence], count: int = DEFAULT_BULLETS) -> list[str]:
    count = max(MIN_BULLETS, min(MAX_BULLETS, count))
    pool = _candidates(sentences)
    chosen: list[BulletCandidate] = []
    slots: list[str | None] = [None, "stakes", "affected", "next", None][:count]
    for index, slot in enumerate(slots):
        fresh = [
            c
            for c in pool
            if c not in chosen and all(_overlap(c.words, o.words) <= MAX_OVERLAP for o in chosen)
        ]
        if not fresh:
            break
        if index == 0:
            # What happened: the lead, unless a scene-setting opener ("It was just after
            # dawn…") gives way to clearly stronger news in the next sentence or two.
            lead = [c for c in fresh if c.sentence.position < LEAD_SENTENCES]
            chosen.append(
                _lead_bullet(lead) if lead else min(fresh, key=lambda c: c.sentence.position)
            )
            continue
        chosen.append(max(fresh, key=lambda c: (_value(c, slot), -c.sentence.position)))
    if len(chosen) < MIN_BULLETS:
        chosen += _fallback(sentences, chosen, MIN_BULLETS - len(chosen))
    return [c.bullet for c in chosen]


def _lead_bullet(lead: list[BulletCandidate]) -> BulletCandidate:
    """The earliest lead sentence, unless a later one is clearly more salient."""
    return max(
        lead,
        key=lambda c: (c.sentence.score - LEAD_MARGIN * (c is not lead[0]), -c.sentence.position),
    )


def _fallback(
    sentences: list[ScoredSentence], chosen: list[BulletCandidate], needed: int
) -> list[BulletCandidate]:
    """Very short or quote-heavy reports: take whole sentences in order to reach three bullets."""
    used = {c.sentence for c in chosen}
    extra = [
        BulletCandidate(s, tidy(s.text), frozenset())
        for s in sentences
        if s not in used and word_count(s.text) >= MIN_BULLET_WORDS
    ]
    return extra[:needed]


def write_glance(title: str, paragraphs: list[str], count: int = DEFAULT_BULLETS) -> list[str]:
    """The glance bullets for an article, from its raw paragraphs (cleaned here)."""
    cleaned = clean_paragraphs(paragraphs, title)
    return choose_bullets(score_sentences(cleaned, title), count)
