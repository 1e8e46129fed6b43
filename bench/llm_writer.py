"""The model writer beside the model-free writer, on the same real articles.

For each article of ../shared/data/ (the real pages in extraction/html/ and the CNN/DM sample in
summaries/cnndm/), both writers write a draft in this one run, and the script prints for each:
drafts written, drafts where the model writer fell back to the model-free one, the check's
fidelity flags and the draft linter's findings per draft (with the commonest kinds), ROUGE-1/2/L
F1 of the glance bullets against the CNN/DM highlights, and seconds and tokens per draft.

It needs a model server (any OpenAI-compatible one: Ollama, vLLM, llama.cpp's server); with none
at --base-url it says so and exits with status 1. Replies are not cached here, so every run
measures the model.

Run: .venv/bin/python bench/llm_writer.py --base-url http://127.0.0.1:11434/v1 --model NAME
     [--limit N] [--timeout SECONDS] [--api-key-file PATH]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rouge_score import rouge_scorer

from praynews.core.compose import Writer, compose
from praynews.core.errors import PrayNewsError
from praynews.core.extract import extract_article
from praynews.core.lint import lint
from praynews.core.text import first_sentence
from praynews.core.types import ExtractedArticle
from praynews.core.writing.extractive import ExtractiveWriter
from praynews.core.writing.model.writer import ModelWriter
from praynews.core.writing.reporting import story_source_text
from praynews.llm import OpenAIChat

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
PAGES = DATA / "extraction" / "html"
CNNDM_CSV = DATA / "summaries" / "cnndm" / "sample.csv"
# Articles per set: a 7B model on this machine's CPU takes minutes a draft, so the default is
# a handful; pass --limit for more on a real server.
DEFAULT_LIMIT = 5


@dataclass
class Article:
    name: str
    report: ExtractedArticle
    highlights: str = ""


@dataclass
class Tally:
    drafts: int = 0
    fell_back: int = 0
    not_written: int = 0
    flags: int = 0
    findings: Counter[str] = field(default_factory=Counter)
    rouge: list[tuple[float, float, float]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)


def real_pages(limit: int) -> Iterator[Article]:
    for page in sorted(PAGES.glob("*.html.gz"))[:limit]:
        yield Article(page.name[:12], extract_article(gzip.decompress(page.read_bytes())))


def cnndm(limit: int) -> Iterator[Article]:
    with CNNDM_CSV.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if number >= limit:
                break
            text = row["article"]
            report = ExtractedArticle(title=first_sentence(text), text=text)
            yield Article(row["id"][:12], report, row["highlights"])


def measure(articles: list[Article], writer: Writer, tally: Tally) -> None:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    for article in articles:
        started = time.perf_counter()
        try:
            draft = compose([article.report], writer)
        except PrayNewsError:
            tally.not_written += 1
            continue
        tally.seconds.append(time.perf_counter() - started)
        tally.drafts += 1
        if draft.writing:
            tally.tokens.append(draft.writing.prompt_tokens + draft.writing.completion_tokens)
            tally.fell_back += bool(draft.writing.fallback)
        tally.flags += len(draft.flags)
        source = story_source_text([article.report])
        tally.findings.update(str(f.kind) for f in lint(draft, source))
        if article.highlights:
            scores = scorer.score(article.highlights, "\n".join(draft.glance))
            tally.rouge.append(tuple(scores[k].fmeasure for k in ("rouge1", "rouge2", "rougeLsum")))


def row(name: str, tally: Tally) -> str:
    drafts = max(tally.drafts, 1)
    kinds = ", ".join(f"{k} {n}" for k, n in tally.findings.most_common(3)) or "none"
    rouge = (
        "/".join(f"{statistics.mean(s[i] for s in tally.rouge):.3f}" for i in range(3))
        if tally.rouge
        else "-"
    )
    tokens = f"{statistics.mean(tally.tokens):.0f}" if tally.tokens else "-"
    seconds = f"{statistics.mean(tally.seconds):.2f}" if tally.seconds else "-"
    return (
        f"{name:<12} {tally.drafts:>6} {tally.fell_back:>9} {tally.flags / drafts:>7.2f} "
        f"{sum(tally.findings.values()) / drafts:>7.2f}  {rouge:<20} {seconds:>8} {tokens:>7}"
        f"  ({kinds})"
    )


def server_error(chat: OpenAIChat) -> str:
    try:
        chat.client.models.list()
    except Exception as exc:  # any failure to reach it is reported as the reason, not raised
        return f"{type(exc).__name__}: {exc}"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--api-key-file", type=Path)
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="articles per set")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    if not PAGES.is_dir() or not CNNDM_CSV.is_file():
        print(f"no data at {DATA}: this benchmark reads ../shared/data/", file=sys.stderr)
        return 1
    key = args.api_key_file.read_text().strip() if args.api_key_file else ""
    chat = OpenAIChat(args.base_url, args.model, key, timeout=args.timeout)
    problem = server_error(chat)
    if problem:
        print(f"no model server at {args.base_url} ({problem}): nothing measured", file=sys.stderr)
        return 1
    sets = {"real pages": list(real_pages(args.limit)), "CNN/DM": list(cnndm(args.limit))}
    print(f"model {args.model} at {args.base_url}; {args.limit} articles per set")
    print("writer        drafts fell back   flags    lint  ROUGE-1/2/L          s/draft  tokens")
    for name, articles in sets.items():
        print(f"-- {name}")
        for label, writer in (("model-free", ExtractiveWriter()), ("model", ModelWriter(chat))):
            tally = Tally()
            measure(articles, writer, tally)
            print(row(label, tally))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
