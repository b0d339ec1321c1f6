"""Practices for the tests: a factory and a helper that makes one ready for review."""

import factory
from django.utils import timezone

from practices.models import Partner, Practice
from stakeholders.models import Sector
from tests.factories import OrganisationFactory, TerritoryFactory, WorkingGroupFactory


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published practice unless ``status`` says otherwise."""

    class Meta:
        model = Practice

    title_fr = factory.Sequence(lambda n: f"Pratique {n}")
    title_en = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"pratique-{n}")
    summary_fr = "Un résumé en français."
    summary_en = "A summary in English."
    description_fr = "Une description en **Markdown**."
    description_en = "A description in **Markdown**."
    territory = factory.SubFactory(TerritoryFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    group = factory.SubFactory(WorkingGroupFactory)
    status = Practice.Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Practice.Status.PUBLISHED else None
    )
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == Practice.Status.DRAFT else timezone.now()
    )


def complete(practice, sectors=("justice", "police"), lead=None, partners=()):
    """Add the sectors (by code) and a lead partner (by default the owning organisation),
    which is what a practice needs to be submitted. Returns the practice."""
    practice.sectors.add(*Sector.objects.filter(code__in=sectors))
    Partner.objects.create(
        practice=practice, organisation=lead or practice.organisation, role=Partner.Role.LEAD
    )
    for organisation, role in partners:
        Partner.objects.create(practice=practice, organisation=organisation, role=role)
    return practice


def org_of(user):
    """The organisation of a member made by ``tests.factories.member_user``."""
    return user.person.organisation
