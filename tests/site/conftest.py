import pytest
from django.core.cache import cache

from tests.site.chromium import browser, screenshots  # noqa: F401 (fixtures for the browser tests)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
