"""Members of a territory's groups propose changes to its protocols; its coordinators answer."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from protocols import services
from protocols.models import Protocol, ProtocolSuggestion
from stakeholders.models import AuditEvent

from .factories import ProtocolFactory, with_pathway

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocol(group):
    return with_pathway(ProtocolFactory(territory=group.territory))


def suggest_url(protocol):
    return reverse("protocols:suggest", kwargs={"slug": protocol.slug})


def answer_url(suggestion, protocol=None):
    protocol = protocol or suggestion.protocol
    return reverse(
        "protocols:suggestion_answer", kwargs={"slug": protocol.slug, "pk": suggestion.pk}
    )


def test_member_proposes_a_change_and_the_coordinators_are_emailed(
    client_for, protocol, member, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member).post(
            suggest_url(protocol), {"text": "Ajouter le délai de 48 heures à l'étape 2."}
        )
    assert response.status_code == 302
    suggestion = ProtocolSuggestion.objects.get()
    assert suggestion.author == member and suggestion.status == "open"
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "48 heures" in mailoutbox[0].body
    assert f"#suggestion-{suggestion.pk}" in mailoutbox[0].body
    page = client_for(member).get(protocol.get_absolute_url()).content.decode()
    assert "48 heures" in page


@pytest.mark.parametrize("who", ["anonymous", "other_member", "other_coordinator", "outsider"])
def test_only_the_territorys_members_propose_changes(
    client, client_for, protocol, who, other_member, other_coordinator, outsider
):
    user = {"anonymous": None, "other_member": other_member,
            "other_coordinator": other_coordinator, "outsider": outsider}[who]  # fmt: skip
    response = client_for(user).post(suggest_url(protocol), {"text": "Changer."})
    assert response.status_code in (302, 403)
    if user is None:
        assert "/login/" in response["Location"] or "login" in response["Location"]
    assert not ProtocolSuggestion.objects.exists()


def test_proposed_changes_and_their_authors_are_not_shown_outside_the_territory(
    client, client_for, protocol, member, other_coordinator
):
    services.suggestion_create(protocol=protocol, text="Texte confidentiel", by=member)
    assert "Texte confidentiel" not in client.get(protocol.get_absolute_url()).content.decode()
    page = client_for(other_coordinator).get(protocol.get_absolute_url()).content.decode()
    assert "Texte confidentiel" not in page


def test_a_superseded_or_withdrawn_protocol_takes_no_proposal(protocol, member):
    for status in (Protocol.Status.SUPERSEDED, Protocol.Status.WITHDRAWN):
        Protocol.objects.filter(pk=protocol.pk).update(status=status)
        protocol.refresh_from_db()
        with pytest.raises(PermissionDenied):
            services.suggestion_create(protocol=protocol, text="Changer.", by=member)


def test_an_empty_or_too_long_proposal_is_refused_with_the_text_kept(client_for, protocol, member):
    response = client_for(member).post(suggest_url(protocol), {"text": "x" * 5001})
    assert response.status_code == 400
    assert "x" * 5001 in response.content.decode()
    with pytest.raises(ValidationError):
        services.suggestion_create(protocol=protocol, text="   ", by=member)
    with pytest.raises(ValidationError):
        services.suggestion_create(protocol=protocol, text="y" * 5001, by=member)
    assert not ProtocolSuggestion.objects.exists()


def test_open_proposals_per_author_are_bounded(protocol, member):
    for i in range(ProtocolSuggestion.MAX_OPEN_PER_AUTHOR):
        services.suggestion_create(protocol=protocol, text=f"Changement {i}", by=member)
    with pytest.raises(ValidationError):
        services.suggestion_create(protocol=protocol, text="Encore un", by=member)


def test_coordinator_declines_with_a_reason_and_the_author_is_told(
    client_for, protocol, member, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = services.suggestion_create(protocol=protocol, text="Changer.", by=member)
    mailoutbox.clear()
    prefix = f"s{suggestion.pk}"
    client = client_for(coordinator)
    refused = client.post(answer_url(suggestion), {f"{prefix}-status": "declined"})
    assert refused.status_code == 400
    assert "Dites pourquoi" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            answer_url(suggestion),
            {f"{prefix}-status": "declined", f"{prefix}-response": "Hors du champ."},
        )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "declined" and suggestion.responded_by == coordinator
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Hors du champ." in mailoutbox[0].body
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PROTOCOL_SUGGESTION_ANSWERED, actor=coordinator
    ).exists()


@pytest.mark.parametrize("who", ["member", "other_coordinator"])
def test_only_the_territorys_coordinators_answer(
    client_for, protocol, member, other_coordinator, who
):
    suggestion = services.suggestion_create(protocol=protocol, text="Changer.", by=member)
    user = {"member": member, "other_coordinator": other_coordinator}[who]
    prefix = f"s{suggestion.pk}"
    response = client_for(user).post(
        answer_url(suggestion), {f"{prefix}-status": "taken-up", f"{prefix}-response": "Oui"}
    )
    assert response.status_code in (403, 404)
    suggestion.refresh_from_db()
    assert suggestion.status == "open"
    with pytest.raises(PermissionDenied):
        services.suggestion_answer(suggestion=suggestion, status="taken-up", response="", by=user)


def test_a_revision_shows_and_answers_the_proposals_made_on_the_protocol_it_revises(
    client_for, protocol, member, coordinator
):
    suggestion = services.suggestion_create(protocol=protocol, text="À reprendre", by=member)
    revision = services.protocol_revise(protocol=protocol, by=coordinator)
    client = client_for(coordinator)
    assert "À reprendre" in client.get(revision.get_absolute_url()).content.decode()
    prefix = f"s{suggestion.pk}"
    response = client.post(
        answer_url(suggestion, revision),
        {f"{prefix}-status": "taken-up", f"{prefix}-response": "Repris dans la révision."},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "taken-up"


def test_a_proposal_of_another_protocol_is_not_answered_through_this_one(
    client_for, group, protocol, member, coordinator
):
    elsewhere = with_pathway(ProtocolFactory(territory=group.territory))
    suggestion = services.suggestion_create(protocol=elsewhere, text="Changer.", by=member)
    prefix = f"s{suggestion.pk}"
    response = client_for(coordinator).post(
        answer_url(suggestion, protocol), {f"{prefix}-status": "taken-up"}
    )
    assert response.status_code == 404


def test_the_protocol_page_reads_proposals_in_constant_queries(
    client_for, protocol, member, coordinator, django_assert_max_num_queries
):
    client = client_for(coordinator)
    services.suggestion_create(protocol=protocol, text="Un", by=member)
    client.get(protocol.get_absolute_url())
    with django_assert_max_num_queries(40) as few:
        client.get(protocol.get_absolute_url())
    for i in range(8):
        services.suggestion_create(protocol=protocol, text=f"Changement {i}", by=member)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(protocol.get_absolute_url()).status_code == 200
