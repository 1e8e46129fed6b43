"""The newsletter's pages: subscribe, confirm (by a button), preferences, unsubscribe (by a
button, or RFC 8058's one-click POST), a mail in the browser, and the bounce webhook."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from praynews.core.errors import InputError, PrayNewsError
from praynews.site.newsletter import bounces, queueing, subscribing, tokens
from praynews.site.newsletter.forms import PreferencesForm, SubscribeForm
from praynews.site.newsletter.mail import PREFERENCES_MARK, UNSUBSCRIBE_MARK, MailSettings
from praynews.site.newsletter.models import Mailing, Subscriber

log = logging.getLogger(__name__)

# Subscribe attempts per client address. A household signing up two or three addresses, with
# a typo or two, stays under five in ten minutes; twenty a day lets a church office add its
# people by hand while a script probing addresses or mail-bombing through us is stopped early.
SUBSCRIBES_PER_BURST = 5
BURST_MINUTES = 10
SUBSCRIBES_PER_DAY = 20


@require_POST
@ratelimit(key="ip", rate=f"{SUBSCRIBES_PER_BURST}/{BURST_MINUTES}m", block=False)
@ratelimit(key="ip", rate=f"{SUBSCRIBES_PER_DAY}/d", block=False)
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST)
    if request.limited:
        return _page(request, "subscribe", {"form": form, "limited": True}, status=429)
    if not form.is_valid():
        return _page(request, "subscribe", {"form": form}, status=400)
    if form.is_bot:  # thanked like anyone, so it learns nothing
        log.info("subscribe dropped: the honeypot field was filled in")
        return _page(request, "check_inbox", {})
    frequency = form.cleaned_data["frequency"] or Subscriber.Frequency.DAILY
    try:
        subscribing.subscribe(form.cleaned_data["email"], frequency)
    except InputError as exc:
        form.add_error("email", str(exc.why or exc))
        return _page(request, "subscribe", {"form": form}, status=400)
    except PrayNewsError as exc:
        log.error("subscribe: the confirmation mail could not be sent: %s", exc)
        return _page(request, "subscribe", {"form": form, "mail_down": True}, status=503)
    return _page(request, "check_inbox", {})


@require_GET
def subscribe_page(request: HttpRequest) -> HttpResponse:
    return _page(request, "subscribe", {"form": SubscribeForm()})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    claim = _claim(request, tokens.Purpose.CONFIRM, token)
    if isinstance(claim, HttpResponse):
        return claim
    if request.method == "GET":
        pending = claim.subscriber.status == Subscriber.Status.PENDING
        return _page(request, "confirm", {"subscriber": claim.subscriber, "pending": pending})
    confirmed = subscribing.confirm(claim)
    return _page(request, "confirmed", {"subscriber": claim.subscriber, "confirmed": confirmed})


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    claim = _claim(request, tokens.Purpose.PREFERENCES, token)
    if isinstance(claim, HttpResponse):
        return claim
    subscriber = claim.subscriber
    form = PreferencesForm(request.POST or None, initial={"frequency": subscriber.frequency})
    saved = False
    if request.method == "POST" and form.is_valid():
        subscribing.set_frequency(claim, form.cleaned_data["frequency"])
        subscriber.refresh_from_db()
        saved = True
    leave = tokens.make(tokens.Purpose.UNSUBSCRIBE, subscriber)
    context = {"form": form, "subscriber": subscriber, "saved": saved, "unsubscribe_token": leave}
    return _page(request, "preferences", context)


@csrf_exempt  # RFC 8058: the mail client POSTs with no page and no cookie; the token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button and changes nothing; POST (the button, or a mail client's one-click
    request) unsubscribes at once."""
    claim = _claim(request, tokens.Purpose.UNSUBSCRIBE, token)
    if isinstance(claim, HttpResponse):
        return claim
    if request.method == "GET":
        return _page(request, "unsubscribe", {"subscriber": claim.subscriber, "token": token})
    subscribing.unsubscribe(claim)
    return _page(request, "unsubscribed", {"subscriber": claim.subscriber})


@require_GET
def mail_in_browser(request: HttpRequest, mailing_id: int) -> HttpResponse:
    """An edition or digest as it would be mailed now, its personal links pointing at the
    subscribe page: rendered again, not the stored mail, so a post taken down since it was
    sent is not published here."""
    mailing = get_object_or_404(Mailing, pk=mailing_id)
    if mailing.post:  # a post's mail is the post: its page is the better reading
        if mailing.post.status != mailing.post.Status.PUBLISHED:
            raise Http404("this mail's post is not published")
        return redirect(mailing.post)
    collection = queueing.collection_of(mailing)
    if not collection.posts:
        raise Http404("none of this mail's posts is published now")
    rendered = queueing.render_mailing(collection, mailing, MailSettings.current())
    page = request.build_absolute_uri("/newsletter/")
    html = rendered.html.replace(UNSUBSCRIBE_MARK, page).replace(PREFERENCES_MARK, page)
    response = HttpResponse(html)
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src * data:; style-src 'unsafe-inline'"
    )
    return response


@csrf_exempt  # a mail service calls it; the signature over the body is the proof
@require_POST
def bounce_webhook(request: HttpRequest) -> HttpResponse:
    try:
        events = bounces.verified_webhook_events(
            request.body, request.headers.get(bounces.SIGNATURE_HEADER, "")
        )
    except bounces.WebhookRefused as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    applied = bounces.apply(events)
    return JsonResponse({"applied": applied})


def _claim(
    request: HttpRequest, purpose: tokens.Purpose, token: str
) -> tokens.Claim | HttpResponse:
    """The token's claim, or the page saying the link cannot be used (and changing nothing)."""
    try:
        return tokens.read(purpose, token)
    except tokens.BadToken as exc:
        return _page(request, "bad_link", {"expired": exc.expired}, status=400)


def _page(request: HttpRequest, name: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, f"praynews/newsletter/{name}.html", context, status=status)
