"""What coordinators and members do with meetings; each action writes all or nothing and
sends its emails only once the transaction has committed."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from practices.markdown import render_markdown
from practices.models import Improvement, Practice
from stakeholders import audit, mail
from stakeholders.mail import Attachment, Link
from stakeholders.models import AuditEvent, Sector
from stakeholders.permissions import people_managed_by

from . import rules
from .calendar import calendar_for
from .models import (
    MATTERS_ARISING_MINUTES,
    MATTERS_ARISING_TITLE,
    ActionItem,
    ActionItemComment,
    AgendaItem,
    AgendaItemPaper,
    Attendance,
    CalendarToken,
    Decision,
    Meeting,
    MeetingAttachment,
    MinutesComment,
    MinutesVersion,
    minutes_approval_title,
)
from .timetable import timetable

RSVP_SALT = "meetings.rsvp"
# What stakeholders.mail reads of a person to choose their language.
PERSON_FOR_MAIL = ("person__user", "person__organisation__territory")
RSVP_MAX_AGE = 60 * 60 * 24 * 120  # an invitation link works for four months


def directory_people(group):
    """People a group may invite or give an action: its members, and the people in no group
    of the organisations it manages (stakeholders.permissions: never another group's)."""
    return (
        people_managed_by([group.pk])
        .filter(erased_at__isnull=True)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


def rsvp_token(attendance: Attendance) -> str:
    return signing.dumps({"a": attendance.pk}, salt=RSVP_SALT, compress=True)


def attendance_for_token(token: str) -> Attendance | None:
    try:
        data = signing.loads(token, salt=RSVP_SALT, max_age=RSVP_MAX_AGE)
    except signing.BadSignature:
        return None
    # An erased person's links stop working with the erasure.
    return (
        Attendance.objects.select_related("meeting", "meeting__group", "person")
        .filter(pk=data.get("a"), person__erased_at__isnull=True)
        .first()
    )


@transaction.atomic
def meeting_create(*, meeting: Meeting, by) -> Meeting:
    """Save a new meeting; the group's open action items are carried over as "matters
    arising", the first point of its agenda."""
    meeting.created_by = by
    meeting.full_clean()
    meeting.save()
    if ActionItem.objects.carried_over_to(meeting).exists():
        AgendaItem.objects.create(
            meeting=meeting,
            position=0,
            title=_(MATTERS_ARISING_TITLE),
            matters_arising=True,
            duration_minutes=MATTERS_ARISING_MINUTES,
        )
    # Earlier minutes still awaiting approval, and on no other planned meeting's agenda.
    waiting = (
        Meeting.objects.filter(
            group_id=meeting.group_id,
            status=Meeting.Status.HELD,
            minutes_approved_at__isnull=True,
            starts_at__lt=meeting.starts_at,
        )
        .exclude(approval_items__meeting__status=Meeting.Status.PLANNED)
        .order_by("starts_at", "pk")
        # Locked as meeting_close and meeting_cancel lock them: never on two agendas.
        .select_for_update(of=("self",))
    )
    for earlier in waiting:
        _approval_item_add(approved=earlier, on=meeting)
    return meeting


def _approval_item_add(*, approved: Meeting, on: Meeting) -> AgendaItem:
    """Put the approval of ``approved``'s minutes on the agenda of ``on`` (a planned
    meeting whose row the caller locked, or has just created), once."""
    existing = on.agenda_items.filter(minutes_of=approved).first()
    if existing is not None:
        return existing
    item = AgendaItem(
        meeting=on,
        position=0,
        title=Truncator(minutes_approval_title(approved)).chars(200),
        minutes_of=approved,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def meeting_update(*, meeting: Meeting, changed: list[str]):
    """Save changes; a new time or place is sent to the invitees as an updated event."""
    # The status as stored (locked): a close or cancel since the form was read wins.
    if _lock(meeting.pk) != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be changed."), code="not_planned")
    meeting.full_clean()
    moved = bool({"starts_at", "ends_at", "place", "online_url", "title"} & set(changed))
    if moved:
        meeting.sequence += 1
    meeting.save()
    if moved:
        _send_invitations(
            meeting,
            meeting.attendances.exclude(status=Attendance.Status.DECLINED).select_related(
                *PERSON_FOR_MAIL
            ),
            template="updated",
        )
    return meeting


def calendar_attachment(meeting: Meeting, *, method: str = "REQUEST") -> Attachment:
    """The meeting's calendar file, joined to an email (written in each recipient's
    language): its UID and SEQUENCE make calendars update the event they already hold."""
    return Attachment(
        "invitation.ics",
        lambda: calendar_for([meeting], method=method),
        # Django adds the charset itself: naming it here too would repeat the parameter.
        f"text/calendar; method={method}",
    )


def _send_invitations(meeting, attendances, *, template, method="REQUEST"):
    """Email each invitee ``template`` with the meeting's calendar file (``method``), in
    their language, with their own answer link."""
    attendances = list(attendances)
    ics = calendar_attachment(meeting, method=method)
    # The invitation lists the timed agenda and each item's papers (their titles: the files
    # are on the meeting's page, for the group's members).
    agenda = (
        timetable(meeting, meeting.agenda_items.prefetch_related("papers"))
        if template == "invitation" and attendances
        else None
    )
    has_papers = bool(agenda) and any(slot.item.papers.all() for slot in agenda)
    answer_link = {
        attendance.person_id: Link("meetings:rsvp", token=rsvp_token(attendance))
        for attendance in attendances
    }
    mail.notify(
        to=[attendance.person for attendance in attendances],
        template=f"meetings/email/{template}",
        context=lambda person: {
            "meeting": meeting,
            "person": person,
            "link": Link(meeting),
            "rsvp_link": answer_link[person.pk],
            # The portal's join address (rules.join_state), never the video link itself.
            "join_link": Link("meetings:join", pk=meeting.pk)
            if rules.has_online_link(meeting)
            else None,
            "link_opens_minutes": settings.MEETING_LINK_OPENS_MINUTES,
            "agenda": agenda,
            "has_papers": has_papers,
        },
        attachments=[ics],
    )


def _lock(meeting_id) -> str:
    """Lock the meeting's row until the end of the transaction and return its status as
    committed. Every change to a meeting's attendances takes this lock first, as
    meeting_close and meeting_cancel do: such changes then run one at a time, in the same
    order (no deadlock), and never act on a status another one has just changed."""
    return Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=meeting_id)


@transaction.atomic
def invite(*, meeting: Meeting, people) -> list[Attendance]:
    """Invite people of the group's directory; anyone outside it is refused by name."""
    if _lock(meeting.pk) != Meeting.Status.PLANNED:
        raise ValidationError(_("Invitations go only to planned meetings."), code="not_planned")
    allowed = set(directory_people(meeting.group).values_list("pk", flat=True))
    outside = [person for person in people if person.pk not in allowed]
    if outside:
        raise ValidationError(
            _(
                "These people are not in the directory of %(group)s and cannot be invited: "
                "%(names)s. Add them to one of the group's organisations first."
            )
            % {"group": meeting.group, "names": ", ".join(p.full_name for p in outside)},
            code="outside_directory",
        )
    already = set(meeting.attendances.values_list("person_id", flat=True))
    created = [
        Attendance.objects.create(meeting=meeting, person=person)
        for person in people
        if person.pk not in already
    ]
    _send_invitations(
        meeting,
        meeting.attendances.filter(pk__in=[a.pk for a in created]).select_related(*PERSON_FOR_MAIL),
        template="invitation",
    )
    return created


@transaction.atomic
def respond(*, attendance: Attendance, status: str) -> Attendance:
    """An invitee confirms or declines."""
    if status not in (Attendance.Status.CONFIRMED, Attendance.Status.DECLINED):
        raise ValidationError(_("Answer yes or no."), code="bad_answer")
    if _lock(attendance.meeting_id) != Meeting.Status.PLANNED:
        raise ValidationError(_("This meeting is no longer planned."), code="not_planned")
    attendance.status = status
    attendance.responded_at = timezone.now()
    # An answer replaces a presence recorded early (the mode goes with it).
    attendance.mode = ""
    attendance.full_clean()
    attendance.save(update_fields=["status", "responded_at", "mode"])
    return attendance


@transaction.atomic
def record_attendance(
    *, meeting: Meeting, statuses: dict[int, str], modes: dict[int, str] | None = None
) -> int:
    """Set several attendances at once (on the day: present, excused, absent), and how
    each present person took part (``modes``: in person or remote, "" when not known).
    A person not present has no mode: a mode sent with another status is dropped."""
    valid = set(Attendance.Status.values)
    modes = modes or {}
    if any(mode not in ("", *Attendance.Mode.values) for mode in modes.values()):
        raise ValidationError(_("Choose in person or remote."), code="bad_mode")
    changed = 0
    if _lock(meeting.pk) != Meeting.Status.PLANNED:  # closed or cancelled meanwhile
        raise ValidationError(_("This meeting is no longer planned."), code="not_planned")
    # The meeting's lock (above) makes every change to its attendances wait its turn.
    for attendance in meeting.attendances.filter(pk__in=set(statuses) | set(modes)):
        status = statuses.get(attendance.pk, attendance.status)
        if status not in valid:
            continue
        mode = modes.get(attendance.pk, attendance.mode)
        if status != Attendance.Status.PRESENT:
            mode = ""
        if (status, mode) != (attendance.status, attendance.mode):
            attendance.status, attendance.mode = status, mode
            attendance.full_clean(validate_unique=False)
            attendance.save(update_fields=["status", "mode"])
            changed += 1
    return changed


class MinutesConflict(Exception):
    """The minutes were saved by someone else since the editor opened them."""

    def __init__(self, current: Meeting):
        super().__init__(current.minutes_version)
        self.current = current


MINUTES_FROZEN = gettext_lazy("These minutes have been approved: they can no longer be changed.")


@transaction.atomic
def minutes_save(*, meeting: Meeting, text: str, expected_version: int, by=None) -> Meeting:
    """Save the minutes only if nobody else saved them in between (compare-and-set). Once
    the meeting is closed, every save is kept as a new version; approved minutes are
    frozen (ValidationError).

    Raises ValidationError for a text beyond the Markdown limits (practices.markdown)."""
    Meeting._meta.get_field("minutes").run_validators(text)
    html = render_markdown(text)
    updated = Meeting.objects.filter(
        pk=meeting.pk, minutes_version=expected_version, minutes_approved_at__isnull=True
    ).update(
        minutes=text,
        minutes_html=html,
        minutes_version=F("minutes_version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        current = Meeting.objects.get(pk=meeting.pk)
        if current.minutes_approved_at is not None:
            raise ValidationError(str(MINUTES_FROZEN), code="minutes_approved")
        raise MinutesConflict(current)
    # The update holds the meeting's row: versions are numbered one at a time.
    meeting.refresh_from_db()
    if meeting.status == Meeting.Status.HELD:
        _minutes_version_add(meeting, by=by)
    return meeting


def _minutes_version_add(meeting: Meeting, *, by) -> MinutesVersion:
    """Keep the minutes as they are now as the next version (the meeting's row locked)."""
    last = meeting.minutes_versions.aggregate(last=Max("number"))["last"] or 0
    version = MinutesVersion(
        meeting=meeting, number=last + 1, text=meeting.minutes, saved_by=by, saved_at=timezone.now()
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def minutes_comment_add(*, meeting: Meeting, by, text: str) -> MinutesComment:
    """A member of the group comments on the draft minutes of a closed meeting, until a
    later meeting approves them: at most ``MinutesComment.MAX_PER_AUTHOR`` comments each.
    (A form sent twice is the view's affair: ``stakeholders.submissions``.)"""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not rules.can_read_minutes(by, meeting):
        raise PermissionDenied(_("Only the group's members can comment on its minutes."))
    if meeting.minutes_approved_at is not None:
        raise ValidationError(
            _("These minutes have been approved: comments are closed."), code="minutes_approved"
        )
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(
            _("Comments open once the meeting is closed and its minutes shared."),
            code="not_held",
        )
    text = text.strip()
    # The meeting's row is locked: two comments at once are counted one after the other.
    limit = MinutesComment.MAX_PER_AUTHOR
    if meeting.minutes_comments.filter(author=by).count() >= limit:
        raise ValidationError(
            ngettext(
                "You have already written %(max)s comment on these minutes, the most one "
                "member may write.",
                "You have already written %(max)s comments on these minutes, the most one "
                "member may write.",
                limit,
            )
            % {"max": limit},
            code="too_many_comments",
        )
    comment = MinutesComment(meeting=meeting, author=by, text=text)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def minutes_approve(*, item: AgendaItem, by) -> Decision:
    """The meeting of ``item`` approves the minutes of the earlier meeting it names: a
    decision is recorded under the item, the minutes are frozen and the group's invitees
    are told. Coordinators of the group and staff only, once the approving meeting has
    started (and is not cancelled), and only once."""
    if item.minutes_of_id is None:
        raise ValidationError(_("This item approves no minutes."), code="not_approval")
    # Locks in the order of the meetings (the older first), as meeting_close takes them.
    approved = (
        Meeting.objects.select_for_update().select_related("group").get(pk=item.minutes_of_id)
    )
    if not rules.can_run(by, approved):
        raise PermissionDenied(_("Only coordinators of the working group can approve its minutes."))
    approving = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    item = AgendaItem.objects.filter(pk=item.pk, meeting=approving, minutes_of=approved).first()
    if item is None:  # moved or removed meanwhile
        raise ValidationError(_("This item is no longer on the agenda."), code="gone")
    if approved.minutes_approved_at is not None:
        raise ValidationError(_("These minutes are already approved."), code="already_approved")
    if approved.status != Meeting.Status.HELD:
        raise ValidationError(
            _("Only the minutes of a closed meeting can be approved."), code="not_held"
        )
    if approving.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot approve minutes."), code="cancelled")
    if approving.status != Meeting.Status.PLANNED:
        # A closed meeting's record is final: the next meeting created takes the item up.
        raise ValidationError(
            _("This meeting is closed: the next meeting of the group approves these minutes."),
            code="approving_closed",
        )
    if approving.starts_at > timezone.now():
        raise ValidationError(
            _("The minutes can be approved only once the meeting has started."),
            code="not_started",
        )
    day = date_format(approved.local_day, "DATE_FORMAT")
    # The decision may go on the group's public page: a members-only meeting is named by
    # its date only.
    text = (
        _("The minutes of “%(title)s” (%(date)s) are approved.")
        % {"title": approved.title, "date": day}
        if approved.is_public
        else _("The minutes of the meeting of %(date)s are approved.") % {"date": day}
    )
    decision = decision_add(meeting=approving, agenda_item=item, text=text)
    approved.minutes_approved_at = timezone.now()
    approved.minutes_approved_by = decision
    approved.full_clean()
    approved.save(update_fields=["minutes_approved_at", "minutes_approved_by", "updated_at"])
    recipients = approved.attendances.filter(
        person__erased_at__isnull=True,
        person__memberships__group_id=approved.group_id,
    ).select_related(*PERSON_FOR_MAIL)
    mail.notify(
        to=[attendance.person for attendance in recipients],
        template="meetings/email/minutes_approved",
        context=lambda person: {
            "meeting": approved,
            "approving": approving,
            "person": person,
            "link": Link(approved),
        },
    )
    return decision


def _approval_items_move(meeting: Meeting) -> None:
    """The approvals on the agenda of a meeting being cancelled go to the group's next
    planned meeting; with none, they wait for the next meeting created (meeting_create)."""
    items = list(
        meeting.agenda_items.filter(
            minutes_of__isnull=False, minutes_of__minutes_approved_at__isnull=True
        ).select_related("minutes_of")
    )
    if not items:
        return
    following = Meeting.objects.next_of_group(meeting.group_id)
    if following is None:
        return
    _lock_planned(following.pk)
    for item in items:
        if not following.agenda_items.filter(minutes_of_id=item.minutes_of_id).exists():
            item.meeting = following
            item.position = 0
            item.full_clean()
            item.save(update_fields=["meeting", "position"])


def _lock_planned(meeting_id) -> None:
    """Lock the meeting (see _lock) and refuse if it is no longer planned."""
    if _lock(meeting_id) != Meeting.Status.PLANNED:
        raise ValidationError(
            _("This meeting is closed or cancelled: it can no longer be changed."),
            code="not_planned",
        )


def _check_presenter(item: AgendaItem, meeting: Meeting) -> None:
    """An item's presenter comes from the directory of the meeting's group."""
    if (
        item.presenter_id
        and not directory_people(meeting.group).filter(pk=item.presenter_id).exists()
    ):
        raise ValidationError(
            _("The presenter must be in the directory of the working group."),
            code="presenter_outside",
        )


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, item: AgendaItem) -> AgendaItem:
    """Put ``item`` at the end of the agenda of a planned meeting.

    The position is read after the meeting's row is locked: two items added at the same
    moment wait for each other and get distinct positions."""
    _lock_planned(meeting.pk)
    _check_presenter(item, meeting)
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
    item.meeting = meeting
    item.position = (last or 0) + 1
    item.full_clean()
    item.save()
    return item


# What a coordinator may change of an item already on the agenda (its place: agenda_item_move).
AGENDA_ITEM_FIELDS = ["title", "description", "presenter", "practice", "duration_minutes"]


@transaction.atomic
def agenda_item_update(*, item: AgendaItem) -> AgendaItem:
    """Save the changes made to ``item`` (its title, description, presenter, practice,
    duration) while its meeting is planned; its position stays as stored (an item moved
    meanwhile stays where it was moved to)."""
    _lock_planned(item.meeting_id)
    if not AgendaItem.objects.filter(pk=item.pk, meeting_id=item.meeting_id).exists():
        raise ValidationError(_("This item is no longer on the agenda."), code="gone")
    meeting = Meeting.objects.select_related("group").get(pk=item.meeting_id)
    _check_presenter(item, meeting)
    item.full_clean(exclude=["position"])
    item.save(update_fields=AGENDA_ITEM_FIELDS)
    return item


def agenda_item_paper_add(*, item: AgendaItem, paper: AgendaItemPaper) -> AgendaItemPaper:
    """Join a paper to an item of a planned meeting's agenda. The file is stored first, then
    the row: no row when the file fails (OSError, e.g. a full disk, reaches the caller)."""
    with transaction.atomic():
        _lock_planned(item.meeting_id)
        if not AgendaItem.objects.filter(pk=item.pk).exists():
            raise ValidationError(_("This item is no longer on the agenda."), code="gone")
        paper.agenda_item = item
        # Judged by its bytes whoever sends it (not again if the form took it already).
        paper.take_file(paper.file)
        paper.full_clean()
        paper.save()
    return paper


@dataclass(frozen=True)
class OnAgenda:
    """Where a suggestion stands on its group's next meeting's agenda; ``added`` is False
    when it was there already."""

    item: AgendaItem
    added: bool


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())


@transaction.atomic
def improvement_to_agenda(*, improvement: Improvement, by) -> OnAgenda:
    """Put an open suggestion on the agenda of the next meeting of its practice's group
    (planned, not started), once: asked again, the item already there is returned.

    ValidationError when the suggestion is answered or the group has no next meeting;
    PermissionDenied for anyone but the group's coordinators and staff."""
    # Locked: an answer given meanwhile (the suggestion closed) is seen here.
    improvement = Improvement.objects.select_for_update().get(pk=improvement.pk)
    practice = Practice.objects.select_related("group").get(pk=improvement.practice_id)
    if not rules.can_run(by, practice.group):
        raise PermissionDenied(_("Only coordinators of the practice's working group can do this."))
    if not improvement.is_open:
        raise ValidationError(
            _("Only an open suggestion can be put on a meeting's agenda."), code="answered"
        )
    meeting = Meeting.objects.next_of_group(practice.group_id)
    if meeting is None:
        raise ValidationError(
            _(
                "The working group has no meeting planned yet: plan one first, then put the "
                "suggestion on its agenda."
            ),
            code="no_meeting",
        )
    # The meeting's lock first (as every change to its agenda takes it), then the check.
    _lock_planned(meeting.pk)
    existing = meeting.agenda_items.filter(improvement=improvement).first()
    if existing is not None:
        return OnAgenda(existing, added=False)
    title = _("Suggestion on %(title)s") % {"title": practice.title}
    item = AgendaItem(
        title=Truncator(title).chars(200),
        description=_quoted(improvement.text),
        practice=practice,
        improvement=improvement,
    )
    agenda_item_add(meeting=meeting, item=item)
    return OnAgenda(item, added=True)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> AgendaItem:
    """Move ``item`` one place ``"up"`` or ``"down"``; the agenda is numbered 1, 2, 3…
    again. At the top or the bottom already, nothing changes."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move an item up or down."), code="bad_direction")
    _lock_planned(item.meeting_id)
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "id"))
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:  # removed meanwhile
        raise ValidationError(_("This item is no longer on the agenda."), code="gone")
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        for position, agenda_item in enumerate(items, start=1):
            if agenda_item.position != position:
                agenda_item.position = position
                agenda_item.save(update_fields=["position"])
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    """Take ``item`` off a planned meeting's agenda, unless decisions or action items were
    recorded under it."""
    _lock_planned(item.meeting_id)
    if item.decisions.exists() or item.action_items.exists():
        raise ValidationError(
            _("This item has decisions or action items: it cannot be removed."),
            code="item_has_records",
        )
    # The papers' files go once the item's removal is committed (their rows go with it).
    files = [(paper.file.storage, paper.file.name) for paper in item.papers.all()]
    item.delete()
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def meeting_attachment_add(*, meeting: Meeting, attachment: MeetingAttachment):
    """Join a document to a planned meeting. The file is stored first, then the row: no row
    when the file fails (OSError, e.g. a full disk, reaches the caller)."""
    with transaction.atomic():
        _lock_planned(meeting.pk)
        attachment.meeting = meeting
        # Judged by its bytes whoever sends it (not again if the form took it already).
        attachment.take_file(attachment.file)
        attachment.full_clean()
        attachment.save()
    return attachment


@transaction.atomic
def decision_add(*, meeting: Meeting, agenda_item: AgendaItem, text: str) -> Decision:
    decision = Decision(meeting=meeting, agenda_item=agenda_item, text=text.strip())
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_publish(*, decision: Decision, note: str, by) -> Decision:
    """Show ``decision`` on its group's public page with a short public note (no names),
    where its progress is followed; publishing again changes the note. Only where
    ``rules.decision_publishing_refusal`` finds nothing against it."""
    # The meeting's row is locked: a change to members-only waits (Meeting.clean refuses it
    # once a decision is public).
    meeting = Meeting.objects.select_for_update().get(pk=decision.meeting_id)
    refusal = rules.decision_publishing_refusal(meeting)
    if refusal is not None:
        raise refusal
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    decision.meeting = meeting
    if not decision.is_public:
        decision.is_public = True
        decision.made_public_at = timezone.now()
    decision.public_note = (note or "").strip()
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_unpublish(*, decision: Decision, by) -> Decision:
    """Withdraw ``decision`` from the group's public page (its note is kept, for the
    coordinators, should it be published again)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_public:
        decision.is_public = False
        decision.made_public_at = None
        decision.full_clean()
        decision.save()
    return decision


@transaction.atomic
def action_item_add(*, meeting: Meeting, item: ActionItem) -> ActionItem:
    """Record an action item; its owner must be in the group's directory."""
    if not directory_people(meeting.group).filter(pk=item.owner_id).exists():
        raise ValidationError(
            _("The owner must be in the directory of the working group."), code="owner_outside"
        )
    item.meeting = meeting
    if not item.owner_organisation_id:
        item.owner_organisation_id = item.owner.organisation_id
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, status: str, comment: str, by) -> ActionItem:
    """The owner (or a coordinator) reports progress; the comment keeps the trail."""
    if status not in ActionItem.Status.values:
        raise ValidationError(_("Choose a valid status."), code="bad_status")
    item.status = status
    item.completed_on = timezone.localdate() if status == ActionItem.Status.DONE else None
    item.full_clean()
    item.save()
    ActionItemComment.objects.create(
        action_item=item, author=by, status=status, text=comment.strip()
    )
    return item


@dataclass(frozen=True)
class SectorPresence:
    present: list
    missing: list


def sector_presence(meeting: Meeting) -> SectorPresence:
    """Which of the seven sectors are among the confirmed or present attendees."""
    codes = set(
        meeting.attendances.filter(
            status__in=[Attendance.Status.CONFIRMED, Attendance.Status.PRESENT]
        ).values_list("person__organisation__sector__code", flat=True)
    )
    sectors = list(Sector.objects.all())
    return SectorPresence(
        present=[s for s in sectors if s.code in codes],
        missing=[s for s in sectors if s.code not in codes],
    )


@transaction.atomic
def meeting_close(*, meeting: Meeting, by) -> Meeting:
    """Close a meeting: it is held, its minutes are shared with the group as a draft (kept
    as their first version) whose approval goes on the group's next planned meeting's
    agenda, and everyone present receives the decisions and their own action items."""
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be closed."), code="not_planned")
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("A meeting can be closed only once it has started."), code="not_started"
        )
    now = timezone.now()
    meeting.status = Meeting.Status.HELD
    meeting.minutes_shared_at = now
    meeting.closed_at = now
    meeting.full_clean()
    meeting.save()
    audit.record(AuditEvent.Action.MEETING_CLOSED, actor=by, target=meeting)
    # The minutes as closed are their first version, a draft the next meeting approves.
    _minutes_version_add(meeting, by=by)
    following = Meeting.objects.next_of_group(meeting.group_id)
    if following is not None:
        _lock_planned(following.pk)
        _approval_item_add(approved=meeting, on=following)
    # Invitees nobody marked on the day did not come.
    meeting.attendances.filter(
        status__in=[Attendance.Status.INVITED, Attendance.Status.CONFIRMED]
    ).update(status=Attendance.Status.ABSENT)

    decisions = list(meeting.decisions.select_related("agenda_item"))
    actions = list(meeting.action_items.select_related("owner"))
    present = meeting.attendances.filter(status=Attendance.Status.PRESENT).select_related(
        *PERSON_FOR_MAIL
    )
    mail.notify(
        to=[attendance.person for attendance in present],
        template="meetings/email/closed",
        context=lambda person: {
            "meeting": meeting,
            "person": person,
            "decisions": decisions,
            "my_actions": [a for a in actions if a.owner_id == person.pk],
            "link": Link(meeting),
            "actions_link": Link("meetings:my_actions"),
        },
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by) -> Meeting:
    """Cancel a planned meeting and tell every invitee who had not declined."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."), code="not_planned")
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save()
    audit.record(AuditEvent.Action.MEETING_CANCELLED, actor=by, target=meeting)
    _approval_items_move(meeting)
    _send_invitations(
        meeting,
        meeting.attendances.exclude(status=Attendance.Status.DECLINED).select_related(
            *PERSON_FOR_MAIL
        ),
        template="cancelled",
        method="CANCEL",
    )
    return meeting


# ------------------------------------------------------------- calendar addresses


@transaction.atomic
def calendar_token_revoke(*, user, group) -> int:
    """Stop ``user``'s private calendar address for ``group`` working; how many stopped."""
    return CalendarToken.objects.filter(user=user, group=group, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def calendar_token_create(*, user, group) -> str:
    """A new private calendar address for ``user`` and ``group``, replacing any earlier
    one; returns the secret token (only its hash is stored), to show once."""
    if not rules.belongs_to_group(user, group.pk):
        raise ValidationError(_("Only the group's members have its calendar."), code="not_a_member")
    calendar_token_revoke(user=user, group=group)
    token = CalendarToken.new_token()
    record = CalendarToken(user=user, group=group, token_hash=CalendarToken.hash_token(token))
    record.full_clean()
    record.save()
    return token
