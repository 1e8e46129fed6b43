"""The reader's pages in real Chromium: search, topic and edition pages, dark mode, and
axe-core's accessibility rules, with the post page's weight and origins measured."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from praynews.site.editorial.edition import record_edition
from tests.site.chromium import CHROMIUM

AXE = Path(__file__).parents[2] / "build" / "node" / "node_modules" / "axe-core" / "axe.min.js"
# What a reader's browser may fetch before images, in bytes: the page, its stylesheet and
# favicon. The budget; today's post page is a fraction of it.
MAX_PAGE_BYTES = 150_000
IMPACTS_REFUSED = {"serious", "critical"}

if not AXE.exists() and os.environ.get("PRAYNEWS_REQUIRE_BROWSER") == "1":
    raise RuntimeError(f"axe-core is not installed at {AXE} (.ci/run installs it with npm)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium package is not installed"),
]


@pytest.fixture
def pages(site):
    """The published samples, two of them in an edition."""
    first, second = list(site.order_by("pk")[:2])
    record_edition(date(2026, 11, 30), [(second.story, [], second), (first.story, [], first)])
    return {"posts": list(site), "edition": [second, first]}


def card_links(page) -> list[str]:
    return page.eval_on_selector_all("article.card h2 a", "links => links.map(a => a.pathname)")


def test_search_finds_a_post_by_a_word_of_its_body(live_server, browser, pages):
    page = browser.new_page()
    page.goto(live_server.url + "/")
    page.click("text=Search")
    page.fill("input[type=search]", "sermons")
    page.press("input[type=search]", "Enter")
    page.wait_for_selector(".hits li")
    hits = page.eval_on_selector_all(".hits h2 a", "links => links.map(a => a.textContent)")
    assert hits == ["Cholera Cases Surge in Southern Yemen"]
    assert page.inner_text(".hits mark").lower() == "sermons"


def test_a_topic_page_and_an_edition_list_the_right_posts(live_server, browser, pages):
    page = browser.new_page()
    page.goto(live_server.url + "/topics/")
    page.click("a[href='/topics/topic/disaster/']")
    disasters = card_links(page)
    quake = next(p for p in pages["posts"] if "Earthquake" in p.headline)
    assert quake.get_absolute_url() in disasters
    assert all(
        p.get_absolute_url() not in disasters for p in pages["posts"] if "Kenya" in p.headline
    )
    page.goto(live_server.url + "/editions/")
    page.click("a[href='/editions/2026-11-30/']")
    assert card_links(page) == [p.get_absolute_url() for p in pages["edition"]]


def test_dark_mode_changes_the_colours(live_server, browser, pages):
    colours = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        page.goto(live_server.url + pages["posts"][0].get_absolute_url())
        colours[scheme] = page.evaluate(
            "() => [getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.body).color]"
        )
    assert colours["light"] != colours["dark"]
    background = colours["dark"][0].removeprefix("rgb(").rstrip(")").split(",")
    assert sum(int(c) for c in background) < 3 * 64  # a dark page, not a tinted light one


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (.ci/run installs it)")
def test_the_readers_pages_pass_axe_core(live_server, browser, pages):
    post = pages["posts"][0]
    urls = [
        "/",
        post.get_absolute_url(),
        "/search/?q=flood",
        "/topics/",
        "/topics/topic/disaster/",
        "/editions/",
        "/editions/2026-11-30/",
        "/no-such-page/",
    ]
    found = {}
    for scheme in ("light", "dark"):
        # axe-core is injected as a script, which the pages' policy refuses by design.
        page = browser.new_page(color_scheme=scheme, bypass_csp=True)
        for url in urls:
            page.goto(live_server.url + url)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("async () => (await axe.run()).violations")
            refused = [
                f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                for v in violations
                if v["impact"] in IMPACTS_REFUSED
            ]
            if refused:
                found[f"{scheme} {url}"] = refused
    assert found == {}


def test_the_post_page_is_light_and_loads_nothing_from_another_origin(live_server, browser, pages):
    page = browser.new_page()
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request))
    post = pages["posts"][0]
    page.goto(live_server.url + post.get_absolute_url(), wait_until="networkidle")
    origins = {request.url.split("/")[2] for request in fetched}
    assert origins == {live_server.url.split("/")[2]}
    weight = sum(
        request.sizes()["responseBodySize"]
        for request in fetched
        if request.resource_type != "image"
    )
    assert weight < MAX_PAGE_BYTES
    missing_alt = page.eval_on_selector_all("img:not([alt])", "images => images.length")
    assert missing_alt == 0


@pytest.mark.parametrize("feed", ["/feed/rss/", "/feed/atom/", "/feed/podcast/"])
def test_a_feed_opened_in_the_browser_is_a_page_listing_its_posts(
    live_server, browser, pages, feed
):
    page = browser.new_page()
    response = page.goto(live_server.url + feed)
    assert response.headers["content-type"].startswith("application/xml")
    assert page.inner_text("h1").startswith("Pray News")
    assert "copy this page's address into a feed reader" in page.inner_text(".feed-note")
    if feed != "/feed/podcast/":  # the podcast lists editions read aloud, none made here
        titles = page.eval_on_selector_all("article h2 a", "links => links.length")
        assert titles == len(pages["posts"])


def test_the_pages_keep_to_their_content_security_policy(live_server, browser, pages):
    page = browser.new_page()
    refused = []
    page.on("console", lambda message: refused.append(f"{page.url}: {message.text}"))
    post = pages["posts"][0]
    for path in ("/", post.get_absolute_url(), "/search/?q=rain", "/topics/", "/feed/rss/"):
        response = page.goto(live_server.url + path)
        assert "script-src" not in response.headers["content-security-policy"]
        assert "default-src 'self'" in response.headers["content-security-policy"]
    # On the feed, Chromium's own notice that XSLT is going away is refused; the page is ours.
    assert page.inner_text("h1") == "Pray News"
    ours = [text for text in refused if "/feed/" not in text]
    assert not [text for text in ours if "Content Security Policy" in text]
