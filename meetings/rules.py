"""Who may see and run a meeting."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.permissions import roles

from .models import Attendance, Meeting


def belongs_to_group(user, group_id: int) -> bool:
    r = roles(user)
    return r.is_staff or group_id in r.member_of


def is_group_member(user, meeting: Meeting) -> bool:
    return belongs_to_group(user, meeting.group_id)


def can_run(user, meeting_or_group) -> bool:
    """Coordinators of the meeting's group, and staff."""
    r = roles(user)
    group_id = getattr(meeting_or_group, "group_id", None) or meeting_or_group.pk
    return r.is_staff or group_id in r.coordinator_of


def can_view(user, meeting: Meeting) -> bool:
    """Everyone sees a public meeting's summary; members see their groups' meetings."""
    return meeting.is_public or is_group_member(user, meeting)


def can_read_minutes(user, meeting: Meeting) -> bool:
    """Members read the minutes once shared; coordinators while they write them."""
    if can_run(user, meeting):
        return True
    return is_group_member(user, meeting) and meeting.minutes_shared_at is not None


# What ``join_state`` answers about a meeting's video link for a reader.
JOIN_OPEN = "open"  # the link works now: show it, the join address redirects to it
JOIN_NOT_YET = "not-yet"  # invited, but too early
JOIN_ENDED = "ended"  # invited, but the meeting is over
JOIN_NOT_INVITED = "not-invited"
JOIN_NONE = "none"  # no video link (or the meeting is cancelled)


def has_online_link(meeting: Meeting) -> bool:
    """Whether the meeting is (still) held online: calendar files and emails then carry the
    portal's join address, never the video link itself."""
    return bool(meeting.online_url) and meeting.status != Meeting.Status.CANCELLED


def link_opens_at(meeting: Meeting) -> datetime:
    return meeting.starts_at - timedelta(minutes=settings.MEETING_LINK_OPENS_MINUTES)


def join_state(user, meeting: Meeting, *, invited: bool, now: datetime | None = None) -> str:
    """Whether ``user`` may follow the meeting's video link now: only its invitees
    (``invited``: the user's person has an attendance), the group's coordinators and staff,
    from MEETING_LINK_OPENS_MINUTES before the start until the end. The meeting page, the
    join address and the calendar files all follow this rule."""
    if not has_online_link(meeting):
        return JOIN_NONE
    if not (invited or can_run(user, meeting)):
        return JOIN_NOT_INVITED
    now = now or timezone.now()
    if now < link_opens_at(meeting):
        return JOIN_NOT_YET
    if now >= meeting.ends_at:
        return JOIN_ENDED
    return JOIN_OPEN


def can_get_certificate(user, attendance) -> bool:
    """The attendance certificate: the person themself, the group's coordinators, staff."""
    r = roles(user)
    return (r.person_id is not None and attendance.person_id == r.person_id) or can_run(
        user, attendance.meeting
    )


def can_approve_minutes_at(user, meeting: Meeting, now=None) -> bool:
    """Whether ``user`` may approve earlier minutes at ``meeting`` (services.minutes_approve
    checks the same): its coordinators and staff, once it has started and while it is
    planned (a closed meeting's record is final; a cancelled one approves nothing)."""
    return (
        can_run(user, meeting)
        and meeting.status == Meeting.Status.PLANNED
        and meeting.starts_at <= (now or timezone.now())
    )


def decision_publishing_refusal(meeting: Meeting) -> ValidationError | None:
    """Why the decisions of ``meeting`` cannot be shown on its group's public page, or None
    when they can: only a public meeting that is not cancelled (planned or held: decisions
    are followed for months after the meeting). The meeting page offers "publish" and
    services.decision_publish accepts it by this one rule."""
    if not meeting.is_public:
        return ValidationError(
            _("Only a decision of a public meeting can be shown on the public page."),
            code="meeting_not_public",
        )
    if meeting.status == Meeting.Status.CANCELLED:
        return ValidationError(
            _("The decisions of a cancelled meeting cannot be shown on the public page."),
            code="meeting_cancelled",
        )
    return None


def can_publish_decisions(user, meeting: Meeting) -> bool:
    """Whether ``user`` may show decisions of ``meeting`` on the group's public page."""
    return can_run(user, meeting) and decision_publishing_refusal(meeting) is None


def still_invited(attendance) -> bool:
    """An attendance that gives the video link: any answer but "declined"."""
    return attendance is not None and attendance.status != Attendance.Status.DECLINED


def invited_to(person_id, meeting: Meeting) -> bool:
    """Whether the person ``person_id`` is invited to ``meeting`` and has not declined."""
    return (
        person_id is not None
        and Attendance.objects.filter(meeting=meeting, person_id=person_id)
        .exclude(status=Attendance.Status.DECLINED)
        .exists()
    )
