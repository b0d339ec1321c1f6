from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanzaroteConfig(AppConfig):
    name = "lanzarote"
    verbose_name = _("Lanzarote portal")
