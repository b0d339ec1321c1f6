import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Decision


class DecisionFilter(django_filters.FilterSet):
    """Filter of a group's public decisions. An unknown value is reported and ignored."""

    progress = django_filters.ChoiceFilter(
        label=_("Progress"), choices=Decision.Progress.choices, field_name="progress"
    )

    class Meta:
        model = Decision
        fields = ["progress"]
