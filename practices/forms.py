from dataclasses import dataclass

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stakeholders.choices import WORKING_LANGUAGES
from stakeholders.models import Sector, Territory, WorkingGroup
from stakeholders.submissions import OneTimeFormMixin
from stakeholders.widgets import DirectoryOrganisationField, SharedOrganisationLabels

from . import requirements, services
from .models import (
    Attachment,
    ConventionArticle,
    Improvement,
    ImprovementComment,
    Link,
    Partner,
    Practice,
    Reference,
    TargetGroup,
    Theme,
)

LANGUAGE_CHOICES = WORKING_LANGUAGES


class PracticeForm(OneTimeFormMixin, forms.ModelForm):
    """The practice itself; partners, links and attachments come in formsets."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages the practice works in."),
    )

    class Meta:
        model = Practice
        fields = [
            "title_fr",
            "title_en",
            "summary_fr",
            "summary_en",
            "description_fr",
            "description_en",
            "child_participation_fr",
            "child_participation_en",
            "territory",
            "group",
            "sectors",
            "themes",
            "target_groups",
            "articles",
            "evidence",
            "year_started",
            "year_ended",
            "languages",
            "resources_fr",
            "resources_en",
            "staffing_fr",
            "staffing_en",
            "training_fr",
            "training_en",
            "cost_range",
            "duration_fr",
            "duration_en",
            "transferability_fr",
            "transferability_en",
        ]
        labels = {
            "title_fr": _("Title in French"),
            "title_en": _("Title in English"),
            "summary_fr": _("Summary in French"),
            "summary_en": _("Summary in English"),
            "description_fr": _("Description in French"),
            "description_en": _("Description in English"),
            "child_participation_fr": _("Child participation, in French"),
            "child_participation_en": _("Child participation, in English"),
            "resources_fr": _("Resources, in French"),
            "resources_en": _("Resources, in English"),
            "staffing_fr": _("Staffing, in French"),
            "staffing_en": _("Staffing, in English"),
            "training_fr": _("Training, in French"),
            "training_en": _("Training, in English"),
            "duration_fr": _("Duration, in French"),
            "duration_en": _("Duration, in English"),
            "transferability_fr": _("Transferability, in French"),
            "transferability_en": _("Transferability, in English"),
        }
        help_texts = {
            "title_fr": _("A title in at least one language."),
            "description_fr": _("Markdown: **bold**, *italics*, lists, links and headings."),
            "description_en": _("Markdown: **bold**, *italics*, lists, links and headings."),
            "sectors": _("At least two: a practice of the catalogue is inter-sectoral."),
        }
        widgets = {
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "description_fr": forms.Textarea(attrs={"rows": 12}),
            "description_en": forms.Textarea(attrs={"rows": 12}),
            "child_participation_fr": forms.Textarea(attrs={"rows": 3}),
            "child_participation_en": forms.Textarea(attrs={"rows": 3}),
            **{
                f"{name}_{code}": forms.Textarea(attrs={"rows": 3})
                for name in ("resources", "staffing", "training", "transferability")
                for code in ("fr", "en")
            },
            "cost_range": forms.RadioSelect,
            "sectors": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "articles": forms.CheckboxSelectMultiple,
            "evidence": forms.RadioSelect,
        }

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["territory"].queryset = Territory.objects.order_by("country", "name")
        self.fields["sectors"].queryset = Sector.objects.all()
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["target_groups"].queryset = TargetGroup.objects.all()
        self.fields["articles"].queryset = ConventionArticle.objects.all()
        self.fields["evidence"].help_text = _(
            "Evaluated: an evaluation has measured its effects. Promising: monitored, with "
            "encouraging results. Emerging: new or not yet assessed."
        )
        # Optional to save a draft, needed to submit: the label says which (the title is
        # needed even for a draft, in one language or the other: see clean()).
        for name, mark in requirements.marks().items():
            if name in self.fields:
                self.fields[name].mark = mark
        for name in ("title_fr", "title_en"):
            self.fields[name].mark = _("required, in French or English")
        # Left out (an older form, a client of its own): not known.
        self.fields["cost_range"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if groups.count() == 1 and not self.instance.pk:
            # self.initial (from the empty instance) would hide a field's own initial value.
            self.initial["group"] = groups.first().pk

    def clean_cost_range(self):
        return self.cleaned_data.get("cost_range") or Practice.CostRange.UNKNOWN

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("title_fr") or cleaned.get("title_en")):
            self.add_error("title_fr", _("Give a title in French or in English."))
        return cleaned


# Partner organisations of a practice, at most (each row's name may be looked up).
MAX_PARTNERS = 40


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["organisation", "role"]
        # A name typed, checked against the directory (stakeholders.widgets).
        field_classes = {"organisation": DirectoryOrganisationField}


class BasePartnerFormSet(SharedOrganisationLabels, BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen, leads = set(), 0
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            organisation = form.cleaned_data.get("organisation")
            if organisation is None:  # a name not read: its row says why
                continue
            if organisation in seen:
                raise forms.ValidationError(_("Each organisation can be listed only once."))
            seen.add(organisation)
            leads += form.cleaned_data.get("role") == Partner.Role.LEAD
        if leads > 1:
            raise forms.ValidationError(_("Choose only one lead organisation."))


PartnerFormSet = inlineformset_factory(
    Practice,
    Partner,
    form=PartnerForm,
    formset=BasePartnerFormSet,
    extra=3,
    can_delete=True,
    # Each row's name may be looked up in the directory: a bounded number of them.
    max_num=MAX_PARTNERS,
    validate_max=True,
    absolute_max=MAX_PARTNERS + 10,
)

LinkFormSet = inlineformset_factory(
    Practice,
    Link,
    fields=["title", "url"],
    extra=2,
    can_delete=True,
)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]
        help_texts = {
            "file": _("PDF, office document or image; at most 10 MB."),
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            # The document's own rule and messages (Document.take_file); the service given
            # this document then does not read the file again.
            self.instance.take_file(upload)
        return upload


class ReferenceForm(forms.ModelForm):
    class Meta:
        model = Reference
        fields = ["kind", "authors", "year", "title", "publisher", "doi", "url"]

    def clean(self):
        cleaned = super().clean()
        # Said here, next to the row (the model's constraint says it for the others).
        if cleaned.get("title") and not any(
            cleaned.get(name) for name in ("doi", "url", "publisher")
        ):
            self.add_error(
                "publisher",
                _("Give a DOI, an address or a publisher: where readers can find it."),
            )
        return cleaned


class BaseReferenceFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("id") or form.has_changed())
        ]
        if len(kept) > Reference.MAX_PER_PRACTICE:
            raise forms.ValidationError(
                _("A practice has at most %(max)s references.")
                % {"max": Reference.MAX_PER_PRACTICE}
            )


ReferenceFormSet = inlineformset_factory(
    Practice,
    Reference,
    form=ReferenceForm,
    formset=BaseReferenceFormSet,
    extra=2,
    max_num=Reference.MAX_PER_PRACTICE,
    validate_max=True,
    absolute_max=Reference.MAX_PER_PRACTICE + 10,
    can_delete=True,
)

AttachmentFormSet = inlineformset_factory(
    Practice,
    Attachment,
    form=AttachmentForm,
    extra=1,
    can_delete=True,
)


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args, step, practice=None, **kwargs):
        super().__init__(*args, **kwargs)
        if step.name == "publish" and practice is not None:
            # Publishing is the coordinator's assessment of the evidence level
            # (services.practice_transition): confirm or change it, and say why.
            self.fields["evidence"] = forms.ChoiceField(
                label=_("Evidence level"),
                choices=Practice.Evidence.choices,
                initial=practice.evidence,
                required=False,  # left out: the level the authors chose
                widget=forms.RadioSelect,
                help_text=_("The level the authors proposed is selected: confirm or change it."),
            )
            self.fields["rationale"] = forms.CharField(
                label=_("Why this level"),
                required=False,
                initial=practice.evidence_rationale,
                max_length=services.RATIONALE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_(
                    "Shown on the practice's page. Needed for “evaluated” and “promising”: "
                    "which evaluation or monitoring supports it."
                ),
            )
            self.order_fields(["evidence", "rationale", "note"])
        if step.needs_note:
            # The label follows the rule of the step (services.practice_transition).
            note = self.fields["note"]
            note.required = True
            note.label = _("Note to the authors (required)")
            note.error_messages["required"] = _(
                "Say what should change: the note is sent to the practice's authors."
            )


class ContactForm(forms.Form):
    """A visitor's message to the people behind a practice (services.practice_contact)."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("The people behind the practice answer you at this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=3000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most 3,000 characters. Web addresses in it are sent inactive."),
    )
    # Left empty by people; filled in by robots, whose messages are dropped without a word.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ImprovementForm(OneTimeFormMixin, forms.ModelForm):
    class Meta:
        model = Improvement
        fields = ["text"]
        labels = {"text": _("Your suggestion")}
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class ImprovementResponseForm(forms.ModelForm):
    """A coordinator's answer; a suggestion taken up names the practice's version that took
    it up (empty: services.default_taken_up_version)."""

    class Meta:
        model = Improvement
        fields = ["status", "response", "taken_up_in_version"]
        labels = {"response": _("Answer"), "taken_up_in_version": _("Taken up in version")}
        widgets = {"response": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, versions=None, default_version=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["taken_up_in_version"]
        field.required = False
        field.min_value = 1
        field.widget.attrs["min"] = 1
        if versions is not None:
            field.widget.attrs.update(min=versions[0], max=versions[-1])
            field.help_text = _(
                "Only for a suggestion taken up: a version between %(first)s and %(last)s "
                "(the practice is now at version %(current)s)."
            ) % {"first": versions[0], "last": versions[-1], "current": versions[-1] - 1}
        if default_version is not None and not self.instance.taken_up_in_version:
            self.initial["taken_up_in_version"] = default_version

    def clean(self):
        cleaned = super().clean()
        # The version field is filled in advance: it only counts for a suggestion taken up.
        if cleaned.get("status") != Improvement.Status.TAKEN_UP:
            cleaned["taken_up_in_version"] = None
        return cleaned


class ImprovementCommentForm(forms.ModelForm):
    class Meta:
        model = ImprovementComment
        fields = ["text"]
        labels = {"text": _("Your message")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}


def practice_data(form) -> dict:
    """The content a practice form (the portal's or the admin's) sends to
    ``services.practice_save``: the fields it has among the content fields."""
    names = services.CONTENT_FIELDS | services.CONTENT_RELATIONS
    return {name: value for name, value in form.cleaned_data.items() if name in names}


def _rows(formset):
    """The rows of an inline formset that are kept (not deleted, not left empty), with
    their cleaned data."""
    for row in formset.forms:
        data = row.cleaned_data
        if data and not data.get("DELETE") and (data.get("id") or row.has_changed()):
            yield row, data


def _pk(data):
    return data["id"].pk if data.get("id") else None


def partner_data(formset) -> list[services.PartnerData]:
    return [
        services.PartnerData(organisation=data["organisation"], role=data["role"])
        for _row, data in _rows(formset)
    ]


def link_data(formset) -> list[services.LinkData]:
    return [
        services.LinkData(url=data["url"], title=data["title"], pk=_pk(data))
        for _row, data in _rows(formset)
    ]


def reference_data(formset) -> list[services.ReferenceData]:
    return [
        services.ReferenceData(
            title=data["title"],
            kind=data["kind"],
            authors=data.get("authors") or "",
            year=data.get("year"),
            publisher=data.get("publisher") or "",
            doi=data.get("doi") or "",
            url=data.get("url") or "",
            pk=_pk(data),
        )
        for _row, data in _rows(formset)
    ]


def attachment_data(formset) -> list[services.AttachmentData]:
    """A new upload only where the row's file changed (a saved one keeps its file)."""
    return [
        services.AttachmentData(
            title=data["title"],
            file=data["file"] if "file" in row.changed_data else None,
            pk=_pk(data),
        )
        for row, data in _rows(formset)
    ]


def groups_for(user):
    """Working groups a practice of ``user`` can be filed under."""
    from stakeholders.permissions import roles

    r = roles(user)
    if r.is_staff:
        return WorkingGroup.objects.all()
    return WorkingGroup.objects.filter(pk__in=r.member_of | r.coordinator_of)


@dataclass(frozen=True)
class FormSection:
    """A section of the practice form, and how far it is filled in: "complete", "to-do"
    (submission needs more) or "optional"."""

    id: str
    title: Promise
    state: str


IMPLEMENTATION_FIELDS = tuple(
    f"{name}_{code}"
    for name in ("resources", "staffing", "training", "duration", "transferability")
    for code in ("fr", "en")
)


def practice_sections(
    draft: requirements.Draft, *, links, attachments, form=None
) -> list[FormSection]:
    """The sections of the practice form with their state, for its progress summary."""

    def state(done):
        return "complete" if done else "to-do"

    extra = any(row.instance.pk or row.has_changed() for row in [*links.forms, *attachments.forms])
    implemented = form is not None and any(
        str(form[name].value() or "").strip() for name in IMPLEMENTATION_FIELDS
    )
    evidence_met = not any(
        "references" in requirement.fields for requirement in requirements.missing(draft)
    )
    return [
        FormSection("essentials", _("Essentials"), state(draft.title and draft.summary)),
        FormSection("description", _("Description"), state(draft.description)),
        FormSection("partners", _("Partner organisations"), state(draft.lead)),
        FormSection("classification", _("Classification"), state(draft.sectors >= 2)),
        FormSection(
            "evidence", _("Evidence and references"), state(draft.evidence and evidence_met)
        ),
        FormSection(
            "implementation",
            _("Implementation and transferability"),
            "complete" if implemented else "optional",
        ),
        FormSection("links", _("Links and files"), "complete" if extra else "optional"),
    ]
