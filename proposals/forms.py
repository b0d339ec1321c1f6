from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from stakeholders.models import Organisation, Sector, Territory, WorkingGroup
from stakeholders.submissions import OneTimeFormMixin
from stakeholders.widgets import DirectoryOrganisationField

from . import models
from .services import NewOrganisation, ProposalData

# The trap for robots: a field people never see (hidden by the stylesheet, out of the tab
# order) and are asked to leave empty; a form that fills it is answered as if it had been
# sent, and nothing is stored.
TRAP = "homepage"


class ProposalForm(OneTimeFormMixin, forms.Form):
    """The public "propose a practice" form: who proposes it, and its essentials."""

    proposer_name = forms.CharField(label=_("Your name"), max_length=models.NAME_LENGTH)
    proposer_organisation = forms.CharField(
        label=_("Your organisation"),
        max_length=models.ORGANISATION_LENGTH,
        help_text=_("The organisation you work for, or that runs the practice."),
    )
    proposer_email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_(
            "A link to confirm the proposal is sent there first; the coordinators' answer too."
        ),
    )
    title = forms.CharField(label=_("Name of the practice"), max_length=models.TITLE_LENGTH)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=models.SUMMARY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what the practice does, and for whom."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=models.DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Who works together (which services and organisations), how, since when, and "
            "what is known of its results. Plain text."
        ),
    )
    country = forms.ChoiceField(label=_("Country"))
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors involved"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The sectors whose services take part in the practice."),
        error_messages={"required": _("Choose at least one sector involved.")},
    )
    website = forms.URLField(
        label=_("Website of the practice"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------"), *countries]
        # Rendered in a wrapper that the stylesheet hides (site.css, ``.trap``).
        self.fields[TRAP].template_name = "proposals/_trap_field.html"

    def is_trap(self) -> bool:
        """Whether a robot filled the field people are asked to leave empty."""
        return bool(self.data.get(TRAP, "").strip())

    def proposal_data(self) -> ProposalData:
        data = self.cleaned_data
        return ProposalData(
            proposer_name=data["proposer_name"],
            proposer_organisation=data["proposer_organisation"],
            proposer_email=data["proposer_email"],
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            country=data["country"],
            sectors=list(data["sectors"]),
            website=data["website"],
        )


class AcceptForm(forms.Form):
    """Accept a proposal as a draft: its organisation (of the directory, or a new one) and
    the working group that reviews it."""

    group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        help_text=_("The working group whose coordinators review the draft."),
    )
    organisation = DirectoryOrganisationField(
        label=_("Organisation of the directory"),
        required=False,
        help_text=_("The organisation that leads the practice, if it is in the directory."),
    )
    new_name = forms.CharField(
        label=_("Or a new organisation: its name"),
        max_length=200,
        required=False,
    )
    new_sector = forms.ModelChoiceField(
        label=_("Its sector"), queryset=Sector.objects.all(), required=False
    )
    new_kind = forms.ChoiceField(
        label=_("Its kind"), choices=[("", "---------"), *Organisation.Kind.choices], required=False
    )
    new_territory = forms.ModelChoiceField(
        label=_("Its territory"), queryset=Territory.objects.all(), required=False
    )

    def __init__(self, *args, user, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        groups = WorkingGroup.objects.coordinated_by(user).order_by("name")
        self.fields["group"].queryset = groups
        if proposal.group_id is not None:
            self.fields["group"].initial = proposal.group_id

    def clean(self):
        data = super().clean()
        new = [data.get(name) for name in ("new_name", "new_sector", "new_kind", "new_territory")]
        if "organisation" in self.errors:  # a name not read: the field says why
            return data
        if data.get("organisation") is not None:
            if any(new):
                raise forms.ValidationError(
                    _("Choose an organisation of the directory, or name a new one: not both.")
                )
        elif not all(new):
            raise forms.ValidationError(
                _(
                    "Choose an organisation of the directory, or give the name, sector, kind "
                    "and territory of a new one."
                )
            )
        return data

    def new_organisation(self) -> NewOrganisation | None:
        data = self.cleaned_data
        if data.get("organisation") is not None:
            return None
        return NewOrganisation(
            name=data["new_name"],
            sector=data["new_sector"],
            kind=data["new_kind"],
            territory=data["new_territory"],
        )


class DeclineForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the proposer"),
        max_length=models.MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why the proposal is declined; it is sent by email, in plain text."),
        error_messages={"required": _("Say why: the message is sent to the proposer.")},
    )
