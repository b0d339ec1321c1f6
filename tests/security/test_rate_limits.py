"""Login limits behind a reverse proxy: each client counted by the address the trusted proxy
reports, never by what the client writes in X-Forwarded-For; each account counted apart,
so that nobody can lock everyone out. The limits live in the shared (database) cache."""

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory
from rest_framework.request import Request

from api.throttling import AnonRateThrottle
from stakeholders import limits
from stakeholders.request_context import client_ip
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"
LOCKED = "Too many failed login attempts"


@pytest.fixture
def behind_proxy(settings):
    """The README's deployment: one reverse proxy that appends the client's address."""
    settings.TRUSTED_PROXY_COUNT = 1


def via_proxy(client_address, spoofed=None):
    """What the app sees of a request that went through the proxy: the proxy appends the
    address it received the request from to whatever the client sent."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def fail_login(client, n, **extra):
    return client.post(
        "/en/accounts/login/",
        {"login": f"made-up-{n}@example.org", "password": f"wrong-{n}"},
        **extra,
    )


def log_in(user, **extra):
    client = Client()
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": PASSWORD}, **extra
    )
    return client, response


# ---------------------------------------------------------------- whose address


CASES = [
    # trusted proxies, REMOTE_ADDR, X-Forwarded-For, the client
    (0, "192.0.2.1", None, "192.0.2.1"),
    (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy trusted: the header is ignored
    (1, PROXY, ATTACKER, ATTACKER),
    (1, PROXY, f"1.2.3.4, {ATTACKER}", ATTACKER),  # spoofed entries lie to the left
    (1, PROXY, f"1.2.3.4,5.6.7.8 ,  {ATTACKER}", ATTACKER),
    (1, PROXY, None, PROXY),  # a request that did not go through the proxy
    (1, PROXY, "not-an-address", PROXY),
    (2, PROXY, f"1.2.3.4, {ATTACKER}, 10.0.0.1", ATTACKER),
    (2, PROXY, ATTACKER, ATTACKER),  # came in past the outer proxy
    (1, "2001:db8::1", "2001:DB8:0:0::7", "2001:db8::7"),
]


@pytest.mark.parametrize(("count", "remote", "forwarded", "expected"), CASES)
def test_the_portal_allauth_and_the_api_agree_on_the_client(
    settings, count, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **extra)
    assert client_ip(request) == expected
    assert get_adapter(request).get_client_ip(request) == expected
    # The API counts that client as the public forms do: an IPv6 address by its /64.
    assert AnonRateThrottle().get_ident(Request(request)) == limits.client_key(expected)


# ---------------------------------------------------------------- failed logins


def test_ten_failed_logins_from_one_client_behind_the_proxy_do_not_lock_out_the_others(
    behind_proxy, member
):
    attacker = Client()
    for n in range(10):
        assert LOCKED not in fail_login(attacker, n, **via_proxy(ATTACKER)).content.decode()
    # The attacker is now held back...
    assert LOCKED in fail_login(attacker, 10, **via_proxy(ATTACKER)).content.decode()
    # ...but a colleague behind the same proxy logs in.
    client, response = log_in(member, **via_proxy(COLLEAGUE))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_spoofed_forwarded_addresses_do_not_reset_the_login_limit(behind_proxy):
    attacker = Client()
    for n in range(10):
        fail_login(attacker, n, **via_proxy(ATTACKER, spoofed=f"192.0.2.{n}"))
    response = fail_login(attacker, 10, **via_proxy(ATTACKER, spoofed="192.0.2.200"))
    assert LOCKED in response.content.decode()


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings, member):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default
    attacker = Client()
    for n in range(10):
        fail_login(attacker, n, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = fail_login(attacker, 10, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert LOCKED in response.content.decode()
    # Another client, whatever header it sends, is counted by its own address.
    _client, response = log_in(member, REMOTE_ADDR=COLLEAGUE, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert response.status_code == 302


def test_a_locked_account_does_not_lock_other_accounts(behind_proxy, member, other_member):
    # Five wrong passwords for one account, from five different clients...
    for n in range(5):
        Client().post(
            "/en/accounts/login/",
            {"login": member.email, "password": f"wrong-{n}"},
            **via_proxy(f"192.0.2.{n + 1}"),
        )
    # ...hold that account back for a while, even with the right password...
    client, response = log_in(member, **via_proxy(COLLEAGUE))
    assert "_auth_user_id" not in client.session
    assert LOCKED in response.content.decode()
    # ...and no other account, from the same clients.
    client, response = log_in(other_member, **via_proxy("192.0.2.1"))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other_member.pk)


def test_login_limits_are_configured_per_client_and_per_account(settings):
    rates = settings.ACCOUNT_RATE_LIMITS
    assert rates["login_failed"].split(",") == ["10/m/ip", "5/5m/key"]
    assert "/key" in rates["reset_password"]
