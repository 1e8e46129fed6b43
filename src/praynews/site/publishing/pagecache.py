"""Whole reader pages kept once rendered, for readers who bring nothing of their own.

Rendering a post page costs about ten milliseconds of Django templates; a reader without a
session, a message or an "I prayed" cookie sees the same page as every other such reader,
except for the CSRF token in its forms. So the page is kept with a placeholder where the token
goes, and each reader gets a copy with a token of their own: the forms keep Django's CSRF
protection, and a kept page costs a cache read and a byte replacement.

The pages live in the "pages" cache, a folder in the data folder by default, so the web server
and the worker (separate processes) share it. Any change to a post, a reply, a recording, an
edition or a listing starts a new generation: every page kept before it is never read again,
so a corrected post or a new recording is on the next page served.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

PAGE_CACHE = "pages"
GENERATION_KEY = "generation"
# The apps whose rows make up what a reader sees: posts and editions (editorial); replies,
# recordings and topic listings (publishing).
READER_APPS = frozenset({"editorial", "publishing"})
# A kept page is dropped after this long even if no change was announced (a row changed by a
# bulk update, which sends no signal), so no page can be wrong for longer.
PAGE_SECONDS = 300
MAX_PAGE_PARAMETER = 12  # characters of ?page= in a key; no archive has more pages than that
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')

View = Callable[..., HttpResponse]


def kept_for_readers(view: View) -> View:
    """Serve the view's page from the cache to readers who bring nothing of their own."""

    @wraps(view)
    def serve(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not _brings_nothing(request):
            return view(request, *args, **kwargs)
        pages = caches[PAGE_CACHE]
        key = f"{_generation(pages)}:{request.path}?{_page_number(request)}"
        kept = pages.get(key)
        if kept is not None:
            content_type, body = kept
            return HttpResponse(_with_token(request, body), content_type=content_type)
        response = view(request, *args, **kwargs)
        if _keepable(response):
            body = _CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
            pages.set(key, (response["Content-Type"], body), PAGE_SECONDS)
        return response

    return serve


def _generation(pages: BaseCache) -> int:
    """The current generation. One that is missing (a fresh cache, or its entry culled when
    the cache was full) starts anew, never at a number pages were kept under before."""
    generation = pages.get(GENERATION_KEY)
    return generation if generation is not None else reader_pages_changed()


def _brings_nothing(request: HttpRequest) -> bool:
    """A GET with no cookie but the CSRF one: no session (an editor), no message waiting
    (a reply just sent) and no "I prayed" mark, each of which changes the page."""
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def _page_number(request: HttpRequest) -> str:
    """The one query parameter these pages read. Any other is left out of the key, so an
    address with made-up parameters is the same kept page, not a new file in the cache."""
    return request.GET.get("page", "")[:MAX_PAGE_PARAMETER]


def _keepable(response: HttpResponse) -> bool:
    return response.status_code == 200 and not response.streaming and not response.cookies


def _with_token(request: HttpRequest, body: bytes) -> bytes:
    """The kept page with this reader's CSRF token; asking for it also sets their cookie."""
    if CSRF_PLACEHOLDER not in body:
        return body
    return body.replace(CSRF_PLACEHOLDER, get_token(request).encode())


def reader_pages_changed(**_: object) -> int:
    """Start a new generation: no page kept so far is served again."""
    generation = time.time_ns()
    caches[PAGE_CACHE].set(GENERATION_KEY, generation, None)
    return generation


def _changed_row(sender: type, **_: object) -> None:
    if sender._meta.app_label in READER_APPS:
        reader_pages_changed()


def listen_for_changes() -> None:
    """Every saved or deleted row of the reader's apps starts a new generation."""
    post_save.connect(_changed_row, dispatch_uid="pagecache-saved")
    post_delete.connect(_changed_row, dispatch_uid="pagecache-deleted")
