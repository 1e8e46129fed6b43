"""Real Chromium on the live site: the post page works on a phone and the reply form sends."""

from __future__ import annotations

import os
import shutil

import pytest

from praynews.site.editorial.services import write_and_publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article
from praynews.site.publishing.models import Reply

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM and os.environ.get("PRAYNEWS_REQUIRE_BROWSER") == "1":
    raise RuntimeError("PRAYNEWS_REQUIRE_BROWSER=1 but Debian's chromium is not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium package is not installed"),
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety guard is told so.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def post(samples, tmp_path):
    """A published post from one sample page, ingested with its image from a folder the user
    named (a local page's image is read only from inside that folder)."""
    name = "poland-silesia-miners-rescued"
    for kind, suffix in (("pages", ".html"), ("images", ".svg")):
        (tmp_path / "site" / kind).mkdir(parents=True)
        shutil.copy(samples / kind / (name + suffix), tmp_path / "site" / kind)
    ingest(str(tmp_path / "site"))
    return write_and_publish(Article.objects.get().story).post


def test_post_page_fits_a_phone_and_shows_its_image(live_server, browser, post, tmp_path):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + post.get_absolute_url())
    assert page.locator("h1").inner_text() == post.headline
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )
    assert overflow <= 0, wide
    assert page.eval_on_selector("figure.hero img", "img => img.complete && img.naturalWidth") > 0
    assert page.locator(".glance li").count() >= 3
    page.screenshot(path=str(tmp_path / "post.png"), full_page=True)


def test_reply_form_sends_a_reply(live_server, browser, post):
    page = browser.new_page()
    page.goto(live_server.url + post.get_absolute_url())
    page.fill("input[name=name]", "Tomasz")
    page.fill("textarea[name=message]", "We prayed for the miners and their families.")
    page.click("button[type=submit]")
    page.wait_for_selector(".notice")
    assert "reached the editor" in page.locator(".notice").inner_text()
    assert Reply.objects.get().name == "Tomasz"
