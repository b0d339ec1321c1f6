"""A timed agenda: each item's planned duration gives its start and end, the agenda warns
when it runs past the meeting's end, and items carry their papers (members only)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation

from meetings import services
from meetings.models import (
    MATTERS_ARISING_MINUTES,
    AgendaItem,
    AgendaItemPaper,
    Meeting,
)
from meetings.timetable import timetable

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    MeetingFactory,
    at,
    directory_person,
    parse_ics,
    person_of,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def paris(hour, minute=0, *, day=15, month=1):
    return datetime(2030, month, day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def afternoon(group):
    """A planned members-only meeting of ``group``, 14:00 to 17:00 Paris time."""
    return MeetingFactory(
        group=group, title="Séance de l’après-midi", starts_at=paris(14), ends_at=paris(17)
    )


def items_of(meeting, *minutes):
    return [
        AgendaItemFactory(meeting=meeting, position=n, title=f"Point {n}", duration_minutes=m)
        for n, m in enumerate(minutes, start=1)
    ]


def add_paper(item, title="Note de cadrage"):
    return AgendaItemPaper.objects.create(
        agenda_item=item,
        file=ContentFile(PDF, name="note.pdf"),
        title=title,
        original_name="note.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def clock(value):
    return value.astimezone(PARIS).strftime("%H:%M")


# ------------------------------------------------------------------ the timetable


def test_each_item_starts_when_the_ones_before_it_end(afternoon):
    items_of(afternoon, 20, 30, 45)
    agenda = timetable(afternoon, afternoon.agenda_items.all())
    assert [(clock(s.starts_at), clock(s.ends_at), s.minutes) for s in agenda] == [
        ("14:00", "14:20", 20),
        ("14:20", "14:50", 30),
        ("14:50", "15:35", 45),
    ]
    assert clock(agenda.ends_at) == "15:35"
    assert agenda.overrun_minutes == 0
    assert agenda.overrun_message == ""


def test_the_timetable_is_computed_without_a_query_per_item(afternoon, django_assert_num_queries):
    items_of(afternoon, *[10] * 12)
    with django_assert_num_queries(1):
        agenda = timetable(afternoon, afternoon.agenda_items.all())
    assert clock(agenda.slots[-1].starts_at) == "15:50"


def test_an_agenda_running_past_the_end_says_by_how_much(afternoon):
    items_of(afternoon, 90, 60, 55)  # 205 minutes in a three-hour meeting
    agenda = timetable(afternoon, afternoon.agenda_items.all())
    assert agenda.overrun_minutes == 25
    with translation.override("en"):
        assert agenda.overrun_message == (
            "The agenda runs 25 minutes past the end of the meeting (17:00)."
        )
    with translation.override("fr"):
        assert agenda.overrun_message == (
            "L’ordre du jour dépasse de 25 minutes la fin de la réunion (17:00)."
        )


def test_times_are_on_the_meetings_clock_and_durations_are_elapsed_time(group):
    # The night Paris moves to summer time (29 March 2026, 02:00 → 03:00).
    meeting = MeetingFactory(
        group=group,
        starts_at=datetime(2026, 3, 29, 1, 30, tzinfo=PARIS),
        ends_at=datetime(2026, 3, 29, 5, 0, tzinfo=PARIS),
    )
    items_of(meeting, 60, 30)
    agenda = timetable(meeting, meeting.agenda_items.all())
    assert [(clock(s.starts_at), clock(s.ends_at)) for s in agenda] == [
        ("01:30", "03:30"),
        ("03:30", "04:00"),
    ]
    # Another zone: the times are shown on that meeting's clock.
    meeting.timezone = "America/New_York"
    first = timetable(meeting, meeting.agenda_items.all()).slots[0]
    assert first.starts_at.strftime("%H:%M") == "20:30"  # 00:30 UTC, summer time there


def test_moving_an_item_moves_the_times_with_it(afternoon):
    first, second, third = items_of(afternoon, 20, 30, 45)
    services.agenda_item_move(item=third, direction="up")
    agenda = timetable(afternoon, afternoon.agenda_items.all())
    assert [(s.item.pk, clock(s.starts_at)) for s in agenda] == [
        (first.pk, "14:00"),
        (third.pk, "14:20"),
        (second.pk, "15:05"),
    ]


# ------------------------------------------------------------------ durations


def test_a_new_item_takes_its_duration_and_defaults_to_fifteen_minutes(afternoon):
    timed = services.agenda_item_add(
        meeting=afternoon, item=AgendaItem(title="Tour de table", duration_minutes=35)
    )
    untimed = services.agenda_item_add(meeting=afternoon, item=AgendaItem(title="Divers"))
    assert timed.duration_minutes == 35
    assert untimed.duration_minutes == 15


@pytest.mark.parametrize("minutes", [0, 481])
def test_a_duration_out_of_range_is_refused_with_a_translated_message(afternoon, minutes):
    with translation.override("fr"), pytest.raises(ValidationError) as refusal:
        services.agenda_item_add(
            meeting=afternoon, item=AgendaItem(title="Trop long", duration_minutes=minutes)
        )
    assert "Un point de l’ordre du jour dure de 1 minute à 480 minutes" in str(refusal.value)
    assert not afternoon.agenda_items.exists()


def test_the_database_itself_refuses_an_empty_duration(afternoon):
    (item,) = items_of(afternoon, 20)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=item.pk).update(duration_minutes=0)


def test_matters_arising_get_their_own_default_duration(group, coordinator):
    earlier = MeetingFactory(group=group, starts_at=at(days=-30), ends_at=at(days=-30, hours=2))
    ActionItemFactory(meeting=earlier, owner=directory_person(group))
    meeting = services.meeting_create(
        meeting=Meeting(
            group=group, title="Suite", starts_at=at(days=9), ends_at=at(days=9, hours=2)
        ),
        by=coordinator,
    )
    arising = meeting.agenda_items.get(matters_arising=True)
    assert arising.duration_minutes == MATTERS_ARISING_MINUTES


def test_updating_an_item_keeps_the_place_it_was_moved_to_meanwhile(afternoon):
    first, second = items_of(afternoon, 20, 30)
    stale = AgendaItem.objects.get(pk=second.pk)  # read before the move
    services.agenda_item_move(item=second, direction="up")
    stale.duration_minutes = 50
    services.agenda_item_update(item=stale)
    second.refresh_from_db()
    assert (second.position, second.duration_minutes) == (1, 50)


def test_a_closed_meetings_items_are_not_changed(afternoon):
    (item,) = items_of(afternoon, 20)
    Meeting.objects.filter(pk=afternoon.pk).update(status=Meeting.Status.HELD)
    item.duration_minutes = 60
    with pytest.raises(ValidationError):
        services.agenda_item_update(item=item)
    item.refresh_from_db()
    assert item.duration_minutes == 20


def test_an_item_update_refuses_a_presenter_outside_the_directory(afternoon, other_group):
    (item,) = items_of(afternoon, 20)
    item.presenter = directory_person(other_group)
    with pytest.raises(ValidationError) as refusal:
        services.agenda_item_update(item=item)
    assert refusal.value.code == "presenter_outside"


# ------------------------------------------------------------------ the meeting page


def test_the_meeting_page_shows_each_items_times(client, member, afternoon):
    items_of(afternoon, 20, 40)
    client.force_login(member)
    page = client.get(f"/en/meetings/{afternoon.pk}/").content.decode()
    assert "14:00</time> – <time" in page
    assert "14:20</time> (20 min)" in page
    assert "15:00</time> (40 min)" in page
    assert 'role="status"' not in page.split('id="agenda"')[1].split("</section>")[0]


def test_the_public_sees_a_public_meetings_timed_agenda_without_its_papers(client, afternoon):
    Meeting.objects.filter(pk=afternoon.pk).update(visibility=Meeting.Visibility.PUBLIC)
    (item,) = items_of(afternoon, 25)
    add_paper(item, "Note interne")
    page = client.get(f"/en/meetings/{afternoon.pk}/").content.decode()
    assert "14:25</time> (25 min)" in page
    assert "Note interne" not in page
    assert "/papers/" not in page


def test_an_overrun_is_said_in_words_to_everyone_and_on_the_coordinators_form(
    client, member, coordinator, afternoon
):
    items_of(afternoon, 120, 85)
    client.force_login(member)
    page = client.get(f"/en/meetings/{afternoon.pk}/").content.decode()
    warning = "The agenda runs 25 minutes past the end of the meeting (17:00)."
    assert page.count(warning) == 1
    assert f'role="status"><strong>Agenda too long:</strong> {warning}' in page
    client.force_login(coordinator)
    page = client.get(f"/en/meetings/{afternoon.pk}/").content.decode()
    add_panel = page.split('id="add-agenda"')[1].split("</details>")[0]
    assert warning in add_panel
    assert "The agenda so far ends at 17:25; the meeting ends at 17:00." in add_panel


def test_the_add_form_takes_the_duration(client, coordinator, afternoon):
    client.force_login(coordinator)
    client.post(
        f"/en/meetings/{afternoon.pk}/agenda/",
        {"agenda-title": "Budget", "agenda-duration_minutes": "35"},
    )
    assert afternoon.agenda_items.get().duration_minutes == 35


def test_the_add_form_defaults_the_duration_and_refuses_a_bad_one_in_words(
    client, coordinator, afternoon
):
    client.force_login(coordinator)
    response = client.post(
        f"/en/meetings/{afternoon.pk}/agenda/",
        {"agenda-title": "Budget", "agenda-duration_minutes": "0"},
    )
    assert texts(response) == ["An agenda item lasts from 1 minute to 480 minutes (8 hours)."]
    assert not afternoon.agenda_items.exists()
    client.post(f"/en/meetings/{afternoon.pk}/agenda/", {"agenda-title": "Budget"})
    assert afternoon.agenda_items.get().duration_minutes == 15


# ------------------------------------------------------------------ editing an item


def edit_url(item):
    return f"/en/meetings/{item.meeting_id}/agenda/{item.pk}/edit/"


@pytest.mark.parametrize("who", ["coordinator", "staff"])
def test_coordinators_and_staff_change_an_items_duration(client, request, who, afternoon):
    first, second = items_of(afternoon, 20, 30)
    client.force_login(request.getfixturevalue(who))
    page = client.get(edit_url(first))
    assert page.status_code == 200
    assert "14:20</time> (30 min)" not in page.content.decode()  # the second starts at 14:20
    response = client.post(edit_url(first), {"title": "Point 1", "duration_minutes": "45"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.duration_minutes == 45
    assert texts(response) == ["The agenda item has been saved."]
    page = client.get(f"/en/meetings/{afternoon.pk}/").content.decode()
    assert "14:45</time> – <time" in page


def test_a_bad_duration_is_refused_and_shown_with_the_form(client, coordinator, afternoon):
    (item,) = items_of(afternoon, 20)
    client.force_login(coordinator)
    response = client.post(edit_url(item), {"title": "Nouveau titre", "duration_minutes": "0"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "An agenda item lasts from 1 minute to 480 minutes (8 hours)." in page
    assert 'value="Nouveau titre"' in page  # what was typed is kept
    item.refresh_from_db()
    assert (item.title, item.duration_minutes) == ("Point 1", 20)


def test_the_edit_page_warns_of_an_overrun(client, coordinator, afternoon):
    (item,) = items_of(afternoon, 200)
    client.force_login(coordinator)
    page = client.get(edit_url(item)).content.decode()
    assert "The agenda runs 20 minutes past the end of the meeting (17:00)." in page


def test_matters_arising_change_only_their_duration(client, coordinator, afternoon):
    item = AgendaItemFactory(meeting=afternoon, matters_arising=True, title="Suivi")
    client.force_login(coordinator)
    response = client.post(edit_url(item), {"title": "Autre chose", "duration_minutes": "25"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.duration_minutes) == ("Suivi", 25)


@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 302), ("member", 403), ("other_coordinator", 404), ("outsider", 404)],
)
def test_others_cannot_change_an_item(client, request, who, status, afternoon):
    (item,) = items_of(afternoon, 20)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for response in (
        client.get(edit_url(item)),
        client.post(edit_url(item), {"title": "X", "duration_minutes": "99"}),
    ):
        assert response.status_code == status
        if status == 302:
            assert "/login/" in response["Location"]
    item.refresh_from_db()
    assert item.duration_minutes == 20


def test_a_closed_meetings_item_cannot_be_edited(client, coordinator, afternoon):
    (item,) = items_of(afternoon, 20)
    Meeting.objects.filter(pk=afternoon.pk).update(status=Meeting.Status.HELD)
    client.force_login(coordinator)
    response = client.post(edit_url(item), {"title": "X", "duration_minutes": "99"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.duration_minutes == 20


# ------------------------------------------------------------------ papers


def paper_post(item, title="Note de cadrage", content=PDF, name="note.pdf"):
    return {
        "paper-agenda_item": item.pk,
        "paper-title": title,
        "paper-file": SimpleUploadedFile(name, content, "application/pdf"),
    }


@pytest.mark.parametrize("who", ["coordinator", "staff"])
def test_coordinators_and_staff_add_a_paper_that_members_download(
    client, request, who, member, afternoon
):
    first, second = items_of(afternoon, 20, 30)
    client.force_login(request.getfixturevalue(who))
    response = client.post(f"/en/meetings/{afternoon.pk}/papers/", paper_post(second))
    assert texts(response) == ["The paper has been added to the agenda item."]
    paper = second.papers.get()
    assert (paper.content_type, paper.original_name, paper.size) == (
        "application/pdf",
        "note.pdf",
        len(PDF),
    )
    client.force_login(member)
    page = client.get(f"/en/meetings/{afternoon.pk}/").content.decode()
    url = f"/en/meetings/{afternoon.pk}/agenda/{second.pk}/papers/{paper.pk}/"
    under_second = page.split("Point 2")[1]
    assert f'<a href="{url}" download>Note de cadrage</a>' in under_second
    assert "(note.pdf, 51" in under_second  # the name (type) and the size
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'filename="note.pdf"' in response["Content-Disposition"]


def test_a_bad_upload_is_refused_with_a_translated_message(client, coordinator, afternoon):
    (item,) = items_of(afternoon, 20)
    client.force_login(coordinator)
    response = client.post(
        f"/fr/meetings/{afternoon.pk}/papers/",
        paper_post(item, content=b"MZ\x90\x00 pas un pdf", name="note.pdf"),
    )
    assert any("Ce type de fichier n’est pas accepté" in m for m in texts(response))
    assert not AgendaItemPaper.objects.exists()


def test_a_paper_goes_only_to_an_item_of_the_same_meeting(client, coordinator, afternoon):
    elsewhere = AgendaItemFactory(meeting=MeetingFactory(group=afternoon.group))
    client.force_login(coordinator)
    client.post(f"/en/meetings/{afternoon.pk}/papers/", paper_post(elsewhere))
    assert not AgendaItemPaper.objects.exists()


def test_papers_are_not_added_to_a_closed_meeting(coordinator, afternoon):
    (item,) = items_of(afternoon, 20)
    Meeting.objects.filter(pk=afternoon.pk).update(status=Meeting.Status.HELD)
    paper = AgendaItemPaper(
        title="Tard",
        file=ContentFile(PDF, name="t.pdf"),
        content_type="application/pdf",
        size=len(PDF),
    )
    with pytest.raises(ValidationError):
        services.agenda_item_paper_add(item=item, paper=paper)
    assert not AgendaItemPaper.objects.exists()


@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 302), ("member", 403), ("other_coordinator", 404), ("outsider", 404)],
)
def test_others_cannot_add_a_paper(client, request, who, status, afternoon):
    (item,) = items_of(afternoon, 20)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.post(f"/en/meetings/{afternoon.pk}/papers/", paper_post(item))
    assert response.status_code == status
    assert not AgendaItemPaper.objects.exists()


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 302), ("outsider", 403), ("other_member", 404), ("other_coordinator", 404)],
)
def test_papers_are_for_the_groups_members_only(client, request, who, status, public, afternoon):
    if public:
        Meeting.objects.filter(pk=afternoon.pk).update(visibility=Meeting.Visibility.PUBLIC)
    (item,) = items_of(afternoon, 20)
    paper = add_paper(item)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(f"/en/meetings/{afternoon.pk}/agenda/{item.pk}/papers/{paper.pk}/")
    assert response.status_code == status


def test_a_paper_is_found_only_under_its_own_item(client, member, afternoon):
    first, second = items_of(afternoon, 20, 30)
    paper = add_paper(first)
    client.force_login(member)
    response = client.get(f"/en/meetings/{afternoon.pk}/agenda/{second.pk}/papers/{paper.pk}/")
    assert response.status_code == 404


# ------------------------------------------------------------------ invitation, calendar


def test_the_invitation_lists_the_timed_agenda_and_the_papers_titles(
    group, member, afternoon, django_capture_on_commit_callbacks
):
    first, second = items_of(afternoon, 20, 40)
    add_paper(second, "Projet de fiche d’orientation")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(meeting=afternoon, people=[person_of(member)])
    (message,) = mail.outbox
    assert "1. 14:00 – 14:20 (20 min) Point 1" in message.body
    assert "2. 14:20 – 15:00 (40 min) Point 2" in message.body
    assert "Projet de fiche d’orientation" in message.body
    assert f"/meetings/{afternoon.pk}/" in message.body
    # The files stay on the portal: only the calendar file is attached.
    assert [m for _, _, m in message.attachments if not m.startswith("text/calendar")] == []


def test_the_private_calendar_lists_the_timed_agenda_the_public_one_does_not(
    client, member, afternoon
):
    Meeting.objects.filter(pk=afternoon.pk).update(visibility=Meeting.Visibility.PUBLIC)
    items_of(afternoon, 20, 40)
    _, (public,) = parse_ics(client.get(f"/en/meetings/{afternoon.pk}.ics").content)
    assert "Point 1" not in str(public["description"])
    client.force_login(member)
    _, (private,) = parse_ics(client.get(f"/en/meetings/{afternoon.pk}.ics").content)
    description = str(private["description"])
    assert "14:00 Point 1" in description
    assert "14:20 Point 2" in description


def test_removing_an_item_removes_its_papers_files_once_committed(
    afternoon, settings, django_capture_on_commit_callbacks
):
    from pathlib import Path

    (item,) = items_of(afternoon, 30)
    paper = add_paper(item)
    stored = Path(settings.MEDIA_ROOT) / paper.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_remove(item=item)
    assert not stored.exists()


def test_the_services_judge_a_meeting_document_by_its_bytes(coordinator, afternoon):
    """A paper or a meeting document given to the service from the shell (no form) is
    judged by its bytes as through the page: a disguised program is refused, and a PDF gets
    its type, size and name from its content, whatever the caller claimed."""
    from meetings.models import MeetingAttachment

    (item,) = items_of(afternoon, 20)
    disguised = b"MZ\x90\x00 pas un pdf"
    with pytest.raises(ValidationError):
        services.agenda_item_paper_add(
            item=item,
            paper=AgendaItemPaper(
                title="Déguisé",
                file=ContentFile(disguised, name="note.pdf"),
                content_type="application/pdf",
                size=1,
            ),
        )
    with pytest.raises(ValidationError):
        services.meeting_attachment_add(
            meeting=afternoon,
            attachment=MeetingAttachment(
                title="Déguisé",
                file=ContentFile(disguised, name="note.pdf"),
                content_type="application/pdf",
                size=1,
            ),
        )
    assert not AgendaItemPaper.objects.exists()
    assert not MeetingAttachment.objects.exists()
    paper = services.agenda_item_paper_add(
        item=item,
        paper=AgendaItemPaper(
            title="Vrai", file=ContentFile(PDF, name="vrai.pdf"), content_type="image/png", size=1
        ),
    )
    assert (paper.content_type, paper.size, paper.original_name) == (
        "application/pdf",
        len(PDF),
        "vrai.pdf",
    )


@pytest.fixture
def judged(monkeypatch):
    """Counts how many times an upload is judged by its bytes."""
    from practices import uploads

    calls = []
    detect = uploads.detect_type

    def counting(upload):
        calls.append(upload.name)
        return detect(upload)

    monkeypatch.setattr(uploads, "detect_type", counting)
    return calls


def test_a_paper_and_a_document_sent_through_the_page_are_judged_once(
    client, coordinator, afternoon, judged
):
    from meetings.models import MeetingAttachment

    (item,) = items_of(afternoon, 20)
    client.force_login(coordinator)
    client.post(f"/en/meetings/{afternoon.pk}/papers/", paper_post(item))
    client.post(
        f"/en/meetings/{afternoon.pk}/documents/",
        {"doc-title": "ODJ", "doc-file": SimpleUploadedFile("odj.pdf", PDF, "text/plain")},
    )

    assert judged == ["note.pdf", "odj.pdf"]
    assert item.papers.get().content_type == "application/pdf"
    document = MeetingAttachment.objects.get()
    assert (document.content_type, document.size, document.original_name) == (
        "application/pdf",
        len(PDF),
        "odj.pdf",
    )


@pytest.mark.parametrize("form_name", ["MeetingAttachmentForm", "AgendaItemPaperForm"])
def test_the_form_gives_the_document_s_translated_refusal_on_its_file_field(form_name, afternoon):
    from meetings import forms

    (item,) = items_of(afternoon, 20)
    extra = {"meeting": afternoon} if form_name == "AgendaItemPaperForm" else {}
    with translation.override("fr"):
        form = getattr(forms, form_name)(
            {"title": "Déguisé", "agenda_item": item.pk},
            {"file": SimpleUploadedFile("note.pdf", b"MZ\x90\x00 pas un pdf")},
            **extra,
        )
        assert not form.is_valid()
        assert "Ce type de fichier n’est pas accepté" in form.errors["file"][0]
    assert list(form.errors) == ["file"]


def test_a_document_whose_file_changed_after_it_was_taken_is_judged_again(coordinator, afternoon):
    """The service skips only the very upload the document took: a file put in its place
    afterwards (from the shell) is judged."""
    (item,) = items_of(afternoon, 20)
    paper = AgendaItemPaper(title="Échangé")
    paper.take_file(ContentFile(PDF, name="vrai.pdf"))
    paper.file = ContentFile(b"MZ\x90\x00 pas un pdf", name="vrai.pdf")

    with pytest.raises(ValidationError) as error:
        services.agenda_item_paper_add(item=item, paper=paper)

    assert error.value.code == "bad_type"
    assert not AgendaItemPaper.objects.exists()


def test_taking_the_first_upload_again_after_another_was_put_in_its_place_keeps_the_first():
    """take_file skips only the upload the document took *and still holds*: given the
    first upload again after another replaced it, it keeps (and describes) the first."""
    paper = AgendaItemPaper(title="Rendu")
    first = ContentFile(PDF, name="vrai.pdf")
    paper.take_file(first)
    paper.file = ContentFile(b"MZ\x90\x00 pas un pdf", name="autre.exe")
    paper.take_file(first)
    assert paper.file.file is first
    assert (paper.content_type, paper.original_name) == ("application/pdf", "vrai.pdf")


def test_titles_and_places_are_one_line_whoever_saves_them(coordinator, afternoon):
    """The model makes titles and places one line (not only the form): from the shell too."""
    afternoon.title, afternoon.place = "Réunion\nde printemps", "Salle 4\r\nBâtiment B"
    services.meeting_update(meeting=afternoon, changed=["title", "place"])
    afternoon.refresh_from_db()
    assert (afternoon.title, afternoon.place) == ("Réunion de printemps", "Salle 4 Bâtiment B")
    item = services.agenda_item_add(
        meeting=afternoon, item=AgendaItem(title="Bilan\ndes auditions")
    )
    item.refresh_from_db()
    assert item.title == "Bilan des auditions"
