"""The HTTP client against real servers on loopback, as an attacker's pages would drive it."""

import ipaddress
import socket
import time

import pytest

from praynews import fetch as fetch_module
from praynews.core.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    RetryLaterError,
)
from praynews.fetch import FetchSession, fetch, is_public_address


def test_fetches_a_page(http_server):
    url = http_server.route("/a", b"<html>hello</html>")
    result = fetch(url)
    assert (result.status, result.content) == (200, b"<html>hello</html>")


def test_a_public_name_is_fetched_from_the_address_that_was_checked(public_web):
    site = public_web.site("news.example.org")
    site.route("/a", b"<html>hello</html>")
    result = fetch(public_web.url("news.example.org", site, "/a"))
    assert result.content == b"<html>hello</html>"
    assert site.requests[-1]["host"].startswith("news.example.org:")
    assert public_web.connections == [("93.184.215.10", site.httpd.server_address[1])]


def test_a_listed_private_host_is_reachable_but_a_public_feeds_link_to_it_is_not(
    http_server, public_web, monkeypatch
):
    """The publisher lists an intranet host: a source there may be fetched, and its own pages
    with it; a public feed naming that host gets nowhere, however the host is listed."""
    from praynews.sources import plan

    monkeypatch.setenv("PRAYNEWS_PRIVATE_HOSTS", "127.0.0.1")
    intranet_page = http_server.route("/page", b"<html><p>intranet</p></html>")
    assert fetch(intranet_page).status == 200
    site = public_web.site("news.example.org")
    site.route(
        "/feed",
        (
            "<rss><channel><title>T</title><item><title>Inside</title>"
            f"<link>{intranet_page}</link></item></channel></rss>"
        ).encode(),
        headers={"Content-Type": "application/rss+xml"},
    )
    public_feed = plan(public_web.url("news.example.org", site, "/feed"))
    with pytest.raises(BlockedAddressError, match="PRAYNEWS_PRIVATE_HOSTS"):
        public_feed.tasks[0].load()
    assert [r["path"] for r in http_server.requests] == ["/page"]


def test_loopback_is_refused_unless_allowed(http_server, monkeypatch):
    url = http_server.route("/a", b"x")
    monkeypatch.delenv("PRAYNEWS_PRIVATE_HOSTS", raising=False)
    with pytest.raises(BlockedAddressError, match="not a public address"):
        fetch(url)
    assert http_server.requests == []


# Every form in which a name can answer an address that is not on the public internet.
NON_PUBLIC_ANSWERS = [
    "127.0.0.1",
    "127.53.0.1",
    "0.0.0.0",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.0.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # carrier-grade NAT
    "192.0.0.1",
    "198.18.0.1",  # benchmarking
    "192.0.2.1",  # documentation
    "224.0.0.1",  # multicast
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",  # link-local
    "fc00::1",  # unique local
    "fd12:3456::1",
    "fec0::1",  # site-local (deprecated)
    "ff02::1",  # multicast
    "ff0e::1",  # global-scope multicast
    "2001:db8::1",  # documentation
    "100::1",  # discard
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.1",
    "::127.0.0.1",  # IPv4-compatible
    "::169.254.169.254",
    "64:ff9b::a9fe:a9fe",  # NAT64 well-known prefix -> 169.254.169.254
    "64:ff9b::7f00:1",  # NAT64 -> 127.0.0.1
    "64:ff9b:1::a9fe:a9fe",  # NAT64 local-use prefix
    "2002:a9fe:a9fe::",  # 6to4 -> 169.254.169.254
    "2002:7f00:1::1",  # 6to4 -> 127.0.0.1
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "2001:0:7f00:1::1",  # Teredo with a loopback server
    "2606:4700::5efe:7f00:1",  # ISATAP -> 127.0.0.1 in a public prefix
]


@pytest.fixture
def connections(monkeypatch):
    """Records every attempt to open a connection, and lets none through."""
    attempts: list[object] = []

    def refuse(sock, address):
        attempts.append(address)
        raise ConnectionRefusedError("no connection may be opened in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.mark.parametrize("answer", NON_PUBLIC_ANSWERS)
def test_every_non_public_answer_is_refused_without_connecting(answer, public_web, connections):
    public_web.answer("innocent.example.com", answer)
    with pytest.raises(BlockedAddressError, match="not a public address"):
        fetch("http://innocent.example.com/feed")
    assert connections == [] and public_web.connections == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://2130706433/",  # decimal
        "http://0x7f.0.0.1/",  # hexadecimal
        "http://0177.0.0.1/",  # octal
        "http://127.1/",  # short form
        "http://0/",
        "http://localhost/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::127.0.0.1]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2002:a9fe:a9fe::]/",
        "http://[0:0:0:0:0:ffff:7f00:1]/",
        "https://169.254.169.254/latest/meta-data/",
    ],
)
def test_literal_private_addresses_in_urls_are_refused(url, connections, monkeypatch):
    monkeypatch.delenv("PRAYNEWS_PRIVATE_HOSTS", raising=False)
    with pytest.raises(FetchError):
        fetch(url)
    assert connections == []


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",
        "2606:4700::1111",
        "::ffff:93.184.215.14",
        "64:ff9b::5db8:d70e",
        "2002:5db8:d70e::1",
    ],
)
def test_public_addresses_and_their_translations_are_allowed(address):
    assert is_public_address(ipaddress.ip_address(address))


def test_a_name_answering_one_private_address_among_public_ones_is_refused(public_web):
    public_web.answer("mixed.example.com", ("93.184.215.14", "10.0.0.5"))
    with pytest.raises(BlockedAddressError, match=r"10\.0\.0\.5"):
        fetch("http://mixed.example.com/")
    assert public_web.connections == []


