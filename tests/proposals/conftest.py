"""Fixtures of the proposal tests: a proposal in each state, and the helpers to send one
through the public form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from proposals.models import Proposal, hash_token
from stakeholders.models import Sector
from tests.factories import TerritoryFactory, WorkingGroupFactory

# notify() sends once the transaction commits: here its emails reach ``mailoutbox`` at once.
from tests.subscriptions.conftest import _emails_in_the_outbox_at_once  # noqa: F401

URL = "/fr/practices/propose/"


@pytest.fixture
def other_group(db):
    """A working group in another country (Belgium) than ``group`` (France)."""
    return WorkingGroupFactory(territory=TerritoryFactory(country="BE", name="Bruxelles"))


def form_data(**changes):
    data = {
        "proposer_name": "Inès Exemple",
        "proposer_organisation": "Association Exemple",
        "proposer_email": "ines@example.net",
        "title": "Maison de l'enfant de Lisbonne",
        "summary": "Un lieu unique où l'enfant est entendu et soigné.",
        "description": "La police, la justice et l'hôpital travaillent sous un même toit.",
        "country": "PT",
        "sectors": [str(Sector.objects.get(code="police").pk)],
        "website": "",
        "homepage": "",
    }
    data.update(changes)
    return data


def propose(client, ip="203.0.113.5", **changes):
    return client.post(URL, form_data(**changes), REMOTE_ADDR=ip)


@pytest.fixture
def make_proposal(db):
    """``make_proposal(status=…, group=…, **fields)``: a proposal as if sent and confirmed
    (``status`` waiting by default) with the police and justice sectors."""

    def make(*, status=Proposal.Status.WAITING, sectors=("police", "justice"), **fields):
        now = timezone.now()
        fields.setdefault("proposer_name", "Inès Exemple")
        fields.setdefault("proposer_organisation", "Association Exemple")
        fields.setdefault("proposer_email", "ines@example.net")
        fields.setdefault("title", "Barnahus de Linköping")
        fields.setdefault("summary", "Un résumé.")
        fields.setdefault("description", "Une description.")
        fields.setdefault("country", "SE")
        fields.setdefault("token_hash", hash_token(f"token-{Proposal.objects.count()}"))
        if status != Proposal.Status.UNCONFIRMED:
            fields.setdefault("confirmed_at", now - timedelta(hours=1))
        if status in Proposal.DECIDED:
            fields.setdefault("decided_at", now)
            if status == Proposal.Status.DECLINED:
                fields.setdefault("decision_message", "Hors du champ du catalogue.")
        proposal = Proposal.objects.create(status=status, **fields)
        proposal.sectors.set(Sector.objects.filter(code__in=sectors))
        return proposal

    return make
