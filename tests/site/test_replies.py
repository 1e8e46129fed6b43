"""The reply form under a flood: limited per address, and a honeypot that bots fill in."""

from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse
from freezegun import freeze_time

from praynews.site.editorial.services import write_and_publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article
from praynews.site.publishing.models import Reply
from praynews.site.publishing.views import BURST_MINUTES, REPLIES_PER_BURST, REPLIES_PER_DAY

pytestmark = pytest.mark.django_db

# Frozen so a test never straddles the end of a rate-limit window.
START = "2025-03-04 10:00:00"


@pytest.fixture
def post(samples):
    ingest(str(samples / "pages" / "poland-silesia-miners-rescued.html"))
    return write_and_publish(Article.objects.get().story).post


def reply(client, post, address="203.0.113.7", follow=False, **fields):
    data = {"name": "Ruth", "message": "Praying for the miners.", **fields}
    url = reverse("post", kwargs={"slug": post.slug})
    return client.post(url, data, REMOTE_ADDR=address, follow=follow)


@freeze_time(START)
def test_a_flood_from_one_address_is_stopped_after_the_first_few(client, post):
    answers = [reply(client, post).status_code for _ in range(50)]
    allowed = REPLIES_PER_BURST
    assert answers == [302] * allowed + [429] * (50 - allowed)
    assert Reply.objects.count() == allowed


@freeze_time(START)
def test_a_limited_reader_gets_a_polite_page_with_the_reply_kept(client, post):
    for _ in range(REPLIES_PER_BURST):
        reply(client, post)
    response = reply(client, post, message="One more prayer for Katowice.")
    assert response.status_code == 429
    doc = lxml.html.fromstring(response.content)
    assert "wait" in doc.cssselect("#reply [role=alert]")[0].text_content()
    assert doc.cssselect("h1")[0].text_content() == post.headline
    kept = doc.cssselect("textarea[name=message]")[0].text.strip()
    assert kept == "One more prayer for Katowice."


@freeze_time(START)
def test_another_address_can_still_reply(client, post):
    for _ in range(REPLIES_PER_BURST + 5):
        reply(client, post)
    assert reply(client, post, address="198.51.100.20").status_code == 302
    assert Reply.objects.filter(message="Praying for the miners.").count() == REPLIES_PER_BURST + 1


def test_the_limit_lifts_after_a_while_but_a_day_has_a_cap(client, post):
    rounds = REPLIES_PER_DAY // REPLIES_PER_BURST + 2
    stored = []
    with freeze_time(START) as clock:
        for _ in range(rounds):
            before = Reply.objects.count()
            for _ in range(REPLIES_PER_BURST):
                reply(client, post)
            stored.append(Reply.objects.count() - before)
            clock.tick(timedelta(minutes=BURST_MINUTES + 1))
    full = REPLIES_PER_DAY // REPLIES_PER_BURST
    assert stored == [REPLIES_PER_BURST] * full + [0] * (rounds - full)


def test_a_filled_honeypot_is_answered_like_a_reply_but_not_stored(client, post):
    response = reply(client, post, website="http://spam.example", follow=True)
    assert response.status_code == 200
    assert b"reached the editor" in response.content
    assert not Reply.objects.exists()


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client, post):
    doc = lxml.html.fromstring(client.get(post.get_absolute_url()).content)
    trap = doc.cssselect("input[name=website]")[0]
    wrapper = next(e for e in trap.iterancestors() if e.get("aria-hidden") == "true")
    assert "honeypot" in wrapper.get("class")
    assert trap.get("tabindex") == "-1" and trap.get("autocomplete") == "off"


@freeze_time(START)
def test_a_name_is_kept_on_one_line(client, post):
    reply(
        client, post, name="Ruth\r\nBcc: everyone@example.org\u202e\x1b", message="Hi\x01 \u202eall"
    )
    kept = Reply.objects.get()
    assert kept.name == "Ruth Bcc: everyone@example.org" and kept.message == "Hi all"
