"""Every write to protocols: data in (never a request or a form), rules checked here.

The rules hold whatever calls them (views, admin actions, the shell): a protocol in force
has at least two signatories, dates in order, and is not superseded.
"""

import functools
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practices import uploads
from stakeholders import audit, mail
from stakeholders.choices import ReminderKind
from stakeholders.models import AuditEvent, Organisation, Sector

from . import rules
from .models import Protocol, ProtocolSuggestion, Signatory, Step

MAX_SIGNATORIES = 40
MAX_STEPS = 30


@dataclass(frozen=True)
class SignatoryData:
    organisation: Organisation
    role: str = Signatory.Role.SIGNATORY


@dataclass(frozen=True)
class StepData:
    what_fr: str
    what_en: str = ""
    responsible_organisation: Organisation | None = None
    responsible_sector: Sector | None = None
    time_limit_fr: str = ""
    time_limit_en: str = ""
    legal_basis_fr: str = ""
    legal_basis_en: str = ""


def check_document(upload) -> str:
    """The type of a protocol's signed document, which must be a PDF (judged by content)."""
    kind = uploads.detect_type(upload)
    if kind != "application/pdf":
        raise ValidationError(_("The signed document must be a PDF file."), code="not_pdf")
    return kind


def _unique_slug(title: str, exclude_pk=None) -> str:
    base = (slugify(title) or "protocol")[:200]
    slug, n = base, 1
    while Protocol.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _attach_document(protocol: Protocol, document) -> None:
    """Store ``document`` as the protocol's signed document. The file it replaces is removed
    once the change is committed; the new one, if the change fails (``_keeping_files``)."""
    if document is None:
        return
    protocol.document_type = check_document(document)
    protocol.document_name = uploads.safe_name(document.name or "")
    replaced = protocol.document.name if protocol.pk else ""
    storage = protocol.document.storage
    protocol.document.save(
        uploads.stored_name("protocols", protocol.document_type), document, save=False
    )
    protocol._stored_document = protocol.document.name
    if replaced:
        transaction.on_commit(lambda: storage.delete(replaced))


def _keeping_files(service):
    """Run ``service``; if it fails, the document it stored is removed (its rows are rolled
    back, so nothing would name the file)."""

    @functools.wraps(service)
    def run(*, protocol, **kwargs):
        try:
            return service(protocol=protocol, **kwargs)
        except BaseException:
            stored = getattr(protocol, "_stored_document", "")
            if stored:
                protocol.document.storage.delete(stored)
            raise
        finally:
            protocol.__dict__.pop("_stored_document", None)

    return run


def _check_practices(protocol: Protocol, practices) -> None:
    """A protocol puts into effect practices of its own country (a national practice, or one
    of any of the country's territories)."""
    country = protocol.territory.country
    kept = protocol_practice_ids(protocol)
    elsewhere = [p.title for p in practices if p.pk not in kept and p.territory.country != country]
    if elsewhere:
        raise ValidationError(
            _("A protocol puts into effect practices of its own country: %(titles)s is elsewhere.")
            % {"titles": ", ".join(f"“{t}”" for t in elsewhere)},
            code="practice_elsewhere",
        )


def protocol_practice_ids(protocol: Protocol) -> set:
    """The practices ``protocol`` names already (kept as they are, wherever they are)."""
    if protocol.pk is None:
        return set()
    return set(protocol.practices.values_list("pk", flat=True))


def _replace_parts(protocol, signatories, steps) -> None:
    if signatories is not None:
        if len(signatories) > MAX_SIGNATORIES:
            raise ValidationError(
                _("A protocol has at most %(n)s signatories.") % {"n": MAX_SIGNATORIES}
            )
        organisations = [s.organisation.pk for s in signatories]
        if len(set(organisations)) != len(organisations):
            raise ValidationError(
                _("Each organisation is listed once on a protocol."), code="repeated"
            )
        protocol.signatories.all().delete()
        for data in signatories:
            row = Signatory(protocol=protocol, organisation=data.organisation, role=data.role)
            row.full_clean(exclude=["protocol"])
            row.save()
    if steps is not None:
        if len(steps) > MAX_STEPS:
            raise ValidationError(_("A pathway has at most %(n)s steps.") % {"n": MAX_STEPS})
        protocol.steps.all().delete()
        for position, data in enumerate(steps, start=1):
            row = Step(protocol=protocol, position=position, **data.__dict__)
            row.full_clean(exclude=["protocol"])
            row.save()


