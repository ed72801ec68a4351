"""Settings for the inspection action tracker, read from environment variables.

Every setting has a safe local default so that `make run` and `make test` work on a
fresh machine; production sets DEBUG=false, which makes SECRET_KEY mandatory.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
# Local state (SQLite file, mail, uploads) lives here; created so a fresh clone just runs.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", True)
_DEVELOPMENT_SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "")
if not DEBUG:
    # The same bar as `check --deploy` (security.W009), enforced: a weak key signs
    # sessions and password-reset links that an attacker could forge.
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
        or SECRET_KEY == _DEVELOPMENT_SECRET_KEY
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to at least 50 random characters when DEBUG is off; "
            "make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
elif not SECRET_KEY:
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_guid",
    "mozilla_django_oidc",
    "dbbackup",
    "csp",
    "inspections",
    "actions",
]

MIDDLEWARE = [
    # First: every log line of the request, and every task it queues, carries its id.
    "django_guid.middleware.guid_middleware",
    # Before anything reads the client's address or scheme (see TRUSTED_PROXIES).
    "actions.plumbing.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "actions.plumbing.context_processors.service",
            ],
        },
    },
]
FORM_RENDERER = "actions.plumbing.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never block the one writer (WAL); a writer waits its turn for up to 20 s
    # rather than failing, and takes the write lock when its transaction begins
    # (IMMEDIATE), so two saves queue instead of one of them dying half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so the Celery worker processes that tests start can open it;
    # one per test run, so that runs side by side never share one.
    _test_db = Path(tempfile.gettempdir()) / f"tracker-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_test_db)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user is refused before their password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Sign-in lock-out: five failures for one username from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Shared by every web server process and machine: API throttles count once for all of
# them. Redis in production; each process's memory in development and tests.
CACHE_URL = env_str("CACHE_URL", "" if DEBUG else env_str("REDIS_URL", "redis://127.0.0.1:6379/0"))
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
         "KEY_PREFIX": "tracker"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# In development whitenoise serves straight from the app and static/ folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Backups (`manage.py backup`), to a folder unless another storage is configured.
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("BACKUP_DIR", str(VAR_DIR / "backups"))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Letters are imported whole into memory to be parsed; refuse anything larger.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024

# EMAIL_URL selects the mail transport (smtp://user:pass@host:587/?tls=True and the like);
# by default mail is written to files under var/mail so a developer can read it.
_email = dj_email_url.parse(env_str("EMAIL_URL", "file://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 30
EMAIL_FILE_PATH = str(BASE_DIR / (_email["EMAIL_FILE_PATH"] or VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Inspection action tracker <noreply@localhost>")

# Celery: background work and the reminder schedule.
# Every message must be worked on at least once whatever crashes; the notices themselves
# are sent at most once by claiming their database rows (actions/notifications.py), so a
# message handled twice does no harm.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Acknowledge a message when its task has finished, not when it starts: a worker that is
# killed mid-task leaves the message in Redis for another worker...
CELERY_TASK_ACKS_LATE = True
# ...also when the worker process itself dies (SIGKILL, out of memory)...
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# ...and a task cut off by a lost broker connection is stopped, since Redis hands its
# message to another worker anyway.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Each worker process reserves one message at a time: a long sweep holds back nobody
# else's messages, and a crash strands at most one.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Default time limits: the soft one raises inside the task so it can stop cleanly, the
# hard one kills it. actions/tasks/reminders.py sets each reminder task's own limits.
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
# Sending a notice: up to this many attempts, retried on SMTP and network errors after
# exponentially growing pauses (1, 2, 4... minutes, jittered, never more than 30).
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 6)
NOTIFICATION_RETRY_BACKOFF = 60
NOTIFICATION_RETRY_BACKOFF_MAX = 30 * 60
# A notice claimed longer ago than this belongs to a worker that died while sending it,
# and may be claimed again; longer than the send task's hard time limit.
NOTIFICATION_CLAIM_LEASE = env_int("NOTIFICATION_CLAIM_LEASE", 10 * 60)
# Redis hands an unacknowledged message to another worker after the visibility timeout.
# It must outlast the longest task (the sweep's 25-minute hard limit) and the longest
# retry pause, or a task still running (or waiting to retry) would be run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 2 * 60 * 60),
    # Publishing tries to connect twice, at once, then gives up: a web request that
    # queues a notice must not hang while Redis is down; the notice stays pending in the
    # database for the next sweep. Workers reconnect by their own patient policy
    # (broker_connection_retry), whatever these say.
    "max_retries": 1,
    "interval_start": 0,
    "socket_connect_timeout": 3,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Beat's schedule is in London time, so 07:00 stays 07:00 across the clock changes.
CELERY_TIMEZONE = TIME_ZONE
# Every periodic task, each expiring shortly before it is due again: a message that
# waited that long is dropped, and the next run works out the state of its own day.
CELERY_BEAT_SCHEDULE = {
    "reminder-sweep": {
        "task": "actions.send_reminders",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 23 * 60 * 60},
    },
    "weekly-summary": {
        "task": "actions.send_weekly_summaries",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "options": {"expires": 6 * 24 * 60 * 60},
    },
    # Notices left pending (queued while Redis was down, or waiting for a retry that
    # was lost) go out within minutes instead of at the next morning's sweep.
    # Letters uploaded for import but never confirmed or discarded.
    "discard-abandoned-imports": {
        "task": "actions.discard_abandoned_imports",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 23 * 60 * 60},
    },
    "send-pending-notices": {
        "task": "actions.send_pending",
        "schedule": 10 * 60,
        "options": {"expires": 9 * 60},
    },
}
# Links in e-mails point here.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SERVICE_NAME = "Inspection action tracker"

# REST API v1 (actions/api/urls.py). Scripts sign in with a personal token from the
# workspace's "API tokens" page, browsers with their session. Throttle rates are per
# anonymous address and per signed-in user, e.g. "60/minute".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so an unauthenticated request gets 401 with a WWW-Authenticate header.
        "actions.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["actions.plumbing.api.LimitedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "actions.plumbing.api.PagePagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "actions.plumbing.api.AnonThrottle",
        "actions.plumbing.api.UserThrottle",
    ],
    # The client's address is REMOTE_ADDR alone, which TrustedProxyMiddleware has already
    # taken from X-Forwarded-For when (and only when) a trusted proxy sent it.
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/minute"),
        "user": env_str("API_THROTTLE_USER", "600/minute"),
    },
    "EXCEPTION_HANDLER": "actions.plumbing.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "actions.plumbing.api_schema.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inspection action tracker API",
    "DESCRIPTION": (
        "Ofsted inspections of English local authorities' children's services, what they "
        "found, and the actions taken on them. Anonymous clients read published "
        "inspections; staff read and change their own authorities' actions with a personal "
        "API token (`Authorization: Bearer <key>`) or their signed-in session."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the sidecar package's static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from the online validator either.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "actions.models.Status",
        "PriorityEnum": "actions.models.Priority",
        "GradeEnum": "inspections.models.Grade",
        "InspectionKindEnum": "inspections.models.InspectionKind",
        "FindingKindEnum": "inspections.models.FindingKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "actions.plumbing.api_schema.postprocess_schema",
    ],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 9  # a working day; then sign in again
CSRF_COOKIE_SECURE = not DEBUG
# Behind a reverse proxy that ends TLS: the addresses (or networks, 10.0.0.0/8) of the
# proxies whose X-Forwarded-For and X-Forwarded-Proto are believed. From anyone else
# both headers are dropped (actions/plumbing/proxies.py), so SECURE_PROXY_SSL_HEADER
# below can never be set by a client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer's probes speak plain HTTP to each server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; keep warnings (lock-outs) only.
    "loggers": {"axes": {"level": "WARNING"}},
}
