from django.contrib import admin

from .models import YearlyReportPublication


@admin.register(YearlyReportPublication)
class YearlyReportPublicationAdmin(admin.ModelAdmin):
    """Seen here; published and withdrawn on the report's page (reports.services), where
    the rules hold."""

    list_display = ["group", "year", "published_at", "published_by"]
    list_filter = ["year"]
    fields = list_display
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
