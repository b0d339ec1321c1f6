"""The video link of an online meeting: only for its invitees (and the group's coordinators
and staff), only from MEETING_LINK_OPENS_MINUTES before the start until the end; emails and
calendar files carry the portal's join address, which applies the same rule."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from meetings import rules, services
from meetings.models import Attendance, Meeting

from .factories import AttendanceFactory, MeetingFactory, at, directory_person, person_of

pytestmark = pytest.mark.django_db

LINK = "https://visio.example.org/salle-Opale"


@pytest.fixture
def online(group):
    """A members-only meeting online, tomorrow at the same time, for two hours."""
    return MeetingFactory(group=group, starts_at=at(days=1), online_url=LINK)


def invite(user, meeting):
    return AttendanceFactory(meeting=meeting, person=person_of(user))


def moment(meeting, minutes):
    """``minutes`` after the start (negative: before)."""
    return time_machine.travel(meeting.starts_at + timedelta(minutes=minutes), tick=False)


def get_at(client_for, user, meeting, minutes, path=""):
    """GET the meeting's page (or ``path`` under it) as ``user`` logged in at that moment
    (an earlier login would have ended with the idle timeout)."""
    with moment(meeting, minutes):
        client = client_for(user)
        return client.get(f"/en/meetings/{meeting.pk}/{path}")


# ------------------------------------------------------------------ the rule


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (-31, rules.JOIN_NOT_YET),
        (-29, rules.JOIN_OPEN),
        (60, rules.JOIN_OPEN),
        (120, rules.JOIN_ENDED),
    ],
)
def test_the_link_opens_before_the_start_and_closes_at_the_end(online, member, minutes, expected):
    now = online.starts_at + timedelta(minutes=minutes)
    assert rules.join_state(member, online, invited=True, now=now) == expected


def test_the_opening_follows_the_setting(online, member, settings):
    settings.MEETING_LINK_OPENS_MINUTES = 5
    now = online.starts_at - timedelta(minutes=10)
    assert rules.join_state(member, online, invited=True, now=now) == rules.JOIN_NOT_YET


@pytest.mark.parametrize(
    ("who", "invited", "expected"),
    [
        ("member", False, rules.JOIN_NOT_INVITED),
        ("member", True, rules.JOIN_OPEN),
        ("coordinator", False, rules.JOIN_OPEN),
        ("other_coordinator", False, rules.JOIN_NOT_INVITED),
        ("staff", False, rules.JOIN_OPEN),
    ],
)
def test_only_invitees_coordinators_and_staff_get_the_link(request, online, who, invited, expected):
    user = request.getfixturevalue(who)
    now = online.starts_at
    assert rules.join_state(user, online, invited=invited, now=now) == expected


def test_a_cancelled_meeting_or_one_without_link_has_none(online, member):
    online.status = Meeting.Status.CANCELLED
    assert rules.join_state(member, online, invited=True) == rules.JOIN_NONE
    assert rules.join_state(member, MeetingFactory(), invited=True) == rules.JOIN_NONE


# ------------------------------------------------------------------ the meeting page


def test_the_invitee_sees_the_link_only_near_the_time(client_for, member, online):
    invite(member, online)
    page = get_at(client_for, member, online, -60).content.decode()
    assert LINK not in page
    assert "The link to join will appear here 30 minutes before the start." in page
    assert LINK in get_at(client_for, member, online, -10).content.decode()
    assert LINK not in get_at(client_for, member, online, 121).content.decode()


def test_a_member_not_invited_never_sees_the_link(client_for, member, online):
    page = get_at(client_for, member, online, 0).content.decode()
    assert f"/en/meetings/{online.pk}/" in page  # the page, not the login form
    assert LINK not in page


def test_the_coordinator_sees_the_link_near_the_time(client_for, coordinator, online):
    assert LINK in get_at(client_for, coordinator, online, 0).content.decode()


def test_the_public_never_sees_the_link_of_a_public_meeting(client, public_meeting):
    with moment(public_meeting, 0):
        page = client.get(f"/en/meetings/{public_meeting.pk}/").content.decode()
        ics = client.get(f"/en/meetings/{public_meeting.pk}.ics").content.decode()
    assert "salle-secrete" not in page
    assert "salle-secrete" not in ics and "/join/" not in ics


# ------------------------------------------------------------------ the join address


def test_join_redirects_the_invitee_when_open(client_for, member, online):
    invite(member, online)
    response = get_at(client_for, member, online, -5, "join/")
    assert response.status_code == 302
    assert response["Location"] == LINK
    assert "no-store" in response["Cache-Control"]


def test_join_says_when_it_is_too_early(client_for, member, online):
    invite(member, online)
    with moment(online, -45):
        response = client_for(member).get(f"/fr/meetings/{online.pk}/join/")
    assert response.status_code == 200
    page = response.content.decode()
    assert LINK not in page
    assert "30 minutes avant le début" in page


def test_join_says_when_it_is_over(client_for, member, online):
    invite(member, online)
    response = get_at(client_for, member, online, 150, "join/")
    assert response.status_code == 403
    assert "This meeting is over" in response.content.decode()
    assert LINK not in response.content.decode()


def test_join_refuses_a_member_not_invited(client_for, member, online):
    response = get_at(client_for, member, online, 0, "join/")
    assert response.status_code == 403
    assert "Only the meeting's invitees" in response.content.decode()


def test_join_lets_the_coordinator_in(client_for, coordinator, online):
    response = get_at(client_for, coordinator, online, 0, "join/")
    assert response.status_code == 302


def test_join_hides_a_members_only_meeting_from_another_group(
    client_for, other_coordinator, online
):
    response = get_at(client_for, other_coordinator, online, 0, "join/")
    assert response.status_code == 404


def test_join_sends_anonymous_visitors_to_log_in(client, online):
    with moment(online, 0):
        response = client.get(f"/en/meetings/{online.pk}/join/")
    assert response.status_code == 302
    assert "/login/" in response["Location"] and LINK not in response["Location"]


def test_an_invitee_outside_the_group_joins_through_the_address(client_for, outsider, group):
    """A person of the directory with an account but in no group: invited, they join."""
    from stakeholders.models import Person

    meeting = MeetingFactory(group=group, starts_at=at(days=1), online_url=LINK)
    person = directory_person(group)
    Person.objects.filter(pk=person.pk).update(user=outsider)
    AttendanceFactory(meeting=meeting, person=person)
    response = get_at(client_for, outsider, meeting, 0, "join/")
    assert response.status_code == 302 and response["Location"] == LINK


# ------------------------------------------------------------------ emails and feeds


def test_invitations_carry_the_join_address_not_the_link(
    member, online, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(meeting=online, people=[person_of(member)])
    [message] = mailoutbox
    join = f"https://portal.example.org/fr/meetings/{online.pk}/join/"
    assert join in message.body
    assert LINK not in message.body
    for content, _mimetype in [(c, m) for _n, c, m in message.attachments]:
        text = content if isinstance(content, str) else content.decode()
        assert "salle-Opale" not in text.replace("\r\n ", "")


def test_updates_carry_the_join_address(
    member, online, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(meeting=online, people=[person_of(member)])
    mail.outbox.clear()
    online.place = "Salle 2"
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=online, changed=["place"])
    [message] = mail.outbox
    assert f"/meetings/{online.pk}/join/" in message.body
    assert LINK not in message.body


def test_a_meeting_without_link_has_no_join_address_in_emails(
    member, group, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(group=group)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(meeting=meeting, people=[person_of(member)])
    [message] = mailoutbox
    assert "/join/" not in message.body


def test_the_private_feed_carries_the_join_address(client_for, member, group, online):
    client = client_for(member)
    response = client.post("/fr/meetings/calendar/", {"group": group.pk, "action": "create"})
    assert response.status_code == 302
    page = client.get("/fr/meetings/calendar/").content.decode()
    import re

    path = re.search(r"https://portal\.example\.org(/fr/meetings/feed/[A-Za-z0-9_-]+\.ics)", page)
    client.logout()
    body = client.get(path.group(1)).content.decode().replace("\r\n ", "")
    assert LINK not in body
    assert f"/meetings/{online.pk}/join/" in body


def test_an_invitee_who_declined_gets_no_link(client_for, member, online):
    attendance = invite(member, online)
    Attendance.objects.filter(pk=attendance.pk).update(status=Attendance.Status.DECLINED)
    response = get_at(client_for, member, online, 0, "join/")
    assert response.status_code == 403
    assert LINK not in get_at(client_for, member, online, 0, "").content.decode()
