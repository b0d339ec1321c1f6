"""Organisation pages and working-group pages: what the public and the members see."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stakeholders.models import Invitation, Membership, Organisation
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
    WorkingGroupFactory,
    sector,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(group):
    organisation = OrganisationFactory(
        name="Unité médico-judiciaire de l'Hôtel-Dieu",
        acronym="UMJ",
        slug="umj-hotel-dieu",
        sector=sector("medico-legal"),
        kind=Organisation.Kind.PUBLIC,
        territory=TerritoryFactory(country="FR", name="Paris", slug="paris"),
        website="https://umj.example.org",
        public_contact="Accueil : 01 42 34 00 00",
        description_fr="Examens médico-légaux des mineurs victimes.",
        description_en="Forensic examinations of child victims.",
    )
    group.organisations.add(organisation)
    return organisation


@pytest.fixture
def doctor(organisation):
    return PersonFactory(
        first_name="Hippolyte",
        last_name="Vasseur-Klein",
        email="h.vasseur-klein@example.org",
        phone="+33 1 42 34 56 78",
        job_title="Médecin légiste",
        organisation=organisation,
    )


PERSON_DATA = ["Hippolyte", "Vasseur-Klein", "h.vasseur-klein@example.org", "42 34 56 78"]
URL = "/fr/stakeholders/umj-hotel-dieu/"


# Organisation page


def test_public_sees_name_sector_description_and_public_contact(client, organisation, doctor):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Unité médico-judiciaire de l&#x27;Hôtel-Dieu" in content
    assert "UMJ" in content
    assert "Santé et médecine légale" in content
    assert "Examens médico-légaux des mineurs victimes." in content
    assert "Accueil : 01 42 34 00 00" in content
    assert 'href="https://umj.example.org"' in content
    assert organisation.working_groups.get().name in content


def test_public_never_sees_person_names_on_organisation_page(client, organisation, doctor):
    response = client.get(URL)
    assert "people" not in response.context
    content = response.content.decode()
    for secret in PERSON_DATA:
        assert secret not in content
    assert 'id="people-heading"' not in content


def test_outsider_never_sees_person_names_on_organisation_page(
    client, organisation, doctor, outsider
):
    # Logged in is not enough: only members of a working group see people.
    client.force_login(outsider)
    content = client.get(URL).content.decode()
    for secret in PERSON_DATA:
        assert secret not in content


@pytest.mark.parametrize("who", ["member", "coordinator", "staff", "other_member"])
def test_members_of_the_portal_see_the_people(client, request, organisation, doctor, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["people"]) == [doctor]
    content = response.content.decode()
    for data in PERSON_DATA:
        assert data in content
    assert 'href="mailto:h.vasseur-klein@example.org"' in content
    assert "Médecin légiste" in content


def test_member_sees_that_no_one_is_listed_yet(client, member):
    empty = OrganisationFactory(slug="empty")
    client.force_login(member)
    response = client.get("/en/stakeholders/empty/")
    assert response.context["organisation"] == empty
    assert list(response.context["people"]) == []
    assert "No one from this organisation is listed yet." in response.content.decode()


@pytest.mark.parametrize(
    ("who", "can_edit"),
    [
        ("member", False),
        ("other_member", False),
        ("other_coordinator", False),
        ("coordinator", True),
        ("staff", True),
    ],
)
def test_only_coordinators_of_its_group_see_edit_links(
    client, request, organisation, doctor, who, can_edit
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.context["can_edit"] is can_edit
    content = response.content.decode()
    assert ('href="/fr/stakeholders/umj-hotel-dieu/edit/"' in content) is can_edit
    assert (f'href="/fr/stakeholders/people/{doctor.pk}/edit/"' in content) is can_edit
    assert ("/fr/stakeholders/people/new/?organisation=umj-hotel-dieu" in content) is can_edit


@pytest.mark.parametrize(
    "path",
    [
        "/fr/stakeholders/no-such-organisation/",
        "/fr/stakeholders/not%20a%20slug/",
        "/fr/stakeholders/%C3%A9t%C3%A9/",
        "/fr/stakeholders/umj-hotel-dieu%3F/",
        "/fr/stakeholders/a/b/c/",
        "/fr/stakeholders/..%2F..%2Fetc/",
    ],
)
def test_unknown_or_malformed_slug_is_not_found(client, organisation, path):
    assert client.get(path).status_code == 404


def test_english_page_falls_back_to_french_description(client, organisation):
    organisation.description_en = ""
    organisation.save()
    content = client.get("/en/stakeholders/umj-hotel-dieu/").content.decode()
    assert "Examens médico-légaux des mineurs victimes." in content


def test_french_page_falls_back_to_english_description(client, organisation):
    organisation.description_fr = ""
    organisation.save()
    content = client.get(URL).content.decode()
    assert "Forensic examinations of child victims." in content


def test_each_language_shows_its_own_description(client, organisation):
    french = client.get(URL).content.decode()
    english = client.get("/en/stakeholders/umj-hotel-dieu/").content.decode()
    assert "Examens médico-légaux" in french and "Forensic examinations" not in french
    assert "Forensic examinations" in english and "Examens médico-légaux" not in english
    assert "Medico-legal and health" in english


def test_organisation_page_query_count_does_not_grow_with_people(client, organisation, member):
    client.force_login(member)
    PersonFactory.create_batch(2, organisation=organisation)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    PersonFactory.create_batch(20, organisation=organisation)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["people"]) == 22
    assert len(many) == len(few)


# Working group pages


@pytest.fixture
def group_page(group, organisation, doctor):
    MembershipFactory(person=doctor, group=group, role=Membership.Role.MEMBER)
    return f"/fr/stakeholders/groups/{group.slug}/"


def test_group_list_is_public(client, group, other_group, organisation):
    response = client.get("/fr/stakeholders/groups/")
    assert response.status_code == 200
    content = response.content.decode()
    assert group.name in content
    assert other_group.name in content
    assert group.get_absolute_url() in content
    counts = {g.pk: g.organisation_count for g in response.context["object_list"]}
    assert counts == {group.pk: 1, other_group.pk: 0}


def test_group_list_in_english_shows_english_names(client, group):
    content = client.get("/en/stakeholders/groups/").content.decode()
    assert group.name_en in content


def test_public_group_page_shows_organisations_but_not_members(client, group, group_page):
    response = client.get(group_page)
    assert response.status_code == 200
    assert "memberships" not in response.context
    assert "invitations" not in response.context
    content = response.content.decode()
    assert "Unité médico-judiciaire de l&#x27;Hôtel-Dieu" in content
    assert "Santé et médecine légale" in content
    for secret in PERSON_DATA:
        assert secret not in content
    assert 'id="members-heading"' not in content
    assert "/invite/" not in content


@pytest.mark.parametrize("who", ["member", "coordinator", "staff"])
def test_members_of_the_group_see_its_members(client, request, group_page, doctor, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(group_page)
    people = [m.person for m in response.context["memberships"]]
    assert doctor in people
    content = response.content.decode()
    assert "Hippolyte Vasseur-Klein" in content
    assert "Médecin légiste" in content


@pytest.mark.parametrize("who", ["outsider", "other_member", "other_coordinator"])
def test_others_do_not_see_the_group_members(client, request, group_page, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(group_page)
    assert response.status_code == 200
    assert "memberships" not in response.context
    content = response.content.decode()
    assert "Vasseur-Klein" not in content
    assert 'id="members-heading"' not in content
    assert "Unité médico-judiciaire" in content  # the public part is still there


@pytest.fixture
def pending_invitation(group, organisation, coordinator):
    invitee = PersonFactory(
        first_name="Octave",
        last_name="Invité",
        email="octave@example.org",
        organisation=organisation,
    )
    return Invitation.objects.create(
        email=invitee.email,
        person=invitee,
        group=group,
        token_hash=Invitation.hash_token("pending"),
        invited_by=coordinator,
        expires_at=Invitation.default_expiry(),
    )


def test_coordinator_sees_invite_button_and_pending_invitations(
    client, group, group_page, coordinator, pending_invitation
):
    Invitation.objects.create(
        email="expired@example.org",
        person=PersonFactory(organisation=pending_invitation.person.organisation),
        group=group,
        token_hash=Invitation.hash_token("expired"),
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    client.force_login(coordinator)
    response = client.get(group_page)
    assert list(response.context["invitations"]) == [pending_invitation]
    content = response.content.decode()
    assert f'href="/fr/stakeholders/groups/{group.slug}/invite/"' in content
    assert "Octave Invité &lt;octave@example.org&gt;" in content
    assert "expired@example.org" not in content
    # and the actions on members
    assert f"/fr/stakeholders/groups/{group.slug}/memberships/" in content


@pytest.mark.parametrize("who", ["member", "other_coordinator", "outsider"])
def test_others_see_neither_invite_button_nor_invitations(
    client, request, group, group_page, pending_invitation, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(group_page)
    assert response.context["can_coordinate"] is False
    assert "invitations" not in response.context
    content = response.content.decode()
    assert "/invite/" not in content
    assert "octave@example.org" not in content
    assert "/memberships/" not in content


def test_unknown_group_is_not_found(client, group):
    assert client.get("/fr/stakeholders/groups/no-such-group/").status_code == 404


def test_group_page_falls_back_to_french_name(client, group):
    group.name_en = ""
    group.save()
    assert group.name_fr in client.get(group.get_absolute_url()).content.decode()
    assert group.name_fr in client.get(f"/en/stakeholders/groups/{group.slug}/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_group_page_query_count_does_not_grow_with_members(client, request, group, who):
    if who == "coordinator":
        client.force_login(request.getfixturevalue("coordinator"))
    url = f"/fr/stakeholders/groups/{group.slug}/"

    def add_members(count):
        for _ in range(count):
            person = PersonFactory(organisation=OrganisationFactory(sector=sector("police")))
            group.organisations.add(person.organisation)
            MembershipFactory(person=person, group=group)
            Invitation.objects.create(
                email=f"invitee-{person.pk}@example.org",
                person=PersonFactory(organisation=person.organisation),
                group=group,
                token_hash=Invitation.hash_token(f"token-{person.pk}"),
                expires_at=Invitation.default_expiry(),
            )

    add_members(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_members(17)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    if who == "coordinator":
        assert len(response.context["memberships"]) == 21
        assert len(response.context["invitations"]) == 20
    assert len(many) == len(few)


def test_group_page_query_count_is_bounded(
    client, group, coordinator, django_assert_max_num_queries
):
    for _ in range(20):
        person = PersonFactory()
        group.organisations.add(person.organisation)
        MembershipFactory(person=person, group=group)
    client.force_login(coordinator)
    # session, user, roles (2), the layout's review count, group, its organisations,
    # members, invitations, the choices of the "add an organisation" form; a little
    # headroom for the layout, none for a query per member (20 here)
    with django_assert_max_num_queries(12):
        assert client.get(group.get_absolute_url()).status_code == 200


def test_group_list_query_count_does_not_grow_with_groups(client, group):
    with CaptureQueriesContext(connection) as few:
        client.get("/fr/stakeholders/groups/")
    WorkingGroupFactory.create_batch(10)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/fr/stakeholders/groups/")
    assert len(response.context["object_list"]) == 11
    assert len(many) == len(few)
