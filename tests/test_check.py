"""`praynews check` as an operator runs it: a real process, a real data folder, and real
servers on 127.0.0.1 (or a closed port where one is refused)."""

import json
import sqlite3

import pytest

from tests.conftest import free_port, started_redis
from tests.processes import initialised, praynews, praynews_env


@pytest.fixture
def home(tmp_path):
    return initialised(tmp_path / "home")


def check(home, *args, **settings):
    return praynews("check", *args, env=praynews_env(home, **settings))


def test_with_nothing_but_the_database_everything_is_ok_or_not_configured(home):
    done = check(home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        f"✓ database: ok — SQLite at {home / 'praynews.sqlite3'}, migrations up to date",
        "· broker: not configured — the built-in worker (praynews worker) needs none",
        "· mail server: not configured — mail is written to outbox/ in the data folder",
        "· model server: not configured — drafts are written without a model",
    ]


def test_a_refused_broker_is_one_line_and_exit_1(home):
    port = free_port()
    done = check(home, PRAYNEWS_BROKER_URL=f"redis://127.0.0.1:{port}/0")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 4 and lines[0].startswith("✓ database: ok")
    assert lines[1] == f"✗ broker: failed: connection refused (127.0.0.1:{port}/0)"
    assert "Traceback" not in done.stdout + done.stderr and done.stderr == ""


def test_json_lists_every_server(home, tmp_path, mail_sink, http_server):
    http_server.route(
        "/v1/models",
        json.dumps({"object": "list", "data": [{"id": "qwen", "object": "model"}]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with started_redis(tmp_path) as url:
        done = check(
            home,
            "--json",
            PRAYNEWS_BROKER_URL=url,
            PRAYNEWS_SMTP_HOST="127.0.0.1",
            PRAYNEWS_MODEL_URL=http_server.base + "/v1",
            PRAYNEWS_MODEL="qwen",
        )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(done.stdout)
    assert [(r["name"], r["state"]) for r in results] == [
        ("database", "ok"),
        ("broker", "ok"),
        ("mail server", "ok"),
        ("model server", "ok"),
    ]
    assert results[3]["detail"] == f"{http_server.base}/v1, qwen among its 1 models"
    assert mail_sink.messages == []


def test_migrations_not_applied_are_a_failure_and_say_what_to_run(home):
    recorded = "select count(*) from django_migrations"
    with sqlite3.connect(home / "praynews.sqlite3") as db:
        db.execute(
            "delete from django_migrations where id in "
            "(select id from django_migrations order by id desc limit 3)"
        )
        left = db.execute(recorded).fetchone()[0]
    done = check(home)
    assert done.returncode == 1
    assert "✗ database: failed: 3 migrations not applied: run praynews init" in done.stdout
    with sqlite3.connect(home / "praynews.sqlite3") as db:  # the check migrated nothing
        assert db.execute(recorded).fetchone()[0] == left


def test_no_data_folder_is_one_line(tmp_path):
    done = check(tmp_path / "nowhere")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "run `praynews init`" in done.stderr
