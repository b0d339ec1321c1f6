"""What a weekly digest reports is what stood on its Monday at 08:00 (nothing new mid-week);
reminders go only to those who still belong (members of the meeting's group, coordinators
of the invitation's group), not to those just invited; every reminder says where to
choose them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stakeholders.models import Membership
from tests.factories import member_user

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


def test_an_item_overdue_only_since_tuesday_waits_for_next_monday_s_digest(
    clock, run_job, mailoutbox, group, member
):
    clock(MONDAY_EIGHT)
    action_for(member, group=group, due_in_days=1)  # due Tuesday
    assert run_job() == 1  # "due within three days"
    clock(WEDNESDAY)
    assert run_job() == 0  # overdue now, but the week's digest stood on Monday
    clock(MONDAY_EIGHT + timedelta(days=7))
    assert run_job() >= 1
    first, digest = to(mailoutbox, member)
    assert "retard" in digest.subject


def test_a_suggestion_made_during_the_week_is_not_in_that_week_s_digest(
    clock, run_job, mailoutbox, group, member, coordinator
):
    clock(WEDNESDAY)
    late = suggestion(group, author=member)
    late.created_at = timezone.now() - timedelta(hours=1)
    late.save()
    assert run_job() == 0
    clock(MONDAY_EIGHT + timedelta(days=7))
    assert run_job() == 1
    (digest,) = to(mailoutbox, coordinator)
    assert late.text in digest.body


def test_someone_invited_within_the_day_is_not_reminded_the_invitation_was_enough(
    clock, run_job, mailoutbox, group, member
):
    clock(WEDNESDAY)
    invite(meeting_in(group, hours=30), member, days_ago=0)
    assert run_job() == 0
    assert to(mailoutbox, member) == []


def test_someone_no_longer_in_the_group_is_not_sent_the_agenda(
    clock, run_job, mailoutbox, group, member
):
    clock(WEDNESDAY)
    invite(meeting_in(group, hours=30), member)
    Membership.objects.filter(person__user=member, group=group).delete()
    assert run_job() == 0
    assert to(mailoutbox, member) == []


def test_an_invitation_reminder_goes_only_to_someone_who_still_coordinates_the_group(
    clock, run_job, mailoutbox, group, coordinator
):
    clock(WEDNESDAY)
    invitation_by(coordinator, group=group, expires_in_hours=5)
    Membership.objects.filter(person__user=coordinator, group=group).update(
        role=Membership.Role.MEMBER
    )
    assert run_job() == 0
    assert to(mailoutbox, coordinator) == []


def test_every_reminder_says_where_to_choose_them(clock, run_job, mailoutbox, group, member):
    clock(WEDNESDAY)
    action_for(member, group=group, due_in_days=2)
    invite(meeting_in(group, hours=30), member)
    other = member_user(group)
    action_for(other, group=group, due_in_days=1)
    assert run_job() >= 3
    for message in mailoutbox:
        assert "https://portal.example.org/fr/compte/#reminders-heading" in message.body
