import gzip
import os
import resource
import subprocess
import sys
import threading
import time

import pytest

from praynews.core.extract import extract_article
from praynews.site.news.ingest import MAX_IMAGE_BYTES, ingest, ingest_tasks, localise_image
from praynews.site.news.models import Article, Source
from praynews.sources import Task
from tests.conftest import process_env

pytestmark = pytest.mark.django_db


def test_sample_feed_is_ingested_once(samples):
    first = ingest(str(samples / "feed.xml"))
    assert first.error == ""
    assert first.count("added") >= 12 and first.count("failed") == 0
    again = ingest(str(samples / "feed.xml"))
    assert again.count("added") == again.count("copy") == 0
    assert again.count("existing") == len(first.items)
    assert Article.objects.count() == first.count("added")


def test_local_images_are_copied_into_media(samples, settings):
    ingest(str(samples / "feed.xml"))
    for article in Article.objects.all():
        assert article.image_url.startswith(settings.MEDIA_URL)


def test_a_broken_page_in_a_folder_is_reported_and_the_rest_are_stored(tmp_path, sample_pages):
    (tmp_path / "good.html").write_bytes(sample_pages[0].read_bytes())
    (tmp_path / "broken.html").write_bytes(b"<html><body><p>Too short.</p></body></html>")
    (tmp_path / "zipped.html.gz").write_bytes(gzip.compress(sample_pages[1].read_bytes()))
    result = ingest(str(tmp_path))
    statuses = {item.label.rsplit("/", 1)[-1]: item for item in result.items}
    assert statuses["good.html"].status == "added"
    assert statuses["zipped.html.gz"].status == "added"
    assert statuses["broken.html"].status == "failed"
    assert "words" in statuses["broken.html"].error


def test_an_unreadable_feed_keeps_its_error_on_the_source(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<rss version='2.0'><<<>>> not a feed")
    result = ingest(str(feed))
    assert "could not be parsed" in result.error
    assert Source.objects.get().last_error == result.error


def test_a_malformed_feed_that_still_reads_is_ingested_with_a_warning(tmp_path, sample_pages):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "one.html").write_bytes(sample_pages[0].read_bytes())
    feed = tmp_path / "feed.xml"
    feed.write_bytes(
        b"<rss><channel><title>Broken</title><item><title>x</title><link>pages/one.html</link>"
    )
    result = ingest(str(feed))
    assert result.count("added") == 1
    assert "malformed" in Source.objects.get().last_error


def test_a_missing_path_is_an_error_not_a_crash():
    result = ingest("/nonexistent/praynews/feed.xml")
    assert "neither a web address" in result.error


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("http://[::1/feed", "not a valid web address"),
        ("http://127.0.0.1:99999/feed", "port 99999"),
        ("feed\x00.xml", "embedded null byte"),
    ],
)
def test_an_impossible_address_is_an_error_not_a_crash(address, reason):
    assert reason in ingest(address).error


def test_an_unexpected_failure_of_one_article_is_its_result_and_the_run_goes_on(sample_pages):
    def broken():
        raise ValueError("no such thing")

    good = Task("good", lambda: extract_article(sample_pages[0].read_bytes()))
    source = Source.objects.create(location="test", kind=Source.Kind.FILE)
    items = ingest_tasks([Task("broken", broken), good], source)
    assert [(i.label, i.status, i.error) for i in items] == [
        ("broken", "failed", "ValueError: no such thing"),
        ("good", "added", ""),
    ]


def test_a_feed_over_http_fetches_each_page(http_server, sample_pages):
    links = []
    for index, page in enumerate(sample_pages[:3]):
        links.append(http_server.route(f"/story/{index}", page.read_bytes()))
    items = "".join(
        f"<item><title>T{i}</title><link>{link}</link></item>" for i, link in enumerate(links)
    )
    feed = f'<rss version="2.0"><channel><title>Loop</title>{items}</channel></rss>'
    url = http_server.route(
        "/rss", feed.encode(), headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'}
    )
    result = ingest(url)
    assert result.count("added") == 3
    assert Source.objects.get(location=url).etag == '"v1"'


def test_a_local_feed_cannot_reach_files_outside_its_folder(tmp_path):
    (tmp_path / "feeds").mkdir()
    feed = tmp_path / "feeds" / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
        "<item><title>Escape</title><link>../secret.html</link></item></channel></rss>"
    )
    (tmp_path / "secret.html").write_text("<html><body>" + "<p>secret words here.</p>" * 50)
    result = ingest(str(feed))
    assert result.items[0].status == "failed"
    assert "outside the feed's folder" in result.items[0].error


def test_one_image_stored_by_many_at_once_is_one_whole_file(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG" + os.urandom(MAX_IMAGE_BYTES - 8))
    start, urls, errors = threading.Barrier(8), [], []

    def store_image() -> None:
        start.wait()
        try:
            urls.append(localise_image(image.as_uri()))
        except OSError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=store_image) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(set(urls)) == 1
    stored = list((tmp_path / "media" / "images").iterdir())
    assert [p.name for p in stored] == [urls[0].rsplit("/", 1)[-1]]
    assert stored[0].read_bytes() == image.read_bytes()


def _limit_memory() -> None:
    """The old code read /dev/zero until the machine ran out; fail fast instead."""
    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


def test_a_device_given_as_an_image_is_not_read(tmp_path):
    code = (
        "from praynews.site.bootstrap import start; start(migrate=False); "
        "from praynews.site.news.ingest import localise_image; "
        "print(localise_image('file:///dev/zero'))"
    )
    (tmp_path / "data").mkdir()
    env = process_env(tmp_path / "data")
    began = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"
    assert time.monotonic() - began < 10
