"""Ingest driven by hostile documents on a public web made of loopback servers: what a stranger's
feed, list or page names never reaches local files, private addresses, or the end of the run."""

import logging
import re
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from praynews import fetch as fetch_module
from praynews.site.editorial.models import Post
from praynews.site.editorial.services import write_and_publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Article, Source, Story
from praynews.sources import MAX_LISTED_FEEDS, MAX_PROBLEMS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


SECRET_TITLE = "Private Diary Entry Nobody Should Publish"


@pytest.fixture
def secret_folder(tmp_path, sample_pages) -> Path:
    """A local folder of pages and images the attacker would like published."""
    folder = tmp_path / "private"
    folder.mkdir()
    page = sample_pages[0].read_text().replace("<title>", f"<title>{SECRET_TITLE} | ", 1)
    (folder / "diary.html").write_text(page)
    (folder / "feed.xml").write_text(
        '<rss version="2.0"><channel><title>Private</title>'
        "<item><title>Diary</title><link>diary.html</link></item></channel></rss>"
    )
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"private pixels" * 100)
    return folder


def opml(*urls: str) -> bytes:
    outlines = "".join(f'<outline type="rss" text="x" xmlUrl="{u}"/>' for u in urls)
    return f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()


def rss(*links: str) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{link}</link></item>" for i, link in enumerate(links)
    )
    return f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()


def with_image(page: Path, image: str) -> str:
    """The page with its lead image replaced by `image`."""
    html = re.sub(r'<meta property="og:image" content="[^"]*">', "", page.read_text())
    return html.replace("<head>", f'<head><meta property="og:image" content="{image}">', 1)


def publish_everything() -> list[Post]:
    return [write_and_publish(story).post for story in Story.objects.all()]


def media_files() -> list[Path]:
    images = Path(settings.MEDIA_ROOT) / "images"
    return sorted(images.iterdir()) if images.exists() else []


def test_a_remote_opml_cannot_make_praynews_read_local_files(
    public_web, secret_folder, sample_pages
):
    site = public_web.site("lists.example.org")
    good_feed = site.route(
        "/feed.xml", rss("/story"), headers={"Content-Type": "application/rss+xml"}
    )
    site.route("/story", sample_pages[1].read_bytes())
    list_url = site.route(
        "/list.opml",
        opml(
            str(secret_folder),
            str(secret_folder / "feed.xml"),
            (secret_folder / "feed.xml").as_uri(),
            "../../../" + str(secret_folder),
            public_web.url("lists.example.org", site, "/feed.xml"),
        ),
        headers={"Content-Type": "text/x-opml"},
    )
    assert good_feed
    result = ingest(public_web.url("lists.example.org", site, "/list.opml"))
    assert list_url and result.count("added") == 1
    publish_everything()
    assert not Article.objects.filter(title__contains=SECRET_TITLE).exists()
    assert not any(SECRET_TITLE in str(post.draft) for post in Post.objects.all())
    problems = Source.objects.get().last_error
    assert "a list from the web may name only web addresses" in problems
    assert "404" in problems  # a path in a list from the web is a path on that web server


def test_a_remote_pages_file_image_is_never_read(public_web, secret_folder, sample_pages):
    site = public_web.site("news.example.org")
    for index, image in enumerate([(secret_folder / "photo.png").as_uri(), "file:///dev/zero"]):
        site.route(f"/page{index}", with_image(sample_pages[index], image).encode())
    site.route("/feed.xml", rss("/page1"), headers={"Content-Type": "application/rss+xml"})
    started = time.monotonic()
    direct = ingest(public_web.url("news.example.org", site, "/page0"))
    through_feed = ingest(public_web.url("news.example.org", site, "/feed.xml"))
    assert direct.count("added") == through_feed.count("added") == 1
    assert time.monotonic() - started < 10
    assert [a.image_url for a in Article.objects.all()] == ["", ""]
    assert media_files() == []


