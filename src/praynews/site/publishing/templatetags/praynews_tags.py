"""Template filters: untrusted links made harmless, durations said in minutes, dates as the
site writes them, the post as a reader meets it, and its description for search engines and
link previews."""

import json
from datetime import date, timedelta
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from praynews.core.reading import ReaderView, reader_view
from praynews.core.types import Draft

register = template.Library()


@register.filter
def safe_url(value: str | None) -> str:
    """The link if it is http(s) or one of our media files; otherwise nothing."""
    if not value:
        return ""
    if value.startswith(settings.MEDIA_URL) and ".." not in value:
        return value
    return value if urlsplit(value).scheme in ("http", "https") else ""


@register.filter
def day(value: str) -> str:
    """A source's ISO date ("2026-11-18", or a full timestamp) as the site writes dates
    ("18 November 2026"); anything else as it came."""
    try:
        parsed = date.fromisoformat(str(value)[:10])
    except ValueError:
        return value
    return f"{parsed.day} {parsed:%B %Y}"


@register.filter
def minutes(value: timedelta) -> int:
    """Whole minutes, rounded up, so a wait is never shown shorter than it is."""
    return -(-int(value.total_seconds()) // 60)


@register.filter
def reading(draft: Draft) -> ReaderView:
    return reader_view(draft)


@register.filter
def absolute(path: str) -> str:
    """The path on the site's public address (PRAYNEWS_SITE_URL): canonical links, feeds and
    link previews must name the public site, not the host a request happened to use."""
    if urlsplit(path).scheme in ("http", "https"):
        return path
    return settings.SITE_URL + path


@register.simple_tag
def news_article_jsonld(post, draft: Draft) -> SafeString:
    """schema.org NewsArticle for the post, as a script element of JSON. `<`, `>` and `&` are
    written as JSON escapes, so no headline can close the element early."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": draft.headline[:110],
        "description": draft.dek,
        "mainEntityOfPage": absolute(post.get_absolute_url()),
        "datePublished": post.published_at.isoformat() if post.published_at else None,
        "dateModified": post.updated_at.isoformat() if post.updated_at else None,
        "publisher": {"@type": "Organization", "name": settings.PUBLICATION_NAME},
        "isBasedOn": [source.url for source in draft.sources if safe_url(source.url)],
    }
    image = draft.image.url if draft.image and safe_url(draft.image.url) else ""
    if image:
        data["image"] = [absolute(image)]
    text = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.filter
def clock(seconds: float) -> str:
    """A length of audio as a player shows it: 4:05, or 1:02:09 past an hour."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes_, secs = divmod(rest, 60)
    return f"{hours}:{minutes_:02d}:{secs:02d}" if hours else f"{minutes_}:{secs:02d}"
