"""The decisions a group follows in public: a page per group, with their progress."""

from django.shortcuts import get_object_or_404
from django_filters.views import FilterView

from stakeholders.models import WorkingGroup
from stakeholders.pagination import LenientPaginationMixin

from ..filters import DecisionFilter
from ..models import Decision


class GroupDecisionsView(LenientPaginationMixin, FilterView):
    """Public decisions of a group's held public meetings, filtered by progress."""

    filterset_class = DecisionFilter
    paginate_by = 20
    strict = False
    template_name = "meetings/group_decisions.html"

    def dispatch(self, request, *args, slug, **kwargs):
        self.group = get_object_or_404(WorkingGroup, slug=slug)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Decision.objects.public_page_of(self.group)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.group
        return context
