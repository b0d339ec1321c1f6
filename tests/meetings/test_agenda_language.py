"""The agenda item the portal adds ("matters arising") is shown in the reader's language,
whatever the language of the coordinator who planned the meeting."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import translation

from meetings import services
from meetings.models import ActionItem, AgendaItem, Attendance, Meeting
from tests.meetings.test_views import meeting_data

from .factories import ActionItemFactory, MeetingFactory, at, person_of

pytestmark = pytest.mark.django_db

EN = "Matters arising: open action items"
with translation.override("fr"):
    FR = translation.gettext(EN)  # "Suivi des actions : actions encore ouvertes"


@pytest.fixture
def planned_in_french(client, coordinator, member, group):
    earlier = MeetingFactory(group=group, starts_at=at(days=-30), ends_at=at(days=-30, hours=2))
    ActionItemFactory(meeting=earlier, owner=person_of(member), status=ActionItem.Status.OPEN)
    client.force_login(coordinator)
    response = client.post("/fr/meetings/new/", meeting_data(group))
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Réunion de rentrée")
    assert meeting.agenda_items.get().title == FR  # stored in its creator's language
    client.logout()
    return meeting


def test_english_reader_sees_the_generated_item_in_english(client_for, member, planned_in_french):
    page = client_for(member).get(f"/en/meetings/{planned_in_french.pk}/").content.decode()
    agenda = page[page.index('id="agenda"') : page.index('id="attendance"')]
    assert EN in agenda
    assert "Suivi des actions" not in agenda


def test_french_reader_sees_it_in_french(client_for, member, planned_in_french):
    page = client_for(member).get(f"/fr/meetings/{planned_in_french.pk}/").content.decode()
    assert FR in page
    assert EN not in page


def test_decision_form_choices_follow_the_reader(client_for, coordinator, planned_in_french):
    response = client_for(coordinator).get(f"/en/meetings/{planned_in_french.pk}/")
    choices = dict(response.context["decision_form"].fields["agenda_item"].choices)
    assert EN in [str(label) for label in choices.values()]


def test_an_ordinary_item_keeps_its_own_title(group):
    item = AgendaItem.objects.create(
        meeting=MeetingFactory(group=group), title="Protocole d'audition", position=1
    )
    assert item.label == "Protocole d'audition"
    assert str(item) == "Protocole d'audition"


def test_closing_email_and_printed_minutes_name_the_item_in_the_readers_language(
    client_for,
    group,
    coordinator,
    member,
    planned_in_french,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    meeting = planned_in_french
    item = meeting.agenda_items.get()
    services.decision_add(meeting=meeting, agenda_item=item, text="Relancer les écoles")
    member.language = "en"  # the emails follow the member's language
    member.save(update_fields=["language"])
    services.invite(meeting=meeting, people=[person_of(member)])
    Attendance.objects.filter(meeting=meeting).update(status=Attendance.Status.PRESENT)
    mailoutbox.clear()
    with (
        time_machine.travel(meeting.ends_at + timedelta(hours=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.meeting_close(meeting=meeting, by=coordinator)
    bodies = "\n".join(message.body for message in mailoutbox)
    assert f"{EN}: Relancer les écoles" in bodies
    page = client_for(member).get(f"/en/meetings/{meeting.pk}/minutes/print/").content.decode()
    assert f"<strong>{EN}</strong>" in page
