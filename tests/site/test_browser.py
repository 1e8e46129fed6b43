"""Real Chromium on the live site: the post page works on a phone and the reply form sends."""

from __future__ import annotations

import shutil

import pytest

from praynews.site.editorial.services import write_and_publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article
from praynews.site.publishing.models import Reply
from tests.site.chromium import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium package is not installed"),
]


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
    page.click("#reply button[type=submit]")
    page.wait_for_selector(".notice")
    assert "reached the editor" in page.locator(".notice").inner_text()
    assert Reply.objects.get().name == "Tomasz"


def test_a_reader_subscribes_confirms_changes_preferences_and_unsubscribes(
    live_server, browser, post, mail_sink, tmp_path
):
    from email import message_from_bytes, policy

    from praynews.site.newsletter.models import Subscriber

    def newest_mail_link(kind: str) -> str:
        mail = message_from_bytes(mail_sink.messages[-1][2], policy=policy.default)
        text = mail.get_body(("plain",)).get_content()
        path = next(w for w in text.split() if f"/newsletter/{kind}/" in w)
        return live_server.url + path[path.index("/newsletter/") :]

    page = browser.new_page()
    page.goto(live_server.url + post.get_absolute_url())
    box = page.locator("section.subscribe-box")
    box.locator("input[type=email]").fill("reader@example.org")
    box.locator("button[type=submit]").click()
    page.wait_for_selector("text=Check your inbox")
    assert Subscriber.objects.get().status == "pending"

    page.goto(newest_mail_link("confirm"))  # the link alone confirms nothing
    assert Subscriber.objects.get().status == "pending"
    page.click("text=Yes, subscribe me")
    page.wait_for_selector("text=You are subscribed")
    assert Subscriber.objects.get().status == "active"
    page.screenshot(path=str(tmp_path / "subscribed.png"), full_page=True)

    from praynews.site.newsletter import tokens

    token = tokens.make(tokens.Purpose.PREFERENCES, Subscriber.objects.get())  # as in every mail
    page.goto(f"{live_server.url}/newsletter/preferences/{token}/")
    page.check("text=A weekly digest")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Saved")
    assert Subscriber.objects.get().frequency == "weekly"

    page.click("text=Unsubscribe altogether")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=You are unsubscribed")
    assert Subscriber.objects.get().status == "unsubscribed"
