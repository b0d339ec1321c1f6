import logging
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from practices import uploads
from practices.models import Improvement
from stakeholders import submissions
from stakeholders.mail import absolute_url
from stakeholders.models import WorkingGroup
from stakeholders.permissions import (
    CoordinatorRequiredMixin,
    MemberRequiredMixin,
    coordinated_groups,
    roles,
)

from . import rules, services
from .calendar import calendar_for
from .forms import (
    ActionItemForm,
    ActionItemUpdateForm,
    AgendaItemForm,
    AttendanceStatusForm,
    DecisionForm,
    InviteForm,
    MeetingAttachmentForm,
    MeetingForm,
    MinutesForm,
)
from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarToken,
    Meeting,
    MeetingAttachment,
)

logger = logging.getLogger(__name__)


def _errors(error: ValidationError) -> str:
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
        meeting = Meeting.objects.select_related("group", "group__territory").filter(pk=pk).first()
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
        agenda = meeting.agenda_items.select_related("practice")
        context = {"meeting": meeting, "full": full, "can_run": can_run}
        if full:
            agenda = agenda.select_related("presenter").prefetch_related(
                "decisions",
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
            if rules.can_read_minutes(user, meeting) and meeting.minutes:
                context["minutes_html"] = meeting.rendered_minutes
            r = roles(user)
            context["my_attendance"] = next(
                (a for a in context["attendances"] if a.person_id == r.person_id), None
            )
        context["agenda"] = agenda
        if can_run and meeting.status == Meeting.Status.PLANNED:
            people = services.directory_people(meeting.group)
            context.update(
                agenda_form=AgendaItemForm(people=people, prefix="agenda"),
                decision_form=DecisionForm(meeting=meeting, prefix="decision"),
                action_form=ActionItemForm(meeting=meeting, people=people, prefix="action"),
                attendance_form=AttendanceStatusForm(attendances=context["attendances"]),
                attachment_form=MeetingAttachmentForm(prefix="doc"),
            )
        response = render(request, self.template_name, context)
        if full:
            response["Cache-Control"] = "private, no-store"
        return response


class MeetingCreateView(CoordinatorRequiredMixin, submissions.OneTimeViewMixin, View):
    template_name = "meetings/meeting_form.html"

    def get(self, request):
        form = MeetingForm(groups=coordinated_groups(request.user))
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = MeetingForm(request.POST, groups=coordinated_groups(request.user))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        try:
            meeting = self.once(
                form,
                lambda: services.meeting_create(meeting=form.save(commit=False), by=request.user),
            )
        except submissions.AlreadySent as sent:
            return self.already_sent(sent.target)
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, self.template_name, {"form": form}, status=400)
        messages.success(request, _("The meeting has been created. Build its agenda and invite."))
        if form.starts_in_the_past:
            messages.warning(
                request,
                _("Careful: this planned meeting starts in the past. Check its date."),
            )
        return redirect(meeting)

    def fallback_url(self):
        return reverse("meetings:list")


