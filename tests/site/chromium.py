"""Real Chromium for the browser tests: Debian's package, driven by Playwright, and where the
tests write their screenshots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots a test run writes for people to look at (the desk, a post page): kept after the
# run, unlike a test's temporary folder.
SCREENSHOTS = Path(
    os.environ.get("PRAYNEWS_SCREENSHOTS", Path(__file__).parents[2] / "build" / "screenshots")
)

if not CHROMIUM and os.environ.get("PRAYNEWS_REQUIRE_BROWSER") == "1":
    raise RuntimeError("PRAYNEWS_REQUIRE_BROWSER=1 but Debian's chromium is not installed")


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety guard is told so.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
