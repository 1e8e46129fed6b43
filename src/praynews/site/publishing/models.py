"""Replies readers send from a post page: moderated on the desk, shown under the post once an
editor approves them, and answered by email from the desk."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from praynews.site.editorial.models import Post


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
