"""Security headers on every kind of response, production settings, and private pages kept
out of caches."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from stakeholders.models import Person
from tests.factories import PersonFactory
from tests.meetings.factories import MeetingFactory

from .helpers import csp_directives, database_down
from .urls_with_errors import SECRET_DETAIL

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def responses(member, staff):
    """``responses(kind)``: a response of each kind the portal gives."""

    def get(kind):
        client = Client(raise_request_exception=False)
        if kind in ("member page", "503 logged in"):
            client.force_login(member)
        if kind == "admin page":
            client.force_login(staff)
        if kind == "500":
            with override_settings(ROOT_URLCONF="tests.security.urls_with_errors"):
                return client.get("/broken/", HTTP_ACCEPT_LANGUAGE="en")
        if kind.startswith("503"):
            with database_down():
                return client.get("/en/practices/")
        url = {
            "public page": "/en/",
            "login page": "/fr/accounts/login/",
            "member page": "/en/meetings/actions/",
            "admin page": "/admin/",
            "API list": "/api/v1/practices/",
            "API 404": "/api/v1/practices/no-such-practice/",
            "404": "/en/no-such-page/",
        }[kind]
        return client.get(url)

    return get


KINDS = [
    ("public page", 200),
    ("login page", 200),
    ("member page", 200),
    ("admin page", 200),
    ("API list", 200),
    ("API 404", 404),
    ("404", 404),
    ("500", 500),
    ("503", 503),
    ("503 logged in", 503),
]


@pytest.mark.parametrize(("kind", "status"), KINDS, ids=[k for k, _ in KINDS])
def test_every_kind_of_response_has_a_strict_content_security_policy(responses, kind, status):
    response = responses(kind)
    assert response.status_code == status
    csp = csp_directives(response)
    assert "script-src" in csp
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert unsafe not in csp["script-src"], unsafe
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "Content-Security-Policy-Report-Only" not in response.headers


@pytest.mark.parametrize(("kind", "status"), KINDS, ids=[k for k, _ in KINDS])
def test_every_kind_of_response_has_the_other_security_headers(responses, kind, status):
    response = responses(kind)
    assert response.status_code == status
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_the_500_page_is_in_the_site_layout_without_internal_detail(responses):
    response = responses("500")
    content = response.content.decode()
    assert '<main id="main"' in content
    assert "Something went wrong" in content
    assert SECRET_DETAIL not in content
    assert "RuntimeError" not in content
    assert "Traceback" not in content


@pytest.mark.parametrize("kind", ["500", "503"])
def test_the_quick_exit_of_the_error_pages_leaves_the_site(responses, kind):
    """Even when the portal fails, the quick exit goes to the neutral site, not nowhere."""
    content = responses(kind).content.decode()
    assert f'href="{settings.QUICK_EXIT_URL}"' in content.replace("&amp;", "&")


# ---------------------------------------------------------------- production settings

SETTINGS_VARIABLES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_PORTAL_URL",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_HSTS_SECONDS",
    "DJANGO_HSTS_PRELOAD",
    "DJANGO_BEHIND_PROXY",
    "DJANGO_TRUSTED_PROXY_COUNT",
    "DJANGO_TRUSTED_PROXY_HEADER",
    "DJANGO_FAST_PASSWORD_HASHER",
]

# Runs in a fresh process with production settings: the deploy checks, then real responses
# and real cookies from the middleware (nothing here needs the database, which is absent).
PRODUCTION_PROBE = """
import json
from unittest import mock

import django
django.setup()

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import Client, RequestFactory

call_command("check", deploy=True, fail_level="WARNING")

HOST = "portal.example.org"
secure = Client().get("/robots.txt", secure=True, HTTP_HOST=HOST)
plain = Client().get("/robots.txt", HTTP_HOST=HOST)

request = RequestFactory().get("/", secure=True, HTTP_HOST=HOST)
get_token(request)
csrf = CsrfViewMiddleware(lambda r: HttpResponse())(request).cookies[settings.CSRF_COOKIE_NAME]

def logs_in(request):
    request.session["probe"] = "1"
    return HttpResponse()

