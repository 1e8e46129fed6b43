"""Choosing the verse: a pure decider that ranks themes, then verses, and says why.

Given the story's text and what was used recently, the decision is reproducible: the same story
and history always give the same verse, and every candidate carries the reasons for its score.
Only the themes the event's frame allows are ranked (`frames.toml`): the event's class, read
first, decides what a verse may be about, and cue words only rank within that.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from praynews.core.cues import StoryCues, count_story
from praynews.core.errors import ScriptureError
from praynews.core.event import EventReading, classify_event, event_cues
from praynews.core.scripture.bible import DEFAULT_TRANSLATION, lookup
from praynews.core.scripture.index import IndexedVerse, Theme, VerseIndex
from praynews.core.text import LEAD_PARAGRAPHS, STOPWORDS, content_words, words

# Where a cue word stands says how central the theme is: the headline names the event, the lead
# states it, later paragraphs add context. Tuned by hand on the bundled samples so that a
# war story that mentions "prices" once in its last paragraph is not filed under economy.
WEIGHT_TITLE = 3.0
WEIGHT_LEAD = 2.0
WEIGHT_BODY = 1.0
# Stories rarely use a theme's exact cue words ("swollen rivers swamp towns" is a flood), so the
# headline's and lead's words are also matched against each theme's whole vocabulary (name,
# description, cues), weighted by how few themes share each word. Tuned on
# bench/data/verse_stories.toml with bench/verse_themes.py.
WEIGHT_PROFILE = 1.0
# A secondary theme is kept when it scores at least this share of the best theme.
SECONDARY_THEME_SHARE = 0.5
MAX_THEMES = 3
# Verse score = theme fit + similarity of the verse's words to the story's, minus a penalty for
# verses marked "use with care" (kept only when nothing else fits).
WEIGHT_THEME_FIT = 1.0
WEIGHT_SIMILARITY = 0.6
CARE_PENALTY = 0.5
# A passage longer than this buries the reflection around it (editors read Matthew 2:13-15, 94
# words, as a block to skip); it gives way to a shorter verse of as good a fit. 29 of the 830
# indexed passages are longer, none of the single verses.
LONG_PASSAGE_WORDS = 60
LONG_PASSAGE_PENALTY = 0.3


@dataclass(frozen=True)
class Frame:
    """What an event class allows: the phrasing kinds and the verse themes, per stage."""

    kinds: tuple[str, ...]
    themes: tuple[str, ...]
    stage_themes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    remembers_losses: bool = False
    has_sides: bool = False
    # The prayer names the countries the lead names, not where something happened: a
    # government's decision reaches the people of every country at the table.
    names_countries: bool = False

    def themes_for(self, stage: str) -> tuple[str, ...]:
        return self.stage_themes.get(stage, self.themes)


@cache
def frames() -> dict[str, Frame]:
    text = resources.files("praynews.core.scripture").joinpath("frames.toml").read_text()
    raw = tomllib.loads(text)["frame"]
    return {
        name: Frame(
            kinds=tuple(entry["kinds"]),
            themes=tuple(entry["themes"]),
            stage_themes={
                stage: tuple(entry[stage])
                for stage in ("unfolding", "decided", "over")
                if stage in entry
            },
            remembers_losses=entry.get("losses", False),
            has_sides=entry.get("sides", False),
            names_countries=entry.get("countries", False),
        )
        for name, entry in raw.items()
    }


def allowed_themes(event: EventReading) -> tuple[str, ...]:
    """The themes a verse may come from: the class's; for a story between two classes, either
    one's (the wording stays neutral); for a story with no class, the neutral frame's."""
    names = event.candidates or (event.kind,)
    themes = [t for name in names for t in frames()[name].themes_for(event.stage)]
    return tuple(dict.fromkeys(themes)) or frames()["other"].themes


@dataclass(frozen=True)
class ThemeScore:
    theme: Theme
    score: float
    cues: tuple[str, ...]


@dataclass(frozen=True)
class VerseCandidate:
    verse: IndexedVerse
    theme: Theme
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class VerseChoice:
    themes: tuple[ThemeScore, ...]
    candidates: tuple[VerseCandidate, ...]
    event: EventReading

    @property
    def chosen(self) -> VerseCandidate:
        return self.candidates[0]

    def choosing(self, ref: str) -> VerseChoice:
        """The same ranking with the candidate `ref` chosen (an editor's pick); raises
        `ScriptureError` when it is not among the candidates, since only the index's verses
        for this story's themes may be offered."""
        picked = [c for c in self.candidates if c.verse.ref == ref]
        if not picked:
            raise ScriptureError(what=repr(ref[:40]), why="not among this story's candidates")
        rest = [c for c in self.candidates if c.verse.ref != ref]
        return replace(self, candidates=(picked[0], *rest))

    @property
    def kind(self) -> str:
        """The phrasing kind: the frame's kind that the chosen verse's theme shares, else the
        frame's first (a rescue in a good-news frame reads as a rescue)."""
        allowed = frames()[self.event.kind].kinds
        shared = [k for k in self.chosen.theme.kinds if k in allowed]
        return shared[0] if shared else allowed[0]


@cache
def _cue_first_words(index: VerseIndex) -> frozenset[str]:
    return frozenset(cue.split()[0] for theme in index.themes for cue in theme.cues if " " in cue)


_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet "collapsed" and "collapses", "fires" and "fire"."""
    word = word.lower().removesuffix("'s").removesuffix("’s")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if len(w) > 3 and w.lower() not in STOPWORDS}


@cache
def _profiles(index: VerseIndex) -> tuple[dict[str, frozenset[str]], dict[str, float]]:
    """Each theme's vocabulary (name, description, cue words, stemmed) and each word's weight:
    a word in many themes' vocabularies tells little about which theme a story is."""
    profiles = {
        theme.id: frozenset(_stems(" ".join([theme.name, theme.description, *theme.cues])))
        for theme in index.themes
    }
    spread = Counter(w for vocabulary in profiles.values() for w in vocabulary)
    total = len(profiles)
    weights = {w: math.log(total / count) for w, count in spread.items()}
    return profiles, weights


@cache
def _cue_sets(index: VerseIndex) -> tuple[frozenset[str], ...]:
    """Each theme's cues as a set: most themes share no cue with a story, which one set
    intersection tells."""
    return tuple(frozenset(theme.cues) for theme in index.themes)


def score_themes(
    title: str, paragraphs: list[str], index: VerseIndex, counted: StoryCues | None = None
) -> list[ThemeScore]:
    counted = counted or count_story(title, paragraphs, _cue_first_words(index))
    parts = counted.weighted(WEIGHT_TITLE, WEIGHT_LEAD, WEIGHT_BODY)
    present = counted.present
    profiles, word_weights = _profiles(index)
    title_stems = _stems(title)
    lead_stems = _stems(" ".join(paragraphs[:LEAD_PARAGRAPHS]))
    lead_only = lead_stems - title_stems
    scores = []
    for theme, cue_set in zip(index.themes, _cue_sets(index), strict=True):
        shared_title = title_stems & profiles[theme.id]
        shared_lead = lead_only & profiles[theme.id]
        in_story = cue_set & present
        if not (shared_title or shared_lead or in_story):
            continue  # most themes: nothing in the story speaks of them
        total = WEIGHT_PROFILE * (
            2 * sum(word_weights[w] for w in shared_title)
            + sum(word_weights[w] for w in shared_lead)
        )
        hits: Counter[str] = Counter({w: 1 for w in sorted(shared_title | shared_lead)})
        for cue in (c for c in theme.cues if c in in_story) if in_story else ():
            for counts, weight in parts:
                found = counts.get(cue, 0)
                if found:
                    total += weight * found
                    hits[cue] += found
        if total:
            scores.append(ThemeScore(theme, total, tuple(c for c, _ in hits.most_common(5))))
    scores.sort(key=lambda s: (-s.score, s.theme.id))
    return scores


@cache
def _verse_words(text: str) -> frozenset[str]:
    return frozenset(content_words(text))


def choose_verse(
    title: str,
    paragraphs: list[str],
    index: VerseIndex,
    recent_refs: frozenset[str] = frozenset(),
    translation: str = DEFAULT_TRANSLATION,
    event: EventReading | None = None,
) -> VerseChoice:
    """Rank the themes the story's event allows and the verses that fit them, leaving out
    recent verses. With no allowed theme's cue in the story, the frame's first theme is used."""
    counted = count_story(title, paragraphs, _cue_first_words(index) | event_cues().first_words)
    event = event or classify_event(title, paragraphs, counted)
    allowed = allowed_themes(event)
    ranked = [t for t in score_themes(title, paragraphs, index, counted) if t.theme.id in allowed]
    if ranked:
        best = ranked[0].score
        themes = [t for t in ranked if t.score >= best * SECONDARY_THEME_SHARE][:MAX_THEMES]
    else:
        themes = [ThemeScore(index.theme(allowed[0]), 1.0, ())]
    story_words = content_words(" ".join([title, *paragraphs]))
    candidates = _rank_verses(themes, story_words, recent_refs, translation)
    return VerseChoice(tuple(themes), tuple(candidates), event)


def _rank_verses(
    themes: list[ThemeScore], story_words: set[str], recent: frozenset[str], translation: str
) -> list[VerseCandidate]:
    """The fitting verses best first; those used recently come after every other, so a
    week of floods varies its verses while it can and still has one when it cannot."""
    best = themes[0].score
    seen: set[str] = set()
    candidates: list[VerseCandidate] = []
    for theme_score in themes:
        fit = theme_score.score / best
        for verse in theme_score.theme.verses:
            found = lookup(verse.ref, translation)
            if found.reference in seen:
                continue
            seen.add(found.reference)
            shared = sorted(_verse_words(found.text) & story_words)
            similarity = len(shared) / (len(shared) + 4)
            score = WEIGHT_THEME_FIT * fit + WEIGHT_SIMILARITY * similarity
            reasons = [f"theme {theme_score.theme.id} ({fit:.2f} of the best theme's cue weight)"]
            if shared:
                reasons.append("shares the words " + ", ".join(shared[:5]))
            if verse.care:
                score -= CARE_PENALTY
                reasons.append("marked use with care")
            if len(found.text.split()) > LONG_PASSAGE_WORDS:
                score -= LONG_PASSAGE_PENALTY
                reasons.append(f"longer than {LONG_PASSAGE_WORDS} words")
            if found.reference in recent:
                reasons.append("used recently")
            candidates.append(
                VerseCandidate(verse, theme_score.theme, round(score, 4), tuple(reasons))
            )
    candidates.sort(key=lambda c: ("used recently" in c.reasons, -c.score, c.verse.ref))
    return candidates
