"""Mails as subscribers receive them: rendered once per mailing, made personal per recipient.

A mailing's HTML and text are rendered when it is queued (the same words for everyone, however
long the send takes) with two markers where each recipient's own links go; `PersonalMail`
puts those links in and adds the headers: Reply-To the editor, RFC 8058 one-click unsubscribe,
and a Message-ID that is the same each time one mail is made for one subscriber.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from binascii import b2a_qp
from dataclasses import dataclass
from email.header import Header
from email.headerregistry import Address
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import format_datetime, formataddr, getaddresses
from urllib.parse import quote

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from praynews.core.types import Draft
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.config import setting
from praynews.site.editorial.models import Post
from praynews.site.newsletter import tokens
from praynews.site.newsletter.models import Mailing, Subscriber
from praynews.site.newsletter.transport import Outgoing, flattened

UNSUBSCRIBE_MARK = "PRAYNEWS_UNSUBSCRIBE_URL"
PREFERENCES_MARK = "PRAYNEWS_PREFERENCES_URL"
# Gmail clips a message whose HTML passes about 102 KB; the tests hold every mail under this.
MAX_HTML_BYTES = 100_000
MESSAGE_ID_DIGEST_CHARS = 16

_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)
# Messages are built with the email package's compat32 classes, bodies encoded by binascii's
# quoted-printable (C) and the multipart boundary given, not searched for: the modern policy
# parses every header it is given, the pure-Python encoder walks each line, and a generated
# boundary compiles a pattern to look for itself in the body. Together they made a message
# cost 4.6 ms here, more than the 4.4 ms a local mail sink takes to receive it
# (bench/send_mail.py). A boundary starting "=_" can never occur in quoted-printable text.
BOUNDARY_PREFIX = "=_praynews_"

WHY = {
    Subscriber.Frequency.EACH_POST: "each post as it is published",
    Subscriber.Frequency.DAILY: "the daily edition",
    Subscriber.Frequency.WEEKLY: "a weekly digest",
    Subscriber.Frequency.NONE: "nothing for now",
}


@dataclass(frozen=True)
class MailSettings:
    publication: str
    site_url: str
    sender: Address
    reply_to: str

    @classmethod
    def current(cls) -> MailSettings:
        name, address = getaddresses([setting("PRAYNEWS_MAIL_FROM")])[0]
        username, _, domain = address.rpartition("@")
        return cls(
            publication=setting("PRAYNEWS_PUBLICATION"),
            site_url=setting("PRAYNEWS_SITE_URL").rstrip("/"),
            sender=Address(name or setting("PRAYNEWS_PUBLICATION"), username, domain),
            reply_to=setting("PRAYNEWS_EDITOR_EMAIL"),
        )

    @property
    def domain(self) -> str:
        return self.sender.domain or "localhost"

    def absolute(self, path: str) -> str:
        return self.site_url + path


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str


def render_post(post: Post, mail: MailSettings) -> Rendered:
    draft = post.as_draft
    context = _context(mail, draft.headline, mail.absolute(post.get_absolute_url()))
    context["draft"] = draft
    return _render("post", draft.headline, context)


def render_collection(
    title: str, intro: str, posts: list[tuple[Post, Draft]], view_url: str, mail: MailSettings
) -> Rendered:
    """An edition or a digest: each story's headline, dek, glance, reflection and prayer."""
    context = _context(mail, title, view_url)
    context.update(title=title, intro=intro, entries=posts)
    return _render("collection", title, context)


def _context(mail: MailSettings, subject: str, view_url: str) -> dict:
    return {
        "publication": mail.publication,
        "site_url": mail.site_url,
        "subject": subject,
        "view_url": view_url,
        "why_you_get_this": f"You receive {mail.publication} because you subscribed at "
        f"{mail.site_url}. Replies reach the editor.",
    }


def _render(template: str, subject: str, context: dict) -> Rendered:
    html = render_to_string(f"praynews/email/{template}.html", context)
    text = render_to_string(f"praynews/email/{template}.txt", context)
    return Rendered(subject, _INLINER.inline(html), text)


def message_id(mailing_id: int, subscriber_id: int, mail: MailSettings) -> str:
    """The same Message-ID every time one mailing is made for one subscriber: a mail sent again
    after a crash is recognisably the same mail, and a bounce quoting it names the delivery."""
    digest = _digest(f"{mailing_id}.{subscriber_id}")
    return f"<{mailing_id}.{subscriber_id}.{digest}@{mail.domain}>"


