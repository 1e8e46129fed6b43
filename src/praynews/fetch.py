"""The only HTTP client: it fetches what a feed or page names without letting that name reach
the machine's own network.

Every host is resolved once, every address it resolves to must be public, and the connection is
made to the address that was checked (the name still goes in the Host header and in TLS), so a
name that answers differently the second time (DNS rebinding) gets nowhere. Sizes are capped, each
read has a timeout and the whole fetch a deadline, so a hostile server can neither fill memory
nor hold a run for ever. Redirects are followed by hand, each hop checked like the first.

httpx parses and normalises URLs; httpcore moves the bytes, through a network backend of ours
that does the resolving and checking. No maintained library does this pinning for httpx.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import httpcore
import httpx

from praynews import __version__
from praynews.core.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    RetryLaterError,
)
from praynews.core.schedule import retry_after_seconds

MAX_BYTES = 10 * 1024 * 1024  # larger than any real article or feed; stops a hostile stream
# One read or connect may wait this long; real news sites answer within a few seconds.
TIMEOUT_SECONDS = 20.0
# The whole fetch (every redirect, every read) ends by then, however the server trickles bytes.
# A 10 MB page over a slow 2 Mbit/s link takes about 40 s, so a minute leaves room.
DEADLINE_SECONDS = 60.0
MAX_REDIRECTS = 5
# One run's fetches (a feed's pages, a list's feeds) end by then, however many a hostile document
# names; a real feed of a hundred pages from live sites is fetched in a few minutes.
RUN_BUDGET_SECONDS = 15 * 60.0
# An address that took this long to answer (an error page after 15 s is a tarpit too) is not
# asked again in the same run. Real news sites answer within a few seconds.
SLOW_ANSWER_SECONDS = 10.0
# Longer addresses do not fit storage and are not real article addresses (browsers stop at about
# 2,000 characters).
MAX_URL_LENGTH = 2000
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
USER_AGENT = f"praynews/{__version__} (+https://github.com/praynews/praynews)"

# NAT64's well-known prefix (RFC 6052) carries an IPv4 address in its last 32 bits; the
# ipaddress module has no property for it. Its local-use prefix (RFC 8215) is a private network's
# own translator and is refused outright, with the blocks Python 3.11's `is_global` predates.
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
NOT_GLOBAL_BEFORE_PYTHON_3_12 = (
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # NAT64 local use (RFC 8215)
    ipaddress.IPv6Network("3fff::/20"),  # documentation (RFC 9637)
    ipaddress.IPv4Network("192.0.0.0/24"),  # IETF protocol assignments (RFC 6890)
    ipaddress.IPv4Network("192.88.99.0/24"),  # 6to4 relay anycast, deprecated (RFC 7526)
)
# ISATAP interface identifiers (RFC 5214), with either u/g bit, end in an IPv4 address too.
ISATAP_MARKERS = (0x00005EFE, 0x01005EFE, 0x02005EFE, 0x03005EFE)
# Letters, digits, hyphens and (seen in the wild) underscores; 63 bytes at most (RFC 1035).
DNS_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
MAX_HOST_LENGTH = 253

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def private_hosts() -> frozenset[str]:
    """The hosts a publisher named as allowed to be private (an intranet feed), lower-cased as
    URLs write them: PRAYNEWS_PRIVATE_HOSTS, comma-separated."""
    listed = os.environ.get("PRAYNEWS_PRIVATE_HOSTS", "")
    return frozenset(h.strip().lower().rstrip(".") for h in listed.split(",") if h.strip())


def trusted_private_hosts(url: str) -> frozenset[str]:
    """The private hosts fetches on behalf of `url` may reach: its own host when the publisher
    listed it, else none. A feed on an intranet host may link to its own pages there; a public
    feed's link to that host is still refused, as are redirects to any other private host."""
    try:
        host = httpx.URL(url).host.lower().rstrip(".")
    except (httpx.InvalidURL, TypeError, ValueError):
        return frozenset()
    return frozenset({host}) & private_hosts()


def is_public_address(address: IPAddress) -> bool:
    """True when the address is on the public internet, and so is every IPv4 address an IPv6
    address carries (mapped, NAT64, 6to4, Teredo, ISATAP, IPv4-compatible)."""
    if any(address in block for block in NOT_GLOBAL_BEFORE_PYTHON_3_12):
        return False
    if isinstance(address, ipaddress.IPv4Address):
        return address.is_global and not address.is_multicast
    carried = _carried_ipv4(address)
    if not all(is_public_address(inner) for inner in carried):
        return False
    if _is_translation(address):
        return bool(carried)
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_site_local
    )


def _is_translation(address: ipaddress.IPv6Address) -> bool:
    """Forms that stand for an IPv4 address and nothing else: whether they are public is
    whether that IPv4 address is."""
    return (
        address.ipv4_mapped is not None
        or address in NAT64_PREFIX
        or _ipv4_compatible(address) is not None
    )


