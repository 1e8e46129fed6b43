"""Moderating readers' replies and answering them: what the desk's reply queue calls.

A reply waits until an editor approves it (then it shows under the post) or declines it. An
answer goes by email to the address the reader gave, through the newsletter's transport (the
mail server, or the outbox folder when there is none), and is kept with the reply.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from praynews.core.errors import InputError, PrayNewsError
from praynews.core.text import normalise
from praynews.site.clock import SYSTEM_CLOCK, Clock
from praynews.site.newsletter.mail import MailSettings, answer_message
from praynews.site.newsletter.transport import Outgoing, configured_transport
from praynews.site.publishing.models import Reply

# The longest answer an editor sends from the desk: a few paragraphs, not a newsletter.
MAX_ANSWER_CHARACTERS = 5000


class ReplyError(InputError):
    default_message = "the reply could not be answered"


def waiting() -> QuerySet[Reply]:
    return (
        Reply.objects.filter(status=Reply.Status.WAITING)
        .select_related("post")
        .order_by("created_at", "pk")
    )


def recently_moderated(limit: int = 20) -> QuerySet[Reply]:
    moderated = Reply.objects.exclude(status=Reply.Status.WAITING).select_related("post")
    return moderated.order_by("-created_at", "-pk")[:limit]


def moderate(reply: Reply, approve: bool) -> None:
    reply.status = Reply.Status.APPROVED if approve else Reply.Status.DECLINED
    reply.save(update_fields=["status"])


def answer(reply: Reply, text: str, by: AbstractBaseUser, clock: Clock = SYSTEM_CLOCK) -> str:
    """Mail the editor's answer to the reader and keep it with the reply; returns where it
    went. Raises `ReplyError` when the reader left no address, the answer is empty or too
    long, or the mail could not be handed over (the answer is then not recorded as sent)."""
    text = "\n".join(normalise(line) for line in text.splitlines()).strip()
    if not reply.email:
        raise ReplyError("the reader left no email address to answer")
    if not text:
        raise ReplyError("the answer is empty")
    if len(text) > MAX_ANSWER_CHARACTERS:
        raise ReplyError(f"an answer holds at most {MAX_ANSWER_CHARACTERS} characters")
    mail = MailSettings.current()
    subject = f"Re: your reply on “{reply.post.headline}”"
    body = f"{text}\n\n— {mail.publication}\n\nYou wrote:\n> " + reply.message.replace("\n", "\n> ")
    message = answer_message(reply.email, subject, body, mail, clock)
    transport = configured_transport()
    try:
        transport.send(Outgoing.of(message, mail.sender.addr_spec, reply.email))
    except PrayNewsError as exc:
        raise ReplyError(f"the answer could not be sent: {exc}") from exc
    finally:
        transport.close()
    user = by if by.is_authenticated else None
    reply.answer, reply.answered_at, reply.answered_by = text, clock.now(), user
    reply.save(update_fields=["answer", "answered_at", "answered_by"])
    return reply.email
