"""Glance bullets against extractive baselines: ROUGE on CNN/DM highlights and BBC summaries.

Why this exists: "This story at a glance" has to pick the facts a reader needs, and the cheapest
honest check is whether praynews picks better than the classic extractive baselines on the two
public sets in ../shared/data/summaries/ (see its README). The two sets rank methods differently,
so a method only counts as good when it beats every baseline on both.

Choices that shape the numbers (all systems run in one process on the same articles):

* Baselines take whole sentences, ROUGE F1 rewards length, and glance bullets are meant to be
  shorter. So besides the whole-output scores, every baseline (and the oracle) is scored again at
  praynews' word count for that article (a per-article word budget, as the data README's "Compare
  at equal length" asks): it spends the budget on its sentences best first (Lead: in order) and the
  last one is cut. That is its 3 sentences cut short when the bullets are shorter, and more of its
  sentences when the bullets are longer (the report counts how often), so the comparison is at
  equal length either way. Words are counted as praynews counts them (runs of letters and digits
  with inner apostrophes and hyphens), so " . | ." debris counts for nothing on either side.
* Baselines split sentences with pysbd, paragraph by paragraph, as the data README's baseline
  figures do, and get the raw text: cleaning Daily Mail bylines is part of the job being measured,
  and praynews gets the same raw text. Each baseline's time includes that split (it is done once
  per article, timed, and added to every baseline's own time) and, for sumy, building its document.
* sumy's own parser needs nltk's punkt data, which cannot be downloaded here. So the script builds
  sumy's document objects (ObjectDocumentModel / Paragraph / Sentence) itself from the pysbd
  sentences, with a word tokenizer that is what sumy's default does inside one sentence: nltk's
  Treebank-style NLTKWordTokenizer (needs no data) filtered by sumy's own word pattern. Stemmer and
  stop words are sumy's English ones.
* CNN/DM has no title and no paragraph breaks: praynews gets title "" and the raw article as one
  paragraph (the harder setting; the first "sentence" is often a byline). BBC: title = first line,
  paragraphs = the rest split on blank lines; baselines see the paragraphs without the title.
* BBC reference summaries are article sentences glued together without spaces; they are split back
  at ".X" boundaries for ROUGE-Lsum (R1/R2 do not depend on it).
* Oracle-3 greedily adds the sentence that most raises R1+R2 against the reference (up to 3, or
  up to the budget at equal length): a rough ceiling for picking whole sentences, not a system,
  so it is not timed.
* Every system runs once untimed on the first article, so one-off loading is not charged to it.
* Timings run with garbage collection off, as timeit's do (and bench/write_pages.py's): the
  collections happen between timings instead of inside whichever system's call triggers them.

Run: .venv/bin/python bench/glance_rouge.py [--set cnndm|bbc|both] [--limit N] [--bbc-limit N]
     [--markdown] [--show N]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import gc
import os
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import pysbd
from nltk.tokenize.destructive import NLTKWordTokenizer
from rouge_score import rouge_scorer, tokenizers
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.nlp.tokenizers import Tokenizer as SumyTokenizer
from sumy.summarizers._summarizer import AbstractSummarizer, SentenceInfo
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from praynews.core.text import split_sentences
from praynews.core.writing.clean import clean_paragraphs
from praynews.core.writing.glance import write_glance

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CNNDM_CSV = DATA / "summaries" / "cnndm" / "sample.csv"
BBC_DIR = DATA / "summaries" / "bbc"

SENTENCES = 3  # baselines pick three sentences, as in the data README's figures
PRAYNEWS, LEAD, LEXRANK, TEXTRANK, ORACLE = (
    "praynews",
    "Lead-3",
    "LexRank-3",
    "TextRank-3",
    "oracle-3 (greedy)",
)
# Not a system: the source sentences of praynews' bullets, uncompressed (cut to the same budget at
# equal length). Beside praynews' own row it splits its score into choosing and compressing.
UNCUT = "praynews' sentences, uncompressed"
BASELINES = (LEAD, LEXRANK, TEXTRANK)
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
T = TypeVar("T")

# Same word definition as praynews.core.text.words, so budgets match its own bullet lengths.
_WORD = re.compile(r"[\w][\w'’\-]*", re.UNICODE)
# BBC summaries: "...$10.9bn.For the full-year..." -> split where a sentence end touches the next
# capital, but not after a single-letter initial ("U.S.Army", "J.K.").
_GLUED_SENTENCE = re.compile(r"""(?:(?<=[.!?])|(?<=[.!?]["'”’]))(?<!\b[A-Z]\.)(?=[A-Z])""")


@dataclass
class Article:
    id: str
    title: str
    paragraphs: list[str]
    reference: list[str]  # one reference sentence or highlight per item


@dataclass
class SetResult:
    name: str
    description: str
    # system -> per-article ROUGE F1 triples, whole sentences and at praynews' word budget
    whole: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)
    equal: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)
    words_whole: dict[str, list[int]] = field(default_factory=dict)
    words_equal: dict[str, list[int]] = field(default_factory=dict)
    # the data README's protocol: each system's 3 sentences cut to praynews' budget, never extended
    cut: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)
    words_cut: dict[str, list[int]] = field(default_factory=dict)
    ms: dict[str, list[float]] = field(default_factory=dict)
    split_ms: list[float] = field(default_factory=list)
    # articles where praynews wrote more words than a system's 3 sentences hold
    extended: Counter[str] = field(default_factory=Counter)
    # summarizer class -> articles where its power method met an all-zero matrix (NaN ratings)
    degenerate: Counter[str] = field(default_factory=Counter)
    failures: int = 0


