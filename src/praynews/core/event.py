"""What kind of event a story reports (war, disaster, accident, election...) and at what stage
(still unfolding, decided, over), read from the story's own words.

The reflection and the verse follow the event: a helicopter crash is not a natural disaster,
and a peace deal is not a battle. Reading it wrong is worse than not reading it, so a story
whose class is not clearly ahead of the next reads as "other" and gets a neutral frame. The cue
words are curated data (`data/events.toml`); every reading carries the cues that decided it.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from praynews.core.cues import StoryCues, count_story
from praynews.core.text import split_sentences

# What a story with no trouble in it is about (data/events.toml, [subject.*]); read only when
# no class of event is.
SUBJECTS = ("business", "science", "governance", "environment")
CLASSES = (
    "war",
    "disaster",
    "accident",
    "crime",
    "protest",
    "election",
    "court",
    "disease",
    "economy",
    "persecution",
    "hunger",
    "good-news",
    "death",
    "displacement",
    "deportation",
    *SUBJECTS,
    "other",
)
STAGES = ("unfolding", "decided", "over")

# Where a cue stands says how central it is: the headline names the event, the lead states it,
# later paragraphs add context. The same weights as the verse chooser's, for the same reason.
WEIGHT_TITLE = 3.0
WEIGHT_LEAD = 2.0
WEIGHT_BODY = 1.0
# Confidence is the best class's share of the weight of the best two. Below it, or below a
# title-and-lead's worth of cue weight, the story reads as "other", with the two classes it
# stands between as its candidates. Tuned on tests/data/events/stories.toml and the stories of
# bench/verse_themes.py: at 0.6 every labelled story with a clear class keeps it, and the
# stories that are truly two things (refugees fleeing a war, miners rescued from a collapse)
# fall to "other".
MIN_CONFIDENCE = 0.6
MIN_CLASS_WEIGHT = 4.0
# A subject needs more weight than a class: its cues are common words of business, science and
# government, and a stray "company" or "study" must not decide a reflection. Measured on the
# news pages of bench/write_pages.py that read as no class and on the labelled subjects of
# tests/data/events/stories.toml: those about a company, a discovery, a government or
# pollution have 11 to 115 of a subject's weight, the others (a health campaign, a drug arrest)
# 1 or none, so every floor from 2 to 11 reads them alike; 8 leaves room under the weakest.
MIN_SUBJECT_WEIGHT = 8.0
# A subject only has to lead: every subject's frame is one of work and decisions, none of
# suffering, so a close call between two (a trade war's governments and companies, 45 to 36)
# costs a word of wording, while the neutral frame says nothing about either.
MIN_SUBJECT_SHARE = 0.5


@dataclass(frozen=True)
class EventCues:
    classes: dict[str, tuple[str, ...]]
    stages: dict[str, tuple[str, ...]]
    # Cues a class also needs, one at least, before a story can be read as it.
    needs: dict[str, tuple[str, ...]]
    subjects: dict[str, tuple[str, ...]]

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The words multi-word cues start with: runs starting elsewhere match no cue, so they
        are not counted (the same counts, in a fraction of the time)."""
        groups = (self.classes, self.stages, self.needs, self.subjects)
        cues = [c for group in groups for cs in group.values() for c in cs]
        return frozenset(cue.split()[0] for cue in cues if " " in cue)


@dataclass(frozen=True)
class EventReading:
    """The class and stage of a story's event, how sure the reading is, and why."""

    kind: str
    stage: str
    confidence: float
    reasons: tuple[str, ...]
    # The classes the story stands between when it reads as "other"; otherwise its kind alone.
    candidates: tuple[str, ...] = ()


@cache
def event_cues() -> EventCues:
    raw = tomllib.loads(resources.files("praynews.core.data").joinpath("events.toml").read_text())
    return EventCues(
        classes={name: tuple(entry["cues"]) for name, entry in raw["class"].items()},
        stages={name: tuple(entry["cues"]) for name, entry in raw["stage"].items()},
        needs={
            name: tuple(entry["needs"]) for name, entry in raw["class"].items() if "needs" in entry
        },
        subjects={name: tuple(entry["cues"]) for name, entry in raw["subject"].items()},
    )


