"""Settings come from the environment; production refuses to start with unsafe values.

Each case runs in a fresh Python process, since settings are read once at import.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
STRONG_KEY = secrets.token_urlsafe(48)  # 64 characters
assert len(STRONG_KEY) == 64

# Variables the settings read; cleared so that the developer's shell does not leak in.
SETTINGS_VARIABLES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_PORTAL_URL",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DJANGO_DB_PREPARE_THRESHOLD",
    "REDIS_URL",
    "DJANGO_EMAIL_BACKEND",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_HSTS_SECONDS",
    "DJANGO_HSTS_PRELOAD",
    "DJANGO_BEHIND_PROXY",
    "DJANGO_TRUSTED_PROXY_COUNT",
    "DJANGO_TRUSTED_PROXY_HEADER",
    "DJANGO_FAST_PASSWORD_HASHER",
    "QUICK_EXIT_URL",
    "MAX_REQUEST_BODY_MB",
]

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DB_NAME": str(settings.DATABASES["default"]["NAME"]),
    "DB_HOST": settings.DATABASES["default"].get("HOST", ""),
    "DB_OPTIONS": settings.DATABASES["default"].get("OPTIONS", {}),
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"]["LOCATION"],
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "PORTAL_URL": settings.PORTAL_URL,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "OUTBOX_TRANSPORT": settings.OUTBOX_TRANSPORT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "STATICFILES_BACKEND": settings.STORAGES["staticfiles"]["BACKEND"],
    "MAX_REQUEST_BODY_BYTES": settings.MAX_REQUEST_BODY_BYTES,
    "PROXIES": [
        settings.TRUSTED_PROXY_COUNT,
        settings.ALLAUTH_TRUSTED_PROXY_COUNT,
        settings.REST_FRAMEWORK["NUM_PROXIES"],
    ],
    "SECURE_PROXY_SSL_HEADER": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
}))
"""


