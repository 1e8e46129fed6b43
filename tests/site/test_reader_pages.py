"""The reader's side: dates, the edition's top story first, topic, place and edition pages,
search, feeds with the whole post, the sitemap, link previews and the error pages."""

import json
from datetime import date, timedelta
from pathlib import Path

import feedparser
import jsonschema
import lxml.etree
import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praynews.site.editorial.edition import record_edition
from praynews.site.editorial.models import Post
from praynews.site.editorial.services import return_to_draft
from praynews.site.publishing import search
from praynews.site.publishing.models import PostTopic
from tests.site.test_site import page, text

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).parents[1] / "data" / "feeds" / "jsonfeed-1.1.schema.json"


def named(site, words: str) -> Post:
    return next(post for post in site if words in post.headline)


def card_links(doc) -> list[str]:
    return [a.get("href") for a in doc.cssselect("article.card h2 a")]


def test_cards_and_posts_carry_the_day_of_the_reports_not_of_the_run(client, site):
    post = site.first()
    newest = max(date.fromisoformat(s["published"]) for s in post.draft["sources"])
    assert newest != post.published_at.date()
    for url in (reverse("home"), post.get_absolute_url()):
        days = [t.get("datetime") for t in page(client, url).cssselect(".meta time")]
        assert newest.isoformat() in days


def test_a_post_links_to_the_pages_of_its_topics_and_places(client, site):
    quake = named(site, "Earthquake")
    doc = page(client, quake.get_absolute_url())
    links = {a.get("href"): a.text for a in doc.cssselect("nav.filed a")}
    listed = PostTopic.objects.filter(post=quake)
    assert listed and links == {reverse("topic", args=[t.kind, t.slug]): t.name for t in listed}
    for url in links:
        assert quake.get_absolute_url() in {a.get("href") for a in page(client, url).cssselect("a")}


def test_sources_are_dated_as_the_site_writes_dates(client, site):
    post = site.first()
    doc = page(client, post.get_absolute_url())
    shown = [t.text for t in doc.cssselect(".sources time")]
    stored = [date.fromisoformat(s["published"][:10]) for s in post.draft["sources"]]
    assert shown == [f"{d.day} {d:%B %Y}" for d in stored]


def test_a_published_follow_up_marks_its_story_updated(client, site):
    earlier, later = list(site.order_by("pk"))[:2]
    later.follows = earlier
    later.draft["sources"][0]["published"] = "2026-12-01"
    later.save()
    doc = page(client, earlier.get_absolute_url())
    assert "Updated 1 December 2026" in text(doc.cssselect("header .meta")[0])


def test_the_home_page_leads_with_the_editions_top_story(client, site):
    oldest = site.order_by("published_at", "pk").first()
    others = list(site.exclude(pk=oldest.pk)[:2])
    chosen = [(p.story, ["ranked"], p) for p in [oldest, *others]]
    record_edition(date(2026, 11, 30), chosen)
    doc = page(client, reverse("home"))
    lead = doc.cssselect(".lead-story article.card h2 a")[0].get("href")
    assert lead == oldest.get_absolute_url()
    assert card_links(doc)[1:3] == [p.get_absolute_url() for p in others]


def test_an_edition_page_lists_its_published_stories_in_order_with_an_archive(client, site):
    first, second, third = list(site.order_by("pk"))[:3]
    record_edition(date(2026, 11, 29), [(third.story, [], third), (first.story, [], first)])
    record_edition(date(2026, 11, 30), [(second.story, [], second)])
    doc = page(client, reverse("edition", kwargs={"day": "2026-11-29"}))
    assert card_links(doc) == [third.get_absolute_url(), first.get_absolute_url()]
    assert doc.cssselect("a[rel=next]")[0].get("href") == "/editions/2026-11-30/"
    archive = page(client, reverse("editions"))
    days = [a.get("href") for a in archive.cssselect(".days a")]
    assert days == ["/editions/2026-11-30/", "/editions/2026-11-29/"]
    return_to_draft(second)
    assert client.get("/editions/2026-11-30/").status_code == 404
    assert client.get("/editions/2026-13-45/").status_code == 404


