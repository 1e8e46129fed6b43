"""`praynews` processes for the operations tests (check, logs), run to the end in a data folder
of the test's own (tests.conftest.process_env says what they inherit)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import process_env

# What `praynews check` and the log format depend on: these tests choose them, and never take
# them from the shell running the suite.
SERVERS_AND_LOGS = (
    "PRAYNEWS_BROKER_URL",
    "PRAYNEWS_SMTP_HOST",
    "PRAYNEWS_MODEL_URL",
    "PRAYNEWS_LOG_FORMAT",
)


def praynews_env(home: Path, **settings: str) -> dict[str, str]:
    return process_env(home, leave_out=SERVERS_AND_LOGS, **settings)


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
