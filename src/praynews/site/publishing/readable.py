"""Published posts whose stored draft still parses: the only ones the public pages show.

The admin refuses a draft that does not match FORMAT.md, but a draft can still be changed under
it (a database edit, a script, an older format), and one such post must not take the home page,
the list or the feeds down with it: it is left out, answers 404, and is logged for the editor.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.http import Http404

from praynews.core.errors import DraftFormatError
from praynews.core.types import Draft
from praynews.site.editorial.models import Post

logger = logging.getLogger(__name__)


def parsed(post: Post) -> Draft | None:
    """The post's draft, or None (logged) when the stored JSON no longer parses."""
    try:
        return post.as_draft
    except DraftFormatError as exc:
        logger.error("post %s is not shown: its stored draft does not parse: %s", post.slug, exc)
        return None


def readable(posts: Iterable[Post]) -> list[tuple[Post, Draft]]:
    """Each post with its parsed draft, leaving out those whose draft does not parse."""
    pairs = ((post, parsed(post)) for post in posts)
    return [(post, draft) for post, draft in pairs if draft is not None]


def draft_or_404(post: Post) -> Draft:
    draft = parsed(post)
    if draft is None:
        raise Http404("this post cannot be shown")
    return draft
