"""action-due (due within three days, to the owner, once per item and due date) and the
weekly overdue digests (owners; coordinators for their groups only)."""

from datetime import timedelta

import pytest

from meetings.models import ActionItem
from reminders import jobs
from tests.meetings.factories import ActionItemFactory, MeetingFactory, directory_person

from .conftest import MONDAY_EARLY, MONDAY_EIGHT, WEDNESDAY, action_for, to

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------- action-due


def test_the_owner_is_reminded_of_items_due_within_three_days_in_one_email(
    clock, run_job, mailoutbox, group, member
):
    clock(WEDNESDAY)
    today_item = action_for(member, group=group, due_in_days=0, title="Relire la convention")
    soon_item = action_for(member, group=group, due_in_days=3, title="Appeler le parquet")
    action_for(member, group=group, due_in_days=4, title="Trop tard pour ce rappel")

    assert run_job() == 1

    (message,) = to(mailoutbox, member)
    assert today_item.title in message.body
    assert soon_item.title in message.body
    assert "Trop tard pour ce rappel" not in message.body
    assert "https://portal.example.org/fr/meetings/actions/" in message.body
    assert message.subject == "Rappel\u00a0: 2 actions arrivent à échéance"


def test_a_due_item_is_reminded_once_across_runs_and_days_a_new_one_the_next_day(
    clock, run_job, mailoutbox, group, member
):
    clock(WEDNESDAY)
    first = action_for(member, group=group, due_in_days=2, title="Premier")
    assert run_job() == 1
    assert run_job() == 0
    clock(WEDNESDAY + timedelta(days=1))
    assert run_job() == 0  # the same item, still due: already reminded
    second = action_for(member, group=group, due_in_days=3, title="Second")
    clock(WEDNESDAY + timedelta(days=1, hours=1))
    assert run_job() == 1
    assert run_job() == 0
    first_email, second_email = to(mailoutbox, member)
    assert first.title in first_email.body
    assert second.title in second_email.body and first.title not in second_email.body


def test_a_due_item_whose_date_changes_is_reminded_again(clock, run_job, mailoutbox, group, member):
    clock(WEDNESDAY)
    item = action_for(member, group=group, due_in_days=1)
    run_job()
    ActionItem.objects.filter(pk=item.pk).update(due_on=item.due_on + timedelta(days=2))
    assert run_job() == 1


@pytest.mark.parametrize("status", [ActionItem.Status.DONE, ActionItem.Status.DROPPED])
def test_no_reminder_for_a_finished_item(clock, run_job, mailoutbox, group, member, status):
    clock(WEDNESDAY)
    action_for(member, group=group, due_in_days=1, status=status)
    assert run_job() == 0


def test_an_owner_without_an_account_gets_no_email(clock, run_job, mailoutbox, group):
    clock(WEDNESDAY)
    person = directory_person(group)
    ActionItemFactory(meeting=MeetingFactory(group=group), owner=person)
    assert run_job() == 0
    assert mailoutbox == []


def test_an_english_owner_gets_english(clock, run_job, mailoutbox, group, member):
    member.language = "en"
    member.save()
    clock(WEDNESDAY)
    action_for(member, group=group, due_in_days=1)
    run_job()
    (message,) = mailoutbox
    assert message.subject == "Reminder: an action item is due soon"
    assert "https://portal.example.org/en/meetings/actions/" in message.body


# --------------------------------------------------------------------- overdue digests


def test_the_weekly_digest_waits_for_monday_eight_then_goes_once_that_week(
    clock, run_job, mailoutbox, group, member
):
    clock(MONDAY_EARLY - timedelta(days=3))
    action_for(member, group=group, due_in_days=1, title="En retard depuis vendredi")
    clock(MONDAY_EARLY)
    assert run_job() == 0
    clock(MONDAY_EIGHT)
    assert run_job() == 1
    assert run_job() == 0
    clock(WEDNESDAY)
    assert run_job() == 0
    (message,) = to(mailoutbox, member)
    assert "En retard depuis vendredi" in message.body
    assert message.subject == "Votre action en retard"


def test_the_weekly_digest_goes_again_the_next_week(clock, run_job, mailoutbox, group, member):
    clock(MONDAY_EIGHT - timedelta(days=3))
    action_for(member, group=group, due_in_days=1)
    clock(MONDAY_EIGHT)
    assert run_job() == 1
    clock(MONDAY_EIGHT + timedelta(days=7))
    assert run_job() == 1
    assert len(to(mailoutbox, member)) == 2


def test_a_digest_missed_on_monday_goes_later_in_the_week(
    clock, run_job, mailoutbox, group, member
):
    clock(MONDAY_EIGHT - timedelta(days=3))
    action_for(member, group=group, due_in_days=1)
    clock(WEDNESDAY)  # the worker was down on Monday
    assert run_job() == 1


def test_no_digest_without_overdue_items(clock, run_job, mailoutbox, group, member):
    clock(MONDAY_EIGHT)
    action_for(member, group=group, due_in_days=10)
    assert run_job() == 0


def test_the_coordinator_gets_the_groups_overdue_items_never_another_groups(
    clock, run_job, mailoutbox, group, other_group, member, coordinator, coordinator_b
):
    other_member = directory_person(other_group)
    clock(MONDAY_EIGHT - timedelta(days=5))
    mine = action_for(member, group=group, due_in_days=1, title="Action du groupe A")
    ActionItemFactory(
        meeting=MeetingFactory(group=other_group),
        owner=other_member,
        title="Action du groupe B",
        due_on=mine.due_on,
    )
    clock(MONDAY_EIGHT)
    run_job()

    (digest_a,) = to(mailoutbox, coordinator)
    assert digest_a.subject == "Actions en retard de vos groupes de travail"
    assert "Action du groupe A" in digest_a.body
    assert person_name(mine) in digest_a.body
    assert "Action du groupe B" not in digest_a.body
    (digest_b,) = to(mailoutbox, coordinator_b)
    assert "Action du groupe B" in digest_b.body
    assert "Action du groupe A" not in digest_b.body


def person_name(item):
    return item.owner.full_name


def test_week_key_is_the_iso_week_from_monday_eight_in_paris():
    assert jobs.week_key(MONDAY_EARLY) is None
    assert jobs.week_key(MONDAY_EIGHT) == "2026-W50"
    assert jobs.week_key(WEDNESDAY) == "2026-W50"
    # Sunday night in Paris is still the same week.
    assert jobs.week_key(MONDAY_EIGHT + timedelta(days=6, hours=15)) == "2026-W50"
