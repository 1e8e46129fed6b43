"""The `praynews` command: parse arguments, call the app, print what happened.

Output that is data goes to stdout (as JSON with `--json`); progress bars and reports go to
stderr so they never mix with it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from praynews import __version__
from praynews.core.errors import InputError, NotNewsError, PrayNewsError

# soft_wrap: a message stays one line, whatever the terminal width, for grep and for logs.
err = Console(stderr=True, soft_wrap=True)
out = Console()
notices = logging.getLogger("praynews.cli")
# Worker threads of `praynews serve`. Python runs one thread at a time, so on the 2-core
# reference machine bench/serve_post.py served a kept post page at 1,349 requests/s with 1
# thread, 1,077 with 2 and 700-900 with waitress's usual 4. Two keeps most of that speed while
# one slow request (an editor's publish, a large search) does not hold up every reader.
SERVE_THREADS = 2


def sample_feed() -> Path:
    """The bundled sample feed: fictional articles written for praynews, used by the demo."""
    return Path(str(resources.files("praynews").joinpath("samples", "feed.xml")))


@contextmanager
def progress_bar(description: str) -> Iterator:
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(description, total=None)

        def report(event: str, amount: int) -> None:
            if event == "total":
                progress.update(task, total=(progress.tasks[0].total or 0) + amount)
            else:
                progress.advance(task, amount)

        yield report


def _start_django(create: bool = False, migrate: bool = True) -> None:
    from praynews.site.bootstrap import start

    start(migrate=migrate, create=create)


def cmd_init(args: argparse.Namespace) -> int:
    from praynews.site.config import home

    _start_django(create=True)
    err.print(f"[green]✓[/green] data folder ready: [bold]{home()}[/bold]")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Whether the database, broker, mail server and model server answer; exit 1 when one that
    is configured does not. The database is left as it is: its missing migrations are news."""
    _start_django(migrate=False)
    from praynews.site import health

    results = health.check_all()
    if args.json:
        print(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        marks = {"ok": "[green]✓[/green]", "failed": "[red]✗[/red]", "not configured": "·"}
        for result in results:
            said = f": {result.detail}" if result.failed else f" — {result.detail}"
            out.print(
                f"{marks[result.state]} {result.name}: {result.state}{escape(said)}",
                soft_wrap=True,
                highlight=False,
            )
    return 1 if any(r.failed for r in results) else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site import services

    with progress_bar("Ingesting") as report:
        result = services.ingest(args.sources, progress=report)
    if args.json:
        out.print_json(json.dumps([_source_dict(s) for s in result.sources]))
    else:
        for source in result.sources:
            _print_source(source)
    return 1 if result.failed else 0


def _source_dict(result) -> dict:
    from praynews.site.services import ItemStatus

    return {
        "location": result.location,
        "error": result.error or None,
        "added": result.count(ItemStatus.ADDED),
        "existing": result.count(ItemStatus.EXISTING),
        "copies": result.count(ItemStatus.COPY),
        "failed": [
            {"item": i.label, "error": i.error}
            for i in result.items
            if i.status == ItemStatus.FAILED
        ],
        "problems": list(result.problems),
    }


def _print_source(result) -> None:
    """One line per source; its failed items are logged as they happen (see -q)."""
    from praynews.site.services import ItemStatus

    if result.error:
        err.print(f"[red]✗[/red] {result.location}: {result.error}")
        return
    err.print(
        f"[green]✓[/green] {result.location}: {result.count(ItemStatus.ADDED)} added, "
        f"{result.count(ItemStatus.COPY)} copies of stored articles, "
        f"{result.count(ItemStatus.EXISTING)} already stored, "
        f"{result.count(ItemStatus.FAILED)} failed"
    )
    for problem in result.problems:
        err.print(f"    [yellow]problem[/yellow] {escape(problem)}")


def cmd_publish(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site import services

    with progress_bar("Writing and publishing") as report:
        result = services.publish_ready(progress=report)
    _print_publication(result)
    if args.json:
        out.print_json(json.dumps([_post_item_dict(i) for i in result.items]))
    return 1 if result.failed else 0


def _print_publication(result) -> None:
    from praynews.site.services import PublishOutcome as Outcome

    err.print(
        f"[green]✓[/green] {result.count(Outcome.PUBLISHED)} published, "
        f"{result.count(Outcome.UNCHANGED)} already published, "
        f"{result.count(Outcome.HELD)} held for an editor, "
        f"{result.count(Outcome.REFUSED)} refused, {result.count(Outcome.FAILED)} not written, "
        f"{result.count(Outcome.NOT_NEWS)} not news"
    )
    for item in result.items:
        if item.outcome in (Outcome.HELD, Outcome.REFUSED, Outcome.NOT_NEWS):
            err.print(f"    [yellow]{item.outcome}[/yellow] {escape(item.headline)}: ", end="")
            err.print(escape("; ".join(item.reasons)))
        elif item.outlets > 1:
            err.print(f"    {escape(item.headline)}: reported by {item.outlets} outlets")


def _post_item_dict(item) -> dict:
    return {
        "story": item.story,
        "post": item.post,
        "outcome": str(item.outcome),
        "reasons": list(item.reasons),
    }


def cmd_edition(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site import services

    edition = services.build_edition(args.day, args.size)
    if args.json:
        entries = [
            {
                "position": e.position,
                "headline": e.headline,
                "post": e.post,
                "status": e.status,
                "outcome": str(e.outcome),
                "reasons": list(e.reasons),
            }
            for e in edition.entries
        ]
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return 0
    out.rule(edition.title)
    for entry in edition.entries:
        status = entry.status or "not written"
        out.print(f"{entry.position}. [bold]{escape(entry.headline)}[/bold] ({status})")
        out.print("   " + escape("; ".join(entry.reasons)))
    for story, reason in edition.not_news:
        err.print(f"[yellow]left out[/yellow] {escape(story)}: {escape(reason)}")
    waiting = [entry for entry in edition.entries if entry.status and entry.status != "published"]
    if waiting:
        err.print(f"{len(waiting)} drafts are waiting for review on the editor's desk (/desk/).")
    return 0


def cmd_write(args: argparse.Namespace) -> int:
    """Drafts straight from a page, file or feed, one per story as publishing would write them
    (with the model writer when a model server is set)."""
    from praynews.core.compose import compose
    from praynews.core.stories import group_articles
    from praynews.core.writing.reporting import source_ref
    from praynews.site.editorial.writers import writer
    from praynews.sources import plan

    chosen = writer()

    articles, failures = [], 0
    for task in plan(args.source).tasks:
        try:
            articles.append(task.load())
        except PrayNewsError as exc:
            failures += 1
            err.print(f"[yellow]skipped[/yellow] {escape(task.label)}: {escape(str(exc))}")
    drafts = []
    for story in group_articles(articles):
        copies = [source_ref(copy) for copy in story.copies]
        try:
            draft = compose(story.reports, chosen, args.translation, copies=copies)
        except PrayNewsError as exc:
            failures += 1
            what = "not news" if isinstance(exc, NotNewsError) else "skipped"
            err.print(
                f"[yellow]{what}[/yellow] {escape(story.reports[0].title)}: {escape(str(exc))}"
            )
            continue
        drafts.append(draft.to_dict())
    if not drafts:
        err.print(f"[red]✗[/red] no draft could be written from {escape(args.source)}")
        return 1
    if args.json:
        payload = drafts[0] if len(drafts) == 1 else drafts
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for draft in drafts:
            _print_draft(draft)
    return 0 if not failures else 1


def _print_draft(draft: dict) -> None:
    out.rule(draft["headline"])
    out.print(f"[italic]{draft['dek']}[/italic]\n")
    out.print("[bold]This story at a glance…[/bold]")
    for bullet in draft["glance"]:
        out.print(f"  • {bullet}")
    out.print()
    for paragraph in draft["opening"]:
        out.print(paragraph + "\n")
    for section in draft["sections"]:
        out.print(f"[bold]{section['heading']}[/bold]")
        for paragraph in section["paragraphs"]:
            out.print(paragraph + "\n")
    out.print("[bold]Reflection[/bold]")
    out.print(draft["reflection"]["text"] + "\n")
    out.print(f"[italic]{draft['reflection']['prayer']}[/italic]\n")
    for flag in draft["flags"]:
        out.print(f"[yellow]flag[/yellow] {flag['kind']} in {flag['where']}: {flag['text']}")


def cmd_lint(args: argparse.Namespace) -> int:
    """Lint drafts: written here from pages (each page its own story), or saved as JSON."""
    from praynews.core.lint import lint, story_length

    reports, unread = [], 0
    for label, draft, source_text in _drafts_to_lint(args.files):
        if draft is None:
            unread += 1
            err.print(f"[yellow]skipped[/yellow] {escape(label)}: {escape(source_text)}")
            continue
        length = story_length(draft, source_text)
        findings = lint(draft, source_text)
        reports.append(_lint_report(label, draft.headline, findings, length))
    if not reports:
        err.print("[red]✗[/red] no draft could be read or written from " + " ".join(args.files))
        return 2
    counts = _lint_counts(reports)
    if args.json:
        print(json.dumps({"drafts": reports, "counts": counts}, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            _print_lint_report(report)
        _print_lint_counts(counts, len(reports))
    return 1 if any(r["findings"] for r in reports) or unread else 0


def _drafts_to_lint(locations: list[str]) -> Iterator[tuple]:
    """(label, draft, source text) for each draft named, a folder's files in name order; a
    draft that cannot be had comes as (label, None, why). Saved drafts carry no source text."""
    for location in locations:
        path = Path(location).expanduser()
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            saved = _saved_drafts(file)
            if saved is None:
                yield from _written_drafts(str(file))
            else:
                yield from (
                    (f"{file}[{i}]" if len(saved) > 1 else str(file), d, "")
                    for i, d in enumerate(saved)
                )


def _saved_drafts(path: Path) -> list | None:
    """The drafts a JSON file holds (one or a list, as `praynews write --json` prints them),
    or None when the file is not saved drafts (a page, a feed)."""
    from praynews.core.types import Draft

    if path.suffix.lower() != ".json":
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(i, dict) and "reflection" in i for i in items):
        return None
    return [Draft.from_dict(item) for item in items]


def _written_drafts(location: str) -> Iterator[tuple]:
    """Each article at the location written as its own story, as `praynews write` writes it."""
    from praynews.core.compose import compose
    from praynews.core.writing.extractive import ExtractiveWriter
    from praynews.core.writing.reporting import story_source_text
    from praynews.sources import plan

    writer = ExtractiveWriter()
    for task in plan(location).tasks:
        try:
            article = task.load()
            yield task.label, compose([article], writer), story_source_text([article])
        except PrayNewsError as exc:
            yield task.label, None, str(exc)


def _lint_report(label: str, headline: str, findings: list, length) -> dict:
    return {
        "file": label,
        "headline": headline,
        "story_words": length.words,
        "source_words": length.source_words,
        "copied_share": round(length.copied_share, 3),
        "findings": [
            {"kind": str(f.kind), "where": f.where, "text": f.text, "message": f.message}
            for f in findings
        ],
    }


def _lint_counts(reports: list[dict]) -> dict[str, int]:
    """Findings of each kind over all drafts, every kind listed (0 is a result too)."""
    from praynews.core.types import LintKind

    counts = dict.fromkeys(map(str, LintKind), 0)
    for report in reports:
        for finding in report["findings"]:
            counts[finding["kind"]] += 1
    return counts


def _print_lint_report(report: dict) -> None:
    out.rule(escape(report["headline"]))
    source = f" of {report['source_words']} in the source" if report["source_words"] else ""
    out.print(f"{escape(report['file'])}: story {report['story_words']} words{source}")
    for f in report["findings"]:
        out.print(f"  [yellow]{f['kind']}[/yellow] {f['where']}: {escape(f['message'])}")
        out.print(f"      {escape(f['text'])}")


def _print_lint_counts(counts: dict[str, int], drafts: int) -> None:
    from rich.table import Table

    table = Table(title=f"drafts linted: {drafts}")
    table.add_column("finding")
    table.add_column("count", justify="right")
    for kind, count in counts.items():
        table.add_row(kind, str(count))
    out.print(table)


def cmd_verse(args: argparse.Namespace) -> int:
    """Explain the verse choice for each article: themes, top candidates, and why."""
    from praynews.core.scripture.bible import lookup
    from praynews.core.scripture.choose import choose_verse
    from praynews.core.scripture.index import default_index
    from praynews.core.writing.reporting import read_reports
    from praynews.sources import plan

    reports = []
    for task in plan(args.source).tasks:
        try:
            reporting = read_reports((task.load(),))
        except PrayNewsError as exc:
            err.print(f"[yellow]skipped[/yellow] {escape(task.label)}: {escape(str(exc))}")
            continue
        title = reporting.lead.title
        choice = choose_verse(
            title, list(reporting.paragraphs), default_index(), translation=args.translation
        )
        reports.append(_verse_report(title, choice, lookup, args.translation, args.top))
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
        return 0
    for report in reports:
        out.rule(report["title"])
        event = report["event"]
        out.print(
            f"[bold]Event[/bold] {event['kind']}, {event['stage']} "
            f"(confidence {event['confidence']:.2f}): {'; '.join(event['reasons'])}"
        )
        out.print("[bold]Themes[/bold] (cue weight; the words that matched)")
        for theme in report["themes"]:
            out.print(f"  {theme['id']:<18} {theme['score']:>6.1f}  {', '.join(theme['cues'])}")
        out.print("[bold]Top candidates[/bold]")
        for rank, candidate in enumerate(report["candidates"], 1):
            out.print(f"  {rank}. {candidate['reference']} ({candidate['score']:.2f}): ", end="")
            out.print("; ".join(candidate["reasons"]))
        chosen = report["candidates"][0]
        out.print(f"\n[bold]Chosen:[/bold] “{chosen['text']}” ({chosen['reference']})\n")
    return 0


def _verse_report(title: str, choice, lookup, translation: str, top: int) -> dict:
    event = choice.event
    return {
        "title": title,
        "event": {
            "kind": event.kind,
            "stage": event.stage,
            "confidence": round(event.confidence, 2),
            "reasons": list(event.reasons),
        },
        "themes": [
            {"id": t.theme.id, "score": round(t.score, 2), "cues": list(t.cues)}
            for t in choice.themes
        ],
        "candidates": [
            {
                "reference": lookup(c.verse.ref, translation).reference,
                "theme": c.theme.id,
                "score": c.score,
                "reasons": list(c.reasons),
                "text": lookup(c.verse.ref, translation).text,
            }
            for c in choice.candidates[:top]
        ],
    }


def cmd_serve(args: argparse.Namespace) -> int:
    _site_url_defaults_to(args.host, args.port)
    _start_django()
    serve(args.host, args.port, args.threads)
    return 0


def _site_url_defaults_to(host: str, port: int) -> None:
    """Unless PRAYNEWS_SITE_URL is set, the address served on is the public one, so the links
    in feeds, canonical tags and mail work on any port (a wildcard host names no address)."""
    if not os.environ.get("PRAYNEWS_SITE_URL") and host not in ("0.0.0.0", "::", ""):
        os.environ["PRAYNEWS_SITE_URL"] = f"http://{host}:{port}"


def serve(host: str, port: int, threads: int = SERVE_THREADS) -> None:
    """Serve until interrupted; an address that cannot be listened on is the caller's input
    error (a port in use, a privileged port), said in one line."""
    from waitress import create_server

    from praynews.site.bootstrap import collect_static
    from praynews.site.wsgi import application

    collect_static()
    try:
        server = create_server(application, host=host, port=port, threads=threads)
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise InputError(
            f"cannot listen on {host}:{port}: {why}",
            what="address",
            where=f"{host}:{port}",
            why=why,
        ) from exc
    if _json_logs():
        say(f"serving on http://{host}:{port}/")
    else:
        err.print(f"Serving on [bold]http://{host}:{port}/[/bold] (Ctrl+C to stop)")
    server.run()


def cmd_demo(args: argparse.Namespace) -> int:
    from praynews.site.config import home

    err.print(f"Data folder: [bold]{home()}[/bold]")
    _site_url_defaults_to(args.host, args.port)
    _start_django(create=True)
    ingested = cmd_ingest(argparse.Namespace(sources=[str(sample_feed())], json=False))
    published = cmd_publish(argparse.Namespace(json=False))
    if ingested or published:
        return 1
    from praynews.site import services

    edition = services.build_edition()
    err.print(
        f"{escape(edition.title)}: {len(edition.entries)} stories, at /editions/{edition.day}/"
    )
    cmd_audio(argparse.Namespace(limit=1000))
    from praynews.site.newsletter import service

    err.print(
        f"Newsletter mail goes to {escape(service.where_mail_goes())} (see PRAYNEWS_SMTP_HOST)"
    )
    err.print("The editor's desk is at /desk/: make yourself an account with praynews editor NAME")
    if not args.no_serve:
        serve(args.host, args.port, args.threads)
    return 0


def cmd_audio(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site import services

    with err.status("Reading posts aloud"):
        summary = services.read_aloud(limit=args.limit)
    err.print(f"Audio: {escape(summary)}")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site.news import subscriptions

    if args.action == "list":
        rows = subscriptions.list_sources()
        if args.json:
            out.print_json(json.dumps([row.as_dict() for row in rows]))
        elif not rows:
            err.print("no sources yet: add one with `praynews sources add URL`")
        for row in rows if not args.json else ():
            _print_source_row(row)
        return 0
    if args.action == "export":
        from praynews.site.config import setting

        document = subscriptions.export_opml(f"{setting('PRAYNEWS_PUBLICATION')} sources")
        if args.output:
            Path(args.output).write_bytes(document)
            err.print(f"[green]✓[/green] wrote {args.output}")
        else:
            sys.stdout.write(document.decode())
        return 0
    if args.action == "remove":
        removed = subscriptions.remove_sources(args.locations)
        for key, outcome in removed:
            mark = "[green]✓[/green]" if outcome == "removed" else "[yellow]·[/yellow]"
            err.print(f"{mark} {escape(key)}: {outcome}")
        return 0 if all(o == "removed" for _, o in removed) else 1
    if args.action == "import":
        results = subscriptions.import_opml(args.file)
    else:
        results = subscriptions.add_sources(args.locations)
    for result in results:
        _print_added(result)
    return 1 if any(r.outcome == "failed" for r in results) else 0


def _print_added(result) -> None:
    if result.error:
        err.print(f"[red]✗[/red] {escape(result.location)}: {escape(result.error)}")
        return
    feeds = ", ".join(f for f in result.feeds if f != result.location)
    found = f" (feeds found: {escape(feeds)})" if feeds else ""
    err.print(f"[green]✓[/green] {escape(result.location)}: {result.outcome}{found}")


def _print_source_row(row) -> None:
    def when(moment) -> str:
        return moment.strftime("%Y-%m-%d %H:%M") if moment else "now"

    checked = row.last_checked_at.strftime("%Y-%m-%d %H:%M") if row.last_checked_at else "never"
    out.print(
        f"[bold]{row.id}[/bold] {escape(row.title or row.location)}\n"
        f"    {escape(row.location)}\n"
        f"    {row.status}; last checked {checked}; next check {when(row.next_check_at)}; "
        f"{row.articles_this_week} articles this week",
        highlight=False,
    )
    if row.last_error:
        out.print(f"    [red]last error:[/red] {escape(row.last_error)}", highlight=False)


def stop_on_signals(message: str) -> threading.Event:
    """An event SIGTERM and SIGINT set (saying `message`), for a long run that finishes the item
    in hand and stops. Installed before Django starts, so a stop asked during start-up is a
    stop, not a kill."""
    stop = threading.Event()

    def finish_and_stop(signum, frame) -> None:
        say(message)
        stop.set()

    signal.signal(signal.SIGTERM, finish_and_stop)
    signal.signal(signal.SIGINT, finish_and_stop)
    return stop


def cmd_worker(args: argparse.Namespace) -> int:
    stop = stop_on_signals("praynews worker: stopping after the item in hand")
    _start_django()
    from praynews.site.worker import Worker

    Worker(stop=stop).run()
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site.worker import Worker

    result = Worker().run_pass()
    failed = sum(1 for s in result.sources if s.error)
    err.print(
        f"{len(result.sources)} sources checked ({failed} failed), "
        f"{result.articles_added} articles added, {result.written} drafts written, "
        f"{result.published} published" + (f"; {result.edition}" if result.edition else "")
    )
    if result.every_source_failed:
        err.print("[red]praynews:[/red] every source checked failed (see above)")
        return 1
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site.status import MODEL_USE_DAYS, current_status

    status = current_status()
    if args.json:
        out.print_json(json.dumps(status.as_dict()))
        return 0
    out.print(
        f"sources: {status.sources} on the list, {status.due} due, {len(status.failing)} failing"
    )
    for source in status.failing:
        out.print(
            f"    [red]{escape(source.status)}[/red] {escape(source.location)} "
            f"({source.failures} errors in a row): {escape(source.error)}",
            highlight=False,
        )
    out.print(
        f"waiting: {status.stories_without_draft} stories without a draft, "
        f"{status.drafts_waiting} drafts to review, {status.mail_queued} mails to send "
        f"({status.subscribers} subscribers)"
    )
    model = status.model
    if model.drafts:
        out.print(
            f"model writer, last {MODEL_USE_DAYS} days: {model.drafts} drafts "
            f"({model.fell_back} written without it, {model.cached} from the cache), "
            f"{model.prompt_tokens} + "
            f"{model.completion_tokens} tokens, {model.seconds} s, {model.retries} retries"
        )
    for run in status.last_runs:
        mark = "[green]✓[/green]" if run.ok else "[red]✗[/red]"
        out.print(
            f"{mark} last {run.stage}: {run.finished_at:%Y-%m-%d %H:%M} UTC, {escape(run.summary)}",
            highlight=False,
        )
    return 0


def cmd_subscribers(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site.newsletter import service

    if args.action == "export":
        document = service.export_subscribers()
        if args.output:
            Path(args.output).write_text(document)
            err.print(f"[green]✓[/green] wrote {args.output}")
        else:
            sys.stdout.write(document)
        return 0
    result = service.import_subscribers(Path(args.file), args.frequency)
    for problem in result.problems:
        err.print(f"[yellow]·[/yellow] {escape(problem)}")
    err.print(
        f"{result.added} added, {result.already} already on the list, "
        f"{result.suppressed} left out (unsubscribed, bounced or complained before)"
    )
    return 0


def cmd_editor(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site import services

    password = _new_password()
    created = services.add_desk_member(args.username, args.email or "", password, args.admin)
    role = "an admin" if args.admin else "an editor"
    done = "created as" if created else "updated, and is"
    err.print(f"[green]✓[/green] {escape(args.username)} {done} {role}: log in at /login/")
    return 0


def _new_password() -> str:
    """Asked twice at a terminal; one line of standard input otherwise (for scripts)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise InputError("the two passwords differ")
    return first


def cmd_send(args: argparse.Namespace) -> int:
    stop = stop_on_signals("praynews send: stopping after the message in hand")
    _start_django()
    from praynews.site.newsletter import service
    from praynews.site.worker import worker_name

    err.print(f"Sending to {escape(service.where_mail_goes())}")
    result = service.send_due(worker_name(), stop)
    err.print(result.summary() + ("; stopped" if result.stopped else ""))
    return 1 if result.error else 0


def cmd_bounces(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site.newsletter import service

    result = service.read_bounces(Path(args.mailbox))
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(result.counts.items()))
    err.print(
        f"{result.read} messages read ({kinds or 'none'}): {result.suppressed} addresses "
        f"suppressed, {result.unsubscribed} unsubscribed"
    )
    for problem in result.problems:
        err.print(f"[yellow]·[/yellow] {escape(problem)}")
    return 0


def cmd_mail(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site.newsletter import service

    if args.action == "edition":
        queued = service.queue_edition_now(args.day)
        if queued.already:
            err.print("that edition's mail was queued before; nothing added")
        elif queued.mailing is None:
            err.print("nothing queued: no published post in it, or no daily subscriber")
        else:
            err.print(
                f"[green]✓[/green] queued {escape(str(queued.mailing))} to {queued.recipients}"
            )
        return 0
    if args.action == "test":
        service.send_test(args.mailing, args.to)
        err.print(f"[green]✓[/green] sent a test of mail {args.mailing} to {escape(args.to)}")
        return 0
    numbers = service.mailing_numbers(args.limit)
    if args.json:
        out.print_json(json.dumps([n.as_dict() for n in numbers]))
        return 0
    if not numbers:
        err.print("no mail queued yet")
    for n in numbers:
        out.print(
            f"[bold]{n.id}[/bold] {n.kind}: {escape(n.subject)}\n    queued {n.queued_at[:16]}; "
            f"{n.queued} waiting, {n.sent} sent, {n.failed} failed, {n.bounced} bounced, "
            f"{n.skipped} not sent (suppressed), {n.unsubscribed} unsubscribed",
            highlight=False,
        )
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site.bootstrap import manage

    manage(args.arguments)
    return 0


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Defaults in --help, except where there is none to show (the help says what happens)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return action.help if action.default is None else super()._get_help_string(action)


class Parser(argparse.ArgumentParser):
    """Shows defaults in --help, and answers a bad argument in one line (exit 2), without the
    usage block: the line says which argument and why, and --help is there for the rest."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day in YYYY-MM-DD form") from None


def port_number(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _verbosity(parser: argparse.ArgumentParser, default: object) -> None:
    """-v/-q on the main parser and on every command, so either place works."""
    parser.add_argument(
        "-v", "--verbose", action="count", default=default, help="log each stage (-vv: more)"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", default=default, help="log errors only"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="praynews", description="Turn the day's news into Pray News posts.")
    parser.add_argument("--version", action="version", version=f"praynews {__version__}")
    _verbosity(parser, default=0)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=summary)
        _verbosity(sub, default=argparse.SUPPRESS)
        return sub

    init = command("init", "create the data folder (PRAYNEWS_HOME) and its database")
    init.set_defaults(run=cmd_init)

    check = command(
        "check", "whether the database, broker, mail server and model server can be reached"
    )
    check.add_argument("--json", action="store_true", help="print the results as a JSON list")
    check.set_defaults(run=cmd_check)

    demo = command("demo", "create the data folder, ingest the sample news, publish, and serve")
    demo.add_argument("--no-serve", action="store_true", help="build the site and exit")
    _serve_options(demo)
    demo.set_defaults(run=cmd_demo)

    speak = command("audio", "read new posts and editions aloud (the podcast's episodes)")
    speak.add_argument("--limit", type=int, default=1000, help="most recordings to make")
    speak.set_defaults(run=cmd_audio)

    ingest = command("ingest", "store articles from feeds, pages, files, folders")
    ingest.add_argument("sources", nargs="+", metavar="SOURCE", help="URL, file, folder or OPML")
    ingest.add_argument("--json", action="store_true", help="print the results as JSON")
    ingest.set_defaults(run=cmd_ingest)

    sources = command("sources", "the list of sources the worker checks")
    actions = sources.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add feeds, or sites whose feeds are found for you")
    add.add_argument("locations", nargs="+", metavar="URL", help="a feed, a site, or a feed file")
    listing = actions.add_parser("list", help="each source's state, last error and next check")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    remove = actions.add_parser("remove", help="take sources off the list (articles stay)")
    remove.add_argument("locations", nargs="+", metavar="SOURCE", help="address, path or id")
    importing = actions.add_parser("import", help="add every feed of an OPML list")
    importing.add_argument("file", metavar="FILE", help="an OPML file or its URL")
    export = actions.add_parser("export", help="print the list as OPML")
    export.add_argument("-o", "--output", help="write to this file instead of stdout")
    for action in (add, listing, remove, importing, export):
        action.formatter_class = HelpFormatter
    sources.set_defaults(run=cmd_sources)

    worker = command(
        "worker", "check sources when due, write drafts, build the edition; until stopped"
    )
    worker.set_defaults(run=cmd_worker)

    run = command("run", "one round of the worker's work, then exit (for cron)")
    run.set_defaults(run=cmd_run)

    status = command("status", "sources due and failing, work waiting, each stage's last run")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(run=cmd_status)

    subscribers = command("subscribers", "the newsletter's list: import and export CSV")
    members = subscribers.add_subparsers(dest="action", required=True)
    importing = members.add_parser("import", help="add the addresses of a CSV file, as imported")
    importing.add_argument("file", metavar="FILE", help="CSV with an email column, or one per line")
    importing.add_argument(
        "--frequency", default="daily", help="post, daily or weekly, where a row names none"
    )
    export = members.add_parser("export", help="print every subscriber as CSV")
    export.add_argument("-o", "--output", help="write to this file instead of stdout")
    for action in (importing, export):
        action.formatter_class = HelpFormatter
    subscribers.set_defaults(run=cmd_subscribers)

    editor = command("editor", "give someone a desk account (an editor, or with --admin an admin)")
    editor.add_argument("username")
    editor.add_argument("--email", help="their address")
    editor.add_argument("--admin", action="store_true", help="may also publish over the flags")
    editor.set_defaults(run=cmd_editor)

    send = command("send", "send the newsletter's queued mail, then exit")
    send.set_defaults(run=cmd_send)

    bounces = command("bounces", "read bounces, complaints and unsubscribe mails from a mailbox")
    bounces.add_argument("mailbox", metavar="MAILBOX", help="an mbox file or a Maildir folder")
    bounces.set_defaults(run=cmd_bounces)

    mail = command("mail", "the newsletter's mails: numbers, the edition's mail, a test")
    mails = mail.add_subparsers(dest="action", required=True)
    listing = mails.add_parser("list", help="each mail: waiting, sent, failed, bounced, ...")
    listing.add_argument("--json", action="store_true", help="print the numbers as JSON")
    listing.add_argument("--limit", type=positive, default=20, help="how many mails, newest first")
    queue = mails.add_parser(
        "edition", help="queue an edition's mail now, with its published posts"
    )
    queue.add_argument(
        "--day", type=iso_day, help="the edition's day, YYYY-MM-DD (default: newest)"
    )
    trial = mails.add_parser("test", help="send one mail, as subscribers get it, to one address")
    trial.add_argument("mailing", type=positive, metavar="ID", help="the mail's number (mail list)")
    trial.add_argument("--to", required=True, help="the address to send the test to")
    for action in (listing, queue, trial):
        action.formatter_class = HelpFormatter
    mail.set_defaults(run=cmd_mail)

    publish = command("publish", "write posts for stored stories and publish those that pass")
    publish.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    publish.set_defaults(run=cmd_publish)

    write = command("write", "write drafts from a page, file or feed (no storage)")
    write.add_argument("source", metavar="SOURCE", help="URL, HTML or text file (gzip accepted)")
    write.add_argument("--json", action="store_true", help="print the draft as FORMAT.md's JSON")
    _translation_option(write)
    write.set_defaults(run=cmd_write)

    edition = command("edition", "rank the stories and draft the day's edition")
    edition.add_argument("--size", type=positive, default=5, help="how many stories")
    edition.add_argument(
        "--day", type=iso_day, help="the edition's day, YYYY-MM-DD (default: newest news)"
    )
    edition.add_argument("--json", action="store_true", help="print the edition as JSON")
    edition.set_defaults(run=cmd_edition)

    lint_parser = command("lint", "lint drafts: what an editor would strike, kind by kind")
    lint_parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a page (written as its own story), a saved draft JSON, or a folder of them",
    )
    lint_parser.add_argument("--json", action="store_true", help="print findings as JSON")
    lint_parser.set_defaults(run=cmd_lint)

    verse = command("verse", "show how the verse for an article is chosen")
    verse.add_argument("source", metavar="SOURCE", help="URL, HTML or text file, or a feed")
    verse.add_argument("--top", type=positive, default=5, help="how many candidates to show")
    verse.add_argument("--json", action="store_true", help="print the explanation as JSON")
    _translation_option(verse)
    verse.set_defaults(run=cmd_verse)

    serve_parser = command("serve", "serve the site")
    _serve_options(serve_parser)
    serve_parser.set_defaults(run=cmd_serve)

    manage = command("manage", "run a Django management command")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(run=cmd_manage)
    return parser


def _translation_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--translation",
        default=os.environ.get("PRAYNEWS_TRANSLATION", "WEB"),
        help="Bible translation: WEB, KJV, AKJV or ASV",
    )


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=port_number, default=8000, help="port to listen on")
    parser.add_argument(
        "--threads",
        type=positive,
        default=SERVE_THREADS,
        help="requests handled at once; fewer is quicker for kept pages (bench/serve_post.py)",
    )


def configure_logging(verbose: int, quiet: bool) -> None:
    """The `praynews` logger writes one line per stage and per failed item to stderr: failed
    items by default, stages too with -v, everything with -vv, errors only with -q. The lines
    are plain, or JSON objects with PRAYNEWS_LOG_FORMAT=json."""
    from praynews.site.logs import formatter

    levels = [logging.WARNING, logging.INFO, logging.DEBUG]
    level = logging.ERROR if quiet else levels[min(verbose, len(levels) - 1)]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter("praynews: %(levelname)s %(message)s"))
    logger = logging.getLogger("praynews")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


def _json_logs() -> bool:
    from praynews.site.config import SettingError
    from praynews.site.logs import log_format

    try:
        return log_format() == "json"
    except SettingError:
        return False


def say(text: str, level: int = logging.INFO, mark: str = "") -> None:
    """A one-line notice on stderr: printed for a person (after `mark`), or, with JSON logs, a
    log line like every other, so what a log collector reads of a server or worker is JSON."""
    if _json_logs():
        # Shown whatever the verbosity, as a printed notice is. Set here, not once: Django's
        # logging set-up resets the levels of the loggers under `praynews`.
        notices.setLevel(logging.INFO)
        notices.log(level, text)
    else:
        err.print(f"{mark}{escape(text)}")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        configure_logging(args.verbose, args.quiet)
        return args.run(args)
    except InputError as exc:  # what the user named cannot be used: like a bad argument
        say(str(exc), logging.ERROR, mark="[red]praynews:[/red] ")
        return 2
    except PrayNewsError as exc:
        say(str(exc), logging.ERROR, mark="[red]praynews:[/red] ")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
