"""Fixtures of the reminder tests: a frozen clock, the job run with its commit, and the
people and records each kind of reminder is about. People are fictional."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from meetings.models import Attendance
from practices.models import Improvement
from reminders import jobs
from stakeholders.models import Invitation, Membership
from tests.factories import PersonFactory, member_user
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    person_of,
)
from tests.practices.factories import PracticeFactory

PARIS = ZoneInfo("Europe/Paris")
# A Wednesday in the middle of ISO week 2026-W50, 10:00 in Paris.
WEDNESDAY = datetime(2026, 12, 9, 10, 0, tzinfo=PARIS)
# The Monday of that week, just before and at 08:00 in Paris (the weekly digests' time).
MONDAY_EARLY = datetime(2026, 12, 7, 7, 59, tzinfo=PARIS)
MONDAY_EIGHT = datetime(2026, 12, 7, 8, 0, tzinfo=PARIS)


@pytest.fixture
def clock():
    """``clock(moment)`` freezes the time at ``moment`` (until the test ends or the next
    call); every factory and the job read it."""
    travellers = []

    def freeze(moment):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield freeze
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def run_job(django_capture_on_commit_callbacks):
    """Run the job as the worker does: its emails leave once its transactions commit."""

    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return jobs.run(now)

    return run


def to(mailoutbox, user) -> list:
    """The emails sent to ``user``."""
    return [message for message in mailoutbox if message.to == [user.email]]


def invite(meeting, user, status=Attendance.Status.INVITED, *, days_ago=3):
    """``user`` invited to ``meeting`` some days ago (an invitation of the last day is its
    own reminder)."""
    return AttendanceFactory(
        meeting=meeting,
        person=person_of(user),
        status=status,
        invited_at=timezone.now() - timedelta(days=days_ago),
    )


def meeting_in(group, *, hours, **fields):
    """A planned meeting of ``group`` starting ``hours`` from now, with two agenda items."""
    starts = timezone.now() + timedelta(hours=hours)
    meeting = MeetingFactory(
        group=group, starts_at=starts, ends_at=starts + timedelta(hours=2), **fields
    )
    AgendaItemFactory(meeting=meeting, position=2, title="Bilan des signalements")
    AgendaItemFactory(meeting=meeting, position=1, title="Accueil des nouveaux membres")
    return meeting


def action_for(user, *, group, due_in_days, **fields):
    """An open action item of ``user`` from a meeting of ``group``, due in ``due_in_days``."""
    return ActionItemFactory(
        meeting=fields.pop("meeting", None) or MeetingFactory(group=group),
        owner=person_of(user),
        due_on=timezone.localdate() + timedelta(days=due_in_days),
        **fields,
    )


def invitation_by(user, *, group, expires_in_hours, email="nouvelle@example.org"):
    person = PersonFactory(email=email)
    return Invitation.objects.create(
        email=email,
        person=person,
        group=group,
        role=Membership.Role.MEMBER,
        token_hash=Invitation.hash_token(Invitation.new_token()),
        invited_by=user,
        expires_at=timezone.now() + timedelta(hours=expires_in_hours),
    )


def suggestion(group, *, author, text="Ajouter un numéro d’urgence pour les familles."):
    """An open suggestion, made a week ago (a weekly digest reports those waiting since
    before its Monday)."""
    practice = PracticeFactory(group=group)
    improvement = Improvement.objects.create(practice=practice, author=author, text=text)
    Improvement.objects.filter(pk=improvement.pk).update(
        created_at=timezone.now() - timedelta(days=7)
    )
    improvement.refresh_from_db()
    return improvement


@pytest.fixture
def coordinator_b(other_group):
    return member_user(other_group, role=Membership.Role.COORDINATOR)
