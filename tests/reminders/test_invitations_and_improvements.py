"""invitation-expiring (to the coordinator who sent them, one email listing them, once)
and improvements-waiting (at once when suggested, and weekly), to the right coordinators
only."""

from datetime import timedelta

import pytest

from practices import services as practice_services
from practices.models import Improvement
from stakeholders.models import Membership
from tests.factories import member_user
from tests.practices.factories import PracticeFactory

from .conftest import MONDAY_EARLY, MONDAY_EIGHT, WEDNESDAY, invitation_by, suggestion, to

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------- invitation-expiring


def test_the_sender_gets_one_email_listing_the_invitations_expiring_within_a_day(
    clock, run_job, mailoutbox, group, coordinator
):
    clock(WEDNESDAY)
    invitation_by(coordinator, group=group, expires_in_hours=5, email="alice@example.org")
    invitation_by(coordinator, group=group, expires_in_hours=23, email="bruno@example.org")
    invitation_by(coordinator, group=group, expires_in_hours=30, email="later@example.org")

    assert run_job() == 1

    (message,) = to(mailoutbox, coordinator)
    assert "alice@example.org" in message.body and "bruno@example.org" in message.body
    assert "later@example.org" not in message.body
    assert message.subject == "2 invitations que vous avez envoyées expirent demain"
    assert f"https://portal.example.org/fr/stakeholders/groups/{group.slug}/" in message.body


def test_an_expiring_invitation_is_reminded_once_the_next_one_when_it_comes_close(
    clock, run_job, mailoutbox, group, coordinator
):
    clock(WEDNESDAY)
    invitation_by(coordinator, group=group, expires_in_hours=5, email="alice@example.org")
    invitation_by(coordinator, group=group, expires_in_hours=30, email="bruno@example.org")
    assert run_job() == 1
    assert run_job() == 0
    clock(WEDNESDAY + timedelta(hours=7))
    assert run_job() == 1
    first, second = to(mailoutbox, coordinator)
    assert "bruno@example.org" in second.body and "alice@example.org" not in second.body


def test_accepted_or_expired_invitations_are_not_reminded(
    clock, run_job, mailoutbox, group, coordinator
):
    clock(WEDNESDAY)
    accepted = invitation_by(coordinator, group=group, expires_in_hours=5)
    accepted.accepted_at = WEDNESDAY
    accepted.save()
    invitation_by(coordinator, group=group, expires_in_hours=-1, email="gone@example.org")
    assert run_job() == 0


def test_another_coordinator_does_not_get_the_senders_reminder(
    clock, run_job, mailoutbox, group, coordinator
):
    colleague = member_user(group, role=Membership.Role.COORDINATOR)
    clock(WEDNESDAY)
    invitation_by(coordinator, group=group, expires_in_hours=5)
    run_job()
    assert to(mailoutbox, colleague) == []
    assert len(to(mailoutbox, coordinator)) == 1


# ---------------------------------------------------------- improvements, at once


def test_a_suggestion_is_emailed_at_once_to_the_groups_coordinators_only(
    django_capture_on_commit_callbacks,
    mailoutbox,
    group,
    member,
    coordinator,
    coordinator_b,
    staff,
):
    practice = PracticeFactory(group=group, title_fr="Salle d’audition adaptée")
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.improvement_create(
            practice=practice, author=member, text="Ajouter un numéro pour les familles."
        )
    (message,) = mailoutbox
    assert message.to == [coordinator.email]
    assert "Salle d’audition adaptée" in message.subject
    assert "Ajouter un numéro pour les familles." in message.body
    assert f"https://portal.example.org/fr/practices/{practice.slug}/improvements/" in (
        message.body
    )


def test_a_coordinator_suggesting_is_not_told_of_their_own_suggestion(
    django_capture_on_commit_callbacks, mailoutbox, group, coordinator
):
    colleague = member_user(group, role=Membership.Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.improvement_create(
            practice=PracticeFactory(group=group), author=coordinator, text="Une idée."
        )
    assert [message.to for message in mailoutbox] == [[colleague.email]]


def test_a_coordinator_who_turned_the_reminder_off_is_not_told_at_once(
    django_capture_on_commit_callbacks, mailoutbox, group, member, coordinator
):
    coordinator.reminders_off = ["improvements-waiting"]
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.improvement_create(
            practice=PracticeFactory(group=group), author=member, text="Une idée."
        )
    assert mailoutbox == []
    assert Improvement.objects.count() == 1


def test_an_english_coordinator_is_told_in_english(
    django_capture_on_commit_callbacks, mailoutbox, group, member, coordinator
):
    coordinator.language = "en"
    coordinator.save()
    practice = PracticeFactory(group=group, title_en="Child-friendly hearing room")
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.improvement_create(practice=practice, author=member, text="Une idée.")
    (message,) = mailoutbox
    assert message.subject == "Improvement suggested: Child-friendly hearing room"
    assert f"https://portal.example.org/en/practices/{practice.slug}/improvements/" in (
        message.body
    )


# ---------------------------------------------------------- improvements, weekly


def test_the_weekly_digest_of_waiting_suggestions_goes_to_each_groups_coordinators(
    clock, run_job, mailoutbox, group, other_group, member, other_member, coordinator, coordinator_b
):
    clock(MONDAY_EARLY - timedelta(days=2))
    waiting = suggestion(group, author=member, text="Suggestion du groupe A")
    answered = suggestion(group, author=member, text="Déjà traitée")
    answered.status = Improvement.Status.TAKEN_UP
    answered.save()
    suggestion(other_group, author=other_member, text="Suggestion du groupe B")
    clock(MONDAY_EARLY)
    assert run_job() == 0
    clock(MONDAY_EIGHT)
    run_job()

    (digest_a,) = to(mailoutbox, coordinator)
    assert digest_a.subject == "Suggestions d’amélioration en attente de votre réponse"
    assert "Suggestion du groupe A" in digest_a.body
    assert "Déjà traitée" not in digest_a.body
    assert "Suggestion du groupe B" not in digest_a.body
    assert (
        f"https://portal.example.org/fr/practices/{waiting.practice.slug}/improvements/"
        f"{waiting.pk}/" in digest_a.body
    )
    (digest_b,) = to(mailoutbox, coordinator_b)
    assert "Suggestion du groupe B" in digest_b.body
    assert "Suggestion du groupe A" not in digest_b.body
    assert to(mailoutbox, member) == []


def test_the_weekly_suggestions_digest_goes_once_a_week(
    clock, run_job, mailoutbox, group, member, coordinator
):
    clock(MONDAY_EIGHT)
    suggestion(group, author=member)
    assert run_job() == 1
    clock(WEDNESDAY)
    assert run_job() == 0
    clock(MONDAY_EIGHT + timedelta(days=7))
    assert run_job() == 1
    assert len(to(mailoutbox, coordinator)) == 2


def test_a_deactivated_coordinator_is_not_told_at_once(
    django_capture_on_commit_callbacks, mailoutbox, group, member, coordinator
):
    coordinator.is_active = False
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        practice_services.improvement_create(
            practice=PracticeFactory(group=group), author=member, text="Une idée."
        )
    assert mailoutbox == []
