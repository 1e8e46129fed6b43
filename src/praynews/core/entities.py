"""Places, names, numbers and quotations found in news text.

How the writer phrases them in English (articles, lists of names) is in `phrasing`.

Deliberately light: a gazetteer of countries plus capitalised phrases. Writing and fidelity need
to know *which* names and numbers a text holds, not a full parse, and this runs in well under a
millisecond per article.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from praynews.core.text import (
    mentions,
    quotation_open,
    split_sentences,
    word_boundary,
    word_count,
)


@dataclass(frozen=True)
class Country:
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    region: str


@cache
def countries() -> tuple[Country, ...]:
    raw = tomllib.loads(resources.files("praynews.core.data").joinpath("places.toml").read_text())
    return tuple(
        Country(c["name"], tuple(c["aliases"]), tuple(c["demonyms"]), c["region"])
        for c in raw["country"]
    )


@cache
def _country_pattern() -> tuple[re.Pattern[str], dict[str, Country]]:
    lookup: dict[str, Country] = {}
    for country in countries():
        for form in (country.name, *country.aliases, *country.demonyms):
            lookup[form] = country
    alternatives = sorted(lookup, key=len, reverse=True)
    # Looking ahead for a letter some name starts with first lets the regex skip most positions
    # without trying each of the 340 names there (a third of the time, the same matches).
    starts = "".join(sorted({re.escape(form[0]) for form in lookup}))
    names = "|".join(map(re.escape, alternatives))
    pattern = re.compile(rf"(?<![\w.])(?=[{starts}])({names})(?![\w])")
    return pattern, lookup


def find_countries(text: str) -> list[Country]:
    """Countries named in the text, most mentioned first (ties: first mentioned first)."""
    return list(_ranked_countries(text))


@lru_cache(maxsize=16)  # a story's text is searched for places by several of its parts
def _ranked_countries(text: str) -> tuple[Country, ...]:
    pattern, lookup = _country_pattern()
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for match in pattern.finditer(text):
        country = lookup[match.group(1)]
        counts[country.name] += 1
        first_seen.setdefault(country.name, match.start())
    by_name = {c.name: c for c in countries()}
    ranked = sorted(counts, key=lambda n: (-counts[n], first_seen[n]))
    return tuple(by_name[n] for n in ranked)


# "from Tunisia", "from Tunisia and Libya", "from Syria, Iraq or Yemen": where people set out.
_ORIGIN = re.compile(
    r"\bfrom\s+(?:(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*(?:,\s+|\s+(?:and|or)\s+))*$"
)
_ORIGIN_REACH = 60  # characters: enough for a list of three country names after "from"


def named_countries(text: str) -> list[Country]:
    """Countries the text names by name, most mentioned first: a nationality word ("Russian
    artillery", "Italian authorities") says who acted, not where, and "from Tunisia" says where
    someone set out from; neither makes a country the place a story happened."""
    pattern, lookup = _country_pattern()
    counts: Counter[str] = Counter()
    for match in pattern.finditer(text):
        country = lookup[match.group(1)]
        before = text[max(0, match.start() - _ORIGIN_REACH) : match.start()]
        if match.group(1) in country.demonyms or _ORIGIN.search(before):
            continue
        if _used_as_adjective(match.group(1), text, match.end()):
            continue
        counts[country.name] += 1
    by_name = {c.name: c for c in countries()}
    return [by_name[n] for n, _ in counts.most_common()]


# An abbreviation before a noun is a nationality word ("the U.S. plane-maker", "UK officials"):
# the next word is in lower case and not one that goes on a sentence after a place (a verb, a
# preposition, a conjunction).
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,4}$")
_AFTER_A_PLACE = frozenset(
    """
    on in at to for and or but with from by as of over after before since into until during
    is was were are has had have will would could can should may might must did does do said
    says told
    """.split()
)


def _used_as_adjective(form: str, text: str, end: int) -> bool:
    if not _ABBREVIATION.match(form):
        return False
    following = re.match(r"\s+([a-z][\w'’-]*)", text[end:])
    if following is None:
        return False
    word = following.group(1)
    return word not in _AFTER_A_PLACE and not word.endswith("ed")


def located_countries(text: str, among: Collection[str] | None = None) -> list[Country]:
    """Countries the text puts something in ("in Bangladesh", "across Ukraine"), most
    mentioned first; with `among`, only those of these names (each is a search of the text)."""
    named = [c for c in named_countries(text) if among is None or c.name in among]
    return [c for c in named if any(_located(form, text) for form in (c.name, *c.aliases))]


def _located(form: str, text: str) -> bool:
    """A mention of the form with a locative just before it, read backwards from the literal
    (a pattern compiled for each form cost more than the search)."""
    start = text.find(form)
    while start != -1:
        end = start + len(form)
        if word_boundary(text, end) and _LOCATIVE_BEFORE.search(
            text, max(0, start - _LOCATIVE_REACH), start
        ):
            return True
        start = text.find(form, start + 1)
    return False


# Someone speaking from a place: "the government in Kyiv said", "officials in Lusaka". Read
# backwards from an "in" before the place, in the words just before it.
_SPEAKER_BEFORE = re.compile(
    r"\b(?:government|officials|authorities|ministry|ministers|police|spokesman|spokeswoman|"
    r"spokesperson|prosecutors|embassy|diplomats)\s+$",
    re.IGNORECASE,
)
_SPEAKER_REACH = 20  # characters before "in": the longest speaker word and its spacing


def only_spoken_from(place: str, text: str) -> bool:
    """Every locative mention of the place is where someone spoke from, not where it happened."""
    mentions = list(re.finditer(rf"\b({'|'.join(LOCATIVES)})\s+{re.escape(place)}\b", text))
    return bool(mentions) and all(_spoken_from(mention, text) for mention in mentions)


def _spoken_from(mention: re.Match[str], text: str) -> bool:
    start = mention.start()
    before = _SPEAKER_BEFORE.search(text, max(0, start - _SPEAKER_REACH), start)
    return mention.group(1) == "in" and before is not None


_NUMBER = re.compile(
    r"(?<![\w.])(?:[$€£]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent|per cent))?(?![\w])"
)
_CAPITALISED = re.compile(
    r"(?<![\w'’])(?:[A-Z][\w'’\-]*\.?|al-[A-Z][\w\-]*)(?:\s+(?:of|de|al|bin|the|and|la|van|von|du|da|for)?\s*"
    r"(?:[A-Z][\w'’\-]*|al-[A-Z][\w\-]*))*"
)
# Capitalised words that are grammar, not names, when a sentence starts with them.
_NOT_NAMES = frozenset(
    """
    A An The This That These Those It Its He She They We I You Our Their His Her But And Or
    So If When While After Before As At In On Of For From By With Without Since Until Under
    Over Some Many Most More Several Both Each Every No Not Yet Still Also Then There Here
    What Who Why How Where Which Although Though Because During Despite Among Across Between
    Within Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mr Mrs Ms Dr
    """.split()
)
# Words after which a capitalised name is a place. "to" and "from" are left out: they precede
# people and groups as often ("homes belonging to Christian families").
LOCATIVES = ("in", "near", "across", "outside", "around", "toward", "towards")
_LOCATIVE_BEFORE = re.compile(rf"\b(?:{'|'.join(LOCATIVES)})\s+(?:the\s+)?$")
_LOCATIVE_REACH = 20  # characters before a place: the longest locative, "the" and spacing
# "the Thai town of Mae Sot", "the port city of Lae": whatever the locative, this names a place.
_PLACE_PARTICLE = r"(?:de|del|la|da|do|dos|el|al)"  # "Ciudad del Este", "Rio de Janeiro"
_SETTLEMENT_OF = r"(?:town|city|village|port|capital|suburb|settlement|district|province)\s+of"


def numbers(text: str) -> list[str]:
    return [m.group(0) for m in _NUMBER.finditer(text)]


def canonical_number(value: str) -> str:
    """'1,200' and '1200' are the same number; '45%' and '45 percent' the same share."""
    value = value.replace(",", "").replace("per cent", "%").replace("percent", "%")
    return re.sub(r"\s+", "", value)


# Quotations. Three readings of quotation marks, each kept as its stage was tuned:
# - fidelity traces every quoted span of 12 or more characters word for word;
# - the outline counts a paragraph as quoting someone when a quotation mark is followed by 20 or
#   more characters before the next mark (which may be the first one's closing mark);
# - the glance keeps a short quoted phrase ("serious challenges") in a bullet, as the outlet's
#   wording of a fact, but not a longer quotation, which is someone's speech and belongs in the
#   story, attributed; an unbalanced mark means the sentence is part of a longer quotation.
_QUOTATION = re.compile(r"[\"“]([^\"”]{12,}?)[\"”]")
_LONG_QUOTATION = re.compile(r"[\"“][^\"”]{20,}[\"”]")
_DOUBLE_QUOTED = re.compile(r"[\"“]([^\"“”]*)[\"”]")
_DOUBLE_QUOTE_MARKS = ('"', "“", "”")
_SINGLE_QUOTE_OPEN = re.compile(r"(?:^|\s)['‘]\w")  # 'quoted words', not an apostrophe
MAX_SCARE_QUOTE_WORDS = 4


def quotations(text: str) -> list[str]:
    """The quoted spans a draft must reproduce exactly from its source."""
    return [m.group(1).strip() for m in _QUOTATION.finditer(text)]


def quotes_someone(paragraph: str) -> bool:
    """A paragraph with a long quotation: it belongs with the people in the story."""
    return bool(_LONG_QUOTATION.search(paragraph))


def quotes_speech(text: str) -> bool:
    """The text quotes someone's words, not a short phrase, or is part of a longer quotation."""
    if ("'" in text or "‘" in text) and _SINGLE_QUOTE_OPEN.search(text):
        return True
    marks = sum(text.count(mark) for mark in _DOUBLE_QUOTE_MARKS)
    if not marks:
        return False  # most sentences: no quotation at all, so no pattern need look
    spans = _DOUBLE_QUOTED.findall(text)
    if marks != 2 * len(spans):
        return True
    return any(word_count(span) > MAX_SCARE_QUOTE_WORDS for span in spans)


def proper_names(text: str) -> list[str]:
    """Capitalised phrases that are names, with sentence-initial grammar words left out."""
    names: list[str] = []
    for sentence in split_sentences(text):
        for match in _CAPITALISED.finditer(sentence):
            phrase = match.group(0).strip().rstrip(".")
            first, _, rest = phrase.partition(" ")
            if first in _NOT_NAMES:
                phrase = rest.strip()
            if phrase and phrase not in _NOT_NAMES and len(phrase) > 1:
                names.append(phrase)
    return names


# A name ending in one of these is a place or a thing, not someone who acts ("Markham Valley",
# "Mosul's Old City", "Highlands Highway").
_PLACE_NOUNS = frozenset(
    """
    City Town Village Valley River Bridge Province District Region Street Road Highway Port
    Airport Lake Mountains Mountain Hills Island Islands County Corridor Camp Square Pass Coast
    Delta Basin Sea Ocean Bay Gulf Desert Forest Park Settlement Suburb Area Zone Strip
    Peninsula Territory
    """.split()
)


def _names_a_place(name: str) -> bool:
    return name.split()[-1] in _PLACE_NOUNS


# A word of a person's name: "Venn", "O'Brien", "Smith-Jones" (not "Washington-based").
_NAME_WORD = r"[A-Z][a-z]+(?:-[A-Z][a-z]+|['’][A-Z]?[a-z]+)*"
_PERSON_WORD = re.compile(rf"^{_NAME_WORD}$")
# The same word where it starts a pattern: "\b" written as a look back after the capital, so
# the scan can jump from capital to capital (a pattern opening on "\b" tries every position).
_NAME_WORD_FIRST = r"[A-Z](?<!\w\w)" + _NAME_WORD.removeprefix("[A-Z]")


@lru_cache(maxsize=16)  # the glance and the brief ask about the same story
def people_by_surname(text: str) -> dict[str, str]:
    """The people the text names in full, by surname: "Apte" -> "Joshua Apte" (the first
    name and surname, without a title before them). A brief that says "Apte explained" must
    have said who Joshua Apte is first. Only names the text treats as someone's count: one
    that speaks ("Venn said"), is described by age or role ("Ada Venn, 54,", "Ada Venn, a
    harbour master") or carries a title; "Blue Moon", "New Delhi" and "Galileo Jupiter" are
    capitalised pairs too, and a brief must never rename them."""
    named = [*_DESCRIBED.findall(text), *_titled().findall(text)]
    for speaker in dict.fromkeys(_SPOKEN.findall(text)):
        first = _first_name_before(speaker, text)
        if first:
            named.append((first, speaker))
    people: dict[str, str] = {}
    for first, surname in named:
        if surname not in people and _a_persons_name(f"{first} {surname}", first, surname):
            people[surname] = f"{first} {surname}"
    return people


def _first_name_before(surname: str, text: str) -> str | None:
    """The name word just before the first "<Name> <surname>" in the text. The surname is
    found as a literal and the word before it read backwards, which is twice as fast
    as a pattern that starts on every capital letter of the text."""
    start = text.find(surname)
    while start != -1:
        end = start + len(surname)
        before = _NAME_BEFORE.search(text, max(0, start - _LONGEST_NAME_WORD), start)
        if word_boundary(text, end) and before:
            earlier = text[max(0, before.start() - _LONGEST_NAME_WORD) : before.start()].split()
            if earlier and earlier[-1] in _PLACE_NAME_STARTS:
                return None  # "the San Francisco Chronicle says": a paper, not Francisco Chronicle
            return before.group(1)
        start = text.find(surname, end)
    return None


# Words that open a place's name, so that a name after them belongs to a place or something
# named after one ("New York Times", "Los Angeles Rams"), not to a person.
_PLACE_NAME_STARTS = frozenset("San Santa Los Las New Saint St. Fort".split())


# Long enough for any first name ("Oluwaseyifunmi-Adeyemi" is 22 characters).
_LONGEST_NAME_WORD = 40
_NAME_BEFORE = re.compile(rf"\b({_NAME_WORD}) $")
_SPOKEN = re.compile(
    rf"({_NAME_WORD_FIRST})\s+(?:said|says|told|added|explained|noted|wrote|argued|warned|"
    r"recalled|suggested)\b"
)
_DESCRIBED = re.compile(
    rf"({_NAME_WORD_FIRST}) ({_NAME_WORD}),\s+(?:\d{{1,3}},|(?:a|an|who|whose)\b)"
)


@cache
def _titled() -> re.Pattern[str]:
    """A title and the name after it. Looking ahead for a letter some title starts with lets
    the scan pass most words without trying every title on them (half the cost)."""
    titles = "|".join(sorted(_TITLES))
    starts = "".join(sorted({title[0] for title in _TITLES}))
    return re.compile(rf"\b(?=[{starts}])(?:{titles})\.?\s+({_NAME_WORD}) ({_NAME_WORD})\b")


# Words that make a two-word name a place or an institution, not a person: "Port Eldra",
# "Town Hall", "Mercy Hospital".
_NOT_PERSON_WORDS = _PLACE_NOUNS | frozenset(
    """
    Port Mount Saint St Fort Hall Church Cathedral Mosque Temple School University College
    Hospital Clinic Council Court Ministry House Centre Center Station Market Stadium Airlines
    Group Bank News Times Post Daily Press Party Army Police Agency Company Institute Forces
    South North East West New Central Upper Lower Greater Coalition United Royal Federal
    National Union Department Commission Committee Senate Congress Parliament Government Office
    """.split()
)


# Words before a surname that are a title, not a first name: "President Zelensky" is
# already an introduction.
_TITLES = frozenset(
    """
    President Ambassador Secretary Minister Senator Sen Rep Representative Gov Governor Mayor
    Judge Justice General Gen Colonel Col Captain Capt Admiral Sergeant Lieutenant Officer
    Inspector Commissioner Director Chancellor Premier Chief Prince Princess King Queen Pope
    Bishop Archbishop Father Rev Dr Mr Mrs Ms Miss Prof Professor Lord Lady Sir Dame Sheikh
    Speaker Leader Coach Chairman Chairwoman Deputy Vice Former Acting Never
    """.split()
)


def _a_persons_name(name: str, first: str, surname: str) -> bool:
    if not (_PERSON_WORD.match(first) and _PERSON_WORD.match(surname)):
        return False
    if first.endswith(("'s", "’s")) or first in _TITLES or surname in _NOT_NAMES:
        return False
    if first in _NOT_NAMES or first in _NOT_PERSON_WORDS or surname in _NOT_PERSON_WORDS:
        return False
    if surname in MONTHS or surname.endswith(("'s", "’s")):
        return False
    words = _country_words()
    return not _names_a_place(name) and surname not in words and f"{first} {surname}" not in words


def unintroduced(text: str, people: dict[str, str], before: str) -> list[str]:
    """The people `text` names by surname alone whom neither it nor `before` (what the reader
    has read so far) introduces: by their full name, or by a title with the surname
    ("President Trump", "Mr Boteas", "Sen. Cruz")."""
    named = [
        (surname, full)
        for surname, full in people.items()
        if next(mentions(surname, text), None) is not None
    ]
    if not named:
        return []  # most sentences name none of the story's people
    read = f"{before} {text}"
    return [full for surname, full in named if not _introduced(surname, full, read)]


def with_introductions(text: str, people: dict[str, str], before: str) -> str:
    """The text with the first bare mention of each person not yet introduced given their full
    name, as an editor would write it ("Venn said" -> "Ada Venn said"); a mention inside a
    quotation is the speaker's words and stays as it is."""
    for full in unintroduced(text, people, before):
        surname = full.split()[-1]
        for start in mentions(surname, text):
            if not quotation_open(text[:start]):
                text = f"{text[:start]}{full}{text[start + len(surname) :]}"
                break
    return text


def _introduced(surname: str, full: str, read: str) -> bool:
    if full in read:
        return True
    # A capitalised word right before the surname: a title ("President", "Mr", "Sen."), but
    # not the end of the sentence before ("… on Saturday. Venn said").
    return any(
        title.group(1) not in _NOT_NAMES
        for start in mentions(surname, read)
        if (title := _TITLE_BEFORE.search(read, max(0, start - _LONGEST_NAME_WORD), start))
    )


_TITLE_BEFORE = re.compile(r"\b([A-Z]\w*|[A-Z][a-z]{0,3}\.)\s+$")


def main_actor(text: str, exclude: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The multi-word name mentioned most often: the person or body the story is about."""
    counts = Counter(
        n
        for n in proper_names(text)
        if " " in n
        and " and " not in n  # "Moscow and Paris", "Russian and Syrian": two names, not one
        and n not in exclude
        and not n.endswith(("'s", "’s"))
        and not _names_a_place(n)
    )
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    return name if count >= 2 else None


def leading_body(title: str, lead: str, text: str, known_places: Collection[str]) -> str | None:
    """The company, agency or institution a story is about: the name the headline or the lead
    gives that the story mentions most (its possessives counted with it), when it is no place,
    no country or nationality word, no one's name and no month: "Disney", "Emirates", "NASA".
    A prayer over a company's news names the people of that company, not "everyone"."""
    counts = Counter(without_possessive(n) for n in proper_names(text))
    people = people_by_surname(text)
    persons = {*people, *people.values()}
    for name, count in counts.most_common():
        if count < MIN_BODY_MENTIONS:
            return None
        named_up_top = name in title or name in lead
        if named_up_top and name not in known_places and _could_be_a_body(name, persons):
            return name
    return None


# A body the story is about is named again and again; fewer mentions are passing ones. On the
# real business pages Disney (14 mentions), Apple, Alibaba and Emirates pass; the most named
# wins, so the Emirates order story names Emirates (4), not Boeing (3).
MIN_BODY_MENTIONS = 3


# Two capitals are a thing, not a company: "TV", "PC", "UK".
MAX_COMMON_ABBREVIATION = 2


def _could_be_a_body(name: str, persons: set[str]) -> bool:
    words = name.split()
    return len(name) > MAX_COMMON_ABBREVIATION and not (
        name in persons
        or words[-1] in persons
        or name in _country_words()
        or _names_a_place(name)
        or words[0] in MONTHS
        or words[0] in WEEKDAYS
    )


def without_possessive(name: str) -> str:
    return name.removesuffix("'s").removesuffix("’s")


# After one of these a name is not the subject of the verb that follows it.
_PREPOSITIONS = frozenset((*LOCATIVES, "from", "at", "to", "of", "into", "for", "with", "by"))
MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
)
WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


def _is_town(name: str, text: str) -> bool:
    """A name after "in" is a town unless it is grammar, a month, a possessive or someone who
    speaks. "Mosques in Mae Sot said" is the mosques speaking, so a speaker right after a
    preposition does not count; a possessive ("Mae Sot's clinics") says nothing either way."""
    first = name.split()[0]
    if first in _NOT_NAMES or first in MONTHS or name.endswith(("'s", "’s")):
        return False
    return not any(
        _word_before(text, start) not in _PREPOSITIONS for start in _speaking_at(name, text)
    )


# A name that speaks or acts as a body does ("WeWork declined to comment") is no town, though
# it comes after "in" ("staff who work in WeWork buildings").
_SPEAKS_AFTER = re.compile(
    r"\s+(?:said|says|told|added|announced|declined|confirmed|reported|agreed)"
)
_WORD_BEFORE = re.compile(r"(?<![\w])(\w+)\s+$")


def _speaking_at(name: str, text: str) -> Iterator[int]:
    """Where the name speaks ("Mae Sot said"), found as a literal, not inside a longer word."""
    start = text.find(name)
    while start != -1:
        end = start + len(name)
        if word_boundary(text, start) and _SPEAKS_AFTER.match(text, end):
            yield start
        start = text.find(name, end)


def _word_before(text: str, start: int) -> str:
    """The lower-cased word just before this index, across spaces; "" when a mark is there."""
    before = _WORD_BEFORE.search(text, max(0, start - _LONGEST_NAME_WORD), start)
    return before.group(1).lower() if before else ""


# Words for a region's people or things, not places: "a slowdown in European car sales".
# Countries' own nationality words are in data/places.toml.
_REGION_ADJECTIVES = frozenset(
    """
    European African Asian American Arab Arabian Western Eastern Northern Southern Latin Nordic
    Balkan Caribbean Pacific Atlantic Mediterranean Gulf Sahelian Scandinavian Baltic Slavic
    Muslim Christian Jewish Hindu Buddhist Kurdish Palestinian Tamil Rohingya Uyghur
    """.split()
)


@cache
def _country_words() -> frozenset[str]:
    return frozenset(w for c in countries() for w in (c.name, *c.aliases, *c.demonyms))


def places(text: str) -> list[str]:
    """Places named in the text: countries first, then towns named after a locative word."""
    found = [c.name for c in find_countries(text)]
    country_words = _country_words()
    towns: Counter[str] = Counter()
    pattern = re.compile(
        r"\b(?:(?:"
        + "|".join(LOCATIVES)
        + r")|"
        + _SETTLEMENT_OF
        + r")\s+((?:[A-Z][\w'’\-]+(?: "
        + _PLACE_PARTICLE
        + r" [A-Z][\w'’\-]+)? ?){1,3})"
    )
    verdicts: dict[str, bool] = {}  # each name is judged once, however often it appears
    for match in pattern.finditer(text):
        town = match.group(1).strip()
        if town not in verdicts:
            verdicts[town] = (
                town not in country_words
                and town.split()[0] not in _REGION_ADJECTIVES
                and _is_town(town, text)
            )
        if verdicts[town]:
            towns[town] += 1
    found.extend(t for t, _ in towns.most_common() if t not in found)
    return found


_DECIDERS = re.compile(
    r"\b(?:the\s)?((?:[A-Z][\w'’\-]+\s){0,3}"
    r"(?:[Gg]overnment|[Mm]inistry(?:\sof\s[A-Z][\w]+)?|[Aa]rmy|[Mm]ilitary|[Pp]arliament|"
    r"Supreme Court|High Court|[Cc]ourt of [A-Z]\w+|[Ee]lectoral [Cc]ourt|"
    r"[Ee]lectoral [Cc]ommission|"
    r"[Cc]ouncil|[Aa]uthorities))\b"
)


def deciding_bodies(text: str, limit: int = 2) -> list[str]:
    """Bodies that decide what happens next ("provincial government", "Kenya's Supreme
    Court"), most mentioned first, as the text first writes them."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for match in _DECIDERS.finditer(text):
        words_ = match.group(1).split()
        if words_ and words_[0] in _NOT_NAMES:
            words_ = words_[1:]
        if not words_:
            continue
        key = " ".join(words_).lower()
        counts[key] += 1
        shown.setdefault(key, " ".join(words_))
    ranked = sorted(counts, key=lambda k: -counts[k])[:limit]
    return [shown[k] for k in ranked]