def check_in_force(protocol: Protocol) -> None:
    """Why ``protocol`` cannot be in force, as a ValidationError; nothing if it can."""
    errors = []
    if protocol.signatories.filter(role=Signatory.Role.SIGNATORY).count() < 2:
        errors.append(
            ValidationError(
                _("A protocol in force needs at least two signatory organisations."),
                code="two_signatories",
            )
        )
    if protocol.in_force_from is None:
        errors.append(
            ValidationError(
                _("Give the date from which the protocol is in force."), code="no_start"
            )
        )
    if (
        protocol.status == Protocol.Status.SUPERSEDED
        or protocol.revisions.filter(status=Protocol.Status.IN_FORCE).exists()
    ):
        errors.append(
            ValidationError(
                _("A superseded protocol cannot be in force: its revision replaces it."),
                code="superseded",
            )
        )
    if errors:
        raise ValidationError(errors)


@_keeping_files
@transaction.atomic
def protocol_create(
    *,
    protocol: Protocol,
    signatories: list[SignatoryData] = (),
    steps: list[StepData] = (),
    practices=(),
    document=None,
    by,
) -> Protocol:
    """Record a new protocol (in preparation) with its signatories and pathway."""
    if not rules.can_create(by, protocol.territory):
        raise PermissionDenied(_("Only coordinators of this territory's groups add its protocols."))
    protocol.status = Protocol.Status.IN_PREPARATION
    protocol.created_by = by
    generated = not protocol.slug
    if generated:
        protocol.slug = _unique_slug(protocol.title_fr or protocol.title or "")
    _attach_document(protocol, document)
    # A generated slug may be taken between now and the insert: _save_new finds another.
    protocol.full_clean(exclude=["slug"] if generated else None)
    practices = list(practices)
    _check_practices(protocol, practices)
    _save_new(protocol)
    protocol.practices.set(practices)
    _replace_parts(protocol, list(signatories), list(steps))
    audit.record(AuditEvent.Action.PROTOCOL_CREATED, actor=by, target=protocol)
    return protocol


