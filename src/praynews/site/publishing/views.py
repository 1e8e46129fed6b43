"""Public pages: home, the list of posts, one post with its replies, its reply form and its "I
prayed" button, and media files."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from praynews.core.types import Draft
from praynews.site.editorial.models import Post
from praynews.site.publishing.forms import ReplyForm
from praynews.site.publishing.models import Reply
from praynews.site.publishing.readable import draft_or_404, readable

HOME_POSTS = 7
POSTS_PER_PAGE = 12

# Replies per client address (REMOTE_ADDR, IPv6 by /64). A reader who sends a correction, a prayer
# request and a thank-you on a few posts writes a handful in some minutes; a household or a
# church hall behind one address writes a few more. Ten per ten minutes leaves them room and stops
# a flood at ten, not five hundred; fifty a day caps a bot that waits out each ten minutes.
REPLIES_PER_BURST = 10
BURST_MINUTES = 10
REPLIES_PER_DAY = 50
# "I prayed" presses per client address per hour: a church hall praying along on one network
# is a few dozen; past this many, presses from that address are not counted.
PRAYERS_PER_HOUR = 60
# A browser remembers it prayed for a post this long, so it is counted once.
PRAYED_COOKIE_DAYS = 365

logger = logging.getLogger(__name__)


def published() -> QuerySet[Post]:
    return Post.objects.filter(status=Post.Status.PUBLISHED).order_by("-published_at", "-pk")


def home(request: HttpRequest) -> HttpResponse:
    posts = readable(published()[:HOME_POSTS])
    return render(request, "praynews/home.html", {"lead": posts[:1], "posts": posts[1:]})


def post_list(request: HttpRequest) -> HttpResponse:
    """One page of posts; a post whose draft does not parse leaves its page one card short."""
    page = Paginator(published(), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "cards": readable(page.object_list)}
    return render(request, "praynews/post_list.html", context)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=f"{REPLIES_PER_BURST}/{BURST_MINUTES}m", method="POST", block=False)
@ratelimit(key="ip", rate=f"{REPLIES_PER_DAY}/d", method="POST", block=False)
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The post and its reply form; every POST counts towards the sender's limits."""
    post = get_object_or_404(published(), slug=slug)
    draft = draft_or_404(post)
    form = ReplyForm(request.POST or None)
    if request.limited:
        return _post_page(request, post, draft, form, status=429)
    if request.method == "POST" and form.is_valid():
        _store_reply(form, post)
        messages.success(request, "Thank you. Your reply has reached the editor.")
        return redirect(post.get_absolute_url() + "#reply")
    return _post_page(request, post, draft, form)


def _store_reply(form: ReplyForm, post: Post) -> None:
    """Store the reply, unless a bot filled in the honeypot: it is thanked all the same, so it
    learns nothing to adapt to."""
    if form.is_bot:
        logger.info("reply on post %s dropped: the honeypot field was filled in", post.slug)
        return
    reply = form.save(commit=False)
    reply.post = post
    reply.save()


def _post_page(
    request: HttpRequest, post: Post, draft: Draft, form: ReplyForm, status: int = 200
) -> HttpResponse:
    context = {
        "post": post,
        "draft": draft,
        "form": form,
        "limited": status == 429,
        "replies": post.replies.filter(status=Reply.Status.APPROVED).order_by("created_at", "pk"),
        "prayed": _prayed_cookie(post) in request.COOKIES,
    }
    return render(request, "praynews/post_detail.html", context, status=status)


def _prayed_cookie(post: Post) -> str:
    return f"prayed-{post.pk}"


@require_POST
@ratelimit(key="ip", rate=f"{PRAYERS_PER_HOUR}/h", method="POST", block=False)
def prayed(request: HttpRequest, slug: str) -> HttpResponse:
    """Count one prayer for the post, once per browser: the browser keeps a cookie that says
    only that it prayed for this post (no identifier, nothing else), and a second press is not
    counted. A flood from one address stops counting at the hour's limit."""
    post = get_object_or_404(published(), slug=slug)
    response = redirect(post.get_absolute_url() + "#prayed")
    name = _prayed_cookie(post)
    if name in request.COOKIES or request.limited:
        return response
    Post.objects.filter(pk=post.pk).update(prayed_count=F("prayed_count") + 1)
    response.set_cookie(
        name,
        "1",
        max_age=PRAYED_COOKIE_DAYS * 86_400,
        path=post.get_absolute_url(),
        httponly=True,
        samesite="Lax",
    )
    return response


def media(request: HttpRequest, path: str) -> FileResponse:
    """Serve an ingested image; sandboxed so an SVG opened directly cannot run script."""
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        target = (root / path).resolve()
        found = target.is_relative_to(root) and target.is_file()
        image = target.open("rb") if found else None
    except (OSError, ValueError):  # a NUL byte, a name longer than the file system allows
        image = None
    if image is None:
        raise Http404("no such image")
    response = FileResponse(image)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "public, max-age=86400"
    return response