def delivery_named_by(message_id_header: str) -> tuple[int, int] | None:
    """(mailing, subscriber) from one of our Message-IDs; None for anyone else's or a forgery."""
    local = message_id_header.strip().strip("<>").partition("@")[0]
    parts = local.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    if not hmac.compare_digest(parts[2], _digest(f"{parts[0]}.{parts[1]}")):
        return None
    return int(parts[0]), int(parts[1])


def _digest(text: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:MESSAGE_ID_DIGEST_CHARS]


class PersonalMail:
    """One mailing made to bytes once, then each recipient's message from those bytes.

    The email package builds and encodes the mailing a single time, with a placeholder (holding
    a fresh nonce, so no headline or article can contain one) wherever recipients differ: To,
    Date, Message-ID, List-Unsubscribe and the two bodies with their personal links. A message
    is then the template's pieces joined with that recipient's values: quoted-printable by
    binascii (C) and a few string joins instead of building and serialising a MIME tree, which
    cost more per message than a local mail server takes to receive one (bench/send_mail.py).
    """

    _PLACES = ("to", "date", "message-id", "list-unsubscribe", "text", "html")

    def __init__(self, mailing: Mailing, mail: MailSettings) -> None:
        self.mailing, self.mail = mailing, mail
        nonce = secrets.token_hex(8)
        marks = {place: f"praynews-{place}-{nonce}" for place in self._PLACES}
        message = _envelope(
            mailing.subject,
            marks["to"],
            mail,
            marks["date"],
            marks["text"],
            marks["html"],
            boundary=BOUNDARY_PREFIX + _digest(f"{mailing.pk}.{mailing.subject}"),
        )
        message["Message-ID"] = marks["message-id"]
        message["List-Unsubscribe"] = marks["list-unsubscribe"]
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        name = mail.publication if mail.publication.isascii() else ""
        message["List-Id"] = f"{name} <newsletter.{mail.domain}>".strip()
        place_of = {mark.encode(): place for place, mark in marks.items()}
        pattern = b"(" + b"|".join(re.escape(mark) for mark in place_of) + b")"
        self._pieces = [
            place_of.get(piece, piece) for piece in re.split(pattern, flattened(message))
        ]
        # Links reversed once: a signed token is URL-safe, so it goes in as it is.
        self._token_mark = f"token-{nonce}"
        self._unsubscribe_link = mail.absolute(
            reverse("newsletter_unsubscribe", args=[self._token_mark])
        )
        self._preferences_link = mail.absolute(
            reverse("newsletter_preferences", args=[self._token_mark])
        )
        self._bodies = {
            "text": _FixedAndPersonal(mailing.text),
            "html": _FixedAndPersonal(mailing.html),
        }

    def message_for(self, subscriber: Subscriber, clock: Clock = SYSTEM_CLOCK) -> Outgoing:
        unsubscribe = self._unsubscribe_link.replace(
            self._token_mark, _token(tokens.Purpose.UNSUBSCRIBE, subscriber, self.mailing)
        )
        preferences = self._preferences_link.replace(
            self._token_mark, _token(tokens.Purpose.PREFERENCES, subscriber)
        )

        unsubscribe_mail = (
            f"mailto:{self.mail.sender.addr_spec}?subject={quote('unsubscribe ' + unsubscribe)}"
        )
        identity = message_id(self.mailing.pk, subscriber.pk, self.mail)
        values = {
            "to": subscriber.email.encode(),
            "date": format_datetime(clock.now()).encode(),
            "message-id": identity.encode(),
            # Folded after the comma: each line stays far under SMTP's 998 characters.
            "list-unsubscribe": f"<{unsubscribe}>,\r\n <{unsubscribe_mail}>".encode(),
            **{
                place: body.with_links(unsubscribe, preferences)
                for place, body in self._bodies.items()
            },
        }
        data = b"".join(
            values[piece] if isinstance(piece, str) else piece for piece in self._pieces
        )
        return Outgoing(self.mail.sender.addr_spec, subscriber.email, identity, data)


