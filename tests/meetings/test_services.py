"""The meeting services: constraints, carry-over, invitations, answers, sector presence,
closing (all or nothing, emails after commit), cancelling, updating, the demo meetings."""

import io
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from stakeholders import mail
from stakeholders.models import Sector, WorkingGroup
from tests.factories import PersonFactory

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    at,
    directory_person,
    ics_attachment,
    parse_ics,
    person_of,
)

pytestmark = pytest.mark.django_db

BASE = "https://portail.example.org"
SEVEN = ["justice", "police", "medico-legal", "child-welfare", "education", "ngo", "private"]


@pytest.fixture(autouse=True)
def _portal_url(settings):
    settings.PORTAL_URL = BASE


def _invite(meeting, people):
    return services.invite(meeting=meeting, people=people)


def _close(meeting, by=None):
    return services.meeting_close(meeting=meeting, by=by)


def _cancel(meeting, by=None):
    return services.meeting_cancel(meeting=meeting, by=by)


# ------------------------------------------------------------------ constraints


def test_a_meeting_must_end_after_it_starts_in_the_database(group):
    starts = at(days=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(group=group, title="À l'envers", starts_at=starts, ends_at=starts)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            group=group, title="À l'envers", starts_at=starts, ends_at=starts - timedelta(hours=1)
        )
    assert not Meeting.objects.exists()


def test_a_meeting_ending_before_it_starts_fails_validation_with_a_clear_message(group):
    starts = at(days=3)
    meeting = Meeting(group=group, title="À l'envers", starts_at=starts, ends_at=starts)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "Une réunion doit se terminer après son début." in str(error.value)


def test_one_attendance_per_person_and_meeting(meeting):
    person = PersonFactory()
    Attendance.objects.create(meeting=meeting, person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            meeting=meeting, person=person, status=Attendance.Status.CONFIRMED
        )
    assert Attendance.objects.filter(meeting=meeting, person=person).count() == 1
    # The same person may attend another meeting.
    Attendance.objects.create(meeting=MeetingFactory(group=meeting.group), person=person)
    assert Attendance.objects.filter(person=person).count() == 2


