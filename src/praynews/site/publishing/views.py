"""Public pages: home, the list of posts, one post with its replies, its reply form and its "I
prayed" button, and media files."""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from praynews.core.reading import reader_view
from praynews.core.spoken import post_script
from praynews.core.text import normalise
from praynews.core.types import Draft
from praynews.site.editorial.models import Edition, Post
from praynews.site.publishing import audio
from praynews.site.publishing.forms import ReplyForm
from praynews.site.publishing.models import PostTopic, Reply
from praynews.site.publishing.pagecache import kept_for_readers, reader_pages_changed
from praynews.site.publishing.readable import draft_or_404, readable
from praynews.site.publishing.search import Results

HOME_POSTS = 7
POSTS_PER_PAGE = 12
EDITIONS_PER_PAGE = 60  # two months of days on one page of the archive
SEARCH_RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200  # characters; longer is a pasted text, not a search
ROBOTS_DISALLOW = ("/admin/", "/desk/", "/login/", "/newsletter/", "/search/")

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
# A byte range is read and sent this much at a time, as Django's FileResponse sends a whole file.
MEDIA_BLOCK_BYTES = 64 * 1024
# RFC 9110's single range; digits only (int() would also take "1_0" and " 10").
_RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)", re.IGNORECASE)

logger = logging.getLogger(__name__)


def published() -> QuerySet[Post]:
    """Published posts, newest first, with their published follow-ups at hand (a card says
    when its story was updated without a query of its own)."""
    updates = Prefetch(
        "follow_ups",
        queryset=Post.objects.filter(status=Post.Status.PUBLISHED),
        to_attr="published_updates",
    )
    live = Post.objects.filter(status=Post.Status.PUBLISHED).prefetch_related(updates)
    return live.order_by("-published_at", "-pk")


def latest_edition() -> Edition | None:
    """The newest edition that carries a published post."""
    carrying = Edition.objects.filter(items__post__status=Post.Status.PUBLISHED)
    return carrying.order_by("-day").first()


def edition_posts(edition: Edition) -> QuerySet[Post]:
    """The edition's published posts in its order: its top story first."""
    chosen = published().filter(editionitem__edition=edition)
    return chosen.order_by("editionitem__position")


@kept_for_readers
def home(request: HttpRequest) -> HttpResponse:
    """The latest edition's stories in its order, its top story leading, then the newest
    others: the lead is the day's most important story, not the last one written."""
    edition = latest_edition()
    ranked = list(edition_posts(edition)[:HOME_POSTS]) if edition else []
    newest = published().exclude(pk__in=[post.pk for post in ranked])
    posts = readable([*ranked, *newest[: HOME_POSTS - len(ranked)]])
    context = {"lead": posts[:1], "posts": posts[1:], "edition": edition}
    return render(request, "praynews/home.html", context)


@kept_for_readers
def post_list(request: HttpRequest) -> HttpResponse:
    """One page of posts; a post whose draft does not parse leaves its page one card short."""
    page = Paginator(published(), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "cards": readable(page.object_list)}
    return render(request, "praynews/post_list.html", context)


