"""The probes behind `praynews check`, each against a real server on 127.0.0.1: Debian's
redis-server, an aiosmtpd mail server, a small HTTP server for the model server's /models, a
closed port for a refusal, and a port that accepts and never answers for a timeout."""

from __future__ import annotations

import json
import socket
from unittest import mock

import pytest
from django.db import OperationalError, connection

from praynews.site import health
from praynews.site.health import State
from tests.conftest import MailSink, free_port, started_redis


@pytest.fixture
def silent_port():
    """A port that accepts connections and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0))
    yield listener.getsockname()[1]
    listener.close()


@pytest.fixture
def quick(monkeypatch):
    """Probes that give up after half a second, so the timeout tests take no longer."""
    monkeypatch.setattr(health, "PROBE_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(health, "SMTP_PROBE_TIMEOUT_SECONDS", 0.5)


# The database


def test_the_database_answers_and_is_migrated(db):
    result = health.database()
    assert result.state == State.OK
    assert result.detail.startswith(("SQLite at ", "PostgreSQL "))
    assert result.detail.endswith("migrations up to date")


def test_a_database_that_fails_its_query_is_reported_with_the_reason(db):
    refused = OperationalError("unable to open database file")
    with mock.patch.object(connection, "cursor", side_effect=refused):
        result = health.database()
    assert result.state == State.FAILED
    assert result.detail.startswith("unable to open database file (")


# The broker


def test_no_broker_is_not_configured(monkeypatch):
    monkeypatch.delenv("PRAYNEWS_BROKER_URL", raising=False)
    result = health.broker()
    assert (result.state, result.detail) == (
        State.NOT_CONFIGURED,
        "the built-in worker (praynews worker) needs none",
    )


def test_a_running_redis_answers_its_ping(monkeypatch, tmp_path):
    with started_redis(tmp_path) as url:
        monkeypatch.setenv("PRAYNEWS_BROKER_URL", url)
        result = health.broker()
    port = url.split(":")[2].split("/")[0]
    assert result.state == State.OK
    assert result.detail.startswith("Redis ") and result.detail.endswith(f"127.0.0.1:{port}/0")


def test_a_redis_with_a_password_refuses_the_wrong_one(monkeypatch, tmp_path):
    with started_redis(tmp_path, password="right horse") as url:
        monkeypatch.setenv("PRAYNEWS_BROKER_URL", url.replace("//", "//:wrong@"))
        wrong = health.broker()
        monkeypatch.setenv("PRAYNEWS_BROKER_URL", url.replace("//", "//:right%20horse@"))
        right = health.broker()
    assert wrong.state == State.FAILED and wrong.detail.startswith("authentication refused")
    assert "wrong" not in wrong.detail
    assert right.state == State.OK


def test_a_closed_broker_port_is_refused(monkeypatch):
    port = free_port()
    monkeypatch.setenv("PRAYNEWS_BROKER_URL", f"redis://127.0.0.1:{port}/0")
    result = health.broker()
    assert (result.state, result.detail) == (
        State.FAILED,
        f"connection refused (127.0.0.1:{port}/0)",
    )


def test_a_broker_that_never_answers_times_out(monkeypatch, silent_port, quick):
    monkeypatch.setenv("PRAYNEWS_BROKER_URL", f"redis://127.0.0.1:{silent_port}/0")
    result = health.broker()
    assert result.state == State.FAILED
    assert result.detail == f"no answer within 0.5 s (127.0.0.1:{silent_port}/0)"


def test_a_broker_address_that_is_not_redis_says_so(monkeypatch):
    monkeypatch.setenv("PRAYNEWS_BROKER_URL", "amqp://127.0.0.1:5672//")
    result = health.broker()
    assert result.state == State.FAILED
    assert result.detail.startswith("PRAYNEWS_BROKER_URL is not a Redis address")


# The mail server


def test_no_mail_server_is_not_configured(monkeypatch):
    monkeypatch.delenv("PRAYNEWS_SMTP_HOST", raising=False)
    result = health.mail_server()
    assert result.state == State.NOT_CONFIGURED
    assert result.detail == "mail is written to outbox/ in the data folder"


def test_the_mail_server_greets_and_no_mail_is_sent(mail_sink):
    result = health.mail_server()
    assert result.state == State.OK
    assert result.detail == f"127.0.0.1:{mail_sink.port} without TLS, no login asked"
    assert mail_sink.messages == []


class LoginSink(MailSink):
    """A mail server that asks for a login (over plain SMTP, as a test on loopback may)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        super().__init__()
        self.controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self.authenticate,
            auth_require_tls=False,
        )
        self.logins: list[str] = []

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        self.logins.append(auth_data.login.decode())
        accepted = auth_data.password == b"letter opener"
        return AuthResult(success=accepted, handled=False)  # handled=False: aiosmtpd says 535