def test_topic_and_place_pages_list_the_posts_about_them(client, site):
    quake = named(site, "Earthquake")
    kinds = {(t.kind, t.name) for t in quake.topics.all()}
    assert {("topic", "Natural disasters"), ("country", "Papua New Guinea")} <= kinds
    assert ("region", "Pacific") in kinds
    for kind, slug in [("topic", "disaster"), ("country", "papua-new-guinea")]:
        doc = page(client, reverse("topic", kwargs={"kind": kind, "slug": slug}))
        assert quake.get_absolute_url() in card_links(doc)
        listed = PostTopic.objects.filter(kind=kind, slug=slug).values_list("post", flat=True)
        assert len(card_links(doc)) == len(set(listed))
    kenya = page(client, reverse("topic", kwargs={"kind": "country", "slug": "kenya"}))
    assert quake.get_absolute_url() not in card_links(kenya)
    index = page(client, reverse("topics"))
    assert "/topics/region/pacific/" in [a.get("href") for a in index.cssselect("a")]


def test_a_post_taken_down_leaves_its_topic_pages_and_search(client, site):
    quake = named(site, "Earthquake")
    return_to_draft(quake)
    assert not PostTopic.objects.filter(post=quake).exists()
    response = client.get(reverse("topic", kwargs={"kind": "country", "slug": "papua-new-guinea"}))
    assert response.status_code == 404
    assert b"Earthquake" not in client.get(reverse("search"), {"q": "magnitude"}).content


def test_an_edit_moves_a_post_to_the_places_it_now_names(site):
    post = named(site, "Cholera")
    post.draft["headline"] = "Cholera Cases Surge in Southern Somalia"
    post.draft["glance"] = [g.replace("Yemen", "Somalia") for g in post.draft["glance"]]
    post.draft["dek"] = post.draft["dek"].replace("Yemen", "Somalia")
    post.draft["opening"] = [p.replace("Yemen", "Somalia") for p in post.draft["opening"]]
    for section in post.draft["sections"]:
        section["paragraphs"] = [p.replace("Yemen", "Somalia") for p in section["paragraphs"]]
    post.save()
    countries = set(post.topics.filter(kind="country").values_list("name", flat=True))
    assert "Somalia" in countries and "Yemen" not in countries


def test_search_finds_a_post_by_a_word_of_its_body_with_the_match_marked(client, site):
    cholera = named(site, "Cholera")
    body_word = "sermons"  # in the story, not the headline or the dek
    assert body_word not in cholera.headline.lower() + cholera.draft["dek"].lower()
    doc = page(client, reverse("search") + f"?q={body_word}")
    hits = doc.cssselect(".hits li")
    assert [h.cssselect("h2 a")[0].get("href") for h in hits] == [cholera.get_absolute_url()]
    assert [m.text.lower() for m in hits[0].cssselect("mark")] == [body_word]


def test_search_reads_stems_and_ignores_operators_and_markup(client, site):
    assert page(client, reverse("search") + "?q=earthquakes").cssselect(".hits li")
    for query in ['"unclosed', "NEAR(", "a OR", "*", "<b>x</b>", "-", "\ue000"]:
        response = client.get(reverse("search"), {"q": query})
        assert response.status_code == 200, query
        assert b"<b>x</b>" not in response.content


def test_a_headline_with_markup_is_escaped_in_the_results(client, site):
    post = named(site, "Cholera")
    post.draft["headline"] = "Cholera <img src=x onerror=alert(1)> in Aden"
    post.save()
    doc = page(client, reverse("search") + "?q=cholera")
    assert not doc.cssselect(".hits img")
    assert "<img src=x" in text(doc.cssselect(".hits")[0])


