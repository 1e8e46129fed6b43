"""Near-duplicates, grouping articles into stories, and ranking stories.

Three deciders, all incremental and pure:
- `NearDuplicates` recognises syndicated and lightly edited copies of one article (MinHash over
  word shingles with datasketch's LSH), so a wire story republished five times is stored once.
- `StoryGrouper` puts an article into the story it reports (same event: shared names and places,
  similar wording, close in time) or starts a new one. Candidates come from an inverted index of
  names and distinctive title words limited to a time window, so adding a day's articles costs
  time in proportion to that day, not to the archive.
- `rank_story` scores a story by coverage, recency and weight, with the reasons kept.

`group_articles` runs the first two over articles read together, the way ingest runs them over
stored rows, so a draft written straight from a feed reports the same story a stored one does.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from praynews.core.entities import proper_names
from praynews.core.text import term_tokens
from praynews.core.types import ExtractedArticle

if TYPE_CHECKING:
    from datasketch import MinHash

# datasketch (and numpy and scipy under it) is imported where a signature is made, not here: it
# costs half a second, and writing one page from the command line needs no signature.

# Near-duplicates: 5-word shingles catch reordered sentences but not shared stock phrases; with
# 64 permutations the estimate is within about ±0.06. Copies with light edits (a new headline,
# a trimmed sentence, a few words changed) score 0.72-0.96 on the team's wire samples;
# independent reports of one event score under 0.05. LSH looks wider than the verdict so that
# banding never hides a copy near the threshold.
SHINGLE_WORDS = 5
NUM_PERM = 64
DUPLICATE_JACCARD = 0.6
LSH_THRESHOLD = 0.4
MINHASH_SCHEME = "affine32"  # stored signatures must be read back with the same scheme

# Grouping, tuned on bench/data/grouping.jsonl (bench/grouping.py):
WINDOW_DAYS = 3  # an event's reports arrive within days; later ones are follow-ups
LEAD_WORDS = 120  # the top of an article says what event it reports
JOIN_THRESHOLD = 0.28  # combined similarity needed to join a story
WEIGHT_TEXT = 0.65  # cosine of term weights, title words doubled
WEIGHT_NAMES = 0.35  # overlap of names and places
MIN_SHARED_NAMES = 1  # two reports of one event always share a place or a name
MAX_INDEX_TERMS = 8  # distinctive title words an article is findable by
# A title word in more than this share of articles ("says", "police") identifies no event;
# indexing it would make every story a candidate for every article.
MAX_TERM_SHARE = 0.02
# A story is forgotten this many days after its window closed, counted from the newest article
# seen. Feeds and folders arrive out of date order (the sample feed lists a week's reports out
# of order), and a report older than the newest one must still find its story. A week covers
# that feed; a month cost 16x the time of 10,000 articles for 100,000 in bench/grouping.py
# (every index key's list held a month of stories), a week 10x.
LATE_REPORT_DAYS = 7


def signature(text: str) -> MinHash:
    from datasketch import MinHash

    words = text.lower().split()
    minhash = MinHash(num_perm=NUM_PERM, seed=7, scheme=MINHASH_SCHEME)
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS])
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    }
    minhash.update_batch([s.encode() for s in shingles])
    return minhash


def signature_to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("uint64").tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    import numpy as np
    from datasketch import MinHash

    hashvalues = np.frombuffer(data, dtype="uint64")
    return MinHash(num_perm=NUM_PERM, seed=7, hashvalues=hashvalues, scheme=MINHASH_SCHEME)


class NearDuplicates:
    """Keys of stored articles by signature; `find` answers which one a new text copies."""

    def __init__(self, threshold: float = DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=min(threshold, LSH_THRESHOLD), num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def add(self, key: str, minhash: MinHash) -> None:
        if key not in self._signatures:
            self._lsh.insert(key, minhash)
            self._signatures[key] = minhash

    def find(self, minhash: MinHash) -> tuple[str, float] | None:
        """The stored article the text is a copy of, with the estimated Jaccard similarity."""
        best = None
        for key in self._lsh.query(minhash):
            similarity = minhash.jaccard(self._signatures[key])
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best


@dataclass(frozen=True)
class ArticleFeatures:
    key: str
    published: date | None
    terms: dict[str, float]
    names: frozenset[str]
    title_terms: tuple[str, ...]
    outlet: str = ""


def article_features(
    key: str, title: str, text: str, published: date | None, outlet: str = ""
) -> ArticleFeatures:
    lead = " ".join(text.split()[:LEAD_WORDS])
    title_tokens = term_tokens(title)
    terms = Counter(term_tokens(lead))
    for token in title_tokens:
        terms[token] += 2
    names = frozenset(n.lower() for n in proper_names(f"{title}. {lead}") if len(n) > 2)
    return ArticleFeatures(
        key, published, dict(terms), names, tuple(dict.fromkeys(title_tokens)), outlet
    )


@dataclass
class StoryState:
    key: str
    first: date | None
    last: date | None
    terms: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    members: list[str] = field(default_factory=list)
    outlets: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Assignment:
    article: str
    story: str
    joined: bool
    score: float
    reason: str


class StoryGrouper:
    """Incremental grouping: `assign` puts one article in a story and updates the index.

    Stories whose last report is more than the window and `late_report_days` older than the
    newest article seen are forgotten, with their index entries and their days' document
    frequencies: keeping them made memory grow with the archive (1.1 GB at 100,000 synthetic
    articles). A report dated older than that starts its own story. Undated stories are kept.
    """

    def __init__(
        self, window_days: int = WINDOW_DAYS, late_report_days: int = LATE_REPORT_DAYS
    ) -> None:
        self.window_days = window_days
        self.late_report_days = late_report_days
        self.stories: dict[str, StoryState] = {}
        # Each index key's stories, in the order they were indexed (a dict as an ordered set).
        self._postings: dict[str, dict[str, None]] = defaultdict(dict)
        self._index_keys: dict[str, set[str]] = defaultdict(set)
        # (last report, story key) for every date a story's last report has had; stale entries
        # are skipped when they surface.
        self._endings: list[tuple[date, str]] = []
        self._newest: date | None = None
        # Document frequencies count the articles of the days still kept, so that what a term
        # says about an event is judged against recent news, and memory stays that of a few
        # days' vocabulary however long the grouper runs.
        self._document_frequency: Counter[str] = Counter()
        self._documents = 0
        self._frequency_by_day: dict[date | None, Counter[str]] = defaultdict(Counter)
        self._documents_by_day: Counter[date | None] = Counter()

    def assign(self, article: ArticleFeatures, new_story_key: str | None = None) -> Assignment:
        self._forget_ended(article.published)
        self._count(article)
        best: tuple[float, StoryState, str] | None = None
        for story in self._candidates(article):
            scored = self._score(article, story)
            if scored and (best is None or scored[0] > best[0]):
                best = (scored[0], story, scored[1])
        if best and best[0] >= JOIN_THRESHOLD:
            score, story, reason = best
            self._add(story, article)
            return Assignment(article.key, story.key, True, round(score, 3), reason)
        story = StoryState(new_story_key or article.key, article.published, article.published)
        self.stories[story.key] = story
        self._add(story, article)
        reason = f"no story within {self.window_days} days shares its names and wording"
        if best:
            reason += f" (closest {best[1].key} at {best[0]:.2f})"
        return Assignment(article.key, story.key, False, round(best[0], 3) if best else 0.0, reason)

    def place(self, article: ArticleFeatures, story_key: str) -> None:
        """Restore a stored assignment (rebuilding the index from the database) unscored."""
        self._forget_ended(article.published)
        self._count(article)
        story = self.stories.get(story_key)
        if story is None:
            story = StoryState(story_key, article.published, article.published)
            self.stories[story_key] = story
        self._add(story, article)

    def _keys(self, article: ArticleFeatures) -> list[str]:
        limit = max(2.0, MAX_TERM_SHARE * self._documents)
        rare = [t for t in article.title_terms if self._document_frequency[t] <= limit]
        distinctive = sorted(rare, key=lambda t: self._document_frequency[t])[:MAX_INDEX_TERMS]
        return [f"n:{n}" for n in article.names] + [f"t:{t}" for t in distinctive]

    def _candidates(self, article: ArticleFeatures) -> list[StoryState]:
        seen: dict[str, StoryState] = {}
        for key in self._keys(article):
            for story_key in self._postings.get(key, ()):
                if story_key not in seen:
                    seen[story_key] = self.stories[story_key]
        return [s for s in seen.values() if self._in_window(s, article.published)]

    def _forget_ended(self, when: date | None) -> None:
        """Drop the stories no report dated near the newest article can join."""
        if when and (self._newest is None or when > self._newest):
            self._newest = when
            self._forget_days()
        while self._endings and self._ended(self._endings[0][0]):
            last, key = heapq.heappop(self._endings)
            story = self.stories.get(key)
            if story is not None and story.last == last:
                self._forget(story)

    def _count(self, article: ArticleFeatures) -> None:
        self._documents += 1
        self._documents_by_day[article.published] += 1
        self._document_frequency.update(article.terms.keys())
        self._frequency_by_day[article.published].update(article.terms.keys())

    def _forget_days(self) -> None:
        """Stop counting the articles of days no report can still join."""
        for day in [d for d in self._frequency_by_day if d is not None and self._ended(d)]:
            frequency = self._frequency_by_day.pop(day)
            self._documents -= self._documents_by_day.pop(day)
            self._document_frequency.subtract(frequency)
            for term in frequency:
                if self._document_frequency[term] <= 0:
                    del self._document_frequency[term]

    def _ended(self, last: date) -> bool:
        horizon = self.window_days + self.late_report_days
        return self._newest is not None and (self._newest - last).days > horizon

    def _forget(self, story: StoryState) -> None:
        del self.stories[story.key]
        for index_key in self._index_keys.pop(story.key, ()):
            postings = self._postings[index_key]
            del postings[story.key]
            if not postings:
                del self._postings[index_key]

    def _in_window(self, story: StoryState, when: date | None) -> bool:
        if not when or not story.last or not story.first:
            return True
        return (story.first - when).days <= self.window_days and (
            when - story.last
        ).days <= self.window_days

    def _score(self, article: ArticleFeatures, story: StoryState) -> tuple[float, str] | None:
        shared = article.names & story.names.keys()
        if len(shared) < MIN_SHARED_NAMES:
            return None
        text = self._cosine(article.terms, story.terms)
        names = len(shared) / min(len(article.names), len(story.names)) if article.names else 0.0
        score = WEIGHT_TEXT * text + WEIGHT_NAMES * names
        reason = f"shares {', '.join(sorted(shared)[:4])}; wording {text:.2f}, names {names:.2f}"
        return score, reason

    def _idf(self, term: str) -> float:
        return math.log((1 + self._documents) / (1 + self._document_frequency[term])) + 1

    def _cosine(self, a: dict[str, float], b: Counter[str]) -> float:
        dot = sum(w * b[t] * self._idf(t) ** 2 for t, w in a.items() if t in b)
        if not dot:
            return 0.0
        norm_a = math.sqrt(sum((w * self._idf(t)) ** 2 for t, w in a.items()))
        norm_b = math.sqrt(sum((w * self._idf(t)) ** 2 for t, w in b.items()))
        return dot / (norm_a * norm_b)

    def _add(self, story: StoryState, article: ArticleFeatures) -> None:
        story.terms.update(article.terms)
        story.names.update(article.names)
        story.members.append(article.key)
        if article.outlet:
            story.outlets.add(article.outlet)
        if article.published:
            story.first = min(filter(None, [story.first, article.published]))
            story.last = max(filter(None, [story.last, article.published]))
            heapq.heappush(self._endings, (story.last, story.key))
        for key in self._keys(article):
            self._postings[key][story.key] = None
            self._index_keys[story.key].add(key)


@dataclass(frozen=True)
class StoryRank:
    story: str
    score: float
    reasons: tuple[str, ...]


# Ranking weights: every distinct outlet counts; a day of age costs a little; lives at stake
# and scale words count most. Set by reading the sample edition: a disaster covered by three
# outlets should lead a school reopening covered by one.
WEIGHT_OUTLET = 1.0
DECAY_PER_DAY = 0.3
WEIGHT_HARM = 1.5
WEIGHT_SCALE = 0.5
_HARM = re.compile(
    r"\b(?:killed|dead|deaths?|died|injured|wounded|missing|displaced|fled|evacuated|"
    r"homeless|trapped|famine|outbreak|cases)\b",
    re.IGNORECASE,
)
_SCALE = re.compile(
    r"\b(?:thousands|hundreds|millions?|tens of thousands|billions?|\d{1,3}(?:,\d{3})+)\b",
    re.IGNORECASE,
)


def rank_story(key: str, outlets: int, newest: date | None, today: date, text: str) -> StoryRank:
    age = (today - newest).days if newest else 7
    harm = min(3, len(_HARM.findall(text)))
    scale = min(3, len(_SCALE.findall(text)))
    score = WEIGHT_OUTLET * outlets - DECAY_PER_DAY * max(0, age) + WEIGHT_HARM * harm / 3
    score += WEIGHT_SCALE * scale / 3
    reasons = (
        f"reported by {outlets} outlet{'s' if outlets != 1 else ''}",
        f"newest report {age} day{'s' if age != 1 else ''} old",
        f"{harm} words of harm to people" if harm else "no harm to people reported",
        f"{scale} words of scale" if scale else "no scale words",
    )
    return StoryRank(key, round(score, 3), reasons)


@dataclass(frozen=True)
class StoryReports:
    """One story's reports in the order a draft uses them (earliest first), and the copies of
    them that other outlets published."""

    reports: tuple[ExtractedArticle, ...]
    copies: tuple[ExtractedArticle, ...] = ()


def group_articles(articles: Sequence[ExtractedArticle]) -> list[StoryReports]:
    """Articles read together (a feed, a folder) as the stories they report, decided as ingest
    decides them in storage: an article seen twice counts once, a copy of an earlier article is
    one of its copies, and every other article joins its event's story or starts one."""
    if len(articles) == 1:  # one article is one story, with nothing to compare
        return [StoryReports(tuple(articles))]
    duplicates = NearDuplicates()
    grouper = StoryGrouper()
    seen: set[tuple[str, ...]] = set()
    members: dict[str, list[int]] = {}
    copies: dict[int, list[int]] = defaultdict(list)
    for index, article in enumerate(articles):
        identities = _identities(article)
        if identities & seen:
            continue
        seen |= identities
        minhash = signature(article.text)
        copied = duplicates.find(minhash)
        if copied:
            copies[int(copied[0])].append(index)
            continue
        duplicates.add(str(index), minhash)
        features = article_features(
            str(index), article.title, article.text, article.published, article.site_name or ""
        )
        members.setdefault(grouper.assign(features, new_story_key=str(index)).story, []).append(
            index
        )
    return [
        StoryReports(
            _earliest_first(articles, indexes),
            _earliest_first(articles, [c for i in indexes for c in copies[i]]),
        )
        for indexes in members.values()
    ]


def _identities(article: ExtractedArticle) -> set[tuple[str, ...]]:
    """What makes two articles the same one: the address, or the same title and text."""
    text = (article.title.lower(), " ".join(article.text.lower().split()))
    return {("text", *text), *((("url", article.url),) if article.url else ())}


def _earliest_first(
    articles: Sequence[ExtractedArticle], indexes: list[int]
) -> tuple[ExtractedArticle, ...]:
    """Undated first (as storage sorts them), then by date, then in the order they were read."""
    dated = sorted(
        indexes,
        key=lambda i: (articles[i].published is not None, articles[i].published or date.min, i),
    )
    return tuple(articles[i] for i in dated)
