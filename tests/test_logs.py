"""PRAYNEWS_LOG_FORMAT: a real `praynews` process, its stderr read as a log collector reads it."""

import json
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta

import pytest

from tests.processes import initialised, praynews, praynews_env
from tests.test_cli import _status_of, one_line

FIELDS = {"time", "level", "logger", "message"}


def _env(home, log_format="json"):
    return praynews_env(home, PRAYNEWS_LOG_FORMAT=log_format)


def _records(stderr: str) -> list[dict]:
    """Every stderr line as a JSON object with the fields a collector needs (or a failure)."""
    lines = stderr.splitlines()
    assert lines
    records = [json.loads(line) for line in lines]
    for record in records:
        assert set(record) >= FIELDS, record
        moment = datetime.fromisoformat(record["time"])
        assert moment.utcoffset() == timedelta(0), record["time"]
    return records


@pytest.fixture
def home(tmp_path):
    return initialised(tmp_path / "home")


def test_the_worker_writes_every_line_as_json(home):
    command = [sys.executable, "-m", "praynews.cli", "-v", "worker"]
    worker = subprocess.Popen(command, env=_env(home), stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(worker.stderr), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while not any('"mail: ' in line for line in lines) and time.monotonic() < deadline:
        time.sleep(0.1)  # the first round ends with the mail stage
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=60) == 0
    reader.join(timeout=10)
    records = _records("".join(lines))
    said = [(r["logger"], r["level"], r["message"]) for r in records]
    assert ("praynews.site.worker", "INFO", "mail: nothing due") in said
    assert ("praynews.cli", "INFO", "praynews worker: stopping after the item in hand") in said
    assert said[-1][2].endswith(": stopped")


def test_a_failing_request_is_one_json_line_with_its_traceback(home):
    with sqlite3.connect(home / "praynews.sqlite3") as db:
        db.execute("drop table editorial_post")  # the home page's query now fails
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    command = [sys.executable, "-m", "praynews.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=_env(home), stderr=subprocess.PIPE, text=True)
    try:
        assert _status_of(f"http://127.0.0.1:{port}/") == 500
    finally:
        server.terminate()
        logged = server.communicate(timeout=30)[1]
    records = _records(logged)
    [failure] = [r for r in records if r["logger"] == "django.request"]
    assert failure["level"] == "ERROR" and failure["message"] == "Internal Server Error: /"
    assert failure["status_code"] == 500
    assert failure["traceback"].startswith("Traceback")
    assert "no such table: editorial_post" in failure["traceback"]
    assert any(r["message"] == f"serving on http://127.0.0.1:{port}/" for r in records)


def test_a_failed_command_says_why_in_one_json_line(tmp_path):
    result = praynews("status", env=_env(tmp_path / "nowhere"))
    assert result.returncode == 1
    [record] = _records(result.stderr)
    assert record["level"] == "ERROR" and "PRAYNEWS_HOME" in record["message"]
    assert "traceback" not in record


def test_plain_stays_plain(home):
    result = praynews("-v", "run", env=_env(home, "plain"))
    assert result.returncode == 0, result.stderr
    assert "praynews: INFO fetch: 0 sources checked" in result.stderr
    assert not result.stderr.lstrip().startswith("{")


def test_an_unknown_log_format_is_an_error_naming_the_setting(home):
    result = praynews("status", env=_env(home, "yaml"))
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        "praynews: PRAYNEWS_LOG_FORMAT='yaml' must be one of: plain, json"
    )


def test_our_lines_are_json_where_django_starts_without_the_cli(home):
    """As under gunicorn or a Celery worker: only the settings' LOGGING is in force."""
    code = (
        "import logging, django; django.setup(); "
        "logging.getLogger('praynews.site.news.ingest').warning('feed %s failed', 'x'); "
        "logging.getLogger('waitress.queue').warning('queue depth 5')"
    )
    env = {**_env(home), "DJANGO_SETTINGS_MODULE": "praynews.site.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    said = [(r["logger"], r["level"], r["message"]) for r in _records(done.stderr)]
    assert said == [
        ("praynews.site.news.ingest", "WARNING", "feed x failed"),
        ("waitress.queue", "WARNING", "queue depth 5"),
    ]