def test_search_pages_through_many_matches(client, site):
    first = page(client, reverse("search") + "?q=said")
    count = len(first.cssselect(".hits li"))
    assert count == 10
    second = page(client, reverse("search") + "?q=said&page=2")
    links = {h.get("href") for h in first.cssselect(".hits h2 a")}
    assert links.isdisjoint(h.get("href") for h in second.cssselect(".hits h2 a"))
    assert second.cssselect(".hits li")


def test_search_stops_paging_past_its_best_results_but_counts_them_all(client, site, monkeypatch):
    monkeypatch.setattr(search, "MAX_SEARCH_RESULTS", 10)
    found = search.Results("said").found
    assert found > 10
    deep = page(client, reverse("search") + "?q=said&page=1500")
    first = page(client, reverse("search") + "?q=said")
    assert len(deep.cssselect(".hits li")) == 10 and not deep.cssselect("a[rel=next]")
    assert text(deep.cssselect(".hits")[0]) == text(first.cssselect(".hits")[0])
    assert f"{found} posts found" in text(deep) and "the best 10 are shown" in text(deep)


def test_a_one_letter_last_word_is_a_word_not_a_prefix_of_every_word(site):
    assert search.Results("ze").found > 0  # New Zealand
    assert search.Results("z").found == 0  # no post has "z" as a word


def test_an_empty_search_asks_for_a_word(client, site):
    for blank in ("", "   "):
        doc = page(client, reverse("search") + f"?q={blank}")
        assert "Type a word" in text(doc.cssselect("[role=status]")[0])
    assert not page(client, reverse("search")).cssselect("[role=status]")


def test_an_editions_day_has_one_address(client, site):
    record_edition(date(2026, 11, 23), [(p.story, [], p) for p in site.order_by("pk")[:1]])
    for odd in ("20261123", "2026-W48-1"):
        response = client.get(f"/editions/{odd}/")
        assert response.status_code == 301 and response["Location"] == "/editions/2026-11-23/"
    assert client.get("/editions/2026-11-23/").status_code == 200


def test_control_characters_in_a_query_never_reach_the_page(client, site):
    response = client.get(reverse("search"), {"q": "cholera\x00\x1b[31m"})
    assert response.status_code == 200
    assert b"\x00" not in response.content and b"\x1b" not in response.content
    assert page(client, reverse("search") + "?q=cholera%00").cssselect(".hits li")


@pytest.mark.parametrize("name", ["feed_rss", "feed_atom"])
def test_feeds_carry_the_whole_post_with_its_image(client, site, name):
    response = client.get(reverse(name))
    assert len(response.content) > 10_000 and response.streaming is False
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    quake = named(site, "Earthquake")
    entry = next(e for e in feed.entries if e.title == quake.headline)
    html = " ".join(lxml.html.fromstring(entry.content[0].value).text_content().split())
    draft = quake.as_draft
    for part in (draft.sections[-1].paragraphs[-1], draft.reflection.verse.text):
        assert " ".join(part.split()) in html
    assert draft.reflection.prayer in html
    assert entry.link == "http://127.0.0.1:8000" + quake.get_absolute_url()
    images = [e for e in entry.enclosures if e.type.startswith("image/")]
    assert images and images[0].href.startswith("http://127.0.0.1:8000/media/")
    assert int(images[0].length) > 0


def test_feeds_point_browsers_at_a_stylesheet_that_exists(client, site):
    xml = client.get(reverse("feed_rss")).content
    assert b'<?xml-stylesheet href="/static/praynews/feed.xsl"' in xml
    xsl = b"".join(client.get("/static/praynews/feed.xsl").streaming_content)
    stylesheet = lxml.etree.XSLT(lxml.etree.XML(xsl))
    shown = lxml.etree.tostring(stylesheet(lxml.etree.XML(xml)), method="html").decode()
    assert named(site, "Earthquake").headline in shown
    assert "feed reader" in shown


