"""Filters for mail: a mail is read far from the site, so every link in it is absolute."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def mail_link(value: str | None) -> str:
    """An http(s) link as it is; anything else (javascript:, file:, a bare path) is dropped."""
    return value if value and urlsplit(value).scheme in ("http", "https") else ""


@register.filter
def mail_image(image, site_url: str) -> str:
    """The lead image's absolute address: one of our media files on the public site, or the
    outlet's http(s) address; nothing for any other kind of link."""
    url = getattr(image, "url", "") or ""
    if url.startswith(settings.MEDIA_URL) and ".." not in url:
        return site_url.rstrip("/") + url
    return mail_link(url)
