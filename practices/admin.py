from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Attachment,
    ConventionArticle,
    Improvement,
    Link,
    OldSlug,
    Partner,
    Practice,
    TargetGroup,
    Theme,
    Transition,
)
from .services import refresh_slug


class PartnerInline(admin.TabularInline):
    model = Partner
    autocomplete_fields = ["organisation"]
    extra = 0


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0


class AttachmentInline(admin.TabularInline):
    """Attachments are added through the portal's form, which checks their content."""

    model = Attachment
    fields = ["title", "original_name", "content_type", "size"]
    readonly_fields = ["original_name", "content_type", "size"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


class TransitionInline(admin.TabularInline):
    model = Transition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Practice)
class PracticeAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "status", "territory", "organisation", "evidence", "published_at"]
    list_filter = ["status", "evidence", "territory__country", "group", "sectors", "themes"]
    list_select_related = ["territory", "organisation"]
    search_fields = ["title_fr", "title_en", "slug", "organisation__name"]
    autocomplete_fields = ["territory", "organisation", "group"]
    filter_horizontal = ["sectors", "themes", "target_groups", "articles"]
    readonly_fields = ["created_at", "updated_at", "submitted_at", "version"]
    date_hierarchy = "published_at"
    inlines = [PartnerInline, LinkInline, AttachmentInline, TransitionInline]

    def save_model(self, request, obj, form, change):
        # Same rules as the portal's form: a new title keeps the old address redirecting,
        # and the version moves on so that an editor with an older copy sees a conflict.
        refresh_slug(obj)
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Theme, TargetGroup)
class VocabularyAdmin(TranslationAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name_fr", "name_en", "code"]


@admin.register(ConventionArticle)
class ConventionArticleAdmin(TranslationAdmin):
    list_display = ["number", "title"]
    search_fields = ["title_fr", "title_en"]


@admin.register(Improvement)
class ImprovementAdmin(admin.ModelAdmin):
    list_display = ["practice", "author", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["practice", "author"]
    search_fields = ["text", "practice__title_fr", "practice__title_en"]
    autocomplete_fields = ["practice", "author", "responded_by"]


@admin.register(OldSlug)
class OldSlugAdmin(admin.ModelAdmin):
    list_display = ["slug", "practice"]
    search_fields = ["slug"]
    autocomplete_fields = ["practice"]