class _FixedAndPersonal:
    """A body encoded once up to the line of its first personal link, the rest per recipient.

    Quoted-printable encodes line by line, so the encoding of a body cut after a line break is
    the two halves' encodings joined: only the footer, where the links are, is encoded again."""

    def __init__(self, body: str) -> None:
        first_link = min(
            (at for at in (body.find(UNSUBSCRIBE_MARK), body.find(PREFERENCES_MARK)) if at >= 0),
            default=len(body),
        )
        cut = body.rfind("\n", 0, first_link) + 1
        self.fixed = _wire_lines(_quoted_printable(body[:cut]))
        self.personal = body[cut:]

    def with_links(self, unsubscribe: str, preferences: str) -> bytes:
        personal = self.personal.replace(UNSUBSCRIBE_MARK, unsubscribe)
        personal = personal.replace(PREFERENCES_MARK, preferences)
        return self.fixed + _wire_lines(_quoted_printable(personal))


def _wire_lines(encoded: bytes) -> bytes:
    return encoded.replace(b"\n", b"\r\n")


def _token(purpose: tokens.Purpose, subscriber: Subscriber, mailing: Mailing | None = None) -> str:
    return tokens.make(purpose, subscriber, mailing.pk if mailing else None)


def _envelope(
    subject: str,
    to: str,
    mail: MailSettings,
    date: str,
    text: str,
    html: str,
    boundary: str = "",
) -> Message:
    boundary = boundary or BOUNDARY_PREFIX + _digest(to + subject)
    message = MIMEMultipart("alternative", boundary=boundary)
    message.attach(_text_part("plain", text))
    message.attach(_text_part("html", html))
    message["Subject"] = _header(subject)
    message["From"] = formataddr((mail.sender.display_name, mail.sender.addr_spec), "utf-8")
    message["To"] = to
    message["Date"] = date
    if mail.reply_to:
        message["Reply-To"] = mail.reply_to
    return message


def _text_part(subtype: str, body: str) -> Message:
    part = MIMENonMultipart("text", subtype, charset="utf-8")
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part.set_payload(_quoted_printable(body).decode("ascii"))
    return part


def _quoted_printable(body: str) -> bytes:
    return b2a_qp(body.replace("\r", "").encode(), istext=True)


def _header(value: str) -> str | Header:
    """A header's words as they are when ASCII, else encoded (RFC 2047)."""
    return value if value.isascii() else Header(value, "utf-8")


def confirmation_message(
    subscriber: Subscriber, mail: MailSettings, clock: Clock = SYSTEM_CLOCK
) -> Message:
    confirm_url = mail.absolute(
        reverse("newsletter_confirm", args=[tokens.make(tokens.Purpose.CONFIRM, subscriber)])
    )
    context = _context(mail, f"Confirm your subscription to {mail.publication}", mail.site_url)
    context.update(confirm_url=confirm_url, frequency=WHY[subscriber.frequency])
    rendered = _render("confirm", context["subject"], context)
    message = _envelope(
        rendered.subject,
        subscriber.email,
        mail,
        format_datetime(clock.now()),
        rendered.text,
        rendered.html,
    )
    message["Message-ID"] = (
        f"<confirm.{subscriber.pk}.{int(clock.now().timestamp())}@{mail.domain}>"
    )
    message["Auto-Submitted"] = "auto-generated"
    return message


def test_message(
    mailing: Mailing, to: str, mail: MailSettings, clock: Clock = SYSTEM_CLOCK
) -> Message:
    """The mailing as a subscriber gets it, sent to the editor, with links that change no one."""
    home = mail.site_url + "/"

    def harmless(body: str) -> str:
        return body.replace(UNSUBSCRIBE_MARK, home).replace(PREFERENCES_MARK, home)

    message = _envelope(
        f"[Test] {mailing.subject}",
        to,
        mail,
        format_datetime(clock.now()),
        harmless(mailing.text),
        harmless(mailing.html),
    )
    message["Message-ID"] = f"<test.{mailing.pk}.{int(clock.now().timestamp())}@{mail.domain}>"
    return message


def answer_message(
    to: str, subject: str, text: str, mail: MailSettings, clock: Clock = SYSTEM_CLOCK
) -> Message:
    """An editor's answer to a reader's reply: plain text, from the publication, with replies
    going to the editor."""
    message = _text_part("plain", text)
    message["Subject"] = _header(subject)
    message["From"] = formataddr((mail.sender.display_name, mail.sender.addr_spec), "utf-8")
    message["To"] = to
    message["Date"] = format_datetime(clock.now())
    if mail.reply_to:
        message["Reply-To"] = mail.reply_to
    stamp = f"{int(clock.now().timestamp())}.{_digest(to + text)}"
    message["Message-ID"] = f"<answer.{stamp}@{mail.domain}>"
    return message
