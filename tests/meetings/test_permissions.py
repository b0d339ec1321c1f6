"""Who may open or do what on every meetings URL, role by role.

Roles: anonymous, outsider (logged in, in no group), member of the meeting's group, member
of another group, coordinator of another group, coordinator of the group, staff.
Members-only meetings do not exist (404) for those outside the group; running a meeting is
for the group's coordinators and staff (403 for the others who can see it); anonymous
visitors are sent to log in wherever an account is needed. Every allowed request is checked
for its effect, every refused one for the absence of it.
"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.models import (
    ActionItem,
    ActionItemComment,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingAttachment,
)
from stakeholders.models import Person

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    at,
    directory_person,
    person_of,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "outsider",
    "member",
    "other_member",
    "other_coordinator",
    "coordinator",
    "staff",
]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LOGIN, OK = "login", "ok"


@dataclass
class World:
    meeting: Meeting
    item_a: AgendaItem
    item_b: AgendaItem
    member_attendance: Attendance
    coordinator_attendance: Attendance
    newcomer: Person
    action: ActionItem
    document: MeetingAttachment
    users: dict


@pytest.fixture
def world(group, member, coordinator, other_member, other_coordinator, staff, outsider):
    """A members-only meeting under way (started an hour ago) of ``group``, with an agenda,
    the member and the coordinator invited, an action item of the member and a document."""
    meeting = MeetingFactory(
        group=group,
        title="Réunion du matin",
        starts_at=at(hours=-1),
        ends_at=at(hours=1),
        minutes="Le brouillon du procès-verbal.",
    )
    item_a = AgendaItemFactory(meeting=meeting, position=1, title="Premier point")
    item_b = AgendaItemFactory(meeting=meeting, position=2, title="Second point")
    document = MeetingAttachment.objects.create(
        meeting=meeting,
        file=ContentFile(PDF, name="cr.pdf"),
        title="Compte rendu",
        original_name="cr.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    return World(
        meeting=meeting,
        item_a=item_a,
        item_b=item_b,
        member_attendance=AttendanceFactory(meeting=meeting, person=person_of(member)),
        coordinator_attendance=AttendanceFactory(meeting=meeting, person=person_of(coordinator)),
        newcomer=directory_person(group),
        action=ActionItemFactory(meeting=meeting, agenda_item=item_a, owner=person_of(member)),
        document=document,
        users={
            "anonymous": None,
            "outsider": outsider,
            "member": member,
            "other_member": other_member,
            "other_coordinator": other_coordinator,
            "coordinator": coordinator,
            "staff": staff,
        },
    )


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _reloaded(obj):
    obj.refresh_from_db()
    return obj


# Each endpoint: (name, method, url, data, effect); url and data take the world, effect
# tells whether the request did what it is for.
def _meeting_url(suffix=""):
    return lambda w: f"/fr/meetings/{w.meeting.pk}/{suffix}"


ENDPOINTS = {
    "detail": ("GET", _meeting_url(), None, None),
    "ics": ("GET", lambda w: f"/fr/meetings/{w.meeting.pk}.ics", None, None),
    "edit-page": ("GET", _meeting_url("edit/"), None, None),
    "edit": (
        "POST",
        _meeting_url("edit/"),
        lambda w: {
            "title": "Titre modifié",
            "starts_at": _local(w.meeting.starts_at),
            "ends_at": _local(w.meeting.ends_at),
            "place": w.meeting.place,
            "online_url": "",
            "visibility": w.meeting.visibility,
            "public_summary": "",
        },
        lambda w: _reloaded(w.meeting).title == "Titre modifié",
    ),
    "agenda-add": (
        "POST",
        _meeting_url("agenda/"),
        lambda w: {"agenda-title": "Point ajouté"},
        lambda w: AgendaItem.objects.filter(title="Point ajouté").exists(),
    ),
    "agenda-move": (
        "POST",
        lambda w: f"/fr/meetings/{w.meeting.pk}/agenda/{w.item_a.pk}/move/",
        lambda w: {"direction": "down"},
        lambda w: _reloaded(w.item_a).position > _reloaded(w.item_b).position,
    ),
    "invite-page": ("GET", _meeting_url("invite/"), None, None),
    "invite": (
        "POST",
        _meeting_url("invite/"),
        lambda w: {"people": [w.newcomer.pk]},
        lambda w: Attendance.objects.filter(meeting=w.meeting, person=w.newcomer).exists(),
    ),
    "attendance": (
        "POST",
        _meeting_url("attendance/"),
        lambda w: {
            f"status-{w.member_attendance.pk}": "present",
            f"status-{w.coordinator_attendance.pk}": "invited",
        },
        lambda w: _reloaded(w.member_attendance).status == Attendance.Status.PRESENT,
    ),
    "minutes-page": ("GET", _meeting_url("minutes/"), None, None),
    "minutes": (
        "POST",
        _meeting_url("minutes/"),
        lambda w: {"minutes": "Le nouveau procès-verbal.", "version": "0"},
        lambda w: _reloaded(w.meeting).minutes == "Le nouveau procès-verbal.",
    ),
    "decision-add": (
        "POST",
        _meeting_url("decisions/"),
        lambda w: {"decision-agenda_item": w.item_a.pk, "decision-text": "Une décision."},
        lambda w: Decision.objects.filter(text="Une décision.").exists(),
    ),
    "action-add": (
        "POST",
        _meeting_url("actions/"),
        lambda w: {
            "action-agenda_item": w.item_a.pk,
            "action-title": "Une action nouvelle",
            "action-owner": w.newcomer.pk,
        },
        lambda w: ActionItem.objects.filter(title="Une action nouvelle").exists(),
    ),
    "document-add": (
        "POST",
        _meeting_url("documents/"),
        lambda w: {
            "doc-title": "Ordre du jour",
            "doc-file": SimpleUploadedFile("odj.pdf", PDF, "application/pdf"),
        },
        lambda w: MeetingAttachment.objects.filter(title="Ordre du jour").exists(),
    ),
    "close-page": ("GET", _meeting_url("close/"), None, None),
    "close": (
        "POST",
        _meeting_url("close/"),
        lambda w: {},
        lambda w: _reloaded(w.meeting).status == Meeting.Status.HELD,
    ),
    "cancel-page": ("GET", _meeting_url("cancel/"), None, None),
    "cancel": (
        "POST",
        _meeting_url("cancel/"),
        lambda w: {},
        lambda w: _reloaded(w.meeting).status == Meeting.Status.CANCELLED,
    ),
    "document-download": (
        "GET",
        lambda w: f"/fr/meetings/{w.meeting.pk}/documents/{w.document.pk}/",
        None,
        None,
    ),
    "minutes-print": ("GET", _meeting_url("minutes/print/"), None, None),
    "respond": (
        "POST",
        _meeting_url("respond/"),
        lambda w: {"status": "confirmed"},
        lambda w: Attendance.objects.filter(
            meeting=w.meeting, status=Attendance.Status.CONFIRMED
        ).exists(),
    ),
}

RUN = [
    "edit-page",
    "edit",
    "agenda-add",
    "agenda-move",
    "invite-page",
    "invite",
    "attendance",
    "minutes-page",
    "minutes",
    "decision-add",
    "action-add",
    "document-add",
    "close-page",
    "close",
    "cancel-page",
    "cancel",
]

# Expected outcome per role, in the order of ROLES.
EXPECTED = {
    # Members-only meeting.
    ("run", "members"): [LOGIN, 404, 403, 404, 404, OK, OK],
    ("view", "members"): [404, 404, OK, 404, 404, OK, OK],
    # Public meeting: everyone sees it, still only its coordinators run it.
    ("run", "public"): [LOGIN, 403, 403, 403, 403, OK, OK],
    ("view", "public"): [OK] * 7,
    # Documents are for the group's members, whatever the visibility.
    ("document-download", "members"): [LOGIN, 403, OK, 404, 404, OK, OK],
    ("document-download", "public"): [LOGIN, 403, OK, 404, 404, OK, OK],
    # Minutes not shared yet: only coordinators (their draft) and staff print them.
    ("minutes-print", "members"): [LOGIN, 403, 404, 404, 404, OK, OK],
    ("minutes-print", "public"): [LOGIN, 403, 404, 404, 404, OK, OK],
    # Answering needs an invitation: the member and the coordinator are invited.
    ("respond", "members"): [LOGIN, 403, OK, 404, 404, OK, 404],
    ("respond", "public"): [LOGIN, 403, OK, 404, 404, OK, 404],
}


def _category(endpoint):
    if endpoint in RUN:
        return "run"
    if endpoint in ("detail", "ics"):
        return "view"
    return endpoint


CASES = [
    pytest.param(endpoint, visibility, role, id=f"{endpoint}-{visibility}-{role}")
    for endpoint in ENDPOINTS
    for visibility in ("members", "public")
    for role in ROLES
]


def _assert_outcome(response, expected, method, effect, world):
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif expected == OK:
        assert response.status_code == (302 if method == "POST" else 200), response.content[:500]
        if method == "POST":
            assert "/accounts/login/" not in response["Location"]
    else:
        assert response.status_code == expected
    if effect is not None:
        assert effect(world) is (expected == OK)


@pytest.mark.parametrize(("endpoint", "visibility", "role"), CASES)
def test_meeting_urls_per_role(client, request, endpoint, visibility, role):
    world = request.getfixturevalue("world")
    if visibility == "public":
        world.meeting.visibility = Meeting.Visibility.PUBLIC
        world.meeting.save(update_fields=["visibility"])
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    method, url, data, effect = ENDPOINTS[endpoint]
    if role == "coordinator" and endpoint == "respond":
        # Answer as the coordinator: their own attendance only.
        Attendance.objects.filter(pk=world.member_attendance.pk).delete()
    response = client.get(url(world)) if method == "GET" else client.post(url(world), data(world))
    expected = EXPECTED[(_category(endpoint), visibility)][ROLES.index(role)]
    _assert_outcome(response, expected, method, effect, world)
    if expected == OK and endpoint == "detail":
        assert world.meeting.title in response.content.decode()
    if expected == OK and endpoint == "ics":
        assert response["Content-Type"].startswith("text/calendar")
        assert b"BEGIN:VEVENT" in response.content
    if expected == OK and endpoint == "document-download":
        assert b"".join(response.streaming_content) == PDF
        assert response["Cache-Control"] == "private, no-store"


def test_members_only_meeting_does_not_exist_for_the_public(client, meeting):
    assert client.get(f"/fr/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/en/meetings/{meeting.pk}.ics").status_code == 404
    assert client.get(f"/fr/meetings/{meeting.pk + 1000}/").status_code == 404


# Pages that do not belong to one meeting.

OTHER_EXPECTED = {
    "list": [OK, OK, OK, OK, OK, OK, OK],
    "create-page": [LOGIN, 403, 403, 403, OK, OK, OK],
    "my-actions": [LOGIN, 403, OK, OK, OK, OK, OK],
    "calendar-page": [LOGIN, 403, OK, OK, OK, OK, OK],
    # Another group's members-only action items are not even acknowledged (404).
    "action-update": [LOGIN, 403, OK, 404, 404, OK, OK],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["list", "create-page", "my-actions", "calendar-page"])
def test_other_pages_per_role(client, world, page, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = {
        "list": "/fr/meetings/",
        "create-page": "/fr/meetings/new/",
        "my-actions": "/fr/meetings/actions/",
        "calendar-page": "/fr/meetings/calendar/",
    }[page]
    response = client.get(url)
    _assert_outcome(response, OTHER_EXPECTED[page][ROLES.index(role)], "GET", None, world)


@pytest.mark.parametrize("role", ROLES)
def test_action_item_update_per_role(client, world, role):
    """The owner (the member), the group's coordinators and staff update an action item."""
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = client.post(
        f"/fr/meetings/actions/{world.action.pk}/",
        {"status": "in-progress", "comment": "On avance."},
    )
    expected = OTHER_EXPECTED["action-update"][ROLES.index(role)]
    _assert_outcome(
        response,
        expected,
        "POST",
        lambda w: _reloaded(w.action).status == ActionItem.Status.IN_PROGRESS,
        world,
    )
    assert ActionItemComment.objects.filter(action_item=world.action).exists() is (expected == OK)


