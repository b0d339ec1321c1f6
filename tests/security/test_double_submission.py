"""A create form sent twice makes one object: each form carries a one-time token; the second
post of the same form (a double click, the back button, a retry) leads to what the first
made, with a message. Posted as a browser would: the form is read back from the page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, MeetingAttachment
from practices.models import Improvement, Practice
from stakeholders.models import FormSubmission, Invitation, Membership, Organisation, Person
from tests.factories import TerritoryFactory, WorkingGroupFactory, member_user
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, directory_person
from tests.practices.factories import PracticeFactory
from tests.practices.helpers import form_data, practice_post_data

pytestmark = pytest.mark.django_db

ALREADY = "You had already sent this form: it was taken into account only once."


@pytest.fixture
def paris():
    """The Paris group, its coordinator, and a Lyon group next door (whose coordinator
    must not see Paris's objects through a replayed form)."""
    group = WorkingGroupFactory(territory=TerritoryFactory(name="Paris", slug="paris"))
    WorkingGroupFactory(territory=TerritoryFactory(name="Lyon", slug="lyon"))
    return group, member_user(group, role=Membership.Role.COORDINATOR)


def read_form(client, url, form_class="form"):
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page, form_class)
    assert len(data["submission"]) >= 22, "the form carries its one-time token"
    return data


def post_twice(client, url, data, *, leads_to):
    """Post ``data`` twice: both posts lead to ``leads_to()`` (what the first made), the
    second with the message."""
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code == 302
    assert first["Location"] == second["Location"] == leads_to()
    assert ALREADY in client.get(second["Location"]).content.decode()


def test_a_practice_sent_twice_is_made_once(client, paris):
    group, _coordinator = paris
    member = member_user(group)
    client.force_login(member)
    token = read_form(client, "/en/practices/new/", "practice-form")["submission"]
    data = practice_post_data(
        territory=group.territory,
        group=group,
        partners=[(member.person.organisation, "lead")],
        title_fr="Salle d’audition adaptée",
        submission=token,
    )
    post_twice(
        client,
        "/en/practices/new/",
        data,
        leads_to=lambda: Practice.objects.get().get_absolute_url(),
    )


def test_a_meeting_sent_twice_is_made_once(client, paris):
    group, coordinator = paris
    client.force_login(coordinator)
    data = read_form(client, "/en/meetings/new/")
    data.update(
        group=group.pk,
        title="Plénière de printemps",
        starts_at="2031-03-04T10:00",
        ends_at="2031-03-04T12:00",
        place="Paris 17e",
        visibility="members",
    )
    post_twice(
        client, "/en/meetings/new/", data, leads_to=lambda: Meeting.objects.get().get_absolute_url()
    )


def test_an_organisation_sent_twice_is_made_once(client, paris):
    group, coordinator = paris
    client.force_login(coordinator)
    data = read_form(client, "/en/stakeholders/new/")
    sector = coordinator.person.organisation.sector
    data.update(
        name="Maison des adolescents", sector=sector.pk, kind="public", territory=group.territory.pk
    )
    post_twice(
        client,
        "/en/stakeholders/new/",
        data,
        leads_to=lambda: Organisation.objects.get(name="Maison des adolescents").get_absolute_url(),
    )


def test_a_person_sent_twice_is_made_once(client, paris):
    group, coordinator = paris
    organisation = coordinator.person.organisation
    client.force_login(coordinator)
    data = read_form(client, f"/en/stakeholders/people/new/?organisation={organisation.slug}")
    data.update(first_name="Anatole", last_name="Doublon", email="anatole@example.org")
    post_twice(client, "/en/stakeholders/people/new/", data, leads_to=organisation.get_absolute_url)
    assert Person.objects.filter(last_name="Doublon").count() == 1


