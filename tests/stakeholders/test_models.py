"""Database constraints, ``__str__`` and queryset methods of the stakeholders models."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from stakeholders.forms import RESERVED_ORGANISATION_SLUGS, unique_slug
from stakeholders.models import (
    Invitation,
    Membership,
    Organisation,
    Person,
    Territory,
    User,
    WorkingGroup,
)
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
    WorkingGroupFactory,
    sector,
)

pytestmark = pytest.mark.django_db

ORGANISATION_TAKEN = "An organisation with this name already exists in this territory."
MEMBERSHIP_TAKEN = "This person is already in this working group."
USER_TAKEN = "An account with this email address already exists."
PERSON_TAKEN = "A person with this email address already exists."


def constraint(model, name):
    return next(c for c in model._meta.constraints if c.name == name)


def constraint_messages(instance, language="fr"):
    """The non-field messages of ``validate_constraints()``, rendered in ``language``."""
    with translation.override(language):
        with pytest.raises(ValidationError) as excinfo:
            instance.validate_constraints()
        return [str(message) for message in excinfo.value.message_dict[NON_FIELD_ERRORS]]


# Organisation: one name per territory, whatever the case


def test_organisation_name_is_unique_per_territory_at_database_level():
    existing = OrganisationFactory(name="Maison des adolescents")
    duplicate = OrganisationFactory.build(
        name="MAISON DES ADOLESCENTS", slug="other-slug", territory=existing.territory
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Organisation.objects.filter(name__iexact="maison des adolescents").count() == 1


def test_same_organisation_name_is_allowed_in_another_territory():
    existing = OrganisationFactory(name="Maison des adolescents")
    other = OrganisationFactory(name="Maison des adolescents", territory=TerritoryFactory())
    other.full_clean()
    assert other.territory != existing.territory
    assert Organisation.objects.filter(name="Maison des adolescents").count() == 2


@pytest.mark.parametrize("language", ["fr", "en"])
def test_duplicate_organisation_name_gives_the_translated_message(language):
    existing = OrganisationFactory(name="Maison des adolescents")
    duplicate = Organisation(
        name="maison des ADOLESCENTS",
        slug="another-slug",
        sector=sector("ngo"),
        kind=Organisation.Kind.CIVIL_SOCIETY,
        territory=existing.territory,
    )
    with translation.override(language):
        expected = gettext(ORGANISATION_TAKEN)
    assert constraint_messages(duplicate, language) == [expected]

    with translation.override(language), pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [expected]


def test_constraint_messages_are_lazy_translations_not_frozen_strings():
    # A message evaluated at import time would stay in the language of the first request.
    for model, name in [
        (Organisation, "organisation_name_territory_unique"),
        (Membership, "membership_person_group_unique"),
        (User, "user_email_ci_unique"),
        (Person, "person_email_ci_unique"),
    ]:
        assert isinstance(constraint(model, name).violation_error_message, Promise)


# Membership: one per person and group


def test_person_belongs_to_a_group_only_once_at_database_level():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=membership.person, group=membership.group, role=Membership.Role.COORDINATOR
        )
    assert Membership.objects.filter(person=membership.person).count() == 1


def test_duplicate_membership_gives_the_translated_message():
    membership = MembershipFactory()
    duplicate = Membership(person=membership.person, group=membership.group)
    assert constraint_messages(duplicate, "en") == [MEMBERSHIP_TAKEN]
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [gettext(MEMBERSHIP_TAKEN)]


def test_same_person_may_join_another_group():
    membership = MembershipFactory()
    other = Membership(person=membership.person, group=WorkingGroupFactory())
    other.full_clean()
    other.save()
    assert membership.person.memberships.count() == 2


# User: one account per email address, whatever the case


def test_user_email_is_unique_case_insensitively_at_database_level():
    User.objects.create_user("alice@example.org", "a-good-test-password")
    # save() does not lower-case: only the constraint stands in the way.
    with pytest.raises(IntegrityError), transaction.atomic():
        User(email="Alice@Example.ORG").save()
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_duplicate_user_email_gives_the_translated_message(language):
    User.objects.create_user("alice@example.org", "a-good-test-password")
    with translation.override(language):
        expected = gettext(USER_TAKEN)
    assert constraint_messages(User(email="ALICE@example.org"), language) == [expected]


def test_user_full_clean_rejects_an_email_that_differs_only_by_case():
    User.objects.create_user("alice@example.org", "a-good-test-password")
    duplicate = User(email="ALICE@Example.org")
    duplicate.set_unusable_password()
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    # The lower-cased address now clashes on the field itself.
    assert list(excinfo.value.message_dict) == ["email"]
    # clean() normalises the address before the checks run.
    assert duplicate.email == "alice@example.org"


def test_user_manager_stores_email_in_lower_case_and_finds_it_in_any_case():
    user = User.objects.create_user("Bob.Martin@Example.ORG", "a-good-test-password")
    assert user.email == "bob.martin@example.org"
    assert User.objects.get_by_natural_key("BOB.MARTIN@example.org") == user


def test_user_manager_requires_an_email():
    with pytest.raises(ValueError):
        User.objects.create_user("", "a-good-test-password")


def test_superuser_is_staff_and_superuser():
    user = User.objects.create_superuser("root@example.org", "a-good-test-password")
    assert user.is_staff and user.is_superuser


# Person: one person per email address, but many without one


def test_person_email_is_unique_case_insensitively():
    PersonFactory(email="claire@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(email="CLAIRE@example.org")
    duplicate = PersonFactory.build(email="Claire@Example.org", organisation=OrganisationFactory())
    assert constraint_messages(duplicate, "en") == [PERSON_TAKEN]


def test_several_people_may_have_no_email():
    first = PersonFactory(email="")
    second = PersonFactory(email="", organisation=first.organisation)
    second.full_clean()
    assert Person.objects.filter(email="").count() == 2


# __str__


def test_user_str_is_full_name_or_email():
    assert str(UserFactory(full_name="Anne Durand", email="anne@example.org")) == "Anne Durand"
    assert str(UserFactory(full_name="", email="nobody@example.org")) == "nobody@example.org"


def test_user_short_and_full_names():
    user = UserFactory(full_name="Anne Marie Durand", email="anne@example.org")
    assert user.get_full_name() == "Anne Marie Durand"
    assert user.get_short_name() == "Anne"
    nameless = UserFactory(full_name="", email="x@example.org")
    assert nameless.get_full_name() == nameless.get_short_name() == "x@example.org"


def test_sector_str_is_its_name_in_the_active_language():
    police = sector("police")
    with translation.override("fr"):
        assert str(police) == "Police et gendarmerie"
    with translation.override("en"):
        assert str(police) == "Law enforcement"


def test_territory_str_with_local_area_names_area_and_country():
    territory = TerritoryFactory(country="DE", name="Berlin", slug="berlin")
    with translation.override("en"):
        assert str(territory) == "Berlin (Germany)"
    with translation.override("fr"):
        assert str(territory) == "Berlin (Allemagne)"
    assert not territory.is_country


def test_territory_str_without_local_area_is_the_country():
    territory = TerritoryFactory(country="DE", name="", slug="germany")
    with translation.override("en"):
        assert str(territory) == "Germany"
    with translation.override("fr"):
        assert str(territory) == "Allemagne"
    assert territory.is_country


def test_territory_is_unique_per_country_and_local_area_case_insensitively():
    TerritoryFactory(country="FR", name="Lyon", slug="lyon")
    with pytest.raises(IntegrityError), transaction.atomic():
        Territory.objects.create(country="FR", name="LYON", slug="lyon-2")
    Territory.objects.create(country="BE", name="Lyon", slug="lyon-be")


def test_organisation_str_shows_acronym_when_there_is_one():
    assert str(OrganisationFactory(name="Unité médico-judiciaire", acronym="UMJ")) == (
        "Unité médico-judiciaire (UMJ)"
    )
    assert str(OrganisationFactory(name="Maison des adolescents", acronym="")) == (
        "Maison des adolescents"
    )


def test_organisation_url_is_its_directory_page():
    organisation = OrganisationFactory(slug="umj-paris")
    with translation.override("en"):
        assert organisation.get_absolute_url() == "/en/stakeholders/umj-paris/"


def test_person_str_is_full_name():
    person = PersonFactory(first_name="Camille", last_name="Petit")
    assert str(person) == person.full_name == "Camille Petit"


def test_working_group_str_is_its_name_in_the_active_language():
    group = WorkingGroupFactory(name_fr="Groupe de Paris", name_en="Paris group", slug="paris")
    with translation.override("fr"):
        assert str(group) == "Groupe de Paris"
    with translation.override("en"):
        assert str(group) == "Paris group"
        assert group.get_absolute_url() == "/en/stakeholders/groups/paris/"


def test_membership_str_names_person_group_and_role():
    person = PersonFactory(first_name="Camille", last_name="Petit")
    group = WorkingGroupFactory(name_fr="Groupe de Paris", name_en="Paris group")
    membership = MembershipFactory(person=person, group=group, role=Membership.Role.COORDINATOR)
    with translation.override("en"):
        assert str(membership) == "Camille Petit – Paris group (Coordinator)"


def test_invitation_str_names_email_and_group():
    group = WorkingGroupFactory(name_fr="Groupe de Paris", name_en="Paris group")
    invitation = Invitation.objects.create(
        email="new@example.org",
        person=PersonFactory(),
        group=group,
        token_hash=Invitation.hash_token("token"),
        expires_at=Invitation.default_expiry(),
    )
    with translation.override("en"):
        assert str(invitation) == "new@example.org → Paris group"


def test_invitation_stores_only_the_hash_of_its_token():
    token = Invitation.new_token()
    assert len(token) >= 40
    assert Invitation.hash_token(token) != token
    assert len(Invitation.hash_token(token)) == 64
    assert Invitation.new_token() != token


def test_pending_invitations_exclude_expired_and_accepted_ones():
    person, group = PersonFactory(), WorkingGroupFactory()
    now = timezone.now()

    def invite(n, **kwargs):
        return Invitation.objects.create(
            email=f"p{n}@example.org",
            person=person,
            group=group,
            token_hash=Invitation.hash_token(f"token-{n}"),
            **kwargs,
        )

    pending = invite(1, expires_at=now + timedelta(days=1))
    invite(2, expires_at=now - timedelta(seconds=1))
    invite(3, expires_at=now + timedelta(days=1), accepted_at=now)
    assert list(Invitation.objects.pending()) == [pending]


# WorkingGroup.objects.coordinated_by() / of_user()


@pytest.fixture
def third_group(db):
    return WorkingGroupFactory()


def test_coordinated_by_and_of_user_are_empty_for_anonymous(group, third_group):
    assert list(WorkingGroup.objects.coordinated_by(AnonymousUser())) == []
    assert list(WorkingGroup.objects.of_user(AnonymousUser())) == []


def test_coordinated_by_and_of_user_are_empty_for_an_outsider(outsider, group):
    assert list(WorkingGroup.objects.coordinated_by(outsider)) == []
    assert list(WorkingGroup.objects.of_user(outsider)) == []


def test_member_belongs_to_group_but_coordinates_none(member, group, other_group):
    assert list(WorkingGroup.objects.of_user(member)) == [group]
    assert list(WorkingGroup.objects.coordinated_by(member)) == []


def test_coordinator_coordinates_only_own_group(coordinator, group, other_group):
    assert list(WorkingGroup.objects.coordinated_by(coordinator)) == [group]
    assert list(WorkingGroup.objects.of_user(coordinator)) == [group]


def test_coordinator_of_one_group_and_member_of_another(coordinator, group, other_group):
    MembershipFactory(person=coordinator.person, group=other_group, role=Membership.Role.MEMBER)
    assert list(WorkingGroup.objects.coordinated_by(coordinator)) == [group]
    assert set(WorkingGroup.objects.of_user(coordinator)) == {group, other_group}
    assert WorkingGroup.objects.of_user(coordinator).count() == 2


def test_group_of_user_lists_each_group_once_even_with_other_members(coordinator, member, group):
    # Other people's memberships of the same group must not duplicate rows.
    assert WorkingGroup.objects.of_user(coordinator).count() == 1
    assert WorkingGroup.objects.coordinated_by(coordinator).count() == 1


def test_staff_coordinate_and_belong_to_every_group(staff, group, other_group, third_group):
    assert set(WorkingGroup.objects.coordinated_by(staff)) == {group, other_group, third_group}
    assert set(WorkingGroup.objects.of_user(staff)) == {group, other_group, third_group}


# Slugs of new organisations (stakeholders.forms.unique_slug)


def test_unique_slug_is_the_slugified_name():
    assert unique_slug(Organisation, "Unité médico-judiciaire") == "unite-medico-judiciaire"


def test_unique_slug_numbers_a_taken_slug():
    OrganisationFactory(slug="umj")
    OrganisationFactory(slug="umj-2")
    assert unique_slug(Organisation, "UMJ") == "umj-3"


def test_unique_slug_keeps_the_slug_of_the_instance_itself():
    organisation = OrganisationFactory(slug="umj")
    assert unique_slug(Organisation, "UMJ", instance=organisation) == "umj"


def test_unique_slug_avoids_reserved_slugs():
    assert unique_slug(Organisation, "New", reserved=RESERVED_ORGANISATION_SLUGS) == "new-2"
    assert unique_slug(Organisation, "Groups", reserved=RESERVED_ORGANISATION_SLUGS) == "groups-2"


def test_unique_slug_of_a_name_without_letters_is_still_a_slug():
    assert unique_slug(Organisation, "???") == "item"


def test_unique_slug_respects_the_maximum_length():
    slug = unique_slug(Organisation, "a" * 300, max_length=50)
    assert len(slug) <= 50
    OrganisationFactory(slug=slug)
    assert len(unique_slug(Organisation, "a" * 300, max_length=50)) <= 50
