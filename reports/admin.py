from django.contrib import admin

from stakeholders.admin import RecordAdmin

from .models import YearlyReportPublication


@admin.register(YearlyReportPublication)
class YearlyReportPublicationAdmin(RecordAdmin):
    """Seen here; published and withdrawn on the report's page (reports.services), where
    the rules hold."""

    list_display = ["group", "year", "published_at", "published_by"]
    list_filter = ["year"]
    fields = list_display
    readonly_fields = fields