def classify_event(
    title: str, paragraphs: list[str], counted: StoryCues | None = None
) -> EventReading:
    """The story's event class and stage, with the cue words that decided them. `counted`, the
    story's cue counts when the caller has them, must count these cues' first words."""
    cues = event_cues()
    counted = counted or count_story(title, paragraphs, cues.first_words)
    parts = counted.weighted(WEIGHT_TITLE, WEIGHT_LEAD, WEIGHT_BODY)
    class_weights, class_hits = _weigh(cues.classes, parts)
    needed, _ = _weigh(cues.needs, parts)
    stage_weights, stage_hits = _weigh(cues.stages, parts)
    ranked = sorted(class_weights, key=lambda k: (-class_weights[k], CLASSES.index(k)))
    best = class_weights[ranked[0]] if ranked else 0.0
    second = class_weights[ranked[1]] if len(ranked) > 1 else 0.0
    confidence = best / (best + second) if best else 0.0
    clear = confidence >= MIN_CONFIDENCE and best >= MIN_CLASS_WEIGHT
    # A class that needs a cue the story lacks (the economy without hardship: an earnings day,
    # a share sale) is not read, and no other class takes its place: the neutral frame.
    unmet = bool(ranked) and ranked[0] in cues.needs and ranked[0] not in needed
    kind = ranked[0] if clear and not unmet else "other"
    subject = None
    if kind != "other":
        candidates: tuple[str, ...] = (kind,)
    elif unmet or best < MIN_CLASS_WEIGHT:  # no trouble read: what the story is about
        subject, subject_reason = _subject(cues.subjects, parts)
        kind = subject or "other"
        candidates = (subject,) if subject else ()
    else:  # between two classes: the verse may come from either's themes
        candidates = tuple(ranked[:2])
    stage = max(STAGES, key=lambda s: (stage_weights.get(s, 0.0), s == "unfolding"))
    reasons = [f"{k} {class_weights[k]:g}: {', '.join(class_hits[k][:5])}" for k in ranked[:3]]
    if stage in stage_hits:
        reasons.append(f"stage {stage}: {', '.join(stage_hits[stage][:5])}")
    else:
        reasons.append("stage unfolding: no stage cue found")
    if unmet:
        reasons.append(f"read as {ranked[0]} without any of its needed cues")
    if subject:
        reasons.append(subject_reason)
    elif unmet:
        reasons.append("no subject is clear either: the neutral frame")
    elif kind == "other":
        reasons.append(f"no class is clearly ahead (confidence {confidence:.2f})")
    return EventReading(kind, stage, round(confidence, 3), tuple(reasons), candidates)


def _subject(
    subjects: dict[str, tuple[str, ...]], parts: tuple[tuple[Counter[str], float], ...]
) -> tuple[str | None, str]:
    """The subject of a story with no trouble in it, when one is clearly ahead, and why."""
    weights, hits = _weigh(subjects, parts)
    ranked = sorted(weights, key=lambda k: (-weights[k], SUBJECTS.index(k)))
    if not ranked:
        return None, ""
    best = weights[ranked[0]]
    second = weights[ranked[1]] if len(ranked) > 1 else 0.0
    if best < MIN_SUBJECT_WEIGHT or best / (best + second) <= MIN_SUBJECT_SHARE:
        return None, ""
    return ranked[0], f"about {ranked[0]} {best:g}: {', '.join(hits[ranked[0]][:5])}"


def _weigh(
    groups: dict[str, tuple[str, ...]], parts: tuple[tuple[Counter[str], float], ...]
) -> tuple[dict[str, float], dict[str, list[str]]]:
    weights: dict[str, float] = {}
    hits: dict[str, list[str]] = {}
    for name, words in groups.items():
        if all(counts.keys().isdisjoint(words) for counts, _ in parts):
            continue  # most groups: none of their words in the story, told without a loop
        found: Counter[str] = Counter()
        total = 0.0
        for word in words:
            for counts, weight in parts:
                if counts.get(word):
                    total += weight * counts[word]
                    found[word] += counts[word]
        if total:
            weights[name] = total
            hits[name] = [w for w, _ in found.most_common()]
    return weights, hits


_COUNT = re.compile(
    r"\b(?:(?!(?:19|20)\d\d\b)\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|dozens|hundreds|thousands|scores|all)\b",
    re.IGNORECASE,
)
_DEAD = re.compile(r"\b(?:killed|killing|dead|died|deaths|death toll|drowned|bodies)\b", re.I)
_INJURED = re.compile(r"\b(?:injured|injuring|wounded|wounding|hurt|injuries)\b", re.I)
# One death told without a number: "a passenger was stabbed to death", "killing a man".
_ONE_DEAD = re.compile(
    r"\b(?:stabbed|shot|beaten|crushed|burned) to death\b|\bshot dead\b"
    r"|\b(?:killed|killing) (?:a|an|one)\b|\b(?:was|were) killed\b",
    re.I,
)


_DATED_PAST = re.compile(
    r"\bin (?:the )?(?:(?:1\d|20)\d\d|\d{1,2}(?:st|nd|rd|th) century)\b", re.IGNORECASE
)


def casualties(text: str) -> tuple[bool, bool]:
    """Whether the story counts the dead, and the injured: a sentence with a number (not a
    year) beside the word, or one that tells a single death ("was stabbed to death"). The
    prayer then remembers them, without repeating the number, so nothing it says needs tracing.
    A toll dated in a past year or century ("the pandemic that killed 25 million in the 14th
    century") is history told as background, not this event's."""
    undated = [s for s in split_sentences(text) if not _DATED_PAST.search(s)]
    sentences = [s for s in undated if _COUNT.search(s)]
    return (
        any(_DEAD.search(s) for s in sentences) or any(_ONE_DEAD.search(s) for s in undated),
        any(_INJURED.search(s) for s in sentences),
    )


_NAME = r"([A-Z][a-zà-ÿ'’\-]+(?: [A-Z][a-zà-ÿ'’\-]+){1,2})"
_VICTIM_NAMED = re.compile(
    r"\b(?:named|identified)\s+(?:the\s+\w+(?:\s+who\s+died)?\s+|him\s+|her\s+|them\s+)?as\s+"
    + _NAME
)


def named_victim(lead: str) -> str | None:
    """The victim the lead names ("police named the woman who died as Claire Vasseur")."""
    match = _VICTIM_NAMED.search(lead)
    return match.group(1) if match else None
