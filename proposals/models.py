"""Practices proposed by people outside the network, without an account."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from practices.models import Practice
from stakeholders.models import HttpsURLField, Language, Sector, WorkingGroup
from stakeholders.permissions import roles

# Bounds of what a proposer may write (the form and the model hold them alike).
NAME_LENGTH = 150
ORGANISATION_LENGTH = 200
TITLE_LENGTH = 200
SUMMARY_LENGTH = 600
DESCRIPTION_LENGTH = 5000
MESSAGE_LENGTH = 2000


def new_token() -> str:
    """The secret of a proposal's confirmation link: 256 bits."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Only this is stored: a leaked database does not leak valid links."""
    return hashlib.sha256(token.encode()).hexdigest()


class ProposalQuerySet(models.QuerySet):
    def confirmed(self):
        return self.exclude(status=Proposal.Status.UNCONFIRMED)

    def waiting(self):
        return self.filter(status=Proposal.Status.WAITING)

    def expired(self, now=None):
        """Never confirmed within ``PROPOSAL_CONFIRM_DAYS``: deleted (lanzarote.retention)."""
        now = now or timezone.now()
        return self.filter(
            status=Proposal.Status.UNCONFIRMED,
            created_at__lte=now - timedelta(days=settings.PROPOSAL_CONFIRM_DAYS),
        )

    def due_for_erasure(self, now=None):
        """Decided more than ``PROPOSAL_RETENTION_DAYS`` ago, or still waiting that long
        after the address was confirmed, the proposer's data still there
        (lanzarote.retention erases it: a proposal nobody answers keeps nobody's data)."""
        now = now or timezone.now()
        limit = now - timedelta(days=settings.PROPOSAL_RETENTION_DAYS)
        return self.filter(
            Q(status__in=Proposal.DECIDED, decided_at__lte=limit)
            | Q(status=Proposal.Status.WAITING, confirmed_at__lte=limit),
            erased_at__isnull=True,
        )

    def visible_to(self, user):
        """The confirmed proposals ``user`` reviews: those of the groups they coordinate and
        those no group has yet (any coordinator may take them); all for staff."""
        r = roles(user)
        if r.is_staff:
            return self.confirmed()
        if not r.coordinator_of:
            return self.none()
        return self.confirmed().filter(Q(group_id__in=r.coordinator_of) | Q(group__isnull=True))

    def queue_of(self, user):
        """``user``'s queue: the waiting proposals they review, oldest first."""
        return self.visible_to(user).waiting().order_by("confirmed_at", "pk")


class Proposal(models.Model):
    """A practice proposed from outside the network: who proposes it (personal data,
    erased after ``PROPOSAL_RETENTION_DAYS``) and its essentials, until a coordinator
    turns it into a draft practice or declines it.

    Nothing of it is trusted before review: its texts are shown as plain text, its website
    as text, never as a link.
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Email address not confirmed")
        WAITING = "waiting", _("Waiting for a coordinator")
        ACCEPTED = "accepted", _("Accepted as a draft")
        DECLINED = "declined", _("Declined")

    DECIDED = (Status.ACCEPTED, Status.DECLINED)

    proposer_name = models.CharField(_("name"), max_length=NAME_LENGTH, blank=True)
    proposer_organisation = models.CharField(
        _("organisation"), max_length=ORGANISATION_LENGTH, blank=True
    )
    proposer_email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    # NULL once erased: unique, and no longer leading anywhere.
    token_hash = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    confirmed_at = models.DateTimeField(_("email address confirmed"), null=True, blank=True)

    title = models.CharField(_("title"), max_length=TITLE_LENGTH)
    summary = models.TextField(_("summary"), max_length=SUMMARY_LENGTH)
    description = models.TextField(_("description"), max_length=DESCRIPTION_LENGTH)
    country = CountryField(_("country"))
    sectors = models.ManyToManyField(
        Sector, related_name="proposals", verbose_name=_("sectors involved")
    )
    website = HttpsURLField(_("website"), max_length=500, blank=True)

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("working group"),
        help_text=_("The working group whose coordinators review the proposal."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UNCONFIRMED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_decided",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_message = models.TextField(
        _("message to the proposer"), max_length=MESSAGE_LENGTH, blank=True
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("draft practice"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="unconfirmed") | Q(confirmed_at__isnull=False),
                name="proposal_confirmed_has_date",
                violation_error_message=_("A confirmed proposal needs its confirmation date."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["accepted", "declined"], decided_at__isnull=False)
                | (~Q(status__in=["accepted", "declined"]) & Q(decided_at__isnull=True)),
                name="proposal_decided_has_date",
                violation_error_message=_("A decided proposal needs its decision date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_message=""),
                name="proposal_declined_has_message",
                violation_error_message=_("Say why the proposal is declined."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING
