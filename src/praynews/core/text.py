"""Sentences, words and normalising: the small text tools every later stage relies on.

The sentence splitter is hand-written because news text breaks general-purpose splitters in a
few predictable places (titles such as "Gen." and "Dr.", initials such as "J. R.", "U.S.",
closing quotes after the full stop) and because splitting is on the hot path of every draft.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Words that end in a full stop without ending a sentence. Lowercased, without the dot.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt sgt capt maj cmdr adm gov sen rep rev fr sr jr st mt ft
    pres supt insp det cpl pvt brig ald atty hon messrs mme mlle jan feb mar apr jun jul aug
    sep sept oct nov dec no nos vol fig approx est dept univ assn corp inc ltd co bros vs
    etc al cf ie eg
    """.split()
)

# A full stop with no space after it, between a word and a capitalised word: a line break lost in
# extraction ("on Wednesday.The"). Two lowercase letters before the stop keep "U.S.A" and "e.g."
# whole; digits never match, so "3.5" stays; `_is_link` keeps "Example.Org/Page" and addresses.
# The stop comes first in the pattern so the scan jumps from stop to stop.
_GLUED_SENTENCES = re.compile(r"[.!?](?<=[a-z]{2}[.!?])[\"”’)]?(?=[\"“‘]?[A-Z][a-z])")
_LINK_MARKS = ("://", "www.", "@", "/")
_SENTENCE_END = re.compile(r"""([.!?]+)(["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9])""")
_WORD = re.compile(r"[\w][\w'’\-]*", re.UNICODE)
# Runs of spacing that are not already one plain space: replacing every single space by
# itself rebuilt the whole text and was normalise's main cost.
_ODD_SPACES = re.compile(
    r"[\t\u00a0\u2000-\u200b][ \t\u00a0\u2000-\u200b]*| [ \t\u00a0\u2000-\u200b]+"
)


# Control characters other than tab and newline (C0, DEL and C1) and the Unicode line and
# paragraph separators: never meant as text in a part, refused by XML (the feeds we publish)
# and, for NUL, by PostgreSQL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Invisible marks that reorder or hide text, taken out: bidirectional marks, embeddings,
# overrides and isolates (text reversed by one shows an editor other words than it stores), the
# byte-order mark, word joiners and invisible operators, soft hyphens, tag characters, and
# halves of UTF-16 pairs standing alone (a JSON escape can make one; no page can encode it). A
# name split by one ("K\u2060owalski") would otherwise escape the check. The joiners that some
# scripts and emoji need (U+200C, U+200D) stay.
_HIDDEN_MARKS = re.compile(
    "[\u00ad\u061c\u180e\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]"
)

# The lead: the first paragraphs, where a story says what happened and where. Verse choice
# weighs cue words there more and the prayer takes its places from there.
LEAD_PARAGRAPHS = 3

# A sentence or paragraph opening with a pronoun leans on the one before it for its antecedent.
# Two patterns, kept apart on purpose: each grew from the cases its stage met. The glance's also
# catches a quantifier standing for people named earlier ("Many had received …"); the outline's
# also catches a noun standing for the earlier actor ("The group said …"). One pattern covering
# both changed 2 of the 89 real pages' drafts, so the merge waits for a reason to want it.
PRONOUN_START_SENTENCE = re.compile(
    r"^(?:(?:He|She|It|They|This|These|Those|His|Her|Its|Their|That)\b|"
    r"(?:Many|Most|Some|Few|Several|Others|Both|All)\s(?:of\s(?:them|those|these)|had|have|has|"
    r"were|are|was|is|will|would|said|say|says)\b)"
)
PRONOUN_START_PARAGRAPH = re.compile(
    r"^(?:He|She|It|They|This|These|Those|His|Her|Its|Their|That|The group|The move)\b"
)


def normalise(text: str) -> str:
    """Unicode-compose, drop control characters and fold odd spacing, so that equal text
    compares equal and any text can be stored and published."""
    if not text.isprintable():  # most paragraphs: no control character, nothing to replace
        text = _HIDDEN_MARKS.sub("", _CONTROLS.sub(" ", text))
    text = unicodedata.normalize("NFC", text)
    if text.isascii() and "\t" not in text and "  " not in text:
        return text.strip()  # most text: only single plain spaces, nothing to fold
    return _ODD_SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# The other tokenisers, in one place so their differences are visible. Each is what its stage
