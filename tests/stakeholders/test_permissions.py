"""Who may do what: ``permissions.roles()`` and friends, and no person data in public."""

import pytest
from django.contrib.auth.models import AnonymousUser

from stakeholders import permissions
from stakeholders.models import Membership
from stakeholders.permissions import Roles, roles
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    with_two_factor,
)

pytestmark = pytest.mark.django_db


# roles()


def test_anonymous_has_no_role(django_assert_num_queries):
    with django_assert_num_queries(0):
        result = roles(AnonymousUser())
    assert result == Roles()
    assert not result.is_member
    assert not result.is_coordinator
    assert not result.is_staff


def test_outsider_is_neither_member_nor_coordinator(outsider):
    result = roles(outsider)
    assert result.person_id is None
    assert result.organisation_id is None
    assert result.member_of == frozenset()
    assert not result.is_member
    assert not result.is_coordinator


def test_person_without_membership_is_not_a_member(outsider):
    person = PersonFactory(user=outsider)
    result = roles(outsider)
    assert result.person_id == person.pk
    assert result.organisation_id == person.organisation_id
    assert not result.is_member


def test_member_is_member_of_their_group_only(member, group, other_group):
    result = roles(member)
    assert result.person_id == member.person.pk
    assert result.organisation_id == member.person.organisation_id
    assert result.member_of == frozenset({group.pk})
    assert result.coordinator_of == frozenset()
    assert result.is_member
    assert not result.is_coordinator
    assert not result.is_staff


def test_coordinator_coordinates_their_group_only(coordinator, group, other_group):
    result = roles(coordinator)
    assert result.member_of == frozenset({group.pk})
    assert result.coordinator_of == frozenset({group.pk})
    assert result.is_member
    assert result.is_coordinator


def test_coordinator_of_one_group_may_be_member_of_another(coordinator, group, other_group):
    MembershipFactory(person=coordinator.person, group=other_group)
    result = roles(coordinator)
    assert result.member_of == frozenset({group.pk, other_group.pk})
    assert result.coordinator_of == frozenset({group.pk})


def test_staff_is_member_and_coordinator_without_any_membership(staff):
    result = roles(staff)
    assert result.is_staff
    assert result.is_member
    assert result.is_coordinator
    assert result.member_of == frozenset()


def test_inactive_user_has_no_role_even_as_coordinator(coordinator):
    coordinator.is_active = False
    coordinator.save()
    assert roles(coordinator) == Roles()
    assert not roles(coordinator).is_member


def test_inactive_staff_has_no_role():
    user = UserFactory(is_staff=True, is_active=False)
    assert not roles(user).is_staff
    assert not roles(user).is_coordinator


@pytest.mark.parametrize("fixture", ["outsider", "member", "coordinator", "staff"])
def test_roles_are_cached_after_the_first_call(request, fixture, django_assert_num_queries):
    user = request.getfixturevalue(fixture)
    # The person, then their memberships (staff and outsiders have no person here), then
    # for coordinators and staff whether they have two-factor authentication.
    expected = {"outsider": 1, "member": 2, "coordinator": 3, "staff": 2}[fixture]
    with django_assert_num_queries(expected):
        first = roles(user)
    with django_assert_num_queries(0):
        second = roles(user)
    assert second is first


def test_forget_roles_recomputes_after_a_change_of_membership(member, group):
    with_two_factor(member)
    assert not roles(member).is_coordinator
    Membership.objects.filter(person__user=member).update(role=Membership.Role.COORDINATOR)
    assert not roles(member).is_coordinator  # still the cached answer
    permissions.forget_roles(member)
    assert roles(member).coordinator_of == frozenset({group.pk})


# Rules built on roles()


def test_only_members_can_see_people(outsider, member, other_member, coordinator, staff):
    assert not permissions.can_see_people(AnonymousUser())
    assert not permissions.can_see_people(outsider)
    for user in (member, other_member, coordinator, staff):
        assert permissions.can_see_people(user)


def test_only_members_of_the_group_see_its_members(group, member, other_member, staff):
    assert permissions.can_see_group_members(member, group)
    assert permissions.can_see_group_members(staff, group)
    assert not permissions.can_see_group_members(other_member, group)
    assert not permissions.can_see_group_members(AnonymousUser(), group)


