"""Private calendar addresses of a member's groups, and the feeds behind them."""

import logging

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from stakeholders.mail import absolute_url
from stakeholders.models import WorkingGroup
from stakeholders.permissions import (
    MemberRequiredMixin,
    roles,
)

from .. import rules, services
from ..calendar import calendar_for
from ..models import (
    CalendarToken,
    Meeting,
)

logger = logging.getLogger(__name__)


# ------------------------------------------------------------- calendar feeds


class CalendarTokensView(MemberRequiredMixin, View):
    """A member's private calendar addresses, one per group; revocable at any time."""

    template_name = "meetings/calendar_tokens.html"

    def groups(self):
        r = roles(self.request.user)
        return (
            WorkingGroup.objects.filter(pk__in=r.member_of)
            if not r.is_staff
            else WorkingGroup.objects.all()
        )

    def get(self, request):
        tokens = CalendarToken.objects.filter(
            user=request.user, revoked_at__isnull=True
        ).select_related("group")
        context = {
            "groups": self.groups(),
            "tokens": tokens,
            "new_url": request.session.pop("new_calendar_url", None),
        }
        response = render(request, self.template_name, context)
        response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request):
        group = get_object_or_404(self.groups(), pk=request.POST.get("group") or 0)
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(user=request.user, group=group)
            messages.success(request, _("The calendar address has been revoked."))
            return redirect("meetings:calendar_tokens")
        token = services.calendar_token_create(user=request.user, group=group)
        request.session["new_calendar_url"] = absolute_url(
            reverse("meetings:group_feed", kwargs={"token": token})
        )
        messages.success(
            request,
            _("Your new private calendar address is shown below; it replaces any earlier one."),
        )
        return redirect("meetings:calendar_tokens")


@never_cache
def group_feed(request, token):
    """A working group's meetings for calendar applications, behind a private token."""
    record = (
        CalendarToken.objects.select_related("group", "user")
        .filter(token_hash=CalendarToken.hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if (
        record is None
        or not record.user.is_active
        or not rules.belongs_to_group(record.user, record.group_id)
    ):
        raise Http404
    # Each event names its group: read with the meetings, not once per meeting.
    meetings = Meeting.objects.filter(group=record.group).select_related("group")
    meetings = meetings.order_by("starts_at")
    body = calendar_for(meetings, name=str(record.group))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
