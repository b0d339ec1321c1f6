"""Who works together: sectors, territories, organisations, people, working groups, users."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .choices import WORKING_LANGUAGES, ReminderKind


class HttpsURLField(models.URLField):
    """A URL field whose form adds ``https://`` (not ``http://``) when the scheme is left out."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class UserManager(BaseUserManager):
    """Creates users whose login is their email address."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class Language(models.TextChoices):
    """The portal's languages: what a person reads its pages and emails in."""

    FR = "fr", _("French")
    EN = "en", _("English")


def validate_reminder_kinds(value):
    """A list of ``ReminderKind`` values, each once."""
    if not isinstance(value, list) or any(kind not in ReminderKind.values for kind in value):
        raise ValidationError(_("Choose reminders from the list."), code="unknown_reminder")
    if len(set(value)) != len(value):
        raise ValidationError(_("Give each reminder once."), code="repeated_reminder")


class User(AbstractBaseUser, PermissionsMixin):
    """An account; the email address is the login."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Staff run the whole portal and its admin.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FR,
        help_text=_("The language of the emails the portal sends you."),
    )
    # The reminders this person turned off (``ReminderKind`` values): all are on by default.
    reminders_off = models.JSONField(
        _("reminders turned off"),
        default=list,
        blank=True,
        validators=[validate_reminder_kinds],
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message=_("An account with this email address already exists."),
            )
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name or self.email

    def wants_reminder(self, kind: str) -> bool:
        """Whether this account gets the reminders of ``kind`` (a ``ReminderKind``): an
        active account that did not turn them off."""
        return self.is_active and kind not in (self.reminders_off or ())

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Sector(models.Model):
    """One of the seven sectors of art. 10 of the Lanzarote Convention."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class TerritoryQuerySet(models.QuerySet):
    def countries_in_use(self):
        return self.order_by().values_list("country", flat=True).distinct()


class Territory(models.Model):
    """A Council of Europe member state, or a local area within one (Paris, Lyon…)."""

    country = CountryField(_("country"))
    name = models.CharField(
        _("local area"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty for the whole country."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(
                "country",
                Lower("name"),
                name="territory_country_area_unique",
                violation_error_message=_("This territory already exists."),
            )
        ]

    def __str__(self):
        if self.name:
            return f"{self.name} ({self.country.name})"
        return str(self.country.name)

    def get_absolute_url(self):
        return reverse("territories:detail", kwargs={"slug": self.slug})

    @property
    def is_country(self):
        return not self.name