@require_http_methods(["GET", "POST"])
@kept_for_readers
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
    lines = post_script(reader_view(draft))
    context = {
        "post": post,
        "draft": draft,
        "recording": audio.recording_of(lines),
        "transcript": lines,
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
    reader_pages_changed()  # the count is on the page, and a bulk update sends no signal
    response.set_cookie(
        name,
        "1",
        max_age=PRAYED_COOKIE_DAYS * 86_400,
        path=post.get_absolute_url(),
        httponly=True,
        samesite="Lax",
    )
    return response


def media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve an ingested image or a recording; sandboxed so an SVG opened directly cannot run
    script. A byte range is served when asked (players seek with it, podcast apps require it)."""
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        target = (root / path).resolve()
        found = target.is_relative_to(root) and target.is_file()
        stored = target.open("rb") if found else None
    except (OSError, ValueError):  # a NUL byte, a name longer than the file system allows
        stored = None
    if stored is None:
        raise Http404("no such file")
    size = target.stat().st_size
    wanted = _byte_range(request.headers.get("Range", ""), size)
    if wanted is None:
        response: HttpResponse | StreamingHttpResponse = FileResponse(stored)
    elif not wanted:
        stored.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        response = _partial(stored, target, wanted, size)
    response["Accept-Ranges"] = "bytes"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _byte_range(header: str, size: int) -> range | None:
    """The bytes a single `bytes=` range asks for (RFC 9110 section 14.1.2); an empty range
    when none of them is in the file (416), None when the header is malformed or asks for
    several ranges (the whole file is sent, as the RFC allows)."""
    asked = _RANGE.fullmatch(header.strip())
    if asked is None or size == 0 or asked.group(1) == asked.group(2) == "":
        return None
    first, last = asked.group(1), asked.group(2)
    if not first:  # the last N bytes
        return range(max(0, size - int(last)), size)
    start = int(first)
    if last and int(last) < start:
        return None
    return range(start, min(int(last) + 1, size) if last else size)


def _partial(stored, target: Path, wanted: range, size: int) -> StreamingHttpResponse:
    """The range streamed a block at a time: a podcast app asks for `bytes=0-` of the whole
    recording, which must not be read into memory at once."""
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    response = StreamingHttpResponse(_blocks(stored, wanted), status=206, content_type=kind)
    response["Content-Range"] = f"bytes {wanted.start}-{wanted.stop - 1}/{size}"
    response["Content-Length"] = str(len(wanted))
    return response


def _blocks(stored, wanted: range) -> Iterator[bytes]:
    with stored:
        stored.seek(wanted.start)
        left = len(wanted)
        while left > 0:
            block = stored.read(min(MEDIA_BLOCK_BYTES, left))
            if not block:
                return
            left -= len(block)
            yield block


TOPIC_KINDS = {kind.value: kind.label for kind in PostTopic.Kind}


@kept_for_readers
def topic_index(request: HttpRequest) -> HttpResponse:
    """Every topic, theme, region and country with a published post, and how many."""
    listed = (
        PostTopic.objects.filter(post__status=Post.Status.PUBLISHED)
        .values("kind", "slug", "name")
        .annotate(posts=Count("post"))
        .order_by("kind", "name")
    )
    groups = {label: [] for label in TOPIC_KINDS.values()}
    for row in listed:
        groups[TOPIC_KINDS[row["kind"]]].append(row)
    return render(request, "praynews/topic_index.html", {"groups": groups})


@kept_for_readers
def topic(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """One topic's, theme's, region's or country's posts, newest first, a page at a time."""
    if kind not in TOPIC_KINDS:
        raise Http404("no such kind of page")
    listing = PostTopic.objects.filter(kind=kind, slug=slug, post__status=Post.Status.PUBLISHED)
    first = listing.first()
    if first is None:
        raise Http404("no published post has this topic")
    posts = published().filter(topics__kind=kind, topics__slug=slug)
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "cards": readable(page.object_list),
        "name": first.name,
        "kind": kind,
        "kind_label": TOPIC_KINDS[kind],
        "slug": slug,
    }
    return render(request, "praynews/topic.html", context)


@kept_for_readers
def editions(request: HttpRequest) -> HttpResponse:
    """The archive: every day with a published post in its edition, newest first."""
    days = (
        Edition.objects.filter(items__post__status=Post.Status.PUBLISHED)
        .annotate(posts=Count("items", filter=Q(items__post__status=Post.Status.PUBLISHED)))
        .order_by("-day")
    )
    page = Paginator(days, EDITIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "praynews/editions.html", {"page": page})


@kept_for_readers
def edition(request: HttpRequest, day: str) -> HttpResponse:
    """One day's edition: its published stories in the edition's order, and its recording."""
    try:
        chosen = Edition.objects.get(day=date.fromisoformat(day))
    except (ValueError, Edition.DoesNotExist):
        raise Http404("no edition on this day") from None
    if day != chosen.day.isoformat():  # 20261123 or 2026-W48-1: one address per day
        return redirect("edition", day=chosen.day.isoformat(), permanent=True)
    cards = readable(edition_posts(chosen))
    if not cards:
        raise Http404("nothing from this edition is published")
    newer = Edition.objects.filter(day__gt=chosen.day, items__post__status=Post.Status.PUBLISHED)
    older = Edition.objects.filter(day__lt=chosen.day, items__post__status=Post.Status.PUBLISHED)
    lines = audio.edition_lines(chosen)
    context = {
        "edition": chosen,
        "cards": cards,
        "recording": audio.recording_of(lines),
        "transcript": lines,
        "newer": newer.order_by("day").first(),
        "older": older.order_by("-day").first(),
    }
    return render(request, "praynews/edition.html", context)


def search_page(request: HttpRequest) -> HttpResponse:
    """Full-text search over published posts, matches highlighted, a page at a time."""
    query = " ".join(normalise(request.GET.get("q", "")).split())[:MAX_QUERY_LENGTH]
    page = None
    if query:
        page = Paginator(Results(query), SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        live = {p.pk: p for p in published().filter(pk__in=[hit.post_id for hit in page])}
        page.object_list = [(hit, live[hit.post_id]) for hit in page if hit.post_id in live]
    context = {"query": query, "page": page, "asked_nothing": "q" in request.GET and not query}
    return render(request, "praynews/search.html", context)


def robots(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site, not the desk, the admin or readers' forms."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
