"""The only HTTP client: size and time limits, checked redirects, conditional GET, and a guard
that keeps ingest off private and loopback addresses (a feed must not make praynews probe the
machine's own network).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from praynews import __version__
from praynews.core.errors import BlockedAddressError, FetchError

MAX_BYTES = 10 * 1024 * 1024  # larger than any real article or feed; stops a hostile stream
TIMEOUT_SECONDS = 20.0
MAX_REDIRECTS = 5
USER_AGENT = f"praynews/{__version__} (+https://github.com/praynews/praynews)"


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def private_urls_allowed() -> bool:
    return os.environ.get("PRAYNEWS_ALLOW_PRIVATE_URLS", "0") == "1"


def check_public(url: str, allow_private: bool | None = None) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url!r} is not an http or https address")
    if private_urls_allowed() if allow_private is None else allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"the host {parts.hostname!r} could not be found ({exc})") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise BlockedAddressError(
                f"{parts.hostname} resolves to {address}, which is not a public address "
                "(set PRAYNEWS_ALLOW_PRIVATE_URLS=1 to allow it)"
            )


def fetch(
    url: str,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int = MAX_BYTES,
    allow_private: bool | None = None,
) -> FetchResult:
    """GET a URL, following at most MAX_REDIRECTS redirects, each checked like the first."""
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_public(url, allow_private)
            result = _get(client, url, headers, max_bytes)
            if result.status in (301, 302, 303, 307, 308) and "location" in result.headers:
                url = urljoin(url, result.headers["location"])
                continue
            return result
    raise FetchError(f"more than {MAX_REDIRECTS} redirects starting from {url}")


def _get(client: httpx.Client, url: str, headers: dict[str, str], max_bytes: int) -> FetchResult:
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code in (429, 503):
                wait = response.headers.get("retry-after", "")
                raise FetchError(
                    f"{url} answered {response.status_code}"
                    + (f"; try again after {wait} seconds" if wait else "")
                )
            if response.status_code >= 400:
                raise FetchError(f"{url} answered {response.status_code} {response.reason_phrase}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise FetchError(f"{url} is larger than {max_bytes // (1024 * 1024)} MB")
            return FetchResult(
                url=str(response.url),
                status=response.status_code,
                content=bytes(body),
                headers={k.lower(): v for k, v in response.headers.items()},
            )
    except httpx.HTTPError as exc:
        raise FetchError(f"{url} could not be fetched ({type(exc).__name__}: {exc})") from exc
