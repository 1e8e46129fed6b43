"""The `praynews` command as a user runs it: a real process, a fresh data folder."""

import gzip
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

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
    "citations",
    "writing",
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
        "Farmers in the valley said the water covered fields that were ready for harvest.",
        "A hospital in Sisak moved patients from its ground floor to the wards above.",
        "Volunteers filled sandbags at a football ground until the early hours of Wednesday.",
        "The army sent trucks and soldiers to help carry families and their animals to safety.",
        "Local churches collected food, clothes and medicine for those staying in the shelters.",
        "The river last rose this high in 2014, when floods damaged thousands of houses.",
        "Officials said they would decide on Friday whether families can return home.",
    ]
    text.write_text("Floods Force Thousands From Homes in Croatia\n\n" + "\n\n".join(paragraphs))
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
        (in_edition,) = db.execute("select count(*) from editorial_editionitem").fetchone()
    assert published >= 12 and in_edition > 0
    assert "stories, at /editions/" in result.stderr
    again = run("demo", "--no-serve", home=home)
    assert "0 added" in again.stderr


def test_verse_explains_its_choice(sample_pages):
    reports = json.loads(run("verse", str(sample_pages[0]), "--json", "--top", "3").stdout)
    report = reports[0]
    assert report["themes"] and len(report["candidates"]) == 3
    best = report["candidates"][0]
    assert best["reasons"][0].startswith("theme ")
    assert best["text"]
    assert report["event"]["kind"] and report["event"]["stage"] and report["event"]["reasons"]


def test_verse_explains_the_verse_the_post_gets(sample_pages):
    """The explanation reads the story as writing does, so its choice is the post's verse."""
    page = sample_pages[1]
    draft = json.loads(run("write", str(page), "--json").stdout)
    report = json.loads(run("verse", str(page), "--json").stdout)[0]
    assert report["candidates"][0]["reference"] == draft["reflection"]["verse"]["reference"]


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_a_malformed_day_is_a_one_line_usage_error():
    result = run("edition", "--day", "20-11-2019", check=False)
    assert result.returncode == 2
    assert "--day" in one_line(result.stderr) and "YYYY-MM-DD" in result.stderr


def test_help_shows_the_defaults():
    assert "(default: 5)" in run("edition", "--help").stdout
    serve_help = " ".join(run("serve", "--help").stdout.split())
    assert "(default: 8000)" in serve_help and "--threads THREADS" in serve_help
    assert run("serve", "--threads", "0", check=False).returncode == 2


def test_a_missing_data_folder_is_an_error_that_names_praynews_home(tmp_path):
    home = tmp_path / "nowhere"
    result = run("publish", home=home, check=False)
    assert result.returncode == 1
    assert "PRAYNEWS_HOME" in one_line(result.stderr) and "praynews init" in result.stderr
    assert not home.exists()


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "data"
    run("init", home=folder)
    return folder


def test_serve_on_a_busy_port_says_so(home):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), home=home, check=False)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in one_line(result.stderr)


