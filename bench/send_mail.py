"""Newsletter sending: messages per second through praynews's sender beside a bare smtplib loop.

A local SMTP sink (aiosmtpd, in its own process so it does not share the sender's interpreter)
accepts every message. Both sides send the same messages, the same number, one connection each:
the bare loop sends them made to bytes beforehand (untimed) with `smtplib.sendmail`, the least
work smtplib can do per message; praynews claims its delivery rows from SQLite, makes each
subscriber's message (their own links and Message-ID) and marks each row sent after the sink
accepts it, as a real send does. The two take turns, 500 messages at a time, and the pass with
the median ratio is printed. Goal: praynews at least 0.8 of the bare loop's rate.

Needs no shared data: the post is written from a bundled sample page.

Run: .venv/bin/python bench/send_mail.py [--messages N] [--passes N]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import smtplib
import socket
import sys
import tempfile
import time
from datetime import timedelta
from importlib import resources
from pathlib import Path

# Messages each side sends before the other takes its turn: a second or two of sending.
SLICE = 500


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_sink(port: int, ready) -> None:
    from aiosmtpd.controller import Controller

    class Count:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def set_up(home: Path, port: int, count: int):
    os.environ.update(
        PRAYNEWS_HOME=str(home),
        PRAYNEWS_SMTP_HOST="127.0.0.1",
        PRAYNEWS_SMTP_PORT=str(port),
        PRAYNEWS_SMTP_SECURITY="none",
        PRAYNEWS_SEND_PER_SECOND="0",
    )
    from praynews.site.bootstrap import start

    start(create=True)
    from praynews.site.editorial.services import write_and_publish
    from praynews.site.news.ingest import ingest
    from praynews.site.news.models import Story

    pages = Path(str(resources.files("praynews").joinpath("samples", "pages")))
    ingest(str(sorted(pages.glob("*.html"))[0]))
    return write_and_publish(Story.objects.get()).post


def queue(post, count: int):
    from praynews.site.newsletter.models import Delivery, Mailing, Subscriber
    from praynews.site.newsletter.queueing import queue_post

    Mailing.objects.all().delete()
    Subscriber.objects.all().delete()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.org", status="active", frequency="post")
        for n in range(count)
    )
    mailing = queue_post(post).mailing
    return mailing, list(Delivery.objects.filter(mailing=mailing).select_related("subscriber"))


def bare_loop(smtp: smtplib.SMTP, messages) -> float:
    start = time.perf_counter()
    for message in messages:
        smtp.sendmail(message.sender, [message.recipient], message.data)
    return time.perf_counter() - start


class Counted:
    """The configured transport, counting what it hands over so a run can stop at a count."""

    def __init__(self, transport) -> None:
        self.transport, self.sent = transport, 0

    def send(self, outgoing) -> None:
        self.transport.send(outgoing)
        self.sent += 1

    def close(self) -> None:
        self.transport.close()


def one_pass(post, count: int, port: int) -> tuple[float, float]:
    """Seconds for the bare loop and for praynews, taking turns a slice at a time so that a
    sink or machine slowing down in the middle of a pass weighs on both alike."""
    from praynews.site.newsletter.mail import MailSettings, PersonalMail
    from praynews.site.newsletter.sending import Sender
    from praynews.site.newsletter.transport import configured_transport

    mailing, deliveries = queue(post, count)
    template = PersonalMail(mailing, MailSettings.current())
    prepared = [template.message_for(d.subscriber) for d in deliveries]
    smtp = smtplib.SMTP("127.0.0.1", port)
    transport = Counted(configured_transport())
    sender = Sender(transport, "bench", timedelta(minutes=10))
    bare = ours = 0.0
    for first in range(0, count, SLICE):
        bare += bare_loop(smtp, prepared[first : first + SLICE])
        until = min(count, first + SLICE)
        start = time.perf_counter()
        sender.send_due(keep_going=lambda until=until: transport.sent < until)
        ours += time.perf_counter() - start
    smtp.quit()
    transport.close()
    assert transport.sent == count, f"praynews sent {transport.sent} of {count}"
    return bare, ours


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    port = free_port()
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=run_sink, args=(port, ready), daemon=True)
    sink.start()
    ready.wait(30)
    with tempfile.TemporaryDirectory() as folder:
        post = set_up(Path(folder) / "home", port, args.messages)
        runs = []
        for _ in range(max(1, args.passes)):
            bare, ours = one_pass(post, args.messages, port)
            runs.append((bare / ours, bare, ours))
    sink.terminate()
    runs.sort()
    ratio, bare, ours = runs[len(runs) // 2]
    print(f"messages per pass: {args.messages}, to an aiosmtpd sink on 127.0.0.1")
    print(f"bare smtplib loop: {args.messages / bare:,.0f} messages/s")
    print(
        f"praynews sender:   {args.messages / ours:,.0f} messages/s"
        " (claims, personal links, rows marked sent)"
    )
    print(
        f"ratio {ratio:.2f} of the bare loop "
        f"(passes {', '.join(f'{r[0]:.2f}' for r in runs)}; goal 0.80)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
