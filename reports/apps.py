from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Yearly reports")

    def ready(self):
        from practices.triggers import keep_on_sqlite

        from .triggers import SUGGESTIONS, TRIGGERS

        # SQLite loses a table's triggers when a migration rebuilds it (reports.triggers).
        keep_on_sqlite(self, TRIGGERS, SUGGESTIONS)
