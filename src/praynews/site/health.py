"""Whether the servers praynews depends on can be reached: the database, the broker, the mail
server and the model server. `praynews check` reports all four before a start; `/healthz`
asks only the database, on every probe of a load balancer.

Each probe makes one real exchange with its server (a query, a PING, an SMTP greeting, a list
of models), sends nothing that changes anything, and gives up after a short timeout, so a
server that does not answer is reported as such rather than holding the check for the
minutes an operating system waits. A failure is one line saying why, never a traceback.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit

from praynews.core.errors import PrayNewsError
from praynews.site.config import secret, setting

# A server on the same network accepts a connection and answers a PING, a query or a request
# for its models within milliseconds; one that has not in 5 s will not serve the site or the
# workers either. A check run by a person or by a service manager before a start then takes
# at most a few tens of seconds, where an operating system would wait minutes per server.
PROBE_TIMEOUT_SECONDS = 5
# Longer for mail: some servers wait before greeting, to catch spam senders that talk first
# (Postfix's postscreen waits 6 s), and the greeting, STARTTLS and a login are three round trips.
SMTP_PROBE_TIMEOUT_SECONDS = 10
# A reason is one line; a server's error text (a driver's, a mail server's) is cut to this.
REASON_CHARACTERS = 200


class State(StrEnum):
    OK = "ok"
    FAILED = "failed"
    NOT_CONFIGURED = "not configured"


@dataclass(frozen=True)
class Result:
    """One server: reached (ok, with what was found), failed (with why), or not configured
    (with what praynews does instead)."""

    name: str
    state: State
    detail: str

    @property
    def failed(self) -> bool:
        return self.state == State.FAILED

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "state": str(self.state), "detail": self.detail}


def check_all() -> list[Result]:
    """Every server, in the order a start needs them."""
    return [probe() for probe in PROBES]


def reason(exc: BaseException, timeout: float | None = None) -> str:
    """Why a connection failed, in a few words: the operating system's reason where one is in
    the exception's chain (refused, timed out, unknown host, TLS), else its first line."""
    for cause in _chain(exc):
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, TimeoutError):
            return f"no answer within {timeout or PROBE_TIMEOUT_SECONDS:g} s"
        if isinstance(cause, socket.gaierror):
            return f"host name not found ({cause.strerror})"
        if isinstance(cause, ssl.SSLError):
            said = getattr(cause, "verify_message", None) or cause.reason or cause
            return f"TLS failed: {said}"
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror[:1].lower() + cause.strerror[1:]
    return _first_line(str(exc)) or type(exc).__name__


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


# What psycopg puts before the server's own words: 'connection failed: connection to server at
# "127.0.0.1", port 5432 failed: FATAL:  password authentication failed for user "praynews"'.
_POSTGRES_PREAMBLE = re.compile(
    r'^(connection failed: )?connection to server (at "[^"]*"(, port \d+)?|on socket "[^"]*") '
    r"failed: (FATAL: +)?"
)


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0].strip()[:REASON_CHARACTERS] if lines else ""


def database_answers() -> str:
    """One trivial query on the site's database; returns "ok", or why it failed. All that
    `/healthz` asks, so it stays cheap."""
    from django.db import Error, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error as exc:
        return reason(exc)
    return "ok"


def database() -> Result:
    """A real query, then the migrations not yet applied (a database behind the code fails)."""
    from django.db import Error, connection
    from django.db.migrations.executor import MigrationExecutor

    name = "database"
    where = _database_place(connection)
    if connection.vendor == "postgresql" and connection.connection is None:
        # libpq waits as long as the operating system does for a host that does not answer.
        options = connection.settings_dict.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", PROBE_TIMEOUT_SECONDS)
    answered = database_answers()
    if answered != "ok":
        answered = _POSTGRES_PREAMBLE.sub("", answered)
        answered = answered[:1].lower() + answered[1:]
        if "authentication failed" in answered:
            answered = f"authentication refused: {answered}"
        return Result(name, State.FAILED, f"{answered} ({where})")
    try:
        executor = MigrationExecutor(connection)
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        if connection.vendor == "postgresql":
            where = f"PostgreSQL {connection.pg_version // 10_000} at {where}"
    except Error as exc:
        return Result(name, State.FAILED, f"{reason(exc)} ({where})")
    if pending:
        plural = "migration" if pending == 1 else "migrations"
        return Result(name, State.FAILED, f"{pending} {plural} not applied: run praynews init")
    return Result(name, State.OK, f"{where}, migrations up to date")


def _database_place(connection) -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite at {database['NAME']}"
    if connection.vendor == "postgresql":
        if not database.get("HOST"):
            return "the local socket"
        return f"{database['HOST']}:{database.get('PORT') or 5432}"
    return f"{connection.vendor} database {database.get('NAME')}"


