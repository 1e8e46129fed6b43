"""Shared fixtures: the bundled samples, real HTTP servers on loopback, and a public web made of
them (names that resolve to public addresses whose connections reach loopback)."""

from __future__ import annotations

import http.server
import ipaddress
import os
import shutil
import socket
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

SAMPLES = Path(str(resources.files("praynews").joinpath("samples")))
DATA = Path(__file__).parent / "data"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def sample_pages() -> list[Path]:
    return sorted((SAMPLES / "pages").glob("*.html"))


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves the routes a test registers: path -> (status, headers, body)."""

    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    requests: list[dict[str, str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(
            {"path": self.path, **{k.lower(): v for k, v in self.headers.items()}}
        )
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class LoopbackServer:
    def __init__(self) -> None:
        handler = type("Handler", (_Handler,), {"routes": {}, "requests": []})
        self.handler = handler
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, path: str, body: bytes, status: int = 200, headers: dict | None = None) -> str:
        self.handler.routes[path] = (status, headers or {"Content-Type": "text/html"}, body)
        return self.base + path

    @property
    def requests(self) -> list[dict[str, str]]:
        return self.handler.requests


@pytest.fixture
def http_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackServer]:
    """A real HTTP server on 127.0.0.1; private addresses are allowed for the test's fetches."""
    monkeypatch.setenv("PRAYNEWS_PRIVATE_HOSTS", "127.0.0.1")
    server = LoopbackServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


class PublicWeb:
    """Loopback servers under public names, so the fetcher's real policy (public addresses only)
    is what tests exercise. Name resolution is patched at the edge of the machine: a name answers
    a public address, and a connection to that address reaches its server on 127.0.0.1. A
    connection to any other address that is not loopback is refused and recorded, so no test
    traffic leaves the machine."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: dict[str, list[str | tuple[str, ...]]] = {}
        self.routes: dict[str, int] = {}
        self.lookups: list[str] = []
        self.connections: list[tuple[str, int]] = []
        self.servers: list[LoopbackServer] = []
        self._getaddrinfo = socket.getaddrinfo
        self._create_connection = socket.create_connection
        monkeypatch.setattr(socket, "getaddrinfo", self.getaddrinfo)
        monkeypatch.setattr(socket, "create_connection", self.create_connection)
        monkeypatch.delenv("PRAYNEWS_PRIVATE_HOSTS", raising=False)

    def site(self, name: str) -> LoopbackServer:
        """A new server on loopback, reachable as http://name:port/ through a public address."""
        server = LoopbackServer()
        server.thread.start()
        self.servers.append(server)
        self.expose(name, server.httpd.server_address[1])
        return server

    def expose(self, name: str, port: int) -> None:
        """Give the loopback port a public address, and the name that address."""
        address = str(ipaddress.IPv4Address("93.184.215.10") + len(self.routes))
        self.routes[address] = port
        self.answer(name, address)

    def url(self, name: str, server: LoopbackServer, path: str) -> str:
        return f"http://{name}:{server.httpd.server_address[1]}{path}"

    def answer(self, name: str, *lookups: str | tuple[str, ...]) -> None:
        """What the name resolves to, one lookup after another, the last from then on; a tuple
        is several addresses in one answer."""
        self.answers[name] = list(lookups)

    def getaddrinfo(self, host, port, *args, **kwargs):
        if host not in self.answers:
            return self._getaddrinfo(host, port, *args, **kwargs)
        self.lookups.append(host)
        queue = self.answers[host]
        lookup = queue.pop(0) if len(queue) > 1 else queue[0]
        addresses = (lookup,) if isinstance(lookup, str) else lookup
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    def create_connection(self, address, *args, **kwargs):
        host, port = address[0], address[1]
        self.connections.append((host, port))
        if host in self.routes:
            return self._create_connection(("127.0.0.1", self.routes[host]), *args, **kwargs)
        if ipaddress.ip_address(host).is_loopback:
            return self._create_connection(address, *args, **kwargs)
        raise ConnectionRefusedError(f"test traffic stays on this machine, not {host}")

    def close(self) -> None:
        for server in self.servers:
            server.httpd.shutdown()
            server.httpd.server_close()


@pytest.fixture
def public_web(monkeypatch: pytest.MonkeyPatch) -> Iterator[PublicWeb]:
    web = PublicWeb(monkeypatch)
    yield web
    web.close()


