"""Headline from the source title: outlet names, page labels and clickbait removed, cut to
4-10 words at a clause boundary, in title case.

Cutting only ever removes the end of the title, so the headline keeps the title's own subject
and verb ("Five Killed in Auckland Rooming House Fire" from "... as residents escape smoke").
When the title is no headline (missing, a teaser, a clipped clause, a whole long sentence), the
headline is composed the same way from the lead's first sentence, after its time and
attribution openers: every word is the source's own.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from praynews.core.text import PRONOUN_START_SENTENCE, split_sentences, title_case, word_count
from praynews.core.writing.lexicon import limits

# Title parts: "Headline | Outlet", "Label: Headline", "Headline. Why it matters."
_SEPARATORS = re.compile(
    r"\s+[|\-–—:]{1,2}\s+|\s+::\s+|(?<=[a-z]{2}):\s+(?=[A-Z'‘\"“])"
    r"|(?<=[a-z]{2})\.\s+(?=(?:Why|How|What|Here)\b)"
)
# Names (people, countries, bodies) before a colon: who says what follows.
_SPEAKER_LABEL = re.compile(
    r"^(?!(?:The|A|An)\s)((?:[A-Z][\w.'’-]*)(?:(?:,\s|\s(?:and|&)\s|\s)[A-Z][\w.'’-]*){0,3}):\s+"
)
_LABELS = re.compile(
    r"^(?:opinion|analysis|watch|live|the latest|breaking(?: news)?|exclusive|update[d]?|video|"
    r"explainer|"
    r"photos?|in pictures|pictured|revealed|column)\s*[:|\-–—]\s*",
    re.IGNORECASE,
)
_CLICKBAIT = re.compile(
    r"\s*(?:[-–—|:]\s*)?(?:live updates?|latest news|what we know(?: so far)?|"
    r"here'?s (?:why|what|how)|you won'?t believe|everything you need to know|explained)\s*$",
    re.IGNORECASE,
)
MAX_HEADLINE_WORDS = limits()["headline_max_words"]
MIN_HEADLINE_WORDS = limits()["headline_min_words"]
# Where a title may be cut, most preferred first: clause openers, then trailing phrases.
_CLAUSE_CUTS = re.compile(
    r"[,;:]\s|\s(?:as|after|amid|while|until|with|following|despite|before|because|when|and)\s",
    re.IGNORECASE,
)
# A cut that leaves a stub after a colon or semicolon ("…: a City", "…; Time") ends mid-phrase:
# the headline ends at the mark instead.
_STUB_AFTER_BREAK = re.compile(r"[:;]\s+(?:\S+\s*){1,2}$")
# A possessive is a boundary too, after a place: "… in Papua New Guinea's Morobe Province" can
# end at "Guinea" (`_PLACE_BEFORE`); "The Weird Plumes of Jupiter's Moon Europa Are Spewing …"
# cannot end at "Jupiter", which would give Jupiter the plumes.
_PHRASE_CUTS = re.compile(
    r"\s(?:in|at|on|for|over|near|from|to|of|by)\s|['’]s\s(?=[A-Z])", re.IGNORECASE
)
_POSSESSIVE_CUT = re.compile(r"['’]s\s")
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|across|outside|around|inside)\s+(?:the\s+)?(?:[A-Z][\w.\-]*\s+){0,3}"
    r"[A-Z][\w.\-]*$"
)
_DANGLING = re.compile(r"\s(?:the|a|an|of|and|or|to|in|at|on|for|with|as|its|their)$", re.I)
# A cut after a gerund that a preposition governs has lost what the gerund was about: "… Pleads
# Guilty to Threatening" (to kill a congresswoman); a cut before one loses the charge itself
# ("… Pleads Guilty").
_GERUND_WITHOUT_OBJECT = re.compile(r"\s(?:to|of|for|about|by|with|from|on|in)\s\w+ing$", re.I)
_BEFORE_A_GERUND = re.compile(r"\s(?:to|of|for|about|by|with|from|on|in)\s+\w+ing\b", re.I)


# A title longer than this is a sentence pasted into the title field, not a headline: the
# 1,113 BBC titles in shared/data run to 9 words at most, and a cut of a longer one is rarely
# the news.
MAX_TITLE_WORDS = 20


@cache
def _headline_data() -> dict:
    text = resources.files("praynews.core.writing").joinpath("headline.toml").read_text()
    return tomllib.loads(text)


def _word_pattern(entries: list[str], anchor: str) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))
    if anchor == "start":
        return re.compile(rf"^(?:{alternatives})\b", re.IGNORECASE)
    return re.compile(rf"\b(?:{alternatives})$", re.IGNORECASE)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    data = _headline_data()
    return {
        "clickbait": _word_pattern(data["title"]["clickbait_starts"], "start"),
        "fragment": _word_pattern(data["title"]["fragment_starts"], "start"),
        "incomplete": _word_pattern(data["verbs"]["needs_complement"], "end"),
        "adverbial": _word_pattern(data["lead"]["adverbial_starts"], "start"),
    }


@cache
def _verb_forms() -> frozenset[str]:
    return frozenset(_headline_data()["verbs"]["forms"])


def write_headline(title: str, site_name: str | None = None, lead: str = "") -> str:
    """The headline from the title, or composed from the lead when the title is no headline."""
    headline = _from_title(title, site_name)
    if lead and is_no_headline(headline):
        headline = compose_from_lead(lead) or headline
    return title_case(headline)


def is_no_headline(title: str) -> bool:
    """Missing, a label of a few words, a whole sentence, a teaser or a clipped clause. A title
    that is only long is kept: its own cut says the news better than a lead's."""
    words = word_count(title)
    return (
        words < MIN_HEADLINE_WORDS
        or words > MAX_TITLE_WORDS
        or bool(_patterns()["clickbait"].search(title))
        or _is_clipped(title)
    )


