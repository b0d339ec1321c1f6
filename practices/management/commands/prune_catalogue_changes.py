"""Delete old rows of the catalogue's change log (practices.cache.prune)."""

from django.core.management.base import BaseCommand

from practices import cache


class Command(BaseCommand):
    help = (
        "Delete the catalogue changes older than --days (default 1) whose transactions "
        "are over. Run it daily; a process that had not seen them builds its index again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=float, default=1.0)

    def handle(self, *args, days, **options):
        deleted = cache.prune(keep_seconds=int(days * 86400))
        self.stdout.write(f"{deleted} catalogue changes pruned.")
