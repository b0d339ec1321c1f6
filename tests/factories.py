"""factory_boy factories for the portal's models. People are fictional."""

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model

from stakeholders.models import Membership, Organisation, Person, Sector, Territory, WorkingGroup


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password("a-good-test-password")


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ["slug"]

    country = "FR"
    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


def sector(code: str = "ngo") -> Sector:
    """The seeded sectors exist from the data migration."""
    return Sector.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    sector = factory.LazyFunction(sector)
    kind = Organisation.Kind.CIVIL_SOCIETY
    territory = factory.SubFactory(TerritoryFactory)
    description_fr = "Une organisation de démonstration."
    description_en = "A demonstration organisation."


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "+33 1 00 00 00 00"
    job_title = "Travailleur social"
    organisation = factory.SubFactory(OrganisationFactory)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name_fr = factory.Sequence(lambda n: f"Groupe {n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    territory = factory.SubFactory(TerritoryFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    group = factory.SubFactory(WorkingGroupFactory)
    role = Membership.Role.MEMBER


def with_two_factor(user):
    """Give ``user`` a TOTP authenticator, as coordinators and staff must have."""
    TOTP.activate(user, generate_totp_secret())
    user.__dict__.pop("_lanzarote_roles", None)
    return user


def member_user(
    group: WorkingGroup, *, role=Membership.Role.MEMBER, organisation=None, email=None, mfa=True
):
    """A user with a login, linked to a person who belongs to ``group`` with ``role``.

    Coordinators get two-factor authentication unless ``mfa=False``."""
    organisation = organisation or OrganisationFactory()
    group.organisations.add(organisation)
    user = UserFactory(**({"email": email} if email else {}))
    person = PersonFactory(organisation=organisation, user=user, email=user.email)
    MembershipFactory(person=person, group=group, role=role)
    if role == Membership.Role.COORDINATOR and mfa:
        with_two_factor(user)
    return user
