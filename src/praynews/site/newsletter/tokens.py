"""The signed links mailed to subscribers (Django's signing, keyed by the site's secret).

A token names the subscriber, their current key and what it is for; the purpose is the
signing salt, so a preferences link cannot be replayed as a confirmation. A confirmation
expires; an unsubscribe or preferences link does not (a reader may use an old mail), but every
token dies when the subscriber's key changes (on unsubscribing, and on subscribing again).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core import signing

from praynews.site.newsletter.models import Subscriber

# A confirmation mail read the next weekend still works; one found weeks later asks the reader
# to subscribe again, which sends a fresh link.
CONFIRM_MAX_AGE_SECONDS = 7 * 24 * 3600


class Purpose(StrEnum):
    CONFIRM = "confirm"
    UNSUBSCRIBE = "unsubscribe"
    PREFERENCES = "preferences"


class BadToken(Exception):
    """The link is forged, damaged, expired, for another purpose, or from before a new key."""

    def __init__(self, expired: bool = False) -> None:
        self.expired = expired
        super().__init__("this link has expired" if expired else "this link is not valid")


@dataclass(frozen=True)
class Claim:
    subscriber: Subscriber
    mailing_id: int | None  # the mail an unsubscribe link came in, to count it there


def make(purpose: Purpose, subscriber: Subscriber, mailing_id: int | None = None) -> str:
    payload = [subscriber.pk, subscriber.key] + ([mailing_id] if mailing_id else [])
    return signing.dumps(payload, salt=_salt(purpose))


def read(purpose: Purpose, token: str) -> Claim:
    """The subscriber the token was made for, as long as it is still theirs to use."""
    max_age = CONFIRM_MAX_AGE_SECONDS if purpose is Purpose.CONFIRM else None
    try:
        payload = signing.loads(token, salt=_salt(purpose), max_age=max_age)
    except signing.SignatureExpired as exc:
        raise BadToken(expired=True) from exc
    except signing.BadSignature as exc:
        raise BadToken() from exc
    if not isinstance(payload, list) or len(payload) not in (2, 3):
        raise BadToken()
    subscriber = Subscriber.objects.filter(pk=payload[0], key=payload[1]).first()
    if subscriber is None:
        raise BadToken()
    return Claim(subscriber, payload[2] if len(payload) == 3 else None)


def _salt(purpose: Purpose) -> str:
    return f"praynews.newsletter.{purpose}"