request = RequestFactory().get("/", secure=True, HTTP_HOST=HOST)
with mock.patch.object(SessionStore, "save"):
    response = SessionMiddleware(logs_in)(request)
session = response.cookies[settings.SESSION_COOKIE_NAME]

def flags(cookie):
    return {"secure": bool(cookie["secure"]), "httponly": bool(cookie["httponly"]),
            "samesite": cookie["samesite"]}

print(json.dumps({
    "secure_status": secure.status_code,
    "hsts": secure.headers.get("Strict-Transport-Security", ""),
    "csp": secure.headers.get("Content-Security-Policy", ""),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "csrf_cookie": flags(csrf),
    "session_cookie": flags(session),
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "LANGUAGE_COOKIE_SECURE": settings.LANGUAGE_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
    "CSRF_COOKIE_HTTPONLY": settings.CSRF_COOKIE_HTTPONLY,
    "SESSION_COOKIE_SAMESITE": settings.SESSION_COOKIE_SAMESITE,
    "CSRF_COOKIE_SAMESITE": settings.CSRF_COOKIE_SAMESITE,
    "LANGUAGE_COOKIE_SAMESITE": settings.LANGUAGE_COOKIE_SAMESITE,
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="lanzarote.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k7Qp2xVb9LmZ-" * 5,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DJANGO_PORTAL_URL="https://portal.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('nodb') / 'absent' / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_passes_the_deploy_checks_and_serves_strict_headers(production):
    # The probe exits non-zero (failing the fixture) on any deploy-check warning.
    assert production["secure_status"] == 200
    assert "object-src 'none'" in production["csp"]
    hsts = dict(
        item.strip().partition("=")[::2] for item in production["hsts"].split(";") if item.strip()
    )
    assert int(hsts["max-age"]) >= 31536000
    assert "includeSubDomains" in hsts
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


def test_production_sends_plain_http_to_https(production):
    assert production["plain_status"] == 301
    assert production["plain_location"] == "https://portal.example.org/robots.txt"


def test_production_cookies_are_secure_httponly_and_same_site(production):
    for name in ("SESSION", "CSRF", "LANGUAGE"):
        assert production[f"{name}_COOKIE_SECURE"] is True, name
        assert production[f"{name}_COOKIE_SAMESITE"] in ("Lax", "Strict"), name
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_HTTPONLY"] is True
    # As actually sent by the middleware:
    for cookie in ("session_cookie", "csrf_cookie"):
        assert production[cookie] == {"secure": True, "httponly": True, "samesite": "Lax"}


# ---------------------------------------------------------------- no-store for private pages


@pytest.fixture
def private_pages(group, member):
    person = Person.objects.get(user=member)
    PersonFactory(organisation=person.organisation, first_name="Séverine", last_name="Colleague")
    meeting = MeetingFactory(group=group, title="Réunion de travail")
    return {
        # page: a text that proves it is the page with personal data
        f"/en/stakeholders/{person.organisation.slug}/": "Séverine Colleague",
        f"/en/stakeholders/groups/{group.slug}/": person.last_name,
        f"/en/meetings/{meeting.pk}/": "Réunion de travail",
        "/en/meetings/actions/": "",
        "/en/accounts/my-data/": "Download my data",
        "/fr/practices/mine/": "",
        "/en/": "",
    }


def test_pages_seen_logged_in_are_never_stored(client, member, private_pages):
    client.force_login(member)
    for url, shows in private_pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert shows in response.content.decode(), url
        cache_control = response["Cache-Control"]
        assert "no-store" in cache_control, url
        assert "private" in cache_control, url


def test_public_pages_seen_anonymously_may_be_cached(client, private_pages):
    for url in [*private_pages, "/en/practices/", "/fr/about/", "/api/v1/practices/"]:
        response = client.get(url)
        if response.status_code != 200:
            continue  # members-only pages are tested in the access-control matrix
        assert "no-store" not in response.get("Cache-Control", ""), url
        assert "private" not in response.get("Cache-Control", ""), url
        assert "Séverine" not in response.content.decode(), url


def test_a_logged_in_503_is_not_stored_either(responses):
    assert "no-store" in responses("503 logged in")["Cache-Control"]
