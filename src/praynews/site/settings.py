"""Django settings for praynews; every tunable comes from `config.SETTINGS`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from praynews.site.config import home, private_file, private_folder, secret_key, setting

HOME = home()
private_folder(HOME)
PACKAGE_DIR = Path(__file__).resolve().parent
# How long a process waits for another's write lock on SQLite before giving up. The longest
# holder is writing one post (about 0.1 s here); waiters poll rather than queue in order, so
# the margin is wide enough for a waiter that loses the race many times over.
SQLITE_BUSY_TIMEOUT_SECONDS = 60

SECRET_KEY = secret_key(HOME)
DEBUG = setting("PRAYNEWS_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in setting("PRAYNEWS_ALLOWED_HOSTS").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "praynews.site.news",
    "praynews.site.editorial",
    "praynews.site.publishing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "praynews.site.urls"
WSGI_APPLICATION = "praynews.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "praynews.site.publishing.context.publication",
            ],
        },
    },
]


def _database() -> dict:
    url = setting("PRAYNEWS_DATABASE_URL")
    if not url:
        return _sqlite(HOME / "praynews.sqlite3")
    parts = urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


def _sqlite(path: Path) -> dict:
    """SQLite in the data folder. The file is created private (SQLite would create it readable
    by all; its journals take the database file's mode). Every transaction takes the write lock
    as it begins, so concurrent writers queue for it rather than fail half-way through."""
    private_file(path)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = HOME / "media"

PUBLICATION_NAME = setting("PRAYNEWS_PUBLICATION")
TRANSLATION = setting("PRAYNEWS_TRANSLATION")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"praynews": {"handlers": ["console"], "level": "INFO"}},
}