def test_group_feed_needs_no_login_but_a_valid_token(client):
    assert client.get("/fr/meetings/feed/not-a-token.ics").status_code == 404


# What the public sees of a public meeting.

PERSON = "Théodora Vasquez-Lindqvist"
MINUTES_SENTENCE = "Le parquet s'engage à réduire les délais de transmission."


@pytest.fixture
def public_held_meeting(group, member):
    """A held public meeting with everything the public must not see."""
    person = person_of(member)
    person.first_name, person.last_name = PERSON.split(" ")
    person.save()
    meeting = MeetingFactory(
        group=group,
        title="Réunion publique d'automne",
        starts_at=at(days=-3),
        ends_at=at(days=-3, hours=2),
        place="Mairie du 17e arrondissement",
        online_url="https://visio.example.org/salle-privee",
        visibility=Meeting.Visibility.PUBLIC,
        public_summary="Les acteurs parisiens ont échangé sur les auditions.",
        status=Meeting.Status.HELD,
        minutes=f"## Échanges\n\n{MINUTES_SENTENCE}",
        minutes_shared_at=at(days=-2),
        closed_at=at(days=-2),
    )
    item = AgendaItemFactory(meeting=meeting, title="Auditions filmées", presenter=person)
    Decision.objects.create(meeting=meeting, agenda_item=item, text="Rédiger une fiche commune.")
    ActionItemFactory(
        meeting=meeting, agenda_item=item, owner=person, title="Proposer une fiche d'orientation"
    )
    AttendanceFactory(meeting=meeting, person=person, status=Attendance.Status.PRESENT)
    MeetingAttachment.objects.create(
        meeting=meeting,
        file=ContentFile(PDF, name="annexe.pdf"),
        title="Annexe confidentielle",
        original_name="annexe.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    return meeting


SECRETS = [
    PERSON,
    "Vasquez-Lindqvist",
    MINUTES_SENTENCE,
    "Rédiger une fiche commune",
    "Proposer une fiche d",
    "salle-privee",
    "Annexe confidentielle",
]


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_member", "other_coordinator"])
def test_public_meeting_shows_its_summary_and_nothing_private(
    client, request, public_held_meeting, role
):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(f"/fr/meetings/{public_held_meeting.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Réunion publique d&#x27;automne" in html
    assert "Mairie du 17e arrondissement" in html
    assert "Les acteurs parisiens ont échangé sur les auditions." in html
    assert "Auditions filmées" in html
    assert timezone.localtime(public_held_meeting.starts_at).strftime("%Y-%m-%dT%H:%M") in html
    for secret in SECRETS:
        assert secret not in html, secret
    assert f"/fr/meetings/{public_held_meeting.pk}/minutes/print/" not in html
    # Anonymous visitors get a cacheable public page; anything a logged-in person sees is
    # kept out of caches (their pages may carry personal data).
    if role == "anonymous":
        assert "no-store" not in response.get("Cache-Control", "")
    else:
        assert "no-store" in response["Cache-Control"]


def test_public_meeting_calendar_file_does_not_reveal_the_online_link(client, public_held_meeting):
    response = client.get(f"/fr/meetings/{public_held_meeting.pk}.ics")
    assert response.status_code == 200
    body = response.content.decode()
    assert "SUMMARY:Réunion publique d'automne" in body
    assert "salle-privee" not in body.replace("\r\n ", "")


def test_members_of_the_group_see_everything_of_the_public_meeting(
    client, member, public_held_meeting
):
    client.force_login(member)
    html = client.get(f"/fr/meetings/{public_held_meeting.pk}/").content.decode()
    # Except the video link: the meeting is over (tests/meetings/test_online_link.py).
    for secret in SECRETS:
        assert (secret in html) == (secret != "salle-privee"), secret
    body = client.get(f"/fr/meetings/{public_held_meeting.pk}.ics").content.decode()
    # Its calendar file carries the portal's join address, never the video link.
    assert "salle-privee" not in body.replace("\r\n ", "")
    assert f"/fr/meetings/{public_held_meeting.pk}/join/" in body.replace("\r\n ", "")


def test_public_list_shows_public_meetings_only(client, group, other_member):
    public = MeetingFactory(
        group=group, title="Rencontre publique", visibility=Meeting.Visibility.PUBLIC
    )
    private = MeetingFactory(group=group, title="Réunion interne")
    theirs = MeetingFactory(group=other_member.person.memberships.get().group, title="Chez eux")
    html = client.get("/fr/meetings/").content.decode()
    assert public.title in html
    assert private.title not in html
    assert theirs.title not in html
    # A member of another group sees public meetings and their own group's ones.
    client.force_login(other_member)
    html = client.get("/fr/meetings/").content.decode()
    assert public.title in html
    assert theirs.title in html
    assert private.title not in html


def test_members_see_minutes_only_once_the_meeting_is_closed(client, member, coordinator, group):
    meeting = MeetingFactory(
        group=group,
        starts_at=at(hours=-2),
        ends_at=at(hours=-1),
        minutes=MINUTES_SENTENCE,
    )
    client.force_login(member)
    html = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert MINUTES_SENTENCE not in html
    assert client.get(f"/en/meetings/{meeting.pk}/minutes/print/").status_code == 404

    client.force_login(coordinator)
    html = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert MINUTES_SENTENCE in html
    assert "Draft: the group sees the minutes once the meeting is closed." in html

    assert client.post(f"/en/meetings/{meeting.pk}/close/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD

    client.force_login(member)
    html = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert MINUTES_SENTENCE in html
    assert "Draft:" not in html
    response = client.get(f"/en/meetings/{meeting.pk}/minutes/print/")
    assert response.status_code == 200
    assert MINUTES_SENTENCE in response.content.decode()


def test_a_member_who_leaves_the_group_loses_access(client, member, meeting):
    client.force_login(member)
    assert client.get(f"/fr/meetings/{meeting.pk}/").status_code == 200
    person_of(member).memberships.all().delete()
    assert client.get(f"/fr/meetings/{meeting.pk}/").status_code == 404


def test_a_past_meeting_of_another_group_stays_hidden(client, other_member, group):
    meeting = MeetingFactory(group=group, starts_at=at(days=-30), ends_at=at(days=-30, hours=2))
    client.force_login(other_member)
    assert client.get(f"/fr/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/fr/meetings/{meeting.pk}.ics").status_code == 404
    assert meeting.title not in client.get("/fr/meetings/").content.decode()


def test_due_dates_are_not_needed_to_see_a_meeting(client, member, meeting):
    """A meeting with undated action items renders for its members."""
    ActionItemFactory(meeting=meeting, owner=person_of(member), due_on=None)
    client.force_login(member)
    assert client.get(f"/fr/meetings/{meeting.pk}/").status_code == 200
