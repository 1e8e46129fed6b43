"""Settings read from the environment, in one place so the README can list every one of them;
and the data folder they name, created private and set up under its lock."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from praynews.core.errors import PrayNewsError

PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
LOCK_FILE = ".lock"
# Migrating a fresh database takes about a second here; a slow disk might take tens of seconds.
# A process holding the lock far longer is stuck, and waiting for it forever would hang silently.
FOLDER_LOCK_TIMEOUT_SECONDS = 300

# Every setting praynews reads, with its default and what it does. tests/test_docs.py fails when
# one of these is missing from the README.
SETTINGS: dict[str, tuple[str, str]] = {
    "PRAYNEWS_HOME": ("./praynews-data", "data folder: database, media, secret key"),
    "PRAYNEWS_DATABASE_URL": (
        "",
        "postgres://user:pass@host/db to use PostgreSQL instead of SQLite",
    ),
    "PRAYNEWS_PUBLICATION": ("Pray News", "publication name in the breadcrumb, titles and feeds"),
    "PRAYNEWS_TRANSLATION": ("WEB", "Bible translation for verses: WEB, KJV, AKJV or ASV"),
    "PRAYNEWS_ALLOWED_HOSTS": (
        "127.0.0.1,localhost",
        "comma-separated host names the site answers",
    ),
    "PRAYNEWS_DEBUG": ("0", "1 shows Django's debug pages; never in production"),
    "PRAYNEWS_MIN_CHECK_SECONDS": ("900", "a source is never checked more often than this"),
    "PRAYNEWS_LEASE_SECONDS": (
        "1200",
        "how long a worker's claim on a source lasts unrenewed (a killed worker's work is "
        "picked up after it)",
    ),
    "PRAYNEWS_AUTO_PUBLISH": ("0", "1 lets the worker publish the drafts that pass the checks"),
    "PRAYNEWS_EDITION_HOUR": ("6", "hour of the day (UTC, 0-23) the worker builds the edition"),
    "PRAYNEWS_PRIVATE_HOSTS": (
        "",
        "comma-separated hosts a source may have at a private address (an intranet feed)",
    ),
    "PRAYNEWS_SITE_URL": (
        "http://127.0.0.1:8000",
        "the site's public address: links in mails and feeds, canonical links, link previews",
    ),
    "PRAYNEWS_MAIL_FROM": ("Pray News <news@localhost>", "the newsletter's From address"),
    "PRAYNEWS_EDITOR_EMAIL": (
        "",
        "the editor's address: replies to the newsletter go there (Reply-To)",
    ),
    "PRAYNEWS_SMTP_HOST": (
        "",
        "mail server for the newsletter; empty writes each mail to outbox/ in the data folder",
    ),
    "PRAYNEWS_SMTP_PORT": ("587", "the mail server's port"),
    "PRAYNEWS_SMTP_SECURITY": ("starttls", "starttls, tls (implicit, port 465) or none"),
    "PRAYNEWS_SMTP_USER": ("", "user name on the mail server, if it asks for one"),
    "PRAYNEWS_SMTP_PASSWORD": ("", "its password (or PRAYNEWS_SMTP_PASSWORD_FILE)"),
    "PRAYNEWS_SMTP_PASSWORD_FILE": ("", "a file holding the mail server's password"),
    "PRAYNEWS_SEND_PER_SECOND": ("10", "most mails sent per second (0: no limit)"),
    "PRAYNEWS_SEND_PER_HOUR": ("0", "most mails sent per hour, by all senders (0: no limit)"),
    "PRAYNEWS_DIGEST_WEEKDAY": ("0", "day the weekly digest is queued, 0 Monday to 6 Sunday"),
    "PRAYNEWS_AUDIO": (
        "local",
        "who reads posts aloud: local (flite, else espeak-ng), flite, espeak (espeak-ng), "
        "server (PRAYNEWS_SPEECH_URL) or off",
    ),
    "PRAYNEWS_SPEECH_URL": (
        "",
        "an OpenAI-compatible speech server's base URL (.../v1), for PRAYNEWS_AUDIO=server",
    ),
    "PRAYNEWS_SPEECH_MODEL": ("tts-1", "the speech server's model"),
    "PRAYNEWS_SPEECH_VOICE": ("alloy", "the speech server's voice"),
    "PRAYNEWS_SPEECH_KEY": ("", "the speech server's API key (or PRAYNEWS_SPEECH_KEY_FILE)"),
    "PRAYNEWS_SPEECH_KEY_FILE": ("", "a file holding the speech server's API key"),
    "PRAYNEWS_MODEL_URL": (
        "",
        "an OpenAI-compatible server's base URL (http://127.0.0.1:11434/v1 for Ollama): "
        "drafts are then written with its model; empty writes them without one",
    ),
    "PRAYNEWS_MODEL": ("", "the model's name on that server (qwen2.5:7b-instruct)"),
    "PRAYNEWS_MODEL_API_KEY": (
        "",
        "its API key, if it asks for one (or PRAYNEWS_MODEL_API_KEY_FILE)",
    ),
    "PRAYNEWS_MODEL_API_KEY_FILE": ("", "a file holding the model server's API key"),
    "PRAYNEWS_MODEL_TIMEOUT": ("180", "seconds to wait for one reply"),
    "PRAYNEWS_MODEL_TEMPERATURE": (
        "0.2",
        "sampling temperature: low keeps the model to its sources",
    ),
    "PRAYNEWS_MODEL_MAX_TOKENS": ("3000", "most tokens in one reply"),
    "PRAYNEWS_MODEL_CONCURRENCY": ("1", "most requests to the server at once"),
    "PRAYNEWS_MODEL_RETRIES": ("2", "tries after the first before writing without the model"),
    "PRAYNEWS_MODEL_FORMAT": (
        "schema",
        "how the reply's shape is asked for: schema (JSON schema), object (any JSON) or none; "
        "a server that refuses one is asked the next way",
    ),
    "PRAYNEWS_BROKER_URL": (
        "",
        "a Redis address (redis://127.0.0.1:6379/0) for Celery workers (pip install -e "
        "'.[celery]'); empty: the built-in worker (praynews worker) needs no broker",
    ),
    "PRAYNEWS_CACHE_URL": (
        "",
        "a Redis address for kept reader pages and rate limits, shared by several web "
        "machines; empty: the data folder and each process's memory",
    ),
    "PRAYNEWS_BEAT_SECONDS": (
        "30",
        "with Celery: how often celery beat looks for due sources, drafts and mail",
    ),
    "PRAYNEWS_LOG_FORMAT": ("plain", "plain, or json for one JSON object per log line"),
    "PRAYNEWS_BOUNCE_SECRET": (
        "",
        "shared secret signing the bounce webhook's requests; empty turns the webhook off",
    ),
}


def setting(name: str) -> str:
    return os.environ.get(name, SETTINGS[name][0])


def secret(name: str) -> str:
    """A secret setting: read from the file `name`_FILE names when it is set (so it stays out
    of the environment and the process list), else from `name` itself."""
    path = setting(f"{name}_FILE").strip()
    if not path:
        return setting(name)
    try:
        return Path(path).expanduser().read_text().strip()
    except OSError as exc:
        raise PrayNewsError(f"{name}_FILE: cannot read {path}: {exc.strerror or exc}") from exc


def number_setting(name: str, low: int, high: int) -> int:
    """A whole-number setting within [low, high]; anything else is a clear error, not a crash."""
    raw = setting(name).strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise SettingError(f"{name}={raw!r} must be a whole number from {low} to {high}")
    return int(raw)


def choice_setting(name: str, choices: tuple[str, ...]) -> str:
    """A setting that names one of a few choices (any case); anything else is a clear error."""
    raw = setting(name).strip()
    if raw.lower() not in choices:
        raise SettingError(f"{name}={raw!r} must be one of: {', '.join(choices)}")
    return raw.lower()


class SettingError(PrayNewsError):
    default_message = "a setting has a value praynews cannot use"


def home() -> Path:
    return Path(setting("PRAYNEWS_HOME")).expanduser().resolve()


class NoDataFolderError(PrayNewsError):
    default_message = "there is no data folder; run `praynews init` to create one"


def existing_home() -> Path:
    """The data folder, which must already exist. Only `praynews init` and `praynews demo`
    create one, so a command run from the wrong directory says so instead of quietly starting
    an empty site there."""
    folder = home()
    if not folder.is_dir():
        raise NoDataFolderError(
            f"no data folder at {folder} (PRAYNEWS_HOME); run `praynews init` to create it there, "
            "or set PRAYNEWS_HOME to the folder you use",
            what="data folder",
            where=str(folder),
            why="it does not exist",
        )
    return folder


def secret_key(folder: Path) -> str:
    """A per-installation key, created on first use and kept in the data folder.

    Created and read under the folder's lock, so two processes starting at once on a fresh
    folder both read the one key the first of them wrote, never a half-written file.
    """
    path = folder / "secret_key"
    with folder_lock(folder):
        private_file(path, secrets.token_urlsafe(50))
        return path.read_text().strip()


def private_folder(folder: Path) -> None:
    """Create the data folder readable by its owner only; an existing folder keeps its mode."""
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)


def private_file(path: Path, content: str = "") -> None:
    """Create the file readable by its owner only from the first moment (never created open
    and narrowed afterwards); an existing file is left as it is."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w") as file:
        file.write(content)


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the data folder's lock: setting the folder up and migrating its database happen
    in one process at a time, so processes started together on a fresh folder do it once."""
    try:
        with FileLock(folder / LOCK_FILE, timeout=FOLDER_LOCK_TIMEOUT_SECONDS, mode=0o600):
            yield
    except Timeout as exc:
        raise PrayNewsError(
            f"another praynews process has held {folder / LOCK_FILE} for over "
            f"{FOLDER_LOCK_TIMEOUT_SECONDS} s; is one stuck?"
        ) from exc
