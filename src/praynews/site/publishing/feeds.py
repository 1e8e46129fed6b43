"""RSS and Atom feeds of published posts, through Django's syndication framework."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from praynews.core.text import normalise
from praynews.site.editorial.models import Post
from praynews.site.publishing.readable import readable

FEED_ITEMS = 30


class LatestPostsRss(Feed):
    def title(self) -> str:
        return settings.PUBLICATION_NAME

    def link(self) -> str:
        return reverse("home")

    def description(self) -> str:
        return f"The latest posts from {settings.PUBLICATION_NAME}: news, scripture and prayer."

    def items(self) -> list[Post]:
        latest = Post.objects.filter(status=Post.Status.PUBLISHED).order_by("-published_at")
        return [post for post, _ in readable(latest[:FEED_ITEMS])]

    def item_title(self, item: Post) -> str:
        return normalise(item.headline)

    def item_description(self, item: Post) -> str:
        """The dek and the glance; `normalise` drops control characters, which XML cannot
        carry, so one post edited badly cannot take the whole feed down."""
        draft = item.as_draft
        return normalise(" ".join([draft.dek, *(f"• {g}" for g in draft.glance)]))

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return item.updated_at


class LatestPostsAtom(LatestPostsRss):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
