"""Stories in storage: near-duplicate copies become republications, and every new article
joins the story it reports or starts one, incrementally.

The pure deciders (core.stories) hold their state in memory; `Grouping` rebuilds that state
from the recent rows once per ingest run, so adding a day's articles never regroups the archive,
and catches up with what concurrent runs stored before each decision.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Max, QuerySet

from praynews.core.stories import (
    WINDOW_DAYS,
    NearDuplicates,
    StoryGrouper,
    article_features,
    signature,
    signature_from_bytes,
    signature_to_bytes,
)
from praynews.core.types import ExtractedArticle
from praynews.core.writing.reporting import outlet_of
from praynews.site.news.models import Article, Republication, Story

# Copies and same-event reports are looked for among articles this recent (relative to the
# newest stored article, so a demo of old samples behaves like today's news).
LOOKBACK_DAYS = 2 * WINDOW_DAYS


@dataclass(frozen=True)
class Copy:
    article: Article
    similarity: float


def _features(article: Article):
    return article_features(
        str(article.pk), article.title, article.text, article.published, article.site_name
    )


class Grouping:
    """The deciders' state, built from the recent rows once, then kept current: by `remember`
    for this process's articles and by `catch_up` for those other processes stored since."""

    def __init__(self) -> None:
        self.duplicates = NearDuplicates()
        self.grouper = StoryGrouper()
        self._seen = 0  # the highest article pk already in the deciders
        newest = Article.objects.aggregate(latest=Max("published"))["latest"]
        self._since = newest - timedelta(days=LOOKBACK_DAYS) if newest else None
        self._place(Article.objects.all())

    def catch_up(self) -> None:
        """Add the articles other processes stored since this grouping last looked.

        Call it under the stories lock (locks.STORIES): articles are only stored under it, so
        their pks grow in the order they were stored and none below `_seen` can appear later.
        """
        self._place(Article.objects.filter(pk__gt=self._seen))

    def _place(self, rows: QuerySet[Article]) -> None:
        if self._since:
            rows = rows.filter(published__gte=self._since)
        for row in rows.select_related("story").order_by("published", "pk"):
            self._seen = max(self._seen, row.pk)
            if row.signature:
                self.duplicates.add(str(row.pk), signature_from_bytes(bytes(row.signature)))
            if row.story:
                self.grouper.place(_features(row), row.story.key)

    def copy_of(self, article: ExtractedArticle) -> tuple[Copy | None, bytes]:
        minhash = signature(article.text)
        found = self.duplicates.find(minhash)
        stored = signature_to_bytes(minhash)
        if not found:
            return None, stored
        original = Article.objects.filter(pk=int(found[0])).first()
        return (Copy(original, found[1]) if original else None), stored

    def record_copy(self, copy: Copy, article: ExtractedArticle) -> bool:
        """Store where the copy appeared; False when that address was recorded before."""
        _, created = Republication.objects.get_or_create(
            article=copy.article,
            url=article.url or "",
            defaults={
                "outlet": outlet_of(article) or "",
                "title": article.title[:1000],
                "published": article.published,
                "similarity": round(copy.similarity, 3),
            },
        )
        return created

    def remember(self, row: Article) -> Story:
        """Put a newly stored article in its story; a published story becomes developing."""
        self._seen = max(self._seen, row.pk)
        self.duplicates.add(str(row.pk), signature_from_bytes(bytes(row.signature)))
        assignment = self.grouper.assign(_features(row), new_story_key=uuid.uuid4().hex)
        # The story's row is locked so that a publisher writing its post either sees this
        # article or, finishing first, sees its story turn developing here.
        story, created = Story.objects.select_for_update().get_or_create(key=assignment.story)
        if not created and story.status == Story.Status.PUBLISHED:
            story.status = Story.Status.DEVELOPING
            story.save(update_fields=["status", "updated_at"])
        row.story = story
        row.save(update_fields=["story"])
        return story