def broker() -> Result:
    """PING the Redis broker the Celery workers share."""
    name = "broker"
    url = setting("PRAYNEWS_BROKER_URL").strip()
    if not url:
        needs = "the built-in worker (praynews worker) needs none"
        return Result(name, State.NOT_CONFIGURED, needs)
    try:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry
    except ImportError:
        why = "PRAYNEWS_BROKER_URL is set but the Redis client is not installed: "
        return Result(name, State.FAILED, why + "pip install -e '.[celery]'")
    try:
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
            socket_timeout=PROBE_TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),  # one try: a check reports, it does not wait out
        )
    except ValueError as exc:
        return Result(name, State.FAILED, f"PRAYNEWS_BROKER_URL is not a Redis address: {exc}")
    where = _redis_place(client)
    try:
        client.ping()
        version = _redis_version(client)
    except redis.AuthenticationError as exc:
        return Result(name, State.FAILED, f"authentication refused: {_first_line(str(exc))}")
    except redis.TimeoutError:
        return Result(name, State.FAILED, f"no answer within {PROBE_TIMEOUT_SECONDS} s ({where})")
    except redis.RedisError as exc:
        return Result(name, State.FAILED, f"{reason(exc)} ({where})")
    finally:
        client.close()
    return Result(name, State.OK, f"Redis {version} at {where}" if version else f"Redis at {where}")


def _redis_place(client) -> str:
    """Where the client connects, without the password."""
    options = client.connection_pool.connection_kwargs
    if "path" in options:
        return str(options["path"])
    return f"{options.get('host', 'localhost')}:{options.get('port', 6379)}/{options.get('db', 0)}"


def _redis_version(client) -> str:
    import redis

    try:
        return str(client.info("server").get("redis_version", ""))
    except redis.ResponseError:  # INFO renamed away, as some hosted servers do
        return ""


def mail_server() -> Result:
    """Connect as the newsletter's sender does, greet, log in, and leave: no mail is sent."""
    from praynews.site.newsletter.transport import SmtpTransport, configured_transport

    name = "mail server"
    if not setting("PRAYNEWS_SMTP_HOST").strip():
        return Result(name, State.NOT_CONFIGURED, "mail is written to outbox/ in the data folder")
    try:
        transport = configured_transport(timeout=SMTP_PROBE_TIMEOUT_SECONDS)
    except PrayNewsError as exc:
        return Result(name, State.FAILED, str(exc))
    assert isinstance(transport, SmtpTransport)
    where = f"{transport.host}:{transport.port}"
    try:
        transport.greet()
    except smtplib.SMTPAuthenticationError as exc:
        said = f"{exc.smtp_code} {_text(exc.smtp_error)}".strip()
        return Result(name, State.FAILED, f"authentication refused as {transport.user}: {said}")
    except smtplib.SMTPNotSupportedError as exc:
        missing = "STARTTLS" if "STARTTLS" in str(exc) else "a login (AUTH)"
        why = f"the server at {where} offers no {missing}"
        if missing == "STARTTLS":
            why += " (PRAYNEWS_SMTP_SECURITY=starttls; use tls or none)"
        else:
            why += f" with PRAYNEWS_SMTP_SECURITY={transport.security}"
        return Result(name, State.FAILED, why)
    except smtplib.SMTPResponseException as exc:
        said = f"{exc.smtp_code} {_text(exc.smtp_error)}".strip()
        return Result(name, State.FAILED, f"the server at {where} answered {said}")
    except (smtplib.SMTPException, OSError) as exc:
        return Result(name, State.FAILED, f"{reason(exc, SMTP_PROBE_TIMEOUT_SECONDS)} ({where})")
    security = {"starttls": "with STARTTLS", "tls": "over TLS", "none": "without TLS"}
    login = f"logged in as {transport.user}" if transport.user else "no login asked"
    return Result(name, State.OK, f"{where} {security[transport.security]}, {login}")


def _text(reply: bytes | str) -> str:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    return _first_line(text)


def model_server() -> Result:
    """Ask the model server for its models, with the API key, and look for PRAYNEWS_MODEL."""
    from praynews.core.writing.model.writer import ChatFailure
    from praynews.llm import listed_models

    name = "model server"
    url = setting("PRAYNEWS_MODEL_URL").strip().rstrip("/")
    if not url:
        return Result(name, State.NOT_CONFIGURED, "drafts are written without a model")
    where = _without_password(url)
    try:
        models = listed_models(url, secret("PRAYNEWS_MODEL_API_KEY"), PROBE_TIMEOUT_SECONDS)
    except ChatFailure as exc:
        if exc.kind in ("connection", "timeout"):
            why = reason(exc)
        else:
            why = str(exc).removeprefix(f"{exc.kind}: ")
        return Result(name, State.FAILED, f"{why} ({where})")
    except PrayNewsError as exc:  # the client is not installed, a key file cannot be read
        return Result(name, State.FAILED, str(exc))
    model = setting("PRAYNEWS_MODEL").strip()
    if not model:
        return Result(name, State.FAILED, f"PRAYNEWS_MODEL is empty: name one of {_few(models)}")
    if model not in models:
        return Result(
            name, State.FAILED, f"{where} lists no model {model!r} (it lists {_few(models)})"
        )
    return Result(name, State.OK, f"{where}, {model} among its {len(models)} models")


def _few(models: list[str], most: int = 5) -> str:
    if not models:
        return "none"
    shown = ", ".join(models[:most])
    return shown + (f" and {len(models) - most} more" if len(models) > most else "")


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


PROBES: tuple[Callable[[], Result], ...] = (database, broker, mail_server, model_server)
