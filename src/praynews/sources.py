"""Turn what the user names (feed, OPML list, page URL, file, folder) into article loaders.

Planning is separate from loading so that a run knows how many articles it faces (for the
progress bar) and so that one article's failure is a result, never the end of the run. Local
feeds may point at pages beside them; links from a feed on the web to local files are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from praynews.core.errors import FetchError, InputError
from praynews.core.extract import decompress, extract_article
from praynews.core.feeds import FeedEntry, looks_like_feed, looks_like_opml, parse_feed, parse_opml
from praynews.core.types import ExtractedArticle
from praynews.fetch import fetch

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".gz", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json", ".opml")


@dataclass(frozen=True)
class Task:
    """One article to load: `label` says which, `load` does the work and may raise."""

    label: str
    load: Callable[[], ExtractedArticle]
    outlet: str | None = None


@dataclass(frozen=True)
class Plan:
    location: str
    kind: str  # "feed", "page", "file" or "folder"
    title: str
    tasks: tuple[Task, ...]
    etag: str = ""
    last_modified: str = ""
    problems: tuple[str, ...] = field(default=())


def is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def plan(location: str, etag: str = "", last_modified: str = "") -> Plan:
    """What loading `location` involves; raises `PrayNewsError` when it cannot even start."""
    if is_url(location):
        return _plan_url(location, etag, last_modified)
    path = Path(location).expanduser()
    if path.is_dir():
        return _plan_folder(path)
    if path.is_file():
        return _plan_file(path)
    raise InputError(f"{location!r} is neither a web address nor an existing file or folder")


def _plan_url(url: str, etag: str, last_modified: str) -> Plan:
    result = fetch(url, etag=etag, last_modified=last_modified)
    new_etag = result.headers.get("etag", "")
    new_modified = result.headers.get("last-modified", "")
    if result.not_modified:
        return Plan(url, "feed", "", (), etag, last_modified)
    data = decompress(result.content)
    if looks_like_opml(data):
        return _plan_opml(url, data)
    if looks_like_feed(data):
        feed = parse_feed(data, base_url=result.url)
        tasks = tuple(_web_entry_task(e) for e in feed.entries)
        problems = (feed.warning,) if feed.warning else ()
        return Plan(url, "feed", feed.title, tasks, new_etag, new_modified, problems)
    task = Task(url, lambda: extract_article(data, url=result.url))
    return Plan(url, "page", "", (task,), new_etag, new_modified)


def _plan_opml(location: str, data: bytes) -> Plan:
    tasks: list[Task] = []
    problems: list[str] = []
    for feed_url in parse_opml(data):
        try:
            tasks.extend(plan(feed_url).tasks)
        except (InputError, FetchError) as exc:
            problems.append(f"{feed_url}: {exc}")
    return Plan(location, "feed", "OPML list", tuple(tasks), problems=tuple(problems))


def _web_entry_task(entry: FeedEntry) -> Task:
    link = entry.link

    def load() -> ExtractedArticle:
        if not link or not is_url(link):
            raise InputError(f"the feed entry {entry.title!r} has no web link")
        page = fetch(link)
        return extract_article(page.content, url=page.url)

    return Task(link or entry.title, load, entry.outlet)


def _plan_file(path: Path) -> Plan:
    data = decompress(path.read_bytes())
    if looks_like_opml(data):
        return _plan_opml(str(path), data)
    if looks_like_feed(data):
        feed = parse_feed(data, base_url=path.resolve().as_uri())
        root = path.resolve().parent
        tasks = tuple(_local_entry_task(e, root) for e in feed.entries)
        problems = (feed.warning,) if feed.warning else ()
        return Plan(str(path), "feed", feed.title, tasks, problems=problems)
    return Plan(str(path), "file", path.name, (_file_task(path),))


def _local_entry_task(entry: FeedEntry, root: Path) -> Task:
    """A local feed's entry: a file beside the feed, or a web page."""
    link = entry.link or ""
    if is_url(link):
        return _web_entry_task(entry)

    def load() -> ExtractedArticle:
        if urlsplit(link).scheme != "file":
            raise InputError(f"the feed entry {entry.title!r} has no usable link")
        target = Path(unquote(urlsplit(link).path)).resolve()
        if not target.is_relative_to(root):
            raise InputError(f"{target} is outside the feed's folder {root}")
        return _read_page(target)

    return Task(link, load, entry.outlet)


def _file_task(path: Path) -> Task:
    return Task(str(path), lambda: _read_page(path))


def _read_page(path: Path) -> ExtractedArticle:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path} could not be read ({exc.strerror})") from exc
    return extract_article(data, url=path.resolve().as_uri())


def _plan_folder(folder: Path) -> Plan:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    tasks: list[Task] = []
    problems: list[str] = []
    for path in files:
        name = path.name.lower()
        if name.endswith(FEED_SUFFIXES):
            try:
                tasks.extend(_plan_file(path).tasks)
            except InputError as exc:
                problems.append(f"{path}: {exc}")
        elif name.endswith(PAGE_SUFFIXES):
            tasks.append(_file_task(path))
    return Plan(str(folder), "folder", folder.name, tuple(tasks), problems=tuple(problems))
