"""The "This story at a glance" bullets: what happened, what is at stake, who else is affected,
and the open question, each one compressed source sentence of 10-20 words.

Compression only removes words (parentheticals, attributions, leading time clauses, appositives,
trailing clauses), so every bullet stays a substring-by-deletion of a source sentence and its
facts stay traceable. It stops as soon as the sentence fits: every cut risks the grammar and
loses words the source chose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from praynews.core.text import content_words, word_count
from praynews.core.writing.clean import clean_paragraphs
from praynews.core.writing.lexicon import attribution_pattern, glance_slot_patterns, limits
from praynews.core.writing.salience import ScoredSentence, score_sentences

MIN_BULLETS = 3
MAX_BULLETS = 5
DEFAULT_BULLETS = 4
# FORMAT.md: each bullet is one sentence of 10-20 words. Compression aims under the ceiling;
# a sentence that cannot be brought under HARD_MAX_WORDS is not used at all.
TARGET_MIN_WORDS = limits()["bullet_min_words"]
TARGET_MAX_WORDS = limits()["bullet_max_words"]
HARD_MAX_WORDS = limits()["bullet_hard_max_words"]
MIN_BULLET_WORDS = 7
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

# "Not a clause boundary": any character but a comma (or full stop), except inside numbers such
# as 40,000 and 2.5, so a clause is never cut in the middle of a figure.
_NC = r"(?:[^,]|(?<=\d),(?=\d))"
_NCD = r"(?:[^,.]|(?<=\d)[,.](?=\d))"
_QUOTE_MARKS = ('"', "“", "”")
_SINGLE_QUOTE_OPEN = re.compile(r"(?:^|\s)['‘]\w")  # 'quoted words', not an apostrophe
# A short quoted phrase ("serious challenges") is the outlet's wording of a fact and may stand
# in a bullet; a longer quotation is someone's speech and belongs in the story, attributed.
MAX_SCARE_QUOTE_WORDS = 4
_DOUBLE_QUOTED = re.compile(r"[\"“]([^\"“”]*)[\"”]")
_PARENTHETICAL = re.compile(r"\s*\([^)]{1,80}\)|\s*\[[^\]]{1,80}\]")
_LEADING_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w.'’\-]*\s){1,5}?(?:said|says|told reporters|announced|reported|confirmed)"
    r"(?: on \w+day)?(?: that)?\s+(?=[a-z])"
)
_LEADING_CLAUSE = re.compile(
    r"^(?:On|In|At|By|After|Before|During|Since|Earlier|Later|Late|Last|Early|Meanwhile|However)"
    r"\b[^,]{0,40},\s+"
)
# An appositive describes a name: "Jeanne Muhindo, who coordinates volunteers, said …".
_APPOSITIVE = re.compile(
    rf"(?:(?<=[A-Z][\w'’\-]),\s(?:a|an|the|now|formerly|once|\d+)|(?<=\w),\s(?:who|whose|which|aged))"
    rf"\b{_NC}{{1,70}},\s"
)
# Trailing clauses are removed from the end backwards, so "…, killing 19, flattening houses"
# loses "flattening houses" first.
_CLAUSE_START = re.compile(
    r"(?:,|\s-|\s–)\s(?:\w+ing|as|while|with|including|amid|but|which|where|after|despite|"
    r"according|and)\b"
)


# A clause that ends in ", would …" was a relative clause inside the subject ("The
# celebrations, which honour St. Barbara, would be dedicated …"): cutting there loses the verb.
_PREDICATE_AFTER = re.compile(
    r",\s(?:would|will|is|are|was|were|has|have|had|could|can|should|may|might|must)\b"
)


def _drop_trailing_clause(text: str) -> str:
    starts = list(_CLAUSE_START.finditer(text))
    if not starts or _PREDICATE_AFTER.search(text, starts[-1].start() + 1):
        return text
    return text[: starts[-1].start()] + "."


# "… as rebels advanced." but not "… 60 hours after the collapse." (a time, not a clause).
_TRAILING_SUBORDINATE = re.compile(
    r"(?<!hours)(?<!days)(?<!weeks)(?<!months)(?<!years)(?<!minutes)(?<!shortly)(?<!soon)"
    rf"\s(?:as|while|after|because|when|amid|despite|until|unless)\s{_NCD}*\.$"
)
_TRAILING_RELATIVE = re.compile(rf"(?<=\w)\s(?:who|that|which|whose)\s{_NCD}*\.$")
_TRAILING_APPOSITIVE = re.compile(rf",\s(?:a|an|the|one|mostly|mainly|many|most|some)\s{_NC}*\.$")
_TRAILING_RELATIVE_SEGMENT = re.compile(rf",\s(?:who|whose|which)\s{_NC}*\.$")
_PREPOSITION_START = re.compile(
    r"^(?:in|on|at|for|with|from|by|to|into|after|before|during|since|under|over|near|across)\b"
)
_MID_ATTRIBUTION = re.compile(
    rf",\s(?:{_NC}{{1,50}}\s)?(?:said|says|reported|told \w+|according to {_NC}{{1,40}}),\s"
)
_LAST_SEGMENT = re.compile(rf",\s(?P<segment>{_NC}{{1,120}})\.$")
_LIST_TAIL = re.compile(r"^(?:[\w'’\-]+\s){0,3}(?:and|or)\s")
_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME_ADVERBIAL = re.compile(
    rf"\s(?:(?:late |early )?on {_DAYS}(?: (?:morning|afternoon|evening|night))?"
    rf"(?: and {_DAYS})?|between {_DAYS} and {_DAYS}|"
    r"over the weekend|this week|last week|earlier this (?:week|month|year)|on \d{1,2} \w+|"
    r"overnight|yesterday|today)(?=[\s,.])"
)
# Bullets speak in the post's voice: no "we", "you" or "I" from a columnist, no list entries
# ("Heritage: Sheffield 19 points"), no subordinate clause standing alone ("While X is light.").
_PERSONAL = re.compile(r"\b(?:I|we|We|us|our|Our|you|You|your|Your|I'm|we're|you're|we’d|We’d)\b")
_LABEL_ENTRY = re.compile(r"^[^:,.]{1,40}:\s")
_SUBORDINATE_START = re.compile(
    r"^(?:While|Although|Though|Because|If|When|As|Since|Unless|Whereas|Whether)\b"
)
_PRONOUN_START = re.compile(
    r"^(?:(?:He|She|It|They|This|These|Those|His|Her|Its|Their|That)\b|"
    # "Many had received …": a quantifier standing for people named in an earlier sentence.
    r"(?:Many|Most|Some|Few|Several|Others|Both|All)\s(?:of\s(?:them|those|these)|had|have|has|"
    r"were|are|was|is|will|would|said|say|says)\b)"
)


# "But …" and "However, …" lean on a sentence the glance does not show.
_LEADING_CONNECTIVE = re.compile(r"^(?:But|And|Yet|Or|However,|Meanwhile,|Still,|Instead,)\s+")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:])")
_MARKS_BEFORE_STOP = re.compile(r"[,;:]+\.$")


def _tidy(text: str) -> str:
    text = _SPACE_BEFORE_MARK.sub(r"\1", text).strip()
    text = _MARKS_BEFORE_STOP.sub(".", text).rstrip(",;: ")
    return text if text.endswith((".", "!")) else text + "."


_VERB_START = re.compile(
    r"^(?:would|will|is|are|was|were|has|have|had|could|can|should|may|might|must|did|does|do|"
    r"\w+ed)\b"
)
# A deletion that leaves a sentence ending like these has cut it in the wrong place.
_DANGLING_END = re.compile(
    r"(?:\b(?:and|or|but),\s[^,]*|\b(?:the|a|an|of|and|or|to|in|with|for|by|from|on|at))\.$"
    # "… found that in 2015.": the clause after "that" lost its subject and verb.
    r"|\b(?:that|which|when|because|if|while|where)\s(?:in|on|at|by|after|before|during|since|"
    r"for|with|from|over|under|last|this|next)\b[^,]*\.$"
    # "… and noted.", "…, arguing.": a verb whose clause was cut away.
    r"|\band\s(?:noted|said|added|warned|argued|insisted|stressed|explained|told)\.$"
    r"|,\s\w+ing\.$"
)


def _drop_last_segment(text: str) -> str:
    """Drop a trailing ", …" phrase, unless it is a list's tail or the clause's own verb.

    After an appositive ("Suppliers, many in the north, make parts.") the last segment is the
    predicate, whatever its verb looks like, and dropping it would leave no sentence.
    """
    match = _LAST_SEGMENT.search(text)
    if not match:
        return text
    segment = match.group("segment")
    if _LIST_TAIL.match(segment) or _VERB_START.match(segment):
        return text
    kept = text[: match.start()] + "."
    after_appositive = _TRAILING_APPOSITIVE.search(kept) or _TRAILING_RELATIVE_SEGMENT.search(kept)
    if after_appositive and not _PREPOSITION_START.match(segment):
        return text
    return kept


def _sub(pattern: re.Pattern[str], replacement: str) -> Callable[[str], str]:
    return lambda text: pattern.sub(replacement, text, count=1)


# "will", "is scheduled to": in a sentence about what comes next, the day is the news.
_LOOKS_AHEAD = re.compile(r"\b(?:will|scheduled|expected|due to|plans? to|set to|is to|are to)\b")


def _drop_reported_time(text: str) -> str:
    """Drop "on Tuesday" from what happened; keep it in what is to come."""
    return text if _LOOKS_AHEAD.search(text) else _TIME_ADVERBIAL.sub("", text, count=1)


# Deletions that cost a reader little, tried in this order while a sentence is too long: the
# spec's "officials said on Tuesday". A parenthesis goes first, but only from a sentence that is
# too long: "(HTS)" helps a reader when there is room for it.
_LIGHT_CUTS: tuple[Callable[[str], str], ...] = (
    lambda text: _PARENTHETICAL.sub("", text),
    _sub(_LEADING_ATTRIBUTION, ""),
    _sub(_MID_ATTRIBUTION, ", "),
    _drop_reported_time,
    _sub(_LEADING_CLAUSE, ""),
)
# Deletions that take a clause or a phrase with its facts. When one is needed, the one that
# brings the sentence under the limit while keeping the most words wins: a 22-word sentence
# loses a short phrase, not half its length.
_CLAUSE_CUTS: tuple[Callable[[str], str], ...] = (
    _drop_trailing_clause,
    _sub(_TRAILING_APPOSITIVE, "."),
    _sub(_APPOSITIVE, " "),
    _sub(_TRAILING_SUBORDINATE, "."),
    _drop_last_segment,
    _sub(_TRAILING_RELATIVE, "."),
)


_NAME_PAIR = re.compile(r"(?=\b([A-Z][\w'’.\-]*\s[A-Z][\w'’\-]*))")


def _acceptable(text: str, original: str) -> bool:
    """Long enough, not cut mid-phrase, and no two names run together that were apart
    ("Beach, FL, the first of 30 cities including Toronto" must not become "FL Toronto")."""
    if word_count(text) < TARGET_MIN_WORDS or _DANGLING_END.search(text):
        return False
    if _SUBORDINATE_START.match(text) and "," not in text:
        return False  # only the subordinate clause is left
    return all(pair in original for pair in _NAME_PAIR.findall(text))


def compress(sentence: str) -> str:
    """Shorten a sentence by deletion only, step by step while it is over the target length:
    light cuts first, then the clause cut that loses least."""
    text = _opening_trimmed(sentence)
    without = attribution_pattern().sub(".", text)
    if word_count(without) >= MIN_BULLET_WORDS:
        text = without
    while word_count(text) > TARGET_MAX_WORDS:
        light = _first_acceptable(_cuts(_LIGHT_CUTS, text), sentence)
        if light:
            text = light
            continue
        cuts = _cuts(_CLAUSE_CUTS, text)
        fitting = sorted(
            (c for c in cuts if word_count(c) <= TARGET_MAX_WORDS), key=lambda c: -word_count(c)
        )
        rest = [c for c in cuts if word_count(c) > TARGET_MAX_WORDS]
        clause = _first_acceptable([*fitting, *rest], sentence)
        if not clause:
            break
        text = clause
    return _tidy(text)


def _cuts(steps: tuple[Callable[[str], str], ...], text: str) -> list[str]:
    """The text after each deletion that applies, tidied, in the steps' order."""
    found = []
    for step in steps:
        stepped = step(text)
        if stepped != text:
            shorter = _tidy(_capitalise(stepped))
            if shorter != text:
                found.append(shorter)
    return found


