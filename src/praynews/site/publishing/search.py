"""Full-text search over published posts, one interface over two engines: SQLite's FTS5 on the
embedded default, PostgreSQL's full-text search when that is the database.

Matches come back highlighted: the engine marks them with two private-use characters, the text
around them is escaped, and only then do the marks become `<mark>` elements, so a headline or
a quoted page can never put markup of its own on the results page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from praynews.site.editorial.models import Post
from praynews.site.publishing.models import SearchDocument

START, STOP = "\ue000", "\ue001"
FTS_TABLE = "publishing_search"
# A query is at most this many words (each must match): a pasted paragraph is not a search,
# and each word costs the engine a lookup.
MAX_QUERY_WORDS = 12
# A one-letter prefix ("a*") matches nearly every post, and counting them all on a large
# archive takes seconds; from two letters on, a prefix narrows the search.
MIN_PREFIX_LETTERS = 2
# Readers look at the first pages of a search; a page deep in the results is found by adding
# a word, not by paging. Past this many hits the pages stop, which also bounds the OFFSET an
# address can ask each engine to skip (1.6 to 4.5 s at page 1,500 of 30,000 posts in SQLite).
MAX_SEARCH_RESULTS = 500
# Words of context around a match in a result's snippet: about a line and a half of text.
SNIPPET_WORDS = 28
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    post_id: int
    headline: SafeString
    snippet: SafeString


class Engine(Protocol):
    def store(self, document: SearchDocument) -> None: ...
    def forget(self, post_id: int) -> None: ...
    def count(self, words: Sequence[str]) -> int: ...
    def find(self, words: Sequence[str], offset: int, limit: int) -> list[Hit]: ...


def query_words(query: str) -> list[str]:
    """The words of a reader's query, without the engines' operators and punctuation."""
    return _WORD.findall(query.lower())[:MAX_QUERY_WORDS]


def highlighted(marked: str) -> SafeString:
    """Engine output with its match marks made `<mark>` elements, everything else escaped."""
    text = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(text)


def unmarked(text: str) -> str:
    """Text with our mark characters taken out, so stored text cannot forge a mark."""
    return text.replace(START, "").replace(STOP, "")


class Fts5:
    """SQLite FTS5: the table is made by migration 0004 (Porter stems, diacritics folded)."""

    def store(self, document: SearchDocument) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [document.post_id])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, headline, body) VALUES (%s, %s, %s)",
                [document.post_id, unmarked(document.headline), unmarked(document.body)],
            )

    def forget(self, post_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [post_id])

    @staticmethod
    def _match(words: Sequence[str]) -> str:
        """Each word as a quoted term, the last as a prefix too (while it is still being typed)
        unless it is too short to narrow anything: every word must match."""
        terms = [f'"{word}"' for word in words]
        if _last_is_prefix(words):
            terms[-1] += "*"
        return " ".join(terms)

    def count(self, words: Sequence[str]) -> int:
        with connection.cursor() as cursor:
            sql = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            cursor.execute(sql, [self._match(words)])
            return cursor.fetchone()[0]

    def find(self, words: Sequence[str], offset: int, limit: int) -> list[Hit]:
        # The headline weighs five times the body: a word in it says what the post is about.
        sql = (
            f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s),"
            f" snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_WORDS})"
            f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            f" ORDER BY bm25({FTS_TABLE}, 5.0, 1.0), rowid DESC LIMIT %s OFFSET %s"
        )
        params = [START, STOP, START, STOP, self._match(words), limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [Hit(row[0], highlighted(row[1]), highlighted(row[2])) for row in rows]


class PostgresSearch:
    """PostgreSQL full-text search over the stored documents, English stemming, the headline
    weighted above the body, matches shown with `ts_headline`."""

    def store(self, document: SearchDocument) -> None:
        """The document row is the index: PostgreSQL reads its columns at query time."""

    def forget(self, post_id: int) -> None:
        """Deleting the document row (done by the caller) is all there is to forget."""

    @staticmethod
    def _matching(words: Sequence[str]):
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("headline", weight="A", config="english") + SearchVector(
            "body", weight="B", config="english"
        )
        query = SearchQuery(_tsquery(words), search_type="raw", config="english")
        documents = SearchDocument.objects.annotate(found=vector, rank=SearchRank(vector, query))
        return documents.filter(found=query), query

    def count(self, words: Sequence[str]) -> int:
        documents, _ = self._matching(words)
        return documents.count()

    def find(self, words: Sequence[str], offset: int, limit: int) -> list[Hit]:
        from django.contrib.postgres.search import SearchHeadline

        documents, query = self._matching(words)
        marks = {"start_sel": START, "stop_sel": STOP, "config": "english"}
        shown = documents.annotate(
            marked_headline=SearchHeadline("headline", query, highlight_all=True, **marks),
            marked_body=SearchHeadline("body", query, max_words=SNIPPET_WORDS, **marks),
        ).order_by("-rank", "-post_id")[offset : offset + limit]
        return [
            Hit(d.post_id, highlighted(d.marked_headline), highlighted(d.marked_body))
            for d in shown
        ]


def _last_is_prefix(words: Sequence[str]) -> bool:
    """Both engines read the last word as a prefix (still being typed) once it is long enough
    to narrow the search."""
    return len(words[-1]) >= MIN_PREFIX_LETTERS


def _tsquery(words: Sequence[str]) -> str:
    """Every word must match, the last as a prefix too, as in SQLite. Each word is letters and
    digits only (`query_words`), so quoting it keeps it a term, never an operator."""
    terms = [f"'{word}'" for word in words]
    if _last_is_prefix(words):
        terms[-1] += ":*"
    return " & ".join(terms)


def engine() -> Engine:
    return PostgresSearch() if connection.vendor == "postgresql" else Fts5()


class Results(Sequence[Hit]):
    """A query's best hits, at most MAX_SEARCH_RESULTS, as a sequence Django's Paginator can
    page through: its length is one count query, and each page is one query for its rows.
    `found` is how many posts match in all."""

    def __init__(self, query: str) -> None:
        self.words = query_words(query)
        self._count: int | None = None

    @property
    def found(self) -> int:
        if self._count is None:
            self._count = engine().count(self.words) if self.words else 0
        return self._count

    def __len__(self) -> int:
        return min(self.found, MAX_SEARCH_RESULTS)

    def __getitem__(self, index):  # Paginator asks for a slice only
        if not isinstance(index, slice):
            raise TypeError("search results are read a page at a time")
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        if not self.words or stop <= start:
            return []
        return engine().find(self.words, start, stop - start)


def store_post(post: Post, headline: str, body: str) -> None:
    """Make the post findable by these words, replacing what was stored for it."""
    document, _ = SearchDocument.objects.update_or_create(
        post=post, defaults={"headline": headline, "body": body}
    )
    engine().store(document)


def forget_post(post_id: int) -> None:
    """The post can no longer be found."""
    SearchDocument.objects.filter(post_id=post_id).delete()
    engine().forget(post_id)
