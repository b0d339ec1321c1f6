"""A member's action items, and their updates."""

import logging
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from stakeholders.permissions import (
    MemberRequiredMixin,
    roles,
)

from .. import rules, services
from ..forms import (
    ActionItemUpdateForm,
)
from ..models import (
    ActionItem,
)

logger = logging.getLogger(__name__)


# ------------------------------------------------------------- action items


class MyActionsView(MemberRequiredMixin, TemplateView):
    """The member's own action items: overdue first, then due soon, then the rest."""

    template_name = "meetings/my_actions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        r = roles(self.request.user)
        items = list(
            ActionItem.objects.filter(owner_id=r.person_id)
            .select_related("meeting", "meeting__group", "practice", "owner_organisation")
            .prefetch_related("comments__author")  # in Meta order: undated items last
        )
        today = timezone.localdate()
        context["overdue"] = [i for i in items if i.is_overdue]
        soon = today + timedelta(days=14)
        context["due_soon"] = [
            i for i in items if i.is_open and i.due_on and today <= i.due_on <= soon
        ]
        shown = {i.pk for i in context["overdue"] + context["due_soon"]}
        context["other_open"] = [i for i in items if i.is_open and i.pk not in shown]
        context["closed"] = [i for i in items if not i.is_open]
        context["status_choices"] = ActionItem.Status.choices
        return context


class ActionUpdateView(MemberRequiredMixin, View):
    def post(self, request, pk):
        item = get_object_or_404(ActionItem.objects.select_related("meeting"), pk=pk)
        r = roles(request.user)
        if item.owner_id != r.person_id and not rules.can_view(request.user, item.meeting):
            raise Http404  # an outsider learns nothing of another group's action items
        if item.owner_id != r.person_id and not rules.can_run(request.user, item.meeting):
            raise PermissionDenied
        form = ActionItemUpdateForm(request.POST)
        if form.is_valid():
            services.action_item_update(
                item=item,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
            messages.success(request, _("The action item has been updated."))
        else:
            messages.error(
                request, _("Choose a valid status (comments: 2,000 characters at most).")
            )
        if request.POST.get("back") == "meeting":
            return redirect(item.meeting)
        return redirect("meetings:my_actions")
