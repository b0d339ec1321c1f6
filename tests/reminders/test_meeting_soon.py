"""meeting-soon: a planned meeting within 48 hours, to each invitee with an account who
has not declined, with the agenda and the calendar file, once per start time."""

from datetime import timedelta

import pytest

from meetings.models import Attendance, Meeting
from reminders.models import SentReminder
from tests.factories import member_user
from tests.meetings.factories import directory_person, ics_attachment, parse_ics

from .conftest import WEDNESDAY, invite, meeting_in, to

pytestmark = pytest.mark.django_db


def test_an_invitee_is_reminded_of_a_meeting_starting_within_two_days_with_agenda_and_ics(
    clock, run_job, mailoutbox, group, member
):
    clock(WEDNESDAY)
    meeting = meeting_in(group, hours=47, title="Plénière d’hiver")
    invite(meeting, member)

    assert run_job() == 1

    (message,) = to(mailoutbox, member)
    assert "Plénière d’hiver" in message.subject
    assert message.subject.startswith("Rappel")  # French by default
    body = message.body
    # The agenda, in its order.
    assert body.index("1. Accueil des nouveaux membres") < body.index("2. Bilan des signalements")
    assert f"https://portal.example.org/fr/meetings/{meeting.pk}/" in body
    # Not answered yet: the answer link is there.
    assert "https://portal.example.org/fr/meetings/rsvp/" in body
    content, mimetype = ics_attachment(message)
    assert mimetype.startswith("text/calendar")
    _calendar, (event,) = parse_ics(content)
    assert str(event["uid"]) == f"meeting-{meeting.uid}@lanzarote"
    assert str(event["summary"]) == "Plénière d’hiver"


def test_no_reminder_for_a_meeting_more_than_two_days_ahead_then_one_once_within(
    clock, run_job, mailoutbox, group, member
):
    clock(WEDNESDAY)
    meeting = meeting_in(group, hours=49)
    invite(meeting, member)
    assert run_job() == 0
    clock(WEDNESDAY + timedelta(hours=2))  # now 47 hours ahead
    assert run_job() == 1
    clock(WEDNESDAY + timedelta(hours=30))
    assert run_job() == 0
    assert len(to(mailoutbox, member)) == 1


def test_no_reminder_once_the_meeting_has_started(clock, run_job, mailoutbox, group, member):
    clock(WEDNESDAY)
    meeting = meeting_in(group, hours=1)
    invite(meeting, member)
    clock(WEDNESDAY + timedelta(hours=2))
    assert run_job() == 0
    assert mailoutbox == []


def test_the_reminder_is_sent_once_across_two_runs(clock, run_job, mailoutbox, group, member):
    clock(WEDNESDAY)
    invite(meeting_in(group, hours=20), member)
    assert run_job() == 1
    assert run_job() == 0
    assert len(mailoutbox) == 1
    assert SentReminder.objects.count() == 1


def test_a_meeting_moved_to_another_time_within_two_days_is_announced_again(
    clock, run_job, mailoutbox, group, member
):
    clock(WEDNESDAY)
    meeting = meeting_in(group, hours=20)
    invite(meeting, member)
    run_job()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at + timedelta(hours=3),
        ends_at=meeting.ends_at + timedelta(hours=3),
    )
    assert run_job() == 1
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("status", [Meeting.Status.CANCELLED, Meeting.Status.HELD])
def test_no_reminder_for_a_cancelled_or_held_meeting(
    clock, run_job, mailoutbox, group, member, status
):
    clock(WEDNESDAY)
    invite(meeting_in(group, hours=20, status=status), member)
    assert run_job() == 0
    assert mailoutbox == []


def test_who_declined_was_excused_or_has_no_account_gets_no_reminder_the_confirmed_does(
    clock, run_job, mailoutbox, group, member, coordinator
):
    clock(WEDNESDAY)
    meeting = meeting_in(group, hours=20)
    invite(meeting, member, status=Attendance.Status.DECLINED)
    invite(meeting, coordinator, status=Attendance.Status.CONFIRMED)
    excused = member_user(group)
    invite(meeting, excused, status=Attendance.Status.EXCUSED)
    without_account = directory_person(group)
    Attendance.objects.create(meeting=meeting, person=without_account)

    assert run_job() == 1

    (message,) = mailoutbox
    assert message.to == [coordinator.email]
    # Already answered: no answer link.
    assert "/meetings/rsvp/" not in message.body


def test_an_english_invitee_gets_the_reminder_in_english(clock, run_job, mailoutbox, group, member):
    member.language = "en"
    member.save()
    clock(WEDNESDAY)
    meeting = meeting_in(group, hours=20, title="Winter plenary")
    invite(meeting, member)
    run_job()
    (message,) = mailoutbox
    assert message.subject.startswith("Reminder: Winter plenary")
    assert "Agenda:" in message.body
    assert f"https://portal.example.org/en/meetings/{meeting.pk}/" in message.body


def test_the_reminder_of_an_online_meeting_carries_the_join_address_not_the_link(
    clock, run_job, mailoutbox, group, member
):
    clock(WEDNESDAY)
    meeting = meeting_in(
        group,
        hours=30,
        title="Plénière en ligne",
        online_url="https://visio.example.org/salle-Jade",
    )
    invite(meeting, member)

    assert run_job() == 1

    (message,) = to(mailoutbox, member)
    assert f"https://portal.example.org/fr/meetings/{meeting.pk}/join/" in message.body
    assert "salle-Jade" not in message.body
    content, _mimetype = ics_attachment(message)
    text = content if isinstance(content, str) else content.decode()
    assert "salle-Jade" not in text.replace("\r\n ", "")