def test_served_on_another_port_the_feeds_link_to_that_port(home):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PRAYNEWS_HOME": str(home)}
    env.pop("PRAYNEWS_SITE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "praynews.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    try:
        feed = None
        for _ in range(100):
            try:
                feed = urllib.request.urlopen(f"http://127.0.0.1:{port}/feed/rss/").read()
                break
            except OSError:
                time.sleep(0.2)
        assert feed and f"<link>http://127.0.0.1:{port}/</link>".encode() in feed
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_run_where_every_source_failed_exits_non_zero(home, tmp_path):
    result = run("ingest", str(tmp_path / "missing.xml"), home=home, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_publish_holds_an_invented_number_and_a_rerun_counts_only_what_it_did(home, samples):
    run("ingest", str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"), home=home)
    run("edition", home=home)  # writes the draft, publishes nothing
    with sqlite3.connect(home / "praynews.sqlite3") as db:
        (draft,) = db.execute("select draft from editorial_post").fetchone()
        edited = json.loads(draft)
        edited["glance"][0] = "At least 987654 people were hurt."
        db.execute("update editorial_post set draft = ?", [json.dumps(edited)])
    held = run("publish", home=home)
    assert "0 published" in held.stderr and "1 held" in held.stderr and "987654" in held.stderr
    with sqlite3.connect(home / "praynews.sqlite3") as db:
        (status, flags) = db.execute("select status, flag_count from editorial_post").fetchone()
    assert (status, flags) == ("draft", 1)


def test_publish_refuses_a_misquoted_verse(home, samples):
    run("ingest", str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"), home=home)
    run("edition", home=home)
    with sqlite3.connect(home / "praynews.sqlite3") as db:
        (draft,) = db.execute("select draft from editorial_post").fetchone()
        edited = json.loads(draft)
        verse = edited["reflection"]["verse"]
        verse["text"] = " ".join(["Surely", *verse["text"].split()[1:]])
        db.execute("update editorial_post set draft = ?", [json.dumps(edited)])
    refused = run("publish", "--json", home=home)
    assert "1 refused" in refused.stderr
    assert json.loads(refused.stdout)[0]["outcome"] == "refused"


def test_a_second_publish_reports_nothing_new(home, samples):
    run("ingest", str(samples / "pages" / "papua-new-guinea-morobe-earthquake.html"), home=home)
    assert "1 published" in run("publish", home=home).stderr
    assert "0 published, 1 already published" in run("publish", home=home).stderr


def test_sources_are_added_listed_exported_and_removed(tmp_path, samples):
    home = tmp_path / "home"
    run("init", home=home)
    feed = str(samples / "feed.xml")
    assert "added" in run("sources", "add", feed, home=home).stderr
    [row] = json.loads(run("sources", "list", "--json", home=home).stdout)
    assert row["location"] == feed and row["status"] == "not checked yet"
    assert row["next_check_at"] is None  # due now
    assert f'xmlUrl="{feed}"' in run("sources", "export", home=home).stdout
    missing = run("sources", "add", str(tmp_path / "nowhere.xml"), home=home, check=False)
    assert missing.returncode == 1 and "is not a web address or a file" in missing.stderr
    assert "removed" in run("sources", "remove", feed, home=home).stderr
    assert json.loads(run("sources", "list", "--json", home=home).stdout) == []


def test_run_checks_the_due_sources_writes_drafts_and_reports_status(tmp_path, samples):
    home = tmp_path / "home"
    run("init", home=home)
    run("sources", "add", str(samples / "feed.xml"), home=home)
    done = run("run", home=home)
    assert "1 sources checked (0 failed)" in done.stderr and "drafts written" in done.stderr
    status = json.loads(run("status", "--json", home=home).stdout)
    assert status["sources"] == 1 and status["due"] == 0 and status["failing"] == []
    assert status["drafts_waiting"] >= 12 and status["stories_without_draft"] == 0
    assert {"fetch", "write"} <= set(status["last_runs"])


def test_run_fails_when_every_source_failed(tmp_path):
    home = tmp_path / "home"
    run("init", home=home)
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><<<")
    run("sources", "add", str(broken), home=home)
    done = run("run", home=home, check=False)
    assert done.returncode == 1 and "every source checked failed" in done.stderr
    status = json.loads(run("status", "--json", home=home).stdout)
    assert status["failing"][0]["error"].startswith("the feed could not be parsed")


def test_the_newsletter_from_the_command_line(tmp_path):
    """A list imported, the edition's mail queued and sent to the outbox, the numbers shown,
    the list exported, and a mailbox of bounces read."""
    home = tmp_path / "home"
    run("demo", "--no-serve", home=home)
    (tmp_path / "list.csv").write_text("email,frequency\nann@example.org,daily\nnot-an-address,\n")
    imported = run("subscribers", "import", str(tmp_path / "list.csv"), home=home)
    assert "1 added" in imported.stderr and "line 3:" in imported.stderr
    run("edition", home=home)
    assert "queued" in run("mail", "edition", home=home).stderr
    sent = run("send", home=home)
    assert "outbox" in sent.stderr and "1 sent" in sent.stderr
    assert len(list((home / "outbox").glob("*.eml"))) == 1
    [numbers] = json.loads(run("mail", "list", "--json", home=home).stdout)
    assert (numbers["kind"], numbers["sent"], numbers["queued"]) == ("Daily edition", 1, 0)
    exported = run("subscribers", "export", home=home).stdout
    assert exported.splitlines()[1].startswith("ann@example.org,active,daily,import")
    box = tmp_path / "bounces.mbox"
    box.write_text(
        "From MAILER-DAEMON Thu Dec  3 10:00:00 2026\nFrom: MAILER-DAEMON@mx.example\n"
        "Subject: unsubscribe /newsletter/unsubscribe/forged/\n\nnothing\n"
    )
    read = run("bounces", str(box), home=home)
    assert "1 messages read" in read.stderr and "0 unsubscribed" in read.stderr
    missing = run("bounces", str(tmp_path / "nowhere"), home=home, check=False)
    assert missing.returncode == 2 and "no such mbox" in missing.stderr


def _editor(home, *args, password: str):
    env = {**os.environ, "PRAYNEWS_HOME": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "praynews.cli", "editor", *args],
        input=password + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_editor_gives_someone_a_desk_account_with_a_role(tmp_path):
    run("init", home=tmp_path)
    made = _editor(tmp_path, "esther", "--email", "e@example.org", password="a long pass phrase")
    assert made.returncode == 0, made.stderr
    assert "esther created as an editor" in made.stderr
    again = _editor(tmp_path, "esther", "--admin", password="another long phrase")
    assert "esther updated, and is an admin" in again.stderr
    groups = run(
        "manage",
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "u = User.objects.get(username='esther'); "
        "print(sorted(g.name for g in u.groups.all()), u.is_staff, u.has_perm('auth.add_user'))",
        home=tmp_path,
    )
    assert "['Admins', 'Editors'] True True" in groups.stdout


def test_editor_refuses_a_weak_password_with_the_reason(tmp_path):
    run("init", home=tmp_path)
    refused = _editor(tmp_path, "esther", password="123")
    assert refused.returncode == 2
    assert "too short" in refused.stderr and "Traceback" not in refused.stderr


def test_a_failing_request_is_logged_with_its_traceback_by_serve(home):
    with sqlite3.connect(home / "praynews.sqlite3") as db:
        db.execute("drop table editorial_post")  # the home page's query now fails
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    env = {**os.environ, "PRAYNEWS_HOME": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "praynews.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert _status_of(f"http://127.0.0.1:{port}/") == 500
    finally:
        server.terminate()
        logged = server.communicate(timeout=30)[1]
    assert "ERROR django.request Internal Server Error: /" in logged
    assert "Traceback" in logged and "no such table: editorial_post" in logged


def _status_of(url: str, wait_seconds: float = 60) -> int:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return urllib.request.urlopen(url, timeout=10).status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_write_with_an_unreachable_model_server_writes_without_it_and_says_why(
    tmp_path, samples, monkeypatch
):
    monkeypatch.setenv("PRAYNEWS_MODEL_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("PRAYNEWS_MODEL", "qwen")
    monkeypatch.setenv("PRAYNEWS_MODEL_RETRIES", "0")
    page = samples / "pages" / "poland-silesia-miners-rescued.html"
    draft = json.loads(run("write", str(page), "--json", home=tmp_path / "data").stdout)
    assert draft["writer"] == "extractive"
    assert "cannot reach the server" in draft["writing"]["fallback"]
