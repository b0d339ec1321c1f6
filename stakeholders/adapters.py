"""django-allauth adapter: accounts exist only by invitation; rate limits count the client
as the rest of the portal does."""

from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _

from . import audit, services
from .mail import absolute_url, with_html_part
from .models import AuditEvent
from .request_context import client_ip

LOCKED_OUT = "too_many_login_attempts"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # No public sign-up: coordinators and staff invite people (stakeholders.services).
        return False

    def get_client_ip(self, request):
        # The trusted proxies' view of the client (TRUSTED_PROXY_COUNT), as for the API.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def get_reset_password_from_key_url(self, key):
        return _on_portal(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return _on_portal(super().get_email_confirmation_url(request, emailconfirmation))

    def send_mail(self, template_prefix, email, context):
        # allauth's emails would greet with the host name ("Hello from 127.0.0.1!"): they name
        # the portal instead (templates/account/email/base_message.txt).
        # Written in the account's language (as notify() does), not the page's.
        account = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        language = account.language if account else translation.get_language()
        # The links allauth made on the page follow the account's language too.
        context = {
            key: translate_url(value, language)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        with translation.override(language):
            portal = {
                "portal_name": _("The Lanzarote working group portal"),
                "portal_url": absolute_url(reverse("home")),
            }
            super().send_mail(template_prefix, email, {**context, **portal})

    def render_mail(self, template_prefix, email, context, headers=None):
        # Every email has an HTML part, in the portal's layout (stakeholders.mail).
        return with_html_part(super().render_mail(template_prefix, email, context, headers))

    def is_safe_url(self, url):
        # A malformed address (``?next=http://[``) is not a safe one; allauth would raise.
        try:
            return super().is_safe_url(url)
        except ValueError:
            return False

    def confirm_email(self, request, email_address):
        """Following the link sent to a new login email: refused, with nothing changed, when
        another account has taken that address since it was asked for."""
        from .forms import email_of_another_account

        if email_of_another_account(email_address.email, email_address.user):
            messages.error(
                request,
                _(
                    "%(email)s has become the login of another account since you asked for "
                    "it: your login email has not changed."
                )
                % {"email": email_address.email},
            )
            return False
        with transaction.atomic():
            confirmed = super().confirm_email(request, email_address)
            if confirmed:
                user = get_user_model().objects.get(pk=email_address.user_id)
                services.person_follow_login_email(user=user)
            return confirmed

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code == LOCKED_OUT:
                # Which account is held back (by id, when the address is one), never the
                # address typed.
                login = credentials.get("email") or credentials.get("username") or ""
                account = get_user_model().objects.filter(email__iexact=login).first()
                record_lockout(account=account, stage="password")
            raise


def _on_portal(url: str) -> str:
    """allauth's link moved onto the portal's address (stakeholders.mail), as every email's
    links are: a forged Host header never reaches a password-reset email."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


def record_lockout(*, account, stage: str) -> None:
    """A login refused by the failed-login limit, at the password or the two-factor stage."""
    audit.record(AuditEvent.Action.LOGIN_LOCKED_OUT, target=account, stage=stage)
