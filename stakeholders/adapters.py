"""django-allauth adapter: accounts exist only by invitation."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # No public sign-up: coordinators and staff invite people (stakeholders.services).
        return False
