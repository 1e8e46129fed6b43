"""Replies readers send from a post page; they reach the editor in the admin."""

from __future__ import annotations

from django.db import models

from praynews.site.editorial.models import Post


class Reply(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    message = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"{self.name} on {self.post}"
