import django_filters
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
        queryset=Territory.objects.filter(protocols__isnull=False).distinct(),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="territory__country",
        choices=lambda: [
            (code, countries.name(code))
            for code in Territory.objects.filter(protocols__isnull=False).countries_in_use()
        ],
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Protocol.Kind.choices)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector bound"),
        field_name="signatories__organisation__sector",
        to_field_name="code",
        queryset=Sector.objects.all(),
        distinct=True,
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

    def filter_review(self, queryset, name, value):
        return queryset.due_for_review() if value == "due" else queryset