def _first_acceptable(cuts: list[str], original: str) -> str | None:
    """Checked one by one, in order: the check is the costly part."""
    return next((c for c in cuts if _acceptable(c, original)), None)


def _opening_trimmed(sentence: str) -> str:
    """Without a leading connective ("But …") or a speaker's pronoun: "But he said the camps
    were full." -> "The camps were full." The pronoun only named the speaker, so the fact
    stands without its antecedent (attributions are dropped anyway)."""
    text = _capitalise(_LEADING_CONNECTIVE.sub("", sentence))
    if not _PRONOUN_START.match(text):
        return text
    return _capitalise(_LEADING_ATTRIBUTION.sub("", text, count=1))


@dataclass(frozen=True)
class Candidate:
    sentence: ScoredSentence
    bullet: str
    words: frozenset[str]


def _quotes_speech(text: str) -> bool:
    if _SINGLE_QUOTE_OPEN.search(text):
        return True
    spans = _DOUBLE_QUOTED.findall(text)
    marks = sum(text.count(mark) for mark in _QUOTE_MARKS)
    if marks != 2 * len(spans):
        return True  # an unbalanced mark: the sentence is part of a longer quotation
    return any(word_count(span) > MAX_SCARE_QUOTE_WORDS for span in spans)


def _usable(sentence: ScoredSentence) -> bool:
    text = sentence.text
    if _quotes_speech(text) or text.endswith("?"):
        return False
    if _PERSONAL.search(text) or _LABEL_ENTRY.match(text):
        return False
    # A later sentence opening with a pronoun would lose its antecedent as a bullet.
    return sentence.position == 0 or not _PRONOUN_START.match(_opening_trimmed(text))


