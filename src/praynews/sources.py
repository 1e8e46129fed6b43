"""Turn what the user names (feed, OPML list, page URL, file, folder) into article loaders.

Where a location comes from decides what it may be. Only what the user names may be local: a
path typed on the command line or added by an admin, and files inside the folder of a local feed,
OPML list or page the user named. Anything read from a document fetched over the network (OPML
entries, feed links, a page's image or canonical link, redirects) may only be an http(s) URL, and
goes through the fetcher. Lists inside lists are followed to a bounded depth, each list once.

Planning is separate from loading so that a run knows how many articles it faces (for the
progress bar) and so that one article's failure is a result, never the end of the run.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from praynews.core.errors import FetchError, FetchTimeoutError, InputError, PrayNewsError
from praynews.core.extract import MAX_PAGE_BYTES, decompress, extract_article
from praynews.core.feeds import (
    FeedEntry,
    looks_like_feed,
    looks_like_opml,
    parse_feed,
    parse_opml,
    resolve_link,
)
from praynews.core.types import ExtractedArticle
from praynews.fetch import fetch, is_web_url, web_url

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".gz", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json", ".opml")
# An OPML list may name other lists; real subscription exports nest one level at most, so two
# levels below the list the user named is generous and stops a chain of lists on a hostile site.
MAX_LIST_DEPTH = 2
# Feeds one run plans from lists; each is fetched while planning, so this bounds a run's work.
# Large real subscription exports hold a few hundred feeds.
MAX_LISTED_FEEDS = 500


@dataclass(frozen=True)
class Task:
    """One article to load: `label` says which, `load` does the work and may raise."""

    label: str
    load: Callable[[], ExtractedArticle]


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
    """Whether the user meant a web address (which may still turn out to be a broken one)."""
    return location.strip().lower().startswith(("http://", "https://"))


def plan(location: str, etag: str = "", last_modified: str = "") -> Plan:
    """What loading `location` involves; raises `PrayNewsError` when it cannot even start.

    `location` is trusted as the user's own choice: it may be a local file or folder.
    """
    if is_url(location):
        return _Planner().plan_url(location, etag, last_modified)
    path = Path(location).expanduser()
    if path.is_dir():
        return _plan_folder(path)
    if path.is_file():
        return _Planner().plan_file(path, root=path.resolve().parent)
    raise InputError(f"{location!r} is neither a web address nor an existing file or folder")


class _Planner:
    """Plans one location the user named, and every list it leads to, each list once."""

    def __init__(self) -> None:
        self.opened: set[str] = set()
        self.listed = 0
        self.slow_hosts: set[str] = set()

    def plan_url(self, url: str, etag: str = "", last_modified: str = "", depth: int = 0) -> Plan:
        self.opened.add(url)
        result = fetch(url, etag=etag, last_modified=last_modified)
        new_etag = result.headers.get("etag", "")
        new_modified = result.headers.get("last-modified", "")
        if result.not_modified:
            return Plan(url, "feed", "", (), etag, last_modified)
        data = decompress(result.content)
        if looks_like_opml(data):
            return self._plan_list(url, parse_opml(data), depth, partial(_web_entry, result.url))
        if looks_like_feed(data):
            feed = parse_feed(data, base_url=result.url)
            tasks = tuple(_web_entry_task(e, self.slow_hosts) for e in feed.entries)
            problems = (feed.warning,) if feed.warning else ()
            return Plan(url, "feed", feed.title, tasks, new_etag, new_modified, problems)
        task = Task(url, lambda: _from_web(data, result.url))
        return Plan(url, "page", "", (task,), new_etag, new_modified)

    def plan_file(self, path: Path, root: Path, depth: int = 0) -> Plan:
        self.opened.add(str(path.resolve()))
        data = decompress(_read_local(path))
        if looks_like_opml(data):
            place = partial(_local_entry, path, root)
            return self._plan_list(str(path), parse_opml(data), depth, place, root)
        if looks_like_feed(data):
            feed = parse_feed(data, base_url=path.resolve().as_uri())
            tasks = tuple(_local_entry_task(e, root, self.slow_hosts) for e in feed.entries)
            problems = (feed.warning,) if feed.warning else ()
            return Plan(str(path), "feed", feed.title, tasks, problems=problems)
        return Plan(str(path), "file", path.name, (_file_task(path, root),))

    def _plan_list(
        self,
        location: str,
        entries: list[str],
        depth: int,
        place: Callable[[str], str],
        root: Path | None = None,
    ) -> Plan:
        """An OPML list's feeds; `place` turns an entry into a location it may be, or refuses."""
        tasks: list[Task] = []
        problems: list[str] = []
        for entry in entries:
            try:
                listed = self._plan_entry(place(entry), depth + 1, root)
            except PrayNewsError as exc:
                problems.append(f"{entry}: {exc}")
                continue
            tasks.extend(listed.tasks)
            problems.extend(listed.problems)
        return Plan(location, "feed", "OPML list", tuple(tasks), problems=tuple(problems))

    def _plan_entry(self, location: str, depth: int, root: Path | None) -> Plan:
        if depth > MAX_LIST_DEPTH:
            raise InputError(f"lists nested more than {MAX_LIST_DEPTH} deep are not followed")
        if location in self.opened:
            raise InputError("already read in this run (listed twice, or a list that lists itself)")
        if self.listed >= MAX_LISTED_FEEDS:
            raise InputError(f"only the first {MAX_LISTED_FEEDS} listed feeds are read in one run")
        self.listed += 1
        if is_web_url(location):
            return self.plan_url(location, depth=depth)
        if root is None:
            raise InputError("a list from the web may name only web addresses")
        return self.plan_file(Path(location), root, depth)


