"""The API's limits count each client by the address the trusted proxy reports: a new
X-Forwarded-For value never buys a fresh allowance. Every answer says where the client
stands (X-RateLimit-*), a refusal says when to come back (Retry-After)."""

import pytest

from api.throttling import UserRateThrottle

pytestmark = pytest.mark.django_db

URL = "/api/v1/sectors/"
PROXY = "10.0.0.2"


def test_the_limit_cannot_be_reset_with_a_forwarded_header(client, throttled):
    """The audit's finding: 300 of 300 requests with a new X-Forwarded-For each passed."""
    statuses = [
        client.get(URL, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_behind_the_proxy_spoofed_entries_do_not_reset_the_limit(client, throttled, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        client.get(
            URL, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # Another client behind the same proxy has its own allowance.
    other = client.get(URL, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.status_code == 200


def test_every_answer_says_how_many_requests_are_left(client, throttled, throttle_clock):
    window_end = int(throttle_clock.now - 1 + 60)
    remaining = []
    for _ in range(3):
        response = client.get(URL)
        assert response.status_code == 200
        assert response["X-RateLimit-Limit"] == "3"
        remaining.append(response["X-RateLimit-Remaining"])
        assert int(response["X-RateLimit-Reset"]) == window_end
    assert remaining == ["2", "1", "0"]

    throttle_clock.advance(20)
    refused = client.get(URL)
    assert refused.status_code == 429
    assert refused["X-RateLimit-Remaining"] == "0"
    assert refused["X-RateLimit-Limit"] == "3"
    # Come back when the minute ends: 39 seconds later.
    assert refused["Retry-After"] == "39"


def test_a_new_minute_gives_a_new_allowance(client, throttled, throttle_clock):
    assert [client.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]
    throttle_clock.advance(58)
    assert client.get(URL).status_code == 429
    throttle_clock.advance(1)  # the next minute
    response = client.get(URL)
    assert response.status_code == 200
    assert response["X-RateLimit-Remaining"] == "2"


def test_the_last_second_of_a_window_still_asks_to_wait_a_second(client, throttled, throttle_clock):
    for _ in range(3):
        client.get(URL)
    throttle_clock.advance(58.5)
    refused = client.get(URL)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"


def test_an_anonymous_client_is_counted_by_the_anonymous_limit_only(
    client, throttled, throttle_clock, settings
):
    """A logged-in user's allowance is larger: counting an anonymous client against it too
    would only cost a cache operation more."""
    response = client.get(URL, REMOTE_ADDR="198.51.100.9")
    assert response["X-RateLimit-Limit"] == "3"
    user = UserRateThrottle()
    assert user.num_requests > 3
    request = response.wsgi_request
    assert user.get_cache_key(request, None) is None


def test_an_ipv6_client_is_counted_by_its_network(client, throttled, throttle_clock):
    """One subscriber line gets a whole /64: each of its addresses is the same client."""
    statuses = [
        client.get(URL, REMOTE_ADDR=f"2001:db8:1:2::{n:x}").status_code for n in range(1, 5)
    ]
    assert statuses == [200, 200, 200, 429]
    assert client.get(URL, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_a_logged_in_user_sees_their_own_allowance(client, throttled, member, throttle_clock):
    client.force_login(member)
    response = client.get(URL)
    # The per-user rate (600 a minute by default) is far above the anonymous one.
    assert int(response["X-RateLimit-Limit"]) > 3
    assert int(response["X-RateLimit-Remaining"]) == int(response["X-RateLimit-Limit"]) - 1
