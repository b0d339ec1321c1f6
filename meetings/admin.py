from django.contrib import admin

from .models import (
    ActionItem,
    ActionItemComment,
    AgendaItem,
    AgendaItemPaper,
    Attendance,
    CalendarToken,
    Decision,
    Meeting,
    MeetingAttachment,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["position", "title", "duration_minutes", "presenter", "practice", "matters_arising"]
    autocomplete_fields = ["presenter", "practice"]
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ["person", "status", "responded_at"]
    autocomplete_fields = ["person"]
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ["agenda_item", "text"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "starts_at", "status", "visibility"]
    list_filter = ["status", "visibility", "group"]
    list_select_related = ["group"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["group"]
    readonly_fields = ["uid", "sequence", "minutes_version", "closed_at", "minutes_shared_at"]
    inlines = [AgendaItemInline, AttendanceInline, DecisionInline]


class CommentInline(admin.TabularInline):
    model = ActionItemComment
    fields = ["created_at", "author", "status", "text"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "owner_organisation", "due_on", "status", "meeting"]
    list_filter = ["status", "meeting__group"]
    list_select_related = ["owner", "owner_organisation", "meeting"]
    search_fields = ["title", "owner__last_name", "owner__first_name"]
    autocomplete_fields = ["meeting", "agenda_item", "owner", "owner_organisation", "practice"]
    inlines = [CommentInline]


class AgendaItemPaperInline(admin.TabularInline):
    """Papers are added through the meeting page, whose form checks their content."""

    model = AgendaItemPaper
    fields = ["title", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_at"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "position", "duration_minutes"]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    autocomplete_fields = ["presenter", "practice", "improvement"]
    inlines = [AgendaItemPaperInline]


@admin.register(MeetingAttachment)
class MeetingAttachmentAdmin(admin.ModelAdmin):
    """Documents are added through the meeting page, whose form checks their content."""

    list_display = ["title", "meeting", "content_type", "size", "uploaded_at"]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    fields = ["title", "meeting", "original_name", "content_type", "size"]
    readonly_fields = ["meeting", "original_name", "content_type", "size"]

    def has_add_permission(self, request):
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "created_at", "revoked_at"]
    list_filter = ["group"]
    list_select_related = ["user", "group"]
    search_fields = ["user__email"]
    readonly_fields = ["token_hash", "created_at"]