class MeetingUpdateView(RunMeetingMixin, View):
    template_name = "meetings/meeting_form.html"

    def get(self, request):
        meeting = self.meeting
        form = MeetingForm(instance=meeting, groups=coordinated_groups(request.user))
        return render(request, self.template_name, {"form": form, "meeting": meeting})

    def post(self, request):
        meeting = self.meeting
        form = MeetingForm(request.POST, instance=meeting, groups=coordinated_groups(request.user))
        if form.is_valid():
            try:
                services.meeting_update(
                    meeting=form.save(commit=False),
                    changed=form.changed_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The meeting has been saved."))
                if form.starts_in_the_past:
                    messages.warning(
                        request, _("Careful: this planned meeting starts in the past.")
                    )
                return redirect(meeting)
        return render(request, self.template_name, {"form": form, "meeting": meeting}, status=400)


class AddToMeetingMixin(submissions.OneTimeViewMixin):
    """The forms of a planned meeting's page that add something (an agenda item, a
    decision, an action item, a document): sent twice, they add it once."""

    anchor = ""

    def fallback_url(self):
        return reverse("meetings:detail", args=[self.meeting.pk]) + self.anchor

    def add_once(self, form, create) -> bool:
        """``create()`` unless this form was sent already; whether it was made now."""
        try:
            self.once(form, create)
        except submissions.AlreadySent:
            return False
        return True


class AgendaAddView(RunMeetingMixin, AddToMeetingMixin, View):
    planned_only = True
    prefix = "agenda"
    anchor = "#agenda"

    def post(self, request):
        meeting = self.meeting
        form = AgendaItemForm(
            request.POST, people=services.directory_people(meeting.group), prefix="agenda"
        )
        if form.is_valid():
            try:
                added = self.add_once(
                    form,
                    lambda: services.agenda_item_add(meeting=meeting, item=form.save(commit=False)),
                )
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                if not added:
                    return self.already_sent(None)
                messages.success(request, _("The item has been added to the agenda."))
        else:
            messages.error(request, _("The agenda item needs a title (one line)."))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


class AgendaMoveView(RunMeetingMixin, View):
    """Move an agenda item up or down (or remove it): plain buttons, no JavaScript."""

    planned_only = True

    def post(self, request, item_pk):
        meeting = self.meeting
        item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
        direction = request.POST.get("direction")
        try:
            if direction == "remove":
                services.agenda_item_remove(item=item)
                messages.success(request, _("The item has been removed from the agenda."))
            elif direction in ("up", "down"):
                services.agenda_item_move(item=item, direction=direction)
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


class InviteView(RunMeetingMixin, submissions.OneTimeViewMixin, View):
    template_name = "meetings/invite_form.html"

    def get_form(self, data=None):
        meeting = self.meeting
        already = set(meeting.attendances.values_list("person_id", flat=True))
        people = [p for p in services.directory_people(meeting.group) if p.pk not in already]
        return InviteForm(data, people=people)

    def get(self, request):
        meeting = self.meeting
        return render(request, self.template_name, {"meeting": meeting, "form": self.get_form()})

    def post(self, request):
        meeting = self.meeting
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                created = self.once(
                    form,
                    lambda: services.invite(
                        meeting=meeting,
                        people=list(form.cleaned_data["people"]),
                    ),
                )
            except submissions.AlreadySent:
                return self.already_sent(None)
            except ValidationError as error:
                form.add_error("people", error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s invitation sent, with a calendar file.",
                        "%(count)s invitations sent, each with a calendar file.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect(meeting)
        return render(request, self.template_name, {"meeting": meeting, "form": form}, status=400)

    def fallback_url(self):
        return self.meeting.get_absolute_url()


class AttendanceView(RunMeetingMixin, View):
    planned_only = True

    def post(self, request):
        meeting = self.meeting
        form = AttendanceStatusForm(
            request.POST, attendances=meeting.attendances.select_related("person")
        )
        if not form.is_valid():
            messages.error(request, _("Choose a valid status for each person."))
        else:
            try:
                changed = services.record_attendance(meeting=meeting, statuses=form.statuses())
            except ValidationError as refusal:  # closed or cancelled since the page was read
                messages.error(request, " ".join(refusal.messages))
                return redirect(meeting)
            messages.success(
                request,
                ngettext(
                    "Attendance saved (%(count)s change).",
                    "Attendance saved (%(count)s changes).",
                    changed,
                )
                % {"count": changed},
            )
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#attendance")


class RespondView(MemberRequiredMixin, MeetingMixin, View):
    """A member answers from the meeting page."""

    def post(self, request):
        r = roles(request.user)
        attendance = get_object_or_404(Attendance, meeting=self.meeting, person_id=r.person_id)
        try:
            services.respond(attendance=attendance, status=request.POST.get("status", ""))
        except ValidationError as error:
            messages.error(request, _errors(error))
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
                {"attendance": self.attendance, "error": _errors(error)},
                status=400,
            )
        return render(request, self.template_name, {"attendance": self.attendance, "done": True})


class MinutesView(RunMeetingMixin, View):
    """Write the minutes; a concurrent save is caught and the second text kept."""

    template_name = "meetings/minutes_form.html"

    def get(self, request):
        meeting = self.meeting
        form = MinutesForm(initial={"minutes": meeting.minutes, "version": meeting.minutes_version})
        return render(request, self.template_name, {"meeting": meeting, "form": form})

    def post(self, request):
        meeting = self.meeting
        form = MinutesForm(request.POST)
        if not form.is_valid():
            return render(
                request, self.template_name, {"meeting": meeting, "form": form}, status=400
            )
        try:
            services.minutes_save(
                meeting=meeting,
                text=form.cleaned_data["minutes"],
                expected_version=form.cleaned_data["version"],
            )
        except services.MinutesConflict as conflict:
            data = request.POST.copy()
            data["version"] = conflict.current.minutes_version
            form = MinutesForm(data)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else saved these minutes while you were writing. Your text is "
                    "kept below and theirs is shown underneath: merge them, then save again."
                ),
            )
            context = {
                "meeting": meeting,
                "form": form,
                "their_minutes": conflict.current.minutes,
            }
            return render(request, self.template_name, context, status=409)
        messages.success(request, _("The minutes have been saved."))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#minutes")


