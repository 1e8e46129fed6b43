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

import logging
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from praynews.core.errors import FetchError, InputError, PrayNewsError
from praynews.core.extract import MAX_PAGE_BYTES, decompress, extract_article, from_feed_entry
from praynews.core.feeds import (
    FeedEntry,
    looks_like_feed,
    looks_like_opml,
    parse_feed,
    parse_opml,
    resolve_link,
)
from praynews.core.types import ExtractedArticle
from praynews.fetch import FetchSession, fetch, is_web_url, trusted_private_hosts, web_url

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".gz", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json", ".opml")
# An OPML list may name other lists; real subscription exports nest one level at most, so two
# levels below the list the user named is generous and stops a chain of lists on a hostile site.
MAX_LIST_DEPTH = 2
# Feeds one run plans from lists; each is fetched while planning, so this bounds a run's work.
# Large real subscription exports hold a few hundred feeds.
MAX_LISTED_FEEDS = 500
# Problems a plan keeps word for word; the rest are counted. A list of thousands of bad entries
# must not become a source error of hundreds of megabytes.
MAX_PROBLEMS = 50


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
    # What the next check is timed by: the answer's headers (its cache lifetime) and when the
    # feed's entries were posted.
    headers: Mapping[str, str] = field(default_factory=dict)
    posted: tuple[datetime | None, ...] = ()
    not_modified: bool = False  # the server said 304: nothing has changed, nothing to do


def is_url(location: str) -> bool:
    """Whether the user meant a web address (which may still turn out to be a broken one)."""
    return location.strip().lower().startswith(("http://", "https://"))


def plan(location: str, etag: str = "", last_modified: str = "") -> Plan:
    """What loading `location` involves; raises `PrayNewsError` when it cannot even start.

    `location` is trusted as the user's own choice: it may be a local file or folder.
    """
    planner = _Planner(location)
    if is_url(location):
        return planner.finish(planner.plan_url(location, etag, last_modified))
    path = Path(location).expanduser()
    if path.is_dir():
        return planner.finish(planner.plan_folder(path))
    if path.is_file():
        return planner.finish(planner.plan_file(path, root=path.resolve().parent))
    raise InputError(f"{location!r} is neither a web address nor an existing file or folder")


