"""Feed bytes -> entries (RSS and Atom through feedparser, JSON Feed by hand), and OPML lists.

Relative links are resolved against the feed's own location, so a feed saved as a local file
can point at pages beside it. A feed that is broken beyond use raises `FeedError` with the
parser's reason; a feed with recoverable faults still yields its entries.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from urllib.parse import urljoin

from praynews.core.errors import FeedError

MAX_FEED_BYTES = 16 * 1024 * 1024
# Where an XML document's root element starts: everything before it is the prolog, where a
# DOCTYPE declares its entities.
_ROOT_ELEMENT = re.compile(rb"<[A-Za-z]")
# Half of a UTF-16 pair, which JSON may spell as an escape ("\\ud800") and no UTF-8 page,
# feed or email can encode: alone, it stands for no character.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# The same half characters named by an XML character reference, in hex (D800-DFFF) or decimal
# (55296-57343): feedparser's lenient parser turns one into text it then fails to encode.
_SURROGATE_REFERENCE = re.compile(
    rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}"
    rb"|0*(?:5529[6-9]|55[3-9]\d\d|56\d\d\d|57[0-2]\d\d|573[0-3]\d|5734[0-3]));"
)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str | None
    guid: str | None
    published: date | None
    summary: str
    author: str | None
    outlet: str | None
    # When it was posted, to the second where the feed says (for the posting rate), and the
    # article's own text when the feed carries it (content:encoded, JSON content_html), used
    # when its page cannot be fetched.
    posted: datetime | None = None
    content: str = ""


@dataclass(frozen=True)
class Feed:
    title: str
    entries: tuple[FeedEntry, ...]
    warning: str = ""  # the parser's complaint about a feed it could still read


def looks_like_feed(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    if head.startswith(b"{"):
        return b"jsonfeed.org" in head
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def looks_like_opml(data: bytes) -> bool:
    return b"<opml" in data[:4096].lower()


def parse_feed(data: bytes, base_url: str | None = None) -> Feed:
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"the feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
    if data.lstrip().startswith(b"{"):
        return _parse_json_feed(data, base_url)
    _refuse_entity_declarations(data)
    # Imported here, not at the top: it costs 0.12 s, and writing from a local page (the
    # `praynews write FILE` command) imports this module without reading any feed.
    import feedparser

    parsed = feedparser.parse(_SURROGATE_REFERENCE.sub(b"", data))
    if not parsed.entries and not parsed.feed and (parsed.bozo or not parsed.version):
        # A feed that has posted nothing is empty, not broken, when it has a header or is
        # well-formed with a version the parser knows.
        reason = parsed.get("bozo_exception") or "no entries and no feed header"
        raise FeedError(f"the feed could not be parsed: {reason}")
    outlet = parsed.feed.get("title")
    entries = _readable(
        [partial(_entry_from_feedparser, e, base_url, outlet) for e in parsed.entries]
    )
    warnings = [f"the feed is malformed: {parsed.get('bozo_exception')}"] if parsed.bozo else []
    if len(entries) < len(parsed.entries):
        warnings.append(f"{len(parsed.entries) - len(entries)} entries could not be read")
    return Feed(title=parsed.feed.get("title", ""), entries=entries, warning="; ".join(warnings))


def _readable(readers: list[Callable[[], FeedEntry]]) -> tuple[FeedEntry, ...]:
    """The entries that can be read; one malformed entry must not lose the feed."""
    entries = []
    for read in readers:
        try:
            entries.append(read())
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            continue
    return tuple(entries)


def _refuse_entity_declarations(data: bytes) -> None:
    """A feed or list that declares XML entities is refused: expat's own limit still lets ten
    megabytes of declarations grow into a gigabyte of text, and real feeds declare none."""
    root = _ROOT_ELEMENT.search(data)
    prolog = data[: root.start()] if root else data
    if b"<!ENTITY" in prolog.upper():
        raise FeedError("the document declares XML entities, which praynews does not expand")


def _entry_from_feedparser(entry, base_url: str | None, outlet: str | None) -> FeedEntry:
    link = entry.get("link")
    source = entry.get("source") or {}
    posted = _struct_time_to_datetime(entry.get("published_parsed") or entry.get("updated_parsed"))
    contents = [c.get("value", "") for c in entry.get("content") or () if isinstance(c, dict)]
    return FeedEntry(
        title=entry.get("title", "").strip(),
        link=resolve_link(base_url, link),
        guid=entry.get("id"),
        published=posted.date() if posted else None,
        summary=entry.get("summary", ""),
        author=entry.get("author"),
        outlet=source.get("title") or outlet,
        posted=posted,
        content=max(contents, key=len, default=""),
    )


def resolve_link(base_url: str | None, link: str | None) -> str | None:
    """A link made absolute against the feed's address; a link too broken to join is kept as it
    is, for the loader to refuse with its reason (one bad entry must not lose the feed)."""
    if not link or not base_url:
        return link
    try:
        return urljoin(base_url, link.strip())
    except ValueError:
        return link


def _struct_time_to_datetime(value) -> datetime | None:
    try:
        return datetime(*value[:6], tzinfo=UTC) if value else None
    except (ValueError, TypeError, OverflowError):  # a date of year 0, or no date at all
        return None


def _parse_json_feed(data: bytes, base_url: str | None) -> Feed:
    try:
        document = json.loads(data, object_pairs_hook=_whole_characters)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise FeedError(f"the JSON feed is not valid JSON ({type(exc).__name__})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise FeedError("the JSON feed has no list of items")
    title = str(document.get("title") or "")
    items = [item for item in document["items"] if isinstance(item, dict)]
    entries = _readable([partial(_entry_from_json, item, base_url, title) for item in items])
    skipped = len(document["items"]) - len(entries)
    warning = f"{skipped} entries could not be read" if skipped else ""
    return Feed(title=title, entries=entries, warning=warning)


def _whole_characters(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object with lone surrogates taken out of its keys and text values, including text
    in its lists; nested objects pass through this hook themselves."""
    return {_drop_surrogates(key): _drop_surrogates(value) for key, value in pairs}