def test_the_json_feed_passes_its_schema_and_carries_the_post(client, site):
    response = client.get(reverse("feed_json"))
    assert response["Content-Type"] == "application/feed+json"
    feed = json.loads(response.content)
    jsonschema.validate(feed, json.loads(SCHEMA.read_text()))
    quake = next(item for item in feed["items"] if "Earthquake" in item["title"])
    assert "Natural disasters" in quake["tags"]
    shown = lxml.html.fromstring(quake["content_html"]).text_content()
    assert named(site, "Earthquake").as_draft.reflection.prayer in shown


def test_a_topic_feed_carries_only_that_topics_posts(client, site):
    url = reverse("topic_feed", kwargs={"kind": "topic", "slug": "disaster"})
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo
    expected = Post.objects.filter(topics__kind="topic", topics__slug="disaster")
    assert {e.title for e in feed.entries} == {p.headline for p in expected}
    assert client.get("/topics/topic/no-such-topic/feed/").status_code == 404


def test_the_sitemap_lists_posts_topics_and_editions_on_the_public_address(client, site):
    record_edition(date(2026, 11, 30), [(p.story, [], p) for p in site[:2]])
    xml = lxml.etree.XML(client.get(reverse("sitemap")).content)
    urls = [loc.text for loc in xml.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    base = "http://127.0.0.1:8000"
    assert {base + p.get_absolute_url() for p in site} <= set(urls)
    assert base + "/topics/topic/disaster/" in urls
    assert base + "/editions/2026-11-30/" in urls
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /desk/" in robots and f"Sitemap: {base}/sitemap.xml" in robots


def test_a_post_page_offers_a_link_preview_a_canonical_link_and_news_article_data(
    client, site, settings
):
    settings.SITE_URL = "https://news.example.org"
    post = named(site, "Earthquake")
    doc = page(client, post.get_absolute_url())
    canonical = "https://news.example.org" + post.get_absolute_url()
    assert doc.cssselect("link[rel=canonical]")[0].get("href") == canonical
    meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.cssselect("meta")}
    assert meta["og:title"] == post.headline and meta["og:url"] == canonical
    assert meta["og:image"].startswith("https://news.example.org/media/")
    assert meta["twitter:card"] == "summary_large_image"
    data = json.loads(doc.cssselect("script[type='application/ld+json']")[0].text)
    assert data["@type"] == "NewsArticle" and data["headline"] == post.headline
    assert data["image"] == [meta["og:image"]]


def test_json_ld_cannot_be_closed_by_a_headline(client, site):
    post = site.first()
    post.draft["headline"] = "Fire </script><script>alert(1)</script>"
    post.save()
    content = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content


def test_missing_pages_and_failures_get_pages_of_the_site(client, site, settings):
    settings.DEBUG = False
    response = client.get("/posts/no-such-post/")
    assert response.status_code == 404
    assert b"This page is not here" in response.content and b"site.css" in response.content
    assert client.get("/static/praynews/favicon.svg").status_code == 200
    from django.template.loader import render_to_string

    assert "Something went wrong" in render_to_string("500.html")


def test_a_page_of_cards_costs_the_same_queries_whatever_its_length(client, site):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries(reverse("topic", kwargs={"kind": "region", "slug": "pacific"}))
    many = queries(reverse("topic", kwargs={"kind": "region", "slug": "africa"}))
    assert PostTopic.objects.filter(kind="region", slug="africa").count() > 1
    assert many == few
    for name in ("post_list", "feed_rss", "feed_json", "home", "sitemap"):
        assert queries(reverse(name)) <= few + 2, name


def test_dates_a_reader_sees_are_never_in_the_future(client, site):
    tomorrow = date.today() + timedelta(days=1)
    for t in page(client, reverse("post_list")).cssselect(".meta time"):
        assert date.fromisoformat(t.get("datetime")) < tomorrow
