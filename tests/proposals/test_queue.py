"""The coordinators' queue of proposals: who sees which, accepting one as a draft (for an
organisation of the directory or a new one), declining one with a message, and the
proposer's texts shown as plain text."""

import re

import pytest

from practices.models import Partner, Practice
from practices.rules import can_edit, can_view
from proposals.models import Proposal
from stakeholders.models import AuditEvent, Membership, Organisation, Sector
from tests.factories import OrganisationFactory, member_user

pytestmark = pytest.mark.django_db

QUEUE = "/fr/practices/proposals/"


def detail(proposal, lang="fr"):
    return f"/{lang}/practices/proposals/{proposal.pk}/"


@pytest.fixture
def mine(make_proposal, group):
    return make_proposal(group=group, title="Barnahus de Linköping")


@pytest.fixture
def theirs(make_proposal, other_group):
    return make_proposal(group=other_group, title="Maison de Bruxelles")


@pytest.fixture
def unassigned(make_proposal):
    return make_proposal(group=None, title="Casa da Criança")


def test_the_queue_asks_anonymous_visitors_to_log_in_and_refuses_members(client_for, member, mine):
    assert client_for(None).get(QUEUE)["Location"].startswith("/fr/accounts/login/")
    assert client_for(None).get(detail(mine))["Location"].startswith("/fr/accounts/login/")
    client = client_for(member)
    assert client.get(QUEUE).status_code == 403
    assert client.get(detail(mine)).status_code == 403


def test_a_coordinator_sees_the_proposals_of_their_groups_and_those_of_no_group(
    client_for, coordinator, mine, theirs, unassigned, make_proposal, group
):
    make_proposal(group=group, status=Proposal.Status.UNCONFIRMED, title="Pas confirmée")
    make_proposal(group=group, status=Proposal.Status.DECLINED, title="Déjà refusée")
    client = client_for(coordinator)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert {p.title for p in response.context["object_list"]} == {
        "Barnahus de Linköping",
        "Casa da Criança",
    }
    assert client.get(detail(mine)).status_code == 200
    assert client.get(detail(unassigned)).status_code == 200
    # Another group's proposal does not exist for them; nor does an unconfirmed one.
    assert client.get(detail(theirs)).status_code == 404
    unconfirmed = Proposal.objects.get(title="Pas confirmée")
    assert client.get(detail(unconfirmed)).status_code == 404


def test_another_groups_coordinator_neither_sees_nor_decides_a_proposal(
    client_for, other_coordinator, mine, mailoutbox
):
    client = client_for(other_coordinator)
    assert "Linköping" not in client.get(QUEUE).content.decode()
    assert client.get(detail(mine)).status_code == 404
    assert client.post(detail(mine) + "decline/", {"message": "Non."}).status_code == 404
    response = client.post(
        detail(mine) + "accept/",
        {"group": other_coordinator.person.memberships.get().group_id, "organisation": "1"},
    )
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.WAITING
    assert mailoutbox == []


def test_staff_see_every_waiting_proposal(client_for, staff, mine, theirs, unassigned):
    response = client_for(staff).get(QUEUE)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 3


def test_accepting_with_an_organisation_of_the_directory_makes_a_draft(
    client_for, coordinator, group, mine, mailoutbox
):
    organisation = OrganisationFactory(name="Barnahus Linköping")
    mine.description = "La police et la justice, ensemble."
    mine.save()
    client = client_for(coordinator)
    response = client.post(
        detail(mine) + "accept/", {"group": group.pk, "organisation": organisation.pk}
    )
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == practice.get_absolute_url()
    assert practice.status == Practice.Status.DRAFT
    assert practice.title_fr == "Barnahus de Linköping"
    assert practice.summary_fr == "Un résumé."
    assert practice.description_fr == "La police et la justice, ensemble."
    assert practice.organisation == organisation
    assert practice.territory == organisation.territory
    assert practice.group == group
    assert practice.created_by == coordinator
    assert set(practice.sectors.values_list("code", flat=True)) == {"police", "justice"}
    assert list(practice.partner_set.values_list("organisation", "role")) == [
        (organisation.pk, Partner.Role.LEAD)
    ]
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.ACCEPTED
    assert mine.practice == practice and mine.decided_by == coordinator
    assert mine.decided_at is not None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PROPOSAL_ACCEPTED, target_id=str(mine.pk)
    ).exists()
    (message,) = mailoutbox
    assert message.to == ["ines@example.net"]
    assert "retenue" in message.subject
    # The coordinator keeps the draft: sees it, edits it.
    assert can_view(coordinator, practice) and can_edit(coordinator, practice)
    assert client.get(practice.get_absolute_url()).status_code == 200
    assert practice in client.get("/fr/practices/mine/").context["object_list"]
    # Done once: the proposal is no longer waiting.
    again = client.post(
        detail(mine) + "accept/", {"group": group.pk, "organisation": organisation.pk}
    )
    assert again.status_code == 400
    assert Practice.objects.count() == 1