def run(args, **environment):
    """Run ``python args`` in the project with only ``environment`` set among the settings."""
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "lanzarote.settings"
    # Production needs the portal's address; a test drops it by passing None.
    env["DJANGO_PORTAL_URL"] = "https://portal.example.org"
    for key, value in environment.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_with(**environment):
    result = run(["-c", PRINT_SETTINGS], **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_needs_nothing_set():
    values = settings_with()
    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB_NAME"] == str(BASE_DIR / "db.sqlite3")
    assert values["CACHE"] == "django.core.cache.backends.db.DatabaseCache"
    # Every email goes through the outbox; the worker prints them on the console.
    assert values["EMAIL_BACKEND"] == "lanzarote.outbox.OutboxBackend"
    assert values["OUTBOX_TRANSPORT"] == "django.core.mail.backends.console.EmailBackend"


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = run(["-c", PRINT_SETTINGS], DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_off_with_an_empty_secret_key_refuses_to_start():
    result = run(["-c", PRINT_SETTINGS], DJANGO_DEBUG="false", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "weak_key",
    [
        "django-insecure-" + "k7Qp2xVb9LmZ" * 5,
        "short-but-secret",
        "k7Qp2xVb9LmZ" * 4 + "k",  # 49 characters: one too few
    ],
    ids=["django-insecure-prefix", "short", "49-characters"],
)
def test_debug_off_with_a_weak_secret_key_refuses_to_start(weak_key):
    result = run(["-c", PRINT_SETTINGS], DJANGO_DEBUG="false", DJANGO_SECRET_KEY=weak_key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "too weak" in result.stderr


def test_manage_py_refuses_to_run_without_a_secret_key_when_debug_is_off():
    result = run(["manage.py", "check"], DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_unclear_debug_value_is_refused(value):
    result = run(["-c", PRINT_SETTINGS], DJANGO_DEBUG=value)
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr
    assert repr(value) in result.stderr


@pytest.mark.parametrize(
    ("value", "debug"), [("true", True), ("1", True), ("on", True), ("False", False), ("0", False)]
)
def test_debug_accepts_the_usual_spellings(value, debug):
    assert settings_with(DJANGO_DEBUG=value, DJANGO_SECRET_KEY=STRONG_KEY)["DEBUG"] is debug


def test_production_settings_are_secure():
    values = settings_with(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="portal.example.org, www.portal.example.org",
    )
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["portal.example.org", "www.portal.example.org"]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["EMAIL_BACKEND"] == "lanzarote.outbox.OutboxBackend"
    assert values["OUTBOX_TRANSPORT"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["STATICFILES_BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_deploy_check_passes_with_production_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_url_selects_postgresql():
    values = settings_with(DATABASE_URL="postgres://lanzarote:secret@db.internal:5432/lanzarote")
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["DB_NAME"] == "lanzarote"
    assert values["DB_HOST"] == "db.internal"


POSTGRES = "postgres://lanzarote:secret@db.internal:5432/lanzarote"


def test_postgresql_queries_run_often_are_prepared_by_default():
    options = settings_with(DATABASE_URL=POSTGRES)["DB_OPTIONS"]
    assert options == {"server_side_binding": True, "prepare_threshold": 5}


@pytest.mark.parametrize(("value", "threshold"), [("0", 0), (" 12 ", 12)])
def test_the_prepare_threshold_comes_from_the_environment(value, threshold):
    values = settings_with(DATABASE_URL=POSTGRES, DJANGO_DB_PREPARE_THRESHOLD=value)
    assert values["DB_OPTIONS"]["prepare_threshold"] == threshold


@pytest.mark.parametrize("value", ["off", "OFF"])
def test_prepared_statements_can_be_turned_off_for_a_pooler(value):
    values = settings_with(DATABASE_URL=POSTGRES, DJANGO_DB_PREPARE_THRESHOLD=value)
    assert "server_side_binding" not in values["DB_OPTIONS"]
    assert "prepare_threshold" not in values["DB_OPTIONS"]


@pytest.mark.parametrize("value", ["-1", "five", "1.5", "٣"])
def test_an_unclear_prepare_threshold_is_refused(value):
    result = run(["-c", PRINT_SETTINGS], DATABASE_URL=POSTGRES, DJANGO_DB_PREPARE_THRESHOLD=value)
    assert result.returncode != 0
    assert "DJANGO_DB_PREPARE_THRESHOLD must be a whole number" in result.stderr


def test_sqlite_has_no_prepare_threshold():
    assert "prepare_threshold" not in settings_with(DJANGO_DB_PREPARE_THRESHOLD="3")["DB_OPTIONS"]


def test_redis_url_selects_the_redis_cache():
    values = settings_with(REDIS_URL="redis://cache.internal:6379/1")
    assert values["CACHE"] == "django.core.cache.backends.redis.RedisCache"
    assert values["CACHE_LOCATION"] == "redis://cache.internal:6379/1"


def test_without_redis_the_cache_is_shared_through_the_database():
    values = settings_with()
    assert values["CACHE"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["CACHE_LOCATION"] == "lanzarote_cache"


WSGI_DEBUG = """
import lanzarote.wsgi
from django.conf import settings
print(settings.DEBUG)
"""


def test_wsgi_defaults_to_debug_off():
    result = run(["-c", WSGI_DEBUG], DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_wsgi_without_a_secret_key_refuses_to_start():
    result = run(["-c", WSGI_DEBUG])
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_wsgi_debug_can_be_turned_on_explicitly():
    result = run(["-c", WSGI_DEBUG], DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_the_request_body_cap_comes_from_the_environment():
    assert settings_with()["MAX_REQUEST_BODY_BYTES"] == 12 * 1024 * 1024
    assert settings_with(MAX_REQUEST_BODY_MB="20")["MAX_REQUEST_BODY_BYTES"] == 20 * 1024 * 1024


def test_a_request_body_cap_below_the_largest_attachment_stops_the_app_server():
    result = run(["-c", WSGI_DEBUG], DJANGO_SECRET_KEY=STRONG_KEY, MAX_REQUEST_BODY_MB="8")
    assert result.returncode != 0
    assert "MAX_REQUEST_BODY_MB must leave room for the largest attachment" in result.stderr


def test_no_forwarding_header_is_trusted_by_default():
    values = settings_with(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY)
    assert values["PROXIES"] == [0, 0, 0]
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_one_trusted_proxy_count_serves_the_portal_allauth_and_the_api():
    values = settings_with(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_TRUSTED_PROXY_COUNT="1"
    )
    assert values["PROXIES"] == [1, 1, 1]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize("value", ["-1", "one", "1.5"])
def test_an_unclear_trusted_proxy_count_is_refused(value):
    result = run(["-c", PRINT_SETTINGS], DJANGO_TRUSTED_PROXY_COUNT=value)
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def test_debug_off_without_the_portal_address_refuses_to_start():
    result = run(
        ["-c", PRINT_SETTINGS],
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_PORTAL_URL=None,
    )
    assert result.returncode != 0
    assert "DJANGO_PORTAL_URL is not set" in result.stderr


@pytest.mark.parametrize("value", ["portal.example.org", "https://portal.example.org/fr/"])
def test_a_portal_address_that_is_not_a_scheme_and_a_host_refuses_to_start(value):
    result = run(["-c", PRINT_SETTINGS], DJANGO_PORTAL_URL=value)
    assert result.returncode != 0
    assert "DJANGO_PORTAL_URL must be a scheme and a host" in result.stderr


def test_the_portal_address_comes_from_the_environment_without_its_final_slash():
    values = settings_with(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_PORTAL_URL="https://portal.example.org/",
    )
    assert values["PORTAL_URL"] == "https://portal.example.org"


def test_development_links_point_at_the_local_server():
    assert settings_with(DJANGO_PORTAL_URL=None)["PORTAL_URL"] == "http://127.0.0.1:8000"


PRINT_PORTAL = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps([settings.PORTAL_CONTROLLER_NAME, settings.PORTAL_CONTROLLER_ADDRESS,
                  settings.PORTAL_CONTACT_EMAIL, settings.PORTAL_SUPERVISORY_AUTHORITY,
                  settings.PORTAL_SUPERVISORY_AUTHORITY_URL]))
"""


def test_the_privacy_pages_controller_comes_from_the_environment():
    result = run(
        ["-c", PRINT_PORTAL],
        PORTAL_CONTROLLER_NAME="Association Exemple",
        PORTAL_CONTROLLER_ADDRESS="1 rue Test, Lyon",
        PORTAL_CONTACT_EMAIL="dpo@association.example",
        PORTAL_SUPERVISORY_AUTHORITY="Datatilsynet",
        PORTAL_SUPERVISORY_AUTHORITY_URL="https://www.datatilsynet.no/",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "Association Exemple",
        "1 rue Test, Lyon",
        "dpo@association.example",
        "Datatilsynet",
        "https://www.datatilsynet.no/",
    ]


def test_confirmation_and_unsubscription_tokens_never_reach_the_logs():
    from lanzarote.log_filters import redact

    for path in (
        "/fr/practices/propose/confirm/SECRET123/",
        "/en/subscriptions/confirm/SECRET123/",
        "/en/subscriptions/unsubscribe/SECRET123/",
    ):
        assert "SECRET123" not in redact(f"GET {path} 200")
