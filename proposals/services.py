"""Proposals from outside the network: sending one, confirming its address, the
coordinators' decision (a draft practice, or a refusal with a message), and the erasure of
the proposer's personal data."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices import services as practice_services
from practices.markdown import literal
from practices.models import Partner, Practice
from stakeholders import audit, limits, mail, permissions
from stakeholders import services as stakeholder_services
from stakeholders.choices import ReminderKind
from stakeholders.forms import RESERVED_ORGANISATION_SLUGS, unique_slug
from stakeholders.models import (
    AuditEvent,
    Membership,
    Organisation,
    Sector,
    Territory,
    User,
    WorkingGroup,
)

from .models import Proposal, hash_token, new_token

HOUR = 3600


class RateLimited(Exception):
    """Too many proposals from a client or for an address."""

    message = gettext_lazy(
        "Too many proposals have been sent from here or for this address. "
        "Please try again in an hour."
    )


@dataclass(frozen=True)
class ProposalData:
    """What a proposer writes: who they are, and the practice's essentials."""

    proposer_name: str
    proposer_organisation: str
    proposer_email: str
    title: str
    summary: str
    description: str
    country: str
    sectors: list[Sector]
    website: str = ""


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"proposer_email": _("Enter a valid email address.")}, code="invalid_email"
        ) from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def proposal_request(
    *, data: ProposalData, language: str, client: str | None = None, now=None
) -> Proposal:
    """Store a proposal, unconfirmed, and send its address a link to confirm it (the
    proposal reaches the coordinators only then; only the hash of the link's token is
    stored).

    Raises ValidationError for bad data, RateLimited beyond the limits per client address
    (``client``) and per email address (settings PROPOSAL_*). The confirmation email holds
    nothing the proposer wrote: the form cannot send someone else's text to an address.
    """
    now = now or timezone.now()
    email = _clean_email(data.proposer_email)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose a language.")}, code="language")
    if not data.sectors:
        raise ValidationError(
            {"sectors": _("Choose at least one sector involved.")}, code="no_sector"
        )
    # Every request counts, whatever comes of it (a request without a known client shares
    # one count with all such).
    if not limits.hit(
        "proposal-ip",
        limits.client_key(client),
        limit=settings.PROPOSAL_REQUESTS_PER_IP,
        seconds=HOUR,
    ):
        raise RateLimited
    if not limits.hit(
        "proposal-address",
        email.lower(),
        limit=settings.PROPOSAL_REQUESTS_PER_ADDRESS,
        seconds=HOUR,
    ):
        raise RateLimited

    token = new_token()
    with transaction.atomic():
        proposal = Proposal(
            proposer_name=data.proposer_name.strip(),
            proposer_organisation=data.proposer_organisation.strip(),
            proposer_email=email,
            language=language,
            token_hash=hash_token(token),
            title=data.title.strip(),
            summary=data.summary.strip(),
            description=data.description.strip(),
            country=data.country,
            website=data.website.strip(),
            created_at=now,
        )
        proposal.full_clean()
        proposal.save()
        proposal.sectors.set(data.sectors)
        mail.notify(
            to=mail.Recipient(proposal.proposer_email, proposal.language),
            template="proposals/email/confirm",
            context={
                "confirm_link": mail.Link("proposals:confirm", token=token),
                "days": settings.PROPOSAL_CONFIRM_DAYS,
            },
        )
    return proposal


def proposal_for_token(token: str) -> Proposal | None:
    return Proposal.objects.filter(token_hash=hash_token(token)).first()


class ConfirmationRefused(Exception):
    """The link is unknown or expired."""

    def __init__(self, message, *, unknown=False):
        super().__init__(message)
        self.message, self.unknown = message, unknown


def reviewing_group(country: str) -> WorkingGroup | None:
    """The group that reviews a proposal from ``country``: the country's only group; None
    when it has none or several (then any coordinator may take it, and chooses)."""
    groups = list(WorkingGroup.objects.filter(territory__country=country).order_by("pk")[:2])
    return groups[0] if len(groups) == 1 else None


def _reviewers(proposal: Proposal) -> list[User]:
    """Who hears of a new proposal: the coordinators of its group; without one, those of
    the groups of its country; without any there, staff."""
    if proposal.group_id is not None:
        group_ids = [proposal.group_id]
    else:
        group_ids = list(
            WorkingGroup.objects.filter(territory__country=proposal.country).values_list(
                "pk", flat=True
            )
        )
    if group_ids:
        users = [m.person.user for m in Membership.objects.coordinators_of(group_ids)]
    else:
        users = list(User.objects.filter(is_staff=True, is_active=True).order_by("pk"))
    return [user for user in users if user.wants_reminder(ReminderKind.PROPOSALS_WAITING)]


