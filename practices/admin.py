from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .forms import (
    ReferenceForm,
    TransitionForm,
    attachment_data,
    link_data,
    partner_data,
    practice_data,
    reference_data,
)
from .models import (
    Attachment,
    ConventionArticle,
    Improvement,
    ImprovementComment,
    Link,
    OldSlug,
    Partner,
    Practice,
    Reference,
    TargetGroup,
    Theme,
    Transition,
)


class PartnerInline(admin.TabularInline):
    model = Partner
    autocomplete_fields = ["organisation"]
    extra = 0


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0


class ReferenceInline(admin.StackedInline):
    model = Reference
    form = ReferenceForm
    extra = 0
    max_num = Reference.MAX_PER_PRACTICE


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


class PracticeAdminForm(forms.ModelForm):
    """The admin's practice form: the version it was opened at (a concurrent save is a
    conflict, as in the portal), and the refusal of a first try, shown as form errors."""

    edited_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    refusal: ValidationError | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edited_version"].initial = self.instance.version
        current = getattr(self.refusal, "current_version", None)
        if self.is_bound and current is not None:
            # Saving again replaces the version saved meanwhile, as the portal's form does.
            self.data = self.data.copy()
            self.data[self.add_prefix("edited_version")] = current

    def clean(self):
        cleaned = super().clean()
        if self.refusal is not None:
            errors = self.refusal.message_dict if hasattr(self.refusal, "error_dict") else {}
            for name, messages_ in errors.items():
                self.add_error(name if name in self.fields else None, messages_)
            if not errors:
                self.add_error(None, self.refusal.messages)
        return cleaned


class RefusedSave(Exception):
    """practice_save refused the admin's save: the admin's transaction rolls back and the
    form is shown again with the reasons."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


@admin.register(Practice)
class PracticeAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Staff edit a practice's content through ``services.practice_save`` and move it
    through the review only with the actions (``services.practice_transition``): the same
    rules as the portal's pages."""

    form = PracticeAdminForm
    list_display = ["title", "status", "territory", "organisation", "evidence", "published_at"]
    list_filter = ["status", "evidence", "territory__country", "group", "sectors", "themes"]
    list_select_related = ["territory", "organisation"]
    search_fields = ["title_fr", "title_en", "slug", "organisation__name"]
    autocomplete_fields = ["territory", "organisation", "group"]
    filter_horizontal = ["sectors", "themes", "target_groups", "articles"]
    readonly_fields = [
        "slug",
        "status",
        "published_at",
        "submitted_at",
        "reviewed_by",
        "review_note",
        "created_by",
        "created_at",
        "updated_at",
        "version",
        # Recorded by the services (a change of level, a publication).
        "evidence_assessed_by",
        "evidence_assessed_at",
        "evidence_rationale",
    ]
    date_hierarchy = "published_at"
    inlines = [PartnerInline, LinkInline, ReferenceInline, AttachmentInline, TransitionInline]
    actions = ["publish", "request_changes", "archive"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "_practice_refusal", None)
        if refusal is None:
            return form
        return type(form.__name__, (form,), {"refusal": refusal})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RefusedSave as refused:
            # Nothing was saved (the admin's transaction rolled back): the form again, as
            # sent, with the reasons.
            request._practice_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Saved with its partners, links and documents in ``save_related``: in one call of
        the service, which checks them together."""

    def save_related(self, request, form, formsets, change):
        by_model = {formset.model: formset for formset in formsets}
        try:
            services.practice_save(
                practice=form.instance,
                data=practice_data(form),
                partners=partner_data(by_model[Partner]),
                links=link_data(by_model[Link]),
                attachments=attachment_data(by_model[Attachment]),
                references=reference_data(by_model[Reference]),
                by=request.user,
                expected_version=form.cleaned_data.get("edited_version"),
            )
        except services.EditConflict as conflict:
            error = ValidationError(services.EditConflict.message)
            error.current_version = conflict.current_version
            raise RefusedSave(error) from conflict
        except ValidationError as error:
            raise RefusedSave(error) from error
        for formset in formsets:
            # What the admin's change message lists (the service saved the rows).
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def _transition(self, request, queryset, action: str, note: str = "") -> None:
        """Apply ``action`` to each selected practice; say which moved and why the others
        did not."""
        moved = 0
        for practice in queryset.order_by("pk"):
            try:
                services.practice_transition(
                    practice=practice,
                    action=action,
                    by=request.user,
                    note=note,
                )
            except (PermissionDenied, ValidationError) as error:
                reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
                messages.error(
                    request,
                    _("“%(practice)s” was left as it was: %(reasons)s")
                    % {"practice": practice, "reasons": " ".join(reasons)},
                )
            else:
                moved += 1
        if moved:
            messages.success(
                request,
                ngettext(
                    "%(step)s: %(count)s practice done.",
                    "%(step)s: %(count)s practices done.",
                    moved,
                )
                % {"step": services.ACTIONS[action].label, "count": moved},
            )

    @admin.action(
        permissions=["change"], description=gettext_lazy("Publish the selected practices")
    )
    def publish(self, request, queryset):
        self._transition(request, queryset, "publish")

    @admin.action(
        permissions=["change"], description=gettext_lazy("Archive the selected practices")
    )
    def archive(self, request, queryset):
        self._transition(request, queryset, "archive")

    @admin.action(
        permissions=["change"],
        description=gettext_lazy("Request changes to the selected practices"),
    )
    def request_changes(self, request, queryset):
        """An intermediate page asks for the note sent to the authors."""
        step = services.ACTIONS["request_changes"]
        form = TransitionForm(request.POST if "apply" in request.POST else None, step=step)
        if form.is_bound and form.is_valid():
            self._transition(request, queryset, step.name, form.cleaned_data["note"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Request changes"),
            "opts": self.model._meta,
            "practices": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/practices/practice/request_changes.html", context)


@admin.register(Theme, TargetGroup)
class VocabularyAdmin(TranslationAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name_fr", "name_en", "code"]


@admin.register(ConventionArticle)
class ConventionArticleAdmin(TranslationAdmin):
    list_display = ["number", "title"]
    search_fields = ["title_fr", "title_en"]


class ImprovementCommentInline(admin.TabularInline):
    """The discussion, read-only: messages are written on the portal
    (services.improvement_comment_add, which tells the participants)."""

    model = ImprovementComment
    fields = ["created_at", "author", "text"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Improvement)
class ImprovementAdmin(admin.ModelAdmin):
    list_display = ["practice", "author", "status", "taken_up_in_version", "created_at"]
    list_filter = ["status"]
    list_select_related = ["practice", "author"]
    search_fields = ["text", "practice__title_fr", "practice__title_en"]
    autocomplete_fields = ["practice", "author"]
    # The answer is given on the portal (services.improvement_answer: it checks the version
    # and tells the followers).
    readonly_fields = [
        "status",
        "response",
        "responded_by",
        "responded_at",
        "practice_version",
        "taken_up_in_version",
    ]
    inlines = [ImprovementCommentInline]


@admin.register(OldSlug)
class OldSlugAdmin(admin.ModelAdmin):
    list_display = ["slug", "practice"]
    search_fields = ["slug"]
    autocomplete_fields = ["practice"]
