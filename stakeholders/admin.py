from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import (
    AuditEvent,
    GroupOrganisation,
    Invitation,
    Membership,
    Organisation,
    Person,
    Sector,
    Territory,
    User,
    WorkingGroup,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal information"), {"fields": ["full_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Sector)
class SectorAdmin(TranslationAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name_fr", "name_en", "code"]
    ordering = ["position"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "country", "name", "slug"]
    list_filter = ["country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class PersonInline(admin.TabularInline):
    model = Person
    fields = ["first_name", "last_name", "job_title", "email", "phone", "user"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "acronym", "sector", "kind", "territory"]
    list_filter = ["sector", "kind", "territory__country", "territory"]
    list_select_related = ["sector", "territory"]
    search_fields = ["name", "acronym", "slug"]
    autocomplete_fields = ["sector", "territory"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "job_title", "organisation", "email", "user"]
    list_filter = ["organisation__sector", "memberships__group", "memberships__role"]
    list_select_related = ["organisation", "user"]
    search_fields = ["first_name", "last_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation", "user"]
    inlines = [MembershipInline]


class GroupOrganisationInline(admin.TabularInline):
    """The group's directory, with who listed each organisation and when (the first group to
    list an organisation manages it: stakeholders.permissions)."""

    model = GroupOrganisation
    autocomplete_fields = ["organisation"]
    readonly_fields = ["added_at", "added_by"]
    extra = 0


@admin.register(WorkingGroup)
class WorkingGroupAdmin(TranslationAdmin):
    list_display = ["name", "territory", "founded_on"]
    list_filter = ["territory__country"]
    list_select_related = ["territory"]
    search_fields = ["name_fr", "name_en", "slug"]
    autocomplete_fields = ["territory"]
    prepopulated_fields = {"slug": ["name_fr"]}
    inlines = [GroupOrganisationInline, MembershipInline]

    def save_formset(self, request, form, formset, change):
        # A link added here records the staff member who added it.
        for instance in formset.save(commit=False):
            if isinstance(instance, GroupOrganisation) and instance.added_by_id is None:
                instance.added_by = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "group", "role", "since"]
    list_filter = ["role", "group"]
    list_select_related = ["person", "group"]
    search_fields = ["person__first_name", "person__last_name", "group__name_fr"]
    autocomplete_fields = ["person", "group"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "group", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["group", "role"]
    list_select_related = ["group"]
    search_fields = ["email"]
    autocomplete_fields = ["person", "group", "invited_by"]
    readonly_fields = ["token_hash", "created_at", "accepted_at"]


class RecordAdmin(admin.ModelAdmin):
    """A record kept by the services (an audit log, a version, a publication): shown in the
    admin, never added, changed or removed there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    """The audit log, read-only."""

    list_display = ["at", "action", "actor", "target_type", "target_id", "ip"]
    list_filter = ["action", "target_type"]
    list_select_related = ["actor"]
    # A client's address or a request id (from a log line) finds its events.
    search_fields = ["target_id", "actor__email", "=ip", "=request_id"]
    date_hierarchy = "at"
    readonly_fields = [
        "at", "actor", "action", "target_type", "target_id", "details", "ip", "request_id",
    ]  # fmt: skip
