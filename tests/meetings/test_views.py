"""The coordinator's and the members' pages: planning, carry-over, invitations and answers,
sector presence, the agenda, attendance, minutes written by two people, closing, cancelling."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, MeetingAttachment
from stakeholders.models import Membership, Sector
from tests.factories import PersonFactory, member_user

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


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def meeting_data(group=None, **fields):
    starts = fields.pop("starts", at(days=10))
    data = {
        "title": "Réunion de rentrée",
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=2)),
        "place": "Maison des associations",
        "online_url": "",
        "visibility": "members",
        "public_summary": "",
    }
    if group is not None:
        data["group"] = group.pk
    data.update(fields)
    return data


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def sector_names(*codes, language="en"):
    with translation.override(language):
        return [s.name for s in Sector.objects.filter(code__in=codes)]


# ------------------------------------------------------------------ planning a meeting


def test_coordinator_plans_a_meeting(client, coordinator, group):
    client.force_login(coordinator)
    response = client.post("/en/meetings/new/", meeting_data(group))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/meetings/{meeting.pk}/"
    assert meeting.group == group
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.visibility == Meeting.Visibility.MEMBERS
    assert meeting.created_by == coordinator
    assert timezone.localtime(meeting.starts_at).tzinfo.key == "Europe/Paris"
    messages = texts(response)
    assert "The meeting has been created. Build its agenda and invite." in messages
    assert not any("in the past" in m for m in messages)


def test_a_new_planned_meeting_in_the_past_is_created_with_a_warning(client, coordinator, group):
    client.force_login(coordinator)
    response = client.post("/en/meetings/new/", meeting_data(group, starts=at(days=-3)))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.PLANNED
    assert "Careful: this planned meeting starts in the past. Check its date." in texts(response)


def test_line_breaks_in_title_and_place_become_one_line(client, coordinator, group):
    client.force_login(coordinator)
    client.post(
        "/en/meetings/new/",
        meeting_data(group, title="Réunion\r\nde  rentrée\n", place="Salle 2,\nbâtiment B; Paris"),
    )
    meeting = Meeting.objects.get()
    assert meeting.title == "Réunion de rentrée"
    assert meeting.place == "Salle 2, bâtiment B; Paris"


def test_a_meeting_must_end_after_it_starts_in_the_form(client, coordinator, group):
    client.force_login(coordinator)
    starts = at(days=10)
    response = client.post(
        "/en/meetings/new/", meeting_data(group, starts=starts, ends_at=local(starts))
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ends_at"] == ["The meeting must end after it starts."]
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.exists()


def test_coordinator_chooses_only_among_the_groups_they_coordinate(
    client, coordinator, group, other_group
):
    client.force_login(coordinator)
    form = client.get("/en/meetings/new/").context["form"]
    assert list(form.fields["group"].queryset) == [group]
    response = client.post("/en/meetings/new/", meeting_data(other_group))
    assert response.status_code == 400
    assert "group" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_member_of_a_group_coordinated_elsewhere_plans_only_for_the_coordinated_one(
    client, group, other_group
):
    user = member_user(other_group, role=Membership.Role.COORDINATOR)
    Membership.objects.create(person=person_of(user), group=group, role=Membership.Role.MEMBER)
    client.force_login(user)
    form = client.get("/en/meetings/new/").context["form"]
    assert list(form.fields["group"].queryset) == [other_group]
    assert client.post("/en/meetings/new/", meeting_data(group)).status_code == 400
    assert not Meeting.objects.exists()


# ------------------------------------------------------------------ carry-over


def test_next_meeting_shows_open_action_items_under_matters_arising(
    client, coordinator, member, group, other_group
):
    earlier = MeetingFactory(group=group, starts_at=at(days=-30), ends_at=at(days=-30, hours=2))
    owner = person_of(member)
    for title, status in (
        ("Rédiger la fiche commune", ActionItem.Status.OPEN),
        ("Mesurer les délais", ActionItem.Status.IN_PROGRESS),
        ("Informer les écoles", ActionItem.Status.DONE),
        ("Idée abandonnée", ActionItem.Status.DROPPED),
    ):
        ActionItemFactory(meeting=earlier, owner=owner, title=title, status=status)
    ActionItemFactory(
        meeting=MeetingFactory(group=other_group, starts_at=at(days=-30)),
        title="Action d'un autre groupe",
    )
    client.force_login(coordinator)
    client.post("/en/meetings/new/", meeting_data(group))
    meeting = Meeting.objects.get(title="Réunion de rentrée")
    arising = meeting.agenda_items.get(matters_arising=True)
    assert arising.position == 0

    client.force_login(member)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    agenda = page[page.index('id="agenda"') : page.index('id="attendance"')]
    assert html.escape(arising.title) in agenda
    assert "Rédiger la fiche commune" in agenda
    assert "Mesurer les délais" in agenda
    assert owner.full_name in agenda
    assert "Informer les écoles" not in page
    assert "Idée abandonnée" not in page
    assert "Action d&#x27;un autre groupe" not in page


def test_no_matters_arising_when_nothing_is_open(client, coordinator, group):
    earlier = MeetingFactory(group=group, starts_at=at(days=-30), ends_at=at(days=-30, hours=2))
    ActionItemFactory(meeting=earlier, status=ActionItem.Status.DONE)
    client.force_login(coordinator)
    client.post("/en/meetings/new/", meeting_data(group))
    meeting = Meeting.objects.get(title="Réunion de rentrée")
    assert not meeting.agenda_items.exists()
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "Matters arising" not in page
    assert "The agenda is not ready yet." in page


# ------------------------------------------------------------------ invitations


def test_invite_page_lists_the_directory_not_yet_invited(client, coordinator, member, meeting):
    contact = directory_person(meeting.group, first_name="Louise", last_name="Contact")
    invited = directory_person(meeting.group, first_name="Déjà", last_name="Invitée")
    AttendanceFactory(meeting=meeting, person=invited)
    stranger = PersonFactory(first_name="Gaspard", last_name="Inconnu")
    client.force_login(coordinator)
    response = client.get(f"/en/meetings/{meeting.pk}/invite/")
    choices = dict(response.context["form"].fields["people"].choices)
    assert contact.pk in choices
    assert person_of(member).pk in choices
    assert invited.pk not in choices
    assert stranger.pk not in choices
    page = response.content.decode()
    assert "Louise Contact" in page
    assert "Gaspard Inconnu" not in page


def test_inviting_sends_each_person_an_email_with_a_calendar_file(
    client, coordinator, member, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    contact = directory_person(meeting.group)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/meetings/{meeting.pk}/invite/", {"people": [person_of(member).pk, contact.pk]}
        )
    assert response.status_code == 302
    assert "2 invitations sent, each with a calendar file." in texts(response)
    assert set(meeting.attendances.values_list("person_id", flat=True)) == {
        person_of(member).pk,
        contact.pk,
    }
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, contact.email])
    for message in mailoutbox:
        content, mimetype = ics_attachment(message)
        assert mimetype.split(";")[0] == "text/calendar"
        calendar, (event,) = parse_ics(content)
        assert calendar["METHOD"] == "REQUEST"
        # In each invitee's language (French for both), whatever the coordinator's page.
        assert re.search(r"https://portal\.example\.org/fr/meetings/rsvp/[^/\s]+/", message.body)


def test_inviting_someone_outside_the_directory_is_refused_by_name(
    client, coordinator, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    contact = directory_person(meeting.group)
    stranger = PersonFactory(first_name="Gaspard", last_name="Inconnu")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/meetings/{meeting.pk}/invite/", {"people": [contact.pk, stranger.pk]}
        )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["people"])
    assert "Gaspard Inconnu" in errors
    assert "not in the directory" in errors
    assert "Gaspard Inconnu" in response.content.decode()
    assert not Attendance.objects.exists()
    assert mailoutbox == []


def test_inviting_again_does_not_invite_twice(
    client, coordinator, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    contact = directory_person(meeting.group)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/meetings/{meeting.pk}/invite/", {"people": [contact.pk]})
        response = client.post(f"/en/meetings/{meeting.pk}/invite/", {"people": [contact.pk]})
    assert "0 invitations sent, each with a calendar file." in texts(response)
    assert meeting.attendances.count() == 1
    assert len(mailoutbox) == 1


# ------------------------------------------------------------------ answers


@pytest.fixture
def rsvp_link(client, coordinator, member, meeting, django_capture_on_commit_callbacks, mailoutbox):
    """The answer link of the member's invitation email (path only): in English, the
    member's language."""
    member.language = "en"
    member.save(update_fields=["language"])
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/meetings/{meeting.pk}/invite/", {"people": [person_of(member).pk]})
    client.logout()
    (message,) = mailoutbox
    return re.search(
        r"https://portal\.example\.org(/en/meetings/rsvp/[^/\s]+/)", message.body
    ).group(1)


