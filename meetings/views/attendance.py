"""What attending a meeting gives: the way in to an online meeting (the join address) and,
afterwards, the attendance certificate and its public check."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from stakeholders.permissions import roles

from .. import certificates, rules
from ..models import Meeting


class JoinView(LoginRequiredMixin, View):
    """``/meetings/<pk>/join/``: to the video link when rules.join_state lets the user in;
    otherwise a page saying why (too early, over, not invited)."""

    def get(self, request, pk):
        meeting = Meeting.objects.select_related("group").filter(pk=pk).first()
        if meeting is None:
            raise Http404
        r = roles(request.user)
        invited = rules.invited_to(r.person_id, meeting)
        # Those who may not even see the meeting learn nothing of it.
        if not (invited or rules.can_view(request.user, meeting)):
            raise Http404
        state = rules.join_state(request.user, meeting, invited=invited)
        if state == rules.JOIN_OPEN:
            response = redirect(meeting.online_url)
        else:
            response = render(
                request,
                "meetings/join.html",
                {
                    "meeting": meeting,
                    "state": state,
                    "opens_minutes": settings.MEETING_LINK_OPENS_MINUTES,
                },
                status=200 if state == rules.JOIN_NOT_YET else 403,
            )
        response["Cache-Control"] = "private, no-store"
        return response


class CertificateView(LoginRequiredMixin, View):
    """One person's certificate of attendance at one held meeting, as a PDF to download
    (``?format=html``: the same page to read or print in the browser). For the person
    themself, the group's coordinators and staff; 404 for anyone else."""

    def get(self, request, pk, person_pk):
        attendance = certificates.certified().filter(meeting_id=pk, person_id=person_pk).first()
        if attendance is None or not rules.can_get_certificate(request.user, attendance):
            raise Http404
        certificate = certificates.certificate_for(attendance)
        if request.GET.get("format") == "html":
            response = HttpResponse(certificate.html())
        else:
            response = HttpResponse(certificate.pdf(), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{certificate.filename}"'
        response["Cache-Control"] = "private, no-store"
        response["Content-Language"] = certificate.language
        return response


class CertificateVerifyView(View):
    """Whoever holds a certificate's reference checks it: the person's name, the meeting and
    its date, nothing more."""

    def get(self, request, code):
        attendance = certificates.attendance_for_reference(code)
        context = {"attendance": attendance}
        if attendance is not None:
            context["date"] = attendance.meeting.local_day
        response = render(
            request,
            "meetings/certificate/verify.html",
            context,
            status=200 if attendance else 404,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
