"""Coordinators run a meeting: create and change it, its agenda, invitations,
attendance, minutes, decisions, action items, documents; close or cancel it."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from practices import uploads
from practices.models import Improvement
from stakeholders import submissions
from stakeholders.permissions import (
    CoordinatorRequiredMixin,
    MemberRequiredMixin,
    coordinated_groups,
)

from .. import rules, services
from ..forms import (
    ActionItemForm,
    AgendaItemForm,
    AgendaItemPaperForm,
    AgendaItemUpdateForm,
    AttendanceStatusForm,
    DecisionForm,
    DecisionPublishForm,
    InviteForm,
    MeetingAttachmentForm,
    MeetingForm,
    MinutesCommentForm,
    MinutesForm,
)
from ..models import (
    AgendaItem,
    Decision,
)
from ..timetable import timetable
from .meeting import MeetingMixin, RunMeetingMixin, errors_text

logger = logging.getLogger(__name__)


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
                messages.error(request, errors_text(error))
            else:
                if not added:
                    return self.already_sent(None)
                messages.success(request, _("The item has been added to the agenda."))
        else:
            problems = [e for name, errs in form.errors.items() if name != "title" for e in errs]
            if "title" in form.errors:
                problems.insert(0, _("The agenda item needs a title (one line)."))
            messages.error(request, " ".join(problems))
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
            messages.error(request, errors_text(error))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


class AgendaUpdateView(RunMeetingMixin, View):
    """Change an item of a planned meeting's agenda (its duration above all), with the
    timetable the change gives."""

    planned_only = True
    template_name = "meetings/agenda_item_form.html"

    def render_form(self, form, item, *, status=200):
        agenda = self.meeting.agenda_items.select_related("minutes_of")
        context = {
            "meeting": self.meeting,
            "item": item,
            "form": form,
            "agenda": timetable(self.meeting, agenda),
        }
        return render(self.request, self.template_name, context, status=status)

    def get_form(self, item, data=None):
        return AgendaItemUpdateForm(
            data, instance=item, people=services.directory_people(self.meeting.group)
        )

    def get(self, request, item_pk):
        item = get_object_or_404(AgendaItem, pk=item_pk, meeting=self.meeting)
        return self.render_form(self.get_form(item), item)

    def post(self, request, item_pk):
        item = get_object_or_404(AgendaItem, pk=item_pk, meeting=self.meeting)
        form = self.get_form(item, request.POST)
        if form.is_valid():
            try:
                services.agenda_item_update(item=form.save(commit=False))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The agenda item has been saved."))
                return redirect(reverse("meetings:detail", args=[self.meeting.pk]) + "#agenda")
        return self.render_form(form, item, status=400)


class PaperAddView(RunMeetingMixin, AddToMeetingMixin, View):
    """Join a paper to one item of the agenda."""

    planned_only = True
    prefix = "paper"
    anchor = "#agenda"

    def post(self, request):
        meeting = self.meeting
        form = AgendaItemPaperForm(request.POST, request.FILES, meeting=meeting, prefix="paper")
        if form.is_valid():

            def add():
                paper = form.save(commit=False)
                return services.agenda_item_paper_add(item=paper.agenda_item, paper=paper)

            try:
                if not self.add_once(form, add):
                    return self.already_sent(None)
            except OSError as error:
                if not uploads.is_disk_full(error):
                    raise
                logger.error("A paper could not be stored, the storage is full: %s", error)
                messages.error(request, uploads.STORAGE_FULL)
            except ValidationError as error:
                messages.error(request, errors_text(error))
            else:
                messages.success(request, _("The paper has been added to the agenda item."))
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
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
            messages.error(request, _("Choose a valid status and mode for each person."))
        else:
            try:
                changed = services.record_attendance(
                    meeting=meeting, statuses=form.statuses(), modes=form.modes()
                )
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


class MinutesView(RunMeetingMixin, View):
    """Write the minutes; a concurrent save is caught and the second text kept."""

    template_name = "meetings/minutes_form.html"

    def check_meeting_permission(self):
        super().check_meeting_permission()
        if self.meeting.minutes_approved_at is not None:
            raise PermissionDenied(services.MINUTES_FROZEN)

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
                by=request.user,
            )
        except ValidationError as error:  # approved meanwhile: the text is kept on the page
            form.add_error(None, error)
            return render(
                request, self.template_name, {"meeting": meeting, "form": form}, status=409
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


class MinutesCommentView(MemberRequiredMixin, MeetingMixin, submissions.OneTimeViewMixin, View):
    """A member comments on the draft minutes of a closed meeting; the form sent twice
    adds the comment once."""

    def check_meeting_permission(self):
        if not rules.can_read_minutes(self.request.user, self.meeting):
            raise PermissionDenied

    def fallback_url(self):
        return reverse("meetings:detail", args=[self.meeting.pk]) + "#minutes"

    def earlier_url(self, target):
        # A comment has no page of its own: back to the minutes.
        return self.fallback_url()

    def post(self, request):
        meeting = self.meeting
        form = MinutesCommentForm(request.POST)
        target = self.fallback_url()
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect(target)
        try:
            self.once(
                form,
                lambda: services.minutes_comment_add(
                    meeting=meeting, by=request.user, text=form.cleaned_data["text"]
                ),
            )
        except submissions.AlreadySent as sent:
            return self.already_sent(sent.target)
        except ValidationError as error:
            messages.error(request, errors_text(error))
        else:
            messages.success(request, _("Your comment has been added."))
        return redirect(target)


class MinutesApproveView(RunMeetingMixin, View):
    """The approving meeting approves the minutes named by one of its agenda items (POST)."""

    def post(self, request, item_pk):
        meeting = self.meeting
        item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting, minutes_of__isnull=False)
        try:
            services.minutes_approve(item=item, by=request.user)
        except ValidationError as error:
            messages.error(request, errors_text(error))
        else:
            messages.success(
                request,
                _("The minutes are approved; the decision is recorded under the item."),
            )
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


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


class DecisionPublishView(RunMeetingMixin, View):
    """Publish a decision of a public meeting on the group's public page, or change its
    public note; also once the meeting is held (decisions are followed for months)."""

    def post(self, request, decision_pk):
        meeting = self.meeting
        decision = get_object_or_404(Decision, pk=decision_pk, meeting=meeting)
        form = DecisionPublishForm(request.POST, prefix=f"publish-{decision.pk}")
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["public_note"]))
        else:
            try:
                services.decision_publish(
                    decision=decision, note=form.cleaned_data["public_note"], by=request.user
                )
            except ValidationError as error:
                messages.error(request, errors_text(error))
            else:
                messages.success(request, _("The decision is on the group's public page."))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + f"#decision-{decision.pk}")


class DecisionUnpublishView(RunMeetingMixin, View):
    def post(self, request, decision_pk):
        meeting = self.meeting
        decision = get_object_or_404(Decision, pk=decision_pk, meeting=meeting)
        services.decision_unpublish(decision=decision, by=request.user)
        messages.success(request, _("The decision has been withdrawn from the public page."))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + f"#decision-{decision.pk}")


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
                messages.error(request, errors_text(error))
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
                messages.error(request, errors_text(error))
            else:
                messages.success(request, _("The document has been added."))
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#documents")


class MeetingStepView(RunMeetingMixin, View):
    """A confirmation page (GET), then the step (POST): closing or cancelling a meeting."""

    template_name = "meetings/confirm.html"
    action = ""  # "close" or "cancel": the confirmation page's wording

    def step(self, *, meeting, by):
        raise NotImplementedError

    def success_message(self) -> str:
        raise NotImplementedError

    def get(self, request):
        return render(request, self.template_name, {"meeting": self.meeting, "action": self.action})

    def post(self, request):
        meeting = self.meeting
        try:
            self.step(meeting=meeting, by=request.user)
        except ValidationError as error:
            messages.error(request, errors_text(error))
        else:
            messages.success(request, self.success_message())
        return redirect(meeting)


class CloseView(MeetingStepView):
    action = "close"

    def step(self, *, meeting, by):
        services.meeting_close(meeting=meeting, by=by)

    def success_message(self):
        return _(
            "The meeting is closed: minutes shared, and everyone present has been sent "
            "the decisions and their action items."
        )


class CancelView(MeetingStepView):
    action = "cancel"

    def step(self, *, meeting, by):
        services.meeting_cancel(meeting=meeting, by=by)

    def success_message(self):
        return _("The meeting is cancelled and the invitees have been told.")


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
            messages.error(request, errors_text(error))
        else:
            meeting = on_agenda.item.meeting
            values = {
                "meeting": meeting.title,
                "date": date_format(meeting.local_day, "DATE_FORMAT"),
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