def _is_clipped(text: str) -> bool:
    """A clause with its head or its end cut off: "With a Breezy Sweep" (a "With ..., X did Y"
    title keeps its main clause after the comma), "A Website Has Been Ordered"."""
    opens_clipped = bool(_patterns()["fragment"].search(text)) and ", " not in text
    return opens_clipped or bool(_patterns()["incomplete"].search(text.rstrip(" .!?")))


def _from_title(title: str, site_name: str | None) -> str:
    title = _CLICKBAIT.sub("", _LABELS.sub("", title.strip()))
    parts = [_LABELS.sub("", p.strip()) for p in _SEPARATORS.split(title) if p.strip()]
    site = (site_name or "").lower()
    parts = [p for p in parts if p.lower() != site] or parts
    if not parts:
        return ""
    # The news is the longest part; the others are outlet names, slogans and section labels
    # ("| Harbor Daily", "Column:", "BREAKING NEWS:"). Ties go to the first part. A part that
    # names who says the rest ("Russia and Syria: U.S. forces block …") stays with it: without
    # it the headline states their claim as fact.
    headline = max(parts, key=word_count)
    said_by = _SPEAKER_LABEL.match(title)
    if said_by and title[said_by.end() :].strip() == headline and said_by.group(1) in parts:
        headline = f"{said_by.group(1)}: {headline}"
    if word_count(headline) > MAX_TITLE_WORDS:
        return headline
    return shorten(headline.rstrip(" ."))


# Sentences of the lead a headline may be composed from. Feature leads open on a scene or a
# question ("Bored of your surroundings?"); the news is rarely further down than the third.
LEAD_SENTENCES = 3


def compose_from_lead(lead: str) -> str:
    """Subject, verb and object or place from the lead's first sentence that gives one: the
    longest cut of 4-10 words at a boundary that ends on a complete main clause. A feature lead
    may have no such clause ("Bored of the rain?"); then the first whole phrase of 4-10 words.
    Empty when there is not even that."""
    candidates = [c.rstrip(" -–—,:;") for c in _candidates(lead)]
    for test in (_reads_as_headline, _is_whole):
        found = next((c for c in candidates if test(c)), None)
        if found:
            return found
    return ""


# Clauses a sentence joins with a dash, a semicolon or a colon; each may be the news.
_CLAUSE_JOINS = re.compile(r"\s(?:--|[-–—])\s|;\s|:\s")


def _candidates(lead: str) -> list[str]:
    """Every cut a headline may be, best first: sentence by sentence, the whole clause before
    its cuts, the clause as written before the clause without its asides."""
    found = []
    for sentence in split_sentences(lead)[:LEAD_SENTENCES]:
        clause = _news_clause(sentence.rstrip(" .!?"))
        parts = [clause, *(_news_clause(p) for p in _CLAUSE_JOINS.split(clause)[1:])]
        for part in parts:
            for variant in dict.fromkeys([part, _without_asides(part)]):
                found += [variant, *reversed(_cuts(variant))]
    return found


# "Guangzhou -- the province's capital -- has ...": an aside between dashes.
_DASH_ASIDE = re.compile(r"\s(?:--|—|–)\s[^—–]{1,80}?\s(?:--|—|–)\s")
# ", a former nurse," and ", who has lived there since 1990,": asides between commas.
_COMMA_ASIDE = re.compile(r",\s(?:who|which|whose|a|an|the|aged|\d)\b[^,]{0,80},", re.IGNORECASE)
# "A driver who hit a wall has been fined": the relative clause runs from "who" to the main
# clause's auxiliary, at least two words on.
_RELATIVE_CLAUSE = re.compile(
    r"\s(?:who|which)\s\S+\s.*?(?=\s(?:has|have|had|was|were|is|are|will)\s)",
    re.IGNORECASE,
)


