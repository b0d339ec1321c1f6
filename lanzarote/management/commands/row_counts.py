"""Print the number of rows of every table, as JSON (used by the backup drill)."""

import json

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the row count of every model's table as JSON, one table per line."

    def handle(self, *args, **options):
        counts = {
            model._meta.db_table: model._default_manager.using("default").count()
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        for table in sorted(counts):
            self.stdout.write(json.dumps({table: counts[table]}))
