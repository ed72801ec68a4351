"""Settings for the inspection action tracker, read from environment variables.

Every setting has a safe local default so that `make run` and `make test` work on a
fresh machine; production sets DEBUG=false, which makes SECRET_KEY mandatory.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
import dj_email_url
import sentry_sdk
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django_guid.integrations import CeleryIntegration
from sentry_sdk.integrations.celery import CeleryIntegration as SentryCeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from config.env import env_bool, env_int, env_list, env_str
from config.logs import django_logging

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
    "health_check",
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
    # django-csp's, adding the single sign-on provider to form-action when one is set.
    "actions.plumbing.csp.ContentSecurityPolicyMiddleware",
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
    # Django's ModelBackend, except that SSO_ONLY (below) refuses passwords.
    "actions.plumbing.sso.PasswordBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Single sign-on with OpenID Connect (README, "Single sign-on"): on once OIDC_CLIENT_ID is
# set. Staff sign in as their existing account, found by verified e-mail address
# (actions/plumbing/sso.py); nobody is created. For Microsoft Entra ID the tenant id fills
# in every endpoint, with no network needed to start; another provider names each one.
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")
_entra_tenant = env_str("OIDC_ENTRA_TENANT_ID", "")
_entra = f"https://login.microsoftonline.com/{_entra_tenant}"
_oidc_endpoints = {
    name: env_str(name, entra_url if _entra_tenant else "")
    for name, entra_url in {
        "OIDC_ISSUER": f"{_entra}/v2.0",
        "OIDC_AUTHORIZATION_ENDPOINT": f"{_entra}/oauth2/v2.0/authorize",
        "OIDC_TOKEN_ENDPOINT": f"{_entra}/oauth2/v2.0/token",
        "OIDC_USERINFO_ENDPOINT": "https://graph.microsoft.com/oidc/userinfo",
        "OIDC_JWKS_ENDPOINT": f"{_entra}/discovery/v2.0/keys",
        "OIDC_END_SESSION_ENDPOINT": f"{_entra}/oauth2/v2.0/logout",
    }.items()
}
OIDC_OP_ISSUER = _oidc_endpoints["OIDC_ISSUER"]
OIDC_OP_AUTHORIZATION_ENDPOINT = _oidc_endpoints["OIDC_AUTHORIZATION_ENDPOINT"]
OIDC_OP_TOKEN_ENDPOINT = _oidc_endpoints["OIDC_TOKEN_ENDPOINT"]
OIDC_OP_USER_ENDPOINT = _oidc_endpoints["OIDC_USERINFO_ENDPOINT"]
OIDC_OP_JWKS_ENDPOINT = _oidc_endpoints["OIDC_JWKS_ENDPOINT"]
# Optional: signing out of the service also signs out of the provider.
OIDC_OP_END_SESSION_ENDPOINT = _oidc_endpoints["OIDC_END_SESSION_ENDPOINT"]
OIDC_OP_LOGOUT_URL_METHOD = "actions.plumbing.sso.provider_logout_url"
OIDC_AUTHENTICATE_CLASS = "actions.plumbing.sso.ProviderSignInView"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
# The ID token is the provider's hint for signing out (OIDC_OP_END_SESSION_ENDPOINT).
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = 10  # seconds for each call to the provider
# The claim that holds the address matched to an account's e-mail: `email`, or for an Entra
# tenant whose users have no mailbox address, `preferred_username` (their sign-in name).
OIDC_EMAIL_CLAIM = env_str("OIDC_EMAIL_CLAIM", "email")
# A refused sign-on comes back to the sign-in page, which says why.
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
# django-axes counts password failures only: a refused sign-on has no username to count by.
AXES_WHITELIST_CALLABLE = "actions.plumbing.sso.is_sign_on_attempt"
SSO_PROVIDER_NAME = env_str("SSO_PROVIDER_NAME", "Microsoft")
# Passwords off for everyone but the named break-glass accounts, kept for the day the
# provider is down (usernames, comma-separated).
SSO_ONLY = env_bool("SSO_ONLY", False)
SSO_BREAK_GLASS_USERNAMES = env_list("SSO_BREAK_GLASS_USERNAMES", [])
if OIDC_RP_CLIENT_ID:
    _oidc_needed = {"OIDC_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET, **_oidc_endpoints}
    _oidc_optional = {"OIDC_ISSUER", "OIDC_END_SESSION_ENDPOINT"}
    _oidc_missing = [
        name for name, value in _oidc_needed.items() if not value and name not in _oidc_optional
    ]
    if _oidc_missing:
        raise ImproperlyConfigured(
            f"Single sign-on (OIDC_CLIENT_ID) also needs {', '.join(_oidc_missing)}; "
            "for Microsoft Entra ID, OIDC_ENTRA_TENANT_ID fills in every endpoint."
        )
    AUTHENTICATION_BACKENDS.append("actions.plumbing.sso.StaffSignOnBackend")
elif SSO_ONLY:
    raise ImproperlyConfigured("SSO_ONLY needs single sign-on set up (OIDC_CLIENT_ID).")

# Sign-in lock-out: five failures for one username from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address is REMOTE_ADDR alone (TrustedProxyMiddleware sets it from a trusted
# proxy's X-Forwarded-For), never a header a client could vary to dodge the lock-out.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

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
# `manage.py backup --clean` keeps this many of the newest backups (README, "Backups").
DBBACKUP_CLEANUP_KEEP = env_int("BACKUP_KEEP", 14)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Restores into the open database, never over its file (actions/management/backups.py).
    DBBACKUP_CONNECTORS = {
        "default": {"CONNECTOR": "actions.management.backups.SqliteOnlineConnector"}
    }

# Letters are imported whole into memory to be parsed; refuse anything larger.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
# A letter read for import but neither confirmed nor discarded for this many days is
# discarded, and its file deleted, by the nightly task actions.discard_abandoned_imports.
IMPORT_ABANDON_DAYS = env_int("IMPORT_ABANDON_DAYS", 14)

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
# Sending a notice: up to this many attempts, after pauses that double (1, 2, 4...
# minutes, never more than 30). A failed attempt is recorded on the notice, and the
# send_pending task below sends it again once its pause is over. Celery's own retries
# (countdown, ETA) are not used: the worker holding one exited when Redis restarted
# (kombu 5.7), and a Redis without persistence loses such a message anyway (F13).
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 6)
NOTIFICATION_RETRY_BACKOFF = env_int("NOTIFICATION_RETRY_BACKOFF", 60)
NOTIFICATION_RETRY_BACKOFF_MAX = 30 * 60
# Seconds between runs of send_pending (beat's "send-pending-notices").
NOTIFICATION_SEND_PENDING_EVERY = env_int("NOTIFICATION_SEND_PENDING_EVERY", 60)
# A notice claimed longer ago than this belongs to a worker that died while sending it,
# and may be claimed again; longer than the send task's hard time limit.
NOTIFICATION_CLAIM_LEASE = env_int("NOTIFICATION_CLAIM_LEASE", 10 * 60)
# Redis hands an unacknowledged message to another worker after the visibility timeout.
# It must outlast the longest task (the sweep's 25-minute hard limit), or a task still
# running would be run twice. No worker holds a message for later (see above).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 2 * 60 * 60),
    # Publishing tries to connect twice, at once, then gives up: a web request that
    # queues a notice must not hang while Redis is down; the notice stays pending in the
    # database for send_pending. Workers reconnect by their own patient policy
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
    # Letters uploaded for import but never confirmed or discarded.
    "discard-abandoned-imports": {
        "task": "actions.discard_abandoned_imports",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 23 * 60 * 60},
    },
    # Notices due: failed attempts whose pause is over, notices queued while Redis was
    # down (or lost when it restarted), claims of a worker that died. Each run is one
    # indexed query when nothing is due.
    "send-pending-notices": {
        "task": "actions.send_pending",
        "schedule": NOTIFICATION_SEND_PENDING_EVERY,
        "options": {"expires": NOTIFICATION_SEND_PENDING_EVERY * 5 / 6},
    },
}
# Links in e-mails point here.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SERVICE_NAME = "Inspection action tracker"
# Who runs the service and where people write to it: the accessibility statement, the
# privacy notice and the feedback page (actions/public/info.py) name them.
SERVICE_OWNER = env_str("SERVICE_OWNER", "the council")
FEEDBACK_EMAIL = env_str("FEEDBACK_EMAIL", "inspection-tracker-feedback@example.org")
DATA_PROTECTION_EMAIL = env_str("DATA_PROTECTION_EMAIL", "data.protection@example.org")

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
        "API token (`Authorization: Bearer <key>`) or their signed-in session. A token is "
        "read-only (any method but GET, HEAD or OPTIONS gets 403) or read-and-write, and "
        "may have an expiry date, after which it gets 401."
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
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
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
# Content-Security-Policy (django-csp) on every page: scripts, styles, fonts and images
# only from this site, and nothing inline: pages load their scripts and styles as files
# (static/build/app.mjs adds GOV.UK's js-enabled class), so no 'unsafe-inline' and no
# nonce are needed. The Swagger UI view adds data: images (actions/api/urls.py); the
# middleware adds the SSO provider to form-action (actions/plumbing/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# JSON lines in production (config/logs.py), each with the id of its request; Celery
# tasks carry the id of the request that queued them and log through this configuration.
LOGGING = django_logging(env_str("LOG_LEVEL", "INFO"))
DJANGO_GUID = {
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=True)],
}

# Error reports to Sentry (or a Sentry-compatible service), only when a DSN is given;
# no personal data (addresses, cookies, user names) is sent.
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        integrations=[DjangoIntegration(), SentryCeleryIntegration()],
        send_default_pii=False,
    )
