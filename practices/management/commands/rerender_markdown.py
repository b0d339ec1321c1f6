"""Render every stored Markdown text again into its stored HTML (practices.markdown)."""

from django.core.management.base import BaseCommand

from meetings.models import Meeting, MinutesVersion
from practices.markdown import rerender
from practices.models import Practice


class Command(BaseCommand):
    help = (
        "Render the practices' descriptions and the meetings' minutes again into the HTML "
        "their pages show. Saves render it; run this after a change to the Markdown "
        "renderer, or after writing a Markdown text around the portal's saves "
        "(QuerySet.update(), raw SQL, a restore)."
    )

    def handle(self, *args, **options):
        for model in (Practice, Meeting, MinutesVersion):
            changed = rerender(model.objects.all(), model.RENDERED)
            self.stdout.write(f"{model._meta.label}: {changed} rendered again.")