def test_a_done_action_item_needs_its_completion_date(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItemFactory(meeting=meeting, status=ActionItem.Status.DONE, completed_on=None)
    done = ActionItemFactory(meeting=meeting, status=ActionItem.Status.DONE)
    assert done.completed_on == timezone.localdate()
    # Dropped or open items need no date.
    ActionItemFactory(meeting=meeting, status=ActionItem.Status.DROPPED, completed_on=None)
    assert ActionItem.objects.count() == 2


# ------------------------------------------------------------------ carry-over


def _new_meeting(group, coordinator, **fields):
    fields.setdefault("starts_at", at(days=30))
    fields.setdefault("ends_at", fields["starts_at"] + timedelta(hours=2))
    return services.meeting_create(
        meeting=Meeting(group=group, title="La réunion suivante", **fields), by=coordinator
    )


def test_new_meeting_gets_matters_arising_when_the_group_has_open_action_items(group, coordinator):
    earlier = MeetingFactory(group=group, starts_at=at(days=-20), ends_at=at(days=-20, hours=2))
    ActionItemFactory(meeting=earlier, status=ActionItem.Status.IN_PROGRESS)
    meeting = _new_meeting(group, coordinator)
    assert meeting.created_by == coordinator
    arising = meeting.agenda_items.get()
    assert arising.matters_arising
    assert arising.position == 0


@pytest.mark.parametrize("status", [ActionItem.Status.DONE, ActionItem.Status.DROPPED])
def test_no_matters_arising_when_every_earlier_action_item_is_closed(
    group, coordinator, other_group, status
):
    earlier = MeetingFactory(group=group, starts_at=at(days=-20), ends_at=at(days=-20, hours=2))
    ActionItemFactory(meeting=earlier, status=status)
    # Another group's open items are theirs.
    ActionItemFactory(meeting=MeetingFactory(group=other_group, starts_at=at(days=-20)))
    meeting = _new_meeting(group, coordinator)
    assert not meeting.agenda_items.exists()


def test_open_items_of_a_later_meeting_are_not_carried_over_to_an_earlier_one(group, coordinator):
    later = MeetingFactory(group=group, starts_at=at(days=60), ends_at=at(days=60, hours=2))
    ActionItemFactory(meeting=later)
    meeting = _new_meeting(group, coordinator, starts_at=at(days=30))
    assert not meeting.agenda_items.filter(matters_arising=True).exists()


def test_creating_an_invalid_meeting_saves_nothing(group, coordinator):
    with pytest.raises(ValidationError):
        _new_meeting(group, coordinator, starts_at=at(days=3), ends_at=at(days=2))
    assert not Meeting.objects.exists()


# ------------------------------------------------------------------ invitations


def test_invitations_go_to_the_directory_one_email_each_after_commit(
    group, meeting, member, django_capture_on_commit_callbacks, mailoutbox
):
    member_person = person_of(member)
    contact = directory_person(group)  # of a group organisation, without membership
    with django_capture_on_commit_callbacks() as callbacks:
        created = _invite(meeting, [member_person, contact])
    assert {a.person for a in created} == {member_person, contact}
    assert all(a.status == Attendance.Status.INVITED for a in created)
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to for m in mailoutbox) == sorted([[member_person.email], [contact.email]])
    for message in mailoutbox:
        content, mimetype = ics_attachment(message)
        assert mimetype.startswith("text/calendar")
        assert "method=REQUEST" in mimetype
        calendar, events = parse_ics(content)
        assert calendar["METHOD"] == "REQUEST"
        assert len(events) == 1
        assert str(events[0]["SUMMARY"]) == meeting.title
        assert events[0]["SEQUENCE"] == 0
        link = re.search(rf"{BASE}/fr/meetings/rsvp/([^/\s]+)/", message.body)
        assert link, message.body
        attendance = services.attendance_for_token(link.group(1))
        assert attendance.person.email == message.to[0]
        assert attendance.meeting == meeting
        assert f"{BASE}/fr/meetings/{meeting.pk}/" in message.body


