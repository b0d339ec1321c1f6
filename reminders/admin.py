from django.contrib import admin

from .models import SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """A read-only record of what the reminders job sent."""

    list_display = ["sent_at", "kind", "object_key", "period", "user"]
    list_filter = ["kind"]
    date_hierarchy = "sent_at"
    list_select_related = ["user"]
    search_fields = ["user__email", "object_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
