"""Every route in the URL conf, walked: so a route added without protection fails here.

Every desk route sends an anonymous visitor to log in and refuses a reader's account (one
without the editors' permission), whatever the method. Every route refuses a POST without a
valid CSRF token, but for the two a machine calls with no page in front of it, which are
named here and prove themselves otherwise (a signed token, a signed body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from praynews.site import services
from praynews.site.editorial.models import Post
from praynews.site.news.ingest import ingest
from praynews.site.publishing.models import Reply

pytestmark = pytest.mark.django_db

# The views that take POSTs without Django's CSRF token, and why that is safe.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: the mail client POSTs with no page; the signed token in
    # the link is the key, and all it can do is unsubscribe its own reader.
    "praynews.site.newsletter.views.unsubscribe",
    # A mail service reports bounces; an HMAC over the timestamp and body is the proof.
    "praynews.site.newsletter.views.bounce_webhook",
}


@dataclass(frozen=True)
class Route:
    url: str
    name: str
    view: str


def _qualified(callback) -> str:
    view = getattr(callback, "view_class", None) or getattr(callback, "__wrapped__", callback)
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    if not hasattr(view, "__qualname__"):
        view = type(view)  # a callable instance: a feed
    return f"{view.__module__}.{view.__qualname__}"


def _sample(name: str, values: dict[str, str]) -> str:
    return values.get(name, "1")


def _filled(pattern, values: dict[str, str]) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: _sample(m.group(1), values), text)
        return text.lstrip("^").rstrip("$").replace("\\Z", "")
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: _sample(m.group(1), values), text)


def routes(values: dict[str, str]) -> list[Route]:
    """Every route of the URL conf with sample values filled in, each checked to resolve to
    its own view (a route the walk cannot fill fails the test rather than being skipped)."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + _filled(entry.pattern, values), inner)
            elif isinstance(entry, URLPattern):
                url = "/" + prefix + _filled(entry.pattern, values)
                found.append(Route(url, namespace + (entry.name or ""), _qualified(entry.callback)))

    walk(get_resolver().url_patterns, "", "")
    for route in found:
        assert _qualified(resolve(route.url).func) == route.view, route
    return found


@pytest.fixture
def values(samples) -> dict[str, str]:
    ingest(str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"))
    services.write_pending()
    post = Post.objects.get()
    reply = Reply.objects.create(post=post, name="Ruth", message="Amen.")
    return {
        "pk": str(post.pk),
        "slug": post.slug,
        "app_label": "editorial",
        "object_id": str(post.pk),
        "path": "x.png",
        "token": "x",
        "reply": str(reply.pk),
        "url": "x",
    }


def desk_routes(values) -> list[Route]:
    return [r for r in routes(values) if r.name.startswith("desk:")]


def test_the_walk_finds_every_desk_route(values):
    from praynews.site.desk.urls import urlpatterns

    assert len(desk_routes(values)) == len(urlpatterns) >= 11


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_desk_route_sends_an_anonymous_visitor_to_log_in(values, method):
    client = Client()
    for route in desk_routes(values):
        response = getattr(client, method)(route.url)
        assert response.status_code == 302, route
        assert response["Location"].startswith("/login/?next="), route


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_desk_route_refuses_a_readers_account(values, method):
    client = Client()
    client.force_login(User.objects.create_user("reader", "reader@example.org", "pw"))
    for route in desk_routes(values):
        assert getattr(client, method)(route.url).status_code == 403, route


def test_every_route_refuses_a_post_without_a_csrf_token(values):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))
    exempt = set()
    for route in routes(values):
        response = client.post(route.url, {"move": "approve", "where": "dek", "text": "x"})
        if route.view in CSRF_EXEMPT:
            exempt.add(route.view)
            continue
        assert response.status_code == 403, route
        assert b"CSRF" in response.content, route
    assert exempt == CSRF_EXEMPT
    assert Post.objects.get().status == Post.Status.DRAFT
    assert Post.objects.get().revisions.count() == 1
