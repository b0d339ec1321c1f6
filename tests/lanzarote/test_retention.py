"""The retention job (``manage.py purge_expired_data``): what each period no longer covers
goes, the rest stays, and a second run deletes nothing. The clock is frozen."""

from datetime import UTC, datetime, timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from post_office.models import STATUS as EMAIL_STATUS
from post_office.models import Email

from lanzarote import retention
from meetings.models import CalendarToken
from stakeholders import privacy
from stakeholders.models import AuditEvent, FormSubmission, Invitation, Person
from tests.factories import PersonFactory, UserFactory, WorkingGroupFactory
from tests.meetings.factories import AttendanceFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 1, 10, 3, 0, tzinfo=UTC)


def days_ago(n):
    return NOW - timedelta(days=n)


def event_at(moment, action=AuditEvent.Action.LOGIN):
    with time_machine.travel(moment, tick=False):
        return AuditEvent.objects.create(action=action, ip="192.0.2.1")


def invitation(*, group, expires, accepted=None):
    return Invitation.objects.create(
        email="invitee@example.org",
        person=PersonFactory(),
        group=group,
        token_hash=Invitation.hash_token(Invitation.new_token()),
        expires_at=expires,
        accepted_at=accepted,
    )


def session_of(user, *, at, expiry=timedelta(days=14)):
    with time_machine.travel(at, tick=False):
        store = SessionStore()
        if user is not None:
            store["_auth_user_id"] = str(user.pk)
        store.set_expiry(expiry)
        store.create()
        return store.session_key


@pytest.fixture
def stored(db):
    """One row on each side of each retention period."""
    with time_machine.travel(NOW, tick=False):
        return _store()


def _store():
    group = WorkingGroupFactory()
    rows = {
        "old event": event_at(days_ago(366)),
        "recent event": event_at(days_ago(364)),
        "used long ago": invitation(group=group, expires=days_ago(40), accepted=days_ago(31)),
        "used lately": invitation(group=group, expires=days_ago(20), accepted=days_ago(29)),
        "expired long ago": invitation(group=group, expires=days_ago(31)),
        "expired lately": invitation(group=group, expires=days_ago(2)),
        "pending": invitation(group=group, expires=NOW + timedelta(days=3)),
    }
    user = UserFactory()
    for name, revoked in [("revoked long ago", 31), ("revoked lately", 5), ("active", None)]:
        rows[name] = CalendarToken.objects.create(
            user=user,
            group=group,
            token_hash=CalendarToken.hash_token(CalendarToken.new_token()),
            revoked_at=days_ago(revoked) if revoked else None,
        )
    for name, age in [("old form token", 31), ("recent form token", 29)]:
        with time_machine.travel(days_ago(age), tick=False):
            rows[name] = FormSubmission.objects.create(token=f"{name:_<22}".replace(" ", "_"))
    # An erased person who attended a meeting keeps a nameless record; one who did not goes.
    attended, forgotten = PersonFactory(user=UserFactory()), PersonFactory()
    AttendanceFactory(person=attended)
    rows["erased attendee"], rows["erased, unreferenced"] = attended, forgotten
    rows["person"] = PersonFactory()
    erased_account = SimpleNamespace(pk=attended.user.pk)
    rows["user's session"] = session_of(user, at=days_ago(1))
    rows["anonymous session"] = session_of(None, at=days_ago(1))
    rows["expired session"] = session_of(user, at=days_ago(20))
    for person in (attended, forgotten):
        privacy.erase_person(person=person, by=None)
    # The erasure ended the account's sessions; one left from before it did (or written
    # back by a request under way) is the purge's to find.
    rows["erased user's session"] = session_of(erased_account, at=days_ago(1))
    rows["email sent long ago"] = email_at(days_ago(31), EMAIL_STATUS.sent)
    rows["email given up long ago"] = email_at(days_ago(31), EMAIL_STATUS.failed)
    rows["email sent lately"] = email_at(days_ago(29), EMAIL_STATUS.sent)
    rows["email still waiting"] = email_at(days_ago(40), EMAIL_STATUS.requeued)
    return rows


