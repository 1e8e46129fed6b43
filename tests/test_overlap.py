"""Runs that overlap: two `praynews` processes at once on one data folder give what one run
after the other gives, and the data folder is private from the moment it is created."""

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import process_env

# Five fresh folders: on the old code every round split or doubled something, and each round
# costs about three seconds on two cores.
ROUNDS = 5


def start(*args: str, home: Path) -> subprocess.Popen:
    env = process_env(home)
    return subprocess.Popen(
        [sys.executable, "-m", "praynews.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def together(*commands: tuple[str, ...], home: Path) -> None:
    """Start every command at once, wait for all, and require each to succeed cleanly."""
    processes = [start(*command, home=home) for command in commands]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr, stderr


def stored(home: Path) -> dict:
    """What a reader would see: the stories (each as the sorted titles of its reports), the
    post headlines, and how many stories have a post."""
    with sqlite3.connect(home / "praynews.sqlite3") as db:
        rows = db.execute("select story_id, title from news_article").fetchall()
        headlines = [h for (h,) in db.execute("select headline from editorial_post")]
        (with_post,) = db.execute("select count(distinct story_id) from editorial_post").fetchone()
    stories: dict[int, list[str]] = {}
    for story, title in rows:
        stories.setdefault(story, []).append(title)
    return {
        "stories": sorted(tuple(sorted(titles)) for titles in stories.values()),
        "headlines": sorted(headlines),
        "stories with a post": with_post,
    }


@pytest.mark.slow
def test_two_ingests_then_two_publishes_at_once_match_one_run_after_the_other(tmp_path, samples):
    feed = str(samples / "feed.xml")
    alone = tmp_path / "alone"
    together(("init",), home=alone)
    together(("ingest", feed), home=alone)
    together(("publish",), home=alone)
    expected = stored(alone)
    assert len(expected["headlines"]) == expected["stories with a post"] == 12
    for round_ in range(ROUNDS):
        home = tmp_path / f"overlap-{round_}"
        together(("init",), home=home)
        together(("ingest", feed), ("ingest", feed), home=home)
        together(("publish",), ("publish",), home=home)
        assert stored(home) == expected


def test_processes_started_together_on_a_fresh_folder_set_it_up_once(tmp_path, sample_pages):
    home = tmp_path / "data"
    together(("init",), ("init",), home=home)
    together(("ingest", str(sample_pages[0])), ("ingest", str(sample_pages[1])), home=home)
    with sqlite3.connect(home / "praynews.sqlite3") as db:
        (articles,) = db.execute("select count(*) from news_article").fetchone()
    assert articles == 2


def test_a_fresh_data_folder_is_private(tmp_path, samples):
    home = tmp_path / "data"
    together(("init",), home=home)
    together(("ingest", str(samples / "feed.xml")), home=home)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for name in ("praynews.sqlite3", "secret_key"):
        assert stat.S_IMODE((home / name).stat().st_mode) == 0o600, name
