from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_triggers(using, **_kwargs) -> None:
    from django.db import connections

    from .triggers import SUGGESTIONS, TRIGGERS

    TRIGGERS.ensure_sqlite(connections[using])
    SUGGESTIONS.ensure_sqlite(connections[using])


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Yearly reports")

    def ready(self):
        # SQLite loses a table's triggers when a migration rebuilds it (reports.triggers).
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="reports-triggers")
