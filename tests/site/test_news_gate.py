"""The news gate in the shell: the verdict is stored at ingest and shown to the editor, and a
page that is not news is never written, published or put in an edition; an opinion column is
held for an editor. Real SQLite; the pages are the team's own inventions (tests/core/test_gate)."""

from dataclasses import replace
from datetime import date

import pytest
from django.urls import reverse

from praynews.site import services
from praynews.site.editorial.models import Post
from praynews.site.editorial.services import Override
from praynews.site.news.grouping import Grouping
from praynews.site.news.ingest import store
from praynews.site.news.models import Article
from tests.core.test_gate import COLUMN, FLOOD_REPORT, RECIPE, REPORTING_COLUMN, SPORTS_RESULTS
from tests.test_cli import run

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)


def stored(*articles) -> list[Article]:
    grouping = Grouping()
    results = [store(replace(a, published=DAY), None, a.title, grouping) for a in articles]
    return [Article.objects.get(pk=result.article_id) for result in results]


def test_the_verdict_is_stored_at_ingest_with_its_reason():
    recipe, flood = stored(RECIPE, FLOOD_REPORT)
    assert recipe.kind == "recipe" and "recipe" in recipe.kind_reason
    assert recipe.story.not_news == recipe.kind_reason
    assert flood.kind == "news" and flood.kind_reason == "" and flood.story.not_news == ""


def test_no_draft_is_written_for_a_page_that_is_not_news():
    stored(RECIPE)
    result = services.write_pending()
    [item] = result.items
    assert item.outcome == services.WriteOutcome.NOT_NEWS
    assert "recipe" in " ".join(item.reasons)
    assert not Post.objects.exists() and not result.failed


def test_publishing_skips_a_page_that_is_not_news_and_says_why():
    stored(SPORTS_RESULTS, FLOOD_REPORT)
    outcomes = {item.headline: item for item in services.publish_ready().items}
    sports = outcomes[SPORTS_RESULTS.title]
    assert sports.outcome == services.PublishOutcome.NOT_NEWS and "sports" in sports.reasons[0]
    assert Post.objects.count() == 1 and Post.objects.get().story.articles.get().kind == "news"


def test_the_edition_leaves_out_a_page_that_is_not_news_and_says_why():
    stored(RECIPE, FLOOD_REPORT)
    edition = services.build_edition(DAY)
    assert edition.entries
    assert all(RECIPE.title not in entry.headline for entry in edition.entries)
    [(story, reason)] = edition.not_news
    assert story == RECIPE.title and "recipe" in reason


def test_a_column_of_views_alone_gets_no_post_and_the_run_says_why():
    stored(COLUMN)
    [item] = services.publish_ready().items
    assert item.outcome == services.PublishOutcome.FAILED
    assert "opinion piece" in " ".join(item.reasons)
    assert not Post.objects.exists()


def test_an_opinion_column_is_held_for_an_admin_who_may_publish_it(django_user_model):
    stored(REPORTING_COLUMN)
    [item] = services.publish_ready().items
    assert item.outcome == services.PublishOutcome.HELD
    assert "opinion-piece" in " ".join(item.reasons)
    post = Post.objects.get()
    admin = django_user_model.objects.create_superuser("ada", "ada@example.org", "pw")
    override = Override(admin, "A column the editor chose to run, labelled as opinion.")
    [approved] = services.publish_posts([post.pk], by=admin, override=override).items
    assert approved.outcome == services.PublishOutcome.PUBLISHED


def test_the_admin_shows_the_verdict(admin_client):
    [recipe] = stored(RECIPE)
    page = admin_client.get(reverse("admin:news_story_changelist")).content.decode()
    assert recipe.kind_reason in page
    page = admin_client.get(reverse("admin:news_article_changelist") + "?kind=recipe")
    assert RECIPE.title in page.content.decode()


def test_write_refuses_a_page_that_is_not_news_and_says_why_on_stderr(tmp_path):
    page = tmp_path / "jam.txt"
    page.write_text(RECIPE.title + "\n\n" + "\n\n".join([RECIPE.text] * 2))
    result = run("write", str(page), "--json", check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert "not news" in result.stderr and "recipe" in result.stderr


def test_a_story_whose_draft_failed_is_not_tried_again_every_round_until_news_arrives(
    monkeypatch,
):
    """The worker's rounds (and Celery's beats) leave a story that could not be written alone
    until a new report joins it, or a day has passed; a person's `praynews publish` still
    tries it and says why it failed."""
    from datetime import UTC, datetime, timedelta

    from praynews.site.clock import FixedClock
    from praynews.site.editorial import services as editorial

    [column] = stored(COLUMN)
    tries = []
    draft_for = editorial.draft_for
    monkeypatch.setattr(
        editorial,
        "draft_for",
        lambda story, clock: tries.append(story.pk) or draft_for(story, clock),
    )
    now = datetime.now(UTC)
    first = services.write_pending(FixedClock(now))
    assert first.count(services.WriteOutcome.FAILED) == 1 and len(tries) == 1
    for minutes in (1, 30, 600):
        clock = FixedClock(now + timedelta(minutes=minutes))
        assert services.write_pending(clock).items == ()
        assert services.stories_to_write(clock) == []
        assert services.publish_ready(clock=clock, unattended=True).items == ()
    assert len(tries) == 1

    assert services.publish_ready().count(services.PublishOutcome.FAILED) == 1  # by hand
    assert len(tries) == 2
    Article.objects.filter(pk=column.pk).update(fetched_at=now + timedelta(hours=2))  # news
    later = FixedClock(now + timedelta(hours=3))
    assert services.stories_to_write(later) == [column.story_id]
    assert services.write_pending(later).count(services.WriteOutcome.FAILED) == 1
    assert services.write_pending(FixedClock(now + timedelta(hours=4))).items == ()
    next_day = FixedClock(now + timedelta(days=1, hours=4))
    assert services.write_pending(next_day).count(services.WriteOutcome.FAILED) == 1
    assert len(tries) == 4


def test_the_admin_shows_why_a_story_has_no_draft(admin_client):
    [column] = stored(COLUMN)
    services.write_pending()
    page = admin_client.get(reverse("admin:news_story_change", args=[column.story_id]))
    assert "has only" in page.content.decode() and "(a post needs" in page.content.decode()
