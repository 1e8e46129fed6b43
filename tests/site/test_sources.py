"""The list of sources and polite checking, against real HTTP servers on 127.0.0.1: feeds found
from a home page, OPML in and out, 304s that cost nothing, Retry-After obeyed, backoff after
errors, redirect loops and chains, wrong content, and a feed's own content when its page is
unreachable."""

from datetime import UTC, datetime, timedelta

import pytest

from praynews.site.clock import FixedClock
from praynews.site.news import polling
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article, Source
from praynews.site.news.subscriptions import (
    add_sources,
    export_opml,
    import_opml,
    list_sources,
    remove_sources,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
RSS = {"Content-Type": "application/rss+xml"}
PARAGRAPH = (
    "Volunteers in the river town of Ostrava Mill sorted sandbags through the night on "
    "Tuesday as the water rose past the old footbridge, the town's mayor said. "
)


def feed(base: str, entries: list[tuple[str, str]], title: str = "Riverside News") -> bytes:
    items = "".join(
        f"<item><title>{t}</title><link>{base}{path}</link>"
        f"<pubDate>Thu, 03 Dec 2026 0{i}:00:00 GMT</pubDate></item>"
        for i, (t, path) in enumerate(entries)
    )
    return f"<rss><channel><title>{title}</title>{items}</channel></rss>".encode()


def test_a_home_page_leads_to_the_feed_it_announces(http_server):
    feed_url = http_server.route("/news/rss.xml", feed(http_server.base, []), headers=RSS)
    home = http_server.route(
        "/", b'<html><head><link rel="alternate" type="application/rss+xml" href="/news/rss.xml">'
    )
    [added] = add_sources([home])
    assert added.outcome == "added" and added.feeds == (feed_url,)
    assert Source.objects.get(location=feed_url).scheduled


def test_a_home_page_announcing_nothing_is_searched_at_the_usual_feed_paths(http_server):
    http_server.route("/", b"<html><head><title>Riverside</title></head></html>")
    feed_url = http_server.route("/index.xml", feed(http_server.base, []), headers=RSS)
    [added] = add_sources([http_server.base + "/"])
    assert added.feeds == (feed_url,)


def test_a_page_with_no_feed_anywhere_says_so_and_adds_nothing(http_server):
    http_server.route("/", b"<html><head><title>Riverside</title></head></html>")
    [added] = add_sources([http_server.base + "/"])
    assert added.outcome == "failed" and "announces none" in added.error
    assert not Source.objects.exists()


def test_opml_import_then_export_gives_the_same_sources(tmp_path):
    listed = [f"https://paper{n}.example.org/feed" for n in range(3)]
    outlines = "".join(f'<outline text="P{n}" xmlUrl="{u}"/>' for n, u in enumerate(listed))
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(f"<opml version='2.0'><body>{outlines}</body></opml>")
    assert [r.outcome for r in import_opml(str(opml))] == ["added"] * 3
    assert [r.outcome for r in import_opml(str(opml))] == ["already on the list"] * 3
    exported = tmp_path / "exported.opml"
    exported.write_bytes(export_opml("Pray News sources"))
    Source.objects.all().delete()
    import_opml(str(exported))
    assert [s.location for s in Source.objects.order_by("id")] == listed


def test_a_remote_opml_may_name_only_web_addresses(http_server):
    url = http_server.route(
        "/list.opml",
        b"<opml><body><outline xmlUrl='/etc/passwd'/><outline xmlUrl='file:///etc/passwd'/>"
        b"<outline xmlUrl='https://paper.example.org/feed'/></body></opml>",
    )
    results = import_opml(url)
    assert [r.outcome for r in results] == ["failed", "failed", "added"]
    assert list(Source.objects.values_list("location", flat=True)) == [
        "https://paper.example.org/feed"
    ]


def test_removing_a_source_keeps_its_articles(http_server, sample_pages):
    http_server.route("/a", sample_pages[0].read_bytes())
    url = http_server.route("/feed", feed(http_server.base, [("A", "/a")]), headers=RSS)
    add_sources([url])
    ingest(url)
    assert remove_sources([url, "https://never.example.org/"]) == [
        (url, "removed"),
        ("https://never.example.org/", "not on the list"),
    ]
    assert list_sources() == [] and Article.objects.count() == 1


def test_the_list_says_how_each_source_is_doing(http_server, sample_pages):
    http_server.route("/a", sample_pages[0].read_bytes())
    good = http_server.route("/feed", feed(http_server.base, [("A", "/a")]), headers=RSS)
    bad = http_server.route("/gone", b"", status=500)
    Source.objects.create(location=bad, kind="feed", scheduled=True)
    add_sources([good])
    ingest(good)
    ingest(bad)
    rows = {r["location"]: r for r in (row.as_dict() for row in list_sources())}
    assert rows[good]["status"] == "read" and rows[good]["articles_this_week"] == 1
    assert rows[bad]["status"] == "failing" and "500" in rows[bad]["last_error"]
    assert rows[bad]["next_check_at"] is not None


def check(url: str, at: datetime):
    return ingest(url, clock=FixedClock(at))


def test_a_304_costs_nothing(http_server, sample_pages):
    http_server.route("/a", sample_pages[0].read_bytes())
    body = feed(http_server.base, [("A", "/a")])
    url = http_server.route("/feed", body, headers={**RSS, "ETag": '"v1"'})
    Source.objects.create(location=url, kind="feed", scheduled=True)
    check(url, NOW)
    http_server.route("/feed", b"", status=304, headers={"ETag": '"v1"'})
    before = len(http_server.requests)
    result = check(url, NOW + timedelta(hours=1))
    assert result.items == [] and not result.error
    assert len(http_server.requests) == before + 1  # the feed only; no page fetched
    assert http_server.requests[-1]["if-none-match"] == '"v1"'
    source = Source.objects.get(location=url)
    assert source.status == "not-modified" and source.etag == '"v1"'
    assert source.next_check_at > NOW + timedelta(hours=1)
    assert Article.objects.count() == 1


def test_a_feed_checked_again_asks_only_for_the_pages_of_new_entries(http_server, sample_pages):
    for n in range(3):
        http_server.route(f"/{n}", sample_pages[n].read_bytes())
    url = http_server.route(
        "/feed", feed(http_server.base, [("A", "/0"), ("B", "/1")]), headers=RSS
    )
    check(url, NOW)
    http_server.route(
        "/feed", feed(http_server.base, [("A", "/0"), ("B", "/1"), ("C", "/2")]), headers=RSS
    )
    before = len(http_server.requests)
    result = check(url, NOW + timedelta(hours=1))
    assert [r["path"] for r in http_server.requests[before:]] == ["/feed", "/2"]
    assert [i.status for i in result.items] == ["existing", "existing", "added"]


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_obeyed(http_server, status):
    url = http_server.route("/feed", b"", status=status, headers={"Retry-After": "7200"})
    Source.objects.create(location=url, kind="feed", scheduled=True)
    result = check(url, NOW)
    source = Source.objects.get(location=url)
    assert str(status) in result.error and source.status == "waiting"
    assert source.next_check_at == NOW + timedelta(hours=2)


def test_repeated_errors_back_off_exponentially(http_server):
    url = http_server.route("/feed", b"", status=500)
    Source.objects.create(location=url, kind="feed", scheduled=True)
    waits = []
    at = NOW
    for _ in range(4):
        check(url, at)
        source = Source.objects.get(location=url)
        waits.append((source.next_check_at - at).total_seconds() / 60)
        at = source.next_check_at
    assert waits == [15, 30, 60, 120]
    assert source.failures == 4
    http_server.route("/feed", feed(http_server.base, []), headers=RSS)
    check(url, at)
    source = Source.objects.get(location=url)
    assert source.failures == 0 and source.status == "ok"


def test_a_redirect_loop_and_a_long_chain_are_errors_of_their_source(http_server):
    http_server.route("/loop", b"", status=302, headers={"Location": "/loop"})
    for hop in range(20):
        http_server.route(f"/hop{hop}", b"", status=301, headers={"Location": f"/hop{hop + 1}"})
    http_server.route("/hop20", feed(http_server.base, []), headers=RSS)
    for path in ("/loop", "/hop0"):
        result = check(http_server.base + path, NOW)
        assert "redirects" in result.error
        assert Source.objects.get(location=http_server.base + path).failures == 1
    assert sum(1 for r in http_server.requests if r["path"].startswith("/hop")) == 6


def test_a_feed_address_answering_with_an_image_stores_nothing_and_says_why(http_server):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    url = http_server.route("/feed", png, headers={"Content-Type": "image/png"})
    result = check(url, NOW)
    assert Article.objects.count() == 0
    assert "answered with image/png, not a feed" in result.error
    assert Source.objects.get(location=url).status == "failing"


def test_an_entry_whose_page_is_unreachable_uses_the_feeds_own_content(http_server):
    content = "".join(f"<p>{PARAGRAPH}Paragraph {n}.</p>" for n in range(4))
    body = (
        "<rss xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>R</title>"
        "<item><title>Sandbags along the river</title>"
        "<link>http://127.0.0.1:9/gone</link>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        "<item><title>A teaser only</title><link>http://127.0.0.1:9/gone2</link>"
        "<description>Short.</description></item>"
        "</channel></rss>"
    ).encode()
    url = http_server.route("/feed", body, headers=RSS)
    result = check(url, NOW)
    assert [i.status for i in result.items] == ["added", "failed"]
    article = Article.objects.get()
    assert article.from_feed_entry and "Ostrava Mill" in article.text


def test_two_workers_never_claim_one_source_nor_one_host_at_once(http_server):
    lease = timedelta(minutes=20)
    clock = FixedClock(NOW)
    for path in ("/a", "/b"):
        Source.objects.create(location=http_server.base + path, kind="feed", scheduled=True)
    Source.objects.create(location="https://other.example.org/feed", kind="feed", scheduled=True)
    first = polling.claim_due_source("one", lease, clock)
    second = polling.claim_due_source("two", lease, clock)
    assert first.host == "127.0.0.1" and second.host == "other.example.org"
    assert polling.claim_due_source("three", lease, clock) is None  # 127.0.0.1 is busy
    # A killed worker's lease runs out, and its source is claimed again.
    later = FixedClock(NOW + lease + timedelta(seconds=1))
    again = polling.claim_due_source("three", lease, later)
    assert again.pk == first.pk
    assert not polling.renew(first, "one", lease, later)  # the killed worker's claim is gone


class Killed(BaseException):
    """The worker dying between two articles (a SIGKILL ends the process just as suddenly)."""


def test_a_check_cut_off_mid_way_leaves_the_source_due_and_its_rest_is_fetched_next(
    http_server, sample_pages
):
    for n in range(3):
        http_server.route(f"/{n}", sample_pages[n].read_bytes())
    entries = [("A", "/0"), ("B", "/1"), ("C", "/2")]
    url = http_server.route(
        "/feed", feed(http_server.base, entries), headers={**RSS, "ETag": '"v1"'}
    )
    Source.objects.create(location=url, kind="feed", scheduled=True)

    def die_after_the_first_article():
        raise Killed

    with pytest.raises(Killed):
        ingest(url, clock=FixedClock(NOW), on_item=die_after_the_first_article)
    source = Source.objects.get(location=url)
    assert source.next_check_at is None and source.etag == ""  # still due, nothing to match
    assert Article.objects.count() == 1

    again = check(url, NOW + timedelta(minutes=1))
    assert [i.status for i in again.items] == ["existing", "added", "added"]
    assert Article.objects.count() == 3
