"""Media files answer byte ranges as RFC 9110 asks, without reading a range into memory."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from praynews.site.publishing.views import MEDIA_BLOCK_BYTES

SIZE = 5 * MEDIA_BLOCK_BYTES + 123
WHOLE = bytes(range(256)) * (SIZE // 256) + bytes(SIZE % 256)


@pytest.fixture
def url():
    folder = Path(settings.MEDIA_ROOT) / "audio"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ranges.mp3").write_bytes(WHOLE)
    yield "/media/audio/ranges.mp3"
    (folder / "ranges.mp3").unlink()


def fetch(url: str, wanted: str):
    response = Client(HTTP_HOST="localhost").get(url, HTTP_RANGE=wanted)
    blocks = list(response.streaming_content) if response.streaming else [response.content]
    return response, blocks


@pytest.mark.parametrize(
    ("wanted", "first", "last"),
    [
        ("bytes=100-199", 100, 199),
        ("bytes=0-", 0, SIZE - 1),
        ("bytes=-50", SIZE - 50, SIZE - 1),
        ("bytes=-99999999", 0, SIZE - 1),
        ("bytes=10-99999999", 10, SIZE - 1),
        ("BYTES=0-5", 0, 5),
        (" bytes=7-7 ", 7, 7),
    ],
)
def test_a_range_is_sent_whole_and_only_it(url, wanted, first, last):
    response, blocks = fetch(url, wanted)
    assert response.status_code == 206
    assert b"".join(blocks) == WHOLE[first : last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)


def test_a_podcast_apps_whole_file_range_is_sent_a_block_at_a_time(url):
    _, blocks = fetch(url, "bytes=0-")
    assert len(blocks) > 1 and max(len(block) for block in blocks) <= MEDIA_BLOCK_BYTES


@pytest.mark.parametrize("wanted", [f"bytes={SIZE}-", "bytes=999999999-", "bytes=-0"])
def test_a_range_past_the_end_is_refused_with_the_files_length(url, wanted):
    response, _ = fetch(url, wanted)
    assert response.status_code == 416 and response["Content-Range"] == f"bytes */{SIZE}"


@pytest.mark.parametrize(
    "wanted",
    ["bytes=500-100", "lines=1-2", "bytes=0-1,5-9", "bytes=x-y", "bytes=1_0-2_0", "bytes=-"],
)
def test_a_malformed_or_multiple_range_gets_the_whole_file(url, wanted):
    response, blocks = fetch(url, wanted)
    assert response.status_code == 200 and b"".join(blocks) == WHOLE
