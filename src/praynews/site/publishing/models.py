"""Replies readers send from a post page: moderated on the desk, shown under the post once an
editor approves them, and answered by email from the desk."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from praynews.site.editorial.models import Edition, Post


class Reply(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for moderation"
        APPROVED = "approved", "Shown under the post"
        DECLINED = "declined", "Not shown"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    message = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    answer = models.TextField(blank=True, help_text="the editor's answer, sent by email")
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"{self.name} on {self.post}"


class PostTopic(models.Model):
    """One page a published post is listed on: its topic, a theme, a country or a region
    (`praynews.core.topics`), kept in step with the post by `publishing.listing`."""

    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        THEME = "theme", "Theme"
        REGION = "region", "Region"
        COUNTRY = "country", "Country"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="topics")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "slug"], name="topic_page")]
        constraints = [
            models.UniqueConstraint(fields=["post", "kind", "slug"], name="post_listed_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class SearchDocument(models.Model):
    """A published post's words as search reads them: the headline, and the text a reader
    sees from the dek to the prayer. SQLite searches its copy in an FTS5 table; PostgreSQL
    searches these columns with its own full-text search (`publishing.search`)."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="search_document")
    headline = models.TextField()
    body = models.TextField()

    def __str__(self) -> str:
        return self.headline


class Recording(models.Model):
    """A post or a day's edition read aloud: one MP3 per version of its script (the words it
    speaks), so a corrected post is read again and never plays its old words."""

    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="recordings"
    )
    edition = models.ForeignKey(
        Edition, null=True, blank=True, on_delete=models.CASCADE, related_name="recordings"
    )
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the script")
    file = models.CharField(max_length=200, help_text="the MP3, under the media folder")
    size = models.PositiveIntegerField(help_text="bytes")
    seconds = models.FloatField()
    voice = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=True) ^ models.Q(edition__isnull=True),
                name="recording_of_a_post_or_an_edition",
            )
        ]

    def __str__(self) -> str:
        return f"Recording of {self.post or self.edition}"

    @property
    def url(self) -> str:
        return settings.MEDIA_URL + self.file
