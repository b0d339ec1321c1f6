"""Coordinators are reminded of their territory's protocols to review or renew."""

import datetime

import pytest

from protocols.models import Protocol
from stakeholders.choices import ReminderKind
from tests.protocols.factories import ProtocolFactory

from .conftest import MONDAY_EIGHT, to

pytestmark = pytest.mark.django_db


def day(n):
    return MONDAY_EIGHT.date() + datetime.timedelta(days=n)


def test_coordinator_is_reminded_once_per_protocol_and_review_date(
    clock, run_job, mailoutbox, group, coordinator, member, other_coordinator
):
    clock(MONDAY_EIGHT)
    soon = ProtocolFactory(territory=group.territory, title_fr="Bientôt", next_review_on=day(30))
    ProtocolFactory(territory=group.territory, title_fr="Plus tard", next_review_on=day(200))
    ProtocolFactory(
        territory=group.territory,
        title_fr="En préparation",
        status=Protocol.Status.IN_PREPARATION,
        next_review_on=day(10),
    )
    run_job()
    sent = to(mailoutbox, coordinator)
    assert len(sent) == 1
    assert "Bientôt" in sent[0].body and soon.get_absolute_url() in sent[0].body
    assert "Plus tard" not in sent[0].body and "En préparation" not in sent[0].body
    assert not to(mailoutbox, member) and not to(mailoutbox, other_coordinator)

    mailoutbox.clear()
    run_job()
    assert not to(mailoutbox, coordinator)

    # A new review date is announced again.
    soon.next_review_on = day(45)
    soon.save()
    run_job()
    assert len(to(mailoutbox, coordinator)) == 1


def test_the_reminder_can_be_turned_off(clock, run_job, mailoutbox, group, coordinator):
    clock(MONDAY_EIGHT)
    coordinator.reminders_off = [ReminderKind.PROTOCOLS_DUE]
    coordinator.save()
    ProtocolFactory(territory=group.territory, next_review_on=day(5))
    run_job()
    assert not to(mailoutbox, coordinator)


def test_the_reminder_is_in_the_coordinators_language(
    clock, run_job, mailoutbox, group, coordinator
):
    clock(MONDAY_EIGHT)
    coordinator.language = "en"
    coordinator.save()
    ProtocolFactory(territory=group.territory, title_en="Joint interviews", next_review_on=day(-3))
    run_job()
    [email] = to(mailoutbox, coordinator)
    assert "Joint interviews" in email.body
    assert "/en/" in email.body
