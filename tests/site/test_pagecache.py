"""Reader pages are kept once rendered, yet every reader can still reply, sees their own
"I prayed", and a change is on the very next page served."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from praynews.site.publishing import pagecache, views
from praynews.site.publishing.models import Reply
from praynews.site.settings import caches as caches_for

redis = pytest.importorskip("redis")

pytestmark = pytest.mark.django_db


def reader() -> Client:
    """A new browser that enforces CSRF as a real one is checked."""
    return Client(HTTP_HOST="localhost", enforce_csrf_checks=True)


def token_in(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.fixture
def post(site):
    return site.order_by("pk").first()


def test_a_kept_page_is_served_without_touching_the_database(post):
    first = reader().get(post.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        second = reader().get(post.get_absolute_url())
    assert second.status_code == 200 and len(queries) == 0
    assert token_in(first.content.decode()) != token_in(second.content.decode())
    assert re.sub(r'value="[^"]+"', "", first.content.decode()) == re.sub(
        r'value="[^"]+"', "", second.content.decode()
    )


def test_every_reader_of_a_kept_page_can_reply(post):
    url = post.get_absolute_url()
    reader().get(url)  # now kept
    for name in ("Ruth", "Naomi"):
        browser = reader()
        page = browser.get(url).content.decode()
        form = {"csrfmiddlewaretoken": token_in(page), "name": name, "message": "Praying."}
        assert browser.post(url, form).status_code == 302
    assert set(Reply.objects.values_list("name", flat=True)) == {"Ruth", "Naomi"}


def test_the_thank_you_after_a_reply_is_shown_not_a_kept_page(post):
    url = post.get_absolute_url()
    browser = reader()
    page = browser.get(url).content.decode()
    form = {"csrfmiddlewaretoken": token_in(page), "name": "Ruth", "message": "Praying."}
    thanked = browser.post(url, form, follow=True).content.decode()
    assert "Your reply has reached the editor" in thanked


def test_a_corrected_post_is_on_the_next_page_served(post):
    url = post.get_absolute_url()
    assert "Lord, be near the people of Lae" not in reader().get(url).content.decode()
    post.draft["reflection"]["prayer"] = "Lord, be near the people of Lae. Amen."
    post.save()
    assert "Lord, be near the people of Lae" in reader().get(url).content.decode()


def test_an_approved_reply_appears_on_the_kept_page(post):
    url = post.get_absolute_url()
    reader().get(url)
    Reply.objects.create(post=post, name="Boaz", message="With you.", status="approved")
    assert "With you." in reader().get(url).content.decode()


def test_who_prayed_sees_it_and_everyone_else_sees_the_count(post):
    url = post.get_absolute_url()
    reader().get(url)
    praying = reader()
    page = praying.get(url).content.decode()
    praying.post(f"{url}prayed/", {"csrfmiddlewaretoken": token_in(page)})
    assert "You prayed for this." in praying.get(url).content.decode()
    others = reader().get(url).content.decode()
    assert "You prayed for this." not in others and "1 person has prayed" in others


def test_an_editor_signed_in_never_gets_a_readers_kept_page(post, client, django_user_model):
    url = post.get_absolute_url()
    reader().get(url)
    client.force_login(django_user_model.objects.create_user("editor"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > 0


def test_a_missing_page_is_not_kept(site):
    assert reader().get("/posts/no-such-post/").status_code == 404
    assert reader().get("/posts/no-such-post/").status_code == 404


def test_made_up_parameters_share_the_kept_page_and_pages_of_a_list_do_not(site, monkeypatch):
    monkeypatch.setattr(views, "POSTS_PER_PAGE", 5)
    reader().get("/posts/")
    with CaptureQueriesContext(connection) as queries:
        assert reader().get("/posts/?utm_source=x&junk=1").status_code == 200
    assert len(queries) == 0
    first, second = reader().get("/posts/?page=1"), reader().get("/posts/?page=2")
    assert re.findall(r'href="(/posts/[^"]+/)"', first.content.decode()) != re.findall(
        r'href="(/posts/[^"]+/)"', second.content.decode()
    )


def test_a_generation_lost_from_a_full_cache_never_brings_old_pages_back(post):
    url = post.get_absolute_url()
    pages = caches[pagecache.PAGE_CACHE]
    pages.delete(pagecache.GENERATION_KEY)  # a fresh cache
    reader().get(url)  # kept under the first generation
    post.draft["reflection"]["prayer"] = "Lord, be near the people of Lae. Amen."
    post.save()
    pages.delete(pagecache.GENERATION_KEY)  # as culling a full cache may
    assert "Lord, be near the people of Lae" in reader().get(url).content.decode()


def test_a_kept_page_is_refused_to_a_host_the_site_does_not_serve(post):
    reader().get(post.get_absolute_url())
    stranger = Client(HTTP_HOST="evil.example")
    assert stranger.get(post.get_absolute_url()).status_code == 400


def test_with_a_cache_server_pages_are_kept_there_and_a_change_shows_next(post, redis_server):
    """PRAYNEWS_CACHE_URL: pages are kept in Redis, where every web machine reads them, and so
    is the generation an edit starts, so no machine serves the page as it was."""
    with override_settings(CACHES=caches_for(redis_server.url)):  # Django reopens its caches
        url = post.get_absolute_url()
        reader().get(url)
        with CaptureQueriesContext(connection) as queries:
            assert reader().get(url).status_code == 200
        assert len(queries) == 0  # kept, in Redis
        assert redis.Redis.from_url(redis_server.url).keys("praynews:pages:*")

        post.draft["reflection"]["prayer"] = "Lord, be near the people of Lae. Amen."
        post.save()
        assert "Lord, be near the people of Lae" in reader().get(url).content.decode()