def test_only_coordinators_of_the_group_coordinate_it(
    group, member, coordinator, other_coordinator, staff
):
    assert permissions.can_coordinate_group(coordinator, group)
    assert permissions.can_coordinate_group(staff, group)
    assert not permissions.can_coordinate_group(member, group)
    assert not permissions.can_coordinate_group(other_coordinator, group)


def test_coordinator_manages_organisations_of_own_groups_only(
    group, other_group, coordinator, other_coordinator, staff
):
    ours, theirs, shared = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    group.organisations.add(ours, shared)
    other_group.organisations.add(theirs, shared)
    assert permissions.can_manage_organisation(coordinator, ours)
    assert permissions.can_manage_organisation(coordinator, shared)
    assert not permissions.can_manage_organisation(coordinator, theirs)
    assert permissions.can_manage_organisation(staff, theirs)
    managed = set(permissions.managed_organisations(coordinator))
    assert {ours, shared} <= managed
    assert theirs not in managed
    assert permissions.managed_organisations(coordinator).filter(pk=shared.pk).count() == 1
    assert theirs in set(permissions.managed_organisations(staff))


def test_member_manages_no_organisation(group, member):
    organisation = OrganisationFactory()
    group.organisations.add(organisation)
    assert not permissions.can_manage_organisation(member, organisation)
    assert not permissions.managed_organisations(member).exists()


def test_coordinator_manages_people_of_own_organisations_and_own_members(
    group, other_group, coordinator, other_coordinator
):
    ours = OrganisationFactory()
    group.organisations.add(ours)
    at_our_organisation = PersonFactory(organisation=ours)
    # Works for an organisation outside the group, but sits in the group itself.
    in_our_group = MembershipFactory(group=group).person
    elsewhere = MembershipFactory(group=other_group).person
    assert permissions.can_manage_person(coordinator, at_our_organisation)
    assert permissions.can_manage_person(coordinator, in_our_group)
    assert not permissions.can_manage_person(coordinator, elsewhere)
    assert not permissions.can_manage_person(other_coordinator, at_our_organisation)


def test_coordinated_groups(group, other_group, coordinator, member, staff):
    assert list(permissions.coordinated_groups(coordinator)) == [group]
    assert list(permissions.coordinated_groups(member)) == []
    assert set(permissions.coordinated_groups(staff)) == {group, other_group}


# No person data on any public page


@pytest.fixture
def discreet_person(group):
    organisation = OrganisationFactory(
        name="Unité d'accueil pédiatrique", slug="uaped", public_contact="Standard 01 40 00 00 00"
    )
    group.organisations.add(organisation)
    person = PersonFactory(
        first_name="Zéphyrine",
        last_name="Quarantotto",
        email="zephyrine.quarantotto@example.org",
        phone="+33 6 98 76 54 32",
        job_title="Pédopsychiatre",
        organisation=organisation,
    )
    MembershipFactory(person=person, group=group, role=Membership.Role.COORDINATOR)
    return person


PERSONAL_DATA = ["Zéphyrine", "Quarantotto", "zephyrine.quarantotto", "98 76 54 32"]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "/{lang}/",
        "/{lang}/about/",
        "/{lang}/stakeholders/",
        "/{lang}/stakeholders/?q=uaped",
        "/{lang}/stakeholders/uaped/",
        "/{lang}/stakeholders/groups/",
        "/{lang}/stakeholders/groups/{group}/",
    ],
)
def test_public_never_sees_person_data_on_any_page(client, discreet_person, group, lang, path):
    response = client.get(path.format(lang=lang, group=group.slug))
    assert response.status_code == 200
    content = response.content.decode()
    for secret in PERSONAL_DATA:
        assert secret not in content, f"{secret!r} is shown to the public on {path}"


def test_members_do_see_the_person_the_public_cannot(client, discreet_person, group):
    # The same pages, as a member of the group, do show the person: the check above is real.
    member = UserFactory()
    person = PersonFactory(user=member, organisation=discreet_person.organisation)
    MembershipFactory(person=person, group=group)
    client.force_login(member)
    for path in ["/fr/stakeholders/uaped/", f"/fr/stakeholders/groups/{group.slug}/"]:
        content = client.get(path).content.decode()
        assert "Quarantotto" in content
    assert (
        "zephyrine.quarantotto@example.org"
        in client.get("/fr/stakeholders/uaped/").content.decode()
    )
