import pytest
from django.core.cache import cache, caches

from praynews.site.editorial.models import Post
from praynews.site.editorial.services import write_and_publish
from praynews.site.news.ingest import ingest
from praynews.site.news.models import Story
from tests.site.chromium import browser, screenshots  # noqa: F401 (fixtures for the browser tests)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counts and kept pages live in caches; each test starts with none."""
    for each in (cache, caches["pages"]):
        each.clear()
    yield
    for each in (cache, caches["pages"]):
        each.clear()


@pytest.fixture
def site(samples):
    """Every sample story written and published."""
    ingest(str(samples / "feed.xml"))
    for story in Story.objects.order_by("pk"):
        write_and_publish(story)
    return Post.objects.filter(status=Post.Status.PUBLISHED)
