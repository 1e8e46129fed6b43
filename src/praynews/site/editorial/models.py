"""Posts: a written draft, its review state, and what it used (verse, opening) for variety."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from praynews.core.types import Draft
from praynews.site.news.models import Article


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="posts")
    slug = models.SlugField(max_length=120, unique=True)
    headline = models.CharField(max_length=300)
    draft = models.JSONField(help_text="the post as FORMAT.md's JSON; edit with care")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    writer = models.CharField(max_length=50, default="extractive")
    verse_reference = models.CharField(max_length=100, blank=True)
    reflection_opening = models.TextField(blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    review_note = models.TextField(blank=True, help_text="why publishing was refused, if it was")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("post", kwargs={"slug": self.slug})

    @property
    def as_draft(self) -> Draft:
        return Draft.from_dict(self.draft)

    @staticmethod
    def unique_slug(headline: str) -> str:
        base = slugify(headline)[:100] or "post"
        slug, n = base, 2
        while Post.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug
