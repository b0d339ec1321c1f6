"""Write the reminders due now and not sent yet (see reminders.jobs). Every few minutes."""

import argparse
from datetime import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders import jobs


def moment(value: str) -> datetime:
    """An ISO 8601 date and time; without an offset, in the portal's time zone."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"--now must be an ISO 8601 date and time, like 2026-12-07T08:00+01:00, not {value!r}."
        ) from error
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class Command(BaseCommand):
    help = (
        "Send the reminders that are due (meetings in two days, action items due or "
        "overdue, invitations expiring, improvement suggestions waiting). Each reminder "
        "goes once: safe to run again, or twice at the same time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            type=moment,
            default=None,
            help="Act as if it were this moment (ISO 8601), e.g. to try the weekly digests.",
        )

    def handle(self, *args, now=None, **options):
        written = jobs.run(now)
        self.stdout.write(f"{written} reminder email(s) written")