def test_dns_rebinding_reaches_only_the_checked_address(public_web):
    """The name answers a public address first and loopback after: the second answer is never
    asked for, so the internal server is never reached."""
    internal = public_web.site("internal.invalid")
    internal.route("/secret", b"internal only")
    public = public_web.site("rebind.example.com")
    public.route("/secret", b"public page")
    port = internal.httpd.server_address[1]
    public_web.routes["93.184.215.11"] = public.httpd.server_address[1]
    public_web.answer("rebind.example.com", "93.184.215.11", "127.0.0.1")
    assert fetch(f"http://rebind.example.com:{port}/secret").content == b"public page"
    assert public_web.lookups.count("rebind.example.com") == 1
    with pytest.raises(BlockedAddressError):  # the next fetch looks again, and is refused
        fetch(f"http://rebind.example.com:{port}/secret")
    assert internal.requests == []


def test_a_redirect_to_a_private_address_is_refused(public_web, http_server, monkeypatch):
    internal = http_server.route("/admin", b"internal only")
    site = public_web.site("news.example.org")
    site.route("/go", b"", status=302, headers={"Location": internal})
    monkeypatch.delenv("PRAYNEWS_PRIVATE_HOSTS", raising=False)
    with pytest.raises(BlockedAddressError):
        fetch(public_web.url("news.example.org", site, "/go"))
    assert http_server.requests == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://x:99999/", "port 99999"),
        ("http://[::1/", "not a valid web address"),
        ("http://" + "a" * 64 + ".example.com/", "not a valid host name"),
        ("http://exa mple.com/", "not a valid host name"),
        ("http:///no-host", "names no host"),
        ("file:///etc/passwd", "not an http or https address"),
        ("ftp://example.org/x", "not an http or https address"),
        ("javascript:alert(1)", "not an http or https address"),
    ],
)
def test_malformed_urls_are_a_clean_error(url, reason, connections):
    with pytest.raises(FetchError, match=reason):
        fetch(url)
    assert connections == []


def test_redirects_are_followed_and_each_hop_checked(http_server):
    target = http_server.route("/final", b"arrived")
    http_server.route("/start", b"", status=302, headers={"Location": "/final"})
    assert fetch(http_server.base + "/start").content == b"arrived"
    assert fetch(http_server.base + "/start").url == target
    http_server.route("/out", b"", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="not an http"):
        fetch(http_server.base + "/out")


def test_a_redirect_loop_ends_with_an_error(http_server):
    http_server.route("/loop", b"", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="redirects"):
        fetch(http_server.base + "/loop")


def test_oversized_bodies_are_cut_off(http_server):
    url = http_server.route("/big", b"x" * 5000)
    with pytest.raises(FetchError, match="larger than"):
        fetch(url, max_bytes=1000)


@pytest.mark.parametrize("interval", [0.3, 15])
def test_a_trickling_server_is_cut_off_at_the_deadline(interval, trickling_server, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_PRIVATE_HOSTS", "127.0.0.1")
    monkeypatch.setattr(fetch_module, "DEADLINE_SECONDS", 2.0)
    server = trickling_server(interval)
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 2 seconds"):
        fetch(f"http://127.0.0.1:{server.port}/slow")
    assert time.monotonic() - started < 4


def test_conditional_get_sends_validators(http_server):
    url = http_server.route("/feed", b"", status=304)
    result = fetch(url, etag='"abc"', last_modified="Tue, 17 Nov 2026 08:00:00 GMT")
    assert result.not_modified
    assert http_server.requests[-1]["if-none-match"] == '"abc"'
    assert http_server.requests[-1]["if-modified-since"].startswith("Tue, 17 Nov 2026")


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_reported_with_the_wait_it_asked_for(http_server, status):
    url = http_server.route("/busy", b"", status=status, headers={"Retry-After": "120"})
    with pytest.raises(RetryLaterError, match="wait 120 seconds") as raised:
        fetch(url)
    assert raised.value.retry_after == 120


def test_http_errors_say_the_status(http_server):
    with pytest.raises(FetchError, match="404"):
        fetch(http_server.base + "/missing")


@pytest.mark.parametrize(
    "answer",
    [
        "64:ff9b:1::808:808",
        "192.0.0.8",
        "192.0.0.200",
        "192.88.99.1",
        "3fff::1",
        "2606:4700::100:5efe:a00:1",
    ],
)
def test_blocks_pythons_own_table_misses_are_refused(answer, public_web, connections):
    public_web.answer("innocent.example.com", answer)
    with pytest.raises(BlockedAddressError):
        fetch("http://innocent.example.com/")
    assert connections == []


def test_a_validator_that_cannot_be_sent_is_left_out(http_server):
    url = http_server.route("/feed", b"<rss/>", headers={"ETag": '"caf\xe9"'})
    first = fetch(url)
    again = fetch(url, etag=first.headers["etag"], last_modified="Tue, 17 Nov 2026\xa0")
    assert again.status == 200
    assert "if-none-match" not in http_server.requests[-1]


def test_a_name_lookup_that_hangs_ends_at_the_deadline(monkeypatch):
    def hang(*args, **kwargs):
        time.sleep(5)
        raise OSError("gave up")

    monkeypatch.setattr(socket, "getaddrinfo", hang)
    monkeypatch.setattr(fetch_module, "DEADLINE_SECONDS", 1.0)
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match="looking up"):
        fetch("http://slow-dns.example.com/")
    assert time.monotonic() - started < 2


def test_one_runs_fetches_share_a_budget(http_server):
    url = http_server.route("/a", b"x")
    session = FetchSession(budget_seconds=0.0)
    with pytest.raises(FetchTimeoutError, match="spent"):
        fetch(url, session=session)
    assert http_server.requests == []
