from allauth.account.forms import AddEmailForm
from allauth.account.models import EmailAddress
from allauth.mfa.base import forms as mfa_forms
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import services
from .adapters import LOCKED_OUT, record_lockout
from .choices import WORKING_LANGUAGES, ReminderKind
from .models import Language, Membership, Organisation, Person, WorkingGroup
from .submissions import OneTimeFormMixin

# First path segments of the directory's other pages (stakeholders/urls.py): an organisation
# with one of these slugs would be hidden behind that page.
RESERVED_ORGANISATION_SLUGS = frozenset({"new", "groups", "people", "suggest", "territories"})


def unique_slug(
    model, text: str, *, instance=None, max_length: int = 200, reserved=frozenset()
) -> str:
    """A slug for ``text`` that no other row of ``model`` uses yet, and not a ``reserved`` one."""
    base = slugify(text)[: max_length - 5].strip("-") or "item"
    slug, n = base, 2
    others = model.objects.exclude(pk=instance.pk) if instance and instance.pk else model.objects
    while slug in reserved or others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class OrganisationForm(OneTimeFormMixin, forms.ModelForm):
    """An organisation of the directory, edited by a coordinator of one of its groups."""

    group = forms.ModelChoiceField(
        queryset=WorkingGroup.objects.none(),
        label=_("Working group"),
        help_text=_("The organisation joins the directory of this group."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "sector",
            "kind",
            "territory",
            "website",
            "public_contact",
            "description_fr",
            "description_en",
        ]
        labels = {
            "description_fr": _("Description in French"),
            "description_en": _("Description in English"),
        }
        widgets = {
            "description_fr": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        if self.instance.pk:
            # An existing organisation keeps its groups; they are managed from the group page.
            del self.fields["group"]
        elif groups.count() == 1:
            self.fields["group"].initial = groups.first()

    def save(self, commit=False):
        """The organisation with its slug, unsaved: services.organisation_create or
        organisation_update saves it (and adds it to the chosen group)."""
        if commit:
            raise ValueError("Save it with services.organisation_create or _update.")
        organisation = super().save(commit=False)
        if not organisation.slug:
            organisation.slug = unique_slug(
                Organisation, organisation.name, reserved=RESERVED_ORGANISATION_SLUGS
            )
        return organisation


class PersonForm(OneTimeFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "job_title", "organisation", "email", "phone"]

    def __init__(self, *args, organisations, email_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.select_related("territory")
        if email_locked:
            # The address of a coordinator's or staff's login: theirs or staff's to change.
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "Only this person or the portal's staff can change this address."
            )


class OwnRecordForm(forms.Form):
    """What members correct themselves: their job title, phone, languages spoken, and the
    language the portal writes to them in."""

    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("A number colleagues of the working group can reach you on."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=WORKING_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        help_text=_("The language of the emails the portal sends you."),
    )


class ReminderPreferencesForm(forms.Form):
    """The reminders a person gets: one box per kind, ticked when it is on."""

    wanted = forms.MultipleChoiceField(
        label=_("Send me these reminders"),
        choices=ReminderKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a box to stop that reminder."),
    )

    @classmethod
    def for_user(cls, user, data=None):
        wanted = [kind for kind in ReminderKind.values if kind not in (user.reminders_off or ())]
        return cls(data, initial={"wanted": wanted})


class InvitationForm(OneTimeFormMixin, forms.Form):
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation"),
        help_text=_("Only organisations of this working group's directory can be chosen."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=Language.choices,
        required=False,
        help_text=_("The email is written in it, and it becomes the new member's language."),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = group.organisations.order_by("name")
        self.fields["language"].initial = get_language()


class GroupOrganisationForm(forms.Form):
    """Add an organisation already in the directory to a working group."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation"),
        help_text=_("Organisations of the same country that are not in the group yet."),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(territory__country=group.territory.country)
            .exclude(working_groups=group)
            .order_by("name")
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class SetPasswordForm(forms.Form):
    """The invitee chooses a password twice.

    Only the two copies are compared here: the password rules are judged once, by
    ``services.invitation_accept``, which the view calls with the cleaned password.
    """

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        return cleaned


class LockoutRecording:
    """allauth's two-factor forms, recording when the failed-login limit refuses a code."""

    def clean_code(self):
        try:
            return super().clean_code()
        except forms.ValidationError as error:
            if error.code == LOCKED_OUT:
                record_lockout(account=self.user, stage="two-factor")
            raise


class MfaAuthenticateForm(LockoutRecording, mfa_forms.AuthenticateForm):
    pass


class MfaReauthenticateForm(LockoutRecording, mfa_forms.ReauthenticateForm):
    pass


def email_of_another_account(email: str, user) -> bool:
    """Whether ``email`` is the login, or a confirmed address, of an account but ``user``."""
    return (
        get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
        or EmailAddress.objects.filter(email__iexact=email, verified=True)
        .exclude(user=user)
        .exists()
    )


class ChangeEmailForm(AddEmailForm):
    """The new login email: refused at once when another account has it (a member already
    knows the address they type; nothing is half-written). It replaces the current one
    only once the link sent to it is followed (ACCOUNT_CHANGE_EMAIL)."""

    def clean_email(self):
        email = super().clean_email()
        if email_of_another_account(email, self.user):
            raise forms.ValidationError(
                _("This address is already the login of another account: choose another one."),
                code="email_taken",
            )
        return email

    def save(self, request):
        services.login_email_keep(user=self.user)
        return super().save(request)


class EraseForm(forms.Form):
    # Lazy: the labels are read when the form is shown, in the visitor's language.
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be erased for good."),
        error_messages={"required": _("Tick the box to confirm that you want the erasure.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
