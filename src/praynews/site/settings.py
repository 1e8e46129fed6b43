"""Django settings for praynews; every tunable comes from `config.SETTINGS`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from praynews.site.config import existing_home, private_file, secret_key, setting
from praynews.site.logs import JSON_FORMATTER, log_format

HOME = existing_home()  # created by `praynews init` or `praynews demo` (bootstrap.start)
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
    "django.contrib.sitemaps",
    "django_ratelimit",
    "axes",
    "praynews.site.news",
    "praynews.site.editorial",
    "praynews.site.publishing",
    "praynews.site.newsletter",
    "praynews.site.desk",
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
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# What a page may load, by django-csp: only this site's own files (its stylesheet, images,
# audio, the feeds' XSL, the admin's scripts) and never an inline script, so markup that
# slipped past sanitising still could not run or send a form elsewhere. Lead images are copied
# into media/ at ingest, so no other origin is needed. A response that sets its own policy
# (media files, a mail viewed in the browser) keeps it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Editors' passwords are hashed with Argon2 (argon2-cffi), the password-hashing competition's
# winner and Django's recommendation; a password stored by an older hasher still works and is
# hashed again with Argon2 at its next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes counts failed logins per client address and refuses further attempts, even with the
# right password, until the cool-off has passed; it must come first to see every attempt.
# Desk accounts publish to the world: a password is at least 12 characters, not a common one,
# not all digits and not the user's own name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# An editor who mistypes a password a few times is not locked out; a guesser gets five tries per
# quarter hour (each failure while locked out starts the quarter hour again), not a hundred.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Lock the address that guesses, not the account: locking by username would let anyone lock the
# editor out. REMOTE_ADDR is used as it is (django-ipware is not installed), since waitress faces
# the client and an X-Forwarded-For header could be made up by the guesser.
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "praynews/locked_out.html"

ROOT_URLCONF = "praynews.site.urls"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:day"
LOGOUT_REDIRECT_URL = "login"
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
    as it begins, so concurrent writers queue for it rather than fail half-way through.

    Write-ahead logging lets the site read while a worker writes, and with synchronous=NORMAL a
    commit costs no fsync: a commit survives the process being killed, and only a power cut can
    lose the last few (a sender would then send those mails again). One mail marked sent took
    2.2 ms in the default journal mode here, against well under a millisecond in WAL."""
    private_file(path)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        },
    }


DATABASES = {"default": _database()}

# The reply form's rate limits (django-ratelimit) count in this cache. `praynews serve` is one
# waitress process with several threads: a local-memory cache is shared by those threads and
# increments under a lock, so the counts are exact, and it costs no SQLite write (one writer at a
# time) per reply. It is not shared between processes and empties on restart; a deployment with
# several server processes needs a shared cache (memcached, redis) here. django-ratelimit's check
# refuses local memory for that reason, so it is silenced for this single-process default.
# Rendered reader pages (publishing/pagecache.py) are kept in files in the data folder, which the
# web server and the worker share, so a change the worker makes reaches the next page served.
# A thousand pages is every post page of a year of daily editions with their lists.


def caches(redis_url: str) -> dict:
    """The caches: rate limits ("default") and kept reader pages ("pages"). On one machine, in
    the process's memory and in a folder of the data folder (shared by the site and the worker
    there); with PRAYNEWS_CACHE_URL, both in that Redis, so every machine behind a balancer
    counts one reader's replies once and serves a changed page changed at once."""
    if redis_url:
        return {
            name: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": f"praynews:{name}",
            }
            for name in ("default", "pages")
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "praynews",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(HOME / "cache" / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }


CACHES = caches(setting("PRAYNEWS_CACHE_URL"))
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
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
# WhiteNoise does not know .xsl, and a browser refuses a feed's stylesheet sent as bytes.
WHITENOISE_MIMETYPES = {".xsl": "text/xsl"}
MEDIA_URL = "/media/"
MEDIA_ROOT = HOME / "media"

PUBLICATION_NAME = setting("PRAYNEWS_PUBLICATION")
SITE_URL = setting("PRAYNEWS_SITE_URL").rstrip("/")
# Behind a reverse proxy that ends TLS (docs/production.md), Django sees plain HTTP while a
# browser says its forms come from https://: the public address is trusted as their origin, or
# every form (signing in, replies, subscribing) would be refused as cross-site. No header the
# client could send is trusted for it.
CSRF_TRUSTED_ORIGINS = ["{0.scheme}://{0.netloc}".format(urlsplit(SITE_URL))]
TRANSLATION = setting("PRAYNEWS_TRANSLATION")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# A failed request (a 500, or a request Django finds suspicious) is written to stderr with its
# traceback, where `praynews serve`, a service manager or a container keeps it. Django's own
# default writes it only when DEBUG is on, which left a live site's errors unseen.
# PRAYNEWS_LOG_FORMAT chooses the lines' formatter: plain text, or one JSON object per line.
LOG_FORMAT = log_format()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "praynews: %(levelname)s %(name)s %(message)s"},
        "json": JSON_FORMATTER,
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "loggers": {
        **{
            name: {"handlers": ["stderr"], "level": "ERROR", "propagate": False}
            for name in ("django.request", "django.security")
        },
        # A request for a host the site does not serve is answered 400 and not logged: its
        # traceback is 14 lines, and a 60 KB Host header made one request write 240 KB of log.
        "django.security.DisallowedHost": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
if LOG_FORMAT == "json":
    # A collector reading JSON cannot read a bare line. Our own loggers get the handler, so
    # their lines are JSON where no CLI set them up (gunicorn, a Celery worker), whatever
    # another library does to the root logger; their levels stay the CLI's (-v, -q) or the
    # root's. Every other logger's warnings (waitress's, a library's) go through it too,
    # rather than Python's last-resort handler. Plain logs keep Python's usual handling.
    LOGGING["loggers"]["praynews"] = {"handlers": ["stderr"], "propagate": False}
    LOGGING["root"] = {"handlers": ["stderr"], "level": "WARNING"}