def test_rsvp_link_shows_the_buttons_without_login(client, rsvp_link, meeting, member):
    response = client.get(rsvp_link)
    assert response.status_code == 200
    page = response.content.decode()
    assert meeting.title in page
    assert person_of(member).full_name in page
    assert 'name="status" value="confirmed"' in page
    assert 'name="status" value="declined"' in page


@pytest.mark.parametrize(
    ("answer", "thanks"),
    [("confirmed", "you are expected"), ("declined", "your absence is noted")],
)
def test_rsvp_link_records_the_answer_without_login(client, rsvp_link, meeting, answer, thanks):
    response = client.post(rsvp_link, {"status": answer})
    assert response.status_code == 200
    assert thanks in response.content.decode()
    attendance = meeting.attendances.get()
    assert attendance.status == answer
    assert attendance.responded_at is not None


@pytest.mark.parametrize("tamper", ["garbage", "swap", "truncate"])
def test_a_tampered_rsvp_link_is_a_clear_404(client, rsvp_link, meeting, tamper):
    token = rsvp_link.rstrip("/").rsplit("/", 1)[1]
    if tamper == "garbage":
        token = "not-a-token"
    elif tamper == "swap":
        token = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    else:
        token = token[:-1]
    for response in (
        client.get(f"/en/meetings/rsvp/{token}/"),
        client.post(f"/en/meetings/rsvp/{token}/", {"status": "declined"}),
    ):
        assert response.status_code == 404
        assert "This link cannot be used" in response.content.decode()
    assert meeting.attendances.get().status == Attendance.Status.INVITED


