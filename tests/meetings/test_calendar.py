"""iCalendar files (RFC 5545) read back with the icalendar library, and the private,
revocable calendar feed of a working group."""

import hashlib
import re
from datetime import UTC, datetime

import pytest

from meetings.models import CalendarToken, Meeting

from .factories import AgendaItemFactory, MeetingFactory, parse_ics, person_of

pytestmark = pytest.mark.django_db

TRICKY = [
    "Réunion, bilan; suite",
    "Chemin C:\\dossiers\\partagés; version 2, finale",
    'Guillemets "doubles" et <chevrons> & esperluette',
    "Une ligne\nune autre ligne",
    "Protocole d'audition – « Barnahus », Paris 17e; salle 4, 2e étage \\ annexe " * 2,
]


def _ics(client, meeting):
    response = client.get(f"/fr/meetings/{meeting.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_title_and_place_give_one_correct_event(client, member, group, text):
    meeting = MeetingFactory(group=group, title=text[:200], place=text[:300])
    client.force_login(member)
    content = _ics(client, meeting)
    # Every content line is folded at 75 octets and ends with CRLF.
    assert content.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    assert b"\n" not in content.replace(b"\r\n", b"")
    calendar, events = parse_ics(content)
    assert len(events) == 1
    (event,) = events
    assert str(event["SUMMARY"]) == meeting.title
    assert str(event["LOCATION"]) == meeting.place
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]


def test_carriage_returns_in_the_model_still_give_one_event(client, member, group):
    meeting = MeetingFactory(
        group=group, title="Première ligne\r\nseconde ligne", place="Salle A\rbâtiment B"
    )
    client.force_login(member)
    content = _ics(client, meeting)
    assert b"\r" not in content.replace(b"\r\n", b"")
    assert b"\n" not in content.replace(b"\r\n", b"")
    calendar, events = parse_ics(content)
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]).splitlines() == ["Première ligne", "seconde ligne"]
    assert str(events[0]["LOCATION"]).splitlines() == ["Salle A", "bâtiment B"]


def test_event_times_are_in_paris_time_with_its_vtimezone(client, member, group):
    meeting = MeetingFactory(group=group)
    client.force_login(member)
    calendar, (event,) = parse_ics(_ics(client, meeting))
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTEND"].params["TZID"] == "Europe/Paris"
    assert event["DTSTART"].dt == meeting.starts_at
    assert event["DTEND"].dt == meeting.ends_at
    assert str(event["DTSTART"].dt.tzinfo) == "Europe/Paris"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_summer_and_winter_times_are_right(client, member, group):
    summer = MeetingFactory(
        group=group,
        starts_at=datetime(2031, 7, 1, 12, 0, tzinfo=UTC),
        ends_at=datetime(2031, 7, 1, 14, 0, tzinfo=UTC),
    )
    winter = MeetingFactory(
        group=group,
        starts_at=datetime(2031, 12, 1, 13, 0, tzinfo=UTC),
        ends_at=datetime(2031, 12, 1, 15, 0, tzinfo=UTC),
    )
    client.force_login(member)
    assert b"DTSTART;TZID=Europe/Paris:20310701T140000" in _ics(client, summer)
    assert b"DTSTART;TZID=Europe/Paris:20311201T140000" in _ics(client, winter)


def test_uid_is_stable_across_downloads_and_changes(client, member, group):
    meeting = MeetingFactory(group=group)
    client.force_login(member)
    _, (first,) = parse_ics(_ics(client, meeting))
    meeting.title = "Nouveau titre"
    meeting.save()
    _, (second,) = parse_ics(_ics(client, meeting))
    assert str(first["UID"]) == str(second["UID"]) == f"meeting-{meeting.uid}@lanzarote"
    assert str(second["SUMMARY"]) == "Nouveau titre"
    other = MeetingFactory(group=group)
    _, (third,) = parse_ics(_ics(client, other))
    assert third["UID"] != first["UID"]


def test_cancelled_meeting_calendar_file_cancels_the_event(client, member, group):
    meeting = MeetingFactory(group=group, status=Meeting.Status.CANCELLED, sequence=2)
    client.force_login(member)
    calendar, (event,) = parse_ics(_ics(client, meeting))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 2


def test_planned_meeting_calendar_file_is_a_confirmed_published_event(client, member, group):
    meeting = MeetingFactory(group=group, online_url="https://visio.example.org/r")
    client.force_login(member)
    calendar, (event,) = parse_ics(_ics(client, meeting))
    assert calendar["METHOD"] == "PUBLISH"
    assert event["STATUS"] == "CONFIRMED"
    assert str(event["URL"]) == f"https://portal.example.org/fr/meetings/{meeting.pk}/"
    # The portal's join address (it lets invitees in near the time), not the video link.
    assert "https://visio.example.org/r" not in str(event["DESCRIPTION"])
    join = f"https://portal.example.org/fr/meetings/{meeting.pk}/join/"
    assert join in str(event["DESCRIPTION"])


