"""A coordinator acts only on the people and organisations their groups manage (#11 part 1).

Two groups in two territories: Paris, and Lyon, whose coordinator lists Paris's organisation
in Lyon's directory and then tries every coordinator page on Paris's people and organisation:
each is refused (403, 404, a form error, or the person is not offered), and nothing changes.
"""

import pytest
from django.test import Client

from meetings.models import Attendance
from stakeholders.models import (
    AuditEvent,
    GroupOrganisation,
    Invitation,
    Membership,
    Organisation,
    Person,
)
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
    WorkingGroupFactory,
    member_user,
    sector,
    with_two_factor,
)
from tests.meetings.factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-test-password"


@pytest.fixture
def paris():
    territory = TerritoryFactory(country="FR", name="Paris", slug="paris")
    return WorkingGroupFactory(name_fr="Paris", name_en="Paris", slug="paris", territory=territory)


@pytest.fixture
def lyon():
    territory = TerritoryFactory(country="FR", name="Lyon", slug="lyon")
    return WorkingGroupFactory(name_fr="Lyon", name_en="Lyon", slug="lyon", territory=territory)


@pytest.fixture
def paris_org(paris):
    organisation = OrganisationFactory(
        name="Brigade de protection des mineurs", slug="bpm", territory=paris.territory
    )
    paris.organisations.add(organisation)
    return organisation


@pytest.fixture
def paris_coordinator(paris, paris_org):
    return member_user(paris, role=Membership.Role.COORDINATOR, organisation=paris_org)


@pytest.fixture
def paris_member(paris, paris_org):
    return member_user(paris, organisation=paris_org, email="paris.member@example.org")


@pytest.fixture
def paris_member_without_login(paris, paris_org):
    """A Paris member who never set up a login (the person the exploit bound to itself)."""
    person = PersonFactory(organisation=paris_org, email="sans.compte@example.org")
    MembershipFactory(person=person, group=paris)
    return person


@pytest.fixture
def paris_contact(paris_org):
    """A person of the Paris organisation, in no group."""
    return PersonFactory(organisation=paris_org, email="contact@example.org")


@pytest.fixture
def lyon_coordinator(lyon):
    organisation = OrganisationFactory(name="Maison de la Veille", territory=lyon.territory)
    return member_user(lyon, role=Membership.Role.COORDINATOR, organisation=organisation)


@pytest.fixture
def paris_meeting(paris, paris_member_without_login):
    meeting = MeetingFactory(group=paris, title="Réunion des membres de Paris")
    AttendanceFactory(meeting=meeting, person=paris_member_without_login)
    return meeting


@pytest.fixture
def lyon_in_paris_org(client, lyon, lyon_coordinator, paris_org):
    """The Lyon coordinator has listed Paris's organisation in Lyon's directory (allowed:
    it is recorded, and gives no power over it)."""
    client.force_login(lyon_coordinator)
    response = client.post(
        f"/fr/stakeholders/groups/{lyon.slug}/organisations/add/", {"organisation": paris_org.pk}
    )
    assert response.status_code == 302
    assert lyon.organisations.filter(pk=paris_org.pk).exists()
    return client


def snapshot(*people):
    return [
        Person.objects.filter(pk=p.pk).values("first_name", "email", "phone", "user_id").first()
        for p in people
    ]


# ---------------------------------------------------------------- the exploit of the issue


