"""Settings. Everything that differs between machines comes from the environment (README “配置” and
“生产部署” list them all):

DWGK_ENV       empty → development defaults; "production" → production mode: explicit keys and public
               address required, DEBUG off, Secure cookies and HSTS over HTTPS
DWGK_PUBLIC_URL  https://host[:port][/] — allowed hosts, CSRF trusted origins, absolute links
DATABASE_URL   empty → SQLite at var/dwgk.sqlite3; postgres://… → PostgreSQL
REDIS_URL      empty → local-memory cache; redis://… → shared Redis cache
DWGK_SECRET_KEY, DWGK_DATA_KEY, DWGK_DEBUG, DWGK_ALLOWED_HOSTS, DWGK_TRUSTED_PROXIES, DWGK_VAR_DIR
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("DWGK_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DWGK_ENV = os.environ.get("DWGK_ENV", "").strip().lower() or "development"
if DWGK_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"DWGK_ENV 只能是 production 或留空（开发），当前为 {DWGK_ENV!r}")
PRODUCTION = DWGK_ENV == "production"

DEV_SECRET_KEY = "dwgk-development-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("DWGK_SECRET_KEY", "").strip()
# Key protecting personal data (ID numbers, blind indexes, query codes). Separate from SECRET_KEY so the
# secret key can be changed without losing encrypted data; `dwgk keys rotate` changes this one.
DWGK_DATA_KEY = os.environ.get("DWGK_DATA_KEY", "").strip()
# The previous data key during and after `dwgk keys rotate`: still read, never written.
DWGK_DATA_KEY_OLD = os.environ.get("DWGK_DATA_KEY_OLD", "").strip()
if PRODUCTION:
    _missing = [n for n, v in (("DWGK_SECRET_KEY", SECRET_KEY), ("DWGK_DATA_KEY", DWGK_DATA_KEY)) if not v]
    if _missing:
        raise ImproperlyConfigured(
            f"生产模式（DWGK_ENV=production）必须明确设置 {'、'.join(_missing)}；"
            "可用 `python -c \"import secrets; print(secrets.token_urlsafe(50))\"` 生成，并按 README“密钥”一节保管。")
    if SECRET_KEY == DEV_SECRET_KEY:
        raise ImproperlyConfigured("生产模式不能使用开发用密钥，请设置新的 DWGK_SECRET_KEY。")
    if DWGK_DATA_KEY == SECRET_KEY:
        raise ImproperlyConfigured("DWGK_DATA_KEY 必须与 DWGK_SECRET_KEY 不同：个人信息加密密钥单独保管。")
SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
DEBUG = os.environ.get("DWGK_DEBUG", "") == "1" and not PRODUCTION

# The public address readers use. Absolute links (feeds, the static mirror, mail) are built on it.
DWGK_PUBLIC_URL = os.environ.get("DWGK_PUBLIC_URL", "").strip().rstrip("/")
_public = urlsplit(DWGK_PUBLIC_URL) if DWGK_PUBLIC_URL else None
if _public is not None and (_public.scheme not in ("http", "https") or not _public.hostname):
    raise ImproperlyConfigured(f"DWGK_PUBLIC_URL 应形如 https://dwgk.example.cn，当前为 {DWGK_PUBLIC_URL!r}")
if PRODUCTION and _public is None:
    raise ImproperlyConfigured("生产模式必须设置 DWGK_PUBLIC_URL（读者访问的地址，如 https://dwgk.example.cn）。")
# HTTPS hardening (Secure cookies, HSTS, redirect) in production only: a development or test setup with
# an https public URL but no trusted proxy would otherwise redirect itself in circles.
HTTPS = PRODUCTION and _public is not None and _public.scheme == "https"

ALLOWED_HOSTS = _env_list("DWGK_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _env_list("DWGK_CSRF_TRUSTED_ORIGINS")
if _public is not None:
    ALLOWED_HOSTS.append(_public.hostname)
    CSRF_TRUSTED_ORIGINS.append(f"{_public.scheme}://{_public.netloc}")

# Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or CIDRs). In
# production the default is this machine (nginx in front of the app on the same host).
DWGK_TRUSTED_PROXIES = tuple(_env_list("DWGK_TRUSTED_PROXIES", "127.0.0.1/32,::1/128" if PRODUCTION else ""))
if DWGK_TRUSTED_PROXIES:
    # The proxy sets X-Forwarded-Proto on every request (deploy/nginx), so a client cannot supply it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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
    "dwgk.core.middleware.SecurityHeadersMiddleware",
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
                "dwgk.portal.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "dwgk.wsgi.application"

_db_url = os.environ.get("DATABASE_URL", "").strip()
if _db_url:
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=600, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Each server thread keeps its connection across requests (CONN_MAX_AGE); parameters are bound on
        # the server (Django binds them in the client by default) and psycopg prepares a statement after
        # its second use, so repeated reads and writes skip parse and plan: a workflow decision costs
        # ~17% less, the portal's pages ~6% (bench/). DWGK_PG_SERVER_SIDE_BINDING=0 turns it off, e.g.
        # behind a connection pooler in transaction mode that does not keep prepared statements.
        _opts = DATABASES["default"].setdefault("OPTIONS", {})
        _opts.setdefault("prepare_threshold", int(os.environ.get("DWGK_PG_PREPARE_THRESHOLD", "2")))
        if os.environ.get("DWGK_PG_SERVER_SIDE_BINDING", "1") != "0":
            _opts["server_side_binding"] = True
    # Derived copies (search index, mirror) and media belong to one database: each DATABASE_URL keeps
    # them in its own subdirectory, so switching databases never mixes them up.
    _d = DATABASES["default"]
    _slug = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{_d['ENGINE'].rsplit('.', 1)[-1]}-{_d.get('HOST') or 'local'}"
                   f"-{_d.get('PORT') or 'default'}-{_d.get('NAME')}").strip("-")
    DATA_DIR = VAR_DIR / "db" / _slug
else:
    # The SQLite default keeps the flat layout the demo always had: var/search, var/mirror, var/media.
    DATA_DIR = VAR_DIR
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
DWGK_IDLE_TIMEOUT_MINUTES = int(os.environ.get("DWGK_IDLE_TIMEOUT_MINUTES", 30))
DWGK_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("DWGK_PASSWORD_MAX_AGE_DAYS", 90))
# Hash used by the audit chain: "sm3" (GB/T 32905) or "sha256"; the chain is keyed (HMAC-SM3 by default).
DWGK_AUDIT_HASH = os.environ.get("DWGK_AUDIT_HASH", "sm3")
# The chain's key lives outside the database: DWGK_AUDIT_KEY, else this file (created, mode 0600, on
# first use). Several servers sharing one database must share the key.
DWGK_AUDIT_KEY = os.environ.get("DWGK_AUDIT_KEY", "")
DWGK_AUDIT_KEY_FILE = Path(os.environ.get("DWGK_AUDIT_KEY_FILE", DATA_DIR / "audit.key"))
# Checkpoints of the chain's head, written outside the audit table by every scheduled run: an
# append-only file by default; any store with the same interface by dotted path.
DWGK_AUDIT_ANCHOR_STORE = os.environ.get("DWGK_AUDIT_ANCHOR_STORE", "dwgk.audit.anchor.FileAnchor")
DWGK_AUDIT_ANCHOR_FILE = Path(os.environ.get("DWGK_AUDIT_ANCHOR_FILE", DATA_DIR / "audit-anchor.log"))
# Scheduled runs check the chain from the newest checkpoint on; the whole chain at least this often.
DWGK_AUDIT_FULL_VERIFY_HOURS = float(os.environ.get("DWGK_AUDIT_FULL_VERIFY_HOURS", 24))

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
# Only the portal benchmark sets this: it mounts a do-nothing view to measure the framework's ceiling.
DWGK_BENCH_CEILING = os.environ.get("DWGK_BENCH_CEILING", "") == "1" and not PRODUCTION
DWGK_TASKS = os.environ.get("DWGK_TASKS", "database" if PRODUCTION else "immediate")
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
# Change-feed entries and finished task results are kept this long (a node down longer rebuilds its index).
DWGK_FEED_RETENTION_DAYS = int(os.environ.get("DWGK_FEED_RETENTION_DAYS", 30))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False
# 等保 2.0: a session ends when the browser closes, after DWGK_IDLE_TIMEOUT_MINUTES without use, and at
# the latest DWGK_SESSION_MAX_HOURS after it began however busy it is (accounts.middleware).
DWGK_SESSION_MAX_HOURS = float(os.environ.get("DWGK_SESSION_MAX_HOURS", 8))
SESSION_COOKIE_AGE = int(DWGK_SESSION_MAX_HOURS * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Served over HTTPS: cookies only over HTTPS, browsers told to use nothing else (HSTS), HTTP redirected.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_SSL_REDIRECT = True
    # The health check is asked over plain HTTP by monitoring on the machine itself.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DWGK_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("DWGK_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("DWGK_HSTS_PRELOAD", "1") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (core.middleware.SecurityHeadersMiddleware): scripts and styles only from our
# own static files — no inline script, no inline style, no eval.
DWGK_CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
    "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
])
DWGK_PERMISSIONS_POLICY = ", ".join(f"{f}=()" for f in (
    "camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "magnetometer",
    "gyroscope", "accelerometer", "display-capture"))
CSRF_FAILURE_VIEW = "dwgk.core.errors.csrf_failure"  # Chinese, in the site's layout

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DWGK_STATIC_ROOT", "") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "dwgk.core.storage.TransactionalFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
# Uploaded files (attachments). One node: var/media. More than one app server: every node must see the
# same files — a directory all nodes mount (DWGK_MEDIA_DIR, e.g. NFS), or S3-compatible object storage
# through django-storages (DWGK_MEDIA_S3_BUCKET; needs `pip install -e ".[s3]"`).
DWGK_MEDIA_DIR = os.environ.get("DWGK_MEDIA_DIR", "").strip()
MEDIA_ROOT = Path(DWGK_MEDIA_DIR) if DWGK_MEDIA_DIR else DATA_DIR / "media"
DWGK_MEDIA_S3_BUCKET = os.environ.get("DWGK_MEDIA_S3_BUCKET", "").strip()
if DWGK_MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "dwgk.core.s3storage.TransactionalS3Storage",
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
# Derived copies, per database unless set explicitly: this node's search index, and the static mirror
# (one directory shared by all nodes).
DWGK_SEARCH_DIR = Path(os.environ.get("DWGK_SEARCH_DIR", "").strip() or DATA_DIR / "search")
DWGK_MIRROR_DIR = Path(os.environ.get("DWGK_MIRROR_DIR", "").strip() or DATA_DIR / "mirror")

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

# --- Site identity shown in every portal footer (主办单位, contact, 备案 numbers) ---------------------
DWGK_SITE_HOST = os.environ.get("DWGK_SITE_HOST", "中共东江市委员会党务公开工作领导小组办公室")
DWGK_SITE_ADDRESS = os.environ.get("DWGK_SITE_ADDRESS", "东江市人民路 1 号")
DWGK_SITE_PHONE = os.environ.get("DWGK_SITE_PHONE", "0000-12345678")
DWGK_SITE_ICP = os.environ.get("DWGK_SITE_ICP", "")  # ICP 备案号, e.g. 某ICP备00000000号
DWGK_SITE_PSB = os.environ.get("DWGK_SITE_PSB", "")  # 公安机关备案号
