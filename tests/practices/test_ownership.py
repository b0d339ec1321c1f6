"""Who keeps a practice: the members of its organisation; and, for a draft a coordinator
made from a proposal for an organisation with nobody on the portal yet, that coordinator
until the organisation has people. Having created a practice gives nothing else."""

import pytest

from practices.models import Practice
from practices.rules import can_edit, can_view, is_owner
from stakeholders.models import User
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

S = Practice.Status


def test_a_member_who_moved_to_another_organisation_no_longer_keeps_its_drafts(
    client, group, author
):
    draft = PracticeFactory(
        status=S.DRAFT, organisation=author.person.organisation, group=group, created_by=author
    )
    assert is_owner(author, draft)
    author.person.organisation = OrganisationFactory(name="Nouvel employeur")
    author.person.save()
    author = User.objects.get(pk=author.pk)  # a new request: roles are read again
    assert not is_owner(author, draft)
    assert not can_view(author, draft) and not can_edit(author, draft)
    client.force_login(author)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft not in client.get("/fr/practices/mine/").context["object_list"]


def test_the_coordinator_keeps_a_draft_for_an_organisation_without_people_until_it_has_some(
    client, group, coordinator
):
    empty = OrganisationFactory(name="Maison de l'enfant")
    draft = PracticeFactory(status=S.DRAFT, organisation=empty, group=group, created_by=coordinator)
    assert is_owner(coordinator, draft) and can_edit(coordinator, draft)
    client.force_login(coordinator)
    assert draft in client.get("/fr/practices/mine/").context["object_list"]

    PersonFactory(organisation=empty, user=UserFactory())  # someone of it joins the portal
    coordinator = User.objects.get(pk=coordinator.pk)
    assert not is_owner(coordinator, draft)
    assert not can_view(coordinator, draft)  # a draft is its organisation's own
    assert draft not in client.get("/fr/practices/mine/").context["object_list"]


def test_another_groups_coordinator_never_keeps_it(group, other_coordinator):
    other = other_coordinator
    empty = OrganisationFactory(name="Sans personne")
    draft = PracticeFactory(status=S.DRAFT, organisation=empty, group=group, created_by=other)
    assert not is_owner(other, draft)