def test_invitation_email_and_its_links_are_in_the_invitees_language(
    group, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(meeting, [directory_person(group, languages=["en"])])
    (message,) = mailoutbox
    assert message.subject.startswith("Invitation: ")
    assert f"{BASE}/en/meetings/{meeting.pk}/" in message.body
    assert f"{BASE}/en/meetings/rsvp/" in message.body
    assert "/fr/" not in message.body


def test_invitation_email_calendar_part_is_well_formed(
    group, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    """The MIME part is text/calendar with METHOD and a single charset parameter."""
    with django_capture_on_commit_callbacks(execute=True):
        _invite(meeting, [directory_person(group)])
    (message,) = mailoutbox
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    params = [name.lower() for name, _ in parts[0].get_params()]
    assert params.count("charset") == 1, parts[0]["Content-Type"]
    assert parts[0].get_param("method") == "REQUEST"
    assert parts[0].get_filename() == "invitation.ics"
    assert b"BEGIN:VEVENT" in parts[0].get_payload(decode=True)


def test_invitation_outside_the_directory_is_refused_by_name_and_nothing_happens(
    group, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    inside = directory_person(group)
    stranger = PersonFactory(first_name="Gaspard", last_name="Inconnu")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError) as error,
    ):
        _invite(meeting, [inside, stranger])
    assert error.value.code == "outside_directory"
    message = " ".join(error.value.messages)
    assert "Gaspard Inconnu" in message
    assert "ne figurent pas dans l’annuaire" in message
    assert inside.full_name not in message
    assert not Attendance.objects.exists()
    assert callbacks == []
    assert mailoutbox == []


def test_a_person_of_another_groups_organisation_is_outside_the_directory(meeting, other_group):
    theirs = directory_person(other_group)
    with pytest.raises(ValidationError):
        _invite(meeting, [theirs])
    assert not Attendance.objects.exists()


def test_already_invited_people_are_not_invited_twice(
    group, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    first, second = directory_person(group), directory_person(group)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(meeting, [first])
    with django_capture_on_commit_callbacks(execute=True):
        created = _invite(meeting, [first, second])
    assert [a.person for a in created] == [second]
    assert meeting.attendances.count() == 2
    assert [m.to for m in mailoutbox] == [[first.email], [second.email]]


def test_people_without_email_are_invited_without_message(
    group, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    silent = directory_person(group, email="")
    with django_capture_on_commit_callbacks(execute=True):
        created = _invite(meeting, [silent])
    assert len(created) == 1
    assert mailoutbox == []


def test_no_invitation_to_a_cancelled_meeting(group, meeting):
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    with pytest.raises(ValidationError):
        _invite(meeting, [directory_person(group)])
    assert not Attendance.objects.exists()


# ------------------------------------------------------------------ answers


@pytest.mark.parametrize("answer", [Attendance.Status.CONFIRMED, Attendance.Status.DECLINED])
def test_an_invitee_answers(meeting, answer):
    attendance = AttendanceFactory(meeting=meeting)
    services.respond(attendance=attendance, status=answer)
    attendance.refresh_from_db()
    assert attendance.status == answer
    assert attendance.responded_at is not None


@pytest.mark.parametrize("answer", ["present", "absent", "maybe", ""])
def test_an_invitee_answers_only_yes_or_no(meeting, answer):
    attendance = AttendanceFactory(meeting=meeting)
    with pytest.raises(ValidationError):
        services.respond(attendance=attendance, status=answer)
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.INVITED


@pytest.mark.parametrize("status", [Meeting.Status.CANCELLED, Meeting.Status.HELD])
def test_nobody_answers_for_a_meeting_no_longer_planned(meeting, status):
    attendance = AttendanceFactory(meeting=meeting)
    meeting.status = status
    meeting.save()
    with pytest.raises(ValidationError):
        services.respond(attendance=attendance, status=Attendance.Status.CONFIRMED)
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.INVITED


@pytest.mark.parametrize("token", ["", "garbage", "eyJhIjoxfQ:1abc:forged"])
def test_a_bad_rsvp_token_finds_nothing(meeting, token):
    AttendanceFactory(meeting=meeting)
    assert services.attendance_for_token(token) is None


def test_an_rsvp_token_of_a_deleted_invitation_finds_nothing(meeting):
    attendance = AttendanceFactory(meeting=meeting)
    token = services.rsvp_token(attendance)
    assert services.attendance_for_token(token) == attendance
    attendance.delete()
    assert services.attendance_for_token(token) is None


# ------------------------------------------------------------------ sector presence


def _attend(meeting, sector_code, status=Attendance.Status.CONFIRMED):
    person = directory_person(meeting.group, sector_code=sector_code)
    return AttendanceFactory(meeting=meeting, person=person, status=status)


def test_sector_presence_counts_confirmed_and_present_attendees_only(meeting):
    _attend(meeting, "justice", Attendance.Status.CONFIRMED)
    _attend(meeting, "police", Attendance.Status.PRESENT)
    _attend(meeting, "education", Attendance.Status.INVITED)
    _attend(meeting, "ngo", Attendance.Status.DECLINED)
    _attend(meeting, "private", Attendance.Status.EXCUSED)
    _attend(meeting, "medico-legal", Attendance.Status.ABSENT)
    presence = services.sector_presence(meeting)
    assert sorted(s.code for s in presence.present) == ["justice", "police"]
    assert sorted(s.code for s in presence.missing) == sorted(set(SEVEN) - {"justice", "police"})


def test_sector_presence_has_nothing_missing_with_all_seven_sectors(meeting):
    for code in SEVEN:
        _attend(meeting, code)
    presence = services.sector_presence(meeting)
    assert presence.missing == []
    assert len(presence.present) == Sector.objects.count() == 7


# ------------------------------------------------------------------ closing


@pytest.fixture
def held_today(group, member, coordinator):
    """A meeting that started two hours ago: the member and a contact present with their
    action items, other invitees in every state, two decisions."""
    meeting = MeetingFactory(
        group=group, title="Réunion de juin", starts_at=at(hours=-2), ends_at=at(hours=-1)
    )
    item = AgendaItemFactory(meeting=meeting, title="Fiche d'orientation")
    Decision.objects.create(meeting=meeting, agenda_item=item, text="Adopter la fiche commune.")
    Decision.objects.create(meeting=meeting, agenda_item=item, text="Se revoir en septembre.")
    alice = person_of(member)
    bruno = directory_person(group, first_name="Bruno", last_name="Delorme")
    AttendanceFactory(meeting=meeting, person=alice, status=Attendance.Status.PRESENT)
    AttendanceFactory(meeting=meeting, person=bruno, status=Attendance.Status.PRESENT)
    ActionItemFactory(meeting=meeting, agenda_item=item, owner=alice, title="Action d'Alice")
    ActionItemFactory(meeting=meeting, agenda_item=item, owner=bruno, title="Action de Bruno")
    others = {
        status: AttendanceFactory(meeting=meeting, person=directory_person(group), status=status)
        for status in (
            Attendance.Status.INVITED,
            Attendance.Status.CONFIRMED,
            Attendance.Status.DECLINED,
            Attendance.Status.EXCUSED,
        )
    }
    return meeting, alice, bruno, others


def test_closing_holds_the_meeting_shares_minutes_and_marks_absentees(held_today, coordinator):
    meeting, alice, bruno, others = held_today
    _close(meeting, by=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.minutes_shared_at is not None
    assert meeting.closed_at is not None
    statuses = {a.person_id: a.status for a in meeting.attendances.all()}
    assert statuses[alice.pk] == statuses[bruno.pk] == Attendance.Status.PRESENT
    expected = {
        Attendance.Status.INVITED: Attendance.Status.ABSENT,
        Attendance.Status.CONFIRMED: Attendance.Status.ABSENT,
        Attendance.Status.DECLINED: Attendance.Status.DECLINED,
        Attendance.Status.EXCUSED: Attendance.Status.EXCUSED,
    }
    for before, attendance in others.items():
        assert statuses[attendance.person_id] == expected[before]


def test_closing_emails_everyone_present_after_commit_with_their_own_action_items(
    held_today, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    meeting, alice, bruno, others = held_today
    alice.user.language = "en"  # each writes in their own language: Bruno has no account
    alice.user.save()
    with django_capture_on_commit_callbacks() as callbacks:
        _close(meeting, by=coordinator)
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {alice.email, bruno.email}
    for person, mine, theirs, language in (
        (alice, "Action d'Alice", "Action de Bruno", "en"),
        (bruno, "Action de Bruno", "Action d'Alice", "fr"),
    ):
        body = by_address[person.email].body
        assert "Adopter la fiche commune." in body
        assert "Se revoir en septembre." in body
        assert mine in body
        assert theirs not in body
        assert f"{BASE}/{language}/meetings/{meeting.pk}/" in body
        assert f"{BASE}/{language}/meetings/actions/" in body
        assert meeting.title in by_address[person.email].subject


@pytest.mark.parametrize("fail_at_call", [1, 2])
def test_closing_is_all_or_nothing(
    held_today, coordinator, django_capture_on_commit_callbacks, mailoutbox, fail_at_call
):
    """An error while preparing the emails (the first or the second one) undoes the status,
    the shared minutes and the absentees, and sends nothing."""
    meeting, alice, bruno, others = held_today
    before = dict(meeting.attendances.values_list("pk", "status"))
    real_message = mail._message
    calls = []

    def failing_message(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == fail_at_call:
            raise RuntimeError("SMTP template exploded")
        return real_message(**kwargs)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        mock.patch("stakeholders.mail._message", side_effect=failing_message),
        pytest.raises(RuntimeError),
    ):
        _close(meeting, by=coordinator)
    assert len(calls) == fail_at_call
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.minutes_shared_at is None
    assert meeting.closed_at is None
    assert dict(meeting.attendances.values_list("pk", "status")) == before
    assert callbacks == []
    assert mailoutbox == []


def test_closing_undoes_everything_when_the_absentees_cannot_be_recorded(
    held_today, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    meeting, *_ = held_today
    before = dict(meeting.attendances.values_list("pk", "status"))
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        mock.patch(
            "django.db.models.query.QuerySet.update", side_effect=RuntimeError("database gone")
        ),
        pytest.raises(RuntimeError),
    ):
        _close(meeting, by=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.minutes_shared_at is None
    assert dict(meeting.attendances.values_list("pk", "status")) == before
    assert callbacks == []
    assert mailoutbox == []


def test_a_meeting_that_has_not_started_cannot_be_closed(meeting, coordinator, mailoutbox):
    AttendanceFactory(meeting=meeting)
    with pytest.raises(ValidationError) as error:
        _close(meeting, by=coordinator)
    assert error.value.code == "not_started"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.minutes_shared_at is None
    assert meeting.attendances.get().status == Attendance.Status.INVITED


@pytest.mark.parametrize("status", [Meeting.Status.HELD, Meeting.Status.CANCELLED])
def test_only_a_planned_meeting_can_be_closed(group, coordinator, status, mailoutbox):
    meeting = MeetingFactory(group=group, starts_at=at(days=-2), ends_at=at(days=-2, hours=2))
    meeting.status = status
    meeting.save()
    with pytest.raises(ValidationError) as error:
        _close(meeting, by=coordinator)
    assert error.value.code == "not_planned"
    meeting.refresh_from_db()
    assert meeting.status == status
    assert meeting.minutes_shared_at is None


# ------------------------------------------------------------------ cancelling


def test_cancelling_tells_every_invitee_who_had_not_declined(
    group, meeting, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    waiting, coming, declining = (directory_person(group) for _ in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        _invite(meeting, [waiting, coming, declining])
    invitation, _ = ics_attachment(mailoutbox[0])
    _, (invited_event,) = parse_ics(invitation)
    meeting.attendances.filter(person=coming).update(status=Attendance.Status.CONFIRMED)
    meeting.attendances.filter(person=declining).update(status=Attendance.Status.DECLINED)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks() as callbacks:
        _cancel(meeting, by=coordinator)
    assert mailoutbox == []
    for callback in callbacks:
        callback()

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.sequence == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted([waiting.email, coming.email])
    for message in mailoutbox:
        content, mimetype = ics_attachment(message)
        assert "method=CANCEL" in mimetype
        calendar, (event,) = parse_ics(content)
        assert calendar["METHOD"] == "CANCEL"
        assert event["STATUS"] == "CANCELLED"
        assert event["UID"] == invited_event["UID"]
        assert event["SEQUENCE"] == invited_event["SEQUENCE"] + 1
        assert meeting.title in message.subject


@pytest.mark.parametrize("status", [Meeting.Status.HELD, Meeting.Status.CANCELLED])
def test_only_a_planned_meeting_can_be_cancelled(meeting, coordinator, status, mailoutbox):
    AttendanceFactory(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    with pytest.raises(ValidationError):
        _cancel(meeting, by=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == status
    assert meeting.sequence == 0


# ------------------------------------------------------------------ updating


def _update(meeting, changed):
    return services.meeting_update(meeting=meeting, changed=changed)


def test_a_new_time_bumps_the_sequence_and_sends_the_updated_event(
    group, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    coming, declining = directory_person(group), directory_person(group)
    AttendanceFactory(meeting=meeting, person=coming, status=Attendance.Status.CONFIRMED)
    AttendanceFactory(meeting=meeting, person=declining, status=Attendance.Status.DECLINED)
    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        _update(meeting, ["starts_at", "ends_at"])
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    (message,) = mailoutbox
    assert message.to == [coming.email]
    content, mimetype = ics_attachment(message)
    calendar, (event,) = parse_ics(content)
    assert calendar["METHOD"] == "REQUEST"
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt == meeting.starts_at


def test_a_new_public_summary_alone_sends_nothing(
    group, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    AttendanceFactory(meeting=meeting, person=directory_person(group))
    meeting.public_summary = "Un nouveau résumé."
    with django_capture_on_commit_callbacks(execute=True):
        _update(meeting, ["public_summary"])
    meeting.refresh_from_db()
    assert meeting.public_summary == "Un nouveau résumé."
    assert meeting.sequence == 0
    assert mailoutbox == []


def test_a_held_meeting_cannot_be_changed(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    meeting.title = "Autre titre"
    with pytest.raises(ValidationError):
        _update(meeting, ["title"])
    meeting.refresh_from_db()
    assert meeting.title != "Autre titre"


# ------------------------------------------------------------------ minutes


def test_minutes_beyond_the_markdown_limits_are_refused_by_the_service(meeting):
    with pytest.raises(ValidationError) as refused:
        services.minutes_save(meeting=meeting, text="> " * 50 + "a", expected_version=0)
    assert [error.code for error in refused.value.error_list] == ["markdown_too_deep"]
    meeting.refresh_from_db()
    assert meeting.minutes_version == 0


def test_minutes_are_saved_only_against_the_version_read(meeting):
    services.minutes_save(meeting=meeting, text="Première version.", expected_version=0)
    with pytest.raises(services.MinutesConflict) as conflict:
        services.minutes_save(meeting=meeting, text="Version concurrente.", expected_version=0)
    assert conflict.value.current.minutes == "Première version."
    assert conflict.value.current.minutes_version == 1
    meeting.refresh_from_db()
    assert meeting.minutes == "Première version."
    services.minutes_save(meeting=meeting, text="Version fusionnée.", expected_version=1)
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.minutes_version) == ("Version fusionnée.", 2)


# ------------------------------------------------------------------ action items


def test_an_action_item_owner_must_be_in_the_directory(meeting):
    stranger = PersonFactory()
    item = ActionItem(title="Hors annuaire", owner=stranger)
    with pytest.raises(ValidationError):
        services.action_item_add(meeting=meeting, item=item)
    assert not ActionItem.objects.exists()
    contact = directory_person(meeting.group)
    item = services.action_item_add(
        meeting=meeting, item=ActionItem(title="Dans l'annuaire", owner=contact)
    )
    assert item.owner_organisation == contact.organisation
    assert item.meeting == meeting


# ------------------------------------------------------------------ demo meetings


def test_demo_data_has_a_past_held_paris_meeting_and_an_upcoming_one(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    paris = WorkingGroup.objects.get(slug="paris")
    # The most recent one (an earlier one's minutes were approved by it).
    past = Meeting.objects.filter(group=paris).past().first()
    assert past.status == Meeting.Status.HELD
    assert past.minutes.strip()
    assert past.minutes_shared_at is not None
    assert past.action_items.exists()
    assert past.action_items.open().exists()
    assert past.decisions.exists()
    assert past.attendances.filter(status=Attendance.Status.PRESENT).exists()
    upcoming = Meeting.objects.filter(group=paris).upcoming().get()
    assert upcoming.status == Meeting.Status.PLANNED
    assert upcoming.starts_at > timezone.now()
    assert upcoming.attendances.exists()
    assert upcoming.agenda_items.filter(matters_arising=True).count() == 1

    def counts():
        return [
            model.objects.count()
            for model in (Meeting, AgendaItem, Attendance, Decision, ActionItem)
        ]

    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first


@pytest.mark.parametrize("status", [Meeting.Status.HELD, Meeting.Status.CANCELLED])
def test_attendance_cannot_be_saved_once_the_meeting_is_closed_or_cancelled(meeting, status):
    """The check reads the meeting as stored, not as the page loaded it before."""
    attendance = AttendanceFactory(meeting=meeting)
    loaded = Meeting.objects.get(pk=meeting.pk)  # as the coordinator's request read it
    Meeting.objects.filter(pk=meeting.pk).update(status=status)  # another request, meanwhile

    with pytest.raises(ValidationError) as refusal:
        services.record_attendance(
            meeting=loaded, statuses={attendance.pk: Attendance.Status.PRESENT}
        )

    assert refusal.value.code == "not_planned"
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.INVITED


def test_an_edit_saved_after_the_meeting_was_closed_meanwhile_is_refused(meeting):
    """The edit form was read while the meeting was planned; a close came before the save."""
    loaded = Meeting.objects.get(pk=meeting.pk)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    loaded.title = "Nouveau titre"

    with pytest.raises(ValidationError) as refusal:
        _update(loaded, ["title"])

    assert refusal.value.code == "not_planned"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.title != "Nouveau titre"
