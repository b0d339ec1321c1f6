"""Settings of the Lanzarote portal: one module, driven by environment variables.

Development needs nothing set: SQLite, console email, a development secret key.
Production sets ``DJANGO_DEBUG=false`` and at least ``DJANGO_SECRET_KEY``,
``DJANGO_ALLOWED_HOSTS``, ``DJANGO_PORTAL_URL`` and ``DATABASE_URL``; the portal refuses
to start without a real secret key and a portal address when debug is off. The README
lists every variable.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The WSGI entry point (gunicorn) defaults to DEBUG off; manage.py and the tests
# default to development mode.
DEBUG = env_bool("DJANGO_DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is off but DJANGO_SECRET_KEY is not set. Set DJANGO_SECRET_KEY to a "
            "long random value, for example the output of: python -c "
            '"import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for DJANGO_DEBUG=false: use at least 50 random "
        "characters that do not start with 'django-insecure'."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# The portal's public address: every absolute link in emails, calendar files and exports is
# built from it (stakeholders.mail), never from the Host header of whoever clicked, so that
# a service sends the same links from a request, the shell, the admin or a scheduled job.
PORTAL_URL = os.environ.get("DJANGO_PORTAL_URL", "").strip().rstrip("/")
if not PORTAL_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is off but DJANGO_PORTAL_URL is not set. Set it to the portal's "
            "public address, for example https://portal.example.org: the links in emails "
            "and calendar files are built from it."
        )
    PORTAL_URL = "http://127.0.0.1:8000"
elif not PORTAL_URL.startswith(("https://", "http://")) or "/" in PORTAL_URL.split("//", 1)[1]:
    raise ImproperlyConfigured(
        f"DJANGO_PORTAL_URL must be a scheme and a host, like https://portal.example.org, "
        f"not {PORTAL_URL!r}."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Reverse proxies in front of the portal, each appending the address it received the request
# from to TRUSTED_PROXY_HEADER. 0: no proxy is trusted and the header is ignored (anyone can
# write it). Login limits, API limits, logs and the audit log all take the client's address
# from stakeholders.request_context.client_ip, which reads these two settings.
try:
    TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
except ValueError:
    TRUSTED_PROXY_COUNT = -1
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT must be a whole number, 0 or more.")
TRUSTED_PROXY_HEADER = os.environ.get("DJANGO_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
# The libraries' own settings say the same, for any of their code that does not ask us.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "lanzarote.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "django_filters",
    "django_countries",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "post_office",
    "lanzarote",
    "stakeholders",
    "practices",
    "glossary",
    "meetings",
    "subscriptions",
    "reminders",
    "proposals",
    "protocols",
    "reports",
    "api",
]

# The modules that describe and forget what each app holds about a person
# (stakeholders.privacy reads them in this order, for the export and the erasure). An app
# that starts holding personal data adds its own here.
PRIVACY_MODULES = [
    "practices.privacy",
    "meetings.privacy",
    "subscriptions.privacy",
    "reminders.privacy",
    "protocols.privacy",
]

# The headers every response needs come first, so that they are also on the responses made
# by the middleware below them: HTTPS and locale redirects, slash redirects, static files,
# the 400 page of a bad Host header.
MIDDLEWARE = [
    "lanzarote.middleware.RequestContextMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "lanzarote.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Logs out a session idle too long (SESSION_IDLE_TIMEOUT_*), with a message.
    "lanzarote.middleware.IdleSessionMiddleware",
    # Last: it answers before anything reads a body (CSRF reads POST in process_view).
    "lanzarote.middleware.RequestBodyLimitMiddleware",
]

ROOT_URLCONF = "lanzarote.urls"
WSGI_APPLICATION = "lanzarote.wsgi.application"

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
                "lanzarote.context_processors.portal",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite by default, PostgreSQL (psycopg 3) when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
    # Parameters sent apart from the query, so that PostgreSQL plans a query the portal runs
    # again and again (the same page, another practice) once per connection: psycopg
    # prepares a statement after it has run DJANGO_DB_PREPARE_THRESHOLD times (5). "off"
    # sends parameters inside the query text (behind a pooler that cannot keep prepared
    # statements, such as PgBouncer in transaction mode before 1.21).
    _threshold = os.environ.get("DJANGO_DB_PREPARE_THRESHOLD", "5").strip().lower()
    if _threshold != "off":
        if not _threshold.isascii() or not _threshold.isdigit():
            raise ImproperlyConfigured(
                "DJANGO_DB_PREPARE_THRESHOLD must be a whole number, 0 or more, or off."
            )
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=int(_threshold)
        )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A long-lived connection buys nothing on SQLite; wait for a writer instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache, so that login rate limits hold across worker processes.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lanzarote",
        }
    }
else:
    # Without Redis (development, a small installation): a table. Its increments are a read
    # and a write, so two workers may lose a count of a rate limit; production uses Redis.
    # Past MAX_ENTRIES Django deletes a third of the keys, rate counts included: room for
    # many clients.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lanzarote_cache",
            "OPTIONS": {"MAX_ENTRIES": 50000},
        }
    }

# The parts of the layout that are the same on every page in a language (the header, the
# footer, the assets, the main menu: templates/base.html), rendered once per process
# ({% cache %}). They change only with the code and the translations, which a deploy
# restarts the workers for; in development an edited template clears them (lanzarote.apps).
CACHES["layout"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "layout",
    "TIMEOUT": None,
}

# Whole public pages kept for anonymous visitors in the cache above (shared by every
# worker), under the catalogue's version: a change shows at the next request. Seconds a
# page is kept at most; 0 turns it off (the default with debug on: tests read the
# template context of the pages they render).
PUBLIC_PAGE_CACHE_SECONDS = int(
    os.environ.get("DJANGO_PUBLIC_PAGE_CACHE_SECONDS", "0" if DEBUG else "600")
)

AUTH_USER_MODEL = "stakeholders.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("DJANGO_FAST_PASSWORD_HASHER", False):
    # Only for the test suite: the default hasher is deliberately slow.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "member_home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email is the login, no public sign-up (see stakeholders.adapters).
ACCOUNT_ADAPTER = "stakeholders.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # an invitation link already proves the address
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Lanzarote] "
ACCOUNT_SESSION_REMEMBER = None
# Changing the login email: the password again (or a two-factor code) if the last one is
# older than ACCOUNT_REAUTHENTICATION_TIMEOUT (5 minutes), and the address changes only
# once a link sent to the new one is followed (stakeholders.forms.ChangeEmailForm).
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_FORMS = {"add_email": "stakeholders.forms.ChangeEmailForm"}
# A password reset asked for an unknown address sends nothing (the page says the same).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# A session idle this many seconds is logged out (lanzarote.middleware.IdleSessionMiddleware):
# members after 8 hours, coordinators and staff after 1 hour.
SESSION_IDLE_TIMEOUT_MEMBER = int(os.environ.get("SESSION_IDLE_TIMEOUT_MEMBER", str(8 * 3600)))
SESSION_IDLE_TIMEOUT_COORDINATOR = int(
    os.environ.get("SESSION_IDLE_TIMEOUT_COORDINATOR", str(3600))
)
# Rate limits, counted in the shared cache: per client address (as the trusted proxies report
# it) and per account (the address typed), so that one account's lockout never locks out the
# others. "10/m/ip" is 10 a minute per client; "5/5m/key" 5 per 5 minutes per account.
# Wrong two-factor codes count as failed logins of their account.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# allauth's own forms, which also record the lockouts of the two-factor stage.
MFA_FORMS = {
    "authenticate": "stakeholders.forms.MfaAuthenticateForm",
    "reauthenticate": "stakeholders.forms.MfaReauthenticateForm",
}
# Coordinators and staff must use two-factor authentication (see stakeholders.permissions).
MFA_REQUIRED_FOR_COORDINATORS = env_bool("MFA_REQUIRED_FOR_COORDINATORS", True)
MFA_TOTP_ISSUER = "Lanzarote"

# An invitation link stays valid this many days.
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "7"))

# An online meeting's video link is shown to its invitees (and through ``/meetings/<pk>/join/``)
# from this many minutes before the start until the end.
MEETING_LINK_OPENS_MINUTES = int(os.environ.get("MEETING_LINK_OPENS_MINUTES", "30"))

# Retention (lanzarote.retention, run daily by `manage.py purge_expired_data`): how many days
# audit events (with client addresses), used or expired invitations (with email addresses),
# and revoked calendar addresses and one-time form tokens are kept.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "365"))
INVITATION_RETENTION_DAYS = int(os.environ.get("INVITATION_RETENTION_DAYS", "30"))
TOKEN_RETENTION_DAYS = int(os.environ.get("TOKEN_RETENTION_DAYS", "30"))
OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "30"))

# Internationalisation: French and English, French first (the group started in Paris).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# British formats on English pages, French ones on French pages (lanzarote/formats/<lang>/).
FORMAT_MODULE_PATH = ["lanzarote.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr", "en"), "fr": ("en",), "en": ("fr",)}

# Only the Council of Europe member states (Russia ceased to be one on 16 March 2022).
COUNTRIES_ONLY = [
    "AL", "AD", "AM", "AT", "AZ", "BE", "BA", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
    "FR", "GE", "DE", "GR", "HU", "IS", "IE", "IT", "LV", "LI", "LT", "LU", "MT", "MD",
    "MC", "ME", "NL", "MK", "NO", "PL", "PT", "RO", "SM", "RS", "SK", "SI", "ES", "SE",
    "CH", "TR", "UA", "GB",
]  # fmt: skip

# Static files: served by the app itself (whitenoise), never from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# The largest request body the portal reads (lanzarote.middleware.RequestBodyLimitMiddleware):
# the largest attachment (10 MB) and the rest of its form. Set the proxy's limit a little
# higher (nginx: client_max_body_size 13m), so that visitors see the portal's page.
MAX_REQUEST_BODY_BYTES = int(float(os.environ.get("MAX_REQUEST_BODY_MB", "12")) * 1024 * 1024)
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # A write that fails halfway (a full disk) leaves no partial file: see lanzarote.storage.
    "default": {"BACKEND": "lanzarote.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# In development (and tests) serve static files straight from the source folders.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# Email: every message is stored in the outbox (django-post-office's tables, in the
# transaction of the change that causes it) and sent by the worker, `manage.py worker`
# (lanzarote/outbox.py), through OUTBOX_TRANSPORT: the console in development, SMTP in
# production. DJANGO_EMAIL_BACKEND chooses the transport.
EMAIL_BACKEND = "lanzarote.outbox.OutboxBackend"
OUTBOX_TRANSPORT = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# A failed message is tried again after 1, 2, 4 … minutes (at most 6 hours between tries),
# 12 times (about a day in all), then shown as failed in the admin.
OUTBOX_RETRY_BASE = timedelta(seconds=int(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", "60")))
OUTBOX_RETRY_MAX = timedelta(hours=6)
OUTBOX_MAX_RETRIES = int(os.environ.get("OUTBOX_MAX_RETRIES", "12"))
# How many messages one pass sends, and how long a worker keeps the ones it took.
OUTBOX_BATCH = 100
OUTBOX_LEASE = timedelta(minutes=10)
# What the worker runs besides sending, and every how many seconds (each job is idempotent).
WORKER_JOBS = {
    "send reminders": ("reminders.jobs.run", 300),
    "send subscriptions": ("subscriptions.jobs.run", 300),
    "purge expired data": ("lanzarote.jobs.purge_expired_data", 24 * 3600),
    "prune catalogue changes": ("lanzarote.jobs.prune_catalogue_changes", 24 * 3600),
}
POST_OFFICE = {
    "BACKENDS": {"default": OUTBOX_TRANSPORT},
    "DEFAULT_PRIORITY": "medium",
    "LOG_LEVEL": 1,
    "MESSAGE_ID_ENABLED": True,
    "MESSAGE_ID_FQDN": urlsplit(PORTAL_URL).hostname or "localhost",
}
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lanzarote <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. HTTPS settings apply whenever debug is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    if env_bool("DJANGO_BEHIND_PROXY", TRUSTED_PROXY_COUNT > 0):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Browser features the portal never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock",
        "sync-xhr", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# Read-only open data API (Django REST framework + drf-spectacular).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # DRF's own classes, with the client's address from request_context.client_ip and
    # X-RateLimit-* headers.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "user": os.environ.get("API_USER_RATE", "600/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lanzarote portal – open data API",
    "DESCRIPTION": (
        "Read-only access to the published inter-sectoral practices and the public "
        "directory of the Lanzarote working groups. No personal data."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # An organisation's kind is in the organisations and in the practices' partners.
    # A protocol's kind, status and signatories' role would clash with those of other models.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "stakeholders.models.Organisation.Kind",
        "ProtocolKindEnum": "protocols.models.Protocol.Kind",
        "ProtocolStatusEnum": "protocols.models.Protocol.Status",
        "SignatoryRoleEnum": "protocols.models.Signatory.Role",
    },
}

# Logs go to standard error, times in UTC, each line with the request's id; secrets in URLs
# masked. Audit events (lanzarote.audit) are whole JSON lines of their own, for shipping.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_secrets": {"()": "lanzarote.log_filters.RedactSecrets"},
        "request_context": {"()": "lanzarote.log_filters.RequestContext"},
    },
    "formatters": {
        "plain": {
            "()": "lanzarote.log_filters.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json_line": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_context", "redact_secrets"],
        },
        "audit": {
            "class": "logging.StreamHandler",
            "formatter": "json_line",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own handlers for its loggers, so everything passes the filter.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint (the attendance certificates) logs every step of every PDF at INFO;
        # its warnings (a resource refused by the certificate's fetcher) are kept.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "lanzarote.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
    },
}

# Where a person who must leave the site quickly is sent (a neutral, unrelated site).
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.google.com/search?q=meteo")

# Who answers for the portal (the privacy and contact pages). The defaults are demo values:
# set the real ones in production.
PORTAL_CONTROLLER_NAME = os.environ.get(
    "PORTAL_CONTROLLER_NAME", "Lanzarote working group (demonstration portal)"
)
PORTAL_CONTROLLER_ADDRESS = os.environ.get(
    "PORTAL_CONTROLLER_ADDRESS", "Maison des associations, 1 rue de l'Exemple, 75017 Paris, France"
)
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "contact@example.org")
# The data protection authority people may complain to (the controller's country's).
PORTAL_SUPERVISORY_AUTHORITY = os.environ.get(
    "PORTAL_SUPERVISORY_AUTHORITY", "Commission nationale de l'informatique et des libertés (CNIL)"
)
PORTAL_SUPERVISORY_AUTHORITY_ADDRESS = os.environ.get(
    "PORTAL_SUPERVISORY_AUTHORITY_ADDRESS", "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07"
)
PORTAL_SUPERVISORY_AUTHORITY_URL = os.environ.get(
    "PORTAL_SUPERVISORY_AUTHORITY_URL", "https://www.cnil.fr/fr/adresser-une-plainte"
)

# Public subscriptions to new practices (subscriptions app): an unconfirmed request expires
# after SUBSCRIPTION_CONFIRM_DAYS (then purged by lanzarote.retention); each client address
# may ask for SUBSCRIPTION_REQUESTS_PER_IP an hour, each email address receive
# SUBSCRIPTION_REQUESTS_PER_ADDRESS confirmation requests an hour and have
# SUBSCRIPTION_PENDING_PER_ADDRESS unconfirmed and SUBSCRIPTION_MAX_PER_ADDRESS confirmed
# subscriptions at a time.
SUBSCRIPTION_CONFIRM_DAYS = int(os.environ.get("SUBSCRIPTION_CONFIRM_DAYS", "7"))
SUBSCRIPTION_REQUESTS_PER_IP = int(os.environ.get("SUBSCRIPTION_REQUESTS_PER_IP", "5"))
SUBSCRIPTION_REQUESTS_PER_ADDRESS = int(os.environ.get("SUBSCRIPTION_REQUESTS_PER_ADDRESS", "3"))
SUBSCRIPTION_PENDING_PER_ADDRESS = int(os.environ.get("SUBSCRIPTION_PENDING_PER_ADDRESS", "3"))
SUBSCRIPTION_MAX_PER_ADDRESS = int(os.environ.get("SUBSCRIPTION_MAX_PER_ADDRESS", "20"))

# Practices proposed from outside the network (proposals app): a proposal whose address is
# not confirmed within PROPOSAL_CONFIRM_DAYS is deleted; the proposer's name, organisation
# and address are erased PROPOSAL_RETENTION_DAYS after the coordinators' decision (both by
# lanzarote.retention). Each client address may send PROPOSAL_REQUESTS_PER_IP proposals an
# hour, each email address receive PROPOSAL_REQUESTS_PER_ADDRESS confirmation requests.
PROPOSAL_CONFIRM_DAYS = int(os.environ.get("PROPOSAL_CONFIRM_DAYS", "7"))
PROPOSAL_RETENTION_DAYS = int(os.environ.get("PROPOSAL_RETENTION_DAYS", "180"))
PROPOSAL_REQUESTS_PER_IP = int(os.environ.get("PROPOSAL_REQUESTS_PER_IP", "5"))
PROPOSAL_REQUESTS_PER_ADDRESS = int(os.environ.get("PROPOSAL_REQUESTS_PER_ADDRESS", "3"))
# The public's messages to the people behind a practice (practices.services.practice_contact):
# at most this many an hour from one client address.
PRACTICE_CONTACT_PER_IP = int(os.environ.get("PRACTICE_CONTACT_PER_IP", "5"))
# ... and at most this many an hour to the people behind one practice, whoever writes.
PRACTICE_CONTACT_PER_PRACTICE = int(os.environ.get("PRACTICE_CONTACT_PER_PRACTICE", "20"))
