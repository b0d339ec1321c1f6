"""Public email subscriptions to new practices, and members following a practice."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models import Practice
from stakeholders.models import Language


def new_token() -> str:
    """A random token for a subscription's links (confirm, unsubscribe): 256 bits."""
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self, now=None):
        """Not confirmed yet, and not expired."""
        now = now or timezone.now()
        return self.filter(confirmed_at__isnull=True, created_at__gt=expiry_start(now))

    def expired(self, now=None):
        """Never confirmed within ``SUBSCRIPTION_CONFIRM_DAYS``: purged (lanzarote.retention)."""
        now = now or timezone.now()
        return self.filter(confirmed_at__isnull=True, created_at__lte=expiry_start(now))

    def of_address(self, email: str):
        return self.filter(email__iexact=email.strip())

    def due(self, cutoff):
        """Confirmed subscriptions with practices published up to ``cutoff`` still to look at:
        every run for those sent as published, once a week for the weekly ones."""
        week = timedelta(days=7)
        return self.confirmed().filter(
            Q(frequency=Subscription.Frequency.AS_PUBLISHED, sent_until__lt=cutoff)
            | Q(frequency=Subscription.Frequency.WEEKLY, sent_until__lte=cutoff - week)
        )


def expiry_start(now):
    return now - timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)


class Subscription(models.Model):
    """An email address that receives the new practices matching a catalogue filter.

    No account: the address confirms it wants the emails (double opt-in) by following the
    link sent to it; every email carries a link that deletes the row (one-click
    unsubscribe). ``query`` is the filter as the catalogue's GET parameters, validated and
    in a canonical order (subscriptions.filters). ``sent_until``: the practices published
    up to this instant have been dealt with (the high-water mark of the job).
    """

    class Frequency(models.TextChoices):
        AS_PUBLISHED = "as-published", _("As they are published")
        WEEKLY = "weekly", _("Once a week")

    email = models.EmailField(_("email address"))
    query = models.CharField(_("filter"), max_length=1000, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.AS_PUBLISHED
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    sent_until = models.DateTimeField(_("practices sent up to"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last email"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["email", "created_at"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                "query",
                name="subscription_unique_filter_per_address",
                violation_error_message=_(
                    "This address already has a subscription to this filter."
                ),
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(sent_until__isnull=False),
                name="subscription_confirmed_has_mark",
                violation_error_message=_("A confirmed subscription needs its high-water mark."),
            ),
        ]
        indexes = [models.Index(fields=["confirmed_at", "sent_until"], name="subscription_due")]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Follow(models.Model):
    """A member follows a practice: they hear of its new published versions, improvement
    suggestions and answers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("member"),
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="follows", verbose_name=_("practice")
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("followed practice")
        verbose_name_plural = _("followed practices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "practice"],
                name="follow_once",
                violation_error_message=_("You already follow this practice."),
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.practice}"
