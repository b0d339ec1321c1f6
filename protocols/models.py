"""Territorial protocols: the concerted procedures a territory's organisations sign and follow."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices import uploads
from stakeholders.models import Organisation, Sector, Territory


def protocol_document_path(instance, filename):
    """A generated name with the extension of the type found in the content."""
    return uploads.stored_name("protocols", instance.document_type or "application/pdf")


# Coordinators see the protocols to review or renew this many days ahead.
RENEWAL_DAYS = 90


class ProtocolQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("territory").order_by("territory__name", "title")

    def in_force(self):
        return self.filter(status=Protocol.Status.IN_FORCE)

    def due_for_review(self, today=None, days=None):
        """In force, and to be reviewed or ending within ``days`` (RENEWAL_DAYS) of ``today``,
        or already past that date: the earliest first."""
        today = today or timezone.localdate()
        limit = today + timedelta(days=RENEWAL_DAYS if days is None else days)
        return (
            self.in_force()
            .filter(Q(next_review_on__lte=limit) | Q(in_force_until__lte=limit))
            .order_by(F("next_review_on").asc(nulls_last=True), "in_force_until", "pk")
        )


class Protocol(models.Model):
    """A written agreement between a territory's organisations: who does what, in what order."""

    class Kind(models.TextChoices):
        INFORMATION_SHARING = "information-sharing", _("Information sharing")
        REFERRAL_PATHWAY = "referral-pathway", _("Referral pathway")
        JOINT_INTERVIEW = "joint-interview", _("Joint interview")
        SERVICE_CONVENTION = "service-convention", _("Service convention")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        IN_PREPARATION = "in-preparation", _("In preparation")
        IN_FORCE = "in-force", _("In force")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUPERSEDED = "superseded", _("Superseded")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members of the territory's groups")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(
        _("summary"), max_length=3000, blank=True, validators=[MaxLengthValidator(3000)]
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="protocols", verbose_name=_("territory")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PREPARATION
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_until = models.DateField(_("in force until"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    document = models.FileField(
        _("signed document"), upload_to=protocol_document_path, max_length=200, blank=True
    )
    document_name = models.CharField(_("document name"), max_length=255, blank=True)
    document_type = models.CharField(_("document type"), max_length=100, blank=True)
    practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="protocols",
        verbose_name=_("practices put into effect"),
    )
    adopted_by = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="protocols",
        verbose_name=_("adopted or revised by the decision"),
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("revision of"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="protocols_created",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | Q(in_force_from__isnull=True)
                | Q(signed_on__lte=F("in_force_from")),
                name="protocol_signed_before_in_force",
                violation_error_message=_(
                    "A protocol comes into force on or after the day it is signed."
                ),
            ),
            models.CheckConstraint(
                condition=Q(in_force_from__isnull=True)
                | Q(in_force_until__isnull=True)
                | Q(in_force_from__lte=F("in_force_until")),
                name="protocol_in_force_period_in_order",
                violation_error_message=_(
                    "The end of the period in force comes after its beginning."
                ),
            ),
            models.CheckConstraint(
                condition=Q(in_force_from__isnull=True)
                | Q(next_review_on__isnull=True)
                | Q(next_review_on__gt=F("in_force_from")),
                name="protocol_review_after_in_force",
                violation_error_message=_(
                    "The next review comes after the protocol comes into force."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(supersedes=F("pk")),
                name="protocol_not_own_revision",
                violation_error_message=_("A protocol cannot be a revision of itself."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("protocols:detail", kwargs={"slug": self.slug})

    @property
    def download_name(self) -> str:
        return uploads.download_name(self.document_name, self.document_type or "application/pdf")

    def sectors_bound(self):
        """The sectors of the signatories (signatory or associated), not stored."""
        return Sector.objects.filter(organisations__protocol_signatures__protocol=self).distinct()


class Signatory(models.Model):
    """An organisation that signs a protocol, or is associated with it."""

    class Role(models.TextChoices):
        SIGNATORY = "signatory", _("Signatory")
        ASSOCIATED = "associated", _("Associated")

    protocol = models.ForeignKey(
        Protocol, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("protocol")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="protocol_signatures",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.SIGNATORY)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                "protocol",
                "organisation",
                name="signatory_once_per_protocol",
                violation_error_message=_("This organisation is already listed on the protocol."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class Step(models.Model):
    """One step of a protocol's pathway: what happens, who does it, within what time."""

    protocol = models.ForeignKey(
        Protocol, on_delete=models.CASCADE, related_name="steps", verbose_name=_("protocol")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    what = models.TextField(
        _("what happens"), max_length=1000, validators=[MaxLengthValidator(1000)]
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocol_steps",
        verbose_name=_("responsible organisation"),
    )
    responsible_sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocol_steps",
        verbose_name=_("responsible sector"),
    )
    time_limit = models.CharField(
        _("time limit"), max_length=100, blank=True, help_text=_('For example "within 24 hours".')
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["protocol", "position"]
        constraints = [
            models.UniqueConstraint(
                "protocol",
                "position",
                name="step_position_unique",
                violation_error_message=_("Two steps of a protocol cannot share a position."),
            ),
            models.CheckConstraint(
                condition=Q(responsible_organisation__isnull=False)
                | Q(responsible_sector__isnull=False),
                name="step_has_responsible",
                violation_error_message=_(
                    "Say who is responsible for the step: an organisation or a sector."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.what[:60]}"

    @property
    def lane_sector(self):
        """The sector whose lane the step sits in (the organisation's, else the sector)."""
        if self.responsible_organisation_id:
            return self.responsible_organisation.sector
        return self.responsible_sector


class ProtocolSuggestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ProtocolSuggestion.Status.OPEN)


class ProtocolSuggestion(models.Model):
    """A member's proposed change to a protocol, and the coordinators' answer: the changes
    taken up go into its next revision."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TAKEN_UP = "taken-up", _("Taken up")
        DECLINED = "declined", _("Declined")

    # A protocol's suggestions are listed on its page: bounded like a practice's.
    MAX_OPEN_PER_AUTHOR = 10

    protocol = models.ForeignKey(
        Protocol, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("protocol")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="protocol_suggestions",
        verbose_name=_("author"),
    )
    text = models.TextField(
        _("proposed change"), max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    response = models.TextField(
        _("response"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="protocol_suggestion_responses",
        verbose_name=_("answered by"),
    )
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = ProtocolSuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed change to a protocol")
        verbose_name_plural = _("proposed changes to protocols")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(responded_at__isnull=False),
                name="protocol_suggestion_answer_dated",
                violation_error_message=_("An answered suggestion has the date of its answer."),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(response=""),
                name="protocol_suggestion_declined_with_reason",
                violation_error_message=_("Say why the change is declined."),
            ),
        ]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("protocols:detail", kwargs={"slug": self.protocol.slug}) + (
            f"#suggestion-{self.pk}"
        )
