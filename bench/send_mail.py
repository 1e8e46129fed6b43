"""Newsletter sending: messages per second through praynews's sender beside a bare smtplib loop.

A local SMTP sink (aiosmtpd, in its own process so it does not share the sender's interpreter)
accepts every message. Both sides send the same messages, the same number, one connection each:
the bare loop sends messages built beforehand (untimed) with `smtplib.send_message`; praynews
claims its delivery rows from SQLite, makes each subscriber's message (their own links and
Message-ID) and marks each row sent after the sink accepts it, as a real send does. The two
alternate over several passes; the pass with the median ratio is printed. Goal: praynews at
least 0.8 of the bare loop's rate.

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


def bare_loop(messages, port: int) -> float:
    smtp = smtplib.SMTP("127.0.0.1", port)
    start = time.perf_counter()
    for message, sender, recipient in messages:
        smtp.send_message(message, from_addr=sender, to_addrs=[recipient])
    elapsed = time.perf_counter() - start
    smtp.quit()
    return elapsed


def praynews_sender() -> tuple[float, int]:
    from praynews.site.newsletter.sending import Sender
    from praynews.site.newsletter.transport import configured_transport

    transport = configured_transport()
    start = time.perf_counter()
    result = Sender(transport, "bench", timedelta(minutes=10)).send_due()
    elapsed = time.perf_counter() - start
    transport.close()
    return elapsed, result.sent


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
        from praynews.site.newsletter.mail import MailSettings, personal_message

        mail = MailSettings.current()
        runs = []
        for _ in range(max(1, args.passes)):
            mailing, deliveries = queue(post, args.messages)
            prepared = [
                (
                    personal_message(mailing, d.subscriber, mail),
                    mail.sender.addr_spec,
                    d.subscriber.email,
                )
                for d in deliveries
            ]
            bare = bare_loop(prepared, port)
            ours, sent = praynews_sender()
            assert sent == args.messages, f"praynews sent {sent} of {args.messages}"
            runs.append((args.messages / ours / (args.messages / bare), bare, ours))
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
