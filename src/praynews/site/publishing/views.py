"""Public pages: home, the list of posts, one post with its reply form, and media files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from praynews.site.editorial.models import Post
from praynews.site.publishing.forms import ReplyForm
from praynews.site.publishing.readable import draft_or_404, readable

HOME_POSTS = 7
POSTS_PER_PAGE = 12


def published() -> object:
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
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(published(), slug=slug)
    draft = draft_or_404(post)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reply = form.save(commit=False)
        reply.post = post
        reply.save()
        messages.success(request, "Thank you. Your reply has reached the editor.")
        return redirect(post.get_absolute_url() + "#reply")
    context = {"post": post, "draft": draft, "form": form}
    return render(request, "praynews/post_detail.html", context)


def media(request: HttpRequest, path: str) -> FileResponse:
    """Serve an ingested image; sandboxed so an SVG opened directly cannot run script."""
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404("no such image")
    response = FileResponse(target.open("rb"))
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "public, max-age=86400"
    return response
