"""Four-eyes on what matters (#11 part 5): nobody publishes a practice their organisation
keeps, leads or takes part in, nor one they wrote, submitted or last changed; changing the
organisations behind a practice under review, or published, sends it back to review."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation

from practices import rules, services
from practices.models import Partner, Practice, Transition
from practices.services import practice_transition
from stakeholders.models import AuditEvent, Membership
from tests.factories import OrganisationFactory, member_user, with_two_factor

from .factories import PracticeFactory, complete
from .helpers import form_data

pytestmark = pytest.mark.django_db

S = Practice.Status


@pytest.fixture
def her_coordinator(group):
    """A coordinator of the group, who also writes practices for her own organisation."""
    return member_user(group, role=Membership.Role.COORDINATOR)


@pytest.fixture
def second_coordinator(group):
    return member_user(group, role=Membership.Role.COORDINATOR)


def publish_through_the_page(user, practice):
    client = Client()
    client.force_login(user)
    return client.post(f"/en/practices/{practice.slug}/review/publish/", follow=True)


def test_naming_another_organisation_as_lead_does_not_let_her_publish_her_own_practice(
    group, her_coordinator, second_coordinator
):
    her_organisation = her_coordinator.person.organisation
    practice = PracticeFactory(
        status=S.SUBMITTED,
        organisation=her_organisation,
        group=group,
        territory=group.territory,
        created_by=her_coordinator,
    )
    complete(practice, lead=OrganisationFactory(name="Prête-nom"))

    response = publish_through_the_page(her_coordinator, practice)
    assert "Four-eyes rule" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED

    practice_transition(practice=practice, action="publish", by=second_coordinator)
    practice.refresh_from_db()
    assert practice.status == S.PUBLISHED


@pytest.mark.parametrize("role", [Partner.Role.PARTNER, Partner.Role.FUNDER])
def test_a_coordinator_whose_organisation_takes_part_cannot_publish(
    group, make_practice, her_coordinator, role
):
    practice = make_practice(S.SUBMITTED)
    Partner.objects.create(
        practice=practice, organisation=her_coordinator.person.organisation, role=role
    )
    with translation.override("en"), pytest.raises(PermissionDenied, match="takes part"):
        practice_transition(practice=practice, action="publish", by=her_coordinator)
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


def test_whoever_submitted_it_cannot_publish_it_even_from_another_organisation(
    group, make_practice, author
):
    practice = make_practice(S.DRAFT)
    practice_transition(practice=practice, action="submit", by=author)
    # She then moves to another organisation and becomes a coordinator of the group.
    person = author.person
    person.organisation = OrganisationFactory()
    person.save()
    Membership.objects.filter(person=person).update(role=Membership.Role.COORDINATOR)
    with_two_factor(author)  # as coordinators must (it also forgets the cached roles)
    practice.created_by = None
    practice.save(update_fields=["created_by"])

    with translation.override("en"), pytest.raises(PermissionDenied, match="you wrote"):
        practice_transition(practice=practice, action="publish", by=author)


def edit_partners(client, practice, *, lead):
    """The edit page as a reviewer sees it, sent back with another lead organisation
    (its name typed in place of the former lead's)."""
    data = form_data(client.get(f"/en/practices/{practice.slug}/edit/"))
    lead_field = next(
        name[: -len("-role")]
        for name, values in data.items()
        if name.startswith("partners-") and name.endswith("-role") and values == "lead"
    )
    data[f"{lead_field}-organisation_name"] = lead.name
    return client.post(f"/en/practices/{practice.slug}/edit/", data)


def test_a_reviewer_who_changes_the_lead_of_a_submitted_practice_sends_it_back_to_review(
    group, make_practice, second_coordinator, her_coordinator, client
):
    practice = make_practice(S.SUBMITTED, review_note="Une remarque", reviewed_by=her_coordinator)
    new_lead = OrganisationFactory(name="Nouvelle tête")
    client.force_login(second_coordinator)

    response = edit_partners(client, practice, lead=new_lead)
    assert response.status_code == 302

    practice.refresh_from_db()
    assert practice.lead == new_lead
    assert practice.status == S.SUBMITTED
    assert practice.review_note == ""
    assert practice.reviewed_by is None
    assert rules.last_changed_by_id(practice) == second_coordinator.pk
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PRACTICE_TRANSITION, details__action="partners_changed"
    ).exists()
    # The one who changed it may not publish it: another coordinator must look at it.
    with pytest.raises(PermissionDenied):
        practice_transition(practice=practice, action="publish", by=second_coordinator)
    practice_transition(practice=practice, action="publish", by=her_coordinator)


