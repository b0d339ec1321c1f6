"""A create form sent twice makes one object: each form carries a one-time token; the second
post of the same form (a double click, the back button, a retry) leads to what the first
made, with a message. Posted as a browser would: the form is read back from the page."""

import pytest

from meetings.models import Attendance, Meeting
from practices.models import Practice
from stakeholders.models import FormSubmission, Invitation, Membership, Organisation, Person
from tests.factories import TerritoryFactory, WorkingGroupFactory, member_user
from tests.meetings.factories import MeetingFactory, directory_person
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
