"""Settings read from the environment, in one place so the README can list every one of them."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# Every setting praynews reads, with its default and what it does. tests/test_docs.py fails when
# one of these is missing from the README.
SETTINGS: dict[str, tuple[str, str]] = {
    "PRAYNEWS_HOME": ("./praynews-data", "data folder: database, media, secret key"),
    "PRAYNEWS_DATABASE_URL": (
        "",
        "postgres://user:pass@host/db to use PostgreSQL instead of SQLite",
    ),
    "PRAYNEWS_PUBLICATION": ("Pray News", "publication name in the breadcrumb, titles and feeds"),
    "PRAYNEWS_TRANSLATION": ("WEB", "Bible translation for verses: WEB, KJV, AKJV or ASV"),
    "PRAYNEWS_ALLOWED_HOSTS": (
        "127.0.0.1,localhost",
        "comma-separated host names the site answers",
    ),
    "PRAYNEWS_DEBUG": ("0", "1 shows Django's debug pages; never in production"),
    "PRAYNEWS_ALLOW_PRIVATE_URLS": ("0", "1 lets ingest fetch private and loopback addresses"),
}


def setting(name: str) -> str:
    return os.environ.get(name, SETTINGS[name][0])


def home() -> Path:
    return Path(setting("PRAYNEWS_HOME")).expanduser().resolve()


def secret_key(folder: Path) -> str:
    """A per-installation key, created on first use and kept in the data folder."""
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
