"""sitemap.xml through Django's sitemaps: posts, the topic pages and the editions, on the
site's public address (PRAYNEWS_SITE_URL) whatever host the crawler asked."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from praynews.site.editorial.models import Edition, Post
from praynews.site.publishing.models import PostTopic


class PublicSitemap(Sitemap):
    @property
    def protocol(self) -> str:
        return urlsplit(settings.SITE_URL).scheme or "http"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PostSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return Post.objects.filter(status=Post.Status.PUBLISHED).order_by("-published_at", "-pk")

    def lastmod(self, item: Post) -> datetime:
        return item.updated_at


class TopicSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        listed = PostTopic.objects.filter(post__status=Post.Status.PUBLISHED)
        rows = listed.values("kind", "slug").annotate(newest=Max("post__updated_at"))
        return list(rows.order_by("kind", "slug"))

    def location(self, item: dict) -> str:
        return reverse("topic", kwargs={"kind": item["kind"], "slug": item["slug"]})

    def lastmod(self, item: dict) -> datetime:
        return item["newest"]


class EditionSitemap(PublicSitemap):
    changefreq = "never"

    def items(self):
        carrying = Edition.objects.filter(items__post__status=Post.Status.PUBLISHED)
        return list(carrying.distinct().order_by("-day"))

    def location(self, item: Edition) -> str:
        return reverse("edition", kwargs={"day": item.day.isoformat()})

    def lastmod(self, item: Edition) -> date:
        return item.day


class PagesSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "editions", "topics", "post_list"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": PagesSitemap,
    "posts": PostSitemap,
    "topics": TopicSitemap,
    "editions": EditionSitemap,
}