def test_answering_for_a_cancelled_meeting_is_refused(client, rsvp_link, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    response = client.post(rsvp_link, {"status": "confirmed"})
    assert response.status_code == 400
    assert "This meeting is no longer planned." in response.content.decode()
    assert meeting.attendances.get().status == Attendance.Status.INVITED


def test_member_answers_from_the_meeting_page(client, member, meeting):
    attendance = AttendanceFactory(meeting=meeting, person=person_of(member))
    client.force_login(member)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert f'action="/en/meetings/{meeting.pk}/respond/"' in page
    response = client.post(f"/en/meetings/{meeting.pk}/respond/", {"status": "declined"})
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.DECLINED
    assert "Thank you, your answer has been recorded." in texts(response)


# ------------------------------------------------------------------ sector presence


def _warning(page):
    match = re.search(r'<div class="message message-warning"[^>]*>(.*?)</div>', page, re.S)
    return html.unescape(match.group(1)) if match else None


@pytest.mark.parametrize("who", ["coordinator", "member"])
def test_meeting_page_shows_sectors_present_and_warns_about_missing_ones(
    client, request, meeting, who
):
    for code, status in (
        ("justice", Attendance.Status.CONFIRMED),
        ("police", Attendance.Status.PRESENT),
        ("education", Attendance.Status.INVITED),
        ("ngo", Attendance.Status.DECLINED),
    ):
        person = directory_person(meeting.group, sector_code=code)
        AttendanceFactory(meeting=meeting, person=person, status=status)
    client.force_login(request.getfixturevalue(who))
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    section = page[page.index('class="sector-presence"') : page.index('id="agenda"')]
    warning = _warning(section)
    assert warning is not None
    assert "Not represented yet:" in warning
    missing = sector_names("medico-legal", "child-welfare", "education", "ngo", "private")
    for name in missing:
        assert name in warning
    for name in sector_names("police"):
        assert name not in warning
        assert f"✓ {name}" in section
    assert "✓ Justice" in section
    assert "Justice" not in warning


def test_no_sector_warning_when_all_seven_sectors_come(client, coordinator, meeting):
    for code in ["justice", "police", "medico-legal", "child-welfare", "education", "ngo"]:
        person = directory_person(meeting.group, sector_code=code)
        AttendanceFactory(meeting=meeting, person=person, status=Attendance.Status.CONFIRMED)
    person = directory_person(meeting.group, sector_code="private")
    AttendanceFactory(meeting=meeting, person=person, status=Attendance.Status.PRESENT)
    client.force_login(coordinator)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert _warning(page) is None
    assert "Not represented yet" not in page
    for name in sector_names(*[s.code for s in Sector.objects.all()]):
        assert f"✓ {html.escape(name)}" in page


# ------------------------------------------------------------------ agenda


def test_coordinator_adds_agenda_items_at_the_end(client, coordinator, meeting):
    AgendaItemFactory(meeting=meeting, position=1, title="Accueil")
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/agenda/",
        {"agenda-title": "Bilan\ndes auditions", "agenda-description": "Dix minutes."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/meetings/{meeting.pk}/#agenda"
    assert list(meeting.agenda_items.values_list("title", "position")) == [
        ("Accueil", 1),
        ("Bilan des auditions", 2),
    ]


def test_an_agenda_item_needs_a_title(client, coordinator, meeting):
    client.force_login(coordinator)
    response = client.post(f"/en/meetings/{meeting.pk}/agenda/", {"agenda-title": ""})
    assert "The agenda item needs a title (one line)." in texts(response)
    assert not meeting.agenda_items.exists()


def _order(meeting):
    return list(meeting.agenda_items.order_by("position", "id").values_list("title", flat=True))


def test_coordinator_moves_agenda_items_up_and_down(client, coordinator, meeting):
    first, second, third = (
        AgendaItemFactory(meeting=meeting, position=n, title=t)
        for n, t in ((1, "Un"), (2, "Deux"), (3, "Trois"))
    )
    client.force_login(coordinator)
    move = f"/en/meetings/{meeting.pk}/agenda/%s/move/"
    client.post(move % third.pk, {"direction": "up"})
    assert _order(meeting) == ["Un", "Trois", "Deux"]
    client.post(move % first.pk, {"direction": "down"})
    assert _order(meeting) == ["Trois", "Un", "Deux"]
    # Moving past either end changes nothing.
    client.post(move % third.pk, {"direction": "up"})
    client.post(move % second.pk, {"direction": "down"})
    assert _order(meeting) == ["Trois", "Un", "Deux"]
    assert list(meeting.agenda_items.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
    ]


def test_coordinator_removes_an_agenda_item(client, coordinator, meeting):
    keep = AgendaItemFactory(meeting=meeting, title="Garder")
    drop = AgendaItemFactory(meeting=meeting, title="Retirer")
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/agenda/{drop.pk}/move/", {"direction": "remove"}
    )
    assert "The item has been removed from the agenda." in texts(response)
    assert list(meeting.agenda_items.all()) == [keep]


@pytest.mark.parametrize("attached", ["decision", "action item"])
def test_an_agenda_item_with_decisions_or_actions_cannot_be_removed(
    client, coordinator, meeting, attached
):
    item = AgendaItemFactory(meeting=meeting, title="Avec décision")
    if attached == "decision":
        Decision.objects.create(meeting=meeting, agenda_item=item, text="Décidé.")
    else:
        ActionItemFactory(meeting=meeting, agenda_item=item)
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/agenda/{item.pk}/move/", {"direction": "remove"}
    )
    assert "This item has decisions or action items: it cannot be removed." in texts(response)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_agenda_item_of_another_meeting_cannot_be_moved(client, coordinator, meeting):
    other = AgendaItemFactory(meeting=MeetingFactory(group=meeting.group))
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/agenda/{other.pk}/move/", {"direction": "remove"}
    )
    assert response.status_code == 404
    assert AgendaItem.objects.filter(pk=other.pk).exists()


