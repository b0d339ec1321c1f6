"""Security events of accounts in the audit log: lockouts, wrong two-factor codes, two-factor
methods added and removed, recovery codes used and regenerated, password reset by link."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.test import Client

from stakeholders.models import AuditEvent, Membership
from tests.conftest import PASSWORD
from tests.factories import member_user

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def totp_now(secret):
    counters = list(yield_hotp_counters_from_time())
    return f"{hotp_value(secret, counters[len(counters) // 2]):06d}"


def reauthenticate(client):
    """allauth asks for the password again before a two-factor change."""
    response = client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def coordinator_at_second_step(group):
    """A coordinator who gave the right password and is asked for a two-factor code."""
    user = member_user(group, role=Membership.Role.COORDINATOR)
    client = Client()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "/accounts/2fa/authenticate/" in response["Location"]
    return user, client


# ---------------------------------------------------------------- lockouts


def test_a_lockout_is_recorded_with_the_account_held_back(member, client):
    for n in range(5):
        client.post("/en/accounts/login/", {"login": member.email, "password": f"wrong-{n}"})
    assert events(AuditEvent.Action.LOGIN_LOCKED_OUT) == []
    client.post("/en/accounts/login/", {"login": member.email.upper(), "password": PASSWORD})
    [event] = events(AuditEvent.Action.LOGIN_LOCKED_OUT)
    assert (event.actor, event.target_type, event.target_id) == (
        None,
        "stakeholders.user",
        str(member.pk),
    )
    assert event.details == {"stage": "password"}
    assert event.ip == "127.0.0.1"


def test_a_lockout_of_an_unknown_address_names_no_account(db, client):
    for n in range(6):
        client.post("/en/accounts/login/", {"login": "nobody@example.org", "password": f"w{n}"})
    [event] = events(AuditEvent.Action.LOGIN_LOCKED_OUT)
    assert (event.target_type, event.target_id) == ("", "")
    assert "nobody" not in str(event.details)


def test_wrong_two_factor_codes_and_the_lockout_they_lead_to_are_recorded(
    coordinator_at_second_step,
):
    user, client = coordinator_at_second_step
    for _ in range(5):
        client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    failed = events(AuditEvent.Action.MFA_FAILED)
    assert [(e.actor_id, e.details) for e in failed] == [(user.pk, {"reauthentication": False})] * 5
    response = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    [event] = events(AuditEvent.Action.LOGIN_LOCKED_OUT)
    assert (event.target_id, event.details) == (str(user.pk), {"stage": "two-factor"})


# ---------------------------------------------------------------- two-factor changes


def test_adding_and_removing_two_factor_is_recorded(
    member, client, django_capture_on_commit_callbacks
):
    client.force_login(member)
    reauthenticate(client)
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    # allauth sends its two-factor signals once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/2fa/totp/activate/", {"code": totp_now(secret)})
    assert response.status_code == 302
    added = events(AuditEvent.Action.MFA_ADDED)
    assert [(e.actor_id, e.details["method"]) for e in added] == [
        (member.pk, "totp"),
        (member.pk, "recovery_codes"),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member).exists()
    removed = events(AuditEvent.Action.MFA_REMOVED)
    assert sorted(e.details["method"] for e in removed) == ["recovery_codes", "totp"]
    assert {e.actor_id for e in removed} == {member.pk}


def test_regenerating_recovery_codes_is_recorded(
    client, coordinator, django_capture_on_commit_callbacks
):
    user = coordinator
    RecoveryCodes.activate(user)
    client.force_login(user)
    reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/2fa/recovery-codes/generate/")
    assert response.status_code == 302
    [event] = events(AuditEvent.Action.RECOVERY_CODES_REGENERATED)
    assert event.actor_id == user.pk


def test_a_recovery_code_used_to_log_in_is_recorded_without_the_code(
    coordinator_at_second_step,
):
    user, client = coordinator_at_second_step
    codes = RecoveryCodes.activate(user).get_unused_codes()
    response = client.post("/en/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    [event] = events(AuditEvent.Action.RECOVERY_CODE_USED)
    assert event.actor_id == user.pk
    assert event.details == {"codes_left": len(codes) - 1}
    assert codes[0] not in str(event.details)


# ---------------------------------------------------------------- passwords


def test_a_password_reset_by_link_is_recorded_apart_from_a_change(member, mailoutbox):
    client = Client()
    client.post("/en/accounts/password/reset/", {"email": member.email})
    link = re.search(r"https?://\S+/password/reset/key/\S+/", mailoutbox[0].body).group(0)
    response = client.get(link)
    assert response.status_code == 302
    response = client.post(
        response["Location"],
        {"password1": "a-new-Password-2027", "password2": "a-new-Password-2027"},
    )
    assert response.status_code == 302
    [event] = events(AuditEvent.Action.PASSWORD_RESET)
    assert event.actor_id == member.pk
    assert events(AuditEvent.Action.PASSWORD_CHANGED) == []
