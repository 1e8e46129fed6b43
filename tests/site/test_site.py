"""End to end: sample feed -> stored articles -> posts -> pages, checked with selectors."""

import feedparser
import lxml.html
import pytest
from django.urls import reverse

from praynews.core.scripture.bible import lookup
from praynews.site.editorial.models import Post

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content)


def text(node) -> str:
    return " ".join(node.text_content().split())


def test_every_sample_becomes_a_published_post(site):
    assert site.count() >= 12


def test_each_post_page_has_every_part(client, site, settings):
    for post in site:
        doc = page(client, post.get_absolute_url())
        crumbs = [text(li) for li in doc.cssselect("nav.breadcrumb li")]
        assert crumbs == [settings.PUBLICATION_NAME, "Posts", post.headline]
        assert text(doc.cssselect("h1")[0]) == post.headline
        stated = [text(p) for p in doc.cssselect("p.dek")] + [text(doc.cssselect(".glance li")[0])]
        assert all(stated)
        hero = doc.cssselect("figure.hero img")[0]
        assert hero.get("src").startswith("/media/") and hero.get("alt")
        assert client.get(hero.get("src")).status_code == 200
        assert text(doc.cssselect(".glance h2")[0]) == "This story at a glance…"
        assert 3 <= len(doc.cssselect(".glance li")) <= 5
        assert len(doc.cssselect(".story-section h2")) >= 2
        assert post.headline not in [text(h) for h in doc.cssselect("h2, h3")]
        verse = post.as_draft.reflection.verse
        expected = lookup(verse.reference, verse.translation)
        assert verse.text == expected.text
        quoted = doc.cssselect("section.reflection figure.verse")[0]
        assert text(quoted.cssselect("blockquote")[0]) == " ".join(expected.text.split())
        assert text(quoted.cssselect("figcaption")[0]) == f"{verse.reference} ({verse.translation})"
        assert verse.text not in text(doc.cssselect("section.reflection > p")[0])
        assert (
            text(doc.cssselect("section.reflection .prayer")[0]) == post.as_draft.reflection.prayer
        )
        source_links = [a.get("href") for a in doc.cssselect("section.sources a")]
        assert post.article.url in source_links
        assert doc.cssselect("section#reply form textarea[name=message]")


def test_article_text_is_escaped(client, site):
    post = site.first()
    post.draft["opening"][0] = '<script>alert("x")</script> Residents waited.'
    post.save()
    doc = page(client, post.get_absolute_url())
    assert not doc.cssselect(".story script")
    assert '<script>alert("x")</script>' in text(doc.cssselect(".story p")[0])


def test_home_and_posts_list_show_published_posts(client, site):
    home = page(client, reverse("home"))
    assert len(home.cssselect("article.card")) >= 5
    listing = page(client, reverse("post_list"))
    assert len(listing.cssselect("article.card")) == 12
    second = page(client, reverse("post_list") + "?page=2")
    assert len(second.cssselect("article.card")) == site.count() - 12 or site.count() <= 12


@pytest.mark.parametrize("name", ["feed_rss", "feed_atom"])
def test_feeds_list_every_published_post(client, site, name):
    response = client.get(reverse(name))
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert {e.title for e in feed.entries} == {p.headline for p in site}


def test_a_run_of_posts_never_repeats_a_verse_or_an_opening(site):
    posts = list(site.order_by("created_at", "pk"))[:10]
    verses = [p.verse_reference for p in posts]
    openings = [p.reflection_opening for p in posts]
    assert len(set(verses)) == len(verses)
    assert len(set(openings)) == len(openings)


@pytest.mark.parametrize(
    "stored",
    [
        {"headline": "edited"},
        ["not", "a", "draft"],
        "text",
    ],
)
def test_a_post_whose_stored_draft_does_not_parse_is_left_out(client, site, stored, caplog):
    lead = site.order_by("-published_at", "-pk").first()
    Post.objects.filter(pk=lead.pk).update(draft=stored)
    for name in ["home", "post_list"]:
        links = [a.get("href") for a in page(client, reverse(name)).cssselect("article.card h2 a")]
        assert links and lead.get_absolute_url() not in links, name
    for name in ["feed_rss", "feed_atom"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        titles = {e.title for e in feedparser.parse(response.content).entries}
        assert titles == {p.headline for p in site.exclude(pk=lead.pk)}, name
    assert client.get(lead.get_absolute_url()).status_code == 404
    logged = [r for r in caplog.records if r.name.startswith("praynews")]
    assert any(lead.slug in r.getMessage() for r in logged)


@pytest.mark.parametrize("name", ["feed_rss", "feed_atom"])
def test_a_control_character_in_one_post_does_not_take_the_feed_down(client, site, name):
    post = site.first()
    post.draft["dek"] = "Flood\x0b waters\x1b rise."
    Post.objects.filter(pk=post.pk).update(headline="Flood\x1b waters", draft=post.draft)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "Flood waters" in {e.title for e in feedparser.parse(response.content).entries}


@pytest.mark.parametrize("path", ["/media/%00", "/media/" + "a" * 5000, "/media/../settings.py"])
def test_an_image_address_no_file_can_have_is_not_found(client, path):
    assert client.get(path).status_code == 404