def email_at(moment, status):
    """An email of the outbox, last touched at ``moment``."""
    email = Email.objects.create(
        from_email="portal@example.org",
        to=["someone@example.org"],
        subject="s",
        message="m",
        status=status,
    )
    Email.objects.filter(pk=email.pk).update(last_updated=moment)
    return email


def exists(row):
    if isinstance(row, str):
        return Session.objects.filter(session_key=row).exists()
    return type(row).objects.filter(pk=row.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_the_purge_keeps_exactly_what_the_periods_cover(stored):
    counts = retention.purge()
    gone = {name for name, row in stored.items() if not exists(row)}
    assert gone == {
        "old event",
        "used long ago",
        "expired long ago",
        "revoked long ago",
        "old form token",
        "erased, unreferenced",
        "erased user's session",
        "expired session",
        "email sent long ago",
        "email given up long ago",
    }
    assert counts == {
        "audit events": 1,
        "invitations": 2,
        "revoked calendar addresses": 1,
        "form tokens": 1,
        "erased people": 1,
        "unconfirmed subscriptions": 0,  # tests/subscriptions/test_privacy.py
        "sent reminders": 0,
        "unconfirmed proposals": 0,  # tests/proposals/test_retention.py
        "proposers' personal data": 0,
        "expired sessions": 1,
        "sessions of deleted accounts": 1,
        "emails sent": 2,
        "email attachments": 0,
    }


@time_machine.travel(NOW, tick=False)
def test_a_second_run_deletes_nothing(stored):
    retention.purge()
    assert set(retention.purge().values()) == {0}


@time_machine.travel(NOW, tick=False)
def test_the_periods_come_from_the_settings(stored, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    settings.INVITATION_RETENTION_DAYS = 1
    settings.TOKEN_RETENTION_DAYS = 1
    retention.purge()
    assert not exists(stored["recent event"])
    assert not exists(stored["used lately"])
    assert not exists(stored["expired lately"])
    assert not exists(stored["revoked lately"])
    assert exists(stored["pending"])
    assert exists(stored["active"])


@time_machine.travel(NOW, tick=False)
def test_the_command_says_what_it_deleted_and_a_dry_run_deletes_nothing(stored):
    out = StringIO()
    call_command("purge_expired_data", "--dry-run", stdout=out)
    assert "would delete 1 audit events" in out.getvalue()
    assert "would delete 2 invitations" in out.getvalue()
    assert exists(stored["old event"])
    assert exists(stored["erased user's session"])

    out = StringIO()
    call_command("purge_expired_data", stdout=out)
    assert "deleted 1 audit events" in out.getvalue()
    assert "deleted 1 sessions of deleted accounts" in out.getvalue()
    assert not exists(stored["old event"])


def test_the_nameless_record_of_an_erased_person_stays_while_a_meeting_needs_it(db):
    person = PersonFactory()
    attendance = AttendanceFactory(person=person)
    privacy.erase_person(person=person, by=None)
    retention.purge()
    assert Person.objects.filter(pk=person.pk).exists()
    attendance.refresh_from_db()
    assert attendance.person_id == person.pk
    attendance.meeting.delete()
    retention.purge()
    assert not Person.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "the network (IP) address of the device used"),
        ("fr", "l’adresse réseau (IP) de l’appareil utilisé"),
    ],
)
def test_the_privacy_page_says_that_addresses_are_logged_and_for_how_long(
    client, settings, lang, text
):
    settings.AUDIT_RETENTION_DAYS = 180
    content = client.get(f"/{lang}/privacy/").content.decode()
    assert text in content
    assert ("after 180 days" if lang == "en" else "au bout de 180 jours") in content
