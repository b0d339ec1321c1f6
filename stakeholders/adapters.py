"""django-allauth adapter: accounts exist only by invitation; rate limits count the client
as the rest of the portal does."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from .request_context import client_ip


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

    def is_safe_url(self, url):
        # A malformed address (``?next=http://[``) is not a safe one; allauth would raise.
        try:
            return super().is_safe_url(url)
        except ValueError:
            return False
