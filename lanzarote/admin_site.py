"""The admin site: logins go through allauth (rate-limited, two-factor), and only staff
with two-factor authentication get in."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("Lanzarote portal administration")
    site_title = _("Lanzarote administration")

    def has_permission(self, request):
        from stakeholders.permissions import roles

        return super().has_permission(request) and roles(request.user).is_staff

    def login(self, request, extra_context=None):
        from stakeholders.permissions import roles

        if request.user.is_authenticated and roles(request.user).needs_mfa:
            messages.warning(
                request,
                _("Set up two-factor authentication before using the administration."),
            )
            return redirect("mfa_index")
        return secure_admin_login(super().login)(request, extra_context)