def test_accepting_with_a_new_organisation_adds_it_to_the_directory(
    client_for, coordinator, group, unassigned, mailoutbox
):
    response = client_for(coordinator).post(
        detail(unassigned) + "accept/",
        {
            "group": group.pk,
            "new_name": "Casa da Criança de Lisboa",
            "new_sector": Sector.objects.get(code="child-welfare").pk,
            "new_kind": Organisation.Kind.CIVIL_SOCIETY,
            "new_territory": group.territory.pk,
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Casa da Criança de Lisboa")
    assert organisation.slug == "casa-da-crianca-de-lisboa"
    assert group.organisations.filter(pk=organisation.pk).exists()
    practice = Practice.objects.get()
    assert practice.organisation == organisation and practice.group == group
    unassigned.refresh_from_db()
    assert unassigned.group == group
    assert len(mailoutbox) == 1


def test_the_organisation_is_one_of_the_directory_or_a_complete_new_one(
    client_for, coordinator, group, mine
):
    client = client_for(coordinator)
    neither = client.post(detail(mine) + "accept/", {"group": group.pk, "new_name": "Nom seul"})
    assert neither.status_code == 400
    assert "nature et le territoire" in neither.content.decode()
    assert 'value="Nom seul"' in neither.content.decode()  # what was typed is kept
    assert not Practice.objects.exists()


def test_a_coordinator_chooses_only_a_group_they_coordinate(
    client_for, coordinator, other_group, unassigned
):
    response = client_for(coordinator).post(
        detail(unassigned) + "accept/",
        {"group": other_group.pk, "organisation": OrganisationFactory().pk},
    )
    assert response.status_code == 400
    assert not Practice.objects.exists()


def test_declining_needs_a_message_and_sends_it(client_for, coordinator, mine, mailoutbox):
    client = client_for(coordinator)
    empty = client.post(detail(mine) + "decline/", {"message": "   "})
    assert empty.status_code == 400
    assert "Dites pourquoi" in empty.content.decode()
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.WAITING
    assert mailoutbox == []

    message = "Cette pratique ne réunit qu'un seul service."
    response = client.post(detail(mine) + "decline/", {"message": message})
    assert response.status_code == 302 and response["Location"] == QUEUE
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.DECLINED
    assert mine.decision_message == message and mine.decided_by == coordinator
    (email,) = mailoutbox
    assert email.to == ["ines@example.net"] and message in email.body
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PROPOSAL_DECLINED).exists()
    # The decided proposal leaves the queue, and its page shows the decision.
    assert "Linköping" not in client.get(QUEUE).content.decode()
    assert message.replace("'", "&#x27;") in client.get(detail(mine)).content.decode()


def test_the_proposers_texts_are_plain_text_without_links(
    client_for, coordinator, make_proposal, group
):
    proposal = make_proposal(
        group=group,
        title='<script>alert("t")</script> Pratique',
        summary='Voir https://evil.example/resume et <a href="https://evil.example/a">ici</a>',
        description="**Gras** [lien](https://evil.example/md) www.evil.example/desc\n<img src=x>",
        website="https://evil.example/site",
        proposer_name="<b>Nom</b>",
    )
    client = client_for(coordinator)
    for url in (QUEUE, detail(proposal), "/fr/espace/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert not [href for href in re.findall(r'(?:href|src)="([^"]*)"', html) if "evil" in href]
        assert '<a href="https://evil' not in html and "<img src=x>" not in html, url
    html = client.get(detail(proposal)).content.decode()
    assert "&lt;script&gt;" in html
    assert "https://evil.example/site" in html  # shown, as text
    assert "**Gras** [lien](https://evil.example/md)" in html  # no Markdown either
    assert "&lt;b&gt;Nom&lt;/b&gt;" in html


def test_the_member_home_counts_the_waiting_proposals(client_for, coordinator, mine, unassigned):
    response = client_for(coordinator).get("/fr/espace/")
    assert response.context["proposals"].total == 2
    assert f'href="{detail(mine)}"' in response.content.decode()


def test_the_review_queue_links_to_the_proposals(client_for, coordinator):
    assert (
        f'href="{QUEUE}"' in client_for(coordinator).get("/fr/practices/review/").content.decode()
    )


def test_the_queue_runs_constant_queries(
    client_for, coordinator, group, make_proposal, django_assert_max_num_queries
):
    make_proposal(group=group)
    client = client_for(coordinator)
    with django_assert_max_num_queries(30) as few:
        assert client.get(QUEUE).status_code == 200
    for _ in range(8):
        make_proposal(group=group)
        make_proposal(group=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert len(response.context["object_list"]) == 17


def test_a_second_coordinator_of_the_group_sees_the_same_queue(client_for, group, mine):
    second = member_user(group, role=Membership.Role.COORDINATOR)
    assert client_for(second).get(detail(mine)).status_code == 200


def test_no_practice_takes_the_address_of_the_proposal_pages():
    from practices.services import reserved_slugs, unique_practice_slug

    assert {"propose", "proposals", "new", "review"} <= reserved_slugs()
    assert unique_practice_slug("Propose") == "propose-2"
    assert unique_practice_slug("Proposals") == "proposals-2"


def test_the_proposers_links_stay_text_in_the_draft(client_for, coordinator, group, mine):
    organisation = OrganisationFactory(name="Maison de l'enfant")
    mine.description = "Voir [le rapport](https://evil.example) et <https://x.example>."
    mine.save()
    client_for(coordinator).post(
        detail(mine) + "accept/", {"group": group.pk, "organisation": organisation.pk}
    )
    practice = Practice.objects.get()
    assert "<a " not in str(practice.description_html)
    assert "[le rapport](https://evil.example)" in str(practice.description_html)


def test_accepting_with_the_name_of_an_organisation_typed(client_for, coordinator, group, mine):
    organisation = OrganisationFactory(name="Barnahus Linköping")
    client = client_for(coordinator)
    url = detail(mine) + "accept/"
    data = {"group": group.pk, "organisation": "", "organisation_name": "barnahus"}
    # Not its whole name: offered to choose, with one error only (not "choose or name").
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'name="organisation_choice" value="{organisation.pk}"' in html
    assert "ou donnez le nom" not in html
    assert not Practice.objects.exists()
    response = client.post(url, {**data, "organisation_name": "Barnahus Linköping"})
    assert response.status_code == 302
    assert Practice.objects.get().organisation == organisation
