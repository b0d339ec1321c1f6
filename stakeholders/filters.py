import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .facets import name_or_acronym
from .models import Organisation, Sector, Territory


@extend_schema_field(OpenApiTypes.STR)
class SectorCodesFilter(django_filters.ModelMultipleChoiceFilter):
    """Sectors chosen by their codes (repeatable); an API schema says they are strings."""


def country_choices():
    return list(countries)


class OrganisationFilter(django_filters.FilterSet):
    """Filters of the public directory. An unknown value is reported and ignored."""

    q = django_filters.CharFilter(label=_("Name or acronym"), method="filter_q", max_length=100)
    sector = SectorCodesFilter(
        label=_("Sector"),
        # The predicate is built from the code (to_field_name), so it must compare codes.
        field_name="sector__code",
        to_field_name="code",
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        # An organisation has one sector: no row twice, so no DISTINCT (which would sort
        # every matching row instead of reading the name index a page at a time).
        distinct=False,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices)
    country = django_filters.ChoiceFilter(
        # Every Council of Europe member state can be chosen (a callable: read when the
        # form is built, never frozen in a field another reader cached).
        label=_("Country"),
        field_name="territory__country",
        choices=country_choices,
    )
    territory = django_filters.ModelChoiceFilter(
        label=_("Territory"),
        field_name="territory",
        to_field_name="slug",
        queryset=Territory.objects.exclude(name=""),
    )

    class Meta:
        model = Organisation
        fields = ["q", "sector", "kind", "country", "territory"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name_or_acronym(value))
