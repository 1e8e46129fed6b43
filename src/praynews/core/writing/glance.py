"""The "This story at a glance" bullets: what happened, what is at stake, who else is affected,
and the open question, each one compressed source sentence of 10-20 words.

This module chooses which sentences become bullets; `compress` shortens them by deletion only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from praynews.core.entities import people_by_surname, quotes_speech, with_introductions
from praynews.core.lint import fragment_reason
from praynews.core.text import PRONOUN_START_SENTENCE, fact_words, same_fact, word_count
from praynews.core.writing.clean import clean_paragraphs
from praynews.core.writing.compress import (
    MIN_BULLET_WORDS,
    TARGET_MAX_WORDS,
    TARGET_MIN_WORDS,
    compress,
    holds_word,
    is_fragment,
    opening_trimmed,
    tidy,
)
from praynews.core.writing.condense import SPEAKER_TAG_ONLY
from praynews.core.writing.lexicon import event_kind_pattern, glance_slot_patterns, limits
from praynews.core.writing.salience import ScoredSentence, score_sentences

MIN_BULLETS = 3
MAX_BULLETS = 5
DEFAULT_BULLETS = 4
# A sentence that compression cannot bring under this many words is not used at all.
HARD_MAX_WORDS = limits()["bullet_hard_max_words"]
# How much a slot's cue words count against plain salience when filling bullets 2-4, and how
# much a bullet outside the 10-20 word target costs. Tuned on tests/data/glance; the penalty
# rose from 1.6 to 2.0 when salience began to favour long central sentences, which put 4 more of
# the 89 real pages' drafts (bench/write_pages.py) off target. It costs about 0.002 ROUGE-2.
# The cue weight fell from 0.6 to 0.4 when compression began keeping whole clauses: the BBC
# sentences the bullets come from had come to tie TextRank (R2 -0.0005) and at 0.4 beat it
# (+0.0003, R1 +0.0051); the gate's scores, the bullets on target and CNN/DM hold; one of the
# 104 pages' glances swaps two bullets. 0.2 and 0.3 beat it by less.
WEIGHT_SLOT_CUE = 0.4
OFF_TARGET_PENALTY = 2.0
LEAD_SENTENCES = 3  # the first bullet is the best of the first few sentences
# ... but the first sentence keeps its place unless a later one beats it by this much: a near
# tie is the lead's to keep ("Hundreds of children walked through the gates …" over "The
# school opened with 640 pupils …").
LEAD_MARGIN = 1.0
# Bullets 2-5 come from the most salient sentences; looking further down the ranking seldom
# changes a choice and costs time: 14 -> 10 saved 6% of the glance's time (CNN/DM +0.0004 R1);
# 10 -> 8 saved 10% more, left tests/data/glance and CNN/DM as they were, raised the BBC
# sentences' R2 by 0.0001 and changed one bullet of the 104 pages' drafts.
CANDIDATE_POOL = 8


# Bullets speak in the post's voice: no "we", "you" or "I" from a columnist, no list entries
# ("Heritage: Sheffield 19 points", "- Ten questions to ask").
_PERSONAL = re.compile(
    r"\b(?=[IWwuOoYy])(?:I|we|We|us|our|Our|you|You|your|Your|I'm|we're|you're|we’d|We’d)\b"
)
_LABEL_ENTRY = re.compile(r"^[^:,.]{1,40}:\s|^[-–•*]")
# A photo caption or a link is not a sentence of the story.
_CAPTION_OR_LINK = re.compile(
    r"\b(?:Photo|Image|Picture|Credit|Caption)s?\s?:|\bGetty Images\b|https?://|www\."
)
_CAPTION_OR_LINK_MARKS = (":", "www.", "Getty Images")  # one of them is in every match


def _caption_or_link(text: str) -> bool:
    """Tested on every sentence, so the pattern runs only where it could match."""
    return any(mark in text for mark in _CAPTION_OR_LINK_MARKS) and bool(
        _CAPTION_OR_LINK.search(text)
    )


# An opening that refers back to something the bullet never introduced: "Even within that
# framework", "That decision", "The move", "For example".
_LEANS_ON_EARLIER = re.compile(
    r"^(?:(?:Even|Also|Yet|Still|And)\s)?(?:(?:[Ww]ithin|[Ii]n|[Uu]nder|[Ww]ith|[Dd]espite|[Aa]fter|"
    r"[Ff]or|[Bb]y|[Ff]rom|[Oo]n|[Aa]t|[Tt]o)\s)?(?:that|this|these|those|such|That|This|These|"
    r"Those|Such)\b"
    r"|^The\s(?:move|decision|step|plan|deal|measure|announcement|incident|attack|comments?|"
    r"remarks?|statement|change|ruling|proposal|findings?|latter|former|same)\b"
    r"|^(?:For example|For instance|In addition|Also|As a result|In turn|Even so|Even then),"
)


@dataclass(frozen=True)
class BulletCandidate:
    """A sentence that could become a bullet, its compressed form and that form's fact words."""

    sentence: ScoredSentence
    bullet: str
    words: frozenset[str]


