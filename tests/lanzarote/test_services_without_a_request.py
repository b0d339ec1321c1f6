"""Every write is a service that needs no request: the shell, the admin or a scheduled job
calls it with data and gets what the pages get (the same rules, the same emails, links on
the portal's address, each recipient in their language)."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from meetings import services as meeting_services
from meetings.models import AgendaItem, CalendarToken, Meeting
from practices import services as practice_services
from practices.models import Improvement, Practice
from stakeholders import services as stakeholder_services
from stakeholders.models import AuditEvent, Invitation, Membership
from tests.conftest import PORTAL
from tests.factories import TerritoryFactory, WorkingGroupFactory, member_user
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    at,
    directory_person,
    person_of,
)
from tests.practices.factories import PracticeFactory, complete, org_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris():
    return WorkingGroupFactory(territory=TerritoryFactory(country="FR", name="Paris"))


@pytest.fixture
def lyon():
    return WorkingGroupFactory(territory=TerritoryFactory(country="FR", name="Lyon"))


@pytest.fixture
def paris_coordinator(paris):
    return member_user(paris, role=Membership.Role.COORDINATOR)


@pytest.fixture
def lyon_coordinator(lyon):
    return member_user(lyon, role=Membership.Role.COORDINATOR)


@pytest.fixture
def meeting(paris):
    return MeetingFactory(group=paris)


# ---------------------------------------------------------------- from the shell itself


def test_a_meeting_cancelled_from_the_shell_tells_the_invitees_in_their_language(
    paris, paris_coordinator, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    english = member_user(paris)
    english.language = "en"
    english.save(update_fields=["language"])
    AttendanceFactory(meeting=meeting, person=person_of(english))
    AttendanceFactory(meeting=meeting, person=directory_person(paris))
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "shell",
            command=(
                "from meetings.models import Meeting; from meetings.services import "
                f"meeting_cancel; meeting_cancel(meeting=Meeting.objects.get(pk={meeting.pk}), "
                "by=None)"
            ),
            stdout=io.StringIO(),
        )
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED
    languages = {
        message.to[0]: re.search(rf"{re.escape(PORTAL)}/(fr|en)/meetings/", message.body).group(1)
        for message in mailoutbox
    }
    assert languages[english.email] == "en"
    assert sorted(languages.values()) == ["en", "fr"]


# ---------------------------------------------------------------- the agenda


def test_two_agenda_items_added_one_after_the_other_take_the_next_positions(meeting):
    AgendaItemFactory(meeting=meeting, position=4, title="Accueil")
    first = meeting_services.agenda_item_add(meeting=meeting, item=AgendaItem(title="Un"))
    second = meeting_services.agenda_item_add(meeting=meeting, item=AgendaItem(title="Deux"))
    assert (first.position, second.position) == (5, 6)


def test_an_agenda_item_is_refused_on_a_closed_meeting_or_with_an_outside_presenter(
    paris, lyon, meeting
):
    stranger = directory_person(lyon)
    with pytest.raises(ValidationError) as error:
        meeting_services.agenda_item_add(
            meeting=meeting, item=AgendaItem(title="Point", presenter=stranger)
        )
    assert error.value.code == "presenter_outside"
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    with pytest.raises(ValidationError) as error:
        meeting_services.agenda_item_add(meeting=meeting, item=AgendaItem(title="Point"))
    assert error.value.code == "not_planned"
    assert not meeting.agenda_items.exists()


def test_agenda_items_move_and_are_numbered_again_without_a_request(meeting):
    one, two, three = (
        AgendaItemFactory(meeting=meeting, position=p, title=t)
        for p, t in ((2, "Un"), (5, "Deux"), (9, "Trois"))
    )
    meeting_services.agenda_item_move(item=three, direction="up")
    assert list(meeting.agenda_items.values_list("title", "position")) == [
        ("Un", 1),
        ("Trois", 2),
        ("Deux", 3),
    ]
    with pytest.raises(ValidationError):
        meeting_services.agenda_item_move(item=one, direction="sideways")


def test_an_agenda_item_with_a_decision_stays_and_one_without_goes(meeting):
    kept = AgendaItemFactory(meeting=meeting)
    ActionItemFactory(meeting=meeting, agenda_item=kept, owner=directory_person(meeting.group))
    dropped = AgendaItemFactory(meeting=meeting)
    with pytest.raises(ValidationError) as error:
        meeting_services.agenda_item_remove(item=kept)
    assert error.value.code == "item_has_records"
    meeting_services.agenda_item_remove(item=dropped)
    assert list(meeting.agenda_items.all()) == [kept]


# ---------------------------------------------------------------- calendar addresses


def test_a_new_calendar_address_replaces_the_old_one_and_a_revoke_stops_it(paris, lyon):
    member = member_user(paris)
    first = meeting_services.calendar_token_create(user=member, group=paris)
    second = meeting_services.calendar_token_create(user=member, group=paris)
    live = CalendarToken.objects.filter(user=member, revoked_at__isnull=True)
    assert list(live.values_list("token_hash", flat=True)) == [CalendarToken.hash_token(second)]
    assert first != second
    assert meeting_services.calendar_token_revoke(user=member, group=paris) == 1
    assert not live.exists()
    with pytest.raises(ValidationError) as error:
        meeting_services.calendar_token_create(user=member, group=lyon)
    assert error.value.code == "not_a_member"


# ---------------------------------------------------------------- improvements


@pytest.fixture
def published(paris):
    author = member_user(paris)
    return complete(
        PracticeFactory(
            status=Practice.Status.PUBLISHED,
            organisation=org_of(author),
            group=paris,
            territory=paris.territory,
            created_by=author,
        )
    )


def test_a_suggestion_is_made_and_answered_without_a_request(
    paris, paris_coordinator, lyon_coordinator, published
):
    suggester = member_user(paris)
    improvement = practice_services.improvement_create(
        practice=published, author=suggester, text="  Ajouter le numéro d'astreinte.  "
    )
    assert improvement.text == "Ajouter le numéro d'astreinte."
    assert improvement.status == Improvement.Status.OPEN

    with pytest.raises(PermissionDenied):  # Lyon does not answer for Paris
        practice_services.improvement_answer(
            improvement=improvement, status="taken-up", response="", by=lyon_coordinator
        )
    practice_services.improvement_answer(
        improvement=improvement, status="taken-up", response="Merci.", by=paris_coordinator
    )
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.TAKEN_UP
    assert improvement.responded_by == paris_coordinator
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPROVEMENT_ANSWERED).count() == 1


def test_a_suggestion_needs_a_member_and_a_published_practice_and_a_valid_answer(
    paris, paris_coordinator, published, outsider
):
    with pytest.raises(PermissionDenied):
        practice_services.improvement_create(practice=published, author=outsider, text="Idée")
    improvement = practice_services.improvement_create(
        practice=published, author=paris_coordinator, text="Idée"
    )
    with pytest.raises(ValidationError):
        practice_services.improvement_answer(
            improvement=improvement, status="maybe", response="", by=paris_coordinator
        )
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.OPEN


# ---------------------------------------------------------------- invitations


def test_an_invitation_from_the_shell_defaults_to_the_invitees_language(
    lyon, lyon_coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = stakeholder_services.invitation_create(
            group=lyon,
            email="ines.martin@example.org",
            first_name="Inès",
            last_name="Martin",
            organisation=org_of(lyon_coordinator),
            role=Membership.Role.MEMBER,
            by=lyon_coordinator,
        )
    assert Invitation.objects.get(pk=result.invitation.pk).language == "fr"  # a French city
    (message,) = mailoutbox
    assert re.search(rf"{re.escape(PORTAL)}/fr/accounts/invitation/[\w-]+/", message.body)


def test_a_meeting_closed_without_a_request_mails_those_present(
    paris, paris_coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    held = MeetingFactory(group=paris, starts_at=at(hours=-2), ends_at=at(hours=-1))
    present = directory_person(paris, email="present@example.org")
    AttendanceFactory(meeting=held, person=present, status="present")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_close(meeting=held, by=paris_coordinator)
    assert [m.to for m in mailoutbox] == [[present.email]]
    assert f"{PORTAL}/fr/meetings/{held.pk}/" in mailoutbox[0].body
