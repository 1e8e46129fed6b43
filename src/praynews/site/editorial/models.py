"""Posts: a written draft, its place in the review workflow, its history and revisions, and what
it used (verse, opening) for variety."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from praynews.core.types import Draft
from praynews.site.news.models import Article, Story


class Post(models.Model):
    class Status(models.TextChoices):
        """The review workflow, in order (`praynews.site.editorial.workflow` moves a post)."""

        DRAFT = "draft", "Draft"
        IN_REVIEW = "review", "In review"
        APPROVED = "approved", "Approved"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="posts")
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text="the earlier post on the same story this one updates",
    )
    slug = models.SlugField(max_length=120, unique=True)
    headline = models.CharField(max_length=300)
    draft = models.JSONField(help_text="the post as FORMAT.md's JSON; edit with care")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    writer = models.CharField(max_length=50, default="extractive")
    verse_reference = models.CharField(max_length=100, blank=True)
    reflection_opening = models.TextField(blank=True)
    flag_count = models.PositiveIntegerField(default=0, help_text="problems the last check found")
    review_note = models.TextField(blank=True, help_text="the problems the last check found")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    scheduled_for = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="when the worker publishes it"
    )
    # An admin's approval over the check's fidelity flags, kept until the post is published (a
    # scheduled post is published by the worker, long after the admin has gone home) or edited.
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_reason = models.TextField(blank=True)
    prayed_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        permissions = [
            ("review_post", "Can review, edit and publish posts the check passes"),
            ("override_check", "Can publish a post the fidelity check holds, giving a reason"),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("post", kwargs={"slug": self.slug})

    @property
    def as_draft(self) -> Draft:
        return Draft.from_dict(self.draft)

    @property
    def reported_on(self) -> date | None:
        """The story's date: the newest report among its sources, or the day it was published
        when no source says (a reader wants the day of the news, not of the run)."""
        days = [_day(source.get("published")) for source in self.draft.get("sources") or []]
        known = [day for day in days if day]
        if known:
            return max(known)
        return self.published_at.date() if self.published_at else None

    @property
    def updated_on(self) -> date | None:
        """The day the newest published follow-up brought the story on, when one has; reads
        the follow-ups prefetched as `published_updates` when the page listed them."""
        updates = getattr(self, "published_updates", None)
        if updates is None:
            updates = list(self.follow_ups.filter(status=Post.Status.PUBLISHED))
        days = [update.reported_on for update in updates if update.reported_on]
        newest = max(days, default=None)
        reported = self.reported_on
        return newest if newest and (reported is None or newest > reported) else None

    @property
    def how_it_was_made(self) -> str:
        """The line a reader sees under the post: how it was written, from how many sources,
        and who reviewed it (or that nobody did, when it passed every check on its own)."""
        count = len(self.draft.get("sources") or [])
        sources = f"{count} source{'' if count == 1 else 's'}"
        made = (
            f"Drafted automatically from {sources}"
            if self.writer == "extractive"
            else f"Written with AI assistance from {sources}"
        )
        published = (
            self.events.filter(action__in=[PostEvent.Action.PUBLISHED, PostEvent.Action.OVERRIDDEN])
            .select_related("by")
            .last()
        )
        if published and published.by:
            name = published.by.get_full_name() or published.by.get_username()
            return f"{made}, reviewed by {name}."
        return f"{made}; published without an editor's review, after passing every check."

    @staticmethod
    def unique_slug(headline: str) -> str:
        base = slugify(headline)[:100] or "post"
        slug, n = base, 2
        while Post.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


def _day(value: object) -> date | None:
    """The date at the start of a source's ISO date or timestamp; None when there is none."""
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class PostEvent(models.Model):
    """One thing done to a post, by whom (nobody: praynews itself), when, and why: the post's
    history, and the record of every check overridden."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Sent for review"
        APPROVED = "approved", "Approved"
        APPROVED_OVER_FLAGS = "approved-over-flags", "Approved over the check's flags"
        SCHEDULED = "scheduled", "Scheduled"
        UNSCHEDULED = "unscheduled", "Schedule cancelled"
        RETURNED = "returned", "Sent back"
        PUBLISHED = "published", "Published"
        OVERRIDDEN = "overridden", "Published over the check's flags"
        UNPUBLISHED = "unpublished", "Taken down"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["post", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.by or 'praynews'} at {self.at:%Y-%m-%d %H:%M}"


class Revision(models.Model):
    """The post's draft as it stood after one change: the first as praynews wrote it, then one
    per edit, regenerated part or swapped verse, so any two can be compared."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    draft = models.JSONField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300)
    at = models.DateTimeField()

    class Meta:
        ordering = ["post", "number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="one_revision_number_per_post")
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of {self.post}: {self.note}"


class Edition(models.Model):
    """The day's selection of stories, ranked, with drafts ready for review."""

    day = models.DateField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Edition of {self.day:%d %B %Y}"


class EditionItem(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="edition_items")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL)
    position = models.PositiveIntegerField()
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "story"], name="story_once_per_edition")
        ]