def test_lyon_cannot_take_over_paris_people_by_listing_their_organisation(
    lyon_in_paris_org,
    lyon,
    paris,
    paris_org,
    paris_member,
    paris_member_without_login,
    paris_meeting,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    client = lyon_in_paris_org
    member_person = paris_member.person
    before = snapshot(member_person, paris_member_without_login)

    # Edit a Paris member's account, or remove it.
    assert client.get(f"/fr/stakeholders/people/{member_person.pk}/edit/").status_code == 403
    response = client.post(
        f"/fr/stakeholders/people/{member_person.pk}/edit/",
        {
            "first_name": "Pris",
            "last_name": "Pris",
            "organisation": paris_org.pk,
            "email": "lyon.owns.you@example.org",
        },
    )
    assert response.status_code == 403
    assert client.post(f"/fr/stakeholders/people/{member_person.pk}/remove/").status_code == 403
    assert paris_member.__class__.objects.filter(pk=paris_member.pk).exists()

    # Point the login-less Paris member at an address of Lyon's choosing…
    response = client.post(
        f"/fr/stakeholders/people/{paris_member_without_login.pk}/edit/",
        {
            "first_name": "x",
            "last_name": "y",
            "organisation": paris_org.pk,
            "email": "lyon.login@example.org",
        },
    )
    assert response.status_code == 403
    # …or invite them into Lyon to bind a login to them.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/fr/stakeholders/groups/{lyon.slug}/invite/",
            {
                "email": paris_member_without_login.email,
                "first_name": "Sans",
                "last_name": "Compte",
                "organisation": paris_org.pk,
                "role": Membership.Role.MEMBER,
            },
        )
    assert response.status_code == 200
    assert "dans l’annuaire d’un autre groupe de travail" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []
    assert snapshot(member_person, paris_member_without_login) == before
    assert set(paris_member_without_login.memberships.values_list("group", flat=True)) == {paris.pk}

    # A login Lyon makes for a new person of that organisation joins Lyon only: it does not
    # open Paris's members-only meeting.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/fr/stakeholders/groups/{lyon.slug}/invite/",
            {
                "email": "complice@example.org",
                "first_name": "Com",
                "last_name": "Plice",
                "organisation": paris_org.pk,
                "role": Membership.Role.MEMBER,
            },
        )
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/invitation/" in line)
    accomplice = Client()
    response = accomplice.post(
        link[link.index("/fr/") :].strip(),
        {"password1": "Un-mot-de-passe-2027", "password2": "Un-mot-de-passe-2027"},
    )
    assert response.status_code == 302
    assert accomplice.get(f"/fr/meetings/{paris_meeting.pk}/").status_code == 404
    assert accomplice.get(f"/fr/meetings/{paris_meeting.pk}.ics").status_code == 404


def test_listing_an_organisation_records_who_did_it_and_when(lyon_in_paris_org, lyon, paris_org):
    link = GroupOrganisation.objects.get(group=lyon, organisation=paris_org)
    lyon_coordinator = link.added_by
    assert lyon_coordinator is not None
    assert lyon_coordinator.person.memberships.get(group=lyon).role == "coordinator"
    assert link.added_at is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.GROUP_ORGANISATION_ADD)
    assert event.actor == lyon_coordinator
    assert (event.target_type, event.target_id) == ("stakeholders.workinggroup", str(lyon.pk))
    assert event.details == {"organisation": paris_org.pk}


# ---------------------------------------------------------------- every coordinator page


def organisation_data(territory, **overrides):
    return {
        "name": "Centre d'accueil",
        "sector": sector("child-welfare").pk,
        "kind": Organisation.Kind.PUBLIC,
        "territory": territory.pk,
        **overrides,
    }


def test_lyon_cannot_edit_the_paris_organisation(lyon_in_paris_org, paris_org):
    client = lyon_in_paris_org
    assert client.get("/fr/stakeholders/bpm/edit/").status_code == 403
    response = client.post(
        "/fr/stakeholders/bpm/edit/", organisation_data(paris_org.territory, name="Détournée")
    )
    assert response.status_code == 403
    paris_org.refresh_from_db()
    assert paris_org.name == "Brigade de protection des mineurs"
    page = client.get("/fr/stakeholders/bpm/").content.decode()
    assert "/fr/stakeholders/bpm/edit/" not in page


