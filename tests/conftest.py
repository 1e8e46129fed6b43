"""Shared fixtures: the bundled samples, a real HTTP server on loopback, a stored demo site."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

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
    monkeypatch.setenv("PRAYNEWS_ALLOW_PRIVATE_URLS", "1")
    server = LoopbackServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
