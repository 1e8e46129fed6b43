"""Handing a message to a mail server (smtplib), or to files when there is none.

A transport says how a message fared in three ways a sender acts on differently:
`TemporaryFailure` (try this recipient again later), `PermanentFailure` (this address will
never take mail: suppress it) and `TransportDown` (the server itself cannot be reached or
refuses us: stop and try the whole queue later, blaming no recipient).
"""

from __future__ import annotations

import contextlib
import io
import os
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from email.generator import BytesGenerator
from email.message import Message
from pathlib import Path
from typing import Protocol

from praynews.core.errors import PrayNewsError
from praynews.site.config import home, secret, setting

SMTP_TIMEOUT_SECONDS = 60  # RFC 5321 asks clients to wait minutes for DATA; a minute is plenty
OUTBOX = "outbox"


class TemporaryFailure(PrayNewsError):
    default_message = "the mail server asked to try again later"


class PermanentFailure(PrayNewsError):
    default_message = "the mail server refused the address"


class TransportDown(PrayNewsError):
    default_message = "the mail server cannot be reached"


@dataclass(frozen=True)
class Outgoing:
    """One message ready for the wire: made to bytes beforehand, so a sender can make the next
    one while the server is still answering about this one."""

    sender: str
    recipient: str
    message_id: str
    data: bytes  # lines ended with CRLF, as SMTP carries them

    @property
    def mail_options(self) -> list[str]:
        """SMTPUTF8 (RFC 6531) for an address beyond ASCII, which a server must offer."""
        return [] if (self.sender + self.recipient).isascii() else ["SMTPUTF8"]

    @classmethod
    def of(cls, message: Message, sender: str, recipient: str) -> Outgoing:
        return cls(sender, recipient, message["Message-ID"] or "", flattened(message))


def flattened(message: Message) -> bytes:
    wire = io.BytesIO()
    BytesGenerator(wire).flatten(message, linesep="\r\n")
    return wire.getvalue()


class Transport(Protocol):
    def send(self, outgoing: Outgoing) -> None: ...

    def close(self) -> None: ...


class SmtpTransport:
    """One connection, kept open across messages and opened again when the server drops it."""

    def __init__(
        self,
        host: str,
        port: int,
        security: str = "starttls",
        user: str = "",
        password: str = "",
        timeout: float = SMTP_TIMEOUT_SECONDS,
    ) -> None:
        if security not in ("starttls", "tls", "none"):
            raise PrayNewsError(f"PRAYNEWS_SMTP_SECURITY={security!r}: use starttls, tls or none")
        self.host, self.port, self.security = host, port, security
        self.user, self.password = user, password
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def send(self, outgoing: Outgoing) -> None:
        smtp, recipient = self._connection(), outgoing.recipient
        try:
            refused = smtp.sendmail(
                outgoing.sender, [recipient], outgoing.data, mail_options=outgoing.mail_options
            )
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = exc.recipients.get(recipient, (550, b"refused"))
            raise _failure(code, reply) from exc
        except smtplib.SMTPSenderRefused as exc:
            raise TransportDown(f"the mail server refused our sender address: {exc}") from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise TemporaryFailure(
                f"the mail server takes no address beyond ASCII (SMTPUTF8): {recipient}"
            ) from exc
        except smtplib.SMTPResponseException as exc:  # DATA refused, or a reply we did not expect
            raise _failure(exc.smtp_code, exc.smtp_error) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise TemporaryFailure(f"the connection to the mail server broke: {exc}") from exc
        if refused:
            code, reply = refused[recipient]
            raise _failure(code, reply)

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        try:
            self._smtp = self._connect()
        except smtplib.SMTPAuthenticationError as exc:
            raise TransportDown(
                f"the mail server did not accept the user and password: {exc}"
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransportDown(
                f"cannot reach the mail server {self.host}:{self.port}: {exc}"
            ) from exc
        return self._smtp

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.security == "starttls":
                smtp.starttls(context=context)
            if self.user:
                smtp.login(self.user, self.password)
        except BaseException:
            smtp.close()  # refused half-way (no STARTTLS, a wrong password): not left open
            raise
        return smtp

    def greet(self) -> None:
        """Connect with the configured security, greet the server (EHLO), log in when a user is
        set, and say goodbye (QUIT), sending nothing: what `praynews check` asks of it. Raises
        what smtplib raised."""
        smtp = self._connect()
        try:
            smtp.ehlo_or_helo_if_needed()
        finally:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()
            smtp.close()

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with contextlib.suppress(OSError):
                smtp.close()

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._drop()


def _failure(code: int, reply: bytes | str) -> PrayNewsError:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    said = f"{code} {text}".strip()
    if 500 <= code < 600:
        return PermanentFailure(f"the mail server refused it: {said}")
    return TemporaryFailure(f"the mail server deferred it: {said}")


class OutboxTransport:
    """Each message as a file in the data folder's outbox/, for a machine with no mail server
    (the demo, a trial): the name is the Message-ID, so a mail made twice is one file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, outgoing: Outgoing) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = (outgoing.message_id or "message").strip("<>").replace("/", "_") + ".eml"
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(outgoing.data)
        os.replace(temporary, self.folder / name)

    def close(self) -> None:
        return None


def configured_transport(timeout: float = SMTP_TIMEOUT_SECONDS) -> Transport:
    """The mail server the settings name, or the outbox when they name none."""
    host = setting("PRAYNEWS_SMTP_HOST").strip()
    if not host:
        return OutboxTransport(outbox_folder())
    port = setting("PRAYNEWS_SMTP_PORT").strip()
    if not port.isdigit():
        raise PrayNewsError(f"PRAYNEWS_SMTP_PORT={port!r} must be a port number")
    return SmtpTransport(
        host,
        int(port),
        security=setting("PRAYNEWS_SMTP_SECURITY").strip().lower(),
        user=setting("PRAYNEWS_SMTP_USER"),
        password=secret("PRAYNEWS_SMTP_PASSWORD"),
        timeout=timeout,
    )


def outbox_folder() -> Path:
    return home() / OUTBOX
