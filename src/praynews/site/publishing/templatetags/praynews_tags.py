"""Template filters: untrusted links made harmless, and durations said in minutes."""

from datetime import timedelta
from urllib.parse import urlsplit

from django import template
from django.conf import settings

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
def minutes(value: timedelta) -> int:
    """Whole minutes, rounded up, so a wait is never shown shorter than it is."""
    return -(-int(value.total_seconds()) // 60)