def test_an_invitation_sent_twice_is_sent_once(
    client, paris, mailoutbox, django_capture_on_commit_callbacks
):
    group, coordinator = paris
    client.force_login(coordinator)
    url = f"/en/stakeholders/groups/{group.slug}/invite/"
    data = read_form(client, url)
    data.update(
        email="new.colleague@example.org",
        first_name="Zoé",
        last_name="Invitée",
        organisation=coordinator.person.organisation.pk,
        role="member",
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_twice(client, url, data, leads_to=group.get_absolute_url)
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1


def test_meeting_invitations_sent_twice_are_sent_once(
    client, paris, mailoutbox, django_capture_on_commit_callbacks
):
    group, coordinator = paris
    meeting = MeetingFactory(group=group)
    guests = [directory_person(group), directory_person(group)]
    client.force_login(coordinator)
    url = f"/en/meetings/{meeting.pk}/invite/"
    data = read_form(client, url)
    data["people"] = [str(p.pk) for p in guests]
    with django_capture_on_commit_callbacks(execute=True):
        post_twice(client, url, data, leads_to=meeting.get_absolute_url)
    assert Attendance.objects.filter(meeting=meeting).count() == 2
    assert len(mailoutbox) == 2


def test_a_form_corrected_after_an_error_is_still_made_once(client, paris):
    group, coordinator = paris
    client.force_login(coordinator)
    data = read_form(client, "/en/stakeholders/new/")
    refused = client.post("/en/stakeholders/new/", {**data, "name": ""})
    assert refused.status_code == 200
    again = form_data(refused, "form")
    assert again["submission"] == data["submission"]  # the same form, the same token
    sector = coordinator.person.organisation.sector
    again.update(name="Point écoute", sector=sector.pk, kind="public", territory=group.territory.pk)
    post_twice(
        client,
        "/en/stakeholders/new/",
        again,
        leads_to=lambda: Organisation.objects.get(name="Point écoute").get_absolute_url(),
    )


def test_two_forms_opened_apart_make_two_objects(client, paris):
    group, coordinator = paris
    client.force_login(coordinator)
    first, second = (read_form(client, "/en/stakeholders/people/new/") for _ in range(2))
    assert first["submission"] != second["submission"]
    for data, name in ((first, "Un"), (second, "Deux")):
        data.update(
            first_name=name, last_name="Homonyme", organisation=coordinator.person.organisation.pk
        )
        assert client.post("/en/stakeholders/people/new/", data).status_code == 302
    assert Person.objects.filter(last_name="Homonyme").count() == 2


def test_a_made_up_or_missing_token_only_loses_the_protection(client, paris):
    group, coordinator = paris
    client.force_login(coordinator)
    data = read_form(client, "/en/stakeholders/people/new/")
    data.update(
        first_name="Sans", last_name="Jeton", organisation=coordinator.person.organisation.pk
    )
    for token in ("<script>", ""):
        assert (
            client.post("/en/stakeholders/people/new/", {**data, "submission": token}).status_code
            == 302
        )
    assert Person.objects.filter(last_name="Jeton").count() == 2
    assert not FormSubmission.objects.exists()


def test_another_account_replaying_a_token_gets_nothing_of_the_first(client, paris):
    group, coordinator = paris
    client.force_login(coordinator)
    data = read_form(client, "/en/stakeholders/people/new/")
    data.update(
        first_name="Ada", last_name="Unique", organisation=coordinator.person.organisation.pk
    )
    assert client.post("/en/stakeholders/people/new/", data).status_code == 302
    other = member_user(group, role=Membership.Role.COORDINATOR)
    client.force_login(other)
    response = client.post("/en/stakeholders/people/new/", {**data, "last_name": "Autre"})
    assert response.status_code == 302
    assert response["Location"] == "/en/stakeholders/"
    assert Person.objects.filter(last_name="Autre").count() == 0


def test_the_message_is_in_french_too(client, paris):
    group, coordinator = paris
    client.force_login(coordinator)
    url = "/fr/stakeholders/people/new/"
    data = read_form(client, url)
    data.update(
        first_name="Léa", last_name="Deux-Fois", organisation=coordinator.person.organisation.pk
    )
    assert client.post(url, data).status_code == 302
    page = client.post(url, data, follow=True).content.decode()
    assert "Vous aviez déjà envoyé ce formulaire : il n’a été pris en compte qu’une fois." in page


# ---------------------------------------------------------------- forms that add to a page

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def token_in(page, name):
    """The one-time token of the form whose fields are named ``name``-…"""
    match = re.search(rf'name="{name}" value="([^"]+)"', page.content.decode())
    assert match, f"no {name} in the page"
    return match.group(1)


MEETING_FORMS = {
    # prefix: (path, data, what counts the rows)
    "agenda": ("agenda", lambda m, item, owner: {"agenda-title": "Bilan"}, AgendaItem),
    "decision": (
        "decisions",
        lambda m, item, owner: {"decision-agenda_item": item.pk, "decision-text": "Adopté."},
        Decision,
    ),
    "action": (
        "actions",
        lambda m, item, owner: {
            "action-agenda_item": item.pk,
            "action-title": "Écrire au parquet",
            "action-owner": owner.pk,
        },
        ActionItem,
    ),
    "doc": (
        "documents",
        lambda m, item, owner: {
            "doc-title": "Ordre du jour",
            "doc-file": SimpleUploadedFile("odj.pdf", PDF, "application/pdf"),
        },
        MeetingAttachment,
    ),
}


@pytest.mark.parametrize("prefix", MEETING_FORMS)
def test_what_a_meeting_page_adds_is_added_once_when_sent_twice(client, paris, prefix):
    group, coordinator = paris
    meeting = MeetingFactory(group=group)
    item = AgendaItemFactory(meeting=meeting, title="Point 1")
    owner = directory_person(group)
    path, data, model = MEETING_FORMS[prefix]
    client.force_login(coordinator)
    page = client.get(meeting.get_absolute_url())
    url = f"/en/meetings/{meeting.pk}/{path}/"
    before = model.objects.count()

    def post():
        fields = data(meeting, item, owner)  # a new upload object each time
        return client.post(
            url, {**fields, f"{prefix}-submission": token_in(page, f"{prefix}-submission")}
        )

    first, second = post(), post()
    assert model.objects.count() == before + 1
    assert first.status_code == second.status_code == 302
    assert (
        first["Location"].split("#")[0]
        == second["Location"].split("#")[0]
        == meeting.get_absolute_url()
    )
    assert ALREADY in client.get(second["Location"]).content.decode()


def test_an_improvement_suggestion_sent_twice_is_sent_once(client, paris):
    group, _coordinator = paris
    member = member_user(group)
    practice = PracticeFactory(
        status=Practice.Status.PUBLISHED, group=group, territory=group.territory
    )
    client.force_login(member)
    page = client.get(practice.get_absolute_url())
    data = {"text": "Ajouter le numéro 119.", "submission": token_in(page, "submission")}
    url = f"/en/practices/{practice.slug}/improvements/"
    first, second = client.post(url, data), client.post(url, data)
    assert Improvement.objects.filter(practice=practice).count() == 1
    assert first["Location"] == second["Location"]
    assert ALREADY in client.get(second["Location"]).content.decode()
