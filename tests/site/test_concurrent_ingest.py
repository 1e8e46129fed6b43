"""Ingests at the same moment, on PostgreSQL (when the suite runs there): reports of one event
must make one story however their decisions interleave, and two posts written at once with one
headline must get two addresses.

Each run is a thread with its own database connection, and each lingers inside the step that
matters (after catching up with the stored articles, before storing its own; after choosing a
slug, before inserting the post), so that without the locks the runs would collide every time
rather than now and then.

On SQLite every write transaction takes the database's one lock as it begins, so writers cannot
interleave at all; and the in-memory test database's shared cache refuses a second thread's
write rather than making it wait. There, tests/site/test_workers.py's processes show the same.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from django.db import connection

from praynews.site.editorial import services as editorial
from praynews.site.news import grouping, ingest
from praynews.site.news.models import Article, Story
from tests.conftest import SAMPLES

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="threads writing at once need PostgreSQL"
    ),
]

# Long enough that every other run reaches the same step meanwhile.
LINGER_SECONDS = 0.3
MOROBE_REPORTS = [
    "papua-new-guinea-morobe-earthquake.html",
    "png-morobe-quake-equator-desk.html",
    "png-morobe-quake-highland-ledger.html",
]


def at_once(work, arguments: list) -> None:
    errors: list[BaseException] = []

    def run(argument) -> None:
        try:
            work(argument)
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def lingering(original):
    def slowly(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(LINGER_SECONDS)
        return result

    return slowly


def test_reports_of_one_event_stored_at_the_same_moment_make_one_story(monkeypatch):
    monkeypatch.setattr(grouping.Grouping, "catch_up", lingering(grouping.Grouping.catch_up))
    at_once(ingest.ingest, [str(SAMPLES / "pages" / page) for page in MOROBE_REPORTS])
    assert Article.objects.count() == len(MOROBE_REPORTS)
    assert Story.objects.count() == 1


def test_the_same_page_ingested_twice_at_once_is_stored_once(monkeypatch):
    monkeypatch.setattr(grouping.Grouping, "catch_up", lingering(grouping.Grouping.catch_up))
    page = str(SAMPLES / "pages" / MOROBE_REPORTS[0])
    at_once(ingest.ingest, [page, page])
    assert Article.objects.count() == 1 and Story.objects.count() == 1


def test_two_posts_with_one_headline_written_at_once_get_two_addresses(monkeypatch):
    for page in ("auckland-rooming-house-fire.html", "honduras-dry-corridor-drought-hunger.html"):
        ingest.ingest(str(SAMPLES / "pages" / page))
    stories = list(Story.objects.order_by("pk"))
    drafts = {story.pk: editorial.draft_for(story) for story in stories}
    same = drafts[stories[0].pk].headline
    drafts = {pk: replace(draft, headline=same) for pk, draft in drafts.items()}
    unique_slug = editorial.Post.unique_slug
    monkeypatch.setattr(editorial.Post, "unique_slug", staticmethod(lingering(unique_slug)))

    at_once(lambda story: editorial.store_post(story, drafts[story.pk]), stories)
    slugs = list(editorial.Post.objects.values_list("slug", flat=True))
    assert len(slugs) == 2 and len(set(slugs)) == 2