def proposal_confirm(*, token: str, now=None) -> Proposal:
    """Follow the confirmation link: the proposal waits for the coordinators, who are told.
    Following it again changes nothing; an expired proposal is deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().filter(token_hash=hash_token(token)).first()
        if proposal is None:
            refused = _("This link is not valid: the proposal was deleted, or never existed.")
            raise ConfirmationRefused(refused, unknown=True)
        if proposal.status != Proposal.Status.UNCONFIRMED:
            return proposal
        if Proposal.objects.expired(now).filter(pk=proposal.pk).exists():
            proposal.delete()
            refused = _("This link has expired. Please send the proposal again.")
        else:
            proposal.status = Proposal.Status.WAITING
            proposal.confirmed_at = now
            proposal.group = reviewing_group(proposal.country)
            proposal.full_clean()
            proposal.save()
            mail.notify(
                to=_reviewers(proposal),
                template="proposals/email/waiting",
                context={
                    "proposal": proposal,
                    "link": mail.Link(proposal),
                    "queue_link": mail.Link("proposals:queue"),
                    "preferences_link": mail.Link("account", anchor="#reminders-heading"),
                },
            )
            return proposal
    raise ConfirmationRefused(refused)


def can_decide(user, proposal: Proposal) -> bool:
    """Whether ``user`` may accept or decline ``proposal`` (see ``visible_to``)."""
    return Proposal.objects.visible_to(user).filter(pk=proposal.pk).exists()


def _locked_waiting(proposal: Proposal, by) -> Proposal:
    if not can_decide(by, proposal):
        raise PermissionDenied(_("Only coordinators of the proposal's working group can do this."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.WAITING:
        raise ValidationError(
            _("This proposal has already been dealt with."), code="already_decided"
        )
    return proposal


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation to add to the directory for the draft."""

    name: str
    sector: Sector
    kind: str
    territory: Territory


def _tell_proposer(proposal: Proposal, template: str) -> None:
    if proposal.proposer_email:
        mail.notify(
            to=mail.Recipient(proposal.proposer_email, proposal.language),
            template=template,
            context={"proposal": proposal},
        )


@transaction.atomic
def proposal_accept(
    *,
    proposal: Proposal,
    group: WorkingGroup,
    by,
    organisation: Organisation | None = None,
    new_organisation: NewOrganisation | None = None,
) -> Practice:
    """Turn a waiting proposal into a draft practice of ``organisation`` (of the directory)
    or of ``new_organisation`` (added to the directory and to ``group``'s), reviewed by
    ``group`` (one ``by`` coordinates); the proposer is told. The draft is in the
    proposal's language, its territory the organisation's; the organisation leads it."""
    proposal = _locked_waiting(proposal, by)
    if not permissions.can_coordinate_group(by, group):
        raise ValidationError(
            {"group": _("Choose a working group you coordinate.")}, code="group_not_coordinated"
        )
    if (organisation is None) == (new_organisation is None):
        raise ValidationError(
            _("Choose an organisation of the directory, or name a new one."),
            code="organisation_choice",
        )
    if new_organisation is not None:
        organisation = Organisation(
            name=new_organisation.name.strip(),
            slug=unique_slug(
                Organisation, new_organisation.name, reserved=RESERVED_ORGANISATION_SLUGS
            ),
            sector=new_organisation.sector,
            kind=new_organisation.kind,
            territory=new_organisation.territory,
        )
        stakeholder_services.organisation_create(organisation=organisation, group=group, by=by)
    lang = proposal.language
    practice = practice_services.practice_save(
        practice=Practice(status=Practice.Status.DRAFT),
        data={
            f"title_{lang}": proposal.title,
            f"summary_{lang}": proposal.summary,
            # Shown as the proposer typed it: their links become links only once a member
            # writes them so.
            f"description_{lang}": literal(proposal.description),
            "territory": organisation.territory,
            "organisation": organisation,
            "group": group,
            "sectors": list(proposal.sectors.all()),
        },
        partners=[practice_services.PartnerData(organisation, Partner.Role.LEAD)],
        by=by,
        expected_version=None,
    )
    proposal.status = Proposal.Status.ACCEPTED
    proposal.group = group
    proposal.practice = practice
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.full_clean()
    proposal.save()
    audit.record(
        AuditEvent.Action.PROPOSAL_ACCEPTED, actor=by, target=proposal, practice=practice.pk
    )
    _tell_proposer(proposal, "proposals/email/accepted")
    return practice


@transaction.atomic
def proposal_decline(*, proposal: Proposal, message: str, by) -> Proposal:
    """Decline a waiting proposal; ``message`` (required) is sent to the proposer."""
    proposal = _locked_waiting(proposal, by)
    message = (message or "").strip()
    if not message:
        raise ValidationError(
            {"message": _("Say why: the message is sent to the proposer.")},
            code="message_required",
        )
    proposal.status = Proposal.Status.DECLINED
    proposal.decision_message = message
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.full_clean()
    proposal.save()
    audit.record(AuditEvent.Action.PROPOSAL_DECLINED, actor=by, target=proposal)
    _tell_proposer(proposal, "proposals/email/declined")
    return proposal


def erase_expired(*, now=None, dry_run: bool = False) -> int:
    """Erase the proposer's name, organisation and address of the proposals decided more
    than ``PROPOSAL_RETENTION_DAYS`` ago; what was proposed stays. Returns how many."""
    due = Proposal.objects.due_for_erasure(now)
    if dry_run:
        return due.count()
    with transaction.atomic():
        return due.update(
            proposer_name="",
            proposer_organisation="",
            proposer_email="",
            token_hash=None,
            erased_at=now or timezone.now(),
        )
