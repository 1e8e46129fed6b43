"""The editor's desk: the day's drafts, one draft beside its sources, and the reply queue.

Every view is for editors only: an anonymous visitor is sent to log in, and an account without
the review permission (a reader's) is refused. Every change is a POST, behind Django's CSRF
check, handled by a service; the view turns the service's refusal into a message and returns
to the page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from praynews.core.errors import DraftFormatError, PrayNewsError
from praynews.site.desk.forms import (
    CompareForm,
    MoveForm,
    PartForm,
    RegenerateForm,
    ReplyModerationForm,
    VerseForm,
)
from praynews.site.desk.review import day_listing, dom_id
from praynews.site.desk.review import review as review_of
from praynews.site.editorial import editing, workflow
from praynews.site.editorial import services as editorial
from praynews.site.editorial.models import Post
from praynews.site.newsletter.service import post_preview_html
from praynews.site.publishing import replies as moderation
from praynews.site.publishing.forms import ReplyForm
from praynews.site.publishing.models import Reply

REVIEW_PERMISSION = "editorial.review_post"
OVERRIDE_PERMISSION = "editorial.override_check"
# A mail runs no script and loads nothing but its images, which the site serves.
MAIL_PREVIEW_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"


def desk_view(*methods: str) -> Callable:
    """Editors only (log in first; a reader's account is refused), and only these methods."""

    def wrap(view: Callable) -> Callable:
        allowed = require_http_methods(list(methods))(view)
        return login_required(permission_required(REVIEW_PERMISSION, raise_exception=True)(allowed))

    return wrap


@desk_view("GET")
def day(request: HttpRequest) -> HttpResponse:
    try:
        wanted = date.fromisoformat(request.GET["day"]) if "day" in request.GET else None
    except ValueError:
        messages.error(request, "That is not a day (write it as 2026-12-03); here is the newest.")
        wanted = None
    listing = day_listing(wanted)
    waiting = moderation.waiting().count()
    return render(request, "desk/day.html", {"listing": listing, "replies_waiting": waiting})


@desk_view("GET")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("story"), pk=pk)
    try:
        shown = review_of(post)
    except DraftFormatError as exc:
        return render(request, "desk/unreadable.html", {"post": post, "error": exc}, status=409)
    context = {
        "review": shown,
        "post": post,
        "candidates": editing.candidates(post),
        "events": post.events.select_related("by"),
        "revisions": post.revisions.select_related("by"),
        "can_override": request.user.has_perm(OVERRIDE_PERMISSION),
        "move_form": MoveForm(),
    }
    return render(request, "desk/review.html", context)


def _back(post: Post, anchor: str = "") -> HttpResponse:
    return redirect(reverse("desk:post", args=[post.pk]) + (f"#{anchor}" if anchor else ""))


def _refused(request: HttpRequest, exc: PrayNewsError) -> None:
    message = str(exc)
    messages.error(request, message[:1].upper() + message[1:])


def _form_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@desk_view("POST")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    form = PartForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(post)
    where = form.cleaned_data["where"]
    try:
        changed = editing.edit_part(post, where, form.cleaned_data["text"], request.user)
    except PrayNewsError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "Saved." if changed else "Nothing changed.")
    return _back(post, dom_id(where))


@desk_view("POST")
def regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    form = RegenerateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(post)
    try:
        changed = editing.regenerate_part(post, form.cleaned_data["where"], request.user)
    except PrayNewsError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, "Written again from the sources." if changed else "The writer wrote it so."
        )
    return _back(post)


@desk_view("POST")
def verse(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    form = VerseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(post, "verse")
    try:
        editing.swap_verse(post, form.cleaned_data["ref"], request.user)
    except PrayNewsError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"The verse is now {post.verse_reference}.")
    return _back(post, "verse")


