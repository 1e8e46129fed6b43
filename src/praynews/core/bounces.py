"""What a message arriving at the newsletter's own address says: a bounce (RFC 3464 delivery
status notification), a spam complaint (RFC 5965 feedback report), a reader's unsubscribe
request (the List-Unsubscribe mailto), or nothing we act on.

Bytes in, a `MailReport` out: the mailbox reading and the suppressing live in the shell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message
from email.utils import parseaddr
from enum import StrEnum

_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


class ReportKind(StrEnum):
    HARD_BOUNCE = "hard bounce"  # the address will never take mail: suppress it
    SOFT_BOUNCE = "soft bounce"  # delayed or full mailbox: the sender's retries deal with it
    COMPLAINT = "complaint"  # the reader marked a mail as spam: suppress, never mail again
    UNSUBSCRIBE = "unsubscribe request"
    OTHER = "other"  # a reader's reply or anything else: left for the editor


@dataclass(frozen=True)
class MailReport:
    kind: ReportKind
    recipients: tuple[str, ...] = ()  # the addresses it is about
    message_ids: tuple[str, ...] = ()  # our Message-IDs it quotes, to find the delivery
    detail: str = ""  # the status and diagnostic, or the unsubscribe request's subject


def read_report(data: bytes) -> MailReport:
    message = message_from_bytes(data, policy=policy.compat32)
    if message.get_content_type() == "multipart/report":
        report_type = (message.get_param("report-type") or "").lower()
        if report_type == "delivery-status":
            return _delivery_status(message)
        if report_type == "feedback-report":
            return _feedback(message)
    subject = " ".join(str(message.get("Subject", "")).split())
    if subject.lower().startswith("unsubscribe"):
        sender = parseaddr(str(message.get("From", "")))[1].lower()
        return MailReport(ReportKind.UNSUBSCRIBE, (sender,) if sender else (), (), subject)
    return MailReport(ReportKind.OTHER)


def _delivery_status(message: Message) -> MailReport:
    recipients, statuses, hard = [], [], False
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for fields in _status_blocks(part):
            address = _address(fields.get("Final-Recipient") or fields.get("Original-Recipient"))
            if not address:
                continue
            action = str(fields.get("Action", "")).strip().lower()
            status = str(fields.get("Status", "")).strip()
            diagnostic = " ".join(str(fields.get("Diagnostic-Code", "")).split())
            recipients.append(address)
            statuses.append(" ".join(filter(None, [address, action, status, diagnostic])))
            hard = hard or (action == "failed" and status.startswith("5"))
    kind = ReportKind.HARD_BOUNCE if hard else ReportKind.SOFT_BOUNCE
    return MailReport(kind, tuple(recipients), _quoted_ids(message), "; ".join(statuses))


def _status_blocks(part: Message) -> list[Message]:
    """The per-recipient field blocks of a delivery-status part (the first block is about the
    message; it has no recipient and is skipped by the caller)."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    text = payload if isinstance(payload, str) else ""
    return [
        message_from_bytes(block.encode(), policy=policy.compat32)
        for block in re.split(r"\r?\n\r?\n", text)
    ]


def _feedback(message: Message) -> MailReport:
    recipients: list[str] = []
    feedback = ""
    for part in message.walk():
        if part.get_content_type() == "message/feedback-report":
            for fields in _status_blocks(part):
                feedback = feedback or str(fields.get("Feedback-Type", "")).strip()
                address = _address(fields.get("Original-Rcpt-To"))
                if address:
                    recipients.append(address)
        elif (
            part.get_content_type() in ("message/rfc822", "text/rfc822-headers") and not recipients
        ):
            original = _original(part)
            if original is not None:
                address = parseaddr(str(original.get("To", "")))[1].lower()
                if address:
                    recipients.append(address)
    detail = f"feedback type {feedback or 'abuse'}"
    return MailReport(ReportKind.COMPLAINT, tuple(recipients), _quoted_ids(message), detail)


def _original(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    if isinstance(payload, str):
        return message_from_bytes(payload.encode(), policy=policy.compat32)
    return None


def _quoted_ids(message: Message) -> tuple[str, ...]:
    """The Message-IDs of the returned original, headers or whole message."""
    ids = []
    for part in message.walk():
        if part.get_content_type() in ("message/rfc822", "text/rfc822-headers"):
            original = _original(part)
            if original is not None and original.get("Message-ID"):
                ids.extend(_MESSAGE_ID.findall(str(original["Message-ID"])))
    return tuple(dict.fromkeys(ids))


def _address(field: object) -> str:
    """The address of a recipient field ("rfc822; ann@example.org"); other types are left."""
    if not field:
        return ""
    kind, _, address = str(field).partition(";")
    if not address:
        kind, address = "rfc822", kind
    if kind.strip().lower() != "rfc822":
        return ""
    return parseaddr(address.strip())[1].lower()