def test_a_local_feed_still_uses_images_inside_its_folder(samples):
    ingest(str(samples / "feed.xml"))
    assert all(a.image_url.startswith(settings.MEDIA_URL) for a in Article.objects.all())


def test_a_local_page_cannot_copy_an_image_from_outside_its_folder(
    tmp_path, secret_folder, sample_pages
):
    page = with_image(sample_pages[0], (secret_folder / "photo.png").as_uri())
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "page.html").write_text(page)
    assert ingest(str(tmp_path / "saved" / "page.html")).count("added") == 1
    assert Article.objects.get().image_url == "" and media_files() == []


def test_malformed_links_in_a_feed_fail_alone(public_web, sample_pages):
    site = public_web.site("wire.example.net")
    site.route("/good", sample_pages[2].read_bytes())
    bad = ["http://x:99999/", "http://[::1/", "http://" + "a" * 64 + ".example.com/"]
    site.route("/feed.xml", rss(*bad, "/good"), headers={"Content-Type": "application/rss+xml"})
    result = ingest(public_web.url("wire.example.net", site, "/feed.xml"))
    assert result.error == ""
    assert result.count("added") == 1 and result.count("failed") == 3
    reasons = [item.error for item in result.items if item.status == "failed"]
    assert "port 99999" in reasons[0]
    assert "not a valid web address" in reasons[1]
    assert "not a valid host name" in reasons[2]


def test_a_list_that_lists_itself_ends_quickly(public_web):
    site = public_web.site("loop.example.org")
    first = public_web.url("loop.example.org", site, "/a.opml")
    second = public_web.url("loop.example.org", site, "/b.opml")
    site.route("/a.opml", opml(first, second), headers={"Content-Type": "text/x-opml"})
    site.route("/b.opml", opml(first, "/c.opml"), headers={"Content-Type": "text/x-opml"})
    site.route("/c.opml", opml("/d.opml"), headers={"Content-Type": "text/x-opml"})
    site.route("/d.opml", opml("/e.opml"), headers={"Content-Type": "text/x-opml"})
    result = ingest(first)
    assert result.error == "" and result.items == []
    problems = Source.objects.get().last_error
    assert "lists itself" in problems and "nested more than" in problems
    assert len(site.requests) == 3  # a, b and c; never a twice, never d


def test_a_trickling_page_fails_within_the_deadline_and_the_run_goes_on(
    public_web, trickling_server, sample_pages, monkeypatch
):
    monkeypatch.setattr(fetch_module, "DEADLINE_SECONDS", 2.0)
    slow = trickling_server(15)
    public_web.expose("slow.example.com", slow.port)
    site = public_web.site("wire.example.net")
    site.route("/good", sample_pages[3].read_bytes())
    slow_urls = [f"http://slow.example.com:{slow.port}/story/{n}" for n in range(50)]
    site.route(
        "/feed.xml", rss(*slow_urls, "/good"), headers={"Content-Type": "application/rss+xml"}
    )
    started = time.monotonic()
    result = ingest(public_web.url("wire.example.net", site, "/feed.xml"))
    assert time.monotonic() - started < 8
    assert result.count("added") == 1
    assert "took longer than 2 seconds" in result.items[0].error
    assert all("earlier in this run" in item.error for item in result.items[1:50])


def test_an_executable_named_html_is_never_stored(public_web, tmp_path):
    executable = Path(sys.executable).resolve().read_bytes()[:200_000]
    (tmp_path / "story.html").write_bytes(executable)
    site = public_web.site("files.example.org")
    site.route("/story.html", executable)
    site.route("/feed.xml", rss("/story.html"), headers={"Content-Type": "application/rss+xml"})
    local = ingest(str(tmp_path))
    remote = ingest(public_web.url("files.example.org", site, "/feed.xml"))
    for result in (local, remote):
        assert result.count("failed") == 1
        assert "executable" in result.items[0].error
    assert Article.objects.count() == 0


