"""Proposing a practice without an account: the confirmation link, the honeypot, the
limits, bad inputs, and the coordinators told once the address is confirmed."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from proposals.models import Proposal, hash_token
from stakeholders.models import Membership, Sector
from tests.factories import TerritoryFactory, WorkingGroupFactory, member_user
from tests.subscriptions.conftest import link_to

from .conftest import URL, form_data, propose

pytestmark = pytest.mark.django_db


def confirm_path(message) -> str:
    return link_to(message, "/practices/propose/confirm/")


def test_the_catalogue_the_footer_and_the_about_page_link_to_the_form(client):
    for page in ("/fr/practices/", "/fr/about/"):
        html = client.get(page).content.decode()
        assert html.count(f'href="{URL}"') >= 2, page  # the page's own link and the footer's


def test_the_form_asks_for_the_essentials_and_hides_the_trap(client):
    html = client.get(URL).content.decode()
    for name in ("proposer_name", "proposer_email", "title", "summary", "description", "country"):
        assert f'name="{name}"' in html
    trap = re.search(r'<div class="field trap">(.*?)</div>', html, re.S).group(1)
    assert 'name="homepage"' in trap and 'tabindex="-1"' in trap


def test_anonymous_proposes_confirms_and_the_proposal_waits(client, mailoutbox, group):
    # A single group in the country: it reviews the proposal.
    portugal = WorkingGroupFactory(territory=TerritoryFactory(country="PT", name="Lisboa"))
    coordinator = member_user(portugal, role=Membership.Role.COORDINATOR)

    response = propose(client, website="www.example.pt/casa")
    assert response.status_code == 302
    assert response["Location"] == "/fr/practices/propose/sent/"
    assert "Consultez votre boîte de réception" in client.get(response["Location"]).content.decode()

    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.UNCONFIRMED
    assert proposal.language == "fr"
    assert proposal.website == "https://www.example.pt/casa"
    assert list(proposal.sectors.values_list("code", flat=True)) == ["police"]
    (message,) = mailoutbox
    assert message.to == ["ines@example.net"]
    # Nothing the proposer wrote goes into the email: the form cannot mail someone's text.
    assert "Lisbonne" not in message.body and "Exemple" not in message.body
    path = confirm_path(message)
    # Only the token's hash is stored.
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert proposal.token_hash == hash_token(token) != token

    # Opening the link confirms nothing (mail scanners open links): its button does.
    page = client.get(path)
    assert page.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNCONFIRMED
    assert client.post(path).status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WAITING
    assert proposal.confirmed_at is not None
    assert proposal.group == portugal
    told = list(mailoutbox[1:])
    assert [m.to for m in told] == [[coordinator.email]]
    assert f"/practices/proposals/{proposal.pk}/" in told[0].body
    assert "Lisbonne" not in told[0].body  # the proposer's texts stay on the portal

    # The link again: nothing changes, nobody is told twice.
    assert client.post(path).status_code == 200
    assert len(mailoutbox) == 2


def test_without_a_single_group_in_the_country_the_proposal_has_no_group(
    client, mailoutbox, group, staff
):
    """No group in Portugal: any coordinator may take it, staff are told."""
    propose(client)
    assert client.post(confirm_path(mailoutbox[0])).status_code == 200
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.WAITING and proposal.group is None
    assert [m.to for m in mailoutbox[1:]] == [[staff.email]]


def test_coordinators_who_turned_the_reminder_off_are_not_told(client, mailoutbox):
    portugal = WorkingGroupFactory(territory=TerritoryFactory(country="PT", name="Porto"))
    coordinator = member_user(portugal, role=Membership.Role.COORDINATOR)
    coordinator.reminders_off = ["proposals-waiting"]
    coordinator.save()
    propose(client)
    client.post(confirm_path(mailoutbox[0]))
    assert Proposal.objects.get().status == Proposal.Status.WAITING
    assert len(mailoutbox) == 1


def test_a_filled_trap_is_answered_as_a_success_and_stores_nothing(client, mailoutbox):
    response = propose(client, homepage="https://spam.example/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/practices/propose/sent/"
    assert not Proposal.objects.exists()
    assert mailoutbox == []


def test_the_same_form_sent_twice_makes_one_proposal(client, mailoutbox):
    data = form_data(submission="a-one-time-token-of-the-form-1234")
    client.post(URL, data, REMOTE_ADDR="203.0.113.5")
    second = client.post(URL, data, REMOTE_ADDR="203.0.113.5")
    assert second.status_code == 302
    assert Proposal.objects.count() == 1
    assert len(mailoutbox) == 1


def test_one_client_may_send_five_proposals_an_hour(client, mailoutbox):
    statuses = [propose(client, proposer_email=f"p{n}@example.net").status_code for n in range(7)]
    assert statuses == [302] * 5 + [429, 429]
    refused = propose(client, proposer_email="p9@example.net")
    assert "Trop de propositions" in refused.content.decode()
    assert refused["Retry-After"] == "3600"
    # What was typed is kept.
    assert "Maison de l&#x27;enfant de Lisbonne" in refused.content.decode()
    assert Proposal.objects.count() == len(mailoutbox) == 5
    assert propose(client, ip="198.51.100.7", proposer_email="p10@example.net").status_code == 302


def test_one_address_receives_three_confirmation_requests_an_hour(client, mailoutbox):
    statuses = [propose(client, ip=f"203.0.113.{n}").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(mailoutbox) == 3


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"sectors": []}, "sectors"),
        ({"proposer_email": "not-an-address"}, "proposer_email"),
        ({"country": "RU"}, "country"),  # not a Council of Europe member state
        ({"country": "US"}, "country"),
        ({"title": "x" * 201}, "title"),
        ({"summary": "x" * 601}, "summary"),
        ({"description": "x" * 5001}, "description"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"proposer_name": ""}, "proposer_name"),
    ],
)
def test_bad_inputs_are_refused_and_what_was_typed_is_kept(client, mailoutbox, changes, field):
    response = propose(client, **{"description": "Mon texte soigneusement écrit.", **changes})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'class="error-summary"' in html
    if field != "description":
        assert "Mon texte soigneusement écrit." in html
    assert "Association Exemple" in html or field == "proposer_organisation"
    assert not Proposal.objects.exists() and mailoutbox == []


def test_an_expired_link_deletes_the_proposal(client, mailoutbox, settings):
    propose(client)
    path = confirm_path(mailoutbox[0])
    Proposal.objects.update(created_at=timezone.now() - timedelta(days=8))
    response = client.post(path)
    assert response.status_code == 400
    assert "expiré" in response.content.decode()
    assert not Proposal.objects.exists()
    assert client.get(path).status_code == 404


def test_an_unknown_link_says_so(client):
    response = client.get("/en/practices/propose/confirm/not-a-real-token/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert client.post("/en/practices/propose/confirm/not-a-real-token/").status_code == 404


def test_an_english_page_writes_in_english(client, mailoutbox):
    client.post(
        "/en/practices/propose/",
        form_data(sectors=[str(Sector.objects.get(code="ngo").pk)]),
        REMOTE_ADDR="203.0.113.5",
    )
    assert Proposal.objects.get().language == "en"
    assert "/en/practices/propose/confirm/" in mailoutbox[0].body
    assert mailoutbox[0].subject == "Confirm your proposal of a practice"