def _save_new(protocol: Protocol) -> None:
    """Insert ``protocol``; if another protocol took its slug meanwhile (two coordinators
    saving the same title at once), under the next free one."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                protocol.save(force_insert=True)
            return
        except IntegrityError:
            if not Protocol.objects.filter(slug=protocol.slug).exists():
                raise
            protocol.slug = _unique_slug(protocol.slug)
    raise ValidationError(_("Please try again in a moment."), code="slug_busy")


@_keeping_files
@transaction.atomic
def protocol_update(
    *,
    protocol: Protocol,
    signatories: list[SignatoryData] | None = None,
    steps: list[StepData] | None = None,
    practices=None,
    document=None,
    by,
) -> Protocol:
    """Save changes to ``protocol``; one in force must still meet the rules."""
    if not rules.can_edit(by, protocol):
        raise PermissionDenied(
            _("Only coordinators of this territory's groups edit its protocols.")
        )
    # Locked, and its status as stored now: only protocol_set_status changes a status, and a
    # change made meanwhile (a revision superseding it) is neither undone nor escaped.
    protocol.status = (
        Protocol.objects.select_for_update().values_list("status", flat=True).get(pk=protocol.pk)
    )
    _attach_document(protocol, document)
    protocol.full_clean()
    protocol.save()
    if practices is not None:
        practices = list(practices)
        _check_practices(protocol, practices)
        protocol.practices.set(practices)
    _replace_parts(
        protocol,
        None if signatories is None else list(signatories),
        None if steps is None else list(steps),
    )
    if protocol.status == Protocol.Status.IN_FORCE:
        check_in_force(protocol)
    audit.record(AuditEvent.Action.PROTOCOL_CHANGED, actor=by, target=protocol)
    return protocol


@transaction.atomic
def protocol_revise(*, protocol: Protocol, by) -> Protocol:
    """A new protocol in preparation that copies ``protocol``'s texts, signatories and steps
    and supersedes it once it comes into force."""
    if not rules.can_edit(by, protocol):
        raise PermissionDenied(
            _("Only coordinators of this territory's groups revise its protocols.")
        )
    protocol = Protocol.objects.select_for_update().get(pk=protocol.pk)  # one revision at once
    if protocol.status in (Protocol.Status.SUPERSEDED, Protocol.Status.IN_PREPARATION):
        raise ValidationError(
            _("Only a protocol that has been in force, expired or withdrawn can be revised."),
            code="not_revisable",
        )
    if protocol.revisions.filter(status=Protocol.Status.IN_PREPARATION).exists():
        raise ValidationError(
            _("A revision of this protocol is already in preparation."), code="revision_exists"
        )
    revision = Protocol(
        title_fr=protocol.title_fr,
        title_en=protocol.title_en,
        summary_fr=protocol.summary_fr,
        summary_en=protocol.summary_en,
        kind=protocol.kind,
        territory=protocol.territory,
        visibility=protocol.visibility,
        supersedes=protocol,
        status=Protocol.Status.IN_PREPARATION,
        created_by=by,
        slug=_unique_slug(f"{protocol.slug}-revision"),
    )
    revision.full_clean(exclude=["slug"])
    _save_new(revision)
    revision.practices.set(protocol.practices.all())
    Signatory.objects.bulk_create(
        Signatory(protocol=revision, organisation_id=s.organisation_id, role=s.role)
        for s in protocol.signatories.all()
    )
    Step.objects.bulk_create(
        Step(
            protocol=revision,
            position=s.position,
            what_fr=s.what_fr,
            what_en=s.what_en,
            responsible_organisation_id=s.responsible_organisation_id,
            responsible_sector_id=s.responsible_sector_id,
            time_limit_fr=s.time_limit_fr,
            time_limit_en=s.time_limit_en,
            legal_basis_fr=s.legal_basis_fr,
            legal_basis_en=s.legal_basis_en,
        )
        for s in protocol.steps.all()
    )
    audit.record(AuditEvent.Action.PROTOCOL_REVISED, actor=by, target=revision, revises=protocol.pk)
    return revision


# The steps a protocol's status may take (to itself: nothing changes). "Superseded" is
# final, and comes only when a revision enters into force (or by hand, once one has).
ALLOWED_STEPS = {
    Protocol.Status.IN_PREPARATION: {Protocol.Status.IN_FORCE, Protocol.Status.WITHDRAWN},
    Protocol.Status.IN_FORCE: {
        Protocol.Status.EXPIRED,
        Protocol.Status.WITHDRAWN,
        Protocol.Status.SUPERSEDED,
    },
    Protocol.Status.EXPIRED: {
        Protocol.Status.IN_FORCE,
        Protocol.Status.WITHDRAWN,
        Protocol.Status.SUPERSEDED,
    },
    Protocol.Status.WITHDRAWN: {Protocol.Status.IN_PREPARATION},
    Protocol.Status.SUPERSEDED: set(),
}


@transaction.atomic
def protocol_set_status(*, protocol: Protocol, status: str, by) -> Protocol:
    """Move ``protocol`` to ``status`` under the rules; a revision coming into force
    supersedes the protocol it revises."""
    if not rules.can_edit(by, protocol):
        raise PermissionDenied(
            _("Only coordinators of this territory's groups change its protocols.")
        )
    if status not in Protocol.Status.values:
        raise ValidationError(_("Choose a status from the list."), code="unknown_status")
    protocol = Protocol.objects.select_for_update().get(pk=protocol.pk)
    if status != protocol.status and status not in ALLOWED_STEPS[protocol.status]:
        raise ValidationError(
            _("A protocol “%(current)s” cannot become “%(new)s”.")
            % {
                "current": protocol.get_status_display(),
                "new": Protocol.Status(status).label,
            },
            code="not_allowed",
        )
    if status == Protocol.Status.IN_FORCE:
        check_in_force(protocol)
        if protocol.supersedes_id:
            # The protocol it revises is locked: two revisions never come into force.
            earlier = Protocol.objects.select_for_update().get(pk=protocol.supersedes_id)
            if (
                earlier.revisions.filter(status=Protocol.Status.IN_FORCE)
                .exclude(pk=protocol.pk)
                .exists()
            ):
                raise ValidationError(
                    _("Another revision of this protocol is already in force."),
                    code="revision_in_force",
                )
    if (
        status == Protocol.Status.SUPERSEDED
        and not protocol.revisions.filter(status=Protocol.Status.IN_FORCE).exists()
    ):
        raise ValidationError(
            _("A protocol is superseded only when a revision of it comes into force."),
            code="no_revision",
        )
    before = protocol.status
    protocol.status = status
    protocol.full_clean()
    protocol.save(update_fields=["status", "updated_at"])
    if status != before:
        audit.record(
            AuditEvent.Action.PROTOCOL_STATUS, actor=by, target=protocol, old=before, new=status
        )
    if status == Protocol.Status.IN_FORCE and protocol.supersedes_id:
        Protocol.objects.filter(pk=protocol.supersedes_id).update(status=Protocol.Status.SUPERSEDED)
        audit.record(
            AuditEvent.Action.PROTOCOL_STATUS,
            actor=by,
            target=protocol.supersedes,
            new=Protocol.Status.SUPERSEDED,
            by_revision=protocol.pk,
        )
    return protocol


@transaction.atomic
def suggestion_create(*, protocol: Protocol, text: str, by) -> ProtocolSuggestion:
    """A member of the territory's groups proposes a change to ``protocol``; the territory's
    coordinators are told at once (unless they turned these emails off)."""
    if not rules.can_suggest(by, protocol):
        raise PermissionDenied(
            _("Only members of this territory's groups propose changes to its protocols.")
        )
    # Locked: two proposals sent at once are counted one after the other.
    Protocol.objects.select_for_update().filter(pk=protocol.pk).first()
    open_ones = ProtocolSuggestion.objects.open().filter(protocol=protocol, author=by).count()
    if open_ones >= ProtocolSuggestion.MAX_OPEN_PER_AUTHOR:
        raise ValidationError(
            _(
                "You already have %(n)s proposed changes waiting for an answer on this "
                "protocol: wait for them to be answered first."
            )
            % {"n": open_ones},
            code="too_many_open",
        )
    suggestion = ProtocolSuggestion(protocol=protocol, author=by, text=text.strip())
    suggestion.full_clean()
    suggestion.save()
    answerers = rules.answerers([protocol.territory_id])
    mail.notify(
        to=[
            user
            for user in answerers
            if user != by and user.wants_reminder(ReminderKind.PROTOCOL_SUGGESTIONS)
        ],
        template="protocols/email/suggestion_received",
        context={
            "protocol": protocol,
            "suggestion": suggestion,
            "link": mail.Link(suggestion),
            "preferences_link": mail.Link("account", anchor="#reminders-heading"),
        },
    )
    return suggestion


@transaction.atomic
def suggestion_answer(
    *, suggestion: ProtocolSuggestion, status: str, response: str, by
) -> ProtocolSuggestion:
    """A coordinator of the territory takes up or declines a proposed change (or reopens it),
    with an answer its author receives."""
    suggestion = (
        ProtocolSuggestion.objects.select_for_update(of=("self",))
        .select_related("protocol", "author")
        .get(pk=suggestion.pk)
    )
    if not rules.can_edit(by, suggestion.protocol):
        raise PermissionDenied(
            _("Only coordinators of this territory's groups answer proposed changes.")
        )
    if status not in ProtocolSuggestion.Status.values:
        raise ValidationError(_("Choose an answer from the list."), code="unknown_status")
    before = suggestion.status
    suggestion.status = status
    suggestion.response = response.strip()
    if status == ProtocolSuggestion.Status.OPEN:
        suggestion.responded_by, suggestion.responded_at = None, None
    else:
        suggestion.responded_by, suggestion.responded_at = by, timezone.now()
    suggestion.full_clean()
    suggestion.save()
    audit.record(
        AuditEvent.Action.PROTOCOL_SUGGESTION_ANSWERED,
        actor=by,
        target=suggestion,
        old=before,
        new=status,
    )
    author = suggestion.author
    if status != ProtocolSuggestion.Status.OPEN and author is not None and author != by:
        mail.notify(
            to=author,
            template="protocols/email/suggestion_answered",
            context={
                "protocol": suggestion.protocol,
                "suggestion": suggestion,
                "link": mail.Link(suggestion),
            },
        )
    return suggestion