# ------------------------------------------------------------------ decisions, actions, documents


def test_coordinator_records_decisions_and_action_items_per_agenda_item(
    client, coordinator, member, meeting
):
    item = AgendaItemFactory(meeting=meeting, title="Fiche d'orientation")
    client.force_login(coordinator)
    client.post(
        f"/en/meetings/{meeting.pk}/decisions/",
        {"decision-agenda_item": item.pk, "decision-text": "  Adopter la fiche.  "},
    )
    owner = person_of(member)
    due = timezone.localdate() + timedelta(days=20)
    client.post(
        f"/en/meetings/{meeting.pk}/actions/",
        {
            "action-agenda_item": item.pk,
            "action-title": "Diffuser la fiche",
            "action-owner": owner.pk,
            "action-due_on": due.isoformat(),
        },
    )
    decision = Decision.objects.get()
    assert (decision.agenda_item, decision.text) == (item, "Adopter la fiche.")
    action = ActionItem.objects.get()
    assert (action.agenda_item, action.owner, action.due_on) == (item, owner, due)
    assert action.owner_organisation == owner.organisation
    assert action.status == ActionItem.Status.OPEN
    client.force_login(member)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "Adopter la fiche." in page
    assert "Diffuser la fiche" in page


def test_an_action_item_owner_outside_the_directory_is_refused(client, coordinator, meeting):
    item = AgendaItemFactory(meeting=meeting)
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/actions/",
        {"action-agenda_item": item.pk, "action-title": "X", "action-owner": PersonFactory().pk},
    )
    assert response.status_code == 302
    assert not ActionItem.objects.exists()
    assert any("owner from the group's directory" in m for m in texts(response))


