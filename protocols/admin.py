"""Protocols in the admin: texts, dates and parts editable; the status moves only through
the services' actions, and the signed document is uploaded on the site (checked as a PDF)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from stakeholders import audit
from stakeholders.models import AuditEvent

from . import services
from .models import Protocol, ProtocolSuggestion, Signatory, Step


class SignatoryFormSet(BaseInlineFormSet):
    """A protocol in force keeps at least two signatories, in the admin too."""

    def clean(self):
        super().clean()
        if self.instance.status != Protocol.Status.IN_FORCE:
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Signatory.Role.SIGNATORY
        ]
        if len(kept) < 2:
            raise ValidationError(
                _("A protocol in force needs at least two signatory organisations.")
            )


class ProtocolAdminForm(forms.ModelForm):
    """A protocol in force keeps the date from which it is in force (services.check_in_force),
    in the admin too (the admin gives it its model and fields)."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.status == Protocol.Status.IN_FORCE and not cleaned.get("in_force_from"):
            self.add_error("in_force_from", _("Give the date from which the protocol is in force."))
        return cleaned


class SignatoryInline(admin.TabularInline):
    model = Signatory
    formset = SignatoryFormSet
    max_num = services.MAX_SIGNATORIES
    fields = ["organisation", "role"]
    autocomplete_fields = ["organisation"]
    extra = 0


class StepInline(admin.StackedInline):
    model = Step
    fields = [
        "position",
        "what_fr",
        "what_en",
        "responsible_organisation",
        "responsible_sector",
        "time_limit_fr",
        "time_limit_en",
        "legal_basis_fr",
        "legal_basis_en",
    ]
    autocomplete_fields = ["responsible_organisation"]
    extra = 0
    max_num = services.MAX_STEPS


def _set_status(modeladmin, request, queryset, status):
    for protocol in queryset:
        try:
            services.protocol_set_status(protocol=protocol, status=status, by=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{protocol}: {' '.join(error.messages)}", level=messages.ERROR
            )
        else:
            modeladmin.message_user(request, f"{protocol}: {protocol.get_status_display()}")


@admin.action(description=_("Put into force (checks the rules)"))
def put_in_force(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Protocol.Status.IN_FORCE)


@admin.action(description=_("Mark as expired"))
def mark_expired(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Protocol.Status.EXPIRED)


@admin.action(description=_("Mark as withdrawn"))
def mark_withdrawn(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Protocol.Status.WITHDRAWN)


@admin.action(description=_("Prepare a revision"))
def prepare_revision(modeladmin, request, queryset):
    for protocol in queryset:
        try:
            services.protocol_revise(protocol=protocol, by=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{protocol}: {' '.join(error.messages)}", level=messages.ERROR
            )


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    form = ProtocolAdminForm
    list_display = ["title", "territory", "kind", "status", "in_force_from", "next_review_on"]
    list_filter = ["status", "kind", "visibility", "territory"]
    list_select_related = ["territory"]
    search_fields = ["title_fr", "title_en", "slug"]
    autocomplete_fields = ["territory", "practices"]
    raw_id_fields = ["adopted_by"]
    readonly_fields = [
        "status",
        "supersedes",
        "document",
        "document_name",
        "document_type",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fields = [
        "title_fr",
        "title_en",
        "slug",
        "summary_fr",
        "summary_en",
        "kind",
        "territory",
        "visibility",
        "status",
        "signed_on",
        "in_force_from",
        "in_force_until",
        "next_review_on",
        "practices",
        "adopted_by",
        "supersedes",
        "document",
        "document_name",
        "document_type",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [SignatoryInline, StepInline]
    actions = [put_in_force, mark_expired, mark_withdrawn, prepare_revision]

    def get_actions(self, request):
        # A protocol is withdrawn or superseded, not deleted in bulk (its revisions and the
        # practices it puts into effect name it).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        audit.record(
            AuditEvent.Action.PROTOCOL_CHANGED if change else AuditEvent.Action.PROTOCOL_CREATED,
            actor=request.user,
            target=obj,
            fields=sorted(form.changed_data),
            via="admin",
        )


@admin.register(ProtocolSuggestion)
class ProtocolSuggestionAdmin(admin.ModelAdmin):
    """Read-only: proposed changes are made and answered on the protocol's page, where the
    author and the coordinators are emailed."""

    list_display = ["__str__", "protocol", "status", "created_at", "responded_at"]
    list_filter = ["status", "protocol__territory"]
    list_select_related = ["protocol"]
    search_fields = ["text", "protocol__title_fr", "protocol__title_en"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