def _candidates(sentences: list[ScoredSentence]) -> list[Candidate]:
    """Compressed bullets for the lead and the most salient sentences (compressing is the
    costly step, so only sentences that could be chosen are compressed)."""
    lead = [s for s in sentences if s.position < LEAD_SENTENCES]
    rest = sorted((s for s in sentences if s.position >= LEAD_SENTENCES), key=lambda s: -s.score)
    found = []
    for sentence in [*lead, *rest]:
        if not _usable(sentence):
            continue
        bullet = compress(sentence.text)
        fragment = _SUBORDINATE_START.match(bullet) and "," not in bullet
        if MIN_BULLET_WORDS <= word_count(bullet) <= HARD_MAX_WORDS and not fragment:
            found.append(Candidate(sentence, bullet, frozenset(content_words(bullet))))
        if len(found) >= CANDIDATE_POOL:
            break
    return found


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _value(candidate: Candidate, slot: str | None) -> float:
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
    chosen: list[Candidate] = []
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


def _lead_bullet(lead: list[Candidate]) -> Candidate:
    """The earliest lead sentence, unless a later one is clearly more salient."""
    return max(
        lead,
        key=lambda c: (c.sentence.score - LEAD_MARGIN * (c is not lead[0]), -c.sentence.position),
    )


def _fallback(
    sentences: list[ScoredSentence], chosen: list[Candidate], needed: int
) -> list[Candidate]:
    """Very short or quote-heavy reports: take whole sentences in order to reach three bullets."""
    used = {c.sentence for c in chosen}
    extra = [
        Candidate(s, _tidy(s.text), frozenset())
        for s in sentences
        if s not in used and word_count(s.text) >= MIN_BULLET_WORDS
    ]
    return extra[:needed]


def write_glance(title: str, paragraphs: list[str], count: int = DEFAULT_BULLETS) -> list[str]:
    """The glance bullets for an article, from its raw paragraphs (cleaned here)."""
    cleaned = clean_paragraphs(paragraphs, title)
    return choose_bullets(score_sentences(cleaned, title), count)
