"""Pages that coordinators use: organisations, people, invitations, memberships.

Each page is tried by every kind of visitor: anonymous (sent to log in), logged in but in no
group, member, member or coordinator of another group (refused), coordinator, staff.
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from stakeholders.models import Invitation, Membership, Organisation, Person
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
    sector,
)

pytestmark = pytest.mark.django_db

EVERYONE = [
    "anonymous",
    "outsider",
    "member",
    "other_member",
    "other_coordinator",
    "coordinator",
    "staff",
]
# Pages about one group or one of its organisations: only its coordinators and staff.
ALLOWED = {"coordinator", "staff"}
# Pages that create something: every coordinator, for their own groups.
ALLOWED_TO_CREATE = {"coordinator", "other_coordinator", "staff"}


def login_as(client, request, who):
    """Log the test client in as the fixture named ``who``; returns that user."""
    if who == "anonymous":
        return None
    user = request.getfixturevalue(who)
    client.force_login(user)
    return user


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith("/fr/accounts/login/")
    assert "next=" in response.url


def assert_outcome(response, who, allowed, success_status=200):
    if who == "anonymous":
        assert_sent_to_login(response)
    elif who in allowed:
        assert response.status_code == success_status
    else:
        assert response.status_code == 403


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def paris(db):
    return TerritoryFactory(country="FR", name="Paris", slug="paris")


@pytest.fixture
def organisation(group, paris):
    """An organisation of ``group`` only."""
    organisation = OrganisationFactory(
        name="Brigade de protection des mineurs",
        acronym="BPM",
        slug="bpm",
        sector=sector("police"),
        kind=Organisation.Kind.PUBLIC,
        territory=paris,
    )
    group.organisations.add(organisation)
    return organisation


@pytest.fixture
def their_organisation(other_group, paris):
    """An organisation of ``other_group`` only."""
    organisation = OrganisationFactory(name="Maison des adolescents", slug="mda", territory=paris)
    other_group.organisations.add(organisation)
    return organisation


def organisation_data(territory, group=None, **overrides):
    data = {
        "name": "Centre d'accueil d'urgence",
        "acronym": "CAU",
        "sector": sector("child-welfare").pk,
        "kind": Organisation.Kind.PUBLIC,
        "territory": territory.pk,
        "website": "cau.example.org",
        "public_contact": "Standard : 01 00 00 00 01",
        "description_fr": "Accueil d'urgence des enfants.",
        "description_en": "Emergency shelter for children.",
    }
    if group is not None:
        data["group"] = group.pk
    return {**data, **overrides}


# Organisation create


@pytest.mark.parametrize("who", EVERYONE)
def test_organisation_create_page_is_for_coordinators(client, request, group, who):
    login_as(client, request, who)
    response = client.get("/fr/stakeholders/new/")
    assert_outcome(response, who, ALLOWED_TO_CREATE)


@pytest.mark.parametrize("who", EVERYONE)
def test_organisation_create_post_is_for_coordinators(client, request, group, paris, who):
    login_as(client, request, who)
    response = client.post("/fr/stakeholders/new/", organisation_data(paris, group))
    created = Organisation.objects.filter(name="Centre d'accueil d'urgence")
    if who in ALLOWED:
        assert response.status_code == 302
        assert created.exists()
    elif who == "other_coordinator":
        # A coordinator, but not of this group: it is not a choice.
        assert response.status_code == 200
        assert "group" in response.context["form"].errors
        assert not created.exists()
    else:
        assert_outcome(response, who, set())
        assert not created.exists()


def test_coordinator_creates_an_organisation_that_joins_the_chosen_group(
    client, group, paris, coordinator
):
    client.force_login(coordinator)
    response = client.post("/fr/stakeholders/new/", organisation_data(paris, group))
    organisation = Organisation.objects.get(name="Centre d'accueil d'urgence")
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert list(organisation.working_groups.all()) == [group]
    assert organisation.slug == "centre-daccueil-durgence"
    assert organisation.website == "https://cau.example.org"
    assert organisation.description_fr == "Accueil d'urgence des enfants."
    assert organisation.description_en == "Emergency shelter for children."
    assert organisation.sector.code == "child-welfare"
    page = client.get(response.url)
    assert "Centre d&#x27;accueil d&#x27;urgence" in page.content.decode()
    assert messages_of(page) == [gettext("The organisation has been added to the directory.")]


def test_coordinator_of_one_group_has_it_chosen_for_them(client, group, coordinator):
    client.force_login(coordinator)
    form = client.get("/fr/stakeholders/new/").context["form"]
    assert list(form.fields["group"].queryset) == [group]
    assert form.fields["group"].initial == group


def test_coordinator_cannot_add_an_organisation_to_another_group(
    client, group, other_group, paris, coordinator
):
    client.force_login(coordinator)
    response = client.post("/fr/stakeholders/new/", organisation_data(paris, other_group))
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Centre d'accueil d'urgence").exists()


def test_other_coordinator_cannot_add_an_organisation_to_our_group(
    client, group, other_group, paris, other_coordinator
):
    client.force_login(other_coordinator)
    form = client.get("/fr/stakeholders/new/").context["form"]
    assert list(form.fields["group"].queryset) == [other_group]
    response = client.post("/fr/stakeholders/new/", organisation_data(paris, group))
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not group.organisations.filter(name="Centre d'accueil d'urgence").exists()
    assert not Organisation.objects.filter(name="Centre d'accueil d'urgence").exists()


def test_staff_may_add_an_organisation_to_any_group(client, other_group, paris, staff):
    client.force_login(staff)
    response = client.post("/fr/stakeholders/new/", organisation_data(paris, other_group))
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Centre d'accueil d'urgence")
    assert list(organisation.working_groups.all()) == [other_group]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_duplicate_organisation_name_in_same_territory_is_a_clear_form_error(
    client, group, paris, coordinator, organisation, lang
):
    client.force_login(coordinator)
    data = organisation_data(
        paris,
        group,
        name="BRIGADE de Protection des MINEURS",
        acronym="BPM2",
        public_contact="Accueil : 01 23 45 67 89",
        description_fr="Texte tapé par le coordinateur.",
    )
    response = client.post(f"/{lang}/stakeholders/new/", data)
    assert response.status_code == 200
    with translation.override(lang):
        message = gettext("An organisation with this name already exists in this territory.")
    form = response.context["form"]
    assert form.non_field_errors() == [message]
    content = response.content.decode()
    assert message.replace("'", "&#x27;") in content
    # Nothing typed is lost.
    assert 'value="BRIGADE de Protection des MINEURS"' in content
    assert 'value="BPM2"' in content
    assert 'value="Accueil : 01 23 45 67 89"' in content
    assert "Texte tapé par le coordinateur." in content
    assert (
        Organisation.objects.filter(name__iexact="brigade de protection des mineurs").count() == 1
    )
    if lang == "en":
        assert "An organisation with this name already exists in this territory." in content


def test_same_organisation_name_in_another_territory_is_accepted(
    client, group, coordinator, organisation
):
    client.force_login(coordinator)
    lyon = TerritoryFactory(country="FR", name="Lyon", slug="lyon")
    response = client.post(
        "/fr/stakeholders/new/",
        organisation_data(lyon, group, name="Brigade de protection des mineurs"),
    )
    assert response.status_code == 302
    twin = Organisation.objects.get(name="Brigade de protection des mineurs", territory=lyon)
    assert twin.slug != organisation.slug
    assert client.get(twin.get_absolute_url()).context["organisation"] == twin


@pytest.mark.parametrize("name", ["New", "Groups", "People"])
def test_organisation_page_is_reachable_whatever_its_name(client, group, paris, coordinator, name):
    # A slug equal to another page of the directory ("new/", "groups/") would hide the
    # organisation behind that page.
    client.force_login(coordinator)
    response = client.post("/fr/stakeholders/new/", organisation_data(paris, group, name=name))
    assert response.status_code == 302
    organisation = Organisation.objects.get(name=name)
    page = client.get(organisation.get_absolute_url())
    assert page.status_code == 200
    assert page.context.get("organisation") == organisation
    edit = client.get(f"{organisation.get_absolute_url()}edit/")
    assert edit.status_code == 200
    assert edit.context["form"].instance == organisation


def test_required_fields_are_reported_and_nothing_is_saved(client, group, coordinator):
    client.force_login(coordinator)
    response = client.post("/en/stakeholders/new/", {"acronym": "X"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "sector", "kind", "territory", "group"} <= set(errors)
    assert 'value="X"' in response.content.decode()
    assert not Organisation.objects.filter(acronym="X").exists()


# Organisation edit


@pytest.mark.parametrize("who", EVERYONE)
def test_organisation_edit_page_is_for_coordinators_of_its_groups(
    client, request, organisation, who
):
    login_as(client, request, who)
    response = client.get("/fr/stakeholders/bpm/edit/")
    assert_outcome(response, who, ALLOWED)
    if who in ALLOWED:
        assert "group" not in response.context["form"].fields
        assert 'value="Brigade de protection des mineurs"' in response.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_organisation_edit_post_is_for_coordinators_of_its_groups(
    client, request, organisation, who
):
    login_as(client, request, who)
    data = organisation_data(organisation.territory, name="Brigade des mineurs")
    response = client.post("/fr/stakeholders/bpm/edit/", data)
    organisation.refresh_from_db()
    if who in ALLOWED:
        assert response.status_code == 302
        assert response.url == "/fr/stakeholders/bpm/"
        assert organisation.name == "Brigade des mineurs"
        assert organisation.slug == "bpm"  # links to the page keep working
    else:
        assert_outcome(response, who, set())
        assert organisation.name == "Brigade de protection des mineurs"


def test_coordinator_edit_keeps_the_organisation_groups(
    client, group, other_group, organisation, coordinator
):
    other_group.organisations.add(organisation)
    client.force_login(coordinator)
    client.post("/fr/stakeholders/bpm/edit/", organisation_data(organisation.territory))
    assert set(organisation.working_groups.all()) == {group, other_group}


def test_coordinator_cannot_edit_an_organisation_of_another_group_only(
    client, coordinator, their_organisation
):
    client.force_login(coordinator)
    assert client.get("/fr/stakeholders/mda/edit/").status_code == 403
    response = client.post(
        "/fr/stakeholders/mda/edit/",
        organisation_data(their_organisation.territory, name="Hijacked"),
    )
    assert response.status_code == 403
    their_organisation.refresh_from_db()
    assert their_organisation.name == "Maison des adolescents"


def test_listing_another_group_s_organisation_gives_no_power_over_it(
    client, group, coordinator, their_organisation
):
    group.organisations.add(their_organisation)
    client.force_login(coordinator)
    assert client.get("/fr/stakeholders/mda/edit/").status_code == 403


def test_the_group_that_listed_an_organisation_first_may_edit_it(
    client, group, other_group, coordinator, organisation
):
    other_group.organisations.add(organisation)
    client.force_login(coordinator)
    assert client.get("/fr/stakeholders/bpm/edit/").status_code == 200


def test_renaming_to_an_existing_name_is_a_form_error(
    client, coordinator, organisation, their_organisation
):
    client.force_login(coordinator)
    response = client.post(
        "/en/stakeholders/bpm/edit/",
        organisation_data(organisation.territory, name="MAISON DES ADOLESCENTS"),
    )
    assert response.status_code == 200
    assert "An organisation with this name already exists in this territory." in (
        response.content.decode()
    )
    organisation.refresh_from_db()
    assert organisation.name == "Brigade de protection des mineurs"


def test_edit_of_unknown_organisation_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/fr/stakeholders/no-such-thing/edit/").status_code == 404


# Person create and edit


def person_data(organisation, **overrides):
    return {
        "first_name": "Léonie",
        "last_name": "Garnier",
        "job_title": "Brigadière",
        "organisation": organisation.pk,
        "email": "leonie.garnier@example.org",
        "phone": "+33 1 11 22 33 44",
        **overrides,
    }


@pytest.mark.parametrize("who", EVERYONE)
def test_person_create_page_is_for_coordinators(client, request, organisation, who):
    login_as(client, request, who)
    response = client.get("/fr/stakeholders/people/new/?organisation=bpm")
    assert_outcome(response, who, ALLOWED_TO_CREATE)


@pytest.mark.parametrize("who", EVERYONE)
def test_person_create_post_is_for_coordinators_of_the_organisation(
    client, request, organisation, who
):
    login_as(client, request, who)
    response = client.post("/fr/stakeholders/people/new/", person_data(organisation))
    created = Person.objects.filter(email="leonie.garnier@example.org")
    if who in ALLOWED:
        assert response.status_code == 302
        assert response.url == "/fr/stakeholders/bpm/"
        person = created.get()
        assert person.organisation == organisation
        assert person.full_name == "Léonie Garnier"
        assert person.user is None
    elif who == "other_coordinator":
        # A coordinator, but not of this organisation's group: it is not a choice.
        assert response.status_code == 200
        assert "organisation" in response.context["form"].errors
        assert not created.exists()
    else:
        assert_outcome(response, who, set())
        assert not created.exists()


def test_person_create_preselects_the_organisation_of_the_link(client, organisation, coordinator):
    client.force_login(coordinator)
    form = client.get("/fr/stakeholders/people/new/?organisation=bpm").context["form"]
    assert form.initial["organisation"] == organisation
    assert organisation in form.fields["organisation"].queryset


def test_person_create_ignores_a_link_to_an_organisation_one_does_not_manage(
    client, coordinator, their_organisation
):
    client.force_login(coordinator)
    response = client.get("/fr/stakeholders/people/new/?organisation=mda")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial.get("organisation") is None
    assert their_organisation not in form.fields["organisation"].queryset


@pytest.mark.parametrize("slug", ["no-such-organisation", "bp%00m", "%C3%A9t%C3%A9"])
def test_person_create_with_a_bad_organisation_link_shows_an_empty_choice(
    client, organisation, coordinator, slug
):
    client.force_login(coordinator)
    response = client.get(f"/fr/stakeholders/people/new/?organisation={slug}")
    assert response.status_code == 200
    assert response.context["form"].initial.get("organisation") is None


def test_person_with_an_email_already_used_is_a_form_error(client, organisation, coordinator):
    PersonFactory(email="leonie.garnier@example.org", organisation=organisation)
    client.force_login(coordinator)
    response = client.post(
        "/en/stakeholders/people/new/",
        person_data(organisation, email="LEONIE.GARNIER@example.org"),
    )
    assert response.status_code == 200
    assert "A person with this email address already exists." in response.content.decode()
    assert 'value="Léonie"' in response.content.decode()
    assert Person.objects.filter(email__iexact="leonie.garnier@example.org").count() == 1


@pytest.fixture
def person(organisation):
    return PersonFactory(
        first_name="Léonie", last_name="Garnier", email="l.g@example.org", organisation=organisation
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_person_edit_page_is_for_coordinators_of_their_organisation(client, request, person, who):
    login_as(client, request, who)
    response = client.get(f"/fr/stakeholders/people/{person.pk}/edit/")
    assert_outcome(response, who, ALLOWED)
    if who in ALLOWED:
        assert 'value="Garnier"' in response.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_person_edit_post_is_for_coordinators_of_their_organisation(
    client, request, person, organisation, who
):
    login_as(client, request, who)
    response = client.post(
        f"/fr/stakeholders/people/{person.pk}/edit/",
        person_data(organisation, last_name="Garnier-Roux", email="l.g@example.org"),
    )
    person.refresh_from_db()
    if who in ALLOWED:
        assert response.status_code == 302
        assert response.url == "/fr/stakeholders/bpm/"
        assert person.last_name == "Garnier-Roux"
    else:
        assert_outcome(response, who, set())
        assert person.last_name == "Garnier"


def test_coordinator_may_edit_a_member_of_their_group_from_another_organisation(
    client, group, coordinator, their_organisation
):
    someone = PersonFactory(organisation=their_organisation, last_name="Dupin")
    MembershipFactory(person=someone, group=group)
    client.force_login(coordinator)
    assert client.get(f"/fr/stakeholders/people/{someone.pk}/edit/").status_code == 200


def test_coordinator_cannot_move_a_person_to_an_organisation_they_do_not_manage(
    client, person, coordinator, their_organisation
):
    client.force_login(coordinator)
    response = client.post(
        f"/fr/stakeholders/people/{person.pk}/edit/",
        person_data(their_organisation, email="l.g@example.org"),
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    person.refresh_from_db()
    assert person.organisation.slug == "bpm"


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999999"])
def test_edit_of_unknown_person_is_not_found(client, coordinator, pk):
    client.force_login(coordinator)
    assert client.get(f"/fr/stakeholders/people/{pk}/edit/").status_code == 404


# Invitations


def invite_url(group):
    return f"/fr/stakeholders/groups/{group.slug}/invite/"


def invitation_data(organisation, **overrides):
    return {
        "email": "Nouvelle.Recrue@Example.org",
        "first_name": "Nina",
        "last_name": "Recrue",
        "organisation": organisation.pk,
        "role": Membership.Role.MEMBER,
        **overrides,
    }


@pytest.mark.parametrize("who", EVERYONE)
def test_invite_page_is_for_coordinators_of_the_group(client, request, group, organisation, who):
    login_as(client, request, who)
    response = client.get(invite_url(group))
    assert_outcome(response, who, ALLOWED)
    if who in ALLOWED:
        form = response.context["form"]
        assert list(form.fields["organisation"].queryset) == list(
            group.organisations.order_by("name")
        )
        assert 'name="email"' in response.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_invitation_is_sent_only_by_coordinators_of_the_group(
    client, request, group, organisation, who, mailoutbox, django_capture_on_commit_callbacks
):
    login_as(client, request, who)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_url(group), invitation_data(organisation))
    invitations = Invitation.objects.filter(email="nouvelle.recrue@example.org")
    if who in ALLOWED:
        assert response.status_code == 302
        assert response.url == group.get_absolute_url()
        assert invitations.count() == 1
        assert len(mailoutbox) == 1
    else:
        assert_outcome(response, who, set())
        assert not invitations.exists()
        assert not Person.objects.filter(email="nouvelle.recrue@example.org").exists()
        assert mailoutbox == []


def test_invitation_email_leaves_only_after_commit_with_a_working_link(
    client, group, organisation, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(invite_url(group), invitation_data(organisation))
    assert response.status_code == 302
    assert mailoutbox == []  # not before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1

    email = mailoutbox[0]
    assert email.to == ["nouvelle.recrue@example.org"]
    assert group.name_fr in email.subject
    assert "\n" not in email.subject
    assert "Nina Recrue" in email.body
    link = re.search(
        r"https://portal\.example\.org(/fr/accounts/invitation/([^/\s]+)/)", email.body
    )
    assert link, email.body
    invitation = Invitation.objects.get(email="nouvelle.recrue@example.org")
    # Only the hash is stored, and it is the hash of the emailed token.
    assert invitation.token_hash == Invitation.hash_token(link.group(2))
    assert link.group(2) not in invitation.token_hash
    assert invitation.group == group
    assert invitation.invited_by == coordinator
    assert invitation.role == Membership.Role.MEMBER
    assert invitation.person.organisation == organisation
    assert invitation.person.full_name == "Nina Recrue"

    page = client.get(response.url)
    assert list(page.context["invitations"]) == [invitation]
    assert messages_of(page) == [
        gettext("An invitation has been sent to %(email)s.")
        % {"email": "Nouvelle.Recrue@Example.org"}
    ]

    client.logout()
    accept = client.get(link.group(1))
    assert accept.status_code == 200
    assert accept.context["invitation"] == invitation
    # Invited is not yet a member: the public group page does not name them.
    assert "Nina Recrue" not in client.get(group.get_absolute_url()).content.decode()


def test_inviting_as_coordinator_records_the_role(
    client, group, organisation, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(invite_url(group), invitation_data(organisation, role="coordinator"))
    assert Invitation.objects.get().role == Membership.Role.COORDINATOR
    assert len(mailoutbox) == 1


def test_inviting_someone_with_an_account_adds_them_at_once(
    client, group, organisation, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="deja.inscrit@example.org")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(group), invitation_data(organisation, email="DEJA.inscrit@example.org")
        )
    assert response.status_code == 302
    membership = Membership.objects.get(group=group, person__user=user)
    assert membership.role == Membership.Role.MEMBER
    assert not Invitation.objects.exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["deja.inscrit@example.org"]
    assert f"/fr/stakeholders/groups/{group.slug}/" in mailoutbox[0].body


def test_inviting_an_existing_member_is_a_form_error_and_sends_nothing(
    client, group, organisation, coordinator, member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/stakeholders/groups/" + group.slug + "/invite/",
            invitation_data(organisation, email=member.email.upper()),
        )
    assert response.status_code == 200
    assert f"{member.email} is already a member of this working group." in (
        response.content.decode()
    )
    assert 'value="Nina"' in response.content.decode()
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_invitation_to_an_organisation_outside_the_group_is_refused(
    client, group, coordinator, their_organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_url(group), invitation_data(their_organisation))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert mailoutbox == []
    assert not Person.objects.filter(email="nouvelle.recrue@example.org").exists()


def test_invalid_invitation_form_keeps_the_typed_values(client, group, organisation, coordinator):
    client.force_login(coordinator)
    response = client.post(invite_url(group), invitation_data(organisation, email="not-an-email"))
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    content = response.content.decode()
    assert 'value="not-an-email"' in content
    assert 'value="Recrue"' in content


def test_coordinator_cannot_invite_into_another_group(
    client, other_group, coordinator, their_organisation, mailoutbox
):
    client.force_login(coordinator)
    assert client.get(invite_url(other_group)).status_code == 403
    response = client.post(invite_url(other_group), invitation_data(their_organisation))
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_invite_page_of_unknown_group_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/fr/stakeholders/groups/no-such-group/invite/").status_code == 404


# Memberships: role change and removal


@pytest.fixture
def target(group, organisation):
    """A plain member of ``group``, whose membership the tests change."""
    person = PersonFactory(first_name="Théo", last_name="Cible", organisation=organisation)
    return MembershipFactory(person=person, group=group, role=Membership.Role.MEMBER)


def role_url(membership):
    return f"/fr/stakeholders/groups/{membership.group.slug}/memberships/{membership.pk}/role/"


def remove_url(membership):
    return f"/fr/stakeholders/groups/{membership.group.slug}/memberships/{membership.pk}/remove/"


@pytest.mark.parametrize("who", EVERYONE)
def test_only_coordinators_of_the_group_change_roles(client, request, target, who):
    login_as(client, request, who)
    response = client.post(role_url(target), {"role": "coordinator"})
    target.refresh_from_db()
    if who in ALLOWED:
        assert response.status_code == 302
        assert response.url == target.group.get_absolute_url()
        assert target.role == Membership.Role.COORDINATOR
    else:
        assert_outcome(response, who, set())
        assert target.role == Membership.Role.MEMBER


@pytest.mark.parametrize("who", EVERYONE)
def test_only_coordinators_of_the_group_remove_members(client, request, target, who):
    login_as(client, request, who)
    response = client.post(remove_url(target))
    exists = Membership.objects.filter(pk=target.pk).exists()
    if who in ALLOWED:
        assert response.status_code == 302
        assert not exists
        assert Person.objects.filter(pk=target.person_id).exists()  # only the membership goes
    else:
        assert_outcome(response, who, set())
        assert exists


def test_role_and_removal_accept_post_only(client, target, coordinator):
    client.force_login(coordinator)
    assert client.get(role_url(target) + "?role=coordinator").status_code == 405
    assert client.get(remove_url(target)).status_code == 405
    target.refresh_from_db()
    assert target.role == Membership.Role.MEMBER


def test_coordinator_makes_a_member_coordinator_then_member_again(client, target, coordinator):
    client.force_login(coordinator)
    response = client.post(role_url(target), {"role": "coordinator"}, follow=True)
    target.refresh_from_db()
    assert target.role == Membership.Role.COORDINATOR
    assert len(messages_of(response)) == 1
    assert "Théo Cible" in messages_of(response)[0]

    client.post(role_url(target), {"role": "member"})
    target.refresh_from_db()
    assert target.role == Membership.Role.MEMBER


def test_unknown_role_is_refused(client, target, coordinator):
    client.force_login(coordinator)
    response = client.post(role_url(target), {"role": "king"}, follow=True)
    target.refresh_from_db()
    assert target.role == Membership.Role.MEMBER
    assert messages_of(response) == [gettext("Choose a valid role.")]


def test_last_coordinator_cannot_be_demoted(client, group, coordinator, target):
    client.force_login(coordinator)
    own = Membership.objects.get(group=group, person__user=coordinator)
    response = client.post(role_url(own), {"role": "member"}, follow=True)
    own.refresh_from_db()
    assert own.role == Membership.Role.COORDINATOR
    assert messages_of(response) == [gettext("A working group needs at least one coordinator.")]


def test_last_coordinator_cannot_be_removed(client, group, coordinator, target):
    client.force_login(coordinator)
    own = Membership.objects.get(group=group, person__user=coordinator)
    response = client.post(remove_url(own), follow=True)
    assert Membership.objects.filter(pk=own.pk).exists()
    assert messages_of(response) == [gettext("A working group needs at least one coordinator.")]


def test_staff_cannot_remove_the_last_coordinator_either(client, group, staff, target):
    target.role = Membership.Role.COORDINATOR
    target.save()
    client.force_login(staff)
    client.post(remove_url(target))
    client.post(role_url(target), {"role": "member"})
    target.refresh_from_db()
    assert target.role == Membership.Role.COORDINATOR


def test_a_coordinator_may_step_down_when_another_remains(client, group, coordinator, target):
    target.role = Membership.Role.COORDINATOR
    target.save()
    client.force_login(coordinator)
    own = Membership.objects.get(group=group, person__user=coordinator)
    client.post(role_url(own), {"role": "member"})
    own.refresh_from_db()
    assert own.role == Membership.Role.MEMBER
    # They are no longer a coordinator: the next change is refused.
    response = client.post(role_url(target), {"role": "member"})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.role == Membership.Role.COORDINATOR


def test_coordinator_removes_a_member(client, group, coordinator, target):
    client.force_login(coordinator)
    response = client.post(remove_url(target), follow=True)
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert messages_of(response) == [
        gettext("%(person)s has left the working group.") % {"person": "Théo Cible"}
    ]
    assert target.person not in [m.person for m in response.context["memberships"]]


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999999"])
def test_unknown_membership_is_not_found(client, group, coordinator, pk):
    client.force_login(coordinator)
    base = f"/fr/stakeholders/groups/{group.slug}/memberships/{pk}"
    assert client.post(f"{base}/role/", {"role": "member"}).status_code == 404
    assert client.post(f"{base}/remove/").status_code == 404


def test_coordinator_cannot_change_memberships_of_another_group(
    client, other_group, coordinator, other_coordinator
):
    theirs = MembershipFactory(group=other_group, role=Membership.Role.MEMBER)
    client.force_login(coordinator)
    assert client.post(role_url(theirs), {"role": "coordinator"}).status_code == 403
    assert client.post(remove_url(theirs)).status_code == 403
    theirs.refresh_from_db()
    assert theirs.role == Membership.Role.MEMBER


def test_membership_of_another_group_cannot_be_reached_through_our_group(
    client, group, other_group, coordinator, other_coordinator
):
    # Coordinating group A must not open the memberships of group B by changing the id.
    theirs = MembershipFactory(group=other_group, role=Membership.Role.MEMBER)
    client.force_login(coordinator)
    base = f"/fr/stakeholders/groups/{group.slug}/memberships/{theirs.pk}"
    assert client.post(f"{base}/role/", {"role": "coordinator"}).status_code == 404
    assert client.post(f"{base}/remove/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == Membership.Role.MEMBER


# Organisations of a group: add and remove


@pytest.mark.parametrize("who", EVERYONE)
def test_only_coordinators_of_the_group_add_organisations_to_it(client, request, group, who):
    newcomer = OrganisationFactory(territory=TerritoryFactory(country=group.territory.country))
    login_as(client, request, who)
    response = client.post(
        f"/fr/stakeholders/groups/{group.slug}/organisations/add/",
        {"organisation": newcomer.pk},
    )
    joined = group.organisations.filter(pk=newcomer.pk).exists()
    if who in ALLOWED:
        assert response.status_code == 302
        assert joined
    else:
        assert_outcome(response, who, set())
        assert not joined


@pytest.mark.parametrize("who", EVERYONE)
def test_only_coordinators_of_the_group_remove_organisations_from_it(
    client, request, group, organisation, who
):
    login_as(client, request, who)
    response = client.post(f"/fr/stakeholders/groups/{group.slug}/organisations/bpm/remove/")
    still_there = group.organisations.filter(pk=organisation.pk).exists()
    if who in ALLOWED:
        assert response.status_code == 302
        assert not still_there
    else:
        assert_outcome(response, who, set())
        assert still_there


def test_organisation_with_members_in_the_group_is_not_removed(
    client, group, organisation, coordinator, target
):
    client.force_login(coordinator)
    client.post(f"/fr/stakeholders/groups/{group.slug}/organisations/bpm/remove/")
    assert group.organisations.filter(pk=organisation.pk).exists()
