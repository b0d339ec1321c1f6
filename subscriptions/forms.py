from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .filters import MAX_QUERY_LENGTH, saved_filter
from .models import Subscription


class SubscriptionForm(forms.Form):
    """A public subscription: the address, how often, in which language; the filter comes
    from the catalogue page (hidden) and is checked again here."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("A link to confirm the subscription is sent there first."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.AS_PUBLISHED,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language of the emails"), choices=settings.LANGUAGES)
    query = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.HiddenInput,
        error_messages={"max_length": _("This filter is too long.")},
    )

    def clean_query(self):
        saved = saved_filter(self.cleaned_data["query"])
        if saved.errors:
            raise forms.ValidationError(
                [_("This filter cannot be saved: %(error)s") % {"error": e} for e in saved.errors]
            )
        return saved.query
