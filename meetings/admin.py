from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stakeholders.admin import RecordAdmin

from . import services
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
    MinutesComment,
    MinutesVersion,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    fields = [
        "position",
        "title",
        "duration_minutes",
        "presenter",
        "practice",
        "matters_arising",
        "minutes_of",
    ]
    readonly_fields = ["minutes_of"]
    autocomplete_fields = ["presenter", "practice"]
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = ["person", "status", "mode", "responded_at"]
    autocomplete_fields = ["person"]
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ["agenda_item", "text", "is_public", "public_note", "made_public_at"]
    # Published through the meeting's page or the decisions' admin actions (services).
    readonly_fields = ["is_public", "public_note", "made_public_at"]
    extra = 0


@admin.action(description=_("Publish on the group's public page (keeps the note)"))
def publish_decisions(modeladmin, request, queryset):
    for decision in queryset:
        try:
            services.decision_publish(decision=decision, note=decision.public_note, by=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{decision}: {' '.join(error.messages)}", level=messages.ERROR
            )


@admin.action(description=_("Withdraw from the group's public page"))
def unpublish_decisions(modeladmin, request, queryset):
    for decision in queryset:
        services.decision_unpublish(decision=decision, by=request.user)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "is_public", "made_public_at"]
    list_filter = ["is_public", "meeting__group"]
    list_select_related = ["meeting"]
    search_fields = ["text", "meeting__title"]
    autocomplete_fields = ["meeting", "agenda_item"]
    fields = ["meeting", "agenda_item", "text", "is_public", "public_note", "made_public_at"]
    readonly_fields = ["is_public", "public_note", "made_public_at"]
    actions = [publish_decisions, unpublish_decisions]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "starts_at", "status", "visibility"]
    list_filter = ["status", "visibility", "group"]
    list_select_related = ["group"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["group"]
    readonly_fields = [
        "uid",
        "sequence",
        "minutes_version",
        "closed_at",
        "minutes_shared_at",
        "minutes_approved_at",
        "minutes_approved_by",
    ]
    inlines = [AgendaItemInline, AttendanceInline, DecisionInline]

    def get_readonly_fields(self, request, obj=None):
        """Once a meeting is closed its minutes change only through the meeting's page
        (each correction kept as a version, none once approved): read-only here."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # The status moves through the meeting's page (close, cancel: their emails, the
            # first version and the approval item go with them), never back to planned.
            fields.append("status")
            if obj.status != Meeting.Status.PLANNED or obj.minutes_approved_at is not None:
                fields.append("minutes")
        return fields


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
    autocomplete_fields = [
        "meeting",
        "agenda_item",
        "owner",
        "owner_organisation",
        "practice",
        "decision",
    ]
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
    readonly_fields = ["minutes_of"]
    inlines = [AgendaItemPaperInline]


@admin.register(MinutesComment)
class MinutesCommentAdmin(admin.ModelAdmin):
    """Comments are written on the meeting's page; here they are read (or removed)."""

    list_display = ["meeting", "author", "created_at"]
    list_select_related = ["meeting", "author"]
    fields = ["meeting", "author", "text", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(MinutesVersion)
class MinutesVersionAdmin(RecordAdmin):
    """The kept versions of the minutes: a record, read-only."""

    list_display = ["meeting", "number", "saved_by", "saved_at"]
    list_select_related = ["meeting", "saved_by"]
    fields = ["meeting", "number", "text", "saved_by", "saved_at"]
    readonly_fields = fields


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
