"""Where news comes from (sources) and what came (articles), as stored rows."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from django.db import models

from praynews.core.gate import PageKind, judge
from praynews.core.text import normalise
from praynews.core.types import ExtractedArticle


class Source(models.Model):
    """Where articles come from. A scheduled source is on the publisher's list (`praynews
    sources add`) and the worker checks it when due; others were ingested once by hand."""

    class Kind(models.TextChoices):
        FEED = "feed", "Feed"
        PAGE = "page", "Article page"
        FILE = "file", "Local file"

    class Status(models.TextChoices):
        NEW = "new", "not checked yet"
        OK = "ok", "read"
        NOT_MODIFIED = "not-modified", "unchanged since the last check"
        WAITING = "waiting", "asked us to come back later"
        FAILING = "failing", "failing"

    location = models.CharField(max_length=2000, unique=True, help_text="URL or file path")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=500, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, help_text="why the last ingest of this source failed")
    created_at = models.DateTimeField(auto_now_add=True)
    scheduled = models.BooleanField(
        default=False, help_text="on the list of sources the worker checks when due"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    host = models.CharField(
        max_length=255, blank=True, db_index=True, help_text="one request at a time per host"
    )
    next_check_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="empty: due now"
    )
    failures = models.PositiveIntegerField(default=0, help_text="errors in a row")
    last_success_at = models.DateTimeField(null=True, blank=True)
    interval_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="the feed's usual gap between entries"
    )
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title or self.location

    def save(self, *args, **kwargs) -> None:
        self.host = host_of(self.location)
        super().save(*args, **kwargs)


def host_of(location: str) -> str:
    """The host a web source is fetched from, lower-cased; "" for a file."""
    try:
        return (urlsplit(location).hostname or "") if "://" in location else ""
    except ValueError:
        return ""


def fingerprint(title: str, text: str) -> str:
    """The same article from two fetches has the same fingerprint, whatever its spacing."""
    canonical = normalise(title).lower() + "\n" + " ".join(text.lower().split())
    return hashlib.sha256(canonical.encode()).hexdigest()


class Article(models.Model):
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    url = models.CharField(max_length=2000, blank=True, db_index=True)
    fetched_from = models.CharField(
        max_length=2000,
        blank=True,
        db_index=True,
        help_text="the address it was read from (a feed's link), when that is not its own url",
    )
    fingerprint = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=1000)
    text = models.TextField()
    author = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    image_url = models.CharField(max_length=2000, blank=True)
    site_name = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    fetched_at = models.DateTimeField(auto_now_add=True)
    story = models.ForeignKey(
        "Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    signature = models.BinaryField(null=True, blank=True, help_text="MinHash of the text")
    story_reason = models.TextField(
        blank=True, help_text="why grouping put the article in its story, or started one"
    )
    kind = models.CharField(
        max_length=20,
        choices=[(k.value, k.value) for k in PageKind],
        default=PageKind.NEWS.value,
        help_text="the news gate's verdict at ingest: news, or what the page is instead",
    )
    kind_reason = models.TextField(
        blank=True,
        help_text="why the news gate held it: nothing is written, published or chosen from it",
    )
    from_feed_entry = models.BooleanField(
        default=False,
        help_text="the text is the feed entry's own content: its page could not be fetched",
    )

    class Meta:
        ordering = ["-published", "-fetched_at"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def from_extracted(cls, article: ExtractedArticle, source: Source | None) -> Article:
        """The row to store, with the news gate's verdict on it (core/gate.py)."""
        verdict = judge(article)
        return cls(
            kind=verdict.kind,
            kind_reason=verdict.reason,
            source=source,
            url=article.url or "",
            fingerprint=fingerprint(article.title, article.text),
            title=article.title[:1000],
            text=article.text,
            author=(article.author or "")[:500],
            published=article.published,
            image_url=(article.image_url or "")[:2000],
            site_name=(article.site_name or "")[:500],
            description=article.description or "",
            from_feed_entry=article.from_feed_entry,
        )

    def to_extracted(self) -> ExtractedArticle:
        return ExtractedArticle(
            title=self.title,
            text=self.text,
            url=self.url or None,
            author=self.author or None,
            published=self.published,
            image_url=self.image_url or None,
            site_name=self.site_name or None,
            description=self.description or None,
            from_feed_entry=self.from_feed_entry,
        )


class Story(models.Model):
    """One event, as reported by one or more articles; the unit a post is written about."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        PUBLISHED = "published", "Published"
        DEVELOPING = "developing", "Developing: new reports since its post"

    key = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    rank_score = models.FloatField(default=0.0)
    rank_reasons = models.JSONField(default=list, blank=True)
    # The last time its draft could not be written, and why: a worker tries again only once a
    # new report joins it, or a day later (see services.DRAFT_RETRY_AFTER).
    draft_failed_at = models.DateTimeField(null=True, blank=True)
    draft_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-rank_score", "-updated_at"]

    def __str__(self) -> str:
        first = self.articles.order_by("published", "pk").first()
        return first.title if first else self.key

    def ordered_articles(self) -> list[Article]:
        """The reports in the order a draft uses them: earliest (the lead report) first."""
        return list(self.articles.order_by("published", "fetched_at", "pk"))

    @property
    def not_news(self) -> str:
        """Why no post is written about the story (empty when it is news): none of its
        reports passed the news gate, and the lead's reason speaks for them."""
        articles = self.ordered_articles()
        if not articles or any(a.kind == PageKind.NEWS for a in articles):
            return ""
        return articles[0].kind_reason


class Republication(models.Model):
    """Another outlet's copy of a stored article (wire copy, light edit): one article, many
    places it appeared."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="republications")
    url = models.CharField(max_length=2000, blank=True)
    outlet = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    published = models.DateField(null=True, blank=True)
    similarity = models.FloatField(help_text="estimated Jaccard similarity of the texts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "url"], name="one_republication_per_url")
        ]

    def __str__(self) -> str:
        return f"{self.outlet or self.url} copy of {self.article}"


class Lock(models.Model):
    """A named lock: one row per name, locked for the length of a transaction (see locks.py)."""

    name = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.name


class StageRun(models.Model):
    """One run of one stage (fetch, write, publish, edition) by a worker or a command: what
    `praynews status` reports as the last run of each."""

    stage = models.CharField(max_length=20, db_index=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField(default=True)
    summary = models.TextField(blank=True)
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-finished_at"]
        indexes = [models.Index(fields=["stage", "finished_at"], name="stage_run_latest")]

    def __str__(self) -> str:
        return f"{self.stage} at {self.finished_at:%Y-%m-%d %H:%M}"
