"""Renewal: coordinators see the protocols of their groups' territories that are to be
reviewed or renewed within 90 days, or overdue (member home, and the list's filter)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from protocols.models import Protocol

from .factories import ProtocolFactory

pytestmark = pytest.mark.django_db


def home(language):
    with translation.override(language):
        return reverse("member_home")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def protocols(group, other_group):
    here = group.territory
    return {
        "soon": ProtocolFactory(territory=here, title_fr="Bientôt", next_review_on=days(30)),
        "late": ProtocolFactory(territory=here, title_fr="En retard", next_review_on=days(-5)),
        "ending": ProtocolFactory(
            territory=here, title_fr="Finit", next_review_on=None, in_force_until=days(60)
        ),
        "later": ProtocolFactory(territory=here, title_fr="Plus tard", next_review_on=days(200)),
        "draft": ProtocolFactory(
            territory=here,
            title_fr="Brouillon",
            status=Protocol.Status.IN_PREPARATION,
            next_review_on=days(10),
        ),
        "elsewhere": ProtocolFactory(
            territory=other_group.territory, title_fr="Ailleurs", next_review_on=days(10)
        ),
    }


def test_the_protocols_due_are_those_in_force_reviewed_or_ending_within_90_days(protocols):
    due = list(Protocol.objects.due_for_review().values_list("title_fr", flat=True))
    assert due == ["En retard", "Bientôt", "Ailleurs", "Finit"] or set(due) == {
        "En retard", "Bientôt", "Ailleurs", "Finit"
    }  # fmt: skip
    assert due[0] == "En retard"


def test_a_coordinator_sees_the_due_protocols_of_their_territories_on_their_home(
    client, coordinator, protocols
):
    client.force_login(coordinator)
    section = client.get(home("fr")).context["protocols_due"]
    assert [p.title_fr for p in section.rows] == ["En retard", "Bientôt", "Finit"]
    page = client.get(home("en")).content.decode()
    assert "Protocols to review or renew" in page and "overdue" in page


def test_members_do_not_get_the_section(client, member, protocols):
    client.force_login(member)
    assert "protocols_due" not in client.get(home("fr")).context


def test_the_list_filters_the_protocols_to_review(client, coordinator, protocols):
    client.force_login(coordinator)
    response = client.get("/fr/protocols/", {"review": "due"})
    titles = {p.title_fr for p in response.context["object_list"]}
    assert titles == {"En retard", "Bientôt", "Finit", "Ailleurs"}