@pytest.fixture
def login_sink(mail_sink, monkeypatch):
    sink = LoginSink()
    sink.controller.start()
    monkeypatch.setenv("PRAYNEWS_SMTP_PORT", str(sink.port))
    monkeypatch.setenv("PRAYNEWS_SMTP_USER", "news")
    yield sink
    sink.controller.stop()


def test_the_mail_server_takes_the_login(login_sink, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_SMTP_PASSWORD", "letter opener")
    result = health.mail_server()
    assert result.state == State.OK and result.detail.endswith("logged in as news")
    assert login_sink.logins == ["news"] and login_sink.messages == []


def test_a_refused_login_is_authentication_refused(login_sink, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_SMTP_PASSWORD", "a wrong guess")
    result = health.mail_server()
    assert result.state == State.FAILED
    assert result.detail.startswith("authentication refused as news: 535")


def test_a_server_without_starttls_is_named(mail_sink, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_SMTP_SECURITY", "starttls")
    result = health.mail_server()
    assert result.state == State.FAILED
    assert result.detail.startswith(f"the server at 127.0.0.1:{mail_sink.port} offers no STARTTLS")


def test_implicit_tls_to_a_plain_server_fails_its_handshake(mail_sink, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_SMTP_SECURITY", "tls")
    result = health.mail_server()
    assert result.state == State.FAILED and result.detail.startswith("TLS failed: ")


def test_a_closed_mail_port_is_refused(monkeypatch):
    port = free_port()
    monkeypatch.setenv("PRAYNEWS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PRAYNEWS_SMTP_PORT", str(port))
    result = health.mail_server()
    assert (result.state, result.detail) == (State.FAILED, f"connection refused (127.0.0.1:{port})")


def test_a_mail_server_that_never_greets_times_out(monkeypatch, silent_port, quick):
    monkeypatch.setenv("PRAYNEWS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PRAYNEWS_SMTP_PORT", str(silent_port))
    monkeypatch.setenv("PRAYNEWS_SMTP_SECURITY", "none")
    result = health.mail_server()
    assert result.detail == f"no answer within 0.5 s (127.0.0.1:{silent_port})"


# The model server

MODELS = {
    "object": "list",
    "data": [
        {"id": "qwen2.5:7b-instruct", "object": "model", "created": 0, "owned_by": "library"},
        {"id": "llama3.2:3b", "object": "model", "created": 0, "owned_by": "library"},
    ],
}


@pytest.fixture
def model_server(http_server, monkeypatch):
    """The model server's /v1/models, and the settings that point at it."""
    http_server.route(
        "/v1/models", json.dumps(MODELS).encode(), headers={"Content-Type": "application/json"}
    )
    monkeypatch.setenv("PRAYNEWS_MODEL_URL", http_server.base + "/v1")
    monkeypatch.setenv("PRAYNEWS_MODEL", "qwen2.5:7b-instruct")
    monkeypatch.setenv("PRAYNEWS_MODEL_API_KEY", "sk-local")
    return http_server


def test_no_model_server_is_not_configured(monkeypatch):
    monkeypatch.delenv("PRAYNEWS_MODEL_URL", raising=False)
    result = health.model_server()
    assert (result.state, result.detail) == (
        State.NOT_CONFIGURED,
        "drafts are written without a model",
    )


def test_the_model_server_lists_the_model(model_server):
    result = health.model_server()
    assert result.state == State.OK
    assert result.detail == f"{model_server.base}/v1, qwen2.5:7b-instruct among its 2 models"
    [asked] = model_server.requests
    assert asked["path"] == "/v1/models" and asked["authorization"] == "Bearer sk-local"


def test_a_model_the_server_does_not_list_fails(model_server, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_MODEL", "mistral")
    result = health.model_server()
    assert result.state == State.FAILED
    assert result.detail.endswith(
        "lists no model 'mistral' (it lists qwen2.5:7b-instruct, llama3.2:3b)"
    )


def test_a_refused_api_key_is_said(model_server):
    model_server.route(
        "/v1/models",
        b'{"error": {"message": "invalid api key"}}',
        status=401,
        headers={"Content-Type": "application/json"},
    )
    result = health.model_server()
    assert result.state == State.FAILED
    assert result.detail.startswith("the server refused the API key (HTTP 401")


def test_a_closed_model_port_is_refused(monkeypatch):
    port = free_port()
    monkeypatch.setenv("PRAYNEWS_MODEL_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("PRAYNEWS_MODEL", "qwen")
    result = health.model_server()
    assert (result.state, result.detail) == (
        State.FAILED,
        f"connection refused (http://127.0.0.1:{port}/v1)",
    )


def test_a_model_server_that_never_answers_times_out(monkeypatch, silent_port, quick):
    monkeypatch.setenv("PRAYNEWS_MODEL_URL", f"http://127.0.0.1:{silent_port}/v1")
    monkeypatch.setenv("PRAYNEWS_MODEL", "qwen")
    result = health.model_server()
    assert result.detail == f"no answer within 0.5 s (http://127.0.0.1:{silent_port}/v1)"
