"""Settings for Framtidssäkrad, read from environment variables.

One module for every environment (healthchecks style). Defaults make `make run` work on a
fresh machine with no services: SQLite in the project folder, Celery tasks run inline.
Production sets DEBUG=False, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL.
"""

import logging
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from framtidssakrad.devserver import runserver_url
from framtidssakrad.logs import console_logging

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean variable; anything but a known yes/no word is a configuration error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false/1/0), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def read_env_file(path: Path) -> None:
    """Variables from a local env file (KEY=value lines, never committed) for those the process
    environment does not set. `make run` and `make test` write `.env` with DEBUG=true on a
    developer's machine, so that a bare `manage.py` works there as in the Makefile; production
    sets its variables itself (deploy/env.example) and has no such file."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            os.environ.setdefault(key.strip(), value.strip())


read_env_file(Path(os.environ.get("ENV_FILE", BASE_DIR / ".env")))

# Off unless set: a server started without configuration must not show debug pages or use the
# development key. `make run` and `make test` (pytest.ini) set DEBUG=true for themselves.
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Used in links that leave the site (certificate QR codes, e-mails).
SITE_URL = (
    os.environ.get("SITE_URL") or runserver_url(sys.argv) or "http://127.0.0.1:8000"
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "csp",
    "accounts",
    "project",
    "companies",
    "validation",
    "certificates",
    "coaching",
    "training",
    "documents",
    "reports",
    "imports",
    "audit",
    "privacy",
    "demo",
    "framtidssakrad.apps.ProjectConfig",
]

MIDDLEWARE = [
    "framtidssakrad.middleware.RealClientAddressMiddleware",
    "framtidssakrad.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "framtidssakrad.middleware.SwedishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor login: who gave a code this session (django-otp), then the requirement.
    "django_otp.middleware.OTPMiddleware",
    "accounts.twofactor.TwoFactorMiddleware",
    "accounts.sessions.IdleSessionMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Who made each change the audit trail records (audit/tracking.py).
    "auditlog.middleware.AuditlogMiddleware",
    "framtidssakrad.logs.RequestLogContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "documents.middleware.EnqueueFailureMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "framtidssakrad.urls"

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
                "django.template.context_processors.i18n",
                "accounts.context_processors.role",
            ],
        },
    },
]

WSGI_APPLICATION = "framtidssakrad.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if os.environ.get("DATABASE_TEST_NAME"):  # the test database's name (default: test_<NAME>)
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT off for this workload (see README "Speed at scale"): short indexed page queries,
    # where compiling costs more than it saves (708 ms of a 1,119 ms deep-page query).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout (django-axes, accounts/lockout.py): the lockout check runs before the password.
AUTHENTICATION_BACKENDS = [
    "accounts.lockout.LockoutBackend",
    # Django's password backend, with the profile loaded with the user (one query per page).
    "accounts.backends.ProfileModelBackend",
]
AXES_HANDLER = "accounts.lockout.UserAndAddressHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)  # wrong passwords per username
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Axes warns that username alone lets an attacker rotate user agents; the address is counted,
# with its own larger limit, by accounts.lockout.UserAndAddressHandler.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# An index's INCLUDE columns (participant_name_order) serve PostgreSQL's index-only scans;
# SQLite (make run, make test) builds the index without them, which is all it needs.
SILENCED_SYSTEM_CHECKS.append("models.W040")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address: REMOTE_ADDR, which RealClientAddressMiddleware sets from the trusted
# proxies' X-Forwarded-For (TRUSTED_PROXIES).
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Password-reset e-mails per hour, per client address and per address typed.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 10)
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)
# Two-factor login (accounts/twofactor.py): required for staff, managers and superusers when on
# (production's default; off in development and the test suite unless set), for every role with
# TWO_FACTOR_FOR_EVERYONE.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
TWO_FACTOR_FOR_EVERYONE = env_bool("TWO_FACTOR_FOR_EVERYONE", False)
OTP_TOTP_ISSUER = "Framtidssäkrad"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Swedish first, English available.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["framtidssakrad.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Off: with it, every {{ pk }} in a URL of a template would print as "1 156" past 999.
# Large figures use |intcomma where they are shown.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# No MEDIA_URL route is served: every stored file goes through a view that checks access.


def file_storage() -> dict:
    """Where stored files go: the local disk (MEDIA_ROOT), or with STORAGE_BACKEND=s3 a bucket
    of S3-compatible object storage that every web and worker machine shares (django-storages).
    Credentials may also come from boto3's own chain (AWS_* variables, an instance role)."""
    backend = os.environ.get("STORAGE_BACKEND", "filesystem").strip().lower()
    if backend == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if backend != "s3":
        raise ImproperlyConfigured(f"STORAGE_BACKEND must be filesystem or s3, got {backend!r}")
    bucket = os.environ.get("S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("S3_BUCKET must be set when STORAGE_BACKEND is s3")
    options = {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "location": os.environ.get("S3_PREFIX", "").strip("/"),
        # "path" for MinIO and most self-hosted services; None lets boto3 choose.
        "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",
        # Private objects: files are only ever read through the access-checked views.
        "default_acl": None,
        "querystring_auth": True,
        # As on disk: a second file of the same name gets a new name, never overwrites.
        "file_overwrite": False,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: the console in development so password reset works without a mail server. In
# production it must be chosen: reset links (which take over accounts) must not go to a log.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "")
if not EMAIL_BACKEND:
    if not DEBUG:
        raise ImproperlyConfigured(
            "EMAIL_BACKEND must be set when DEBUG is off, "
            "e.g. django.core.mail.backends.smtp.EmailBackend"
        )
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# For django.core.mail.backends.filebased.EmailBackend (CI keeps the mails it sends there).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@framtidssakrad.se")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The accessibility statement: where to report an inaccessible part, and when it was last reviewed.
ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT", "tillganglighet@framtidssakrad.se")
ACCESSIBILITY_REVIEWED_ON = os.environ.get("ACCESSIBILITY_REVIEWED_ON", "2026-12-02")

# Cache: used for rate limits. Redis when configured, process memory otherwise.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: with no broker, tasks run inline so `make run` needs no services.
BROKER_CONFIGURED = bool(os.environ.get("CELERY_BROKER_URL"))
# "memory://" keeps kombu quiet when tasks run inline; nothing is ever sent to it.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = not BROKER_CONFIGURED
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# With acks_late, a task whose worker process died goes back to the queue instead of being
# acknowledged and lost (the render claims its rows again: documents.services.document_render).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "framtidssakrad")
# Jobs run by `celery beat`: one entry per job (task name, schedule in seconds or a crontab).
# In settings rather than django-celery-beat's tables: the schedule is code, reviewed and
# versioned; who gets the monthly report is data (the subscription). `make run` needs no beat.
CELERY_BEAT_SCHEDULE = {
    # Sends again documents pending or running past DOCUMENTS_STALE_AFTER_SECONDS.
    "documents-sweep-stale": {
        "task": "documents.tasks.sweep_stale_documents",
        "schedule": float(env_int("DOCUMENTS_SWEEP_SECONDS", 300)),
    },
    # The previous month's progress report to its subscribers, on the 1st at 06:00.
    "monthly-progress-report": {
        "task": "reports.tasks.monthly_progress_reports",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
}
# A document pending or running this long has lost its task (see documents.services).
DOCUMENTS_STALE_AFTER_SECONDS = env_int("DOCUMENTS_STALE_AFTER_SECONDS", 600)
# Sends again imports waiting or working past IMPORTS_STALE_AFTER_SECONDS (imports.services).
CELERY_BEAT_SCHEDULE["imports-sweep-stale"] = {
    "task": "imports.tasks.sweep_stale_imports",
    "schedule": float(env_int("IMPORTS_SWEEP_SECONDS", 300)),
}
# An import waiting or working this long, its progress still, has lost its task.
IMPORTS_STALE_AFTER_SECONDS = env_int("IMPORTS_STALE_AFTER_SECONDS", 600)
# Uploaded import files (and the rows checked) hold personal identity numbers: removed this many
# days after the import ended, every night (imports.tasks.remove_import_files).
IMPORT_FILE_RETENTION_DAYS = env_int("IMPORT_FILE_RETENTION_DAYS", 30)
CELERY_BEAT_SCHEDULE["imports-remove-old-files"] = {
    "task": "imports.tasks.remove_import_files",
    "schedule": crontab(hour=3, minute=45),
}
# Personal data whose retention ran out is anonymised every night (privacy/tasks.py).
CELERY_BEAT_SCHEDULE["privacy.anonymise_expired_participants"] = {
    "task": "privacy.anonymise_expired_participants",
    "schedule": crontab(hour=3, minute=15),
}

# Security: strict when DEBUG is off, so `check --deploy` is clean in production.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# With a cache shared by every process (CACHE_URL, Redis), a request reads its session from
# the cache instead of the database (one query less on every page); the database still holds
# every session. Not with the per-process memory cache: a logout in one process would leave
# the session cached in the others.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)
# No inline script or style anywhere (django-csp): behaviour lives in static/js/site.js and is
# asked for with data- attributes; images may be data: URIs (QR codes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# A session ends after this long without a request (accounts/sessions.py): a working day.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 8 * 60) * 60
SESSION_REFRESH_SECONDS = min(300, SESSION_COOKIE_AGE // 10)
# The proxies in front (addresses or networks, e.g. 127.0.0.1,10.0.0.0/8): only from them is
# X-Forwarded-For believed (framtidssakrad.middleware.RealClientAddressMiddleware).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Larger request bodies are refused with 413 before they are read: the 5 MB evidence file and
# its form, with room to spare. nginx's client_max_body_size (deploy/nginx.conf) matches it.
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 6 * 1024 * 1024)
# The load balancer's health check may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
X_FRAME_OPTIONS = "DENY"

# The project: retention of personal data after the project ends (ESF audit), in years.
PERSONAL_DATA_RETENTION_YEARS = env_int("PERSONAL_DATA_RETENTION_YEARS", 10)

# Logs: one line per event; LOG_FORMAT=json for a log system (framtidssakrad/logs.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
# The worker logs through this configuration too, not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper()
# A logger below is never chattier than LOG_LEVEL asks (`make bench` sets WARNING).
_AT_LEAST_INFO = "INFO" if logging.getLevelName(LOG_LEVEL) == logging.DEBUG else LOG_LEVEL
LOGGING = console_logging(
    LOG_FORMAT,
    LOG_LEVEL,
    loggers={
        # Django's own console handler would print each request warning a second time.
        "django": {"handlers": [], "level": "INFO"},
        # WeasyPrint logs every layout step at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        # Inline (eager) tasks would log a line per task into `make run`'s console.
        "celery.app.trace": {"level": _AT_LEAST_INFO if BROKER_CONFIGURED else "WARNING"},
        # The inline "memory://" broker has no host name, which kombu warns about once.
        "kombu.connection": {"level": "WARNING" if BROKER_CONFIGURED else "ERROR"},
    },
)
# No personnummer in any log line or traceback (framtidssakrad/redaction.py), and Django's own
# loggers through that handler (runserver's request lines hold URLs, an IntegrityError's text
# the value that clashed).
LOGGING["filters"]["redact_personnummer"] = {"()": "framtidssakrad.redaction.RedactPersonnummer"}
LOGGING["handlers"]["console"]["filters"].append("redact_personnummer")
LOGGING["loggers"].update({"django": {"propagate": True}, "django.server": {"propagate": True}})
# A 403 or 404 is logged as its one line, without the PermissionDenied/Http404 traceback.
LOGGING["filters"]["client_errors_without_traceback"] = {
    "()": "framtidssakrad.devserver.ClientErrorsWithoutTraceback"
}
LOGGING["handlers"]["console"]["filters"].append("client_errors_without_traceback")
