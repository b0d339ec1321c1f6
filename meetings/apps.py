from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from practices.triggers import keep_on_sqlite

        from .triggers import TRIGGERS

        # SQLite loses a table's triggers when a migration rebuilds it (meetings.triggers).
        keep_on_sqlite(self, TRIGGERS)
