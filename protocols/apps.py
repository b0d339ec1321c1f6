from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolsConfig(AppConfig):
    name = "protocols"
    verbose_name = _("Territorial protocols")

    def ready(self):
        from practices.triggers import keep_on_sqlite

        from .triggers import TRIGGERS

        # SQLite loses a table's triggers when a migration rebuilds it (protocols.triggers).
        keep_on_sqlite(self, TRIGGERS)