def test_a_list_of_lists_of_itself_stays_small(public_web):
    """Every entry a new address of the same list: the run is bounded by the listed-feed cap,
    and what it keeps of the problems by the problem cap."""
    site = public_web.site("loop.example.org")
    entries = [public_web.url("loop.example.org", site, f"/self.opml?{n}") for n in range(300)]
    body = opml(*entries)
    for n in range(300):
        site.route(f"/self.opml?{n}", body, headers={"Content-Type": "text/x-opml"})
    site.route("/self.opml", body, headers={"Content-Type": "text/x-opml"})
    result = ingest(public_web.url("loop.example.org", site, "/self.opml"))
    assert result.error == "" and result.items == []
    assert len(site.requests) <= MAX_LISTED_FEEDS + 1
    assert len(result.problems) <= MAX_PROBLEMS + 1
    assert "more problems like these" in result.problems[-1]
    assert len(Source.objects.get().last_error) < 20_000


def test_a_folder_does_not_follow_links_out_of_itself(tmp_path, secret_folder):
    site = tmp_path / "saved-site"
    site.mkdir()
    (site / "article.html").symlink_to(secret_folder / "diary.html")
    (site / "feed.xml").symlink_to(secret_folder / "feed.xml")
    result = ingest(str(site))
    assert result.items == [] and not Article.objects.exists()
    assert all("outside the folder" in problem for problem in result.problems)


def test_an_overlong_link_and_a_late_nul_byte_fail_or_pass_alone(public_web, sample_pages):
    site = public_web.site("wire.example.net")
    site.route("/good", sample_pages[4].read_bytes())
    story = sample_pages[5].read_text()
    nul_late = (story + "<p>" + "filler words " * 6000 + "\x00 end</p>").encode()
    site.route("/nul", nul_late)
    long_link = "/story?" + "a" * 2100
    feed = rss(long_link, "/nul", "/good")
    site.route("/feed.xml", feed, headers={"Content-Type": "application/rss+xml"})
    result = ingest(public_web.url("wire.example.net", site, "/feed.xml"))
    assert [item.status for item in result.items] == ["failed", "added", "added"]
    assert "longer than 2000 characters" in result.items[0].error
    assert not any("\x00" in a.text or "\x00" in a.title for a in Article.objects.all())


def test_one_slow_address_is_waited_for_once_whatever_it_is_called(
    public_web, trickling_server, sample_pages, monkeypatch
):
    monkeypatch.setattr(fetch_module, "DEADLINE_SECONDS", 2.0)
    slow = trickling_server(15)
    names = ["slow-a.example.com", "slow-b.example.com", "slow-c.example.com"]
    for name in names:
        public_web.expose(name, slow.port)
        public_web.answer(name, "93.184.215.10")  # every name, one tarpit address
    public_web.routes["93.184.215.10"] = slow.port
    site = public_web.site("wire.example.net")
    site.route("/good", sample_pages[6].read_bytes())
    links = [f"http://{name}:{slow.port}/story" for name in names]
    site.route("/feed.xml", rss(*links, "/good"), headers={"Content-Type": "application/rss+xml"})
    started = time.monotonic()
    result = ingest(public_web.url("wire.example.net", site, "/feed.xml"))
    assert time.monotonic() - started < 6
    assert [item.status for item in result.items] == ["failed"] * 3 + ["added"]
    assert all("earlier in this run" in item.error for item in result.items[1:3])


def test_a_request_for_another_host_is_refused_without_writing_its_header_to_the_log():
    refused = Client(HTTP_HOST="evil.example" + "x" * 60_000).get("/")
    assert refused.status_code == 400
    assert not logging.getLogger("django.security.DisallowedHost").isEnabledFor(logging.ERROR)
    assert logging.getLogger("django.security.SuspiciousOperation").isEnabledFor(logging.ERROR)
