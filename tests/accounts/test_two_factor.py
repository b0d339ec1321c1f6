"""Coordinators and staff hold their powers only with two-factor authentication."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time

from stakeholders.models import Membership
from stakeholders.permissions import roles
from tests.factories import UserFactory, member_user, with_two_factor

PASSWORD = "a-good-test-password"


@pytest.fixture
def coordinator_without_2fa(group):
    return member_user(group, role=Membership.Role.COORDINATOR, mfa=False)


def test_a_coordinator_without_two_factor_is_only_a_member(coordinator_without_2fa, group):
    r = roles(coordinator_without_2fa)
    assert r.needs_mfa
    assert not r.is_coordinator
    assert r.member_of == frozenset({group.pk})


def test_a_coordinator_without_two_factor_cannot_open_coordinator_pages(
    client, coordinator_without_2fa, group
):
    client.force_login(coordinator_without_2fa)
    assert client.get(f"/en/stakeholders/groups/{group.slug}/invite/").status_code == 403
    assert client.get("/en/practices/review/").status_code == 403
    page = client.get("/en/").content.decode()
    assert "requires two-factor authentication" in page
    assert "/en/accounts/2fa/" in page


def test_the_same_coordinator_with_two_factor_gets_in(client, coordinator_without_2fa, group):
    with_two_factor(coordinator_without_2fa)
    client.force_login(coordinator_without_2fa)
    assert client.get(f"/en/stakeholders/groups/{group.slug}/invite/").status_code == 200
    assert "requires two-factor" not in client.get("/en/").content.decode()


def test_staff_without_two_factor_are_sent_to_set_it_up_not_into_the_admin(client, db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"]


def test_staff_with_two_factor_use_the_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_anonymous_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_without_a_coordinator_role_needs_no_two_factor(member):
    assert not roles(member).needs_mfa


def _current_code(user):
    from allauth.mfa.utils import decrypt

    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    counters = list(yield_hotp_counters_from_time())
    current = counters[len(counters) // 2]  # the middle one is the current period
    return f"{hotp_value(secret, current):06d}"


def test_a_coordinator_signs_in_with_password_then_a_totp_code(client, group):
    user = member_user(group, role=Membership.Role.COORDINATOR, email="coord@example.org")
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate/" in response["Location"]
    # Not logged in yet: the second factor is still missing.
    assert "_auth_user_id" not in client.session
    response = client.post(response["Location"], {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post("/en/accounts/2fa/authenticate/", {"code": _current_code(user)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