def _drop_surrogates(value):
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("", value)
    if isinstance(value, list):
        return [_LONE_SURROGATE.sub("", item) if isinstance(item, str) else item for item in value]
    return value


def _entry_from_json(item: dict, base_url: str | None, outlet: str) -> FeedEntry:
    link = item.get("url") or item.get("external_url")
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    if not isinstance(authors, list):
        authors = []
    posted = _iso_datetime(item.get("date_published"))
    content = item.get("content_html") or item.get("content_text") or ""
    return FeedEntry(
        title=str(item.get("title") or "").strip(),
        link=resolve_link(base_url, link if isinstance(link, str) else None),
        guid=str(item["id"]) if item.get("id") is not None else None,
        published=posted.date() if posted else None,
        summary=str(item.get("summary") or ""),
        author=authors[0].get("name") if authors and isinstance(authors[0], dict) else None,
        outlet=outlet or None,
        posted=posted,
        content=content if isinstance(content, str) else "",
    )


def _iso_datetime(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_opml(data: bytes) -> list[str]:
    """The feed addresses listed in an OPML file, in document order, without repeats."""
    _refuse_entity_declarations(data)
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise FeedError(f"the OPML file is not well-formed XML ({exc})") from exc
    seen: dict[str, None] = {}
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl")
        if url:
            seen.setdefault(url.strip(), None)
    return list(seen)


# The feed types a page may announce in <link rel="alternate" type="…">.
FEED_TYPES = frozenset(
    (
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/rdf+xml",
        "text/xml",
        "application/xml",
    )
)


def discover_feed_links(html: bytes, base_url: str) -> list[str]:
    """The feeds a web page announces (`<link rel="alternate" type="application/rss+xml">`),
    made absolute, in page order, without repeats."""
    import lxml.etree
    import lxml.html

    try:
        document = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    found: dict[str, None] = {}
    for link in document.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            absolute = resolve_link(base_url, href)
            if absolute:
                found.setdefault(absolute, None)
    return list(found)


def write_opml(feeds: list[tuple[str, str]], title: str) -> bytes:
    """An OPML 2.0 subscription list of (address, title) pairs, as feed readers import it."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    body = ElementTree.SubElement(root, "body")
    for url, name in feeds:
        ElementTree.SubElement(
            body, "outline", type="rss", text=name or url, title=name or url, xmlUrl=url
        )
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
