"""The "I prayed" button: one press counted per browser per post, with no login, and no cookie
but the one that says this browser prayed for this post."""

import pytest
from django.test import Client
from django.urls import reverse

from praynews.site.editorial.models import Post
from praynews.site.editorial.services import write_and_publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article
from praynews.site.publishing import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(samples) -> Post:
    ingest(str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"))
    return write_and_publish(Article.objects.get().story).post


def press(client: Client, post: Post):
    return client.post(reverse("prayed", args=[post.slug]))


def count(post: Post) -> int:
    return Post.objects.get(pk=post.pk).prayed_count


def test_a_browser_is_counted_once_per_post(post):
    browser = Client()
    assert press(browser, post).status_code == 302
    press(browser, post)
    assert count(post) == 1
    press(Client(), post)
    assert count(post) == 2


def test_the_only_cookie_says_this_browser_prayed_for_this_post(post):
    response = press(Client(), post)
    assert set(response.cookies) == {f"prayed-{post.pk}"}
    cookie = response.cookies[f"prayed-{post.pk}"]
    assert cookie.value == "1" and cookie["path"] == post.get_absolute_url()
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_post_page_shows_the_count_and_thanks_the_browser_that_prayed(post):
    browser = Client()
    press(Client(), post)
    assert "1 person has prayed" in browser.get(post.get_absolute_url()).content.decode()
    press(browser, post)
    page = browser.get(post.get_absolute_url()).content.decode()
    assert "You prayed for this. So did 1 other." in page
    assert ">I prayed</button>" not in page


def test_a_draft_cannot_be_prayed_for(post):
    post.status = Post.Status.DRAFT
    post.save()
    assert press(Client(), post).status_code == 404
    assert count(post) == 0


def test_a_flood_from_one_address_stops_counting_at_the_hours_limit(post):
    for _ in range(views.PRAYERS_PER_HOUR + 10):
        press(Client(), post)
    assert count(post) == views.PRAYERS_PER_HOUR


def test_a_get_counts_nothing(post):
    assert Client().get(reverse("prayed", args=[post.slug])).status_code == 405
    assert count(post) == 0
