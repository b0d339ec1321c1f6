"""Forms of the coordinator pages. They only check and gather data; services write."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import Decision
from practices.models import Practice
from stakeholders.models import Sector
from stakeholders.permissions import coordinated_groups
from stakeholders.submissions import OneTimeFormMixin
from stakeholders.widgets import DirectoryOrganisationField, SharedOrganisationLabels

from . import rules, services
from .models import Protocol, ProtocolSuggestion, Signatory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProtocolForm(OneTimeFormMixin, forms.ModelForm):
    """The protocol's own fields; signatories and steps come in two formsets."""

    document_upload = forms.FileField(
        label=_("Signed document"),
        required=False,
        help_text=_("A PDF, at most 10 MB. Its content is checked, not just its name."),
    )

    class Meta:
        model = Protocol
        fields = [
            "title_fr",
            "title_en",
            "summary_fr",
            "summary_en",
            "kind",
            "territory",
            "visibility",
            "signed_on",
            "in_force_from",
            "in_force_until",
            "next_review_on",
            "practices",
            "adopted_by",
        ]
        widgets = {
            "signed_on": DATE,
            "in_force_from": DATE,
            "in_force_until": DATE,
            "next_review_on": DATE,
            "practices": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_fr"].required = True
        self.fields["territory"].queryset = rules.coordinated_territories(user)
        if self.instance.pk:
            # A protocol stays in its territory; a new one is recorded instead.
            del self.fields["territory"]
        # Published practices of the countries the coordinator works in (the service checks
        # the protocol's own country), and those the protocol already names, published or not
        # any more: saving the form never drops a link nobody touched.
        countries = (
            [self.instance.territory.country]
            if self.instance.pk
            else rules.coordinated_territories(user).values("country")
        )
        linked = Q(protocols=self.instance) if self.instance.pk else Q(pk__in=[])
        self.fields["practices"].queryset = (
            Practice.objects.filter(
                (Q(status=Practice.Status.PUBLISHED) & Q(territory__country__in=countries)) | linked
            )
            .distinct()
            .order_by("title")
        )
        # The decisions of the groups the coordinator runs, and the one already recorded
        # (staff may have named another group's).
        adopted = Q(meeting__group__in=coordinated_groups(user))
        if self.instance.adopted_by_id:
            adopted |= Q(pk=self.instance.adopted_by_id)
        self.fields["adopted_by"].queryset = Decision.objects.filter(adopted).select_related(
            "meeting"
        )

    def clean_document_upload(self):
        upload = self.cleaned_data.get("document_upload")
        if upload:
            services.check_document(upload)
        return upload


class SharedChoicesMixin:
    """A row given its formset's lists (SharedChoicesFormSet): it renders them without a
    query; the values sent are still checked against the database."""

    def __init__(self, *args, shared_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (shared_choices or {}).items():
            self.fields[name].choices = choices


class SignatoryRowForm(SharedChoicesMixin, forms.Form):
    organisation = DirectoryOrganisationField(label=_("Organisation"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Signatory.Role.choices, initial=Signatory.Role.SIGNATORY
    )


class StepRowForm(SharedChoicesMixin, forms.Form):
    what_fr = forms.CharField(
        label=_("What happens (French)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    what_en = forms.CharField(
        label=_("What happens (English)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    responsible_organisation = DirectoryOrganisationField(
        label=_("Responsible organisation"), required=False
    )
    responsible_sector = forms.ModelChoiceField(
        label=_("or responsible sector"), queryset=Sector.objects.all(), required=False
    )
    time_limit_fr = forms.CharField(label=_("Time limit (French)"), max_length=100, required=False)
    time_limit_en = forms.CharField(label=_("Time limit (English)"), max_length=100, required=False)
    legal_basis_fr = forms.CharField(
        label=_("Legal basis (French)"), max_length=300, required=False
    )
    legal_basis_en = forms.CharField(
        label=_("Legal basis (English)"), max_length=300, required=False
    )

    def clean(self):
        data = super().clean()
        if "responsible_organisation" in self.errors:  # a name not read: the field says why
            return data
        if not data.get("responsible_organisation") and not data.get("responsible_sector"):
            raise ValidationError(
                _("Say who is responsible for the step: an organisation or a sector."),
                code="no_responsible",
            )
        return data


class SharedChoicesFormSet(SharedOrganisationLabels, forms.BaseFormSet):
    """Its rows' lists of organisations and sectors are read once for the whole formset,
    not once per row (a pathway has up to 30 steps, each with two lists)."""

    def get_form_kwargs(self, index):
        if not hasattr(self, "_shared_choices"):
            self._shared_choices = {
                name: list(field.choices)
                for name, field in self.form.base_fields.items()
                if isinstance(field, forms.ModelChoiceField)
                # A name typed, not a list (stakeholders.widgets): no choices to share.
                and not isinstance(field, DirectoryOrganisationField)
            }
        return {**super().get_form_kwargs(index), "shared_choices": self._shared_choices}


SignatoryFormSet = forms.formset_factory(
    SignatoryRowForm,
    formset=SharedChoicesFormSet,
    extra=2,
    can_delete=True,
    max_num=services.MAX_SIGNATORIES,
    validate_max=True,
    absolute_max=services.MAX_SIGNATORIES,
)
StepFormSet = forms.formset_factory(
    StepRowForm,
    formset=SharedChoicesFormSet,
    extra=2,
    can_delete=True,
    max_num=services.MAX_STEPS,
    validate_max=True,
    absolute_max=services.MAX_STEPS,
)


def _kept(formset):
    """The rows to save: every row that was there (unless marked for deletion), and the
    empty rows that were filled in."""
    initial = formset.initial_form_count()
    return [
        row.cleaned_data
        for n, row in enumerate(formset.forms)
        if row.cleaned_data
        and not row.cleaned_data.get("DELETE")
        and (n < initial or row.has_changed())
    ]


def signatory_data(formset) -> list[services.SignatoryData]:
    return [
        services.SignatoryData(organisation=data["organisation"], role=data["role"])
        for data in _kept(formset)
    ]


def step_data(formset) -> list[services.StepData]:
    return [
        services.StepData(**{k: v for k, v in data.items() if k != "DELETE"})
        for data in _kept(formset)
    ]


def signatory_initial(protocol):
    return [{"organisation": s.organisation_id, "role": s.role} for s in protocol.signatories.all()]


def step_initial(protocol):
    fields = [
        "what_fr",
        "what_en",
        "responsible_organisation",
        "responsible_sector",
        "time_limit_fr",
        "time_limit_en",
        "legal_basis_fr",
        "legal_basis_en",
    ]
    return [
        {f: getattr(s, f + "_id" if f.startswith("responsible") else f) for f in fields}
        for s in protocol.steps.all()
    ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Protocol.Status.choices)


class SuggestionForm(OneTimeFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Proposed change"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Which step, signatory, time limit or wording should change, and why. "
            "The coordinators of the territory's groups answer you."
        ),
    )


class SuggestionAnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=ProtocolSuggestion.Status.choices)
    response = forms.CharField(
        label=_("Answer to the author"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline the change."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ProtocolSuggestion.Status.DECLINED
            and not (cleaned.get("response") or "").strip()
        ):
            self.add_error("response", _("Say why the change is declined."))
        return cleaned