class DecisionAddView(RunMeetingMixin, AddToMeetingMixin, View):
    planned_only = True
    prefix = "decision"
    anchor = "#agenda"

    def post(self, request):
        meeting = self.meeting
        form = DecisionForm(request.POST, meeting=meeting, prefix="decision")
        if form.is_valid():
            added = self.add_once(
                form,
                lambda: services.decision_add(
                    meeting=meeting,
                    agenda_item=form.cleaned_data["agenda_item"],
                    text=form.cleaned_data["text"],
                ),
            )
            if not added:
                return self.already_sent(None)
            messages.success(request, _("The decision has been recorded."))
        else:
            messages.error(request, _("Choose an agenda item and write the decision."))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


class ActionAddView(RunMeetingMixin, AddToMeetingMixin, View):
    planned_only = True
    prefix = "action"
    anchor = "#agenda"

    def post(self, request):
        meeting = self.meeting
        form = ActionItemForm(
            request.POST,
            meeting=meeting,
            people=services.directory_people(meeting.group),
            prefix="action",
        )
        if form.is_valid():
            try:
                added = self.add_once(
                    form,
                    lambda: services.action_item_add(meeting=meeting, item=form.save(commit=False)),
                )
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                if not added:
                    return self.already_sent(None)
                messages.success(request, _("The action item has been recorded."))
        else:
            messages.error(
                request,
                _(
                    "An action item needs the action to take and an owner from the "
                    "group's directory."
                ),
            )
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


class AttachmentAddView(RunMeetingMixin, AddToMeetingMixin, View):
    planned_only = True
    prefix = "doc"
    anchor = "#documents"

    def post(self, request):
        meeting = self.meeting
        form = MeetingAttachmentForm(request.POST, request.FILES, prefix="doc")
        if form.is_valid():

            def add():
                return services.meeting_attachment_add(
                    meeting=meeting, attachment=form.save(commit=False)
                )

            try:
                if not self.add_once(form, add):
                    return self.already_sent(None)
            except OSError as error:
                if not uploads.is_disk_full(error):
                    raise
                logger.error(
                    "A meeting document could not be stored, the storage is full: %s", error
                )
                messages.error(request, uploads.STORAGE_FULL)
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(request, _("The document has been added."))
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#documents")


class AttachmentDownloadView(MemberRequiredMixin, MeetingMixin, View):
    def get(self, request, doc_pk):
        if not rules.is_group_member(request.user, self.meeting):
            raise Http404
        return get_object_or_404(MeetingAttachment, pk=doc_pk, meeting=self.meeting).download()


class CloseView(RunMeetingMixin, View):
    template_name = "meetings/confirm.html"

    def get(self, request):
        meeting = self.meeting
        return render(request, self.template_name, {"meeting": meeting, "action": "close"})

    def post(self, request):
        meeting = self.meeting
        try:
            services.meeting_close(
                meeting=meeting,
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request,
                _(
                    "The meeting is closed: minutes shared, and everyone present has been sent "
                    "the decisions and their action items."
                ),
            )
        return redirect(meeting)


class CancelView(RunMeetingMixin, View):
    template_name = "meetings/confirm.html"

    def get(self, request):
        meeting = self.meeting
        return render(request, self.template_name, {"meeting": meeting, "action": "cancel"})

    def post(self, request):
        meeting = self.meeting
        try:
            services.meeting_cancel(
                meeting=meeting,
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request, _("The meeting is cancelled and the invitees have been told.")
            )
        return redirect(meeting)


class MinutesPrintView(MemberRequiredMixin, MeetingMixin, View):
    def get(self, request):
        meeting = self.meeting
        if not rules.can_read_minutes(request.user, meeting):
            raise Http404
        context = {
            "meeting": meeting,
            "minutes_html": meeting.rendered_minutes,
            "agenda": meeting.agenda_items.prefetch_related(
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


class ImprovementToAgendaView(MemberRequiredMixin, View):
    """Put a suggestion on the agenda of its group's next meeting in one step (POST only),
    then back to the suggestion, saying where it stands."""

    def post(self, request, pk):
        improvement = get_object_or_404(
            Improvement.objects.select_related("practice", "practice__group"), pk=pk
        )
        if not rules.can_run(request.user, improvement.practice.group):
            raise PermissionDenied
        try:
            on_agenda = services.improvement_to_agenda(improvement=improvement, by=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            meeting = on_agenda.item.meeting
            values = {
                "meeting": meeting.title,
                "date": date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT"),
            }
            if on_agenda.added:
                messages.success(
                    request,
                    _("The suggestion is on the agenda of “%(meeting)s” (%(date)s).") % values,
                )
            else:
                messages.info(
                    request,
                    _("The suggestion is already on the agenda of “%(meeting)s” (%(date)s).")
                    % values,
                )
        return redirect(improvement)
