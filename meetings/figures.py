"""Figures about meetings that several pages draw: one query function per figure, used by
Insight, the groups' yearly reports and (later) their charts."""

from collections import defaultdict

from stakeholders.models import Sector

from .models import Attendance, Meeting


def presence(groups, *, since=None, until=None):
    """For each working group of ``groups``, which sectors were present at each of its held
    meetings (started at ``since`` or later and before ``until``, when given): a list of
    (group, [(meeting, [present? for each sector, in Sector order], number present)]). Three
    queries whatever the number of groups and meetings: the sectors, the meetings and the
    present attendances' sectors."""
    groups = list(groups)
    meetings = Meeting.objects.filter(group__in=groups, status=Meeting.Status.HELD)
    if since is not None:
        meetings = meetings.filter(starts_at__gte=since)
    if until is not None:
        meetings = meetings.filter(starts_at__lt=until)
    meetings = list(
        meetings.order_by("group_id", "starts_at", "pk").only(
            "pk", "title", "starts_at", "timezone", "visibility", "group_id"
        )
    )
    present = defaultdict(set)
    if meetings:
        for meeting_id, code in (
            Attendance.objects.filter(meeting__in=meetings, status=Attendance.Status.PRESENT)
            .order_by()
            .values_list("meeting_id", "person__organisation__sector__code")
            .distinct()
        ):
            present[meeting_id].add(code)
    sectors = list(Sector.objects.all())
    by_group = defaultdict(list)
    for meeting in meetings:
        codes = present[meeting.pk]
        by_group[meeting.group_id].append((meeting, [s.code in codes for s in sectors], len(codes)))
    return [(group, by_group[group.pk]) for group in groups]
