"""The audio edition: each published post and each day's edition read aloud by the worker,
once per version of its words, and kept as MP3 under the media folder.

A recording is keyed by the SHA-256 of its script (`core.spoken`), so the page finds the
recording of the words it shows: a post corrected after it was read has no recording until the
worker reads it again, and never plays the words it no longer says. Two workers reading the same
post at once make the same file and one row (the digest is unique).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from praynews.core.reading import reader_view
from praynews.core.spoken import edition_script, post_script
from praynews.site.config import SettingError, secret, setting
from praynews.site.editorial.models import Edition, Post
from praynews.site.publishing.models import Recording
from praynews.site.publishing.readable import parsed, readable
from praynews.speech import Espeak, Flite, SpeechError, SpeechServer, Voice, local_voice, mp3

logger = logging.getLogger(__name__)

AUDIO_FOLDER = "audio"
# Recordings one worker pass makes at most: a local engine reads a post in a few seconds, so a
# pass that finds a backlog (audio just switched on) still ends in well under a minute.
RECORDINGS_PER_PASS = 20
# Editions read aloud, newest first: a listener subscribes for the coming days, and older
# editions stay in the feed once read.
RECENT_EDITIONS = 7
AUDIO_CHOICES = ("local", "flite", "espeak", "server", "off")


def voice() -> Voice | None:
    """The voice the settings choose; None when audio is off."""
    choice = setting("PRAYNEWS_AUDIO").strip().lower()
    if choice not in AUDIO_CHOICES:
        raise SettingError(f"PRAYNEWS_AUDIO={choice!r} must be one of {', '.join(AUDIO_CHOICES)}")
    if choice == "off":
        return None
    if choice == "server":
        url = setting("PRAYNEWS_SPEECH_URL").strip()
        if not url:
            raise SettingError("PRAYNEWS_AUDIO=server needs PRAYNEWS_SPEECH_URL")
        return SpeechServer(
            url,
            setting("PRAYNEWS_SPEECH_MODEL"),
            setting("PRAYNEWS_SPEECH_VOICE"),
            secret("PRAYNEWS_SPEECH_KEY"),
        )
    if choice == "flite":
        return Flite()
    if choice == "espeak":
        return Espeak()
    return local_voice()


def digest(script: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(script).encode()).hexdigest()


def post_lines(post: Post) -> list[str] | None:
    draft = parsed(post)
    return post_script(reader_view(draft)) if draft else None


def edition_lines(edition: Edition) -> list[str] | None:
    """The edition's script, from its published posts in its order; None with none."""
    posts = Post.objects.filter(status=Post.Status.PUBLISHED, editionitem__edition=edition)
    views = [reader_view(draft) for _, draft in readable(posts.order_by("editionitem__position"))]
    return edition_script(settings.PUBLICATION_NAME, edition.day, views) if views else None


def recording_of(lines: Sequence[str] | None) -> Recording | None:
    """The recording of exactly these words, if the worker has made it."""
    return Recording.objects.filter(digest=digest(lines)).first() if lines else None


@dataclass
class RecordingPass:
    made: int = 0
    failed: int = 0

    def summary(self) -> str:
        return f"{self.made} recordings made, {self.failed} failed"


def record_due(
    speaker: Voice, limit: int = RECORDINGS_PER_PASS, stop: Callable[[], bool] = lambda: False
) -> RecordingPass:
    """Read aloud the newest published posts and recent editions whose words have no
    recording, at most `limit` of them; a post that cannot be read is logged and passed."""
    done = RecordingPass()
    for owner, lines in _due(limit):
        if stop():
            break
        try:
            _record(speaker, owner, lines)
            done.made += 1
        except SpeechError as exc:
            logger.error("audio of %s: %s", owner, exc)
            done.failed += 1
    return done


def _due(limit: int):
    """(post or edition, script) pairs without a recording of their script, newest first."""
    due = []
    posts = Post.objects.filter(status=Post.Status.PUBLISHED).order_by("-published_at", "-pk")
    editions = Edition.objects.filter(items__post__status=Post.Status.PUBLISHED).distinct()
    owners = [*posts[: limit * 2], *editions.order_by("-day")[:RECENT_EDITIONS]]
    for owner in owners:
        lines = post_lines(owner) if isinstance(owner, Post) else edition_lines(owner)
        if lines and not Recording.objects.filter(digest=digest(lines)).exists():
            due.append((owner, lines))
        if len(due) == limit:
            break
    return due


def _record(speaker: Voice, owner: Post | Edition, lines: Sequence[str]) -> None:
    speech = speaker.speak(lines)
    data = mp3(speech)
    key = digest(lines)
    name = f"{AUDIO_FOLDER}/{key}.mp3"
    _write_atomically(Path(settings.MEDIA_ROOT) / name, data)
    owned = {"post": owner} if isinstance(owner, Post) else {"edition": owner}
    try:
        with transaction.atomic():
            older = list(Recording.objects.filter(**owned))
            Recording.objects.create(
                digest=key,
                file=name,
                size=len(data),
                seconds=round(speech.seconds, 2),
                voice=speaker.name,
                **owned,
            )
            for recording in older:
                recording.delete()
                _remove(recording.file)
    except IntegrityError:  # another worker recorded the same words first
        logger.info("audio of %s: already recorded", owner)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


def _remove(name: str) -> None:
    (Path(settings.MEDIA_ROOT) / name).unlink(missing_ok=True)
