"""Figures over the working groups' meetings that pages draw as charts (Insight, yearly
reports): which sectors were present at each held meeting, and the decisions recorded and
action items completed per quarter. Counts and sectors only: no person, no title of a
members-only meeting, nothing the public may not read.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, TruncQuarter
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stakeholders.charts import SECTOR_COLOURS, Chart, Series
from stakeholders.models import Sector

from .models import ActionItem, Attendance, Decision, Meeting

# The most meetings a presence chart draws, and Insight lists per group (the most recent).
PRESENCE_CHART_MEETINGS = 12


def held(groups, *, since=None, until=None):
    """The meetings ``groups`` held, starting from the moment ``since`` and before
    ``until`` when given: what every figure over meetings counts."""
    meetings = Meeting.objects.filter(group__in=groups, status=Meeting.Status.HELD)
    if since is not None:
        meetings = meetings.filter(starts_at__gte=since)
    if until is not None:
        meetings = meetings.filter(starts_at__lt=until)
    return meetings


def presence(groups, *, since=None, until=None, latest: int | None = None) -> dict:
    """For each group of ``groups`` (a list), which sectors were present at each meeting it
    held (between the moments ``since`` and ``until`` when given; only its ``latest`` ones
    if given), oldest first: three queries whatever the number of meetings.

    Returns ``{"sectors": [...], "groups": [(group, [(meeting, [present?] per sector,
    number of sectors present)])], "held": {group id: meetings held in the period}}``."""
    by_group_id = [F("group_id")]
    meetings = held(groups, since=since, until=until).annotate(
        held=Window(Count("pk"), partition_by=by_group_id)
    )
    if latest is not None:
        # The database keeps each group's latest ones (a window, not every meeting read).
        meetings = meetings.annotate(
            recency=Window(RowNumber(), partition_by=by_group_id, order_by=F("starts_at").desc())
        ).filter(recency__lte=latest)
    meetings = list(
        meetings.order_by("group_id", "starts_at").only(
            "pk", "title", "starts_at", "timezone", "group_id", "visibility"
        )
    )
    held_counts = {meeting.group_id: meeting.held for meeting in meetings}
    present = defaultdict(set)
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
    return {
        "sectors": sectors,
        "groups": [(group, by_group[group.pk]) for group in groups],
        "held": held_counts,
    }


def presence_chart(
    group, rows, sectors, *, id: str = "", table: str = "page", note: str = ""
) -> Chart:
    """One group's presence rows (from ``presence``) as stacked bars: one bar per held
    meeting, one block per sector present. The page shows the rows as its own table
    (``table="page"``) unless told otherwise."""
    values = {}
    categories = []
    for meeting, marks, _total in rows:
        key = meeting.pk
        # The portal's time zone, as the tables beside the chart and the years of reports.
        day = timezone.localtime(meeting.starts_at)
        categories.append((key, formats.date_format(day, "SHORT_DATE_FORMAT")))
        for sector, is_present in zip(sectors, marks, strict=True):
            if is_present:
                values[(key, sector.code)] = 1
    return Chart(
        id=id or f"presence-chart-{group.pk}",
        title=_("Sectors present at each meeting of %(group)s") % {"group": group.name},
        summary=_(
            "One bar per meeting held, as high as the number of sectors present (at most "
            "seven), one block per sector."
        ),
        category_heading=_("Meeting"),
        categories=categories,
        series=[Series(s.code, s.name, SECTOR_COLOURS.get(s.code, "")) for s in sectors],
        values=values,
        stacked=True,
        table=table,
        maximum=len(sectors),
        note=note,
    )


def quarter_start(moment: datetime.date) -> datetime.date:
    return datetime.date(moment.year, 3 * ((moment.month - 1) // 3) + 1, 1)


def quarters(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the quarters from ``first``'s to ``last``'s, in order."""
    result, day = [], quarter_start(first)
    end = quarter_start(last)
    while day <= end:
        result.append(day)
        month = day.month + 3
        day = datetime.date(day.year + month // 13, (month - 1) % 12 + 1, 1)
    return result


def quarter_label(day: datetime.date) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}


DECISIONS, ACTIONS_DONE = "decisions", "actions-done"


def activity_per_quarter(groups, *, since=None, until=None, last: int | None = None) -> dict:
    """Decisions recorded at the meetings ``groups`` held, by the quarter of the meeting,
    and their action items completed, by the quarter of completion: two queries.

    ``since``/``until`` (dates, until excluded) bound both; without them the quarters run
    from the first with activity to the current one, the ``last`` most recent if given.
    Returns ``{"quarters": [date], "counts": {(quarter, series): n}}``."""
    zone = timezone.get_current_timezone()
    start = None if since is None else datetime.datetime.combine(since, datetime.time(), zone)
    end = None if until is None else datetime.datetime.combine(until, datetime.time(), zone)
    decisions = Decision.objects.filter(meeting__in=held(groups, since=start, until=end))
    done = ActionItem.objects.filter(
        meeting__group__in=groups, status=ActionItem.Status.DONE, completed_on__isnull=False
    )
    if since is not None:
        done = done.filter(completed_on__gte=since)
    if until is not None:
        done = done.filter(completed_on__lt=until)
    counts = defaultdict(int)
    for quarter, n in (
        decisions.annotate(quarter=TruncQuarter("meeting__starts_at", tzinfo=zone))
        .order_by()
        .values("quarter")
        .annotate(n=Count("pk"))
        .values_list("quarter", "n")
    ):
        counts[(quarter_start(_as_date(quarter)), DECISIONS)] += n
    for quarter, n in (
        done.annotate(quarter=TruncQuarter("completed_on"))
        .order_by()
        .values("quarter")
        .annotate(n=Count("pk"))
        .values_list("quarter", "n")
    ):
        counts[(quarter_start(_as_date(quarter)), ACTIONS_DONE)] += n
    if since is not None:
        first = since
    else:
        # At least the last four quarters, to compare with.
        year_ago = quarters(
            timezone.localdate() - datetime.timedelta(days=273), timezone.localdate()
        )[0]
        first = min([year_ago, *(q for q, _s in counts)])
    if until is not None:
        final = until - datetime.timedelta(days=1)
    else:
        final = max([timezone.localdate(), *(q for q, _s in counts)])
    chosen = quarters(first, final)
    if last is not None and since is None:
        chosen = chosen[-last:]
    kept = set(chosen)
    return {"quarters": chosen, "counts": {k: n for k, n in counts.items() if k[0] in kept}}


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def activity_chart(figures: dict, *, id: str = "activity-per-quarter", title: str = "") -> Chart:
    """``activity_per_quarter``'s figures as grouped bars."""
    return Chart(
        id=id,
        title=title or _("Decisions and completed action items per quarter"),
        summary=_(
            "For each quarter, the decisions recorded at the meetings held and the action "
            "items completed."
        ),
        category_heading=_("Quarter"),
        categories=[(q, quarter_label(q)) for q in figures["quarters"]],
        series=[
            Series(DECISIONS, _("Decisions recorded")),
            Series(ACTIONS_DONE, _("Action items completed")),
        ],
        values=figures["counts"],
    )
