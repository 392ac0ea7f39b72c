"""Settings. Everything that differs between machines comes from the environment:

DATABASE_URL   empty → SQLite at var/dwgk.sqlite3; postgres://… → PostgreSQL
REDIS_URL      empty → local-memory cache; redis://… → shared Redis cache
DWGK_SECRET_KEY, DWGK_DEBUG, DWGK_ALLOWED_HOSTS, DWGK_VAR_DIR
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("DWGK_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("DWGK_SECRET_KEY", "dwgk-development-key-change-me-in-production-0123456789")
DEBUG = os.environ.get("DWGK_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("DWGK_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "dwgk.core",
    "dwgk.audit",
    "dwgk.accounts",
    "dwgk.orgs",
    "dwgk.workdays",
    "dwgk.access",
    "dwgk.catalog",
    "dwgk.disclosures",
    "dwgk.participation",
    "dwgk.oversight",
    "dwgk.reports",
    "dwgk.search",
    "dwgk.portal",
    "dwgk.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dwgk.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dwgk.core.middleware.UiPreferencesMiddleware",
]

ROOT_URLCONF = "dwgk.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dwgk.core.context_processors.shell",
                "dwgk.portal.context_processors.reader",
            ],
        },
    },
]

WSGI_APPLICATION = "dwgk.wsgi.application"

_db_url = os.environ.get("DATABASE_URL", "").strip()
if _db_url:
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "dwgk.sqlite3",
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456; PRAGMA cache_size=-65536;"
                ),
            },
            # Keep the connection between requests: opening one re-runs the PRAGMAs above, which cost
            # more than a portal list query.
            "CONN_MAX_AGE": 600,
            "TEST": {"NAME": None},
        }
    }

_redis_url = os.environ.get("REDIS_URL", "").strip()
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "dwgk",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dwgk"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["dwgk.accounts.backends.UsernameOrPhoneBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "dwgk.accounts.validators.CharacterClassValidator"},
]

# 等保 2.0 三级: login-failure handling and idle timeout. Configurable; defaults are the usual values.
DWGK_LOCKOUT_THRESHOLD = int(os.environ.get("DWGK_LOCKOUT_THRESHOLD", 5))
DWGK_LOCKOUT_MINUTES = int(os.environ.get("DWGK_LOCKOUT_MINUTES", 15))
DWGK_IDLE_TIMEOUT_MINUTES = int(os.environ.get("DWGK_IDLE_TIMEOUT_MINUTES", 30))
DWGK_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("DWGK_PASSWORD_MAX_AGE_DAYS", 90))
# Hash used by the audit chain: "sm3" (GB/T 32905) or "sha256".
DWGK_AUDIT_HASH = os.environ.get("DWGK_AUDIT_HASH", "sm3")
# Key protecting personal data (ID numbers). Behind an interface so an HSM can replace it.
DWGK_DATA_KEY = os.environ.get("DWGK_DATA_KEY", "")

# Disclosure workflow.
# Hash of the content each step saw ("sm3" or "sha256"); empty: the same as the audit chain.
DWGK_CONTENT_HASH = os.environ.get("DWGK_CONTENT_HASH", "")
# Extra words the secrecy scanner flags (comma-separated), besides those kept in the database.
DWGK_SECRECY_WORDS = tuple(w.strip() for w in os.environ.get("DWGK_SECRECY_WORDS", "").split(",") if w.strip())
DWGK_ATTACHMENT_MAX_BYTES = int(os.environ.get("DWGK_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
# Remind the holders of a pending step this many days before the planned publication time.
DWGK_DISCLOSURE_REMIND_DAYS = int(os.environ.get("DWGK_DISCLOSURE_REMIND_DAYS", 3))
# Search index updates after publication events are batched this many seconds (0: at once).
DWGK_SEARCH_INDEX_DELAY = float(os.environ.get("DWGK_SEARCH_INDEX_DELAY", 1.0))

# Background work (Django's task API through the django-tasks backport). "database": tasks are rows in
# this database, run by `dwgk worker` (production: one worker per app server). "immediate": run in the
# process that enqueues them, no worker (development, tests, a small single-server installation).
DWGK_ENV = os.environ.get("DWGK_ENV", "development")
DWGK_TASKS = os.environ.get("DWGK_TASKS", "database" if DWGK_ENV == "production" else "immediate")
TASKS = {
    "default": {
        "BACKEND": ("django_tasks_db.DatabaseBackend" if DWGK_TASKS == "database"
                    else "django_tasks.backends.immediate.ImmediateBackend"),
        "QUEUES": ["default"],
    }
}
# More than one app server: each node has an id (its search index follows the change feed on its own),
# and how many nodes share the database (a system check then requires Redis and shared media).
DWGK_NODE_ID = os.environ.get("DWGK_NODE_ID", "") or os.uname().nodename
DWGK_NODES = int(os.environ.get("DWGK_NODES", 1))
# How often the worker's feed loop looks for new change-feed entries, and sends its heartbeat.
DWGK_FEED_POLL_SECONDS = float(os.environ.get("DWGK_FEED_POLL_SECONDS", 0.5))
# A feed id skipped by a transaction still in flight is looked for again this long.
DWGK_FEED_GAP_SECONDS = float(os.environ.get("DWGK_FEED_GAP_SECONDS", 600))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
# Uploaded files (attachments). One node: var/media. More than one app server: every node must see the
# same files — a directory all nodes mount (DWGK_MEDIA_DIR, e.g. NFS), or S3-compatible object storage
# through django-storages (DWGK_MEDIA_S3_BUCKET; needs `pip install -e ".[s3]"`).
DWGK_MEDIA_DIR = os.environ.get("DWGK_MEDIA_DIR", "").strip()
MEDIA_ROOT = Path(DWGK_MEDIA_DIR) if DWGK_MEDIA_DIR else VAR_DIR / "media"
DWGK_MEDIA_S3_BUCKET = os.environ.get("DWGK_MEDIA_S3_BUCKET", "").strip()
if DWGK_MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DWGK_MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("DWGK_MEDIA_S3_ENDPOINT", "") or None,
            "region_name": os.environ.get("DWGK_MEDIA_S3_REGION", "") or None,
            "access_key": os.environ.get("DWGK_MEDIA_S3_ACCESS_KEY", "") or None,
            "secret_key": os.environ.get("DWGK_MEDIA_S3_SECRET_KEY", "") or None,
            "location": os.environ.get("DWGK_MEDIA_S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": True,  # downloads go through the gate; the bucket itself stays private
            "file_overwrite": False,
        },
    }
# Derived copies: this node's search index, and the static mirror (one directory shared by all nodes).
DWGK_SEARCH_DIR = os.environ.get("DWGK_SEARCH_DIR", "").strip() or None
DWGK_MIRROR_DIR = os.environ.get("DWGK_MIRROR_DIR", "").strip() or None
# The public address (https://dwgk.example.cn): the mirror's and feeds' absolute links.
DWGK_PUBLIC_URL = os.environ.get("DWGK_PUBLIC_URL", "").strip().rstrip("/")
if DWGK_PUBLIC_URL:
    from urllib.parse import urlsplit

    _public = urlsplit(DWGK_PUBLIC_URL)
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, _public.hostname]
    CSRF_TRUSTED_ORIGINS = [f"{_public.scheme}://{_public.netloc}"]
# Reverse proxies (nginx) whose X-Forwarded-For and X-Forwarded-Proto are believed: the client address
# used by audit and per-address limits, and whether the request came over HTTPS.
DWGK_TRUSTED_PROXIES = tuple(a.strip() for a in os.environ.get("DWGK_TRUSTED_PROXIES", "").split(",") if a.strip())
if DWGK_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = os.environ.get("DWGK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = "dwgk@localhost"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The database refuses UPDATE/DELETE on the audit log. Test databases are flushed between tests,
# so the test settings turn the guard off and the guard's own test installs it.
DWGK_AUDIT_DB_GUARD = True
