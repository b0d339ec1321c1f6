"""The meeting forms look like the rest of the portal: the meeting form in headed sections,
the coordinator's agenda, decision, action item and document forms behind disclosures whose
label is a heading (no bare <details> triangle), and an attendance table whose rows carry
their column names so that they stack on a phone."""

import re

import pytest

from .factories import AgendaItemFactory, AttendanceFactory, MeetingFactory, directory_person
from .test_views import meeting_data

pytestmark = pytest.mark.django_db

SECTIONS = ["La réunion", "Quand", "Où", "Qui y a accès"]


def legends(html):
    return re.findall(r"<legend><h2>(.*?)</h2></legend>", html)


def section_of(html, heading):
    """The fieldset headed ``heading``."""
    start = html.index(f"<legend><h2>{heading}</h2></legend>")
    return html[start : html.index("</fieldset>", start)]


def test_the_meeting_form_comes_in_headed_sections(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/fr/meetings/new/").content.decode()
    assert legends(html) == SECTIONS
    assert 'name="group"' in section_of(html, "La réunion")
    assert 'name="title"' in section_of(html, "La réunion")
    assert 'name="starts_at"' in section_of(html, "Quand")
    assert 'name="ends_at"' in section_of(html, "Quand")
    assert 'name="online_url"' in section_of(html, "Où")
    assert 'name="visibility"' in section_of(html, "Qui y a accès")


def test_the_edit_form_has_the_same_sections_without_the_group(client, coordinator, group):
    meeting = MeetingFactory(group=group)
    client.force_login(coordinator)
    html = client.get(f"/fr/meetings/{meeting.pk}/edit/").content.decode()
    assert legends(html) == SECTIONS
    assert 'name="group"' not in html


def test_an_invalid_meeting_keeps_what_was_typed_and_says_what_is_wrong(client, coordinator, group):
    client.force_login(coordinator)
    response = client.post("/fr/meetings/new/", meeting_data(group, title=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'value="Maison des associations"' in section_of(html, "Où")
    assert legends(html) == SECTIONS


def test_the_meeting_form_is_for_coordinators(client, member, db):
    assert client.get("/fr/meetings/new/").status_code == 302
    client.force_login(member)
    assert client.get("/fr/meetings/new/").status_code == 403


def test_a_coordinator_of_another_group_cannot_open_the_edit_form(client, other_coordinator, group):
    meeting = MeetingFactory(group=group)
    client.force_login(other_coordinator)
    assert client.get(f"/fr/meetings/{meeting.pk}/edit/").status_code == 404


def main_content(response) -> str:
    """The page's ``main`` element: the header's phone menu is a disclosure of its own."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_the_coordinators_forms_open_from_labelled_disclosures(client, coordinator, group):
    meeting = MeetingFactory(group=group)
    AgendaItemFactory(meeting=meeting, title="Point d’étape")
    client.force_login(coordinator)
    html = main_content(client.get(f"/fr/meetings/{meeting.pk}/"))
    details = re.findall(r"<details[^>]*>\s*<summary>(.*?)</summary>", html, re.S)
    assert len(details) == 5
    for summary in details:
        assert re.fullmatch(r"<h3>[^<]+</h3>", summary.strip()), summary
    assert html.count('<details class="panel disclosure"') == 5


def test_members_see_none_of_the_coordinators_forms(client, member, group):
    meeting = MeetingFactory(group=group)
    AgendaItemFactory(meeting=meeting)
    client.force_login(member)
    html = main_content(client.get(f"/fr/meetings/{meeting.pk}/"))
    assert "<details" not in html
    assert f"/fr/meetings/{meeting.pk}/agenda/" not in html


def test_the_attendance_table_names_each_cell_for_phones(client, coordinator, group):
    meeting = MeetingFactory(group=group)
    for _ in range(3):
        AttendanceFactory(meeting=meeting, person=directory_person(group))
    client.force_login(coordinator)
    html = client.get(f"/fr/meetings/{meeting.pk}/").content.decode()
    table = html[html.index('<table class="stacked attendance-table">') :]
    table = table[: table.index("</table>")]
    assert table.count('data-label="Organisation"') == 3
    assert table.count('data-label="Secteur"') == 3
    assert table.count('data-label="Statut"') == 3
    # Each status select keeps its own label.
    for select_id in re.findall(r'<select name="status-\d+" id="(id_status-\d+)"', table):
        assert f'<label class="visually-hidden" for="{select_id}">' in table


def test_members_see_the_attendance_without_selects(client, member, group):
    meeting = MeetingFactory(group=group)
    AttendanceFactory(meeting=meeting, person=directory_person(group))
    client.force_login(member)
    html = client.get(f"/fr/meetings/{meeting.pk}/").content.decode()
    assert 'data-label="Statut"' in html
    assert '<select name="status-' not in html


def test_outsiders_do_not_see_a_members_only_meeting(client, other_member, group):
    meeting = MeetingFactory(group=group)
    assert client.get(f"/fr/meetings/{meeting.pk}/").status_code == 404
    client.force_login(other_member)
    assert client.get(f"/fr/meetings/{meeting.pk}/").status_code == 404