def _usable(sentence: ScoredSentence) -> bool:
    text = sentence.text
    if quotes_speech(text) or text.endswith("?"):
        return False
    if _PERSONAL.search(text) or _LABEL_ENTRY.match(text) or _caption_or_link(text):
        return False
    # A later sentence opening with a pronoun or "That decision" would lose what it refers to.
    opening = opening_trimmed(text)
    leans = PRONOUN_START_SENTENCE.match(opening) or _LEANS_ON_EARLIER.match(opening)
    return sentence.position == 0 or not leans


def _complete_sentence(bullet: str) -> bool:
    """A bullet a reader can take alone: the linter's test for a whole sentence, and more than
    a speaker's name and title whose quotation stayed in the sentence before."""
    if is_fragment(bullet) or SPEAKER_TAG_ONLY.match(bullet):
        return False
    return fragment_reason(bullet) is None


def _candidates(sentences: list[ScoredSentence], facts: frozenset[str]) -> list[BulletCandidate]:
    """Compressed bullets for the lead and the most salient sentences (compressing is the
    costly step, so only sentences that could be chosen are compressed); the lead's sentences
    keep the event's kind and toll through compression."""
    lead = [s for s in sentences if s.position < LEAD_SENTENCES]
    rest = sorted((s for s in sentences if s.position >= LEAD_SENTENCES), key=lambda s: -s.score)
    found = []
    for sentence in [*lead, *rest]:
        if not _usable(sentence):
            continue
        bullet = _compressed(sentence.text, facts if sentence in lead else frozenset())
        if MIN_BULLET_WORDS <= word_count(bullet) <= HARD_MAX_WORDS and _complete_sentence(bullet):
            found.append(BulletCandidate(sentence, bullet, frozenset(fact_words(bullet))))
        if len(found) >= CANDIDATE_POOL:
            break
    return found


def _compressed(sentence: str, facts: frozenset[str]) -> str:
    """The sentence compressed keeping the lead's kind and toll, unless that leaves it over
    the bullet's 10-20 words: then a later bullet must carry them (`_with_key_facts`)."""
    kept = compress(sentence, facts)
    return kept if not facts or word_count(kept) <= TARGET_MAX_WORDS else compress(sentence)


def _value(candidate: BulletCandidate, slot: str | None) -> float:
    value = candidate.sentence.score
    if not TARGET_MIN_WORDS <= word_count(candidate.bullet) <= TARGET_MAX_WORDS:
        value -= OFF_TARGET_PENALTY
    if slot:
        value += WEIGHT_SLOT_CUE * min(
            2, len(glance_slot_patterns()[slot].findall(candidate.bullet))
        )
    return value


def choose_bullets(
    sentences: list[ScoredSentence],
    count: int = DEFAULT_BULLETS,
    people: dict[str, str] | None = None,
) -> list[str]:
    """The glance: the lead fact first, then a bullet for each slot, no fact twice, anyone
    named in full before their surname stands alone (`people`, by surname, when the caller
    has them: see `entities.people_by_surname`)."""
    count = max(MIN_BULLETS, min(MAX_BULLETS, count))
    facts = _lead_facts(sentences)
    pool = _candidates(sentences, facts)
    if people is None:
        people = people_by_surname(" ".join(s.text for s in sentences))
    dek = sentences[0].text if sentences else ""  # the post's dek, read before the glance
    chosen: list[BulletCandidate] = []
    slots: list[str | None] = [None, "stakes", "affected", "next", None][:count]
    for index, slot in enumerate(slots):
        fresh = [
            c
            for c in pool
            if c not in chosen and not any(same_fact(c.words, o.words) for o in chosen)
        ]
        if not fresh:
            break
        if index == 0:
            # What happened: the lead, unless a scene-setting opener ("It was just after
            # dawn…") gives way to clearly stronger news in the next sentence or two.
            lead = [c for c in fresh if c.sentence.position < LEAD_SENTENCES]
            chosen.append(
                _lead_bullet(lead, facts) if lead else min(fresh, key=lambda c: c.sentence.position)
            )
            continue
        chosen.append(max(fresh, key=lambda c: (_value(c, slot), -c.sentence.position)))
    chosen = _with_key_facts(chosen, pool, facts, count)
    if len(chosen) < MIN_BULLETS:
        chosen += _fallback(sentences, chosen, MIN_BULLETS - len(chosen))
    return _introduced(chosen, people, dek)