def test_a_decision_needs_an_agenda_item_of_this_meeting(client, coordinator, meeting):
    other_item = AgendaItemFactory(meeting=MeetingFactory(group=meeting.group))
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/decisions/",
        {"decision-agenda_item": other_item.pk, "decision-text": "Ailleurs."},
    )
    assert "Choose an agenda item and write the decision." in texts(response)
    assert not Decision.objects.exists()


def test_documents_are_checked_by_content(client, coordinator, member, meeting):
    client.force_login(coordinator)
    fake = SimpleUploadedFile("ordre-du-jour.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(
        f"/en/meetings/{meeting.pk}/documents/", {"doc-title": "Faux", "doc-file": fake}
    )
    assert any("This file type is not accepted" in m for m in texts(response))
    assert not MeetingAttachment.objects.exists()
    pdf = SimpleUploadedFile("ordre-du-jour.pdf", b"%PDF-1.4\n%%EOF\n", "text/plain")
    client.post(f"/en/meetings/{meeting.pk}/documents/", {"doc-title": "ODJ", "doc-file": pdf})
    document = MeetingAttachment.objects.get()
    assert document.content_type == "application/pdf"
    assert document.original_name == "ordre-du-jour.pdf"
    client.force_login(member)
    response = client.get(f"/en/meetings/{meeting.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    assert 'filename="ordre-du-jour.pdf"' in response["Content-Disposition"]


# ------------------------------------------------------------------ attendance


def test_coordinator_marks_who_is_present(client, coordinator, meeting):
    came = AttendanceFactory(meeting=meeting, status=Attendance.Status.CONFIRMED)
    excused = AttendanceFactory(meeting=meeting)
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/attendance/",
        {f"status-{came.pk}": "present", f"status-{excused.pk}": "excused"},
    )
    assert "Attendance saved (2 changes)." in texts(response)
    came.refresh_from_db()
    excused.refresh_from_db()
    assert (came.status, excused.status) == (Attendance.Status.PRESENT, Attendance.Status.EXCUSED)


def test_attendance_refuses_an_unknown_status(client, coordinator, meeting):
    attendance = AttendanceFactory(meeting=meeting)
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{meeting.pk}/attendance/", {f"status-{attendance.pk}": "sleeping"}
    )
    assert "Choose a valid status and mode for each person." in texts(response)
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.INVITED


