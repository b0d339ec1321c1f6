import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from stakeholders.models import Sector, Territory

from .models import Protocol


class ProtocolFilter(django_filters.FilterSet):
    """Filters of the public list. An unknown value is reported and ignored."""

    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        field_name="territory",
        to_field_name="slug",
        queryset=Territory.objects.none(),  # those of the protocols listed (__init__)
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="territory__country",
        choices=[],  # those of the protocols listed (__init__)
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Protocol.Kind.choices)
    # Several sectors: the protocols binding every one of them (a pair of sectors on Insight).
    sector = django_filters.ModelMultipleChoiceFilter(
        label=_("Sectors bound"),
        # The predicate is built from the chosen sector's ``code`` (to_field_name).
        field_name="signatories__organisation__sector__code",
        to_field_name="code",
        queryset=Sector.objects.all(),
        conjoined=True,
        distinct=True,
        widget=forms.CheckboxSelectMultiple,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Protocol.Status.choices)
    review = django_filters.ChoiceFilter(
        label=_("Due for review"),
        choices=[("due", _("To review or renew within 90 days, or overdue"))],
        method="filter_review",
    )

    class Meta:
        model = Protocol
        fields = ["territory", "country", "kind", "sector", "status", "review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the places of the protocols this list may show: a territory whose protocols
        # are all members-only or in preparation is not named to the public.
        territories = Territory.objects.filter(pk__in=self.queryset.values("territory_id"))
        self.filters["territory"].queryset = territories
        self.filters["country"].extra["choices"] = lambda: [
            (code, countries.name(code)) for code in territories.countries_in_use()
        ]
        for name in ("territory", "country"):
            # A filter keeps the form field it built once; built again with these choices.
            self.filters[name].__dict__.pop("_field", None)

    def filter_review(self, queryset, name, value):
        return queryset.due_for_review() if value == "due" else queryset
