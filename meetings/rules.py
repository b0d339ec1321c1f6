"""Who may see and run a meeting."""

from stakeholders.permissions import roles

from .models import Meeting


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