# ------------------------------------------------------------------ minutes


def _version(page):
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def _textarea(page):
    match = re.search(r'<textarea name="minutes"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1))


def test_two_coordinators_saving_the_same_minutes_nothing_is_lost(client, coordinator, meeting):
    second = member_user(meeting.group, role=Membership.Role.COORDINATOR)
    url = f"/en/meetings/{meeting.pk}/minutes/"
    client.force_login(coordinator)
    first_version = _version(client.get(url).content.decode())
    client.force_login(second)
    second_version = _version(client.get(url).content.decode())
    assert first_version == second_version == "0"

    client.force_login(coordinator)
    response = client.post(url, {"minutes": "Le texte d'Anne.", "version": first_version})
    assert response.status_code == 302

    client.force_login(second)
    response = client.post(url, {"minutes": "Le texte de Bruno.", "version": second_version})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved these minutes while you were writing." in html.unescape(page)
    assert _textarea(page).strip() == "Le texte de Bruno."
    theirs = re.search(r'<pre class="plain-text">(.*?)</pre>', page, re.S)
    assert html.unescape(theirs.group(1)) == "Le texte d'Anne."
    meeting.refresh_from_db()
    assert meeting.minutes == "Le texte d'Anne."
    assert meeting.minutes_version == 1

    # The re-rendered form carries the new version: saving the merge succeeds.
    assert _version(page) == "1"
    merged = "Le texte d'Anne.\n\nLe texte de Bruno."
    response = client.post(url, {"minutes": merged, "version": _version(page)})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == merged
    assert meeting.minutes_version == 2


def test_minutes_markdown_is_sanitised(client, coordinator, meeting):
    client.force_login(coordinator)
    client.post(
        f"/en/meetings/{meeting.pk}/minutes/",
        {"minutes": "**Important**<script>alert(1)</script>", "version": "0"},
    )
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "<strong>Important</strong>" in page
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize(
    ("minutes", "lang", "message"),
    [
        ("- a\n" + "".join("  " * i + "- x\n" for i in range(1, 60)), "en", "nested too deeply"),
        ("> " * 500 + "a", "fr", "trop imbriquées"),
        ("[" * 50_000 + "a" + "]" * 50_000, "en", "This text is too long (100,001 characters)"),
    ],
    ids=["deep list", "deep quotes", "50,000 nested brackets"],
)
def test_minutes_beyond_the_markdown_limits_are_a_form_error_that_keeps_the_text(
    client, coordinator, meeting, minutes, lang, message
):
    client.force_login(coordinator)
    response = client.post(
        f"/{lang}/meetings/{meeting.pk}/minutes/", {"minutes": minutes, "version": "0"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert _textarea(page).strip() == minutes.strip()
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.minutes_version) == ("", 0)


def test_printable_minutes_list_present_people_decisions_and_actions(
    client, coordinator, member, meeting
):
    item = AgendaItemFactory(meeting=meeting, title="Point imprimé")
    Decision.objects.create(meeting=meeting, agenda_item=item, text="Décision imprimée.")
    ActionItemFactory(meeting=meeting, agenda_item=item, title="Action imprimée")
    AttendanceFactory(meeting=meeting, person=person_of(member), status=Attendance.Status.PRESENT)
    meeting.minutes = "Un *compte rendu*."
    meeting.save()
    client.force_login(coordinator)
    response = client.get(f"/en/meetings/{meeting.pk}/minutes/print/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    for text in ("Point imprimé", "Décision imprimée.", "Action imprimée", "<em>compte rendu</em>"):
        assert text in page
    assert person_of(member).full_name in page
    assert '<body class="print-page">' in page
    assert re.search(r'href="[^"]*print[^"]*\.css" media="print"', page)


# ------------------------------------------------------------------ updating


def test_changing_the_time_sends_updated_invitations(
    client, coordinator, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    invitee = directory_person(meeting.group)
    AttendanceFactory(meeting=meeting, person=invitee, status=Attendance.Status.CONFIRMED)
    client.force_login(coordinator)
    data = meeting_data(title=meeting.title, place=meeting.place, starts=meeting.starts_at)
    data["starts_at"] = local(meeting.starts_at + timedelta(hours=1))
    data["ends_at"] = local(meeting.ends_at + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    (message,) = mailoutbox
    assert message.to == [invitee.email]
    calendar, (event,) = parse_ics(ics_attachment(message)[0])
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt == meeting.starts_at


def test_changing_only_the_public_summary_sends_nothing(
    client, coordinator, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    AttendanceFactory(meeting=meeting, person=directory_person(meeting.group))
    client.force_login(coordinator)
    data = meeting_data(
        title=meeting.title,
        place=meeting.place,
        starts=meeting.starts_at,
        public_summary="Un résumé pour le public.",
    )
    data["ends_at"] = local(meeting.ends_at)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.public_summary == "Un résumé pour le public."
    assert meeting.sequence == 0
    assert mailoutbox == []


def test_a_held_meeting_cannot_be_edited(client, coordinator, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    client.force_login(coordinator)
    data = meeting_data(title="Nouveau titre", starts=meeting.starts_at)
    response = client.post(f"/en/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 400
    assert "Only a planned meeting can be changed." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.title != "Nouveau titre"


# ------------------------------------------------------------------ closing and cancelling


def test_coordinator_closes_a_meeting_that_has_started(
    client, coordinator, member, group, django_capture_on_commit_callbacks, mailoutbox
):
    meeting = MeetingFactory(group=group, starts_at=at(hours=-3), ends_at=at(hours=-1))
    AttendanceFactory(meeting=meeting, person=person_of(member), status=Attendance.Status.PRESENT)
    absent = AttendanceFactory(meeting=meeting, status=Attendance.Status.CONFIRMED)
    client.force_login(coordinator)
    assert "Close the meeting" in client.get(f"/en/meetings/{meeting.pk}/close/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/meetings/{meeting.pk}/close/")
    assert response.status_code == 302
    assert any(m.startswith("The meeting is closed") for m in texts(response))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    absent.refresh_from_db()
    assert absent.status == Attendance.Status.ABSENT
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert f"https://portal.example.org/fr/meetings/{meeting.pk}/" in mailoutbox[0].body


def test_closing_a_meeting_that_has_not_started_is_refused(
    client, coordinator, meeting, mailoutbox
):
    client.force_login(coordinator)
    response = client.post(f"/en/meetings/{meeting.pk}/close/")
    assert response.status_code == 302
    assert "A meeting can be closed only once it has started." in texts(response)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.minutes_shared_at is None


def test_coordinator_cancels_a_meeting_and_invitees_are_told(
    client, coordinator, meeting, django_capture_on_commit_callbacks, mailoutbox
):
    invitee = directory_person(meeting.group)
    AttendanceFactory(meeting=meeting, person=invitee)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/meetings/{meeting.pk}/cancel/")
    assert "The meeting is cancelled and the invitees have been told." in texts(response)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    (message,) = mailoutbox
    calendar, (event,) = parse_ics(ics_attachment(message)[0])
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    # A cancelled meeting stays listed, marked cancelled, and cannot be cancelled twice.
    client.force_login(coordinator)
    upcoming = client.get("/en/meetings/").content.decode().split("Past")[0]
    assert meeting.title in upcoming and "Cancelled" in upcoming
    response = client.post(f"/en/meetings/{meeting.pk}/cancel/")
    assert "Only a planned meeting can be cancelled." in texts(response)


@pytest.mark.parametrize("status", [Meeting.Status.HELD, Meeting.Status.CANCELLED])
def test_a_closed_or_cancelled_meeting_can_no_longer_be_changed(
    client, coordinator, meeting, status
):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    client.force_login(coordinator)
    response = client.post(f"/en/meetings/{meeting.pk}/agenda/", {"agenda-title": "Too late"})
    assert response.status_code == 403
    assert not meeting.agenda_items.filter(title="Too late").exists()


def test_a_cancelled_upcoming_meeting_stays_listed_as_cancelled(client, member, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    client.force_login(member)
    content = client.get("/en/meetings/").content.decode()
    assert meeting.title in content
    assert "Cancelled" in content
