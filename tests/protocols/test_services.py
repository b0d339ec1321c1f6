"""The rules of protocols, through the services: they hold whoever calls them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from protocols import services
from protocols.models import Protocol, Signatory
from tests.factories import OrganisationFactory

from .factories import PDF, ProtocolFactory, with_pathway

pytestmark = pytest.mark.django_db


def new_protocol(territory, **fields):
    return Protocol(
        title_fr="Protocole de signalement",
        title_en="Reporting protocol",
        kind=Protocol.Kind.REFERRAL_PATHWAY,
        territory=territory,
        **fields,
    )


def two_signatories(territory):
    return [
        services.SignatoryData(organisation=OrganisationFactory(territory=territory)),
        services.SignatoryData(organisation=OrganisationFactory(territory=territory)),
    ]


def test_coordinator_creates_protocol_in_preparation_with_parts(coordinator, group):
    protocol = services.protocol_create(
        protocol=new_protocol(group.territory),
        signatories=two_signatories(group.territory),
        steps=[
            services.StepData(
                what_fr="Signalement",
                what_en="Report",
                responsible_organisation=OrganisationFactory(territory=group.territory),
            )
        ],
        by=coordinator,
    )
    assert protocol.status == Protocol.Status.IN_PREPARATION
    assert protocol.slug == "protocole-de-signalement"
    assert protocol.signatories.count() == 2
    assert list(protocol.steps.values_list("position", flat=True)) == [1]


def test_coordinator_of_another_territory_cannot_create(other_coordinator, group):
    with pytest.raises(PermissionDenied):
        services.protocol_create(protocol=new_protocol(group.territory), by=other_coordinator)


def test_member_cannot_create(member, group):
    with pytest.raises(PermissionDenied):
        services.protocol_create(protocol=new_protocol(group.territory), by=member)


def test_in_force_needs_two_signatories(coordinator, group):
    protocol = ProtocolFactory(territory=group.territory, status=Protocol.Status.IN_PREPARATION)
    Signatory.objects.create(
        protocol=protocol, organisation=OrganisationFactory(territory=group.territory)
    )
    with pytest.raises(ValidationError) as refused:
        services.protocol_set_status(
            protocol=protocol, status=Protocol.Status.IN_FORCE, by=coordinator
        )
    assert "au moins deux organisations signataires" in str(refused.value.messages) or (
        "at least two signatory" in str(refused.value.messages)
    )
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.IN_PREPARATION


def test_associated_organisations_do_not_count_as_signatories(coordinator, group):
    protocol = ProtocolFactory(territory=group.territory, status=Protocol.Status.IN_PREPARATION)
    for role in (Signatory.Role.SIGNATORY, Signatory.Role.ASSOCIATED):
        Signatory.objects.create(
            protocol=protocol,
            organisation=OrganisationFactory(territory=group.territory),
            role=role,
        )
    with pytest.raises(ValidationError):
        services.protocol_set_status(
            protocol=protocol, status=Protocol.Status.IN_FORCE, by=coordinator
        )


def test_dates_out_of_order_are_refused(coordinator, group):
    protocol = new_protocol(
        group.territory,
        signed_on=datetime.date(2025, 3, 1),
        in_force_from=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        services.protocol_create(protocol=protocol, by=coordinator)
    assert refused.value.messages


def test_review_before_in_force_is_refused(coordinator, group):
    protocol = new_protocol(
        group.territory,
        in_force_from=datetime.date(2025, 1, 1),
        next_review_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.protocol_create(protocol=protocol, by=coordinator)


def test_revision_copies_parts_and_supersedes_once_in_force(coordinator, group):
    old = with_pathway(ProtocolFactory(territory=group.territory))
    revision = services.protocol_revise(protocol=old, by=coordinator)
    assert revision.status == Protocol.Status.IN_PREPARATION
    assert revision.supersedes == old
    assert revision.signatories.count() == 2
    assert revision.steps.count() == old.steps.count()
    old.refresh_from_db()
    assert old.status == Protocol.Status.IN_FORCE

    revision.in_force_from = datetime.date(2026, 1, 1)
    revision.save()
    services.protocol_set_status(protocol=revision, status=Protocol.Status.IN_FORCE, by=coordinator)
    old.refresh_from_db()
    assert old.status == Protocol.Status.SUPERSEDED


def test_superseded_protocol_cannot_come_back_into_force(coordinator, group):
    protocol = with_pathway(ProtocolFactory(territory=group.territory))
    protocol.status = Protocol.Status.SUPERSEDED
    protocol.save()
    with pytest.raises(ValidationError):
        services.protocol_set_status(
            protocol=protocol, status=Protocol.Status.IN_FORCE, by=coordinator
        )


def test_non_pdf_document_is_refused_with_clear_message(coordinator, group):
    upload = SimpleUploadedFile("protocole.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(ValidationError) as refused:
        services.protocol_create(
            protocol=new_protocol(group.territory), document=upload, by=coordinator
        )
    assert refused.value.messages


def test_pdf_document_is_stored(coordinator, group):
    upload = SimpleUploadedFile("protocole signé.pdf", PDF)
    protocol = services.protocol_create(
        protocol=new_protocol(group.territory), document=upload, by=coordinator
    )
    assert protocol.document.name.endswith(".pdf")
    assert protocol.download_name == "protocole signé.pdf"


def test_sectors_bound_are_the_signatories_sectors(group):
    protocol = with_pathway(ProtocolFactory(territory=group.territory))
    assert {s.code for s in protocol.sectors_bound()} == {"child-welfare", "justice"}


def test_a_superseded_protocol_stays_superseded_and_in_force_never_goes_back_to_preparation(
    coordinator, group
):
    protocol = with_pathway(ProtocolFactory(territory=group.territory))
    assert protocol.status == Protocol.Status.IN_FORCE
    with pytest.raises(ValidationError):
        services.protocol_set_status(
            protocol=protocol, status=Protocol.Status.IN_PREPARATION, by=coordinator
        )
    Protocol.objects.filter(pk=protocol.pk).update(status=Protocol.Status.SUPERSEDED)
    for status in (Protocol.Status.WITHDRAWN, Protocol.Status.IN_FORCE, Protocol.Status.EXPIRED):
        with pytest.raises(ValidationError):
            services.protocol_set_status(protocol=protocol, status=status, by=coordinator)


def test_two_revisions_of_a_protocol_never_both_come_into_force(coordinator, group):
    old = with_pathway(ProtocolFactory(territory=group.territory))
    first = services.protocol_revise(protocol=old, by=coordinator)
    services.protocol_set_status(protocol=first, status=Protocol.Status.WITHDRAWN, by=coordinator)
    second = services.protocol_revise(protocol=old, by=coordinator)
    for revision in (first, second):
        Protocol.objects.filter(pk=revision.pk).update(
            in_force_from=datetime.date(2026, 1, 1), signed_on=datetime.date(2025, 12, 1)
        )
    services.protocol_set_status(protocol=second, status=Protocol.Status.IN_FORCE, by=coordinator)
    services.protocol_set_status(
        protocol=first, status=Protocol.Status.IN_PREPARATION, by=coordinator
    )
    with pytest.raises(ValidationError):
        services.protocol_set_status(
            protocol=first, status=Protocol.Status.IN_FORCE, by=coordinator
        )
    assert list(old.revisions.filter(status=Protocol.Status.IN_FORCE)) == [second]


def test_a_protocol_puts_into_effect_only_practices_of_its_country(coordinator, group):
    from stakeholders.models import Territory
    from tests.practices.factories import PracticeFactory

    here = PracticeFactory(group=group, territory=group.territory)
    abroad_territory = Territory.objects.create(country="BE", name="")
    abroad = PracticeFactory(group=group, territory=abroad_territory, title_fr="Ailleurs")
    with pytest.raises(ValidationError) as refused:
        services.protocol_create(
            protocol=new_protocol(group.territory), practices=[here, abroad], by=coordinator
        )
    assert "Ailleurs" in " ".join(refused.value.messages)
    protocol = services.protocol_create(
        protocol=new_protocol(group.territory), practices=[here], by=coordinator
    )
    assert list(protocol.practices.all()) == [here]


def test_texts_over_their_limit_are_refused_outside_forms_too(coordinator, group):
    with pytest.raises(ValidationError) as refused:
        services.protocol_create(
            protocol=new_protocol(group.territory, summary_fr="x" * 3001), by=coordinator
        )
    assert "summary_fr" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.protocol_create(
            protocol=new_protocol(group.territory),
            steps=[
                services.StepData(
                    what_fr="y" * 1001,
                    responsible_organisation=OrganisationFactory(territory=group.territory),
                )
            ],
            by=coordinator,
        )
    assert not Protocol.objects.exists()


def test_two_protocols_with_the_same_title_get_two_addresses(coordinator, group):
    from unittest import mock

    first = services.protocol_create(protocol=new_protocol(group.territory), by=coordinator)
    # The second one's free slug was looked for just before the first was saved.
    with mock.patch.object(
        services, "_unique_slug", side_effect=[first.slug, "protocole-de-signalement-2"]
    ):
        second = services.protocol_create(protocol=new_protocol(group.territory), by=coordinator)
    assert second.slug == "protocole-de-signalement-2"


def test_every_change_of_a_protocol_is_in_the_audit_log(coordinator, group):
    from stakeholders.models import AuditEvent

    protocol = services.protocol_create(
        protocol=new_protocol(group.territory, in_force_from=datetime.date(2025, 1, 1)),
        signatories=two_signatories(group.territory),
        by=coordinator,
    )
    services.protocol_update(protocol=protocol, by=coordinator)
    services.protocol_set_status(protocol=protocol, status=Protocol.Status.IN_FORCE, by=coordinator)
    revision = services.protocol_revise(protocol=protocol, by=coordinator)
    Protocol.objects.filter(pk=revision.pk).update(in_force_from=datetime.date(2026, 1, 1))
    services.protocol_set_status(protocol=revision, status=Protocol.Status.IN_FORCE, by=coordinator)
    A = AuditEvent.Action
    events = list(
        AuditEvent.objects.filter(actor=coordinator)
        .order_by("at", "pk")
        .values_list("action", "target_id", "details")
    )
    assert [(a, t) for a, t, _d in events] == [
        (A.PROTOCOL_CREATED, str(protocol.pk)),
        (A.PROTOCOL_CHANGED, str(protocol.pk)),
        (A.PROTOCOL_STATUS, str(protocol.pk)),
        (A.PROTOCOL_REVISED, str(revision.pk)),
        (A.PROTOCOL_STATUS, str(revision.pk)),
        (A.PROTOCOL_STATUS, str(protocol.pk)),
    ]
    assert events[2][2] == {"old": "in-preparation", "new": "in-force"}
    assert events[-1][2]["new"] == "superseded"


def test_a_replaced_document_is_removed_once_saved_and_a_refused_change_leaves_no_file(
    coordinator, group, settings, django_capture_on_commit_callbacks
):
    from pathlib import Path

    def files():
        return sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*.pdf"))

    with django_capture_on_commit_callbacks(execute=True):
        protocol = services.protocol_create(
            protocol=new_protocol(group.territory),
            document=SimpleUploadedFile("v1.pdf", PDF),
            by=coordinator,
        )
    first = files()
    assert len(first) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.protocol_update(
            protocol=protocol, document=SimpleUploadedFile("v2.pdf", PDF), by=coordinator
        )
    assert len(files()) == 1 and files() != first
    kept = files()
    # In force, the dates are checked: the protocol has neither date nor signatories.
    Protocol.objects.filter(pk=protocol.pk).update(status=Protocol.Status.IN_FORCE)
    protocol.refresh_from_db()
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        services.protocol_update(
            protocol=protocol, document=SimpleUploadedFile("v3.pdf", PDF), by=coordinator
        )
    assert files() == kept
