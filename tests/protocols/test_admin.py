"""The admin is no back door: the status moves through the services, with their rules."""

import pytest

from protocols.models import Protocol, Signatory
from tests.factories import OrganisationFactory

from .factories import ProtocolFactory, with_pathway

pytestmark = pytest.mark.django_db


def test_admin_action_refuses_in_force_with_one_signatory(client, staff, group):
    protocol = ProtocolFactory(territory=group.territory, status=Protocol.Status.IN_PREPARATION)
    Signatory.objects.create(
        protocol=protocol, organisation=OrganisationFactory(territory=group.territory)
    )
    client.force_login(staff)
    response = client.post(
        "/admin/protocols/protocol/",
        {"action": "put_in_force", "_selected_action": [protocol.pk]},
        follow=True,
    )
    assert response.status_code == 200
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.IN_PREPARATION


def test_admin_action_puts_a_complete_protocol_in_force(client, staff, group):
    protocol = with_pathway(
        ProtocolFactory(territory=group.territory, status=Protocol.Status.IN_PREPARATION)
    )
    client.force_login(staff)
    client.post(
        "/admin/protocols/protocol/",
        {"action": "put_in_force", "_selected_action": [protocol.pk]},
    )
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.IN_FORCE


def test_admin_pages_open(client, staff, group):
    protocol = with_pathway(ProtocolFactory(territory=group.territory))
    client.force_login(staff)
    assert client.get("/admin/protocols/protocol/").status_code == 200
    assert client.get(f"/admin/protocols/protocol/{protocol.pk}/change/").status_code == 200
    assert client.get("/admin/protocols/protocol/add/").status_code == 200
