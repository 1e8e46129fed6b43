"""The Celery tasks, run in this process against a real redis-server on 127.0.0.1: what dispatch
queues, and that every task run twice (a redelivery, two workers) does its work once."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from praynews.site.editorial.models import Post
from praynews.site.news.models import Article, Source, StageRun, Story
from praynews.site.news.subscriptions import add_sources
from praynews.site.newsletter.models import Delivery, Subscriber
from praynews.site.newsletter.queueing import queue_edition
from praynews.site.services import build_edition, ingest
from tests.conftest import SAMPLES, free_port

stages = pytest.importorskip("praynews.site.stages")

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(redis_server, monkeypatch):
    """The tasks' broker is the test's redis-server, emptied before each test."""
    stages.app.conf.broker_url = redis_server.url
    stages._keys.cache_clear()
    stages._keys().flushall()
    monkeypatch.setenv("PRAYNEWS_LEASE_SECONDS", "60")
    yield stages._keys()
    stages._keys.cache_clear()


def queued(broker, queue: str) -> list[tuple[str, list]]:
    """The (task, args) of every message waiting in `queue`, oldest first."""
    messages = []
    for raw in reversed(broker.lrange(queue, 0, -1)):
        message = json.loads(raw)
        args = json.loads(base64.b64decode(message["body"]))[0]
        messages.append((message["headers"]["task"], args))
    return messages


def of_task(broker, queue: str, task: str) -> list[list]:
    return [args for name, args in queued(broker, queue) if name == task]


def test_dispatch_queues_a_due_source_once_and_its_task_checks_it_once(broker):
    add_sources([str(SAMPLES / "feed.xml")])
    stages.dispatch()
    stages.dispatch()  # the source is claimed for the waiting task: not queued again
    [args] = of_task(broker, "fetch", "praynews.fetch_source")

    assert "articles added" in stages.fetch_source(*args)
    stored = Article.objects.count()
    assert stages.fetch_source(*args) == "checked already"  # the same task delivered again
    assert stored >= 12 and Article.objects.count() == stored
    assert StageRun.objects.filter(stage="fetch", ok=True).count() == 1


def test_a_source_whose_task_was_lost_is_queued_again_once_its_claim_runs_out(broker):
    add_sources([str(SAMPLES / "feed.xml")])
    stages.dispatch()
    [lost] = of_task(broker, "fetch", "praynews.fetch_source")
    broker.delete("fetch")  # the message is gone with the worker that held it
    Source.objects.update(lease_expires_at=timezone.now() - timedelta(seconds=1))

    stages.dispatch()
    [again] = of_task(broker, "fetch", "praynews.fetch_source")
    assert again != lost
    assert "articles added" in stages.fetch_source(*again)
    assert stages.fetch_source(*lost) == "checked already"  # turned up after all: a no-op


def test_each_story_is_queued_once_and_drafted_once_however_often_its_task_runs(broker):
    ingest([str(SAMPLES / "feed.xml")])
    stages.dispatch()
    stages.dispatch()
    writes = of_task(broker, "write", "praynews.write_story")
    news = Story.objects.filter(articles__kind="news").distinct().count()
    assert len(writes) == news and len({args[0] for args in writes}) == news

    for args in writes + writes:
        stages.write_story(*args)
    assert Post.objects.count() == news
    assert all(story.posts.count() == 1 for story in Story.objects.filter(posts__isnull=False))
    stages.dispatch()  # every story has its draft now: nothing more to write
    assert len(of_task(broker, "write", "praynews.write_story")) == news


def test_with_auto_publish_a_story_task_publishes_what_passes(broker, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_AUTO_PUBLISH", "1")
    ingest([str(SAMPLES / "pages" / "auckland-rooming-house-fire.html")])
    stages.dispatch()
    [args] = of_task(broker, "write", "praynews.write_story")
    assert args[1] is True
    stages.write_story(*args)
    stages.write_story(*args)
    assert list(Post.objects.values_list("status", flat=True)) == [Post.Status.PUBLISHED]


def test_the_edition_waits_while_a_source_is_being_checked(broker, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_EDITION_HOUR", "0")
    add_sources([str(SAMPLES / "feed.xml")])
    stages.dispatch()  # the feed is due, so claimed for a fetch: no edition yet
    assert not of_task(broker, "write", "praynews.build_edition")
    [args] = of_task(broker, "fetch", "praynews.fetch_source")
    stages.fetch_source(*args)
    stages.dispatch()
    assert of_task(broker, "write", "praynews.build_edition") == [[]]


def test_sending_with_the_mail_server_down_keeps_the_mail_and_is_retried(broker, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PRAYNEWS_SMTP_PORT", str(free_port()))  # nothing listens there
    monkeypatch.setenv("PRAYNEWS_SMTP_SECURITY", "none")
    ingest([str(SAMPLES / "pages" / "auckland-rooming-house-fire.html")])
    edition = build_edition()
    Post.objects.update(status=Post.Status.PUBLISHED, published_at=timezone.now())
    Subscriber.objects.create(email="reader@example.org", status=Subscriber.Status.ACTIVE)
    queue_edition(edition_model(edition.day))
    stages.dispatch()
    slots = of_task(broker, "send", "praynews.send_mail")
    assert slots == [[slot] for slot in range(stages.SENDERS)]

    attempt = stages.send_mail.apply(args=slots[0])  # run here, retries and all, at once
    assert attempt.state == "FAILURE" and isinstance(attempt.result, stages.SendingPaused)
    tries = StageRun.objects.filter(stage="send")
    assert tries.count() == stages.MAX_RETRIES + 1 and not tries.filter(ok=True).exists()
    assert Delivery.objects.get().status == Delivery.Status.QUEUED  # kept for later


def edition_model(day):
    from praynews.site.editorial.models import Edition

    return Edition.objects.get(day=day)
