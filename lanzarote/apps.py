from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class LanzaroteConfig(AppConfig):
    default = True
    name = "lanzarote"
    verbose_name = _("Lanzarote portal")


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, for staff who have set up two-factor authentication."""

    default = False
    default_site = "lanzarote.admin_site.PortalAdminSite"
