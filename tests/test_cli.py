"""The `praynews` command as a user runs it: a real process, a fresh data folder."""

import gzip
import json
import os
import sqlite3
import subprocess
import sys

import pytest

DRAFT_KEYS = {
    "headline",
    "dek",
    "image",
    "glance",
    "opening",
    "sections",
    "reflection",
    "sources",
    "flags",
    "writer",
}


def run(*args, home=None, check=True):
    env = {**os.environ, "PRAYNEWS_HOME": str(home)} if home else dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "praynews.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def assert_valid_draft(draft):
    assert set(draft) == DRAFT_KEYS
    assert 3 <= len(draft["glance"]) <= 5
    assert draft["sections"] and all(s["heading"] and s["paragraphs"] for s in draft["sections"])
    verse = draft["reflection"]["verse"]
    assert set(verse) == {"reference", "translation", "text"} and verse["text"]
    assert draft["sources"][0]["title"]


def test_write_prints_the_draft_json(sample_pages):
    draft = json.loads(run("write", str(sample_pages[0]), "--json").stdout)
    assert_valid_draft(draft)
    assert draft["writer"] == "extractive" and draft["flags"] == []


def test_write_reads_gzip_and_plain_text(tmp_path, sample_pages):
    zipped = tmp_path / "page.html.gz"
    zipped.write_bytes(gzip.compress(sample_pages[1].read_bytes()))
    assert_valid_draft(json.loads(run("write", str(zipped), "--json").stdout))
    text = tmp_path / "story.txt"
    paragraphs = [
        "Flood waters rose across the Sava valley on Tuesday, officials said.",
        "More than 2,000 people left their homes as the river broke its banks near Sisak.",
        "Rescue crews used boats to reach villages cut off by the water overnight.",
        "The regional government opened schools as shelters and asked for blankets.",
        "Forecasters expect more rain on Thursday, and engineers are checking the dykes.",
    ]
    text.write_text(
        "Floods Force Thousands From Homes in Croatia\n\n" + "\n\n".join(paragraphs * 2)
    )
    assert_valid_draft(json.loads(run("write", str(text), "--json").stdout))


def test_write_explains_a_missing_file():
    result = run("write", "/nonexistent/page.html", check=False)
    assert result.returncode == 2
    assert "neither a web address nor an existing file" in result.stderr


def test_write_translation_option(sample_pages):
    draft = json.loads(run("write", str(sample_pages[0]), "--json", "--translation", "KJV").stdout)
    assert draft["reflection"]["verse"]["translation"] == "KJV"


@pytest.mark.slow
def test_demo_builds_the_site_in_a_fresh_data_folder(tmp_path):
    home = tmp_path / "data"
    result = run("demo", "--no-serve", home=home)
    assert "published" in result.stderr
    with sqlite3.connect(home / "praynews.sqlite3") as db:
        (published,) = db.execute(
            "select count(*) from editorial_post where status = 'published'"
        ).fetchone()
    assert published >= 12
    again = run("demo", "--no-serve", home=home)
    assert "0 added" in again.stderr


def test_verse_explains_its_choice(sample_pages):
    reports = json.loads(run("verse", str(sample_pages[0]), "--json", "--top", "3").stdout)
    report = reports[0]
    assert report["themes"] and len(report["candidates"]) == 3
    best = report["candidates"][0]
    assert best["reasons"][0].startswith("theme ")
    assert best["text"]
