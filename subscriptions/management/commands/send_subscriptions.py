from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from subscriptions import jobs


class Command(BaseCommand):
    help = (
        "Email each confirmed subscription that is due the new practices matching its "
        "filter (safe to run twice: nothing is sent twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Act as if it were this instant (ISO 8601 with a time zone), e.g. to catch up.",
        )

    def handle(self, *args, now=None, **options):
        at = None
        if now:
            at = parse_datetime(now)
            if at is None or at.tzinfo is None:
                raise CommandError("--now must be an ISO 8601 date and time with a time zone.")
        sent = jobs.run(now=at)
        self.stdout.write(f"{sent} subscription email(s) written.")