# ---------------------------------------------------------------------------------------------
# Data


def shown(path: Path) -> str:
    """A data path as seen from the project root, the way bench/README.md names it."""
    return os.path.relpath(path, ROOT)


def evenly_spaced(items: Sequence[Path], limit: int) -> list[Path]:
    """A deterministic subset spread over the whole (path-sorted) list, so every category shows."""
    if limit <= 0 or limit >= len(items):
        return list(items)
    return [items[i * len(items) // limit] for i in range(limit)]


def load_cnndm(limit: int) -> tuple[list[Article], str]:
    with CNNDM_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    total = len(rows)
    if 0 < limit < total:
        rows = [rows[i * total // limit] for i in range(limit)]
    articles = [
        Article(
            id=row["id"],
            title="",
            paragraphs=[row["article"]],
            reference=[line.strip() for line in row["highlights"].splitlines() if line.strip()],
        )
        for row in rows
    ]
    picked = "all" if len(articles) == total else "evenly spaced by row"
    return articles, f"{len(articles)} of {total} articles ({picked}) from {shown(CNNDM_CSV)}"


def split_glued(summary: str) -> list[str]:
    return [part.strip() for part in _GLUED_SENTENCE.split(summary) if part.strip()]


def load_bbc(limit: int) -> tuple[list[Article], str]:
    paths = sorted((BBC_DIR / "articles").glob("*/*.txt"))
    chosen = evenly_spaced(paths, limit)
    articles = []
    for path in chosen:
        lines = path.read_text(encoding="utf-8").strip().split("\n", 1)
        title, body = lines[0].strip(), (lines[1] if len(lines) > 1 else "")
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        summary = (BBC_DIR / "summaries" / path.relative_to(BBC_DIR / "articles")).read_text(
            encoding="utf-8"
        )
        articles.append(
            Article(
                id=f"{path.parent.name}/{path.stem}",
                title=title,
                paragraphs=paragraphs,
                reference=split_glued(summary.strip()),
            )
        )
    if len(chosen) == len(paths):
        picked = "all"
    else:
        step = len(paths) / len(chosen)
        picked = f"file i*{len(paths)}//{len(chosen)} of the path-sorted list, every ~{step:.1f}th"
    categories = Counter(a.id.split("/")[0] for a in articles)
    spread = ", ".join(f"{name} {count}" for name, count in sorted(categories.items()))
    where = shown(BBC_DIR)
    return articles, f"{len(articles)} of {len(paths)} articles in {where} ({picked}; {spread})"


# ---------------------------------------------------------------------------------------------
# Systems


class SentenceWords:
    """What sumy's English Tokenizer.to_words does, minus the punkt sentence model it can't load."""

    language = "english"

    def __init__(self) -> None:
        self._tokenizer = NLTKWordTokenizer()

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._tokenizer.tokenize(sentence) if SumyTokenizer._is_word(w))


class Baselines:
    def __init__(self) -> None:
        self.segmenter = pysbd.Segmenter(language="en", clean=False)
        self.words = SentenceWords()
        stemmer = Stemmer("english")
        stop_words = get_stop_words("english")
        self.lexrank = LexRankSummarizer(stemmer)
        self.lexrank.stop_words = stop_words
        self.textrank = TextRankSummarizer(stemmer)
        self.textrank.stop_words = stop_words
        self.degenerate: Counter[str] = Counter()

    def split(self, paragraphs: list[str]) -> list[list[str]]:
        return [
            [s.strip() for s in self.segmenter.segment(p) if s.strip()] for p in paragraphs if p
        ]

    def document(self, split: list[list[str]]) -> ObjectDocumentModel:
        return ObjectDocumentModel(
            [Paragraph([Sentence(s, self.words) for s in sentences]) for sentences in split]
        )

    @staticmethod
    def lead(split: list[list[str]]) -> list[int]:
        return list(range(sum(len(sentences) for sentences in split)))

    def rank(self, summarizer: AbstractSummarizer, split: list[list[str]]) -> list[int]:
        """Every sentence's index, best first, from one normal run of the summarizer.

        sumy hands a callable sentence count the sentences sorted by rating (ties in document
        order), so the full ranking costs nothing beyond the usual top-3 call.
        """
        ranking: list[int] = []

        def top(infos: list[SentenceInfo]) -> list[SentenceInfo]:
            ranking.extend(info.order for info in infos)
            return infos[:SENTENCES]

        # A document whose sentences share no words gives LexRank an all-zero matrix: numpy warns
        # and the ratings are NaN, so the "ranking" is document order. Count it rather than hide it.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuntimeWarning)
            summarizer(self.document(split), top)
        if caught:
            self.degenerate[type(summarizer).__name__] += 1
        return ranking


def timed(run: Callable[[], T]) -> tuple[T, float]:
    """As timeit does, with no garbage collection inside the timing: a collection that one
    system's garbage triggers is not charged to whichever system happens to run next."""
    gc.disable()
    try:
        start = time.perf_counter()
        result = run()
        return result, (time.perf_counter() - start) * 1000
    finally:
        gc.enable()


# ---------------------------------------------------------------------------------------------
# Scoring


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def first_words(sentence: str, count: int) -> str:
    matches = list(_WORD.finditer(sentence))
    return sentence if len(matches) <= count else sentence[: matches[count - 1].end()]


def top_sentences(ranking: list[int], sentences: list[str], count: int = SENTENCES) -> list[str]:
    """The first `count` of a ranking, shown in document order as an extract is."""
    return [sentences[i] for i in sorted(ranking[:count])]


def source_sentences(article: Article, bullets: list[str]) -> list[str]:
    """The sentence each bullet was compressed from: the first of praynews' own (cleaned, split)
    sentences whose words hold the bullet's words in order. Compression only deletes words."""
    cleaned = clean_paragraphs(list(article.paragraphs), article.title)
    sentences = [s for paragraph in cleaned for s in split_sentences(paragraph)]
    tokenised = [[w.lower() for w in _WORD.findall(s)] for s in sentences]

    def holds(words: list[str], wanted: list[str]) -> bool:
        remaining = iter(words)
        return all(w in remaining for w in wanted)

    found = []
    for bullet in bullets:
        wanted = [w.lower() for w in _WORD.findall(bullet)]
        found.append(
            next((s for s, w in zip(sentences, tokenised, strict=True) if holds(w, wanted)), bullet)
        )
    return found


def fill_budget(ranking: list[int], sentences: list[str], budget: int) -> list[str]:
    """A system's output at a word budget: its sentences best first until the budget is spent.

    When the budget is below its 3 sentences this is those sentences cut short (the lowest-ranked
    one cut); when praynews wrote more words than the 3 hold, the next-ranked ones are added, so
    the comparison is at equal length in both directions. Shown in document order.
    """
    kept: dict[int, str] = {}
    left = budget
    for index in ranking:
        if left <= 0:
            break
        text = first_words(sentences[index], left)
        kept[index] = text
        left -= word_count(text)
    return [kept[i] for i in sorted(kept)]


def ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


class Scorer:
    def __init__(self) -> None:
        self._rouge = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
        self._tokens = tokenizers.DefaultTokenizer(use_stemmer=True)

    def score(self, reference: list[str], sentences: list[str]) -> tuple[float, float, float]:
        # rougeLsum treats newlines as sentence breaks; that is how both sides are joined.
        scores = self._rouge.score("\n".join(reference), "\n".join(sentences))
        return tuple(scores[kind].fmeasure for kind in ROUGE_TYPES)  # type: ignore[return-value]

    def oracle(self, reference: list[str], sentences: list[str], budget: int = 0) -> list[int]:
        """Greedy best-R1+R2 picks, best first, counted on rouge-score's own stemmed tokens.

        Without a budget it stops at 3 sentences; with one, once the picks hold `budget` words.
        It also stops when no sentence raises the score.
        """
        ref = self._tokens.tokenize(" ".join(reference))
        ref_grams = (ngrams(ref, 1), ngrams(ref, 2))
        toks = [self._tokens.tokenize(s) for s in sentences]
        lengths = [word_count(s) for s in sentences]

        def value(indices: list[int]) -> float:
            picked = [t for i in sorted(indices) for t in toks[i]]
            total = 0.0
            for n, ref_counts in enumerate(ref_grams, start=1):
                grams = ngrams(picked, n)
                overlap = sum((grams & ref_counts).values())
                if overlap:
                    p, r = overlap / sum(grams.values()), overlap / sum(ref_counts.values())
                    total += 2 * p * r / (p + r)
            return total

        def room_left() -> bool:
            if budget:
                return sum(lengths[i] for i in chosen) < budget
            return len(chosen) < SENTENCES

        chosen: list[int] = []
        best = 0.0
        while room_left():
            options = [(value([*chosen, i]), -i) for i in range(len(sentences)) if i not in chosen]
            if not options:
                break
            score, negative_index = max(options)
            if score <= best:
                break
            chosen.append(-negative_index)
            best = score
        return chosen


# ---------------------------------------------------------------------------------------------
# The run


def run_set(name: str, description: str, articles: list[Article], show: int) -> SetResult:
    result = SetResult(name=name, description=description)
    systems = (PRAYNEWS, UNCUT, *BASELINES, ORACLE)
    buckets = (
        result.whole,
        result.equal,
        result.words_whole,
        result.words_equal,
        result.cut,
        result.words_cut,
    )
    for bucket in buckets:
        for system in systems:
            bucket[system] = []
    for system in (PRAYNEWS, *BASELINES):
        result.ms[system] = []

    baselines = Baselines()
    scorer = Scorer()

    def praynews(article: Article) -> list[str]:
        return write_glance(article.title, list(article.paragraphs))

    # Warm-up: lexicons, pysbd's rules and numpy load once, outside the timings.
    warm = articles[0]
    with contextlib.suppress(Exception):  # a crash here shows up, counted, in the loop below
        praynews(warm)
    warm_split = baselines.split(warm.paragraphs)
    baselines.rank(baselines.lexrank, warm_split)
    baselines.rank(baselines.textrank, warm_split)
    baselines.degenerate.clear()

    for number, article in enumerate(articles):
        try:
            bullets, ms = timed(partial(praynews, article))
        except Exception as error:  # a crash is a result too: no bullets for this article
            if result.failures < 3:
                print(f"praynews failed on {name} {article.id}: {error!r}", file=sys.stderr)
            bullets, ms = [], 0.0
            result.failures += 1
        split, split_ms = timed(partial(baselines.split, article.paragraphs))
        lead, lead_ms = timed(partial(baselines.lead, split))
        lex, lex_ms = timed(partial(baselines.rank, baselines.lexrank, split))
        text, text_ms = timed(partial(baselines.rank, baselines.textrank, split))
        result.ms[PRAYNEWS].append(ms)
        result.split_ms.append(split_ms)
        result.ms[LEAD].append(split_ms + lead_ms)
        result.ms[LEXRANK].append(split_ms + lex_ms)
        result.ms[TEXTRANK].append(split_ms + text_ms)

        flat = [s for sentences in split for s in sentences]
        budget = sum(word_count(b) for b in bullets)
        rankings = {LEAD: lead, LEXRANK: lex, TEXTRANK: text}
        whole = {PRAYNEWS: bullets} | {
            system: top_sentences(ranking, flat) for system, ranking in rankings.items()
        }
        whole[ORACLE] = top_sentences(scorer.oracle(article.reference, flat), flat)
        equal = {PRAYNEWS: bullets} | {
            system: fill_budget(ranking, flat, budget) for system, ranking in rankings.items()
        }
        equal[ORACLE] = fill_budget(scorer.oracle(article.reference, flat, budget), flat, budget)
        cut = {PRAYNEWS: bullets} | {
            system: fill_budget(ranking[:SENTENCES], flat, budget)
            for system, ranking in rankings.items()
        }
        cut[ORACLE] = fill_budget(scorer.oracle(article.reference, flat)[:SENTENCES], flat, budget)
        sources = source_sentences(article, bullets)
        in_order = list(range(len(sources)))
        whole[UNCUT] = sources
        equal[UNCUT] = cut[UNCUT] = fill_budget(in_order, sources, budget)
        for system in whole:
            result.cut[system].append(scorer.score(article.reference, cut[system]))
            result.words_cut[system].append(sum(word_count(s) for s in cut[system]))
            result.whole[system].append(scorer.score(article.reference, whole[system]))
            result.equal[system].append(scorer.score(article.reference, equal[system]))
            whole_words = sum(word_count(s) for s in whole[system])
            result.words_whole[system].append(whole_words)
            result.words_equal[system].append(sum(word_count(s) for s in equal[system]))
            if whole_words < budget:
                result.extended[system] += 1

        if number < show:
            print(f"--- {name} {article.id}: {article.title or '(no title)'}", file=sys.stderr)
            for bullet in bullets:
                print(f"  * {bullet}", file=sys.stderr)
            print("  reference:", file=sys.stderr)
            for line in article.reference:
                print(f"    - {line}", file=sys.stderr)
    result.degenerate = baselines.degenerate
    return result


# ---------------------------------------------------------------------------------------------
# Output


def mean_scores(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(statistics.fmean(column) for column in zip(*rows, strict=True))  # type: ignore[return-value]


def render(headers: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        rule = "|---|" + "---:|" * (len(headers) - 1)  # figures right-aligned
        lines = ["| " + " | ".join(headers) + " |", rule]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        # System names to the left, figures to the right.
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  " + "  ".join([first, *rest]).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def table(result: SetResult, equal: bool, markdown: bool, cut: bool = False) -> str:
    scores = result.cut if cut else result.equal if equal else result.whole
    words = result.words_cut if cut else result.words_equal if equal else result.words_whole
    rows = []
    for system in scores:
        r1, r2, rl = mean_scores(scores[system])
        ms = f"{statistics.fmean(result.ms[system]):.1f}" if system in result.ms else "—"
        rows.append(
            [
                system,
                f"{r1:.3f}",
                f"{r2:.3f}",
                f"{rl:.3f}",
                f"{statistics.fmean(words[system]):.1f}",
                ms,
            ]
        )
    return render(["system", "R1", "R2", "RLsum", "avg words", "ms/article"], rows, markdown)


def extended_note(result: SetResult) -> str:
    total = len(result.ms[PRAYNEWS])
    counts = ", ".join(f"{system} {result.extended[system]}/{total}" for system in BASELINES)
    return (
        "articles where praynews' bullets held more words than the 3 sentences, so the baseline"
        f" got more sentences to fill the budget: {counts}"
    )


def verdict(result: SetResult, cut: bool = False) -> str:
    scores = result.cut if cut else result.equal
    ours = mean_scores(scores[PRAYNEWS])
    losses = []
    margins = []
    for system in BASELINES:
        theirs = mean_scores(scores[system])
        for index, metric in ((0, "R1"), (1, "R2")):
            delta = ours[index] - theirs[index]
            margins.append(f"{metric} {delta:+.4f} vs {system}")
            if delta <= 0:
                losses.append(f"{system} on {metric}")
    protocol = "cut to praynews' length" if cut else "filled to praynews' length"
    head = (
        f"praynews beats Lead-3, LexRank-3 and TextRank-3 on R1 and R2, {protocol}"
        if not losses
        else f"praynews does NOT beat every baseline, {protocol} (loses to "
        + ", ".join(losses)
        + ")"
    )
    return f"verdict ({result.name}): {head}; " + ", ".join(margins)


def choosing_note(result: SetResult) -> str:
    """How much of praynews' margin comes from which sentences it picks and how much from
    compressing them, at the cut protocol's budget."""
    ours, uncut = mean_scores(result.cut[PRAYNEWS]), mean_scores(result.cut[UNCUT])
    best = {
        metric: max(BASELINES, key=lambda system: mean_scores(result.cut[system])[index])
        for index, metric in ((0, "R1"), (1, "R2"))
    }
    margins = ", ".join(
        f"{metric} {uncut[index] - mean_scores(result.cut[best[metric]])[index]:+.4f} vs "
        f"{best[metric]} (compression changes it by {ours[index] - uncut[index]:+.4f})"
        for index, metric in ((0, "R1"), (1, "R2"))
    )
    return (
        f"choosing vs compressing ({result.name}, cut): the uncompressed source sentences of "
        f"praynews' bullets, in bullet order and cut to the same budget, score {margins}"
    )


def report(result: SetResult, markdown: bool) -> str:
    lex = statistics.fmean(result.ms[LEXRANK])
    ours = statistics.fmean(result.ms[PRAYNEWS])
    ratio = f"{lex / ours:.1f}x" if ours else "n/a"
    failed = f"; praynews failed on {result.failures} articles" if result.failures else ""
    title = f"{result.name}: {result.description}{failed}"
    whole = "Whole output (each system's own length):"
    cut = (
        "At equal length, cut (the data README's protocol: each system's 3 sentences cut to"
        " praynews' word count, never extended):"
    )
    equal = (
        "At equal length, filled (stricter: each system's best sentences until praynews' word"
        " count is spent, extended past 3 sentences when needed):"
    )
    notes = [
        f"pysbd sentence splitting alone: {statistics.fmean(result.split_ms):.1f} ms/article"
        " (inside every baseline's ms/article)",
        extended_note(result),
        *(
            f"{name} ratings were NaN (no shared words, document order used) on {count} article(s)"
            for name, count in sorted(result.degenerate.items())
        ),
        f"speed: LexRank-3 ms / praynews ms = {lex:.1f} / {ours:.1f} = {ratio}",
        verdict(result, cut=True),
        verdict(result),
        choosing_note(result),
    ]
    if markdown:
        # Blank lines keep Markdown from running the captions and tables together.
        return "\n\n".join(
            [
                f"**{title}**",
                whole,
                table(result, equal=False, markdown=True),
                cut,
                table(result, equal=True, markdown=True, cut=True),
                equal,
                table(result, equal=True, markdown=True),
                "\n".join(f"- {note}" for note in notes),
            ]
        )
    lines = [
        title,
        "  " + whole,
        table(result, equal=False, markdown=False),
        "  " + cut,
        table(result, equal=True, markdown=False, cut=True),
        "  " + equal,
        table(result, equal=True, markdown=False),
        *("  " + note for note in notes),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", choices=("cnndm", "bbc", "both"), default="both")
    parser.add_argument("--limit", type=int, default=0, help="at most N articles per set (0: all)")
    parser.add_argument(
        "--bbc-limit",
        type=int,
        default=0,
        help="BBC articles, evenly spaced (0: all 1,113; 300 flattered praynews by 0.01 R2)",
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown for bench/README")
    parser.add_argument("--show", type=int, default=0, help="print the first N articles' bullets")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    chunks: list[str] = []
    if args.markdown:
        chunks.append(f"### {datetime.date.today().isoformat()}: `bench/glance_rouge.py`")
    chunks.append(
        "ROUGE F1 (rouge-score, stemming on), baselines split with pysbd; "
        "times include each baseline's sentence splitting"
    )
    print("\n\n".join(chunks), flush=True)

    wanted = ("cnndm", "bbc") if args.set == "both" else (args.set,)
    for name in wanted:
        if name == "cnndm":
            if not CNNDM_CSV.is_file():
                print(f"\nskipped: {CNNDM_CSV} is absent")
                continue
            articles, description = load_cnndm(args.limit)
        else:
            if not (BBC_DIR / "articles").is_dir():
                print(f"\nskipped: {BBC_DIR / 'articles'} is absent")
                continue
            limits = [n for n in (args.limit, args.bbc_limit) if n > 0]
            articles, description = load_bbc(min(limits) if limits else 0)
        if not articles:
            print(f"\nskipped: no {name} articles")
            continue
        result = run_set(name, description, articles, args.show)
        print("\n" + report(result, args.markdown), flush=True)

    total = time.perf_counter() - started
    print(f"\ntotal run time: {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