@desk_view("POST")
def move(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("story"), pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(post, "workflow")
    try:
        done = _make_move(request, post, form.cleaned_data)
    except PrayNewsError as exc:
        _refused(request, exc)
    else:
        messages.success(request, done)
    return _back(post, "workflow")


def _make_move(request: HttpRequest, post: Post, data: dict) -> str:
    """Make the chosen move; returns what happened, or raises with why not."""
    user, reason = request.user, data["reason"] or ""
    chosen = data["move"]
    if chosen == "submit":
        workflow.submit(post, user)
        return "Sent for review."
    if chosen == "approve":
        workflow.approve(post, user, override_reason=reason)
        return "Approved."
    if chosen == "schedule":
        if not data["at"]:
            raise PrayNewsError("choose the time to publish it")
        workflow.schedule(post, data["at"], user)
        return f"Scheduled for {data['at']:%d %B %Y, %H:%M} UTC."
    if chosen == "unschedule":
        workflow.unschedule(post, user)
        return "No longer scheduled: approved, waiting."
    if chosen == "publish":
        publication = workflow.publish_now(post, user)
        if not publication.published:
            raise PrayNewsError(f"not published: {publication.reason}")
        return "Published."
    if chosen == "send_back":
        workflow.send_back(post, user, reason)
        return "Sent back to the drafts."
    if not reason.strip():
        raise PrayNewsError("say why the post comes down: readers may ask")
    if not editorial.return_to_draft(post, by=user, reason=reason.strip()):
        raise PrayNewsError("the post is not published")
    return "Taken down."


@desk_view("GET")
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The post as readers will see it on the site, before it is published."""
    post = get_object_or_404(Post, pk=pk)
    try:
        draft = post.as_draft
    except DraftFormatError as exc:
        return render(request, "desk/unreadable.html", {"post": post, "error": exc}, status=409)
    context = {"post": post, "draft": draft, "form": ReplyForm(), "preview": True}
    return render(request, "praynews/post_detail.html", context)


@desk_view("GET")
def preview_email(request: HttpRequest, pk: int) -> HttpResponse:
    """The post's mail as subscribers will get it; sandboxed, as a mail runs no script."""
    post = get_object_or_404(Post, pk=pk)
    try:
        html = post_preview_html(post)
    except DraftFormatError as exc:
        return render(request, "desk/unreadable.html", {"post": post, "error": exc}, status=409)
    response = HttpResponse(html)
    response["Content-Security-Policy"] = MAIL_PREVIEW_POLICY
    return response


@desk_view("GET")
def revisions(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    numbers = list(post.revisions.values_list("number", flat=True))
    form = CompareForm(
        request.GET
        or {"a": numbers[-2] if len(numbers) > 1 else 1, "b": numbers[-1] if numbers else 1}
    )
    changes, error = [], ""
    if form.is_valid():
        a, b = sorted((form.cleaned_data["a"], form.cleaned_data["b"]))
        try:
            changes = editing.compare_revisions(post, a, b)
        except PrayNewsError as exc:
            error = str(exc)
    else:
        error = "Choose two revisions to compare."
    context = {
        "post": post,
        "revisions": post.revisions.select_related("by"),
        "form": form,
        "changes": changes,
        "error": error,
    }
    return render(request, "desk/revisions.html", context)


@desk_view("GET")
def replies(request: HttpRequest) -> HttpResponse:
    context = {
        "waiting": moderation.waiting(),
        "moderated": moderation.recently_moderated(),
    }
    return render(request, "desk/replies.html", context)


@desk_view("POST")
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Reply.objects.select_related("post"), pk=pk)
    form = ReplyModerationForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("desk:replies")
    action = form.cleaned_data["action"]
    if action == "answer":
        try:
            to = moderation.answer(found, form.cleaned_data["answer"], request.user)
        except PrayNewsError as exc:
            _refused(request, exc)
        else:
            messages.success(request, f"Your answer went to {to}.")
    else:
        moderation.moderate(found, approve=action == "approve")
        shown = "is shown under the post" if action == "approve" else "is not shown"
        messages.success(request, f"{found.name}'s reply {shown}.")
    return redirect(reverse("desk:replies") + f"#reply-{found.pk}")