def test_changing_the_partners_of_a_published_practice_takes_it_out_of_the_catalogue(
    group, make_practice, second_coordinator, client
):
    practice = make_practice(S.PUBLISHED)
    client.force_login(second_coordinator)

    edit_partners(client, practice, lead=OrganisationFactory())

    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    transition = Transition.objects.filter(practice=practice).latest("at")
    assert (transition.from_status, transition.to_status) == (S.PUBLISHED, S.SUBMITTED)
    assert Client().get(f"/en/practices/{practice.slug}/").status_code == 404


def test_other_changes_leave_a_submitted_practice_and_its_review_as_they_were(
    group, make_practice, second_coordinator, her_coordinator, client
):
    practice = make_practice(S.SUBMITTED, review_note="Une remarque", reviewed_by=her_coordinator)
    client.force_login(second_coordinator)
    data = form_data(client.get(f"/en/practices/{practice.slug}/edit/"))
    data["summary_fr"] = "Un résumé corrigé."
    assert client.post(f"/en/practices/{practice.slug}/edit/", data).status_code == 302
    practice.refresh_from_db()
    assert practice.summary_fr == "Un résumé corrigé."
    assert (practice.status, practice.review_note) == (S.SUBMITTED, "Une remarque")
    assert practice.reviewed_by == her_coordinator


def test_the_review_queue_withholds_publish_from_whoever_last_changed_the_practice(
    group, make_practice, second_coordinator, her_coordinator, client
):
    """The queue reads authorship from one annotated query; it must say what the rule says."""
    practice = make_practice(S.SUBMITTED)
    client.force_login(second_coordinator)
    edit_partners(client, practice, lead=OrganisationFactory(name="Autre tête"))
    annotated = rules.with_authorship(Practice.objects.filter(pk=practice.pk), second_coordinator)
    assert rules.wrote_practice(second_coordinator, annotated.get()) is True
    assert (
        rules.wrote_practice(
            her_coordinator, rules.with_authorship(annotated, her_coordinator).get()
        )
        is False
    )

    queue = client.get("/en/practices/review/").content.decode()
    assert "you wrote, submitted or last changed this practice" in queue
    client.force_login(her_coordinator)
    queue = client.get("/en/practices/review/").content.decode()
    assert "you wrote, submitted or last changed this practice" not in queue


def test_a_published_practice_changed_by_a_partner_s_coordinator_is_reviewed_again(
    make_practice, her_coordinator, second_coordinator
):
    """Editing the text once published would publish it without a second pair of eyes."""
    practice = make_practice(S.PUBLISHED)
    Partner.objects.create(
        practice=practice,
        organisation=her_coordinator.person.organisation,
        role=Partner.Role.PARTNER,
    )

    services.practice_save(
        practice=practice,
        data={"title_fr": "Réécrit par une partenaire"},
        by=her_coordinator,
        expected_version=practice.version,
    )

    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    assert AuditEvent.objects.filter(details__action="changed_by_its_own").exists()
    with pytest.raises(PermissionDenied):
        practice_transition(practice=practice, action="publish", by=her_coordinator)


def test_a_published_practice_corrected_by_an_outside_coordinator_stays_published(
    make_practice, second_coordinator
):
    practice = make_practice(S.PUBLISHED)

    services.practice_save(
        practice=practice,
        data={"title_fr": "Coquille corrigée"},
        by=second_coordinator,
        expected_version=practice.version,
    )

    practice.refresh_from_db()
    assert (practice.status, practice.title_fr) == (S.PUBLISHED, "Coquille corrigée")
