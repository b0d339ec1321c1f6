"""Invitees answer an invitation: from the portal or from the link in the email."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from stakeholders.permissions import (
    MemberRequiredMixin,
    roles,
)

from .. import services
from ..models import (
    Attendance,
)
from .meeting import MeetingMixin, errors_text

logger = logging.getLogger(__name__)


class RespondView(MemberRequiredMixin, MeetingMixin, View):
    """A member answers from the meeting page."""

    def post(self, request):
        r = roles(request.user)
        attendance = get_object_or_404(Attendance, meeting=self.meeting, person_id=r.person_id)
        try:
            services.respond(attendance=attendance, status=request.POST.get("status", ""))
        except ValidationError as error:
            messages.error(request, errors_text(error))
        else:
            messages.success(request, _("Thank you, your answer has been recorded."))
        # Back to the page the answer came from (the member home), if it is one of ours.
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(back)
        return redirect(self.meeting)


class RsvpView(View):
    """Confirm or decline from the email link, without logging in (signed token)."""

    template_name = "meetings/rsvp.html"

    def dispatch(self, request, *args, token, **kwargs):
        self.attendance = services.attendance_for_token(token)
        if self.attendance is None:
            return render(request, self.template_name, {"invalid": True}, status=404)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"attendance": self.attendance})

    def post(self, request):
        try:
            services.respond(attendance=self.attendance, status=request.POST.get("status", ""))
        except ValidationError as error:
            return render(
                request,
                self.template_name,
                {"attendance": self.attendance, "error": errors_text(error)},
                status=400,
            )
        return render(request, self.template_name, {"attendance": self.attendance, "done": True})
