from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_triggers(using, **_kwargs) -> None:
    from django.db import connections

    from . import search_tables, triggers

    triggers.ensure_sqlite(connections[using])
    search_tables.ensure_sqlite(connections[using])


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        from . import cache, search_tables

        # The SQL functions the SQLite search triggers call (practices.search_tables).
        connection_created.connect(
            search_tables.register_functions, dispatch_uid="search-sql-functions"
        )

        # The catalogue's state is read once per request (practices.cache).
        request_started.connect(cache.request_started, dispatch_uid="catalogue-request-started")
        request_finished.connect(cache.request_finished, dispatch_uid="catalogue-request-finished")
        # SQLite loses a table's triggers when a migration rebuilds it (practices.triggers).
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="catalogue-triggers")
