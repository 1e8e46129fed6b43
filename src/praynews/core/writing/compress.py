"""Sentence compression for the glance bullets: shorten a source sentence by deletion only.

Compression only removes words (parentheticals, attributions, leading time clauses, appositives,
trailing clauses), so every bullet stays a substring-by-deletion of a source sentence and its
facts stay traceable. It stops as soon as the sentence fits: every cut risks the grammar and
loses words the source chose. Choosing which sentences become bullets is `glance`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from praynews.core.text import PRONOUN_START_SENTENCE, word_count
from praynews.core.writing.lexicon import attribution_pattern, limits

# FORMAT.md: each bullet is one sentence of 10-20 words. Compression aims under the ceiling.
TARGET_MIN_WORDS = limits()["bullet_min_words"]
TARGET_MAX_WORDS = limits()["bullet_max_words"]
# Dropping the attribution is skipped when it would leave fewer words than a bullet needs.
MIN_BULLET_WORDS = 7

# "Not a clause boundary": any character but a comma (or full stop), except inside numbers such
# as 40,000 and 2.5, so a clause is never cut in the middle of a figure.
_NC = r"(?:[^,]|(?<=\d),(?=\d))"
_NCD = r"(?:[^,.]|(?<=\d)[,.](?=\d))"
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
# Each branch opens on its comma (the look back follows it): the scan jumps from comma to comma.
_APPOSITIVE = re.compile(
    r"(?:,(?<=[A-Z][\w'’\-],)\s(?:a|an|the|now|formerly|once|\d+)"
    r"|,(?<=\w,)\s(?:who|whose|which|aged))"
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
    cut = starts[-1]
    # ", and …" after other commas ends a list ("X, Y, and Z are …"), whose verb comes after.
    if cut.group(0).endswith("and") and "," in text[: cut.start()]:
        return text
    return text[: cut.start()] + "."


# "… as rebels advanced." but not "… 60 hours after the collapse." (a time, not a clause).
# The space comes first so the scan jumps from space to space.
_TRAILING_SUBORDINATE = re.compile(
    r"\s(?<!hours\s)(?<!days\s)(?<!weeks\s)(?<!months\s)(?<!years\s)(?<!minutes\s)"
    r"(?<!shortly\s)(?<!soon\s)"
    rf"(?:as|while|after|because|when|amid|despite|until|unless)\s{_NCD}*\.$"
)
# A relative clause after a noun ("… over a fire that killed 38 workers.") may go: the sentence
# stays whole. After a verb of saying or knowing, "that" opens what was said ("told reporters
# that the airline will expand"), the verb's object, which never goes.
_TRAILING_RELATIVE = re.compile(rf"(?<=\w)\s(?:who|that|which|whose)\s{_NCD}*\.$")
_SAYING = re.compile(
    r"\b(?:said|says|say|told|tells|decided|argued|argues|claim|claims|claimed|believe|believes|"
    r"believed|think|thinks|thought|warned|announced|added|insisted|stated|noted|reported|"
    r"confirmed|denied|admitted|acknowledged|know|knows|knew|found|showed|shows|suggested|hoped|"
    r"fear|feared|agreed|ruled|concluded|estimated|expects|expected|means|meant|ensure|ensured|"
    r"explain|explains|explained|wrote|writes|revealed|recalled|stressed|predicted|promised|"
    r"learned|realised|realized|"
    # "given that …", "so that …", "now that …": the clause is what the sentence turns on.
    r"given|so|now|except)\b"
)
# How far back a verb of saying governs "that": "told fishermen at a meeting on the quay that".
_SAYING_REACH = 8  # words


def _drop_trailing_relative(text: str) -> str:
    match = _TRAILING_RELATIVE.search(text)
    if not match:
        return text
    before = " ".join(text[: match.start()].split()[-_SAYING_REACH:])
    if match.group(0).split()[0] == "that" and _SAYING.search(before):
        return text
    if match.group(0).split()[0] == "that" and _after_a_verb(before):
        return text  # "… then trimmed that a little": "that" is the verb's object
    if _SAYS_AFTER_RELATIVE.search(match.group(0)):
        return text  # "analysts who have done the sums say …": the clause holds the main verb
    return text[: match.start()] + "."


def _after_a_verb(before: str) -> bool:
    """The word before "that" is a verb in the past ("trimmed", "doubled"): a relative clause
    follows a noun, and short words ending in "ed" ("bed", "need", "seed") are nouns."""
    last = before.split()[-1] if before.split() else ""
    return last.endswith("ed") and len(last) > 5


# A verb of saying after a "who" clause's own verb: the people's description is over and the
# sentence's main clause has begun ("analysts who have done the sums say …"). Not after
# "that", where it is the clause's aside ("the smog that doctors say is harming children").
_SAYS_AFTER_RELATIVE = re.compile(r"^\swho\s(?:\S+\s){2,12}?(?:say|says|said|told|warn|warned)\s")


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
_SUBORDINATE_START = re.compile(
    r"^(?:While|Although|Though|Because|If|When|As|Since|Unless|Whereas|Whether)\b"
)


def is_fragment(text: str) -> bool:
    """Only a subordinate clause is left ("While X is light."): no main clause follows it."""
    return bool(_SUBORDINATE_START.match(text)) and "," not in text


# "But …" and "However, …" lean on a sentence the glance does not show.
_LEADING_CONNECTIVE = re.compile(r"^(?:But|And|Yet|Or|However,|Meanwhile,|Still,|Instead,)\s+")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


_SPACE_BEFORE_MARK = re.compile(r"\s+([,.;:])")
# The same test opening on the mark, which is rare, where the pattern above opens on every space.
_SPACED_MARK = re.compile(r"[,.;:](?<=\s[,.;:])")
_MARKS_BEFORE_STOP = re.compile(r"(?:[,;:]|\s[—–-])+\.$")
_MARKS_THAT_CAN_PRECEDE_STOP = frozenset(",;:—–-")  # a cheap test before the pattern


def tidy(text: str) -> str:
    """Spacing and end marks fixed after a deletion, ending in a full stop."""
    if _SPACED_MARK.search(text):
        text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = text.strip()
    if text[-2:-1] in _MARKS_THAT_CAN_PRECEDE_STOP:
        text = _MARKS_BEFORE_STOP.sub(".", text)
    text = text.rstrip(",;: ")
    ended = text.endswith((".", "!")) or re.search(r"[.!?][\"”’']$", text)
    return text if ended else text + "."


_VERB_START = re.compile(
    r"^(?:would|will|is|are|was|were|has|have|had|could|can|should|may|might|must|did|does|do|"
    r"\w+ed)\b"
)
# A deletion that leaves a sentence ending like these has cut it in the wrong place.
_DANGLING_END = re.compile(
    r"(?:\b(?:and|or|but),\s[^,]*|\b(?:the|a|an|of|and|or|to|in|with|for|by|from|on|at|"
    # "…, those.": a word that stood for what was cut ("those who sail in winter").
    r"those|these|its|their|whose))\.$"
    # "… found that in 2015.": the clause after "that" lost its subject and verb.
    r"|\b(?:that|which|when|because|if|while|where)\s(?:in|on|at|by|after|before|during|since|"
    r"for|with|from|over|under|last|this|next)\b[^,]*\.$"
    # "… and noted.", "…, arguing.": a verb whose clause was cut away.
    r"|\band\s(?:noted|said|added|warned|argued|insisted|stressed|explained|told)\.$"
    r"|,\s\w+ing\.$"
    # "…in the Donetsk region, a day.": what is left of "a day after the talks failed".
    r"|,\s(?:a|an|the|one)\s\w+\.$"
)


# A trailing phrase a sentence can lose: it opens on a preposition, a participle or a
# description, never on a subject ("…, he came under fire"), which would make it the main
# clause that an opening phrase ("In addition to …,", "when he flew …,") was waiting for.
_DETACHABLE_SEGMENT = re.compile(
    r"^(?:in|on|at|for|with|without|from|by|to|into|after|before|during|since|under|over|near|"
    r"across|amid|despite|including|according|as|while|up|down|about|around|than|"
    r"a|an|the|one|mostly|mainly|many|most|some|\w+ing)\b"
)


def _drop_last_segment(text: str) -> str:
    """Drop a trailing ", …" phrase, unless it is a list's tail, the clause's own verb or the
    main clause itself.

    After an appositive ("Suppliers, many in the north, make parts.") the last segment is the
    predicate, whatever its verb looks like, and dropping it would leave no sentence.
    """
    match = _LAST_SEGMENT.search(text)
    if not match:
        return text
    segment = match.group("segment")
    if _LIST_TAIL.match(segment) or _VERB_START.match(segment):
        return text
    if not _DETACHABLE_SEGMENT.match(segment) or _FINITE_VERB.search(segment):
        return text
    kept = text[: match.start()] + "."
    after_appositive = _TRAILING_APPOSITIVE.search(kept) or _TRAILING_RELATIVE_SEGMENT.search(kept)
    if after_appositive and not _PREPOSITION_START.match(segment):
        return text
    return kept


# Words that make a phrase a clause of its own: "the airline will expand" is a sentence that
# happens to follow a comma, not a description to drop.
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|will|would|has|have|had|can|could|should|must|may|might|said|says|"
    r"told|did|does)\b"
)


def _drop_trailing_subordinate(text: str) -> str:
    """Drop "… as rebels advanced.", but not the idiom "round after round of …", where the
    same word stands on both sides of the subordinator."""
    match = _TRAILING_SUBORDINATE.search(text)
    if not match:
        return text
    before = text[: match.start()].split()[-1:]
    after = match.group(0).split()[1:2]
    if before and after and before[0].lower() == after[0].lower():
        return text
    if match.group(0).split()[0] == "as" and before and before[0].lower() in _TAKES_AS:
        return text  # "which astronomers regard as …": what follows "as" is the verb's object
    if before and before[0].lower() in _NEEDS_WHEN_OR_WHY:
        return text  # "may have occurred after …": without it, nothing is said
    return text[: match.start()] + "."


# Verbs that say only that something happened: what follows them ("… after the attacker tried
# to steal a bag", "… as workers changed shifts") is the news, and stays.
_NEEDS_WHEN_OR_WHY = frozenset(
    "occurred occur occurs happened happen happens began begun begin begins started start "
    "starts came".split()
)


# Verbs whose object goes on after "as": "regard X as Y", "known as", "described as".
_TAKES_AS = frozenset(
    "regard regards regarded see sees seen saw view views viewed know known describe describes "
    "described consider considers considered treat treats treated count counts counted rank "
    "ranks ranked hail hailed brand branded label labelled labeled serve serves served act "
    "acts acted such same".split()
)


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
    lambda text: _PARENTHETICAL.sub("", text) if "(" in text or "[" in text else text,
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
    _drop_trailing_subordinate,
    _drop_last_segment,
    _drop_trailing_relative,
)


_NAME_PAIR = re.compile(r"(?=\b([A-Z][\w'’.\-]*\s[A-Z][\w'’\-]*))")


def _acceptable(text: str, original: str, keep: frozenset[str]) -> bool:
    """Long enough, not cut mid-phrase, no two names run together that were apart
    ("Beach, FL, the first of 30 cities including Toronto" must not become "FL Toronto"), and
    every word to keep that the original held still there."""
    if word_count(text) < TARGET_MIN_WORDS or _DANGLING_END.search(text):
        return False
    if is_fragment(text):
        return False
    if any(holds_word(original, w) and not holds_word(text, w) for w in keep):
        return False
    return all(pair in original for pair in _NAME_PAIR.findall(text))


def holds_word(text: str, word: str) -> bool:
    """Whether `word` is in `text` as a whole word ("11" is not in "115"), in any case."""
    return re.search(rf"(?<![\w,]){re.escape(word)}(?![\w]|,\d)", text, re.IGNORECASE) is not None


def compress(sentence: str, keep: frozenset[str] = frozenset()) -> str:
    """Shorten a sentence by deletion only, step by step while it is over the target length:
    light cuts first, then the clause cut that loses least; no cut may lose a word in `keep`
    (the event's kind and toll in the lead), even if the sentence stays long."""
    text = opening_trimmed(sentence)
    without = attribution_pattern().sub(".", text)
    if word_count(without) >= MIN_BULLET_WORDS:
        text = without
    return _cut_to(text, sentence, TARGET_MAX_WORDS, _LIGHT_CUTS, keep)


# In the story, facts stay attributed ("officials said"), so its light cuts spare attributions.
_STORY_LIGHT_CUTS = (_drop_reported_time, _sub(_LEADING_CLAUSE, ""))


def shorten(sentence: str, max_words: int) -> str:
    """A story sentence under `max_words` by the bullets' deletions, keeping its attribution
    and its opening: the story reads as prose, not as a list of facts."""
    if word_count(sentence) <= max_words:
        return sentence
    return _cut_to(sentence, sentence, max_words, _STORY_LIGHT_CUTS)


def _cut_to(
    text: str,
    original: str,
    max_words: int,
    light_cuts: tuple[Callable[[str], str], ...],
    keep: frozenset[str] = frozenset(),
) -> str:
    while word_count(text) > max_words:
        light = _first_acceptable(_cuts(light_cuts, text), original, keep)
        if light:
            text = light
            continue
        cuts = list(_cuts(_CLAUSE_CUTS, text))
        fitting = sorted(
            (c for c in cuts if word_count(c) <= max_words), key=lambda c: -word_count(c)
        )
        rest = [c for c in cuts if word_count(c) > max_words]
        clause = _first_acceptable([*fitting, *rest], original, keep)
        if not clause:
            break
        text = clause
    return tidy(text)


def _cuts(steps: tuple[Callable[[str], str], ...], text: str) -> Iterator[str]:
    """The text after each deletion that applies, tidied, in the steps' order; made one at a
    time, since the first acceptable light cut ends the search."""
    for step in steps:
        stepped = step(text)
        if stepped != text:
            shorter = tidy(_capitalise(stepped))
            if shorter != text:
                yield shorter


def _first_acceptable(cuts: Iterable[str], original: str, keep: frozenset[str]) -> str | None:
    """Checked one by one, in order: the check is the costly part."""
    return next((c for c in cuts if _acceptable(c, original, keep)), None)


def opening_trimmed(sentence: str) -> str:
    """Without a leading connective ("But …") or a speaker's pronoun: "But he said the camps
    were full." -> "The camps were full." The pronoun only named the speaker, so the fact
    stands without its antecedent (attributions are dropped anyway)."""
    text = _capitalise(_LEADING_CONNECTIVE.sub("", sentence))
    if not PRONOUN_START_SENTENCE.match(text):
        return text
    return _capitalise(_LEADING_ATTRIBUTION.sub("", text, count=1))