class _Planner:
    """Plans one location the user named, and every list it leads to, each list once. Its
    fetches share one session (a time budget, the addresses found slow), and it keeps at most
    MAX_PROBLEMS problems, counting the rest."""

    def __init__(self, location: str) -> None:
        self.opened: set[str] = set()
        self.listed = 0
        self.session = FetchSession(private_hosts=trusted_private_hosts(location))
        self.problems: list[str] = []
        self.unlisted_problems = 0

    def problem(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)
        else:
            self.unlisted_problems += 1

    def finish(self, plan: Plan) -> Plan:
        """The plan with every problem met on the way."""
        problems = list(self.problems)
        if self.unlisted_problems:
            problems.append(f"and {self.unlisted_problems} more problems like these")
        return replace(plan, problems=tuple(problems))

    def plan_url(self, url: str, etag: str = "", last_modified: str = "", depth: int = 0) -> Plan:
        self.opened.add(url)
        result = fetch(url, etag=etag, last_modified=last_modified, session=self.session)
        new_etag = result.headers.get("etag", "")
        new_modified = result.headers.get("last-modified", "")
        _refuse_media(url, result.headers.get("content-type", ""))
        if result.not_modified:
            return Plan(
                url, "feed", "", (), etag, last_modified, headers=result.headers, not_modified=True
            )
        data = decompress(result.content)
        if looks_like_opml(data):
            place = partial(_web_entry, result.url)
            return self._plan_list(url, parse_opml(data), depth, place)
        if looks_like_feed(data):
            feed = parse_feed(data, base_url=result.url)
            if feed.warning:
                self.problem(feed.warning)
            tasks = tuple(_web_entry_task(e, self.session) for e in feed.entries)
            posted = tuple(e.posted for e in feed.entries)
            return Plan(
                url,
                "feed",
                feed.title,
                tasks,
                new_etag,
                new_modified,
                headers=result.headers,
                posted=posted,
            )
        task = Task(url, lambda: _from_web(data, result.url))
        return Plan(url, "page", "", (task,), new_etag, new_modified, headers=result.headers)

    def plan_file(self, path: Path, root: Path, depth: int = 0) -> Plan:
        self.opened.add(str(path.resolve()))
        data = decompress(_read_local(path))
        if looks_like_opml(data):
            place = partial(_local_entry, path, root)
            return self._plan_list(str(path), parse_opml(data), depth, place, root)
        if looks_like_feed(data):
            feed = parse_feed(data, base_url=path.resolve().as_uri())
            if feed.warning:
                self.problem(f"{path}: {feed.warning}")
            tasks = tuple(_local_entry_task(e, root, self.session) for e in feed.entries)
            return Plan(str(path), "feed", feed.title, tasks)
        return Plan(str(path), "file", path.name, (_file_task(path, root),))

    def plan_folder(self, folder: Path) -> Plan:
        """Every page and feed in the folder; a link that leads out of it is not followed."""
        root = folder.resolve()
        tasks: list[Task] = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.name.lower()
            if not name.endswith(FEED_SUFFIXES + PAGE_SUFFIXES):
                continue
            if not path.resolve().is_relative_to(root):
                self.problem(f"{path}: links to {path.resolve()}, outside the folder {root}")
            elif name.endswith(FEED_SUFFIXES):
                try:
                    tasks.extend(self.plan_file(path, root).tasks)
                except PrayNewsError as exc:
                    self.problem(f"{path}: {exc}")
            else:
                tasks.append(_file_task(path, root))
        return Plan(str(folder), "folder", folder.name, tuple(tasks))

    def _plan_list(
        self,
        location: str,
        entries: list[str],
        depth: int,
        place: Callable[[str], str],
        root: Path | None = None,
    ) -> Plan:
        """An OPML list's feeds; `place` turns an entry into a location it may be, or refuses.
        A listed feed that cannot be read is one problem of the list, whatever went wrong."""
        if depth >= MAX_LIST_DEPTH and entries:
            raise InputError(f"lists nested more than {MAX_LIST_DEPTH} deep are not followed")
        tasks: list[Task] = []
        for entry in entries:
            try:
                tasks.extend(self._plan_entry(place(entry), depth + 1, root).tasks)
            except (
                Exception
            ) as exc:  # one listed feed's failure is the list's problem, never its end
                self.problem(f"{entry}: {describe(exc)}")
        return Plan(location, "feed", "OPML list", tuple(tasks))

    def _plan_entry(self, location: str, depth: int, root: Path | None) -> Plan:
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


# Content types that are never a feed, a list or a page, whatever the bytes are. Misconfigured
# servers send real feeds as text/plain or application/octet-stream, so those are read.
MEDIA_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")


def _refuse_media(url: str, content_type: str) -> None:
    kind = content_type.split(";")[0].strip().lower()
    if kind.startswith(MEDIA_TYPES):
        raise InputError(f"{url} answered with {kind}, not a feed, a list or a page")


def describe(exc: Exception) -> str:
    """Our own errors are written for the user; anything else is named by its type too."""
    return str(exc) if isinstance(exc, PrayNewsError) else f"{type(exc).__name__}: {exc}"


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


def _web_entry_task(entry: FeedEntry, session: FetchSession) -> Task:
    """A feed entry's page from the web, fetched within the run's session."""
    link = entry.link

    def load() -> ExtractedArticle:
        try:
            if not link:
                raise InputError(f"the feed entry {entry.title!r} has no link")
            page = fetch(link, session=session)
            return _credited(_from_web(page.content, page.url), entry)
        except PrayNewsError as exc:
            # Offline, or the page is gone or refused: the entry's own article, if it has one.
            fallback = _entry_article(entry)
            if fallback is None:
                raise
            log.info("%s: %s; using the feed entry's own content", link or entry.title, exc)
            return fallback

    return Task(link or entry.title, load)


def _entry_article(entry: FeedEntry) -> ExtractedArticle | None:
    """The article the entry itself carries (content, else a long summary), credited to the
    feed; None when it carries only a teaser."""
    url = entry.link if entry.link and is_web_url(entry.link) else None
    for body in (entry.content, entry.summary):
        try:
            article = from_feed_entry(entry.title, body, url, entry.published)
        except PrayNewsError:
            continue
        return _credited(replace(article, author=entry.author), entry)
    return None


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


def _local_entry_task(entry: FeedEntry, root: Path, session: FetchSession) -> Task:
    """A local feed's entry: a file inside the user's folder, or a web page."""
    link = entry.link or ""
    if is_url(link):
        return _web_entry_task(entry, session)

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
