import json

import pytest

from praynews.core.errors import FeedError
from praynews.core.feeds import looks_like_feed, parse_feed, parse_opml

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>pages/one.html</link><guid>g1</guid>
<pubDate>Tue, 17 Nov 2026 08:00:00 GMT</pubDate><source url="https://x.example/rss">Harbor</source></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Wire</title><entry><title>Two</title><link href="https://a.example/two"/>
<id>urn:2</id><updated>2026-11-18T10:00:00Z</updated></entry></feed>"""


def test_rss_links_resolve_against_the_feed_location():
    feed = parse_feed(RSS, base_url="file:///srv/news/feed.xml")
    entry = feed.entries[0]
    assert entry.link == "file:///srv/news/pages/one.html"
    assert entry.published.isoformat() == "2026-11-17"
    assert entry.outlet == "Harbor"


def test_atom_entries_parse():
    entry = parse_feed(ATOM).entries[0]
    assert (entry.title, entry.link, entry.guid) == ("Two", "https://a.example/two", "urn:2")


def test_json_feed_parses():
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Wire",
        "items": [
            {"id": 7, "url": "/a/7", "title": "Seven", "date_published": "2026-11-19T06:00:00Z"}
        ],
    }
    data = json.dumps(document).encode()
    assert looks_like_feed(data)
    entry = parse_feed(data, base_url="https://j.example/feed.json").entries[0]
    assert (entry.link, entry.guid, entry.published.isoformat()) == (
        "https://j.example/a/7",
        "7",
        "2026-11-19",
    )


@pytest.mark.parametrize("data", [b"<rss><channel><title>x", b"{not json", b'{"items": 3}'])
def test_broken_feeds_raise_feed_error(data):
    with pytest.raises(FeedError):
        parse_feed(data)


def test_opml_lists_each_feed_once():
    opml = b"""<opml version="2.0"><body><outline text="News">
    <outline xmlUrl="https://a.example/rss"/><outline xmlUrl="https://b.example/atom"/>
    <outline xmlUrl="https://a.example/rss"/></outline></body></opml>"""
    assert parse_opml(opml) == ["https://a.example/rss", "https://b.example/atom"]


AMPLIFIED = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "' + b"x" * 290 + b'">]>'
    b'<rss version="2.0"><channel><title>Big</title><item><title>T</title>'
    b"<description>" + b"&e;" * 1000 + b"</description></item></channel></rss>"
)


@pytest.mark.parametrize("parse", [parse_feed, parse_opml])
def test_documents_that_declare_entities_are_refused(parse):
    data = AMPLIFIED if parse is parse_feed else AMPLIFIED.replace(b"<rss", b"<opml", 1)
    with pytest.raises(FeedError, match="declares XML entities"):
        parse(data)


def test_an_entry_with_an_impossible_date_keeps_the_feed():
    bad = RSS.replace(
        b"</channel>",
        b"<item><title>Bad</title><link>b.html</link>"
        b"<pubDate>0000-00-00T00:00:00Z</pubDate></item></channel>",
    )
    feed = parse_feed(bad, base_url="https://x.example/feed.xml")
    assert [e.title for e in feed.entries] == ["One", "Bad"]
    assert feed.entries[1].published is None


def test_a_json_feed_with_odd_values_keeps_its_good_entries():
    items = [
        {"id": 1, "url": "https://a.example/1", "title": "Good"},
        {"id": 2, "url": "https://a.example/2", "title": "Odd", "authors": {"name": "x"}},
        {"id": 3, "url": 5, "title": "Number link", "authors": 5},
    ]
    data = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items})
    feed = parse_feed(data.encode())
    assert [e.title for e in feed.entries] == ["Good", "Odd", "Number link"]
    assert feed.entries[2].link is None


def test_a_json_feed_nested_beyond_reason_is_a_feed_error():
    data = b'{"version": "https://jsonfeed.org/version/1", "items": ' + b"[" * 200_000
    with pytest.raises(FeedError, match="not valid JSON"):
        parse_feed(data + b"]" * 200_000 + b"}")


def test_a_home_page_announces_its_feeds_and_only_feeds_count():
    from praynews.core.feeds import discover_feed_links

    page = b"""<html><head>
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/rss+xml" title="News" href="/news/rss.xml">
      <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://cdn.example.org/atom">
      <link rel="alternate" hreflang="fr" href="/fr/">
      <link rel="alternate" type="application/rss+xml" href="/news/rss.xml">
    </head><body></body></html>"""
    assert discover_feed_links(page, "https://paper.example.org/") == [
        "https://paper.example.org/news/rss.xml",
        "https://cdn.example.org/atom",
    ]
    assert discover_feed_links(b"", "https://paper.example.org/") == []


def test_an_exported_list_reads_back_as_the_same_feeds():
    from praynews.core.feeds import parse_opml, write_opml

    feeds = [("https://a.example.org/feed", "A & Co"), ("https://b.example.org/rss", "")]
    assert parse_opml(write_opml(feeds, "Pray News sources")) == [url for url, _ in feeds]


def test_an_entry_keeps_its_time_and_its_own_content():
    from praynews.core.feeds import parse_feed

    feed = parse_feed(
        b"""<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
        <item><title>One</title><link>https://a.example.org/1</link>
        <pubDate>Thu, 03 Dec 2026 08:30:00 GMT</pubDate><description>Short.</description>
        <content:encoded><![CDATA[<p>The whole article.</p>]]></content:encoded></item>
        </channel></rss>"""
    )
    entry = feed.entries[0]
    assert entry.posted is not None and (entry.posted.hour, entry.posted.minute) == (8, 30)
    assert "The whole article." in entry.content


def test_a_malformed_feed_with_a_header_and_no_entries_is_empty_not_broken():
    # An HTML entity XML does not know, in a feed that has posted nothing yet: the feed is
    # readable (its title is there), so the source is fine, with the parser's complaint kept.
    feed = parse_feed(b"<rss><channel><title>Caf&eacute; news</title></channel></rss>")
    assert feed.title == "Café news" and feed.entries == ()
    assert "undefined entity" in feed.warning


def test_a_document_with_neither_header_nor_entries_is_refused_with_the_reason():
    with pytest.raises(FeedError, match=r"could not be parsed: .*not well-formed"):
        parse_feed(b"<rss version='2.0'><<<>>> not a feed")


def test_a_well_formed_feed_that_has_posted_nothing_is_empty():
    feed = parse_feed(b'<rss version="2.0"><channel></channel></rss>')
    assert feed.entries == () and feed.warning == ""


def test_a_json_feed_escaping_half_a_character_yields_text_that_can_be_published():
    """JSON may spell a lone surrogate ("\\ud800"); no page or email could encode it as UTF-8."""
    data = (
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", '
        b'"url": "https://j.example/1", "title": "Flood\\ud800 warning", '
        b'"content_text": "Rain\\udfff fell."}]}'
    )
    entry = parse_feed(data).entries[0]
    assert entry.title == "Flood warning"
    assert entry.title.encode("utf-8")


@pytest.mark.parametrize("reference", [b"&#55296;", b"&#xD800;", b"&#x0dfff;"])
def test_an_xml_feed_naming_half_a_character_keeps_its_entries(reference):
    data = RSS.replace(b"<title>One</title>", b"<title>O" + reference + b"ne</title>")
    assert parse_feed(data).entries[0].title == "One"