def test_lyon_cannot_create_an_organisation_in_paris_group(lyon_in_paris_org, paris):
    response = lyon_in_paris_org.post(
        "/fr/stakeholders/new/", organisation_data(paris.territory, group=paris.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["group"]
    assert not Organisation.objects.filter(name="Centre d'accueil").exists()


def test_lyon_cannot_change_paris_group_directory(lyon_in_paris_org, paris, paris_org):
    client = lyon_in_paris_org
    other = OrganisationFactory(territory=paris.territory)
    response = client.post(
        f"/fr/stakeholders/groups/{paris.slug}/organisations/add/", {"organisation": other.pk}
    )
    assert response.status_code == 403
    response = client.post(f"/fr/stakeholders/groups/{paris.slug}/organisations/bpm/remove/")
    assert response.status_code == 403
    assert set(paris.organisations.all()) == {paris_org}


def test_lyon_cannot_add_people_to_the_paris_organisation(lyon_in_paris_org, paris_org):
    client = lyon_in_paris_org
    response = client.get("/fr/stakeholders/people/new/?organisation=bpm")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial.get("organisation") is None
    assert paris_org not in form.fields["organisation"].queryset
    response = client.post(
        "/fr/stakeholders/people/new/",
        {"first_name": "In", "last_name": "Trus", "organisation": paris_org.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Person.objects.filter(last_name="Trus").exists()


@pytest.mark.parametrize("target", ["paris_member", "paris_member_without_login", "paris_contact"])
def test_lyon_cannot_edit_or_erase_paris_people(request, lyon_in_paris_org, paris_org, target):
    person = request.getfixturevalue(target)
    person = person if isinstance(person, Person) else person.person
    before = snapshot(person)
    client = lyon_in_paris_org
    assert client.get(f"/fr/stakeholders/people/{person.pk}/edit/").status_code == 403
    data = {"first_name": "X", "last_name": "Y", "organisation": paris_org.pk, "email": ""}
    assert client.post(f"/fr/stakeholders/people/{person.pk}/edit/", data).status_code == 403
    assert client.get(f"/fr/stakeholders/people/{person.pk}/remove/").status_code == 403
    assert client.post(f"/fr/stakeholders/people/{person.pk}/remove/").status_code == 403
    assert snapshot(person) == before
    page = client.get("/fr/stakeholders/bpm/").content.decode()
    assert f"/fr/stakeholders/people/{person.pk}/edit/" not in page


def test_lyon_cannot_invite_into_paris_nor_invite_paris_contacts_into_lyon(
    lyon_in_paris_org, paris, lyon, paris_org, paris_contact, mailoutbox
):
    client = lyon_in_paris_org
    data = {
        "email": "nouveau@example.org",
        "first_name": "No",
        "last_name": "Uveau",
        "organisation": paris_org.pk,
        "role": Membership.Role.COORDINATOR,
    }
    assert client.get(f"/fr/stakeholders/groups/{paris.slug}/invite/").status_code == 403
    assert client.post(f"/fr/stakeholders/groups/{paris.slug}/invite/", data).status_code == 403
    response = client.post(
        f"/fr/stakeholders/groups/{lyon.slug}/invite/", {**data, "email": paris_contact.email}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Invitation.objects.exists()
    assert not paris_contact.memberships.exists()
    assert mailoutbox == []


def test_lyon_cannot_change_roles_or_remove_paris_members(
    lyon_in_paris_org, paris, lyon, paris_member, paris_coordinator
):
    client = lyon_in_paris_org
    for person in (paris_member.person, paris_coordinator.person):
        membership = person.memberships.get(group=paris)
        for group in (paris, lyon):
            base = f"/fr/stakeholders/groups/{group.slug}/memberships/{membership.pk}"
            role = client.post(f"{base}/role/", {"role": Membership.Role.COORDINATOR})
            remove = client.post(f"{base}/remove/")
            assert {role.status_code, remove.status_code} <= {403, 404}
    assert paris_member.person.memberships.get(group=paris).role == Membership.Role.MEMBER
    assert paris_coordinator.person.memberships.get(group=paris).role == "coordinator"


def test_lyon_cannot_invite_paris_people_to_its_meetings_nor_run_paris_meetings(
    lyon_in_paris_org, lyon, paris_member, paris_contact, paris_meeting
):
    client = lyon_in_paris_org
    lyon_meeting = MeetingFactory(group=lyon)
    response = client.get(f"/fr/meetings/{lyon_meeting.pk}/invite/")
    offered = {pk for pk, _label in response.context["form"].fields["people"].choices}
    assert paris_member.person.pk not in offered
    assert paris_contact.pk not in offered
    response = client.post(
        f"/fr/meetings/{lyon_meeting.pk}/invite/",
        {"people": [paris_member.person.pk, paris_contact.pk]},
    )
    assert response.status_code == 400
    assert not lyon_meeting.attendances.exists()

    attendance = paris_meeting.attendances.get()
    assert client.get(f"/fr/meetings/{paris_meeting.pk}/invite/").status_code == 404
    response = client.post(
        f"/fr/meetings/{paris_meeting.pk}/attendance/",
        {f"status-{attendance.pk}": Attendance.Status.ABSENT},
    )
    assert response.status_code == 404
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.INVITED


# ---------------------------------------------------------------- protected accounts


@pytest.fixture
def second_paris_coordinator(paris, paris_org):
    return member_user(paris, role=Membership.Role.COORDINATOR, organisation=paris_org)


def test_a_coordinator_cannot_change_the_email_of_a_fellow_coordinator(
    client, paris_coordinator, second_paris_coordinator, paris_org
):
    person = second_paris_coordinator.person
    client.force_login(paris_coordinator)
    response = client.get(f"/fr/stakeholders/people/{person.pk}/edit/")
    assert response.status_code == 200
    assert response.context["form"].fields["email"].disabled
    assert f"/fr/stakeholders/people/{person.pk}/remove/" not in response.content.decode()
    response = client.post(
        f"/fr/stakeholders/people/{person.pk}/edit/",
        {
            "first_name": "Camille",
            "last_name": "Renamed",
            "organisation": paris_org.pk,
            "email": "takeover@example.org",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Renamed"  # the rest may be corrected
    assert person.email == second_paris_coordinator.email
    assert client.post(f"/fr/stakeholders/people/{person.pk}/remove/").status_code == 403
    assert Person.objects.get(pk=person.pk).user_id == second_paris_coordinator.pk


def test_a_coordinator_cannot_erase_a_staff_login_nor_someone_another_group_also_has(
    client, paris, lyon, paris_coordinator, paris_org
):
    staff = with_two_factor(UserFactory(is_staff=True))
    staff_person = PersonFactory(organisation=paris_org, user=staff, email=staff.email)
    MembershipFactory(person=staff_person, group=paris)
    shared = member_user(paris, organisation=paris_org)
    MembershipFactory(person=shared.person, group=lyon)
    client.force_login(paris_coordinator)
    for person in (staff_person, shared.person):
        assert client.post(f"/fr/stakeholders/people/{person.pk}/remove/").status_code == 403
        assert Person.objects.get(pk=person.pk).erased_at is None


def test_staff_may_change_a_coordinator_email(client, second_paris_coordinator, paris_org):
    staff = with_two_factor(UserFactory(is_staff=True, is_superuser=True))
    person = second_paris_coordinator.person
    client.force_login(staff)
    response = client.post(
        f"/fr/stakeholders/people/{person.pk}/edit/",
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "organisation": paris_org.pk,
            "email": "nouvelle.adresse@example.org",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "nouvelle.adresse@example.org"


def test_a_coordinator_still_erases_a_plain_member_of_their_own_group(
    client, paris_coordinator, paris_member
):
    client.force_login(paris_coordinator)
    response = client.post(f"/fr/stakeholders/people/{paris_member.person.pk}/remove/")
    assert response.status_code == 302
    assert Person.objects.get(pk=paris_member.person.pk).erased_at is not None


@pytest.mark.parametrize("whose", ["staff", "another person's"])
def test_an_invitation_never_links_a_staff_login_or_another_person_s_login(
    client, paris, paris_coordinator, paris_org, whose
):
    if whose == "staff":
        login = with_two_factor(UserFactory(is_staff=True, email="staff@example.org"))
    else:
        # A login whose person record now shows another address.
        login = UserFactory(email="deja.lie@example.org")
        PersonFactory(organisation=paris_org, user=login, email="autre@example.org")
    client.force_login(paris_coordinator)
    response = client.post(
        f"/fr/stakeholders/groups/{paris.slug}/invite/",
        {
            "email": login.email,
            "first_name": "Dé",
            "last_name": "Tourné",
            "organisation": paris_org.pk,
            "role": Membership.Role.COORDINATOR,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Person.objects.filter(email__iexact=login.email).exists()
    assert Person.objects.filter(user=login).count() == (0 if whose == "staff" else 1)
    assert not Invitation.objects.exists()


def test_staff_list_an_organisation_in_the_admin_and_the_link_records_them(client, lyon):
    staff = with_two_factor(UserFactory(is_staff=True, is_superuser=True))
    organisation = OrganisationFactory(territory=lyon.territory)
    client.force_login(staff)
    url = f"/admin/stakeholders/workinggroup/{lyon.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        is_directory = inline.formset.model is GroupOrganisation
        data |= {
            f"{prefix}-TOTAL_FORMS": "1" if is_directory else "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        if is_directory:
            data[f"{prefix}-0-organisation"] = organisation.pk
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    link = GroupOrganisation.objects.get(group=lyon, organisation=organisation)
    assert link.added_by == staff


def test_an_invitation_accepted_after_its_address_became_a_staff_login_links_nothing(
    client, paris, paris_coordinator, paris_org, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(paris_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/fr/stakeholders/groups/{paris.slug}/invite/",
            {
                "email": "future.staff@example.org",
                "first_name": "Fu",
                "last_name": "Tur",
                "organisation": paris_org.pk,
                "role": Membership.Role.COORDINATOR,
            },
        )
    link = next(line for line in mailoutbox[0].body.splitlines() if "/invitation/" in line)
    staff = UserFactory(email="future.staff@example.org", is_staff=True)
    response = Client().post(
        link[link.index("/fr/") :].strip(),
        {"password1": "Un-mot-de-passe-2027", "password2": "Un-mot-de-passe-2027"},
    )
    assert response.status_code == 200
    assert "ne peut pas servir pour ce compte" in response.content.decode()
    assert not Person.objects.filter(user=staff).exists()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
