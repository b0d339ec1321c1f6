"""Accounts (#11 part 4): the login email changes only after a recent password and a link
followed from the new address; sessions end after inactivity (sooner for coordinators), and
on deactivation, password change and erasure; nothing is mailed to unknown addresses."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from meetings import services as meeting_services
from meetings.models import CalendarToken
from stakeholders import services, sessions
from tests.factories import UserFactory
from tests.meetings.factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-test-password"


def logged_in(user, language="en"):
    """A browser that logged in through the login form (a recent authentication)."""
    browser = Client()
    response = browser.post(
        f"/{language}/accounts/login/", {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content
    return browser


def reauthenticated(user, language="en"):
    """A browser whose user has just typed their password again (allauth's check)."""
    browser = logged_in(user, language)
    response = browser.post(f"/{language}/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content
    return browser


def session_rows_of(user):
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


# ---------------------------------------------------------------- the login email


def test_changing_the_login_email_asks_for_the_password_again(client, member, mailoutbox):
    client.force_login(member)  # a login that is not recent
    response = client.post("/en/accounts/email/", {"email": "new@example.org", "action_add": ""})
    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response.url
    member.refresh_from_db()
    assert member.email != "new@example.org"
    assert not EmailAddress.objects.filter(email="new@example.org").exists()
    assert mailoutbox == []


def test_the_password_typed_again_lets_the_change_go_on(member, mailoutbox):
    browser = logged_in(member)  # logging in is not enough: the password is asked again
    response = browser.post("/en/accounts/email/", {"email": "new@example.org", "action_add": ""})
    assert "/accounts/reauthenticate/" in response.url
    assert mailoutbox == []
    browser.post(response.url, {"password": PASSWORD})
    assert [m.to for m in mailoutbox] == [["new@example.org"]]


def test_the_login_email_changes_only_once_the_new_address_is_confirmed(member, mailoutbox):
    old_email = member.email
    browser = reauthenticated(member)
    response = browser.post("/en/accounts/email/", {"email": "New@Example.org", "action_add": ""})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == old_email  # not yet
    assert [m.to for m in mailoutbox] == [["new@example.org"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    path = link[link.index("/en/") :]
    assert browser.get(path).status_code == 200
    assert browser.post(path).status_code == 302
    member.refresh_from_db()
    assert member.email == "new@example.org"
    # Meeting invitations and answer links go to the person's address: it follows.
    member.person.refresh_from_db()
    assert member.person.email == "new@example.org"
    # The old address no longer logs in; the new one does.
    assert (
        Client().post("/en/accounts/login/", {"login": old_email, "password": PASSWORD}).status_code
        == 200
    )
    logged_in(member)


def test_another_account_s_address_is_a_clear_form_error_and_nothing_changes(
    member, other_member, mailoutbox
):
    browser = reauthenticated(member, language="fr")
    response = browser.post(
        "/fr/accounts/email/", {"email": other_member.email.upper(), "action_add": ""}
    )
    assert response.status_code == 200
    assert "déjà l’identifiant d’un autre compte" in response.content.decode()
    member.refresh_from_db()
    assert member.email != other_member.email
    assert not EmailAddress.objects.filter(user=member).exclude(email=member.email).exists()
    assert mailoutbox == []


def test_an_address_taken_before_it_is_confirmed_is_refused_without_an_error_page(
    member, mailoutbox
):
    browser = reauthenticated(member)
    browser.post("/en/accounts/email/", {"email": "wanted@example.org", "action_add": ""})
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    UserFactory(email="wanted@example.org")  # staff gave it to someone else meanwhile
    response = browser.post(link[link.index("/en/") :], follow=True)
    assert response.status_code == 200
    assert "has become the login of another account" in response.content.decode()
    member.refresh_from_db()
    assert member.email != "wanted@example.org"


# ---------------------------------------------------------------- password reset


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, member):
    unknown = client.post("/fr/accounts/password/reset/", {"email": "personne@example.org"})
    assert mail.outbox == []
    known = client.post("/fr/accounts/password/reset/", {"email": member.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert client.get(unknown.url).status_code == 200


# ---------------------------------------------------------------- inactivity


def idle_for(browser, seconds):
    session = browser.session
    session[sessions.LAST_ACTIVITY] = sessions.now() - seconds
    session.save()


@pytest.mark.parametrize(
    ("who", "idle", "still_in"),
    [
        ("member", 7 * 3600, True),
        ("member", 8 * 3600 + 60, False),
        ("coordinator", 50 * 60, True),
        ("coordinator", 3600 + 60, False),
        ("member", 3600 + 60, True),
    ],
)
def test_a_session_ends_after_its_inactivity_limit(request, who, idle, still_in):
    user = request.getfixturevalue(who)
    browser = Client()
    browser.force_login(user)
    idle_for(browser, idle)
    response = browser.get("/fr/practices/mine/")
    if still_in:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith("/fr/accounts/login/")
        page = browser.get(response.url).content.decode()
        assert "sans activité" in page
        assert session_rows_of(user) == []


def test_activity_keeps_the_session_going(member):
    browser = Client()
    browser.force_login(member)
    idle_for(browser, 7 * 3600)
    assert browser.get("/fr/practices/mine/").status_code == 200
    # That request counted as activity: seven more hours are still within the limit.
    last = browser.session[sessions.LAST_ACTIVITY]
    assert sessions.now() - last < 60


def test_the_limits_are_settings(settings, member):
    settings.SESSION_IDLE_TIMEOUT_MEMBER = 120
    browser = Client()
    browser.force_login(member)
    idle_for(browser, 180)
    assert browser.get("/fr/practices/mine/").status_code == 302


# ---------------------------------------------------------------- ending every session


def test_deactivating_an_account_ends_its_sessions_for_good(member):
    phone, laptop = logged_in(member), logged_in(member)
    assert len(session_rows_of(member)) == 2
    member.is_active = False
    member.save()
    assert session_rows_of(member) == []
    member.is_active = True
    member.save()
    for device in (phone, laptop):
        assert device.get("/en/practices/mine/").status_code == 302


def test_deactivating_in_the_admin_ends_the_sessions(client, staff, member):
    phone = logged_in(member)
    client.force_login(staff)
    page = client.get(f"/admin/stakeholders/user/{member.pk}/change/")
    assert page.status_code == 200
    data = {
        "email": member.email,
        "full_name": member.full_name,
        "date_joined_0": member.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": member.date_joined.strftime("%H:%M:%S"),
    }
    form = page.context["adminform"].form
    for name in form.fields:
        if name not in data and name not in {"password", "is_active", "last_login"}:
            value = form.initial.get(name)
            if value not in (None, False, []):
                data[name] = value
    response = client.post(f"/admin/stakeholders/user/{member.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert not member.is_active
    assert session_rows_of(member) == []
    assert phone.get("/en/practices/mine/").status_code == 302


def test_changing_the_password_deletes_the_other_sessions(member):
    phone, laptop = logged_in(member), logged_in(member)
    response = laptop.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "A-new-Password-2027",
            "password2": "A-new-Password-2027",
        },
    )
    assert response.status_code == 302
    rows = session_rows_of(member)
    assert len(rows) == 1
    assert rows[0].session_key == laptop.session.session_key
    assert laptop.get("/en/practices/mine/").status_code == 200
    assert phone.get("/en/practices/mine/").status_code == 302


def test_erasure_leaves_nothing_in_other_devices_sessions_and_stops_the_links(
    member, group, mailoutbox
):
    person = member.person
    meeting = MeetingFactory(group=group)
    attendance = AttendanceFactory(meeting=meeting, person=person)
    rsvp = meeting_services.rsvp_token(attendance)
    feed_token = CalendarToken.new_token()
    CalendarToken.objects.create(
        user=member, group=group, token_hash=CalendarToken.hash_token(feed_token)
    )
    phone, laptop = logged_in(member), logged_in(member)
    assert phone.get(f"/en/meetings/rsvp/{rsvp}/").status_code == 200
    email = member.email

    response = laptop.post("/en/accounts/my-data/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    assert not any(email in str(s.get_decoded()) for s in Session.objects.all())
    assert session_rows_of(member) == []
    assert phone.get("/en/practices/mine/").status_code == 302
    assert Client().get(f"/en/meetings/rsvp/{rsvp}/").status_code == 404
    assert Client().post(f"/en/meetings/rsvp/{rsvp}/", {"status": "confirmed"}).status_code == 404
    assert Client().get(f"/en/meetings/feed/{feed_token}.ics").status_code == 404


def test_login_email_keep_confirms_the_login_and_drops_unconfirmed_addresses(member):
    EmailAddress.objects.create(user=member, email="pending@example.org", verified=False)
    EmailAddress.objects.create(user=member, email="kept@example.org", verified=True)

    address = services.login_email_keep(user=member)

    assert (address.email, address.verified, address.primary) == (member.email, True, True)
    assert set(EmailAddress.objects.filter(user=member).values_list("email", "verified")) == {
        (member.email, True),
        ("kept@example.org", True),
    }
    # Called again (a second change asked for), nothing more changes.
    services.login_email_keep(user=member)
    assert EmailAddress.objects.filter(user=member).count() == 2


def test_login_email_keep_takes_the_stored_address_whatever_its_capitals_and_leaves_one_primary(
    member,
):
    EmailAddress.objects.create(user=member, email=member.email.upper(), verified=False)
    EmailAddress.objects.create(user=member, email="other@example.org", verified=True, primary=True)

    services.login_email_keep(user=member)

    rows = set(EmailAddress.objects.filter(user=member).values_list("email", "verified", "primary"))
    assert rows == {(member.email.upper(), True, True), ("other@example.org", True, False)}
