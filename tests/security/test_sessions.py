"""Sessions: a new key at login, other sessions end with a password change, a deactivated
account is logged out at its next request; login attempts are rate-limited through the
shared cache; tokens in URLs never reach the logs; concurrent attendance updates."""

import logging

import pytest
from django.core.cache import cache
from django.test import Client

from lanzarote.log_filters import RedactSecrets, redact
from tests.factories import UserFactory

PASSWORD = "a-good-test-password"


def test_the_session_key_changes_at_login(client, member):
    client.get("/en/accounts/login/")
    session = client.session
    session["probe"] = "before login"
    session.save()
    before = session.session_key
    response = client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(member.pk)


def test_changing_the_password_ends_the_other_sessions(member):
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        device.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
        assert device.get("/en/practices/mine/").status_code == 200
    response = laptop.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-Password-2027",
            "password2": "a-new-Password-2027",
        },
    )
    assert response.status_code == 302
    # The device that changed it stays logged in; the other one is logged out.
    assert laptop.get("/en/practices/mine/").status_code == 200
    assert phone.get("/en/practices/mine/").status_code == 302


def test_a_deactivated_account_is_logged_out_at_its_next_request(client, member):
    client.force_login(member)
    assert client.get("/en/practices/mine/").status_code == 200
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = client.get("/en/practices/mine/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited_through_the_shared_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }
    cache.clear()
    user = UserFactory(email="target@example.org")
    for n in range(6):
        Client().post("/en/accounts/login/", {"login": user.email, "password": f"wrong-{n}"})
    # From any client, even the right password is now refused for a while.
    client = Client()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "secret"),
    [
        ("/fr/accounts/invitation/AbCdEf123_-secret/", "AbCdEf123_-secret"),
        ("/en/meetings/rsvp/eyJhIjoxfQ:1sXyz:secretsig/", "eyJhIjoxfQ:1sXyz:secretsig"),
        ("/en/meetings/feed/Zm9vYmFyc2VjcmV0.ics", "Zm9vYmFyc2VjcmV0"),
    ],
)
def test_tokens_in_urls_are_masked_in_the_logs(client, db, caplog, path, secret):
    assert secret not in redact(f"Not Found: {path}")
    handler_filter = RedactSecrets()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(path)
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "the 4xx answer is logged"
    for record in records:
        handler_filter.filter(record)
        assert secret not in record.getMessage()


def test_log_arguments_given_by_name_are_masked_and_still_format():
    record = logging.LogRecord(
        "lanzarote", logging.INFO, __file__, 1, "Opened %(path)s (%(n)d)", None, None
    )
    record.args = {"path": "/fr/accounts/invitation/AbCdEf123_-secret/", "n": 2}

    RedactSecrets().filter(record)

    assert record.getMessage() == "Opened /fr/accounts/invitation/[redacted]/ (2)"
