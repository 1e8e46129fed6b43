"""Stories in storage: copies, multi-outlet posts, follow-ups, and the edition."""

import json

import lxml.html
import pytest

from praynews.cli import main
from praynews.site.editorial.edition import build_edition
from praynews.site.editorial.models import Post
from praynews.site.editorial.services import write_and_publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article, Republication, Story

pytestmark = pytest.mark.django_db

QUAKE = [
    "papua-new-guinea-morobe-earthquake.html",
    "png-morobe-quake-equator-desk.html",
    "png-morobe-quake-highland-ledger.html",
]


def test_a_republished_wire_story_is_one_article_with_several_sources(samples, tmp_path):
    original = (samples / "pages" / "myanmar-refugees-cross-into-mae-sot.html").read_text()
    for number in range(5):
        copy = original.replace("myanmar-refugees-cross-into-mae-sot", f"wire-copy-{number}")
        copy = copy.replace("<h1", f"<p>Updated edition {number}.</p><h1", 1) if number else copy
        (tmp_path / f"copy-{number}.html").write_text(copy)
    result = ingest(str(tmp_path))
    assert result.count("added") == 1
    assert result.count("copy") + result.count("existing") == 4
    article = Article.objects.get()
    assert Republication.objects.filter(article=article).count() == result.count("copy")


def test_three_outlets_make_one_story_and_the_post_says_so(client, samples):
    for name in QUAKE:
        ingest(str(samples / "pages" / name))
    story = Story.objects.get()
    assert story.articles.count() == 3
    post = write_and_publish(story).post
    assert len(post.as_draft.sources) == 3
    page = lxml.html.fromstring(client.get(post.get_absolute_url()).content)
    assert "Reported by 3 outlets" in page.cssselect(".post-header .meta")[0].text_content()
    assert len(page.cssselect("section.sources li")) == 3


def test_different_events_in_one_feed_stay_apart(samples):
    ingest(str(samples / "feed.xml"))
    assert Story.objects.count() == 12
    quake = Article.objects.get(url__contains="morobe-quake-villages").story
    assert quake.articles.count() == 3


def test_a_late_report_marks_the_story_developing_and_gets_a_follow_up(client, samples):
    ingest(str(samples / "pages" / QUAKE[0]))
    story = Story.objects.get()
    first = write_and_publish(story).post
    ingest(str(samples / "pages" / QUAKE[2]))
    story.refresh_from_db()
    assert story.status == Story.Status.DEVELOPING
    update = write_and_publish(story).post
    assert update != first and update.follows == first and update.status == Post.Status.PUBLISHED
    page = lxml.html.fromstring(client.get(update.get_absolute_url()).content)
    assert page.cssselect(f".follow-up-note a[href='{first.get_absolute_url()}']")
    earlier = lxml.html.fromstring(client.get(first.get_absolute_url()).content)
    assert earlier.cssselect(f".developing-note a[href='{update.get_absolute_url()}']")


def test_the_edition_drafts_the_top_stories_with_reasons(samples):
    ingest(str(samples / "feed.xml"))
    edition = build_edition(day=Article.objects.latest("published").published, size=5)
    items = list(edition.items.all())
    assert [i.position for i in items] == [1, 2, 3, 4, 5]
    assert all(i.post and i.post.status == Post.Status.DRAFT for i in items)
    assert items[0].reasons[0].startswith("reported by")
    quake = Article.objects.get(url__contains="morobe-quake-villages").story
    assert quake in [i.story for i in items[:2]]
    regions = [i.reasons[-1].split(",")[0] for i in items]
    assert len(set(regions)) >= 3


def test_write_and_publish_give_the_same_draft_for_the_same_story(samples, tmp_path, capsys):
    """`praynews write` groups what it reads as ingest does, and writes what publish writes:
    one draft per story, copies of a report listed among its sources."""
    names = [*QUAKE, "myanmar-refugees-cross-into-mae-sot.html"]
    names.append("myanmar-mae-sot-wire-lantern-courier.html")
    for name in names:
        (tmp_path / name).write_bytes((samples / "pages" / name).read_bytes())
    assert main(["write", str(tmp_path), "--json"]) == 0
    written = {d["headline"]: d for d in json.loads(capsys.readouterr().out)}
    ingest(str(tmp_path))
    published = {
        outcome.post.headline: outcome.post.draft
        for outcome in (write_and_publish(story) for story in Story.objects.all())
    }
    assert len(written) == 2
    assert written == published
