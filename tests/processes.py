"""`praynews` processes for the operations tests (check, logs): the environment a test gives
them, and running one to the end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Settings a test of these commands chooses itself, never inherited from the shell running it.
CHOSEN = (
    "DJANGO_SETTINGS_MODULE",
    "PRAYNEWS_DATABASE_URL",  # SQLite in the test's data folder: never the suite's own database
    "PRAYNEWS_BROKER_URL",
    "PRAYNEWS_SMTP_HOST",
    "PRAYNEWS_MODEL_URL",
    "PRAYNEWS_LOG_FORMAT",
)


def praynews_env(home: Path, **settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in CHOSEN}
    return {**env, "PRAYNEWS_HOME": str(home), **settings}


def praynews(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "praynews.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def initialised(home: Path) -> Path:
    """A data folder made by `praynews init`."""
    done = praynews("init", env=praynews_env(home))
    assert done.returncode == 0, done.stderr
    return home