# A bullet retells the dek when this share of its fact words is there. Measured on the bullets
# after the first of the 104 pages' drafts: the ones that said the dek again scored 0.67-1.0
# (three word for word); those telling another fact about the same subject at most 0.57
# ("One of Alibaba's New York-listed shares will be worth eight of its Hong Kong shares").
# `same_fact` compares with the shorter text, which a short dek ("South Dakota says, 'Meth.")
# would make far too eager.
RETOLD_SHARE = 0.6


def without_retold(bullets: list[str], told: str) -> list[str]:
    """The bullets without those after the first that tell again what the reader has just read
    (`told`, the dek), as long as the glance keeps its minimum. The first bullet is the lead
    fact, which the dek may share by design; a later one that retells it is a repeat."""
    told_words = fact_words(told)
    kept = list(bullets)
    for bullet in bullets[1:]:
        words = fact_words(bullet)
        retold = bool(words) and len(words & told_words) / len(words) >= RETOLD_SHARE
        if len(kept) > MIN_BULLETS and retold:
            kept.remove(bullet)
    return kept


def _introduced(chosen: list[BulletCandidate], people: dict[str, str], dek: str) -> list[str]:
    """The bullets naming in full anyone the reader has not met in the dek or an earlier
    bullet ("Clark said" -> "Tim Clark said"); the full name is the source's own, so it
    traces."""
    bullets: list[str] = []
    for candidate in chosen:
        bullets.append(with_introductions(candidate.bullet, people, " ".join([dek, *bullets])))
    return bullets


# A toll: "at least 321 dead", "killing 12", "40 people were killed".
_TOLL = re.compile(
    r"\b(?:kill(?:ed|ing)|left|leaving)\s(?:at least\s|more than\s|some\s|about\s)?(\d[\d,]*)"
    r"|\b(\d[\d,]*)\s(?:\w+\s){0,2}(?:dead|killed|died|deaths)\b"
)


def _lead_facts(sentences: list[ScoredSentence]) -> frozenset[str]:
    """The event's kind ("earthquake", "crash") and its toll as the lead paragraph gives them:
    the facts a glance must never leave out (editors found a quake glance that never said
    "quake" and one without its "321 dead")."""
    lead = " ".join(s.text for s in sentences if s.paragraph == 0 and s.position < LEAD_SENTENCES)
    kind = event_kind_pattern().search(lead)
    tolls = {figure for match in _TOLL.finditer(lead) for figure in match.groups() if figure}
    return frozenset({kind.group(0).lower()} if kind else set()) | tolls


def _with_key_facts(
    chosen: list[BulletCandidate], pool: list[BulletCandidate], facts: frozenset[str], count: int
) -> list[BulletCandidate]:
    """The lead's kind and toll in the glance: a bullet that holds what the chosen ones miss
    joins them second (after what happened), in place of the last when the glance is full."""
    for _ in range(len(facts)):
        missing = _missing(facts, chosen)
        holders = [c for c in pool if c not in chosen and _missing(missing, [c]) != missing]
        if not missing or not holders:
            break
        best = min(holders, key=lambda c: (len(_missing(missing, [c])), c.sentence.position))
        kept = chosen if len(chosen) < count else chosen[:-1]
        chosen = [*kept[:1], best, *kept[1:]]
    return chosen


def _missing(facts: frozenset[str], chosen: list[BulletCandidate]) -> frozenset[str]:
    text = " ".join(c.bullet for c in chosen)
    return frozenset(f for f in facts if not holds_word(text, f))


def _lead_bullet(lead: list[BulletCandidate], facts: frozenset[str]) -> BulletCandidate:
    """The earliest lead sentence, unless a later one is clearly more salient; but first the
    one that names the event's kind and toll, if the lead gives them."""
    return max(
        lead,
        key=lambda c: (
            -len(_missing(facts, [c])),
            c.sentence.score - LEAD_MARGIN * (c is not lead[0]),
            -c.sentence.position,
        ),
    )


def _fallback(
    sentences: list[ScoredSentence], chosen: list[BulletCandidate], needed: int
) -> list[BulletCandidate]:
    """Very short or quote-heavy reports: take whole sentences in order to reach three bullets,
    those that stand on their own first."""
    used = {c.sentence for c in chosen}
    extra = [
        BulletCandidate(s, tidy(s.text), frozenset())
        for s in sentences
        if s not in used and word_count(s.text) >= MIN_BULLET_WORDS
    ]
    # Stable: source order within each kind, those that stand alone and are whole first.
    extra.sort(key=lambda c: (not _usable(c.sentence), not _complete_sentence(c.bullet)))
    return extra[:needed]


def write_glance(title: str, paragraphs: list[str], count: int = DEFAULT_BULLETS) -> list[str]:
    """The glance bullets for an article, from its raw paragraphs (cleaned here)."""
    cleaned = clean_paragraphs(paragraphs, title)
    return choose_bullets(score_sentences(cleaned, title), count)
