from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class LanzaroteConfig(AppConfig):
    default = True
    name = "lanzarote"
    verbose_name = _("Lanzarote portal")

    def ready(self):
        # In development (runserver), a template edited shows at the next request: the
        # layout's parts kept by base.html's {% cache %} are forgotten with it.
        from django.utils.autoreload import file_changed

        file_changed.connect(forget_layout, dispatch_uid="lanzarote-forget-layout")


def forget_layout(sender, file_path, **kwargs):
    from django.core.cache import caches

    if file_path.suffix == ".html":
        caches["layout"].clear()


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin, for staff who have set up two-factor authentication."""

    default = False
    default_site = "lanzarote.admin_site.PortalAdminSite"
