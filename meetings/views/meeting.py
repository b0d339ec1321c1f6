"""Meetings as people see them: the list, a meeting's page, its documents, its printed
minutes and calendar file."""

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from stakeholders.models import WorkingGroup
from stakeholders.permissions import (
    MemberRequiredMixin,
    roles,
)

from .. import rules, services
from ..calendar import calendar_for
from ..forms import (
    ActionItemForm,
    AgendaItemForm,
    AgendaItemPaperForm,
    AttendanceStatusForm,
    DecisionForm,
    DecisionPublishForm,
    MeetingAttachmentForm,
    MinutesCommentForm,
)
from ..models import (
    ActionItem,
    AgendaItemPaper,
    Attendance,
    Decision,
    Meeting,
    MeetingAttachment,
    MinutesVersion,
)
from ..timetable import timetable

logger = logging.getLogger(__name__)


def errors_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class MeetingListView(TemplateView):
    """Upcoming and past meetings: the members' groups' ones, and public ones for all."""

    template_name = "meetings/meeting_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = Meeting.objects.visible_to(self.request.user).select_related("group")
        # ?group=<slug>: one group's meetings (the link on a group's page).
        slug = self.request.GET.get("group")
        group = WorkingGroup.objects.filter(slug=slug).first() if slug else None
        if group is not None:
            visible = visible.filter(group=group)
        context["group"] = group
        context["upcoming"] = visible.upcoming()
        context["past"] = visible.past()[:50]
        context["can_create"] = roles(self.request.user).is_coordinator
        return context


class MeetingMixin:
    """Loads the meeting of the URL; 404 for those who may not see it at all."""

    def dispatch(self, request, *args, pk, **kwargs):
        meeting = (
            Meeting.objects.select_related(
                "group", "group__territory", "minutes_approved_by__meeting"
            )
            .filter(pk=pk)
            .first()
        )
        if meeting is None or not rules.can_view(request.user, meeting):
            raise Http404
        self.meeting = meeting
        if hasattr(self, request.method.lower()):  # else View answers 405 to anyone
            self.check_meeting_permission()
        return super().dispatch(request, *args, **kwargs)

    def check_meeting_permission(self):
        """Refuse (PermissionDenied) what the view's user may not do to ``self.meeting``."""


class RunMeetingMixin(MeetingMixin):
    """Only coordinators of the meeting's group (and staff) get in; others see 403. The
    handlers then use ``self.meeting``: the permission is checked once, here."""

    # Agenda, attendance, decisions, actions and documents change only while planned.
    planned_only = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def check_meeting_permission(self):
        if not rules.can_run(self.request.user, self.meeting):
            raise PermissionDenied
        if self.planned_only and self.meeting.status != Meeting.Status.PLANNED:
            raise PermissionDenied(
                _("This meeting is closed or cancelled: it can no longer be changed.")
            )


class MeetingDetailView(MeetingMixin, View):
    template_name = "meetings/meeting_detail.html"

    def get(self, request):
        meeting, user = self.meeting, request.user
        full = rules.is_group_member(user, meeting)
        can_run = rules.can_run(user, meeting)
        r = roles(user)
        agenda = meeting.agenda_items.select_related("practice", "minutes_of")
        context = {"meeting": meeting, "full": full, "can_run": can_run}
        context["can_approve"] = rules.can_approve_minutes_at(user, meeting)
        if full:
            agenda = agenda.select_related("presenter").prefetch_related(
                "decisions",
                "papers",
                Prefetch(
                    "action_items",
                    queryset=ActionItem.objects.select_related("owner", "owner_organisation"),
                ),
            )
            context["attendances"] = meeting.attendances.select_related(
                "person", "person__organisation", "person__organisation__sector"
            )
            context["presence"] = services.sector_presence(meeting)
            context["carried_over"] = ActionItem.objects.carried_over_to(meeting).select_related(
                "owner", "meeting"
            )
            context["attachments"] = meeting.attachments.all()
            if rules.can_read_minutes(user, meeting):
                if meeting.minutes:
                    context["minutes_html"] = meeting.rendered_minutes
                context.update(_minutes_review(meeting, user))
            context["my_attendance"] = next(
                (a for a in context["attendances"] if a.person_id == r.person_id), None
            )
            invited = rules.still_invited(context["my_attendance"])
        elif rules.has_online_link(meeting) and r.person_id is not None:
            # An invitee outside the group, on a public meeting's page.
            invited = rules.invited_to(r.person_id, meeting)
        else:
            invited = False
        context["join_state"] = rules.join_state(user, meeting, invited=invited)
        context["link_opens_minutes"] = settings.MEETING_LINK_OPENS_MINUTES
        context["certificates"] = meeting.status == Meeting.Status.HELD and full
        if full and rules.can_publish_decisions(user, meeting):
            # Each decision gets its form to publish it (or change its note) on the group's
            # public page, before and after the meeting is held.
            agenda = list(agenda)
            for item in agenda:
                for decision in item.decisions.all():
                    decision.publish_form = DecisionPublishForm(
                        prefix=f"publish-{decision.pk}",
                        initial={"public_note": decision.public_note},
                    )
        # Each item with its start and end (computed, no query per item).
        context["agenda"] = timetable(meeting, agenda)
        if meeting.is_public:
            context["public_decisions"] = (
                Decision.objects.followed_in_public().filter(meeting=meeting).with_progress()
            )
        if can_run and meeting.status == Meeting.Status.PLANNED:
            people = services.directory_people(meeting.group)
            context.update(
                agenda_form=AgendaItemForm(people=people, prefix="agenda"),
                decision_form=DecisionForm(meeting=meeting, prefix="decision"),
                action_form=ActionItemForm(meeting=meeting, people=people, prefix="action"),
                attendance_form=AttendanceStatusForm(attendances=context["attendances"]),
                attachment_form=MeetingAttachmentForm(prefix="doc"),
                paper_form=AgendaItemPaperForm(meeting=meeting, prefix="paper"),
            )
        response = render(request, self.template_name, context)
        if full or invited:
            response["Cache-Control"] = "private, no-store"
        return response


