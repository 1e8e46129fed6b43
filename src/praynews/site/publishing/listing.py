"""A published post's place in the site's listings: the topic, theme, country and region pages
it is on, and its search document. Kept in step with the post on every save, so a correction, a
take-down or a new publication shows on those pages at once."""

from __future__ import annotations

import logging

from django.db import transaction

from praynews.core.errors import DraftFormatError
from praynews.core.reading import reader_view
from praynews.core.topics import post_topics
from praynews.site.editorial.models import Post
from praynews.site.publishing import search
from praynews.site.publishing.models import PostTopic

logger = logging.getLogger(__name__)


def relist(post: Post) -> None:
    """List a published post where it belongs; take any other post off every listing."""
    with transaction.atomic():
        PostTopic.objects.filter(post=post).delete()
        draft = _draft(post) if post.status == Post.Status.PUBLISHED else None
        if draft is None:
            search.forget_post(post.pk)
            return
        PostTopic.objects.bulk_create(
            PostTopic(post=post, kind=t.kind.value, slug=t.slug, name=t.name)
            for t in post_topics(draft)
        )
        body = "\n".join(reader_view(draft).paragraphs()[1:])
        search.store_post(post, draft.headline, body)


def _draft(post: Post):
    try:
        return post.as_draft
    except DraftFormatError:  # the public pages leave it out too (publishing.readable)
        logger.error("post %s is not listed: its stored draft does not parse", post.slug)
        return None


def relist_saved_post(sender, instance: Post, raw: bool = False, **kwargs) -> None:
    """The `post_save` receiver for posts (not for fixtures loaded raw)."""
    if not raw:
        relist(instance)