class Organisation(models.Model):
    """A public institution, civil-society organisation or private body."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public institution")
        CIVIL_SOCIETY = "civil-society", _("Civil society")
        PRIVATE = "private", _("Private sector")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("sector")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("territory"),
    )
    website = HttpsURLField(_("website"), blank=True)
    public_contact = models.CharField(
        _("public contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "A functional contact for the public: a helpline or a switchboard, "
            "never a person's own number or address."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # Names are unique per territory only: the id breaks ties, so that a page of the
        # directory never repeats or skips an organisation.
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "territory",
                name="organisation_name_territory_unique",
                violation_error_message=_(
                    "An organisation with this name already exists in this territory."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["sector", "kind"], name="organisation_sector_kind"),
            # The directory's order: a page of it reads its rows, not all of them sorted.
            models.Index(fields=["name", "id"], name="organisation_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("stakeholders:organisation_detail", kwargs={"slug": self.slug})


def validate_working_languages(value):
    """A list of codes of ``WORKING_LANGUAGES``, each once."""
    known = {code for code, _name in WORKING_LANGUAGES}
    if not isinstance(value, list) or any(code not in known for code in value):
        raise ValidationError(_("Choose languages from the list."), code="unknown_language")
    if len(set(value)) != len(value):
        raise ValidationError(_("Give each language once."), code="repeated_language")


class Person(models.Model):
    """A named professional. Personal data: visible to members only."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(
        _("languages spoken"),
        default=list,
        blank=True,
        help_text=_("The languages you can work in with colleagues from other countries."),
        validators=[validate_working_languages],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    erased_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        help_text=_("The record is kept for meetings and action items, without personal data."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="person_email_ci_unique",
                condition=~Q(email=""),
                violation_error_message=_("A person with this email address already exists."),
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        if self.erased_at:
            return str(_("Former participant"))
        return f"{self.first_name} {self.last_name}".strip()


class WorkingGroupQuerySet(models.QuerySet):
    def coordinated_by(self, user):
        """Groups that ``user`` coordinates; every group for staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(
            memberships__person__user=user, memberships__role=Membership.Role.COORDINATOR
        ).distinct()

    def of_user(self, user):
        """Groups that ``user`` belongs to (as member or coordinator); every group for staff."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(memberships__person__user=user).distinct()


class WorkingGroup(models.Model):
    """A territory's working group: the people who meet and review practices there."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="working_groups",
        verbose_name=_("territory"),
    )
    description = models.TextField(_("description"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        through="GroupOrganisation",
        related_name="working_groups",
        verbose_name=_("organisations"),
        help_text=_("The organisations that take part in the group."),
    )

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:group_detail", kwargs={"slug": self.slug})


class GroupOrganisation(models.Model):
    """An organisation in a working group's directory: who listed it there, and when.

    The group(s) that listed an organisation first manage it (stakeholders.permissions).
    """

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        db_column="workinggroup_id",
        related_name="organisation_links",
        verbose_name=_("working group"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="group_links",
        verbose_name=_("organisation"),
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        db_table = "stakeholders_workinggroup_organisations"
        verbose_name = _("organisation of a working group")
        verbose_name_plural = _("organisations of working groups")
        # As the table had it before it held more than the pair (migration 0006).
        unique_together = [("group", "organisation")]

    def __str__(self):
        return f"{self.organisation} – {self.group}"


class MembershipQuerySet(models.QuerySet):
    def coordinators_of(self, group_ids):
        """The coordinator memberships of the groups ``group_ids`` whose person has an
        active account (not erased), with ``person__user`` selected: who is told of what
        the coordination of those groups must do."""
        return self.filter(
            group_id__in=list(group_ids),
            role=Membership.Role.COORDINATOR,
            person__erased_at__isnull=True,
            person__user__is_active=True,
        ).select_related("person__user")


class Membership(models.Model):
    """A person's place in a working group."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("working group"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("since"), default=timezone.localdate)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "group"],
                name="membership_person_group_unique",
                violation_error_message=_("This person is already in this working group."),
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.group} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A single-use, expiring link that lets a person set a password and join a group.

    Only the SHA-256 of the token is stored: a leaked database does not leak valid links.
    """

    email = models.EmailField(_("email"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("person")
    )
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("working group"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FR,
        help_text=_("The language of the invitation email, and of the new account."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.group}"

    @classmethod
    def hash_token(cls, token: str) -> str:
        return _hash_token(token)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def default_expiry():
        return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_used(self):
        return self.accepted_at is not None


class AuditEvent(models.Model):
    """A security- or moderation-relevant event: who did what to which record, and when.

    No personal data beyond the acting account and the client's address (both go with the
    event after ``AUDIT_RETENTION_DAYS``): the target is a type and an id, details hold
    codes, statuses and field names, never names, emails or free text.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login-failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        PASSWORD_CHANGED = "password-changed", _("Password changed")
        INVITATION_SENT = "invitation-sent", _("Invitation sent")
        INVITATION_ACCEPTED = "invitation-accepted", _("Invitation accepted")
        MEMBER_ADDED = "member-added", _("Member added to a group")
        ROLE_CHANGED = "role-changed", _("Role changed")
        MEMBER_REMOVED = "member-removed", _("Member removed from a group")
        PRACTICE_TRANSITION = "practice-transition", _("Practice review step")
        IMPROVEMENT_ANSWERED = "improvement-answered", _("Improvement answered")
        MEETING_CLOSED = "meeting-closed", _("Meeting closed")
        MEETING_CANCELLED = "meeting-cancelled", _("Meeting cancelled")
        DATA_EXPORTED = "data-exported", _("Personal data exported")
        PERSON_ERASED = "person-erased", _("Personal data erased")
        LOGIN_LOCKED_OUT = "login-locked-out", _("Login refused: too many failures")
        PASSWORD_RESET = "password-reset", _("Password reset by email link")
        MFA_FAILED = "mfa-failed", _("Wrong two-factor code")
        MFA_ADDED = "mfa-added", _("Two-factor method added")
        MFA_REMOVED = "mfa-removed", _("Two-factor method removed")
        RECOVERY_CODE_USED = "recovery-code-used", _("Recovery code used")
        RECOVERY_CODES_REGENERATED = "recovery-codes-regenerated", _("Recovery codes regenerated")
        ORGANISATION_CREATED = "organisation-created", _("Organisation added to the directory")
        ORGANISATION_CHANGED = "organisation-changed", _("Organisation changed")
        PERSON_CREATED = "person-created", _("Person added")
        PERSON_CHANGED = "person-changed", _("Person changed")
        GROUP_ORGANISATION_ADD = "group_organisation_add", _("Organisation added to a group")
        GROUP_ORGANISATION_REMOVE = (
            "group_organisation_remove",
            _("Organisation removed from a group"),
        )
        GLOSSARY_TERM_CREATED = "glossary-term-created", _("Glossary term added")
        GLOSSARY_TERM_CHANGED = "glossary-term-changed", _("Glossary term changed")
        GLOSSARY_TERM_DELETED = "glossary-term-deleted", _("Glossary term removed")
        PROPOSAL_ACCEPTED = "proposal-accepted", _("Proposed practice accepted as a draft")
        PROPOSAL_DECLINED = "proposal-declined", _("Proposed practice declined")
        PROTOCOL_CREATED = "protocol-created", _("Protocol recorded")
        PROTOCOL_CHANGED = "protocol-changed", _("Protocol changed")
        PROTOCOL_STATUS = "protocol-status", _("Protocol status changed")
        PROTOCOL_REVISED = "protocol-revised", _("Protocol revision prepared")
        PROTOCOL_SUGGESTION_ANSWERED = (
            "protocol-suggestion-answered",
            _("Proposed change to a protocol answered"),
        )
        REPORT_PUBLISHED = "report-published", _("Yearly report published")
        REPORT_UNPUBLISHED = "report-unpublished", _("Yearly report withdrawn from the public")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    target_type = models.CharField(_("record type"), max_length=40, blank=True)
    target_id = models.CharField(_("record id"), max_length=40, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # Where the request came from, as the trusted proxies report it, and its id (in the
    # response's X-Request-ID and every log line): empty for events without a request.
    ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=128, blank=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


class FormSubmission(models.Model):
    """A create form that was sent, by its one-time token, and what it made: a second post
    of the same form leads there instead of making it again (stakeholders.submissions)."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="form_submissions",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("record type"),
    )
    target_id = models.CharField(_("record id"), max_length=40, blank=True)
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        verbose_name = _("form sent")
        verbose_name_plural = _("forms sent")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.target_type_id}:{self.target_id}"
