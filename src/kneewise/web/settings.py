"""Django settings, all read from the environment in this one place and checked at start.

KNEEWISE_DATA_DIR      where the SQLite database, the secret key and uploads live
                       (default: the user data dir from platformdirs)
DATABASE_URL           e.g. postgres://user:pass@host/db; default SQLite in the data dir
KNEEWISE_SECRET_KEY    secret key; default: generated once and kept in the data dir
KNEEWISE_DEBUG         "1" for development only
KNEEWISE_ALLOWED_HOSTS comma-separated host names (default: local names only)
KNEEWISE_HTTPS         "1" when served behind HTTPS: secure cookies and HSTS
KNEEWISE_PROXY_HOPS    reverse proxies in front of the server (default 0: none)
KNEEWISE_TRUSTED_PROXY the address the nearest proxy connects from (default 127.0.0.1)
KNEEWISE_SYNC_DIR      a folder holding one drop folder per runner, named by their sync id;
                       the worker imports what arrives there (default: unset, off; docs/sync.md)
KNEEWISE_SYNC_INTERVAL seconds between two scans of the drop folders (default 30)
KNEEWISE_SYNC_FILES_PER_HOUR  files one sync id may send to the HTTP drop per hour (default 60)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import platformdirs
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from kneewise.web.private_files import FILE_MODE, private_dir, private_file, tighten

WEB_DIR = Path(__file__).resolve().parent


def _flag(name: str) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")


DATA_DIR = Path(
    os.environ.get("KNEEWISE_DATA_DIR") or platformdirs.user_data_dir("kneewise", appauthor=False)
)
DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
private_dir(DATA_DIR)  # 0700 whatever the umask: it holds health data


def _secret_key() -> str:
    """A per-installation key: never a default that ships in the source."""
    from_env = os.environ.get("KNEEWISE_SECRET_KEY", "")
    if from_env:
        if len(from_env) < 32:
            raise ImproperlyConfigured("KNEEWISE_SECRET_KEY must be at least 32 characters")
        return from_env
    key_file = DATA_DIR / "secret_key"
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made earlier, or just now by a second process starting at the same time
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("KNEEWISE_DEBUG")
HTTPS = _flag("KNEEWISE_HTTPS")
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("KNEEWISE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "kneewise.web.assess",
    "kneewise.web.activities",
    "kneewise.web.runners",
    "kneewise.web.accounts",
    "kneewise.web.onboarding",
    "kneewise.web.daily",
    "kneewise.web.progress",
    "kneewise.web.reports",
    "kneewise.web.api",
    "kneewise.web.clinic",
    "kneewise.web.learn",
    "kneewise.web.sync",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kneewise.web.cache_headers.PrivateNoStoreMiddleware",
    "kneewise.web.upload_limit.ApiUploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "kneewise.web.urls"
# Reverse proxies in front of Kneewise whose X-Forwarded-For we trust (0 = none, the default).
KNEEWISE_PROXY_HOPS = int(os.environ.get("KNEEWISE_PROXY_HOPS", "0"))
if KNEEWISE_PROXY_HOPS < 0:
    raise ImproperlyConfigured("KNEEWISE_PROXY_HOPS must be 0 or more")
# The address the nearest proxy connects from ("*": any peer); see kneewise/web/proxy.py.
KNEEWISE_TRUSTED_PROXY = os.environ.get("KNEEWISE_TRUSTED_PROXY", "127.0.0.1").strip()
# Uploads: a folder of a few years of runs is thousands of files; the total is bounded instead.
DATA_UPLOAD_MAX_NUMBER_FILES = 20_000
KNEEWISE_MAX_UPLOAD_BYTES = int(os.environ.get("KNEEWISE_MAX_UPLOAD_BYTES", str(1024**3)))
# Sync without a cloud account (issue #13, docs/sync.md): drop folders and the HTTP drop.
KNEEWISE_SYNC_DIR = os.environ.get("KNEEWISE_SYNC_DIR", "").strip() or None
KNEEWISE_SYNC_INTERVAL = float(os.environ.get("KNEEWISE_SYNC_INTERVAL", "30"))
KNEEWISE_SYNC_FILES_PER_HOUR = int(os.environ.get("KNEEWISE_SYNC_FILES_PER_HOUR", "60"))
if KNEEWISE_SYNC_INTERVAL <= 0 or KNEEWISE_SYNC_FILES_PER_HOUR < 1:
    raise ImproperlyConfigured(
        "KNEEWISE_SYNC_INTERVAL must be above 0 and KNEEWISE_SYNC_FILES_PER_HOUR at least 1"
    )
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/today/"
LOGOUT_REDIRECT_URL = "/"
# Password-reset and other mail: written to the console unless SMTP is configured.
EMAIL_BACKEND = os.environ.get(
    "KNEEWISE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("KNEEWISE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("KNEEWISE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("KNEEWISE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KNEEWISE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("KNEEWISE_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("KNEEWISE_EMAIL_FROM", "kneewise@localhost")
# Where runners reach this server, for links in mail the worker sends (morning reminders).
KNEEWISE_BASE_URL = os.environ.get("KNEEWISE_BASE_URL", "http://127.0.0.1:8000")
# Login and password-reset limits count attempts here: Django's database cache, a table in the
# same database, so every web process of a clinic shares it (`kneewise serve` creates it at
# start). Counters are claimed with add(), its one atomic step (accounts/attempts.py); the large
# MAX_ENTRIES keeps live counters from being culled.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kneewise_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
WSGI_APPLICATION = "kneewise.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kneewise.web.context_processors.kneewise",
            ],
        },
    },
]


def _databases() -> dict[str, dict[str, object]]:
    default_sqlite = f"sqlite:///{DATA_DIR / 'kneewise.sqlite3'}"
    database = dict(dj_database_url.config(default=default_sqlite, conn_max_age=60))
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite gives its -wal and -shm files the database file's mode: make it 0600 first.
        if str(database["NAME"]) not in ("", ":memory:"):
            private_file(Path(str(database["NAME"])))
            for suffix in ("-wal", "-shm", "-journal"):
                tighten(Path(f"{database['NAME']}{suffix}"), FILE_MODE)
        # WAL lets the web server read while an import writes; IMMEDIATE avoids
        # "database is locked" on concurrent write transactions.
        database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
        database["CONN_MAX_AGE"] = 0
    return {"default": database}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first (design.md §5); the others only to verify hashes made before a change.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
private_dir(STATIC_ROOT)  # whitenoise warns at every start if it is missing
# Serve app static files straight from the package: no collectstatic step on a laptop.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers and cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_SSL_REDIRECT = True

# Content-Security-Policy (django-csp): scripts and styles only from our own static files (no
# inline script, style element or style attribute; the server-drawn SVG charts use
# presentation attributes, which CSP does not govern), images ours or data: (the empty
# favicon), no plugins, no framing, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Background work (imports) on Django's task framework with its database backend, run by
# `kneewise worker` (design.md §4): more workers scale out on the same database, no broker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running import whose heartbeat is older than this lost its worker: it is picked up again.
IMPORT_STALE_SECONDS = int(os.environ.get("KNEEWISE_IMPORT_STALE_SECONDS", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
