"""How a present person took part (in person or remote): recorded by the coordinators with
the attendance, kept only for present people (a database rule), shown to the group's
members, and counted by the sector presence of the insight page."""

import pytest
from django.db import IntegrityError, transaction

from lanzarote import insight
from meetings import services
from meetings.models import Attendance, Meeting

from .factories import AttendanceFactory, MeetingFactory, at, directory_person

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_mode_for_someone_not_present(meeting, group):
    attendance = AttendanceFactory(meeting=meeting, person=directory_person(group))
    attendance.mode = Attendance.Mode.REMOTE
    with pytest.raises(IntegrityError), transaction.atomic():
        attendance.save()


def test_full_clean_names_the_rule_in_the_reader_s_language(meeting, group):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    attendance = AttendanceFactory(meeting=meeting, person=directory_person(group))
    attendance.mode = Attendance.Mode.IN_PERSON
    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        attendance.full_clean()
    assert "Seule une personne présente" in " ".join(raised.value.messages)


def test_record_attendance_saves_status_and_mode(meeting, group):
    there = AttendanceFactory(meeting=meeting, person=directory_person(group))
    online = AttendanceFactory(meeting=meeting, person=directory_person(group))
    away = AttendanceFactory(meeting=meeting, person=directory_person(group))
    changed = services.record_attendance(
        meeting=meeting,
        statuses={there.pk: "present", online.pk: "present", away.pk: "excused"},
        # A mode sent with another status than present is dropped.
        modes={there.pk: "in-person", online.pk: "remote", away.pk: "remote"},
    )
    assert changed == 3
    modes = dict(meeting.attendances.values_list("pk", "mode"))
    assert modes == {there.pk: "in-person", online.pk: "remote", away.pk: ""}


def test_a_person_no_longer_present_loses_the_mode(meeting, group):
    attendance = AttendanceFactory(
        meeting=meeting, person=directory_person(group), status="present", mode="remote"
    )
    services.record_attendance(
        meeting=meeting, statuses={attendance.pk: "absent"}, modes={attendance.pk: "remote"}
    )
    attendance.refresh_from_db()
    assert (attendance.status, attendance.mode) == ("absent", "")


def test_an_unknown_mode_is_refused_and_nothing_changes(meeting, group):
    from django.core.exceptions import ValidationError

    attendance = AttendanceFactory(meeting=meeting, person=directory_person(group))
    with pytest.raises(ValidationError):
        services.record_attendance(
            meeting=meeting, statuses={attendance.pk: "present"}, modes={attendance.pk: "moon"}
        )
    attendance.refresh_from_db()
    assert (attendance.status, attendance.mode) == ("invited", "")


def test_the_coordinator_records_the_mode_from_the_meeting_page(
    client_for, coordinator, meeting, group
):
    attendance = AttendanceFactory(meeting=meeting, person=directory_person(group))
    client = client_for(coordinator)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert f'name="mode-{attendance.pk}"' in page
    response = client.post(
        f"/en/meetings/{meeting.pk}/attendance/",
        {f"status-{attendance.pk}": "present", f"mode-{attendance.pk}": "remote"},
    )
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert (attendance.status, attendance.mode) == ("present", "remote")


def test_a_bad_mode_from_the_form_changes_nothing(client_for, coordinator, meeting, group):
    attendance = AttendanceFactory(meeting=meeting, person=directory_person(group))
    client_for(coordinator).post(
        f"/en/meetings/{meeting.pk}/attendance/",
        {f"status-{attendance.pk}": "present", f"mode-{attendance.pk}": "moon"},
    )
    attendance.refresh_from_db()
    assert (attendance.status, attendance.mode) == ("invited", "")


def test_members_see_the_mode_of_present_people_and_the_public_does_not(client_for, member, group):
    meeting = MeetingFactory(
        group=group,
        starts_at=at(days=-2),
        ends_at=at(days=-2, hours=2),
        status=Meeting.Status.HELD,
        visibility=Meeting.Visibility.PUBLIC,
    )
    AttendanceFactory(
        meeting=meeting,
        person=directory_person(group, last_name="Distancia"),
        status="present",
        mode="remote",
    )
    page = client_for(member).get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "Distancia" in page and "Remote" in page
    client_for(None).logout()
    public = client_for(None).get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "Distancia" not in public and "Remote" not in public


def test_insight_counts_the_sectors_of_people_present_in_either_mode(group):
    meeting = MeetingFactory(
        group=group, starts_at=at(days=-2), ends_at=at(days=-2, hours=2), status="held"
    )
    for code, mode in (("ngo", "in-person"), ("police", "remote")):
        AttendanceFactory(
            meeting=meeting,
            person=directory_person(group, sector_code=code),
            status="present",
            mode=mode,
        )
    presence = dict(insight.meeting_presence(insight.Scope())["groups"])
    [(_meeting, _cells, count)] = presence[group]
    assert count == 2


def test_an_invitee_answering_after_being_recorded_present_loses_the_mode(meeting, group):
    attendance = AttendanceFactory(
        meeting=meeting, person=directory_person(group), status="present", mode="remote"
    )
    services.respond(attendance=attendance, status=Attendance.Status.DECLINED)
    attendance.refresh_from_db()
    assert (attendance.status, attendance.mode) == ("declined", "")
