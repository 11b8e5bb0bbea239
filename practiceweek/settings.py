"""Settings for Practice Week, read from environment variables.

With nothing set you get a laptop setup: SQLite, console e-mail, Celery on an embedded
filesystem broker (no server). Production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY
and ALLOWED_HOSTS. See README.md for the full list.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PRACTICEWEEK_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}: expected a boolean, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


DEBUG = env_bool("DEBUG")
# pytest (8.2+) sets PYTEST_VERSION: the test run gets a throwaway key and fast hashing.
TESTING = bool(os.environ.get("PYTEST_VERSION"))
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if TESTING:
        SECRET_KEY = "test-only-key"  # noqa: S105
    elif not DEBUG:
        # Fail closed: a production site must never run on a guessable key.
        raise ImproperlyConfigured("SECRET_KEY must be set unless DEBUG=true.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "practiceweek",
    "audits",
    "observations",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "practiceweek.middleware.ScrutinyPanelAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "practiceweek.urls"
WSGI_APPLICATION = "practiceweek.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% if user|can:"report.draft" %}` in every template (practiceweek.access).
            "builtins": ["practiceweek.templatetags.access_tags"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "practiceweek.context_processors.council",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (psycopg 3) when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            # Without health checks the first request after a database restart fails.
            conn_health_checks=True,
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the laptop setup keeps its SQLite file here
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "practiceweek.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "practiceweek.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# The pages a scrutiny panel member may open: practiceweek.access.SCRUTINY_PANEL_VIEWS.
# What a case reference may look like, in forms and imports: the case management system's IDs.
# Letters, digits, "-" and "/" only (no spaces, so never a child's name), 3-20 characters.
CASE_REFERENCE_PATTERN = env_str("CASE_REFERENCE_PATTERN", r"[A-Za-z0-9/-]{3,20}")
CASE_REFERENCE_HELP = env_str(
    "CASE_REFERENCE_HELP",
    "A case reference is 3 to 20 letters, digits, hyphens or slashes, with no spaces.",
)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 1  # hours
# Lock a username at one address, not an address: a whole council signs in from behind one
# proxy, and ten mistakes by one person must not lock everyone out (issue 9).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind the council's HTTPS proxy the client's address is in X-Forwarded-For, added by the
# last TRUSTED_PROXY_COUNT proxies; without a proxy that header is whatever the client typed.
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
AXES_CLIENT_IP_CALLABLE = "practiceweek.signin.client_address"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day on site
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "practiceweek.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
# Only our own files run or style a page: no CDN, no inline script without the request's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail (Django 6.1 MAILERS). Console by default; SMTP when SMTP_HOST is set.
SMTP_HOST = env_str("SMTP_HOST")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("SMTP_PORT", 587),
                "username": env_str("SMTP_USERNAME"),
                "password": env_str("SMTP_PASSWORD"),
                "use_tls": env_bool("SMTP_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "practice-week@localhost")
# Absolute links in e-mails (e-mails carry a link, never case details).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The council running this installation: one installation serves one council.
COUNCIL_NAME = env_str("COUNCIL_NAME", "Northbridge City Council")
COUNCIL_LOGO = env_str("COUNCIL_LOGO", "practiceweek/council-logo.svg")  # a static file path
COUNCIL_ACCENT_COLOUR = env_str("COUNCIL_ACCENT_COLOUR", "#1d4f91")
SCRUTINY_PANEL_NAME = env_str(
    "SCRUTINY_PANEL_NAME", "Children, Young People and Families Scrutiny Panel"
)

# Random file selection leaves out files audited within this many months.
SELECTION_EXCLUDE_AUDITED_MONTHS = env_int("SELECTION_EXCLUDE_AUDITED_MONTHS", 6)

# An Inadequate audit is re-sent to managers who have not acknowledged it after this long.
ESCALATION_RESEND_HOURS = env_int("ESCALATION_RESEND_HOURS", 24)

# Beat jobs that e-mail (feedback not yet sent, escalation reminders, overdue case actions)
# look back this many days only: older work, or an old database restored, never e-mails.
NOTIFY_SWEEP_DAYS = env_int("NOTIFY_SWEEP_DAYS", 7)

# Celery. No CELERY_BROKER_URL: kombu's filesystem transport in var/celery, which a real
# worker (`make run`) consumes with no server. Redis in production.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_FOLDER = VAR_DIR / "celery" / "broker"
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    # An unacknowledged task of a killed worker is redelivered after this long.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 15 * 60),
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker is a folder shared by the web process and the worker.
    CELERY_BROKER_FOLDER.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 1}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "resend-unacknowledged-escalations": {
        "task": "audits.tasks.escalations_resend_task",
        "schedule": 15 * 60,  # seconds; each run re-sends only what has waited long enough
    },
    "send-pending-feedback": {
        "task": "audits.tasks.audit_feedback_sweep_task",
        "schedule": 10 * 60,
    },
    "resend-unsent-observation-feedback": {
        "task": "observations.tasks.observation_feedback_sweep_task",
        "schedule": 10 * 60,
    },
    "recover-stale-report-builds": {
        "task": "reports.tasks.builds_recover_stale_task",
        "schedule": 60,  # seconds: a lost or dead build is queued again within minutes
    },
    "flag-overdue-case-actions": {
        "task": "audits.tasks.case_actions_overdue_task",
        "schedule": crontab(hour=7, minute=0),  # daily, before the working day
    },
}

# Free text about children is sensitive: logs carry ids and events, never form contents.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Request bodies never reach the log: django.request logs the path and status only.
        "django.request": {"level": "WARNING"},
    },
}

if TESTING:
    if CELERY_BROKER_URL.startswith("filesystem://"):
        # Never share the demo's queue folder: a running `make run` worker would take test tasks.
        import atexit
        import shutil
        import tempfile

        _test_broker = Path(tempfile.mkdtemp(prefix="practiceweek-test-broker-"))
        atexit.register(shutil.rmtree, _test_broker, ignore_errors=True)
        CELERY_BROKER_TRANSPORT_OPTIONS.update(
            data_folder_in=str(_test_broker),
            data_folder_out=str(_test_broker),
            control_folder=str(_test_broker / "control"),
        )
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_AUTOREFRESH = True  # serve from the finders; no collectstatic before tests
    # Tests run tasks inline; tests marked `broker` switch a real worker on (tests/conftest.py).
    CELERY_TASK_ALWAYS_EAGER = True
