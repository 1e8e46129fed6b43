"""Template filters that keep untrusted links harmless."""

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
