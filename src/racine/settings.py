"""Django settings, built from the validated ``RACINE_*`` configuration.

Nothing here reads the environment directly: :mod:`racine.config` does, once.
The same settings serve development, tests and production; production only
tightens cookies and transport (the content-security policy is strict everywhere,
so tests see what users get).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from racine import config as racine_config

CONFIG = racine_config.load()
PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)
CSRF_TRUSTED_ORIGINS = list(CONFIG.csrf_trusted_origins)
CONFIG.data_dir.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dsfr",  # before django.forms: its form templates (DSFR error markup) must win
    "django.forms",
    "widget_tweaks",
    "django_htmx",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "racine.core",
    "racine.partners",
    "racine.resources",
    "racine.exchange",
    "racine.sanctions",
    "racine.intel",
    # Last: the plan reads the other apps (the regime's stage), and its demo computes the
    # history from every other app's demo records.
    "racine.plan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "racine.core.limits.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "racine.core.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "racine.core.middleware.AuditContextMiddleware",
    "racine.core.idempotency.IdempotencyMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "racine.urls"
WSGI_APPLICATION = "racine.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "racine.core.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Databases: embedded SQLite (WAL) by default, PostgreSQL for multi-user deployment.
DATABASES = {"default": dj_database_url.parse(CONFIG.database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept between requests as for PostgreSQL: a new one would start
    # with an empty page cache and run the pragmas below again.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
        # at BEGIN so two writers queue on busy_timeout instead of failing mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        # busy_timeout: a writer waits up to 20 s for the lock (an import's bulk write
        # holds it a few seconds) instead of failing with « database is locked ».
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000; "
        # Read the file through memory mapping and keep 64 MB of pages per connection:
        # a count over a million items reads its index pages without a system call each.
        "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # seconds; the same wait for the connection itself
    }
    DATABASES["default"]["TEST"] = {"NAME": str(CONFIG.data_dir / "test.sqlite3")}
else:
    # No JIT: it compiles the sharing policy's filter for every large count (up to a
    # second, for queries that run in tens of milliseconds); it pays for analytics only.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache of computed figures, charts and maps, and of background jobs' progress: files in the
# data folder, shared by every gunicorn worker and the background worker, no extra server
# (the database cache would take SQLite's write lock on every miss). Keys name the version
# of the records they were computed from, so entries are never stale, only unused.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CONFIG.data_dir / "cache"),
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
RACINE_IMPORTS_DIR = CONFIG.data_dir / "imports"  # uploads kept until their job ends

# E-mail notifications: files under RACINE_DATA_DIR/mail in development, SMTP in production.
# They are sent by background jobs, after the write has committed (exchange/notify.py).
EMAIL_BACKEND = {
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}[CONFIG.email.backend]
EMAIL_FILE_PATH = CONFIG.data_dir / "mail"
EMAIL_HOST = CONFIG.email.host
EMAIL_PORT = CONFIG.email.port
EMAIL_HOST_USER = CONFIG.email.user
EMAIL_HOST_PASSWORD = CONFIG.email.password
EMAIL_USE_TLS = CONFIG.email.use_tls
EMAIL_TIMEOUT = 30  # seconds: a stalled server fails the job, never a request
DEFAULT_FROM_EMAIL = CONFIG.email.sender
RACINE_SITE_URL = CONFIG.site_url  # links in e-mails point here

# Background jobs: django-tasks with its database backend, so no extra server is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Users, passwords, sessions, login throttling.
AUTH_USER_MODEL = "core.User"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
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
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
SESSION_COOKIE_AGE = CONFIG.session_minutes * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
AXES_FAILURE_LIMIT = CONFIG.login_failure_limit
AXES_COOLOFF_TIME = timedelta(minutes=CONFIG.login_cooloff_minutes)
# Lock a username from one address: behind the reverse proxy every user shares its address,
# so one person's failures must not lock everyone out. The client's address comes from
# X-Forwarded-For only when a trusted proxy sends it (core.signals.client_address).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "racine.core.signals.client_address"
RACINE_TRUSTED_PROXIES = list(CONFIG.trusted_proxies)

# The audit chain's key lives outside the database; its signed checkpoints too.
RACINE_AUDIT_KEY = CONFIG.audit_key
RACINE_AUDIT_CHECKPOINTS = CONFIG.data_dir / "audit-checkpoints.jsonl"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# Languages: French first, Spanish and English complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# Static files are served by the application itself (closed ministry networks: no CDN),
# straight from the installed packages: no collectstatic step to forget.
STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = CONFIG.data_dir / "media"  # uploaded files, served only through permission checks
RACINE_MAX_UPLOAD_MB = CONFIG.max_upload_mb
# Request bodies: RACINE_MAX_JSON_MB for JSON and forms, RACINE_MAX_UPLOAD_MB for uploads;
# core.limits refuses larger ones (413) before reading them. Uploads over 2.5 MB go to a
# temporary file, not to memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = CONFIG.max_json_mb * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 100
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
# Files attached to exchanged items: outside the database, under names Racine makes.
RACINE_ATTACHMENTS_DIR = CONFIG.data_dir / "attachments"
RACINE_MAX_ATTACHMENT_MB = CONFIG.max_attachment_mb
RACINE_FRESHNESS_DAYS = CONFIG.freshness_days
RACINE_COUNTER_NARCOTICS_SECTORS = CONFIG.counter_narcotics_sectors

# Security headers. The content-security policy allows no inline script: scripts carry
# the per-request nonce or come from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if CONFIG.production:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = False  # TLS ends at the reverse proxy, which redirects
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

DSFR_USE_INTEGRITY_CHECKSUMS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": CONFIG.log_level},
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "weasyprint", "fontTools")},
}
# Official lists refreshed by `racine worker` every RACINE_SANCTIONS_REFRESH_HOURS, and on
# demand by `racine sanctions refresh` (docs/settings.md).
RACINE_SANCTIONS_SOURCES = CONFIG.sanctions_sources
RACINE_SANCTIONS_REFRESH_HOURS = CONFIG.sanctions_refresh_hours
# An Idempotency-Key replays its answer this many days; `racine worker` then removes it.
RACINE_IDEMPOTENCY_DAYS = CONFIG.idempotency_days
RACINE_SANCTIONS_DOWNLOAD_MB = CONFIG.sanctions_download_mb
RACINE_SANCTIONS_DOWNLOAD_SECONDS = CONFIG.sanctions_download_seconds
# Splink's SQL engine for entity resolution: duckdb (this machine) or spark (docs/intel.md).
RACINE_INTEL_BACKEND = CONFIG.intel_backend
# Entity resolution: pairs at or above the upper bound are linked; pairs from the lower
# bound up to it go to the analysts' review queue; pairs below are not stored.
RACINE_INTEL_REVIEW_BAND = (0.5, 0.9)
RACINE_SCREENING_INDEX = (
    CONFIG.data_dir / "screening" / "index.pickle"
)  # rebuilt when a list changes