def _web_entry(list_url: str, entry: str) -> str:
    """An entry of a list fetched from the web must be a web address."""
    address = resolve_link(list_url, entry) or entry
    try:
        web_url(address)
    except FetchError as exc:
        raise InputError(f"a list from the web may name only web addresses: {exc}") from exc
    return address


def _local_entry(list_path: Path, root: Path, entry: str) -> str:
    """An entry of a local list: a web address, or a file inside the user's folder."""
    if is_web_url(entry):
        return entry
    target = _file_path(entry) or (list_path.resolve().parent / entry).resolve()
    if not target.is_relative_to(root):
        raise InputError(f"{target} is outside the list's folder {root}")
    return str(target)


def _web_entry_task(entry: FeedEntry, slow_hosts: set[str]) -> Task:
    """A feed entry's page from the web. A host that ran out of time once in this run is not
    waited for again: a feed of a thousand links to one tarpit costs one deadline, not a
    thousand."""
    link = entry.link

    def load() -> ExtractedArticle:
        if not link:
            raise InputError(f"the feed entry {entry.title!r} has no link")
        host = web_url(link).host
        if host in slow_hosts:
            raise FetchTimeoutError(f"skipped: {host} did not answer in time earlier in this run")
        try:
            page = fetch(link)
        except FetchTimeoutError:
            slow_hosts.add(host)
            raise
        return _credited(_from_web(page.content, page.url), entry)

    return Task(link or entry.title, load)


def _from_web(data: bytes, url: str) -> ExtractedArticle:
    """A page fetched from the web: whatever it says about itself must be a web address too."""
    article = extract_article(data, url=url)
    return replace(
        article,
        url=article.url if article.url and is_web_url(article.url) else url,
        image_url=article.image_url
        if article.image_url and is_web_url(article.image_url)
        else None,
    )


def _local_entry_task(entry: FeedEntry, root: Path, slow_hosts: set[str]) -> Task:
    """A local feed's entry: a file inside the user's folder, or a web page."""
    link = entry.link or ""
    if is_url(link):
        return _web_entry_task(entry, slow_hosts)

    def load() -> ExtractedArticle:
        target = _file_path(link)
        if target is None:
            raise InputError(f"the feed entry {entry.title!r} has no usable link")
        if not target.is_relative_to(root):
            raise InputError(f"{target} is outside the feed's folder {root}")
        return _credited(_from_file(target, root), entry)

    return Task(link, load)


def _credited(article: ExtractedArticle, entry: FeedEntry) -> ExtractedArticle:
    """A page that does not name its outlet is credited to the feed it came from."""
    if article.site_name or not entry.outlet:
        return article
    return replace(article, site_name=entry.outlet)


def _file_task(path: Path, root: Path) -> Task:
    return Task(str(path), lambda: _from_file(path, root))


def _from_file(path: Path, root: Path) -> ExtractedArticle:
    """A local page: its image may be a file, but only one inside the user's folder."""
    article = extract_article(_read_local(path), url=path.resolve().as_uri())
    image = article.image_url
    if image and not is_web_url(image) and not _local_file_inside(image, root):
        article = replace(article, image_url=None)
    return article


def _local_file_inside(file_url: str, root: Path) -> bool:
    target = _file_path(file_url)
    return target is not None and target.is_relative_to(root) and target.is_file()


def _file_path(link: str) -> Path | None:
    """The local path a `file:` link names, resolved; None for any other link."""
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    return Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None


def _read_local(path: Path) -> bytes:
    """The bytes of a regular file, read no further than a page may be long: a device or a pipe
    named `.html` must neither hang the run nor fill memory."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError(f"{path} could not be read ({exc.strerror})") from exc
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise InputError(f"{path} is not a regular file")
        return handle.read(MAX_PAGE_BYTES + 1)


def _plan_folder(folder: Path) -> Plan:
    root = folder.resolve()
    planner = _Planner()
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    tasks: list[Task] = []
    problems: list[str] = []
    for path in files:
        name = path.name.lower()
        if name.endswith(FEED_SUFFIXES):
            try:
                tasks.extend(planner.plan_file(path, root).tasks)
            except PrayNewsError as exc:
                problems.append(f"{path}: {exc}")
        elif name.endswith(PAGE_SUFFIXES):
            tasks.append(_file_task(path, root))
    return Plan(str(folder), "folder", folder.name, tuple(tasks), problems=tuple(problems))
