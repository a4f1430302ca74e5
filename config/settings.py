"""Settings for the emulation and commendation service.

Everything that differs between a laptop and a provincial server comes from the
environment (see README, "Configuration"). Defaults are safe: DEBUG is off
unless set, and without DEBUG a SECRET_KEY is required.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a long random string), or DEBUG=1 for local development."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Absolute base of links printed on paper (the QR code of a certificate).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if not PUBLIC_BASE_URL.startswith(("http://", "https://")) or PUBLIC_BASE_URL[-3:] == "://":
    raise ImproperlyConfigured(
        f"PUBLIC_BASE_URL must be an absolute http(s) address such as https://thidua.example.gov.vn, "
        f"got {PUBLIC_BASE_URL!r}: notification e-mails and QR codes link to it."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "awards",
    "nominations",
    "certificates",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the language and the user: its refusal page is translated and has the menu.
    "config.middleware.ForbiddenCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused for a lockout into the page or JSON that says when to retry.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "awards.context_processors.roles",
                "awards.context_processors.layout_links",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent
    # writers wait for each other (busy timeout) instead of failing with
    # "database is locked" when a read lock is upgraded (docs/architecture.md, "Reliability").
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "awards.User"
# Axes first: a locked-out username or address is refused before the password is checked.
AUTHENTICATION_BACKENDS = [
    "config.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private: attachments and printed PDFs are streamed by authenticated views;
# MEDIA_URL is deliberately not routed anywhere.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/private-media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Nesting deeper than this is refused (400) before the body is walked.
JSON_MAX_DEPTH = 32
# Attachments are checked per file by the nominations app (20 MB, docs/domain.md);
# the request body may hold one such file plus the form fields.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
ATTACHMENT_MAX_FILES = env_int("ATTACHMENT_MAX_FILES", 20)

# --- Background tasks ---------------------------------------------------------------
# Default: the database queue, run by `manage.py db_worker` (`make run` starts one next
# to the web server; production runs it under systemd, deploy/systemd/). "immediate"
# sends e-mails right after the commit; print jobs never run inside a request, so with
# it they are drawn in a thread of the web process (certificates.services._enqueue).
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
_tasks_backend = env_str("TASKS_BACKEND", "database")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_tasks_backend, _tasks_backend)}}
# A running print job renews its lease as it draws; past it, the job shows as interrupted.
PRINT_JOB_LEASE_SECONDS = env_int("PRINT_JOB_LEASE_SECONDS", 60)

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thidua@localhost")

# --- REST API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes "not signed in" a 401.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in and holding a role: a user whose roles were withdrawn reads nothing (403).
    "DEFAULT_PERMISSION_CLASSES": ["awards.roles.HoldsARole"],
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.NormalizingJSONParser",
        "config.parsers.CheckedFormParser",
        "config.parsers.CheckedMultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "login": env_str("THROTTLE_LOGIN", "10/min"),
        "verify": env_str("THROTTLE_VERIFY", "30/min"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The client address comes from config.client_address (TRUSTED_PROXIES), never from DRF.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Thi đua, khen thưởng API",
    "DESCRIPTION": "Nominations, council votes, decisions and certificates of a province's "
    "emulation and commendation work.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.document_common_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        # Council sessions and decisions (several serializers have a "status").
        "NominationStatusEnum": "nominations.enums.NominationStatus",
        "SessionStatusEnum": "nominations.enums.SessionStatus",
        "DecisionStatusEnum": "nominations.enums.DecisionStatus",
        "VoteChoiceEnum": "nominations.enums.VoteChoice",
        "ItemOutcomeEnum": "nominations.enums.ItemOutcome",
        "SessionBodyEnum": "nominations.enums.SessionBody",
        # Nominations and attachments share these choice sets with the catalogue.
        "DocumentKindEnum": "awards.enums.DocumentKind",
        "RecipientKindEnum": "awards.enums.RecipientKind",
        # Certificates and print jobs.
        "CertificateStatusEnum": "certificates.enums.CertificateStatus",
        "PrintJobStatusEnum": "certificates.enums.PrintJobStatus",
        "PrintModeEnum": "certificates.enums.PrintMode",
        "PaperEnum": "certificates.enums.Paper",
    },
}

# Throttle counters must be shared by every worker: the database (a table made by
# `manage.py createcachetable`, run next to every migrate) unless a Redis URL is given.
# Local memory only with DEBUG, where one process serves.
_cache_location = env_str("CACHE_LOCATION")
if _cache_location.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": _cache_location}}
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "thidua"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": _cache_location or "thidua_cache",
        }
    }

# --- Client address and login lockout ------------------------------------------------
# Addresses or networks of the reverse proxies in front of the service. Only a
# request whose socket peer is one of them has its X-Forwarded-For read.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
LOGIN_FAILURES_PER_USERNAME = env_int("LOGIN_FAILURES_PER_USERNAME", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AXES_HANDLER = "config.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # the order config.lockout expects
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_USERNAME
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"
AXES_USERNAME_CALLABLE = "config.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Attempts while locked out neither extend the lockout nor move the promised retry time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "old_password", "new_password1"]

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
CSRF_COOKIE_HTTPONLY = False  # the pages' scripts read it for fetch()
CSRF_FAILURE_VIEW = "config.views.csrf_failure"  # our own page, in the user's language
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts and everything else only from our own origin; no inline script anywhere
# (Swagger UI loads its set-up script from a URL too). Inline style attributes stay.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()"
)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Demo users are for a laptop only: seed_demo refuses to run with DEBUG off.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "thidua2024")

# --- Operations (operations/: backups, /readyz, audit log, logging, object storage) ----------
# Before django_tasks_db: its `db_worker` is extended with the heartbeat /readyz reads.
INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "operations")
# Right after SecurityMiddleware: the request id covers every later log line.
MIDDLEWARE.insert(1, "operations.middleware.RequestContextMiddleware")
LOG_FORMAT = env_str("LOG_FORMAT", "text")  # "json": one JSON object per line on stdout
from operations.logs import logging_config  # noqa: E402

LOGGING = logging_config(LOG_FORMAT, env_str("LOG_LEVEL", "INFO"))
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 120)
# Folder of pg_dump/pg_restore when they are not on the PATH (e.g. /usr/lib/postgresql/15/bin).
PG_BIN_DIR = env_str("PG_BIN_DIR")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A stopped database answers fast: requests get their 503 instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 5)
    # A connection per request cost a third of the throughput: keep each worker's
    # connection for a minute, checked before reuse so a restarted server is no error.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if env_str("MEDIA_STORAGE", "local") == "s3":
    # Private objects: no public ACL, and the app streams every file itself.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
