"""Bounces, complaints and unsubscribe requests: read from a mailbox, or posted by a mail
service to the signed webhook; hard bounces and complaints suppress the address.

The webhook's requests carry `X-Praynews-Signature: t=<unix time>,v1=<hex>`, the HMAC-SHA256
of "<t>.<body>" under PRAYNEWS_BOUNCE_SECRET, like the signatures Stripe and Mailgun send: a
request not signed with the secret, or signed more than five minutes ago, changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import mailbox
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from praynews.core.bounces import MailReport, ReportKind, read_report
from praynews.core.errors import InputError
from praynews.site.config import setting
from praynews.site.newsletter import subscribing, tokens
from praynews.site.newsletter.mail import delivery_named_by
from praynews.site.newsletter.models import Delivery, Subscriber, Suppression
from praynews.site.newsletter.sending import suppress

SIGNATURE_HEADER = "X-Praynews-Signature"
SIGNATURE_MAX_AGE_SECONDS = 300
_TOKEN_IN_LINK = re.compile(r"/unsubscribe/([A-Za-z0-9_.:\-]+)/?")

SUPPRESSING = {
    ReportKind.HARD_BOUNCE: Suppression.Reason.BOUNCED,
    ReportKind.COMPLAINT: Suppression.Reason.COMPLAINED,
}


@dataclass
class MailboxResult:
    read: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    suppressed: int = 0
    unsubscribed: int = 0
    problems: list[str] = field(default_factory=list)


def read_mailbox(path: Path) -> MailboxResult:
    """Every message of an mbox file or a Maildir folder, acted on; the mailbox is only read
    (a message read twice changes nothing more)."""
    box = _open(path)
    result = MailboxResult()
    for key in box.iterkeys():
        try:
            data = box.get_bytes(key)
        except (OSError, KeyError, ValueError) as exc:
            result.problems.append(f"message {key}: cannot be read: {exc}")
            continue
        report = read_report(data)
        result.read += 1
        result.counts[report.kind] = result.counts.get(report.kind, 0) + 1
        done = apply_report(report)
        result.suppressed += done == "suppressed"
        result.unsubscribed += done == "unsubscribed"
    return result


def _open(path: Path) -> mailbox.Mailbox:
    if path.is_dir():
        if not (path / "cur").is_dir() or not (path / "new").is_dir():
            raise InputError(f"{path} is a folder but not a Maildir (it has no cur/ and new/)")
        return mailbox.Maildir(path, factory=None, create=False)
    if not path.is_file():
        raise InputError(f"{path}: no such mbox file or Maildir folder")
    return mailbox.mbox(path, factory=None, create=False)


def apply_report(report: MailReport) -> str:
    """Act on one report: suppress, unsubscribe, or nothing; says which."""
    if report.kind in SUPPRESSING:
        for email in _addresses(report):
            suppress(email, SUPPRESSING[report.kind], report.detail)
        _mark_bounced(report)
        return "suppressed" if _addresses(report) else "nothing"
    if report.kind is ReportKind.UNSUBSCRIBE:
        return "unsubscribed" if _unsubscribe_request(report) else "nothing"
    return "nothing"


def _addresses(report: MailReport) -> set[str]:
    """The addresses a report names, and those of the deliveries its Message-IDs name (a
    forwarding address bounces with a name we never mailed)."""
    emails = set(report.recipients)
    for named in filter(None, map(delivery_named_by, report.message_ids)):
        subscriber = Subscriber.objects.filter(pk=named[1]).first()
        if subscriber:
            emails.add(subscriber.email)
    return emails


def _mark_bounced(report: MailReport) -> None:
    for mailing_id, subscriber_id in filter(None, map(delivery_named_by, report.message_ids)):
        Delivery.objects.filter(mailing_id=mailing_id, subscriber_id=subscriber_id).update(
            status=Delivery.Status.BOUNCED, last_error=report.detail[:2000]
        )


def _unsubscribe_request(report: MailReport) -> bool:
    """A mail to the List-Unsubscribe mailto: its subject carries the one-click link's token,
    which must be valid (anyone can send a mail with any From)."""
    found = _TOKEN_IN_LINK.search(report.detail)
    if not found:
        return False
    try:
        claim = tokens.read(tokens.Purpose.UNSUBSCRIBE, found.group(1))
    except tokens.BadToken:
        return False
    return subscribing.unsubscribe(claim)


class WebhookRefused(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def sign(body: bytes, secret: str, at: int | None = None) -> str:
    """The signature header's value for a body (what a mail service computes)."""
    at = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def verified_webhook_events(body: bytes, signature: str) -> list[MailReport]:
    """The events of a webhook request whose signature is good and fresh."""
    secret = setting("PRAYNEWS_BOUNCE_SECRET")
    if not secret:
        raise WebhookRefused("the bounce webhook is off (PRAYNEWS_BOUNCE_SECRET is not set)", 404)
    fields = dict(part.split("=", 1) for part in signature.split(",") if "=" in part)
    at = fields.get("t", "")
    if not at.isdigit() or abs(time.time() - int(at)) > SIGNATURE_MAX_AGE_SECONDS:
        raise WebhookRefused("the signature is missing or too old", 401)
    if not hmac.compare_digest(sign(body, secret, int(at)), f"t={at},v1={fields.get('v1', '')}"):
        raise WebhookRefused("the signature does not match", 401)
    try:
        events = json.loads(body)["events"]
        return [_event(e) for e in events]
    except (ValueError, KeyError, TypeError) as exc:
        raise WebhookRefused(f"the body is not a list of events: {exc}", 400) from exc


def _event(event: dict) -> MailReport:
    email = str(event["email"]).strip().lower()
    kind = {
        "bounce": ReportKind.HARD_BOUNCE
        if event.get("permanent", True)
        else ReportKind.SOFT_BOUNCE,
        "complaint": ReportKind.COMPLAINT,
    }[event["type"]]
    ids = tuple(str(i) for i in event.get("message_ids", ()))
    return MailReport(kind, (email,), ids, str(event.get("detail", ""))[:2000])


def apply(events: list[MailReport]) -> int:
    return sum(apply_report(event) == "suppressed" for event in events)