class TricklingServer:
    """Sends a response's headers, then one byte every `interval` seconds: every read succeeds
    well within its timeout, and the body never ends. Stops by itself after a minute."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.stop = threading.Event()
        threading.Thread(target=self.serve, daemon=True).start()

    @property
    def port(self) -> int:
        return self.listener.getsockname()[1]

    def serve(self) -> None:
        try:
            connection, _ = self.listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(4096)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            ends = time.monotonic() + 60
            while not self.stop.wait(self.interval) and time.monotonic() < ends:
                try:
                    connection.sendall(b"x")
                except OSError:
                    return

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


@pytest.fixture
def trickling_server() -> Iterator[type[TricklingServer]]:
    """Makes trickling servers (`trickling_server(interval)`), closed after the test."""
    made: list[TricklingServer] = []

    def make(interval: float) -> TricklingServer:
        made.append(TricklingServer(interval))
        return made[-1]

    yield make
    for server in made:
        server.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailSink:
    """An SMTP server on 127.0.0.1 (aiosmtpd) keeping every message it accepts. A recipient
    whose local part starts with "gone" is refused for good (550), "later" for now (451)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[tuple[str, list[str], bytes]] = []
        self.lock = threading.Lock()
        self.port = free_port()  # aiosmtpd checks its server by connecting: it needs the number
        self.controller = Controller(
            self, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True
        )

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local.startswith("gone"):
            return "550 5.1.1 no such mailbox"
        if local.startswith("later"):
            return "451 4.2.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    def to(self, address: str) -> list[bytes]:
        with self.lock:
            return [data for _, rcpts, data in self.messages if address in rcpts]


@pytest.fixture
def mail_sink(monkeypatch) -> Iterator[MailSink]:
    """A running SMTP server, and the settings that send through it."""
    sink = MailSink()
    sink.controller.start()
    monkeypatch.setenv("PRAYNEWS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PRAYNEWS_SMTP_PORT", str(sink.port))
    monkeypatch.setenv("PRAYNEWS_SMTP_SECURITY", "none")
    monkeypatch.setenv("PRAYNEWS_EDITOR_EMAIL", "editor@praynews.example")
    monkeypatch.setenv("PRAYNEWS_MAIL_FROM", "Pray News <news@praynews.example>")
    monkeypatch.setenv("PRAYNEWS_SITE_URL", "https://praynews.example")
    yield sink
    sink.controller.stop()


# The suite's own Django settings and database, which a test's praynews process never inherits:
# it has SQLite in its own data folder unless the test names a database.
THE_SUITES_OWN = ("DJANGO_SETTINGS_MODULE", "PRAYNEWS_DATABASE_URL")


def process_env(
    home: Path | str | None = None, leave_out: tuple[str, ...] = (), **settings: str
) -> dict[str, str]:
    """The environment for a praynews process a test starts: this one's (with what the test
    set itself) less THE_SUITES_OWN and `leave_out`, with the data folder `home` (or settings'
    PRAYNEWS_HOME) and the settings given."""
    dropped = THE_SUITES_OWN + leave_out
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update({key: value for key, value in settings.items() if value})
    if home is not None:
        env["PRAYNEWS_HOME"] = str(home)
    return env


class OwnDatabase:
    """An empty database of a test's own, for praynews processes the test starts: SQLite in the
    test's data folder, or, when the suite runs on PostgreSQL (PRAYNEWS_DATABASE_URL), a new
    database on that server, dropped afterwards. `rows` reads it as the processes left it."""

    def __init__(self, home: Path, server_url: str) -> None:
        self.home = home
        self.server_url = server_url
        self.url = ""
        if server_url:
            self.name = f"praynews_own_{uuid.uuid4().hex[:12]}"
            self.url = urlunsplit(urlsplit(server_url)._replace(path=f"/{self.name}"))
            self._admin(f'CREATE DATABASE "{self.name}"')

    @property
    def env(self) -> dict[str, str]:
        """The settings that point a praynews process at this database."""
        return {"PRAYNEWS_HOME": str(self.home), "PRAYNEWS_DATABASE_URL": self.url}

    def rows(self, sql: str) -> list[tuple]:
        if not self.url:
            with sqlite3.connect(self.home / "praynews.sqlite3", timeout=30) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(sql).fetchall()

    def drop(self) -> None:
        if self.url:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        # On the server's maintenance database, as Django's test runner does: the database the
        # URL names need not exist.
        maintenance = urlunsplit(urlsplit(self.server_url)._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as db:
            db.execute(statement)


@pytest.fixture
def own_database(tmp_path) -> Iterator[OwnDatabase]:
    database = OwnDatabase(tmp_path / "home", os.environ.get("PRAYNEWS_DATABASE_URL", ""))
    yield database
    database.drop()


class RedisServer:
    """Debian's redis-server on 127.0.0.1 and a free port, keeping nothing on disk."""

    def __init__(self, folder: Path, password: str = "") -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        command = [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--save", "", "--appendonly", "no", "--dir", str(folder)]
        if password:
            command += ["--requirepass", password]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + REDIS_START_SECONDS
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


REDIS_SERVER = shutil.which("redis-server") or ""
# A fresh redis-server listens within milliseconds here; a loaded machine takes longer.
REDIS_START_SECONDS = 20


def _redis_server_installed() -> None:
    """CI installs redis-server (.ci/run), and there its tests must run; elsewhere they are
    skipped when it is missing, saying so."""
    if REDIS_SERVER:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("redis-server is not installed, and CI runs its tests (see .ci/run)")
    pytest.skip("Debian's redis-server is not installed")


@contextmanager
def started_redis(folder: Path, password: str = "") -> Iterator[str]:
    """A redis-server of the test's own for the block: its URL."""
    _redis_server_installed()
    server = RedisServer(folder, password)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    """One redis-server for the session's broker tests."""
    _redis_server_installed()
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()