# was tuned with; none can replace another without changing drafts or groupings.
# Cue tokens keep digits ("covid-19", "g20") because verse cues are matched as written.
_CUE_TOKEN = re.compile(r"[a-z0-9][a-z0-9'’\-]*")
# Grouping terms drop digits and short words: a figure or "UN" says little about which event.
_TERM_TOKEN = re.compile(r"[a-z][a-z'’\-]+")


def cue_tokens(text: str) -> list[str]:
    """Lowercased words and figures, as verse cues are written."""
    return _CUE_TOKEN.findall(text.lower())


def term_tokens(text: str) -> list[str]:
    """Lowercased words of three letters or more that are not stopwords: what an event is
    about, for story grouping."""
    return [t for t in _TERM_TOKEN.findall(text.lower()) if t not in STOPWORDS and len(t) > 2]


_PUNCTUATION = "\"'“”‘’()[],.;:!?"


def content_words(text: str) -> set[str]:
    """Lowercased words that say what a text is about: punctuation stripped, stopwords and
    words of one or two letters left out. One pass, no regex: it runs on every sentence."""
    return {
        token
        for raw in text.lower().split()
        if len(token := raw.strip(_PUNCTUATION)) > 2 and token not in STOPWORDS
    }


# Two bullets tell the same fact when this share of the shorter one's fact words (`fact_words`)
# is in the other. Tuned on the glances of the 89 real pages (bench/lint_drafts.py's
# repeated-fact count, pairs read by eye): the pairs that retold one fact scored 0.50-0.67
# ("Destiny 2 is not true 4K on Stadia" twice, 0.62); pairs on one subject telling different
# facts scored 0.38-0.44 (two doubles results, two swimming events). Counted per pair before the
# glance used it: 5 pairs on the real pages, 2 on CNN/DM, 11 on the BBC slice.
SAME_FACT_SHARE = 0.45

