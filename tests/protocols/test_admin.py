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


def test_staff_cannot_clear_the_start_date_of_a_protocol_in_force(group):
    from django.forms import modelform_factory

    from protocols.admin import ProtocolAdminForm

    protocol = with_pathway(ProtocolFactory(territory=group.territory))
    assert protocol.status == Protocol.Status.IN_FORCE
    form_class = modelform_factory(
        Protocol, form=ProtocolAdminForm, fields=["title_fr", "in_force_from"]
    )
    form = form_class({"title_fr": "Protocole", "in_force_from": ""}, instance=protocol)
    assert not form.is_valid()
    assert "in_force_from" in form.errors


def test_the_admin_offers_no_bulk_deletion(client, staff):
    client.force_login(staff)
    response = client.get("/admin/protocols/protocol/")
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