# ------------------------------------------------------------------ calendar feed tokens

FEED = re.compile(r"https://portal\.example\.org(/fr/meetings/feed/([A-Za-z0-9_-]+)\.ics)")


def _new_feed(client, group):
    response = client.post("/fr/meetings/calendar/", {"group": group.pk, "action": "create"})
    assert response.status_code == 302
    page = client.get("/fr/meetings/calendar/").content.decode()
    match = FEED.search(page)
    assert match, page
    return match.group(1), match.group(2)


def test_member_subscribes_to_the_group_feed_without_logging_in_there(
    client, member, group, other_group
):
    own = MeetingFactory(group=group, title="Réunion du groupe")
    cancelled = MeetingFactory(
        group=group, title="Réunion annulée", status=Meeting.Status.CANCELLED
    )
    theirs = MeetingFactory(group=other_group, title="Réunion des autres")
    client.force_login(member)
    url, token = _new_feed(client, group)
    # The address is shown once only.
    assert token not in client.get("/fr/meetings/calendar/").content.decode()

    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    calendar, events = parse_ics(response.content)
    by_uid = {str(e["UID"]): e for e in events}
    assert set(by_uid) == {f"meeting-{m.uid}@lanzarote" for m in (own, cancelled)}
    assert by_uid[f"meeting-{cancelled.uid}@lanzarote"]["STATUS"] == "CANCELLED"
    assert f"meeting-{theirs.uid}@lanzarote" not in by_uid
    assert str(calendar["X-WR-CALNAME"]) == group.name


def test_the_token_is_stored_only_hashed(client, member, group):
    client.force_login(member)
    _, token = _new_feed(client, group)
    record = CalendarToken.objects.get()
    assert record.user == member
    assert record.group == group
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = CalendarToken.objects.values_list().get()
    assert not any(token in str(value) for value in stored)


def test_revoking_makes_the_old_address_404(client, member, group):
    client.force_login(member)
    url, _ = _new_feed(client, group)
    assert client.get(url).status_code == 200
    client.post("/fr/meetings/calendar/", {"group": group.pk, "action": "revoke"})
    assert client.get(url).status_code == 404
    assert CalendarToken.objects.get().revoked_at is not None


def test_a_new_address_replaces_the_old_one(client, member, group):
    client.force_login(member)
    old_url, _ = _new_feed(client, group)
    new_url, _ = _new_feed(client, group)
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200
    assert CalendarToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_the_address_dies_when_its_owner_leaves_the_group(client, member, group):
    client.force_login(member)
    url, _ = _new_feed(client, group)
    person_of(member).memberships.all().delete()
    client.logout()
    assert client.get(url).status_code == 404


def test_the_address_dies_when_its_owner_is_deactivated(client, member, group):
    client.force_login(member)
    url, _ = _new_feed(client, group)
    member.is_active = False
    member.save()
    client.logout()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("token", ["unknown", "A" * 43, "x-y_z"])
def test_an_unknown_token_is_404(client, member, group, token):
    client.force_login(member)
    _new_feed(client, group)
    client.logout()
    assert client.get(f"/fr/meetings/feed/{token}.ics").status_code == 404


def test_a_member_cannot_make_an_address_for_another_group(client, member, other_group):
    client.force_login(member)
    response = client.post("/fr/meetings/calendar/", {"group": other_group.pk, "action": "create"})
    assert response.status_code == 404
    assert not CalendarToken.objects.exists()


def test_the_calendar_page_lists_the_members_groups_only(client, member, group, other_group):
    client.force_login(member)
    response = client.get("/fr/meetings/calendar/")
    assert list(response.context["groups"]) == [group]
    assert response["Cache-Control"] == "private, no-store"


def test_the_group_feed_runs_the_same_queries_for_2_or_20_meetings(client, member, group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    MeetingFactory(group=group)
    MeetingFactory(group=group, status=Meeting.Status.CANCELLED)
    client.force_login(member)
    url, _token = _new_feed(client, group)
    client.logout()

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for _ in range(18):
        # Each with the approval of an earlier meeting's minutes on its agenda (its label
        # names that meeting).
        AgendaItemFactory(
            meeting=MeetingFactory(group=group),
            minutes_of=MeetingFactory(group=group, status=Meeting.Status.CANCELLED),
        )
    assert queries() == few
    assert len(parse_ics(client.get(url).content)[1]) == 2 + 18 * 2  # the cancelled ones too


def test_revoking_or_renewing_ones_address_leaves_another_members_working(
    client, member, coordinator, group
):
    MeetingFactory(group=group)
    client.force_login(member)
    url, _token = _new_feed(client, group)

    client.force_login(coordinator)
    _new_feed(client, group)  # a new address for the coordinator…
    response = client.post("/fr/meetings/calendar/", {"group": group.pk, "action": "revoke"})
    assert response.status_code == 302  # …then revoked: theirs only

    client.logout()
    assert client.get(url).status_code == 200
    assert CalendarToken.objects.filter(user=member, revoked_at__isnull=True).count() == 1