def _minutes_review(meeting: Meeting, user) -> dict:
    """What the meeting's page shows of its closed minutes to those who read them: where
    they stand (draft awaiting approval, or approved), the comments, the comment form."""
    if meeting.status != Meeting.Status.HELD:
        return {}
    context = {
        "minutes_comments": meeting.minutes_comments.select_related("author"),
        "has_versions": meeting.minutes_versions.exists(),
    }
    if meeting.minutes_approved_at is None:
        context["approval_item"] = (
            meeting.approval_items.filter(meeting__status=Meeting.Status.PLANNED)
            .select_related("meeting")
            .order_by("meeting__starts_at")
            .first()
        )
        context["comment_form"] = MinutesCommentForm()
    return context


class MinutesVersionsView(MemberRequiredMixin, MeetingMixin, View):
    """The versions of a closed meeting's minutes (?version=<number>: that one; else the
    latest), the approved one marked."""

    def get(self, request):
        meeting = self.meeting
        if not rules.can_read_minutes(request.user, meeting):
            raise Http404
        versions = list(
            meeting.minutes_versions.select_related("saved_by")
            .defer("text", "html")
            .order_by("-number")
        )
        if not versions:
            raise Http404
        try:
            number = int(request.GET.get("version", versions[0].number))
        except ValueError:
            number = versions[0].number
        shown = get_object_or_404(MinutesVersion, meeting=meeting, number=number)
        context = {
            "meeting": meeting,
            "versions": versions,
            "shown": shown,
            # Approved minutes are frozen: their last version is the one approved.
            "approved_number": versions[0].number if meeting.minutes_approved_at else None,
        }
        response = render(request, "meetings/minutes_versions.html", context)
        response["Cache-Control"] = "private, no-store"
        return response


class AttachmentDownloadView(MemberRequiredMixin, MeetingMixin, View):
    def get(self, request, doc_pk):
        if not rules.is_group_member(request.user, self.meeting):
            raise Http404
        return get_object_or_404(MeetingAttachment, pk=doc_pk, meeting=self.meeting).download()


class PaperDownloadView(MemberRequiredMixin, MeetingMixin, View):
    """An agenda item's paper: for the group's members (and staff), like the documents."""

    def get(self, request, item_pk, paper_pk):
        if not rules.is_group_member(request.user, self.meeting):
            raise Http404
        return get_object_or_404(
            AgendaItemPaper,
            pk=paper_pk,
            agenda_item_id=item_pk,
            agenda_item__meeting=self.meeting,
        ).download()


class MinutesPrintView(MemberRequiredMixin, MeetingMixin, View):
    def get(self, request):
        meeting = self.meeting
        if not rules.can_read_minutes(request.user, meeting):
            raise Http404
        context = {
            "meeting": meeting,
            "minutes_html": meeting.rendered_minutes,
            "agenda": meeting.agenda_items.select_related("minutes_of").prefetch_related(
                "decisions",
                Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")),
            ),
            "present": meeting.attendances.filter(status=Attendance.Status.PRESENT).select_related(
                "person", "person__organisation"
            ),
        }
        response = render(request, "meetings/minutes_print.html", context)
        response["Cache-Control"] = "private, no-store"
        return response


def meeting_ics(request, pk):
    """One meeting as an iCalendar file, under the meeting's visibility rules."""
    meeting = Meeting.objects.select_related("group").filter(pk=pk).first()
    if meeting is None or not rules.can_view(request.user, meeting):
        raise Http404
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "PUBLISH"
    response = HttpResponse(
        calendar_for(
            [meeting],
            method=method,
            private=rules.is_group_member(request.user, meeting),
        ),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response
