"""Settings shared by every environment; values come from the environment."""

from __future__ import annotations

import os
from pathlib import Path

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from ._urls import database_from_url, email_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])
# How many proxies in front of the web processes append to X-Forwarded-For (a load
# balancer is 1). 0 ignores the header: anyone can write it. Read by
# common.http.client_ip, which allauth's rate limits use through the account adapter.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0)
TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER", "")

INSTALLED_APPS = [
    "unfold",  # the admin's theme: before django.contrib.admin, whose templates it replaces
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.kakao",
    "allauth.socialaccount.providers.naver",
    "django_filters",
    "django_tables2",
    "common",
    "accounts",
    "mail",
    "events",
    "people",
    "audit",
    "announcements",
    "registration",
    "sessions.apps.ProgrammeConfig",
    "booths",
    "townhall",
    "challenge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.middleware.LanguageMiddleware",
    "common.middleware.InputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "symposium.urls"
WSGI_APPLICATION = "symposium.wsgi.application"

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
                "common.context_processors.site",
                "registration.context_processors.event_navigation",
                "challenge.context_processors.challenge_navigation",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES = {"default": database_from_url(DATABASE_URL, conn_max_age=DATABASE_CONN_MAX_AGE)} if DATABASE_URL else {}

CACHES = {
    "default": {
        "BACKEND": "common.cache.ReusingRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "symposium",
        "TIMEOUT": 300,
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Object permissions (events.rules): who may do what on which event.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

SITE_ID = 1
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Confirming the address signs the person in when it happens in the browser they signed up in
# (allauth keeps the pending sign-in in that session); elsewhere they sign in with their password.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_ADAPTER = "registration.adapters.AccountAdapter"
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER or None
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so the rule is visible here and not only upstream.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Camera frames one person may send to the server-side QR reader: (frames, seconds).
# The scanner page sends about one every 0.7 s while the camera is open.
SCANNER_DECODE_RATE = (120, 60)
SOCIALACCOUNT_ADAPTER = "registration.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
# The second holds Korean for the admin theme, which ships none (see its django.po).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "theme"]
LANGUAGE_COOKIE_NAME = "symposium_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
# Dates and times as each language writes them, 24-hour in both: symposium/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["symposium.formats"]
TIME_ZONE = "Asia/Seoul"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / ".local" / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".local" / "media"))
# Files no URL serves (challenge data, answer keys, submissions); views hand them out after their checks.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / ".local" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_email = email_from_url(os.environ.get("EMAIL_URL", "console"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Symposium <no-reply@symposium.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Scoring a predictions file takes seconds to minutes: it has its own queue and worker (see the launcher),
# so it never holds up the emails, and the default worker (queue "celery") never takes it.
CELERY_TASK_ROUTES = {"symposium.challenge.score_submission": {"queue": "scoring"}}
CELERY_BEAT_SCHEDULE = {
    "dispatch-queued-emails": {"task": "symposium.mail.dispatch", "schedule": 60.0},
    "sweep-stuck-emails": {"task": "symposium.mail.sweep", "schedule": 15.0},
    # Every app's reminder kinds (mail.reminders), planned by one task.
    "plan-reminders": {"task": "symposium.mail.plan_reminders", "schedule": 60.0},
    # The retention periods the consent texts promise; runs hourly, erases only what has come due.
    "apply-retention-periods": {"task": "symposium.registration.apply_retention_periods", "schedule": 3600.0},
    # Submissions a killed scoring worker left half-scored, or whose message was lost, are queued again.
    "requeue-stuck-submissions": {"task": "symposium.challenge.requeue_stuck_submissions", "schedule": 60.0},
}

# The challenge's files (challenge.predictions): upload limits, and when a submission counts as stuck.
CHALLENGE_MAX_PREDICTIONS_BYTES = int(os.environ.get("CHALLENGE_MAX_PREDICTIONS_BYTES", 20 * 1024 * 1024))
CHALLENGE_MAX_ANSWER_KEY_BYTES = int(os.environ.get("CHALLENGE_MAX_ANSWER_KEY_BYTES", 50 * 1024 * 1024))
CHALLENGE_MAX_PREDICTION_ROWS = int(os.environ.get("CHALLENGE_MAX_PREDICTION_ROWS", 1_000_000))
# A submission still `scoring` this long after its worker claimed it is put back in the queue
# (an organiser's script may run for its phase's time limit on top of this).
CHALLENGE_SCORING_STUCK_SECONDS = int(os.environ.get("CHALLENGE_SCORING_STUCK_SECONDS", 600))
# A `queued` one this old is handed to the scoring queue again, in case its message was lost.
CHALLENGE_QUEUED_RESEND_SECONDS = int(os.environ.get("CHALLENGE_QUEUED_RESEND_SECONDS", 300))
CHALLENGE_SCORING_MAX_ATTEMPTS = 3
# The same file from the same team within this many seconds is a double tap: the first submission is returned.
CHALLENGE_REPEAT_UPLOAD_SECONDS = 60

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The scanner page retries a scan the server failed to answer after 1, 2, 4... times this delay,
# and after this many tries lists it as failed for staff to retry or discard.
SCANNER_RETRY_BASE_MS = 3000
SCANNER_MAX_TRIES = 5

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)

# The organisers' back office (django-unfold). Its index is the per-event dashboard.
UNFOLD = {
    "SITE_TITLE": _("Symposium admin"),
    "SITE_HEADER": _("Symposium organisers"),
    "SITE_SYMBOL": "event",
    "SHOW_HISTORY": False,
    "SHOW_VIEW_ON_SITE": True,
    "DASHBOARD_CALLBACK": "registration.dashboard.dashboard_callback",
    "SIDEBAR": {"show_search": True},
    "STYLES": [lambda request: static("css/admin.css")],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
