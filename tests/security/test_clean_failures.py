"""Clean failures: a bad Host header is a 400 (not a 500); a malformed ``next`` address is
ignored like an off-site one (not a 500); only a database out of reach shows the "back in a
moment" page, any other database error is a bug (the 500 page, logged); every response,
redirects and static files included, carries the security headers."""

import logging

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection
from django.test import Client, override_settings
from django.urls import path

from lanzarote import urls as project_urls
from stakeholders.models import Sector
from tests.conftest import PASSWORD

from .helpers import csp_directives, database_down

pytestmark = pytest.mark.django_db

MALFORMED = "http://["


def no_such_table(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM lanzarote_no_such_table")
    return None


def duplicate_sector(request):
    Sector.objects.create(code="justice", name="Justice again")
    return None


urlpatterns = [
    *project_urls.urlpatterns,
    path("missing-table/", no_such_table),
    path("duplicate/", duplicate_sector),
]
handler400 = project_urls.handler400
handler500 = project_urls.handler500


def client():
    return Client(raise_request_exception=False)


# ---------------------------------------------------------------- bad hosts


@pytest.mark.parametrize("host", ["evil.example", "bad host", "[", "localhost:abc", "a" * 300])
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/en/"),
        ("get", "/fr/practices/"),
        ("get", "/api/v1/practices/"),
        ("post", "/en/accounts/login/"),
        ("post", "/en/accounts/password/reset/"),
    ],
)
def test_a_bad_host_header_is_a_bad_request(host, method, url):
    response = getattr(client(), method)(url, HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    content = response.content.decode()
    assert host not in content
    assert '<main id="main"' in content
    assert csp_directives(response)["default-src"] == ["'self'"]


def test_the_bad_request_page_is_translated():
    response = client().get("/fr/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


# ---------------------------------------------------------------- malformed next


@pytest.mark.parametrize(
    "url",
    [
        "/en/accounts/login/",
        "/en/accounts/logout/",
        "/en/accounts/password/reset/",
        "/admin/login/",
        "/en/",
        "/fr/practices/",
    ],
)
def test_a_malformed_next_address_is_never_a_server_error(url, member):
    response = client().get(f"{url}?next={MALFORMED}")
    assert response.status_code in (200, 302)
    logged_in = client()
    logged_in.force_login(member)
    response = logged_in.get(f"{url}?next={MALFORMED}")
    assert response.status_code in (200, 302, 403)  # 403: a member at the admin's door
    assert MALFORMED not in response.get("Location", "")


def test_a_malformed_next_is_ignored_at_login_as_an_off_site_one(member):
    response = client().post(
        f"/en/accounts/login/?next={MALFORMED}", {"login": member.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/my-space/"


def test_a_malformed_next_is_ignored_at_logout(member):
    logged_in = client()
    logged_in.force_login(member)
    response = logged_in.post(f"/fr/accounts/logout/?next={MALFORMED}")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_a_malformed_next_is_ignored_by_the_password_reset(member, mailoutbox):
    response = client().post(
        f"/en/accounts/password/reset/?next={MALFORMED}", {"email": member.email}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/done/"


def test_the_language_links_of_a_page_with_a_malformed_address_stay_on_site(client):
    response = client.get(f"/en/practices/?next={MALFORMED}&q=%5B")
    assert response.status_code == 200
    assert 'hreflang="fr"' in response.content.decode()


# ---------------------------------------------------------------- database errors


@override_settings(ROOT_URLCONF=__name__)
def test_a_missing_table_is_a_logged_bug_not_an_outage(caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client().get("/missing-table/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "Back in a moment" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert "lanzarote_no_such_table" in str(record.exc_info[1])


@override_settings(ROOT_URLCONF=__name__)
def test_a_constraint_violated_by_a_bug_is_a_500():
    response = client().get("/duplicate/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_missing_cache_table_is_a_bug_not_an_outage(settings, member):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "lanzarote_no_such_cache_table",
        },
        # The layout's parts are kept in the process, not in this cache.
        "layout": settings.CACHES["layout"],
    }
    try:
        # A login counts the attempt in the cache (allauth's rate limits).
        response = client().post(
            "/en/accounts/login/", {"login": member.email, "password": PASSWORD}
        )
    finally:
        cache.close()
    assert response.status_code == 500
    assert "Back in a moment" not in response.content.decode()


def test_a_database_out_of_reach_is_still_the_outage_page():
    with database_down():
        response = client().get("/en/practices/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_an_integrity_error_is_not_mistaken_for_an_outage():
    from lanzarote import health

    assert not health.is_outage(IntegrityError("duplicate key"))
    assert not health.is_outage(RuntimeError("anything"))
    assert not health.is_outage(None)


# ---------------------------------------------------------------- headers on every response


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 302),  # the locale middleware's redirect to a language
        ("/en/practices", 301),  # the common middleware's slash
        ("/static/css/site.css", 200),  # whitenoise
        ("/api/v1/practices", 301),
    ],
)
def test_redirects_and_static_files_carry_the_security_headers(url, status):
    response = client().get(url)
    assert response.status_code == status
    csp = csp_directives(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Request-ID"]
