"""Delete what the retention periods no longer cover (see lanzarote.retention). Daily."""

from django.core.management.base import BaseCommand

from lanzarote import retention


class Command(BaseCommand):
    help = (
        "Delete audit events, sessions, invitations, revoked calendar addresses, form tokens and "
        "erased people's records that their retention period no longer covers. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = retention.purge(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        for kind, count in counts.items():
            self.stdout.write(f"{verb} {count} {kind}")