def _without_asides(sentence: str) -> str:
    """The main clause alone: asides between commas or dashes and relative clauses removed."""
    sentence = _DASH_ASIDE.sub(" ", _COMMA_ASIDE.sub("", sentence))
    return _RELATIVE_CLAUSE.sub("", sentence, count=1)


# A composed headline that ends on its attribution has lost what was said.
_ATTRIBUTION_END = re.compile(r"\b(?:said|says|told)$", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:who|which|whose|whom)\b", re.IGNORECASE)


def _reads_as_headline(text: str) -> bool:
    """A whole phrase that is a main clause: a named subject, a verb, no relative clause, not
    ending on its attribution."""
    return (
        _is_whole(text)
        and not _RELATIVE.search(text)
        and not _ATTRIBUTION_END.search(text)
        and _opens_on_a_subject(text)
        and _has_verb(text)
    )


def _is_whole(text: str) -> bool:
    """4-10 words, whole at both ends, quotes closed; no comma or dash, since in a lead's clause
    they join what a headline would not ("Virgin, a Venture Firm, Is One")."""
    return (
        MIN_HEADLINE_WORDS <= word_count(text) <= MAX_HEADLINE_WORDS
        and "," not in text
        and not _CLAUSE_JOINS.search(text)
        and not _is_clipped(text)
        and _quotes_closed(text)
    )


def _opens_on_a_subject(text: str) -> bool:
    """A headline names who or what: not a pronoun that leans on an earlier sentence ("They
    Won ..."), nor a verb or adverb with the subject left out ("Usually Found in ...")."""
    first = text.split()[0].lower()
    return not (
        PRONOUN_START_SENTENCE.match(text)
        or first in _verb_forms()
        or first in _headline_data()["lead"]["no_subject_starts"]
        or first.endswith("ly")
    )


def _quotes_closed(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


_ATTRIBUTION_THAT = re.compile(
    r"^[^,]{0,60}?\b(?:said|says|announced|confirmed|reported)\b[^,]{0,30}?\bthat\s+",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_AGE = re.compile(r",\s*\d{1,3},")
# An opening phrase longer than this before its comma is the news itself, not a time or place.
MAX_OPENER_WORDS = 8


def _news_clause(sentence: str) -> str:
    """The sentence without what comes before its news: "On Tuesday, ...", "Police said that
    ...", bracketed asides and ages."""
    sentence = _AGE.sub("", _PARENTHESES.sub("", sentence))
    opener, comma, rest = sentence.partition(", ")
    if comma and _patterns()["adverbial"].search(opener) and word_count(opener) <= MAX_OPENER_WORDS:
        sentence = rest
    sentence = _ATTRIBUTION_THAT.sub("", sentence)
    return sentence[:1].upper() + sentence[1:]


# A participle cut from its agent or aim goes with it: "nine swimmers caught by a rip current"
# ends at "nine swimmers", not at "caught"; "Powered by X" is not cut to "Powered".
_AGENT_OR_AIM = re.compile(r"\s(?:by|to)\s", re.IGNORECASE)


def _cuts(text: str) -> list[str]:
    """Every cut of `text` at a clause or phrase boundary, shortest first."""
    ends = sorted(
        m.start() for pattern in (_CLAUSE_CUTS, _PHRASE_CUTS) for m in pattern.finditer(text)
    )
    cuts = []
    for end in ends:
        cut = text[:end]
        if _AGENT_OR_AIM.match(text, end) and _is_verb(cut.rsplit(None, 1)[-1]):
            cut = cut.rsplit(None, 1)[0] if " " in cut else ""
        if cut and not _DANGLING.search(cut):
            cuts.append(cut.rstrip(" ,-–—:;"))
    return cuts


def _has_verb(text: str) -> bool:
    """A finite verb after the subject's first word: a clause, not a label."""
    return any(_is_verb(word) for word in text.split()[1:])


def _is_verb(word: str) -> bool:
    word = word.strip("\"'“”‘’,").lower()
    return word in _verb_forms() or (word.endswith("ed") and len(word) > 3)


def shorten(headline: str) -> str:
    """Cut at the latest clause or phrase boundary that leaves 4-10 words."""
    if word_count(headline) <= MAX_HEADLINE_WORDS:
        return headline
    ends = sorted(
        m.start()
        for pattern in (_CLAUSE_CUTS, _PHRASE_CUTS)
        for m in pattern.finditer(headline)
        if (not _POSSESSIVE_CUT.match(m.group(0)) or _PLACE_BEFORE.search(headline[: m.start()]))
        and not _BEFORE_A_GERUND.match(headline, m.start())
    )
    cuts = [headline[:end].rstrip(" ,") for end in ends]
    cuts = [
        c
        for c in cuts
        if MIN_HEADLINE_WORDS <= word_count(c) <= MAX_HEADLINE_WORDS
        and not _DANGLING.search(c)
        and not _STUB_AFTER_BREAK.search(c)
        and not _GERUND_WITHOUT_OBJECT.search(c)
    ]
    return cuts[-1] if cuts else headline
