"""Subscribers, the addresses never to mail, mailings and one delivery row per recipient.

A delivery row is created when its mailing is queued and is the only record of whether that
subscriber was sent that mail: a sender marks it sent only once the mail server has accepted
the message, so a sender killed at any moment repeats at most the message it had in hand.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q

from praynews.site.editorial.models import Edition, Post

KEY_BYTES = 12


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class Frequency(models.TextChoices):
        EACH_POST = "post", "Each post as it is published"
        DAILY = "daily", "The daily edition"
        WEEKLY = "weekly", "A weekly digest"
        NONE = "none", "Nothing for now"

    class Origin(models.TextChoices):
        FORM = "form", "Subscribe form"
        IMPORT = "import", "Imported"

    email = models.EmailField(unique=True, help_text="normalised: lower case, IDNA domain")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.FORM)
    # Every link mailed to the subscriber carries this key; a new one is made when they
    # subscribe again or unsubscribe, so links from before stop working.
    key = models.CharField(max_length=32, default=new_key)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class Suppression(models.Model):
    """An address never mailed again, whoever imports it: only its owner confirming a new
    subscription from the form lifts it."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Hard bounce"
        COMPLAINED = "complained", "Marked as spam"
        REJECTED = "rejected", "Refused by the mail server"

    email = models.EmailField(unique=True)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"


class Mailing(models.Model):
    """One mail as queued: rendered once, then sent to each recipient with their own links."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        EDITION = "edition", "Daily edition"
        DIGEST = "digest", "Weekly digest"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.PROTECT)
    edition = models.ForeignKey(Edition, null=True, blank=True, on_delete=models.PROTECT)
    week_of = models.DateField(null=True, blank=True, help_text="a digest's first day")
    subject = models.CharField(max_length=300)
    html = models.TextField()
    text = models.TextField()
    queued_at = models.DateTimeField()

    class Meta:
        ordering = ["-queued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=Q(kind="post"), name="one_mailing_per_post"
            ),
            models.UniqueConstraint(
                fields=["edition"], condition=Q(kind="edition"), name="one_mailing_per_edition"
            ),
            models.UniqueConstraint(
                fields=["week_of"], condition=Q(kind="digest"), name="one_digest_per_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"
        SKIPPED = "skipped", "Not sent: the address was suppressed"

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    unsubscribed = models.BooleanField(default=False, help_text="unsubscribed from this mail")

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "subscriber"], name="one_delivery_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.mailing} to {self.subscriber}"
