"""One edition queued to 2,000 subscribers and sent by `praynews send` to a real SMTP server on
127.0.0.1: stopped with SIGTERM twice and restarted, no reader gets it twice; killed with
SIGKILL three times and restarted, every reader gets it and the repeats are no more than the
messages in flight at the kills. The counts are printed."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter
from email import message_from_bytes

import pytest

from praynews.site.newsletter.sending import IN_FLIGHT
from tests.conftest import MailSink, process_env

pytestmark = pytest.mark.slow

SUBSCRIBERS = 2000
STOPS = 3
# The sender runs this long before each stop: long enough to be mid-way (a full send takes
# about ten seconds here), short enough that three stops fall inside one send.
RUN_BEFORE_STOP_SECONDS = 1.5


def praynews(*args: str, env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "praynews.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done


def sender(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "praynews.cli", "send"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def received(sink: MailSink, subject: str) -> Counter[str]:
    with sink.lock:
        return Counter(
            rcpt
            for _, rcpts, data in sink.messages
            if message_from_bytes(data)["Subject"] == subject
            for rcpt in rcpts
        )


def send_with_stops(env: dict, how: signal.Signals) -> list[int]:
    """Start a sender, stop it `STOPS` times mid-way, then let one finish; the exit codes."""
    codes = []
    for _ in range(STOPS):
        process = sender(env)
        time.sleep(RUN_BEFORE_STOP_SECONDS)
        process.send_signal(how)
        codes.append(process.wait(timeout=60))
    final = sender(env)
    codes.append(final.wait(timeout=600))
    return codes


def queue_edition(env: dict, day: str) -> str:
    praynews("edition", "--day", day, env=env)
    queued = praynews("mail", "edition", "--day", day, env=env).stderr
    assert f"to {SUBSCRIBERS}" in queued, queued
    return queued.split("queued Daily edition: ", 1)[1].rsplit(" to ", 1)[0]


def test_an_edition_to_2000_readers_survives_stops_and_kills(tmp_path, own_database):
    sink = MailSink()
    sink.controller.start()
    env = process_env(
        **own_database.env,
        PRAYNEWS_SMTP_HOST="127.0.0.1",
        PRAYNEWS_SMTP_PORT=str(sink.port),
        PRAYNEWS_SMTP_SECURITY="none",
        PRAYNEWS_SEND_PER_SECOND="0",
        PRAYNEWS_LEASE_SECONDS="5",
    )
    try:
        praynews("demo", "--no-serve", env=env)
        readers = [f"reader{n}@example.org" for n in range(SUBSCRIBERS)]
        (tmp_path / "list.csv").write_text("email\n" + "\n".join(readers) + "\n")
        praynews("subscribers", "import", str(tmp_path / "list.csv"), env=env)

        graceful = queue_edition(env, "2026-11-23")
        codes = send_with_stops(env, signal.SIGTERM)
        after_stops = received(sink, graceful)
        killed = queue_edition(env, "2026-11-22")
        kill_codes = send_with_stops(env, signal.SIGKILL)
        after_kills = received(sink, killed)
    finally:
        sink.controller.stop()

    def report(counts: Counter[str]) -> dict:
        return {
            "subscribers": SUBSCRIBERS,
            "received": sum(1 for r in readers if counts[r]),
            "missing": sum(1 for r in readers if not counts[r]),
            "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        }

    print("after 3 SIGTERMs:", report(after_stops))
    print("after 3 SIGKILLs:", report(after_kills))
    assert codes == [0, 0, 0, 0]
    assert report(after_stops) == {
        "subscribers": 2000,
        "received": 2000,
        "missing": 0,
        "duplicates": 0,
    }
    assert kill_codes[-1] == 0 and all(c == -signal.SIGKILL for c in kill_codes[:-1])
    assert report(after_kills)["missing"] == 0
    # At each kill: the message being recorded and the one on the wire meanwhile.
    assert report(after_kills)["duplicates"] <= STOPS * IN_FLIGHT
