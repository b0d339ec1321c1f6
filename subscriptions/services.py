"""Public subscriptions: asking for one, confirming it, unsubscribing."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stakeholders import limits, mail

from .filters import saved_filter
from .models import Subscription

HOUR = 3600


class RateLimited(Exception):
    """Too many subscription requests from a client or for an address."""

    message = gettext_lazy(
        "Too many subscription requests have been made from here or for this address. "
        "Please try again in an hour."
    )


class Unsubscribe(mail.Link):
    """The unsubscribe link as the ``List-Unsubscribe`` header writes it: ``<url>``."""

    def resolve(self) -> str:
        return f"<{super().resolve()}>"


def unsubscribe_headers(subscription: Subscription) -> dict:
    """One-click unsubscribe (RFC 2369 and RFC 8058): mail programs show an
    "Unsubscribe" button that POSTs to the link."""
    return {
        "List-Unsubscribe": Unsubscribe("subscriptions:unsubscribe", token=subscription.token),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid email address.")}, code="invalid_email"
        ) from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def subscription_request(
    *, email: str, query: str, frequency: str, language: str, client: str | None = None, now=None
) -> Subscription | None:
    """Ask for the new practices matching ``query`` (catalogue parameters) to be sent to
    ``email``: a confirmation link is sent there, and nothing else until it is followed.

    Answers the same way whether or not the address is already subscribed: for a
    confirmed subscription to the same filter nothing is sent and None is returned (the
    address's owner already has it); an unconfirmed one is sent its link again. Raises
    ValidationError for a bad address, an unknown frequency or language, or a filter with
    values the catalogue does not know; RateLimited beyond the limits per client address
    (``client``) and per email address (settings SUBSCRIPTION_*).
    """
    now = now or timezone.now()
    email = _clean_email(email)
    if frequency not in Subscription.Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")}, code="frequency")
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose a language.")}, code="language")
    saved = saved_filter(query)
    if saved.errors:
        raise ValidationError({"query": saved.errors}, code="filter")

    # Every request counts, whatever comes of it: a refusal must not tell an address that
    # is already subscribed from one that is not.
    # A request whose client is unknown (no address) shares one count with all such.
    if not limits.hit(
        "ip", limits.client_key(client), limit=settings.SUBSCRIPTION_REQUESTS_PER_IP, seconds=HOUR
    ):
        raise RateLimited
    if not limits.hit(
        "address", email.lower(), limit=settings.SUBSCRIPTION_REQUESTS_PER_ADDRESS, seconds=HOUR
    ):
        raise RateLimited

    with transaction.atomic():
        Subscription.objects.expired(now).of_address(email).filter(query=saved.query).delete()
        existing = (
            Subscription.objects.select_for_update()
            .of_address(email)
            .filter(query=saved.query)
            .first()
        )
        others_pending = (
            Subscription.objects.pending(now).of_address(email).exclude(query=saved.query).count()
        )
        if others_pending >= settings.SUBSCRIPTION_PENDING_PER_ADDRESS:
            raise RateLimited
        if existing is not None and existing.is_confirmed:
            return None
        subscription = existing or Subscription(email=email, query=saved.query)
        # Unconfirmed: whoever asks again chooses again; the address's owner confirms it,
        # within the days the new email gives.
        subscription.frequency, subscription.language = frequency, language
        subscription.created_at = now
        subscription.full_clean()
        try:
            with transaction.atomic():
                subscription.save()
        except IntegrityError:
            # The same request at the same moment (a double click): the first one sends.
            return None
        mail.notify(
            to=mail.Recipient(subscription.email, subscription.language),
            template="subscriptions/email/confirm",
            context={
                "subscription": subscription,
                "confirm_link": mail.Link("subscriptions:confirm", token=subscription.token),
                "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
            },
        )
    return subscription


class ConfirmationRefused(Exception):
    """The link is unknown or expired, or the address has too many subscriptions."""

    def __init__(self, message, *, unknown=False):
        super().__init__(message)
        self.message, self.unknown = message, unknown


def subscription_confirm(*, token: str, now=None) -> Subscription:
    """Follow the confirmation link: the subscription starts with the practices published
    from now on. Following it again changes nothing. An expired request is deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(token=token).first()
        unknown = subscription is None
        if subscription is None:
            refused = _("This link is not valid: the subscription was cancelled, or never existed.")
        elif subscription.is_confirmed:
            return subscription
        elif subscription.created_at <= now - timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS):
            subscription.delete()
            refused = _(
                "This link has expired. Subscribe again from the catalogue to get a new one."
            )
        elif (
            count := Subscription.objects.confirmed().of_address(subscription.email).count()
        ) >= settings.SUBSCRIPTION_MAX_PER_ADDRESS:
            refused = _(
                "This address already has %(count)d subscriptions, the most it may have. "
                "Unsubscribe from one (a link is in each email) before adding another."
            ) % {"count": count}
        else:
            subscription.confirmed_at = now
            subscription.sent_until = now
            subscription.full_clean()
            subscription.save()
            return subscription
    raise ConfirmationRefused(refused, unknown=unknown)


@transaction.atomic
def subscription_delete(*, token: str) -> bool:
    """Unsubscribe: the row, and with it the address, is deleted. False if there was none."""
    deleted, _rows = Subscription.objects.filter(token=token).delete()
    return bool(deleted)