def _carried_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    carried = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in NAT64_PREFIX:
        carried.append(low32)
    if (int(address) >> 32) & 0xFFFFFFFF in ISATAP_MARKERS:
        carried.append(low32)
    carried.append(_ipv4_compatible(address))
    return [inner for inner in carried if inner is not None]


def _ipv4_compatible(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The deprecated `::a.b.c.d` form; `::` and `::1` are not IPv4 addresses."""
    if int(address) >> 32 == 0 and int(address) > 1:
        return ipaddress.IPv4Address(int(address))
    return None


def web_url(url: str) -> httpx.URL:
    """Parse an http(s) URL, refusing anything that is not one we could fetch, with the reason.

    Links come from pages and feeds written by strangers, so every malformed form (bad port,
    broken IPv6 literal, over-long DNS label, stray characters) is a `FetchError`, never a crash.
    """
    if len(url) > MAX_URL_LENGTH:
        raise FetchError(f"{url[:80]!r}… is longer than {MAX_URL_LENGTH} characters")
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError, UnicodeError) as exc:
        raise FetchError(f"{url!r} is not a valid web address ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        raise FetchError(f"{url!r} is not an http or https address")
    host = parsed.raw_host.decode("ascii")
    if not host:
        raise FetchError(f"{url!r} names no host")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise FetchError(f"{url!r} names port {parsed.port}, which does not exist")
    if not _valid_host(host):
        raise FetchError(f"{url!r} names the host {host!r}, which is not a valid host name")
    return parsed


def is_web_url(url: str) -> bool:
    try:
        web_url(url)
    except FetchError:
        return False
    return True


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    return len(host) <= MAX_HOST_LENGTH and all(DNS_LABEL.match(label) for label in labels)


def resolve(host: str, port: int, allow_private: bool, timeout: float) -> list[IPAddress]:
    """Every address the host resolves to, looked up once; refused if any is not public."""
    infos = _lookup(host, port, timeout)
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            if not is_public_address(address):
                raise BlockedAddressError(
                    f"{host} resolves to {address}, which is not a public address "
                    "(list the host in PRAYNEWS_PRIVATE_HOSTS to allow a source there)"
                )
    return addresses


def _lookup(host: str, port: int, timeout: float) -> list:
    """getaddrinfo, given up on after `timeout`: the system resolver cannot be interrupted, so
    it runs in a thread of its own, left to end by itself if it hangs."""
    answer: dict[str, Any] = {}

    def look_up() -> None:
        try:
            answer["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            answer["error"] = exc

    worker = threading.Thread(target=look_up, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise FetchTimeoutError(f"looking up {host} took longer than {timeout:g} seconds")
    if "error" in answer:
        raise FetchError(f"the host {host!r} could not be found ({answer['error']})")
    return answer["infos"]


@dataclass
class FetchSession:
    """What one run's fetches share: a time budget for all of them, and the addresses that were
    slow once, not waited for again (a feed of a thousand links to one tarpit, under any number
    of names, costs one wait)."""

    budget_seconds: float = RUN_BUDGET_SECONDS
    slow: set[IPAddress] = field(default_factory=set)
    started: float = field(default_factory=time.monotonic)
    # Hosts this run may reach at private addresses (see `trusted_private_hosts`).
    private_hosts: frozenset[str] = frozenset()

    @property
    def remaining(self) -> float:
        return self.started + self.budget_seconds - time.monotonic()

    def check_budget(self) -> None:
        if self.remaining <= 0:
            raise FetchTimeoutError(
                f"skipped: this run's {self.budget_seconds / 60:g} minutes for fetching are spent"
            )


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def clamp(self, timeout: float | None) -> float:
        """The timeout for one operation: never past the deadline."""
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout(f"the deadline of {self.seconds:g} seconds passed")
        return remaining if timeout is None else min(timeout, remaining)

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.ends


class _CheckedBackend(httpcore.SyncBackend):
    """Connects only to addresses it has resolved and checked itself, skipping those the run
    found slow; remembers which one it connected to."""

    def __init__(
        self, allow_private: bool | None, deadline: _Deadline, session: FetchSession
    ) -> None:
        self.allow_private = allow_private
        self.deadline = deadline
        self.session = session
        self.connected: IPAddress | None = None

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        allow = self.allow_private
        if allow is None:
            allow = host.lower().rstrip(".") in self.session.private_hosts
        addresses = resolve(host, port, allow, self.deadline.clamp(timeout))
        fresh = [address for address in addresses if address not in self.session.slow]
        if not fresh:
            raise FetchTimeoutError(f"skipped: {host} was too slow earlier in this run")
        failure: Exception | None = None
        for address in fresh:
            try:
                stream = super().connect_tcp(
                    str(address), port, self.deadline.clamp(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            self.connected = address
            return _DeadlineStream(stream, self.deadline)
        raise failure or httpcore.ConnectError(f"{host} has no address")

    def note_slow(self) -> None:
        """The address this fetch reached is not waited for again in the run."""
        if self.connected:
            self.session.slow.add(self.connected)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self.stream = stream
        self.deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.deadline.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.deadline.clamp(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        secure = self.stream.start_tls(ssl_context, server_hostname, self.deadline.clamp(timeout))
        return _DeadlineStream(secure, self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


NETWORK_ERRORS = (
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.TimeoutException,
)


def fetch(
    url: str,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int = MAX_BYTES,
    allow_private: bool | None = None,
    session: FetchSession | None = None,
) -> FetchResult:
    """GET a URL, following at most MAX_REDIRECTS redirects, each checked like the first.

    Fetches that share a `session` share its time budget, its list of slow addresses and the
    private hosts it may reach; without one, the URL is the caller's own choice, so its host may
    be private when the publisher listed it. `allow_private` overrides both (tests).
    """
    session = session or FetchSession(private_hosts=trusted_private_hosts(url))
    session.check_budget()
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if _sendable(etag):
        headers["If-None-Match"] = etag
    if _sendable(last_modified):
        headers["If-Modified-Since"] = last_modified
    deadline = _Deadline(min(DEADLINE_SECONDS, session.remaining))
    backend = _CheckedBackend(allow_private, deadline, session)
    with httpcore.ConnectionPool(network_backend=backend) as pool:
        for _ in range(MAX_REDIRECTS + 1):
            result = _get_noting_slowness(pool, url, headers, max_bytes, backend)
            location = result.headers.get("location")
            if result.status in REDIRECT_STATUSES and location:
                url = _join(url, location)
                continue
            return result
    raise FetchError(f"more than {MAX_REDIRECTS} redirects starting from {url}")


def _get_noting_slowness(
    pool: httpcore.ConnectionPool,
    url: str,
    headers: dict[str, str],
    max_bytes: int,
    backend: _CheckedBackend,
) -> FetchResult:
    """One request; an address that timed out, or answered only after SLOW_ANSWER_SECONDS
    (whatever it answered), is noted as slow for the rest of the run."""
    started = time.monotonic()
    try:
        return _get(pool, url, headers, max_bytes, backend.deadline)
    except FetchTimeoutError:
        backend.note_slow()
        raise
    finally:
        if time.monotonic() - started > SLOW_ANSWER_SECONDS:
            backend.note_slow()


def _sendable(validator: str) -> bool:
    """A stored ETag or date can be sent back only as printable ASCII; a server that gave
    anything else gets an unconditional request rather than a run that fails every time."""
    return bool(validator) and validator.isascii() and validator.isprintable()


def _join(base: str, location: str) -> str:
    try:
        return urljoin(base, location)
    except ValueError as exc:
        raise FetchError(f"{base} redirects to {location!r}, which is not an address") from exc


def _get(
    pool: httpcore.ConnectionPool,
    url: str,
    headers: dict[str, str],
    max_bytes: int,
    deadline: _Deadline,
) -> FetchResult:
    target = web_url(url)
    request_url = httpcore.URL(
        scheme=target.raw_scheme, host=target.raw_host, port=target.port, target=target.raw_path
    )
    timeouts = dict.fromkeys(("connect", "read", "write", "pool"), TIMEOUT_SECONDS)
    try:
        with pool.stream(
            "GET", request_url, headers=headers, extensions={"timeout": timeouts}
        ) as response:
            response_headers = {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in response.headers
            }
            _refuse_errors(url, response, response_headers)
            body = bytearray()
            for chunk in response.iter_stream():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise FetchError(f"{url} is larger than {max_bytes // (1024 * 1024)} MB")
            return FetchResult(
                url=str(target),
                status=response.status,
                content=bytes(body),
                headers=response_headers,
            )
    except NETWORK_ERRORS as exc:
        if deadline.passed:
            raise FetchTimeoutError(f"{url} took longer than {deadline.seconds:g} seconds") from exc
        if isinstance(exc, httpcore.TimeoutException):
            raise FetchTimeoutError(
                f"{url} did not answer within {TIMEOUT_SECONDS:g} seconds"
            ) from exc
        raise FetchError(f"{url} could not be fetched ({type(exc).__name__}: {exc})") from exc


def _refuse_errors(url: str, response: httpcore.Response, headers: dict[str, str]) -> None:
    status = response.status
    if status in (429, 503):
        wait = retry_after_seconds(headers.get("retry-after", ""))
        raise RetryLaterError(
            f"{url} answered {status}"
            + (f"; it asked us to wait {wait:.0f} seconds" if wait is not None else ""),
            retry_after=wait,
        )
    if status >= 400:
        reason = response.extensions.get("reason_phrase", b"").decode("latin-1")
        raise FetchError(f"{url} answered {status} {reason}".rstrip())
