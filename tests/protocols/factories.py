"""Protocols for the tests."""

import datetime

import factory

from protocols.models import Protocol, Signatory, Step
from tests.factories import OrganisationFactory, TerritoryFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ProtocolFactory(factory.django.DjangoModelFactory):
    """A public protocol in force unless ``status`` says otherwise."""

    class Meta:
        model = Protocol

    title_fr = factory.Sequence(lambda n: f"Protocole {n}")
    title_en = factory.Sequence(lambda n: f"Protocol {n}")
    slug = factory.Sequence(lambda n: f"protocole-{n}")
    summary_fr = "Un résumé."
    summary_en = "A summary."
    kind = Protocol.Kind.REFERRAL_PATHWAY
    territory = factory.SubFactory(TerritoryFactory)
    status = Protocol.Status.IN_FORCE
    signed_on = datetime.date(2024, 1, 10)
    in_force_from = datetime.date(2024, 2, 1)
    next_review_on = datetime.date(2027, 2, 1)


def with_pathway(protocol, sectors=("child-welfare", "justice", "medico-legal")):
    """Two signatories and one step per sector code given (organisations of those sectors)."""
    from stakeholders.models import Sector

    organisations = [
        OrganisationFactory(territory=protocol.territory, sector=Sector.objects.get(code=code))
        for code in sectors
    ]
    for organisation in organisations[:2]:
        Signatory.objects.create(protocol=protocol, organisation=organisation)
    for position, organisation in enumerate(organisations, start=1):
        Step.objects.create(
            protocol=protocol,
            position=position,
            what_fr=f"Étape {position}",
            what_en=f"Step {position}",
            responsible_organisation=organisation,
            time_limit_fr="sous 24 heures",
            time_limit_en="within 24 hours",
        )
    return protocol
