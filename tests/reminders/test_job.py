"""The job itself: bounded queries, concurrent runs, a failing kind, the command, and the
reminders' data in the personal data export and the retention purge."""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lanzarote import retention
from reminders import jobs
from reminders.models import SentReminder
from stakeholders import privacy
from stakeholders.choices import ReminderKind
from stakeholders.models import Membership
from tests.factories import member_user
from tests.meetings.factories import MeetingFactory
from tests.protocols.factories import ProtocolFactory

from .conftest import (
    MONDAY_EIGHT,
    WEDNESDAY,
    action_for,
    invitation_by,
    invite,
    meeting_in,
    suggestion,
    to,
)

pytestmark = pytest.mark.django_db


def _fill(n, *, group, member, coordinator):
    """``n`` rows of every kind, all due at MONDAY_EIGHT, for the same few people."""
    for i in range(n):
        meeting = meeting_in(group, hours=20 + i)
        invite(meeting, member)
        action_for(member, group=group, due_in_days=1 + i % 3)
        action_for(member, group=group, due_in_days=-1 - i, meeting=meeting)
        invitation_by(coordinator, group=group, expires_in_hours=5, email=f"n{i}@example.org")
        suggestion(group, author=member, text=f"Suggestion {i}")
        ProtocolFactory(territory=group.territory, next_review_on=MONDAY_EIGHT.date())


@pytest.mark.parametrize("n", [2, 10])
def test_the_number_of_queries_does_not_grow_with_the_rows(
    clock, run_job, mailoutbox, django_assert_max_num_queries, group, member, coordinator, n
):
    clock(MONDAY_EIGHT)
    _fill(n, group=group, member=member, coordinator=coordinator)
    with django_assert_max_num_queries(35):
        written = run_job()
    # n meetings, and one email of each other kind (the coordinator's overdue digest too).
    assert written == n + 6


def test_two_runs_at_the_same_time_write_each_reminder_once(
    clock, run_job, mailoutbox, group, member
):
    """The second run read the records before the first one wrote them: its rows are
    refused by the unique constraint and it writes nothing twice."""
    clock(WEDNESDAY)
    invite(meeting_in(group, hours=20), member)
    action_for(member, group=group, due_in_days=1)
    stale = jobs._unsent

    assert run_job() == 2
    seen = []

    def unsent_as_read_too_early(emails):
        if not seen:
            seen.append(True)
            return emails  # everything looks unsent: the bulk insert collides
        return stale(emails)

    with mock.patch.object(jobs, "_unsent", side_effect=unsent_as_read_too_early):
        assert run_job() == 0
    assert len(mailoutbox) == 2
    assert SentReminder.objects.count() == 2


def test_a_partly_sent_email_is_written_with_the_items_left(
    clock, run_job, mailoutbox, group, member
):
    """Another run recorded one of two due items meanwhile: the email names the other."""
    clock(WEDNESDAY)
    first = action_for(member, group=group, due_in_days=1, title="Déjà rappelée")
    second = action_for(member, group=group, due_in_days=2, title="Pas encore")
    emails = jobs.actions_due(WEDNESDAY)
    SentReminder.objects.create(
        kind=ReminderKind.ACTION_DUE,
        object_key=f"action:{first.pk}",
        user=member,
        period=first.due_on.isoformat(),
    )
    with mock.patch.object(jobs, "_unsent", side_effect=lambda e: e):
        assert run_job_with(run_job, emails) == 1
    (message,) = mailoutbox
    assert second.title in message.body and first.title not in message.body


def run_job_with(run_job, emails):
    with mock.patch.dict(jobs.KINDS, {kind: (lambda now: []) for kind in jobs.KINDS}):
        jobs.KINDS[ReminderKind.ACTION_DUE] = lambda now: emails
        return run_job()


def test_a_failing_kind_does_not_stop_the_others_and_is_reported(
    clock, run_job, mailoutbox, group, member
):
    clock(WEDNESDAY)
    action_for(member, group=group, due_in_days=1)
    invite(meeting_in(group, hours=20), member)
    broken = mock.patch.object(jobs, "_meeting_context", side_effect=RuntimeError("broken"))
    with broken, pytest.raises(jobs.RemindersFailed) as failure:
        run_job()
    assert failure.value.written == 1
    assert [kind for kind, _error in failure.value.failed] == [ReminderKind.MEETING_SOON]
    assert len(mailoutbox) == 1
    # Nothing of the failed kind was recorded: the next run sends it.
    assert run_job() == 1


def test_the_command_runs_the_job_at_the_given_moment(
    clock, django_capture_on_commit_callbacks, mailoutbox, group, member
):
    clock(WEDNESDAY)
    MeetingFactory(group=group)
    action_for(member, group=group, due_in_days=5)
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue() == "0 reminder email(s) written\n"
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "send_reminders", "--now", (WEDNESDAY + timedelta(days=3)).isoformat(), stdout=out
        )
    assert "1 reminder email(s) written" in out.getvalue()
    assert len(to(mailoutbox, member)) == 1


def test_the_command_refuses_a_bad_moment(db):
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("send_reminders", "--now", "next monday")


def test_the_export_holds_the_choices_and_the_reminders_sent(clock, run_job, group, member):
    member.reminders_off = ["overdue-digest"]
    member.save()
    clock(WEDNESDAY)
    action_for(member, group=group, due_in_days=1)
    run_job()
    data = privacy.personal_data(member)
    assert data["account"]["reminders_off"] == ["overdue-digest"]
    (sent,) = data["reminders_sent"]
    assert sent["kind"] == "action-due"
    assert sent["sent"].startswith("2026-12-09")


def test_the_purge_deletes_records_of_reminders_older_than_a_year(clock, group, member):
    clock(WEDNESDAY)
    old = SentReminder.objects.create(
        kind="action-due",
        object_key="action:1",
        user=member,
        period="2025-12-01",
        sent_at=WEDNESDAY - timedelta(days=366),
    )
    recent = SentReminder.objects.create(
        kind="action-due", object_key="action:2", user=member, period="2026-12-10"
    )
    assert retention.purge()["sent reminders"] == 1
    assert not SentReminder.objects.filter(pk=old.pk).exists()
    assert SentReminder.objects.filter(pk=recent.pk).exists()


def test_a_coordinator_of_two_groups_gets_one_digest_with_both(
    clock, run_job, mailoutbox, group, other_group, member, other_member
):
    both = member_user(group, role="coordinator")
    Membership.objects.create(person=both.person, group=other_group, role="coordinator")
    clock(MONDAY_EIGHT - timedelta(days=3))
    action_for(member, group=group, due_in_days=1, title="Action A")
    action_for(other_member, group=other_group, due_in_days=1, title="Action B")
    clock(MONDAY_EIGHT)
    run_job()
    (digest,) = to(mailoutbox, both)
    assert "Action A" in digest.body and "Action B" in digest.body


def test_the_privacy_page_says_how_long_the_record_of_reminders_is_kept(client, db):
    page = client.get("/fr/privacy/").content.decode()
    assert "La trace des rappels qui vous ont été envoyés" in page
    assert "365 jours" in page