_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
_POSSESSIVE = ("'s", "’s")
# A story's words recur across its sentences and an edition's stories: over the 1,113 BBC
# articles (about 25,000 distinct content words) 80% of the glance's calls hit this many.
STEM_CACHE_SIZE = 8192
# Endings folded so that "denied", "denies" and "deny" count as one word; a crude stemmer is
# enough for comparing two sentences of one article, and it needs no data.
_ENDINGS = (("ies", "i"), ("ied", "i"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("y", "i"))


@lru_cache(maxsize=STEM_CACHE_SIZE)
def _stem(word: str) -> str:
    word = word.removesuffix(_POSSESSIVE[0]).removesuffix(_POSSESSIVE[1])
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replacement
    return word


def fact_words(text: str) -> set[str]:
    """What a sentence says, for telling whether two sentences say the same: its content words
    with their endings folded, and every figure in it (a toll or a sum is the fact itself)."""
    return {_stem(w) for w in content_words(text)} | set(_FIGURE.findall(text))


def same_fact(a: set[str], b: set[str]) -> bool:
    """Whether two sentences' `fact_words` overlap enough to tell one fact."""
    shorter = min(len(a), len(b))
    return bool(shorter) and len(a & b) / shorter >= SAME_FACT_SHARE


def word_boundary(text: str, at: int) -> bool:
    """Whether a regex `\\b` holds at this index: a word character on one side only. Code that
    finds a name as a literal checks its ends with this, instead of compiling a pattern for
    every name (compiling was most of the cost of such searches)."""
    before = at > 0 and _is_word_char(text[at - 1])
    after = at < len(text) and _is_word_char(text[at])
    return before != after


def mentions(word: str, text: str) -> Iterator[int]:
    """Where the word stands whole in the text (as `\\bword\\b` would find it, overlaps
    included): a literal search, with no pattern compiled for the word."""
    start = text.find(word)
    while start != -1:
        if word_boundary(text, start) and word_boundary(text, start + len(word)):
            yield start
        start = text.find(word, start + 1)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\\w` matches in a str pattern


@lru_cache(maxsize=8192)  # compression counts the same candidates again at every cut
def word_count(text: str) -> int:
    """Words as a reader counts them: runs of non-space (fast; used on every candidate)."""
    return len(text.split())


# Initials ("J." in "J. R. Smith") and dotted acronyms ("U.S.", "U.N.").
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")


def _ends_with_abbreviation(before: str) -> bool:
    words_ = before.rsplit(None, 1)
    last = words_[-1] if words_ else ""
    token = last.rstrip(".").lstrip("\"'“‘(").lower()
    if token in ABBREVIATIONS:
        return True
    return "." in last and len(token) <= 5 and _INITIALS.fullmatch(token) is not None


def unglue_sentences(text: str) -> str:
    """Put back the space lost between two sentences ("Wednesday.The" -> "Wednesday. The"),
    except inside web and mail addresses."""
    if not _GLUED_SENTENCES.search(text):
        return text
    pieces, start = [], 0
    for match in _GLUED_SENTENCES.finditer(text):
        if _is_link(text, match.end()):
            continue
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return " ".join(pieces)


def _is_link(text: str, at: int) -> bool:
    """Whether position `at` is inside a URL, a domain path or an e-mail address."""
    token_start = text.rfind(" ", 0, at) + 1
    token_end = text.find(" ", at)
    token = text[token_start : token_end if token_end >= 0 else len(text)]
    return any(mark in token for mark in _LINK_MARKS)


# A single quotation mark opens after a space, before a word ('Drought ...); it closes after
# a word or a mark, before none ("... on it.'"), which an apostrophe inside a word never does.
_SINGLE_OPENING = re.compile(r"(?:^|(?<=\s))['‘](?=\w)")
_SINGLE_CLOSING = re.compile(r"(?<=[\w.,!?])['’](?!\w)")
# A quotation in single marks spans at most this many characters (a slogan, a line of speech):
# a mark further on is another quotation's or a plural's ("the farmers' market").
MAX_SINGLE_QUOTATION = 200


def _inside_single_quotation(paragraph: str, start: int, end: int) -> bool:
    """Whether the stop before `end` falls inside a quotation in single marks that closes soon
    after ("The slogan says, 'Drought. We're on it.'"): the quotation stays one sentence, since
    a slogan or a line of speech cut at its first stop ("says, 'Drought.") reads as nothing."""
    candidate = paragraph[start:end]
    if "'" not in candidate and "‘" not in candidate:
        return False  # most sentences
    openings = [m.start() for m in _SINGLE_OPENING.finditer(candidate)]
    closings = [m.start() for m in _SINGLE_CLOSING.finditer(candidate)]
    if not openings or (closings and closings[-1] > openings[-1]):
        return False
    return _SINGLE_CLOSING.search(paragraph, end, end + MAX_SINGLE_QUOTATION) is not None


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences, keeping closing quotes with their sentence and
    separating sentences glued together by extraction."""
    return list(_sentences_of(paragraph))


# Every stage splits the story's paragraphs again (salience, condense, the outline, the check):
# the split is kept per paragraph, so each is split once.
@lru_cache(maxsize=4096)
def _sentences_of(paragraph: str) -> tuple[str, ...]:
    paragraph = unglue_sentences(normalise(paragraph))
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end(2)
        candidate = paragraph[start:end]
        if match.group(1) == "." and _ends_with_abbreviation(candidate):
            continue
        if _inside_single_quotation(paragraph, start, end):
            continue
        sentences.append(candidate.strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)


_DOUBLE_QUOTE = re.compile(r"[\"“”]")


def quotation_open(text: str) -> bool:
    """The text leaves a double quotation open. Read mark by mark, since pages mix curly and
    straight quotes ("“… words"" closes what "“" opened)."""
    open_ = False
    for mark in _DOUBLE_QUOTE.findall(text):
        open_ = mark == "“" or (mark == '"' and not open_)
    return open_


def first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0] if sentences else ""


# Words too common to say what a sentence or verse is about.
STOPWORDS = frozenset(
    """
    a about after all also an and any are as at be been before being but by can could did do does
    for from had has have he her his how i if in into is it its just more most my no not of on one
    or other our out over said says she so some such than that the their them then there these they
    this those through to told up very was we were what when where which while who will with would
    you year years new last first two three thou thee thy unto ye shall upon because away only
    even like made make many much every
    """.split()
)


# Kept lowercase inside a headline; the second line holds particles of names ("Ciudad del Este").
_SMALL_WORDS = frozenset(
    """a an and as at but by for from in into nor of on onto or over per the to up via with
    al bin da de del della der des di du ibn la le van von y""".split()
)


def title_case(text: str) -> str:
    """Headline case: capitalise major words, keep acronyms and already-capitalised names."""
    tokens = text.split()
    out = []
    for index, token in enumerate(tokens):
        bare = token.strip("\"'“”‘’(")
        is_edge = index == 0 or index == len(tokens) - 1
        if bare.lower() in _SMALL_WORDS and not is_edge and bare.islower():
            out.append(token)
        elif bare[:1].islower() and not any(c.isupper() for c in bare[1:]):  # not iPhone, xCloud
            lead = token[: len(token) - len(token.lstrip("\"'“”‘’("))]
            rest = token[len(lead) :]
            out.append(lead + rest[:1].upper() + rest[1:])
        else:
            out.append(token)
    return " ".join(out)
