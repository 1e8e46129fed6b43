"""The HTTP client against a real server on loopback."""

import pytest

from praynews.core.errors import BlockedAddressError, FetchError
from praynews.fetch import check_public, fetch


def test_fetches_a_page(http_server):
    url = http_server.route("/a", b"<html>hello</html>")
    result = fetch(url)
    assert (result.status, result.content) == (200, b"<html>hello</html>")


def test_loopback_is_refused_unless_allowed(http_server, monkeypatch):
    url = http_server.route("/a", b"x")
    monkeypatch.setenv("PRAYNEWS_ALLOW_PRIVATE_URLS", "0")
    with pytest.raises(BlockedAddressError, match="not a public address"):
        fetch(url)


@pytest.mark.parametrize(
    "url", ["http://10.1.2.3/", "http://192.168.0.1/x", "http://[::1]/", "http://169.254.169.254/"]
)
def test_private_addresses_are_refused(url, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_ALLOW_PRIVATE_URLS", "0")
    with pytest.raises(BlockedAddressError):
        check_public(url)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"]
)
def test_other_schemes_are_refused(url):
    with pytest.raises(FetchError, match="not an http"):
        check_public(url)


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


def test_conditional_get_sends_validators(http_server):
    url = http_server.route("/feed", b"", status=304)
    result = fetch(url, etag='"abc"', last_modified="Tue, 17 Nov 2026 08:00:00 GMT")
    assert result.not_modified
    assert http_server.requests[-1]["if-none-match"] == '"abc"'
    assert http_server.requests[-1]["if-modified-since"].startswith("Tue, 17 Nov 2026")


def test_retry_after_is_reported(http_server):
    url = http_server.route("/busy", b"", status=503, headers={"Retry-After": "120"})
    with pytest.raises(FetchError, match="after 120 seconds"):
        fetch(url)


def test_http_errors_say_the_status(http_server):
    with pytest.raises(FetchError, match="404"):
        fetch(http_server.base + "/missing")
