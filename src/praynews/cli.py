"""The `praynews` command: parse arguments, call the app, print what happened.

Output that is data goes to stdout (as JSON with `--json`); progress bars and reports go to
stderr so they never mix with it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from praynews import __version__
from praynews.core.errors import PrayNewsError

err = Console(stderr=True)
out = Console()


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
                progress.update(task, total=amount)
            else:
                progress.advance(task, amount)

        yield report


def _start_django() -> None:
    from praynews.site.bootstrap import start

    start()


def cmd_ingest(args: argparse.Namespace) -> int:
    _start_django()
    from praynews.site.news.ingest import ingest

    results = []
    for location in args.sources:
        with progress_bar(f"Ingesting {location}") as report:
            results.append(ingest(location, progress=report))
    if args.json:
        out.print_json(json.dumps([_result_dict(r) for r in results]))
    else:
        for result in results:
            _print_ingest(result)
    return 0 if all(not r.error for r in results) else 1


def _result_dict(result) -> dict:
    return {
        "location": result.location,
        "error": result.error or None,
        "added": result.count("added"),
        "existing": result.count("existing"),
        "copies": result.count("copy"),
        "failed": [
            {"item": i.label, "error": i.error} for i in result.items if i.status == "failed"
        ],
        "problems": list(result.problems),
    }


def _print_ingest(result) -> None:
    if result.error:
        err.print(f"[red]✗[/red] {result.location}: {result.error}")
        return
    err.print(
        f"[green]✓[/green] {result.location}: {result.count('added')} added, "
        f"{result.count('copy')} copies of stored articles, "
        f"{result.count('existing')} already stored, {result.count('failed')} failed"
    )
    for problem in result.problems:
        err.print(f"    [yellow]problem[/yellow] {escape(problem)}")
    for item in result.items:
        if item.status == "failed":
            err.print(f"    [yellow]skipped[/yellow] {escape(item.label)}: {escape(item.error)}")


def cmd_publish(args: argparse.Namespace) -> int:
    _start_django()
    from django.db.models import Min

    from praynews.site.editorial.services import write_and_publish
    from praynews.site.news.models import Story

    stories = list(Story.objects.annotate(first=Min("articles__published")).order_by("first", "pk"))
    outcomes = []
    with progress_bar("Writing and publishing") as report:
        report("total", len(stories))
        for story in stories:
            outcomes.append(write_and_publish(story))
            report("advance", 1)
    published = [o for o in outcomes if o.published]
    held = [o for o in outcomes if not o.published]
    err.print(f"[green]✓[/green] {len(published)} posts published, {len(held)} held for an editor")
    for outcome in held:
        err.print(f"    [yellow]held[/yellow] {outcome.story}: {outcome.reason}")
    for outcome in published:
        outlets = outcome.post.as_draft.outlets if outcome.post else ()
        if len(outlets) > 1:
            err.print(f"    {outcome.post.headline}: reported by {len(outlets)} outlets")
    if args.json:
        out.print_json(
            json.dumps(
                [
                    {
                        "story": str(o.story),
                        "post": o.post.slug if o.post else None,
                        "published": o.published,
                        "reason": o.reason or None,
                    }
                    for o in outcomes
                ]
            )
        )
    return 0


def cmd_edition(args: argparse.Namespace) -> int:
    _start_django()
    from datetime import date

    from praynews.site.editorial.edition import build_edition, latest_news_day

    day = date.fromisoformat(args.day) if args.day else latest_news_day()
    if day is None:
        err.print("[red]✗[/red] no stories are stored yet: run praynews ingest first")
        return 1
    edition = build_edition(day, args.size)
    items = list(edition.items.select_related("post", "story"))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "position": i.position,
                        "headline": i.post.headline if i.post else str(i.story),
                        "post": i.post.slug if i.post else None,
                        "status": i.post.status if i.post else None,
                        "reasons": i.reasons,
                    }
                    for i in items
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    out.rule(str(edition))
    for item in items:
        headline = item.post.headline if item.post else str(item.story)
        status = item.post.get_status_display() if item.post else "not written"
        out.print(f"{item.position}. [bold]{headline}[/bold] ({status})")
        out.print("   " + "; ".join(item.reasons))
    err.print("Drafts are ready for review in the admin (/admin/editorial/post/).")
    return 0


def cmd_write(args: argparse.Namespace) -> int:
    """Drafts straight from a page, file or feed, one per story as publishing would write them."""
    from praynews.core.compose import compose
    from praynews.core.stories import group_articles
    from praynews.core.writing.extractive import ExtractiveWriter
    from praynews.core.writing.reporting import source_ref
    from praynews.sources import plan

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
            draft = compose(story.reports, ExtractiveWriter(), args.translation, copies=copies)
        except PrayNewsError as exc:
            failures += 1
            err.print(
                f"[yellow]skipped[/yellow] {escape(story.reports[0].title)}: {escape(str(exc))}"
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


def cmd_verse(args: argparse.Namespace) -> int:
    """Explain the verse choice for each article: themes, top candidates, and why."""
    from praynews.core.scripture.bible import lookup
    from praynews.core.scripture.choose import choose_verse
    from praynews.core.scripture.index import default_index
    from praynews.sources import plan

    reports = []
    for task in plan(args.source).tasks:
        try:
            article = task.load()
        except PrayNewsError as exc:
            err.print(f"[yellow]skipped[/yellow] {task.label}: {exc}")
            continue
        choice = choose_verse(
            article.title, article.paragraphs, default_index(), translation=args.translation
        )
        reports.append(_verse_report(article.title, choice, lookup, args.translation, args.top))
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
        return 0
    for report in reports:
        out.rule(report["title"])
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
    return {
        "title": title,
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
    _start_django()
    serve(args.host, args.port)
    return 0


def serve(host: str, port: int) -> None:
    from django.core.management import call_command
    from waitress import serve as waitress_serve

    from praynews.site.wsgi import application

    call_command("collectstatic", interactive=False, verbosity=0)
    err.print(f"Serving on [bold]http://{host}:{port}/[/bold] (Ctrl+C to stop)")
    waitress_serve(application, host=host, port=port, threads=4, _quiet=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from praynews.site.config import home

    err.print(f"Data folder: [bold]{home()}[/bold]")
    ingest_args = argparse.Namespace(sources=[str(sample_feed())], json=False)
    cmd_ingest(ingest_args)
    cmd_publish(argparse.Namespace(json=False))
    from praynews.site.editorial.models import Post

    count = Post.objects.filter(status=Post.Status.PUBLISHED).count()
    err.print(f"The site has {count} published posts.")
    if args.no_serve:
        return 0
    serve(args.host, args.port)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _start_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["praynews manage", *args.arguments])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="praynews", description="Turn the day's news into Pray News posts."
    )
    parser.add_argument("--version", action="version", version=f"praynews {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="ingest the bundled sample news, publish, and serve")
    demo.add_argument("--no-serve", action="store_true", help="build the site and exit")
    _serve_options(demo)
    demo.set_defaults(run=cmd_demo)

    ingest = commands.add_parser("ingest", help="store articles from feeds, pages, files, folders")
    ingest.add_argument("sources", nargs="+", metavar="SOURCE", help="URL, file, folder or OPML")
    ingest.add_argument("--json", action="store_true", help="print the results as JSON")
    ingest.set_defaults(run=cmd_ingest)

    publish = commands.add_parser("publish", help="write posts for stored articles and publish")
    publish.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    publish.set_defaults(run=cmd_publish)

    write = commands.add_parser("write", help="write drafts from a page, file or feed (no storage)")
    write.add_argument("source", metavar="SOURCE", help="URL, HTML or text file (gzip accepted)")
    write.add_argument("--json", action="store_true", help="print the draft as FORMAT.md's JSON")
    _translation_option(write)
    write.set_defaults(run=cmd_write)

    edition = commands.add_parser("edition", help="rank the stories and draft the day's edition")
    edition.add_argument("--size", type=int, default=5, help="how many stories (default 5)")
    edition.add_argument("--day", help="the edition's day, YYYY-MM-DD (default: newest news)")
    edition.add_argument("--json", action="store_true", help="print the edition as JSON")
    edition.set_defaults(run=cmd_edition)

    verse = commands.add_parser("verse", help="show how the verse for an article is chosen")
    verse.add_argument("source", metavar="SOURCE", help="URL, HTML or text file, or a feed")
    verse.add_argument("--top", type=int, default=5, help="how many candidates to show")
    verse.add_argument("--json", action="store_true", help="print the explanation as JSON")
    _translation_option(verse)
    verse.set_defaults(run=cmd_verse)

    serve_parser = commands.add_parser("serve", help="serve the site")
    _serve_options(serve_parser)
    serve_parser.set_defaults(run=cmd_serve)

    manage = commands.add_parser("manage", help="run a Django management command")
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
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except PrayNewsError as exc:
        err.print(f"[red]praynews:[/red] {exc}")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
