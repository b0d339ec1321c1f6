"""The decisions a group follows in public: a page per group, with their progress."""

from django.shortcuts import get_object_or_404
from django_filters.views import FilterView

from stakeholders.models import WorkingGroup
from stakeholders.pagination import LenientPaginationMixin

from ..filters import DecisionFilter
from ..models import Decision


def public_decisions(group):
    """The group's decisions followed in public, newest meeting first, with their progress:
    only what the public may read (no action item, no owner)."""
    return (
        Decision.objects.followed_in_public()
        .filter(meeting__group=group)
        .with_progress()
        .select_related("meeting")
        .only(
            "text",
            "public_note",
            "made_public_at",
            "created_at",
            "meeting__title",
            "meeting__starts_at",
            "meeting__timezone",
        )
        .order_by("-meeting__starts_at", "-meeting_id", "agenda_item__position", "id")
    )


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
        return public_decisions(self.group)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.group
        return context
