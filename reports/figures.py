"""What a working group's yearly report says: one function per section, used by the HTML
page and the PDF alike (and compared with the database by the tests).

A year is a calendar year in the portal's time zone. Every function takes ``public``: the
public version receives no personal data at all (no person's name, no attendance per
person, no action item's title or owner, no comment, nothing of a members-only meeting but
its date, only the public decisions' texts and the public protocols), so that no template
can show what it was never given.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import figures as meeting_figures
from meetings.models import ActionItem, Attendance, Decision, Meeting
from practices import cache as catalogue_cache
from practices import figures as practice_figures
from practices.index import EMPTY
from practices.models import Improvement, Practice
from protocols import rules as protocol_rules
from protocols.models import Protocol
from stakeholders.models import GroupOrganisation, Membership, Organisation, Sector, WorkingGroup

# The practices chart shows the report's year and the years before it.
CHART_YEARS = 5
# The most practices published in the year that the report names (all are counted).
PRACTICES_LISTED = 50


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first moment of ``year`` and of the next one, in the portal's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def report_years(group: WorkingGroup) -> range:
    """The years a report exists for: from the year the group was founded or first met
    (the earlier) to the current year. One query."""
    current = timezone.localdate().year
    first = Meeting.objects.filter(group=group).aggregate(first=Min("starts_at"))["first"]
    starts = [current]
    if first is not None:
        starts.append(timezone.localtime(first).year)
    if group.founded_on is not None:
        starts.append(group.founded_on.year)
    return range(min(starts), current + 1)


# ---------------------------------------------------------------- 2. organisations


@dataclass
class OrganisationGroup:
    label: str
    organisations: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.organisations)


def organisations(group: WorkingGroup, *, public: bool = False) -> dict:
    """The organisations taking part in the group by sector and by kind: those listed in its
    directory and, in the full version, those employing one of its members (who belongs to
    a group is for its members only: the public version names the directory's alone). Two
    queries."""
    listed = GroupOrganisation.objects.filter(group=group).values("organisation_id")
    taking_part = Q(pk__in=listed)
    if not public:
        members = Membership.objects.filter(group=group).values("person__organisation_id")
        taking_part |= Q(pk__in=members)
    found = list(
        Organisation.objects.filter(taking_part)
        .select_related("sector")
        .only("name", "acronym", "slug", "kind", "sector__code", "sector__name")
        .order_by("name", "pk")
    )
    by_sector = []
    for sector in Sector.objects.all():
        by_sector.append(
            OrganisationGroup(sector.name, [o for o in found if o.sector_id == sector.pk])
        )
    by_kind = [
        OrganisationGroup(str(label), [o for o in found if o.kind == value])
        for value, label in Organisation.Kind.choices
    ]
    return {"total": len(found), "by_sector": by_sector, "by_kind": by_kind}


# ---------------------------------------------------------------- 3. meetings


@dataclass
class MeetingRow:
    starts_at: datetime
    title: str  # empty in the public version for a members-only meeting
    cells: list
    present_sectors: int
    url: str = ""


def meetings(group: WorkingGroup, year: int, *, public: bool = False) -> dict:
    """The meetings held in ``year``, the sectors present at each (meetings.figures.presence)
    and how the people present took part (in person, remotely, not recorded): counts only;
    with its chart (meetings.figures.presence_chart: dates and sectors only). Four queries."""
    since, until = year_bounds(year)
    presence = meeting_figures.presence([group], since=since, until=until)
    [(_group, rows)] = presence["groups"]
    sectors = presence["sectors"]
    modes = Counter(
        dict(
            Attendance.objects.filter(
                meeting__in=meeting_figures.held([group], since=since, until=until),
                status=Attendance.Status.PRESENT,
            )
            .order_by()
            .values_list("mode")
            .annotate(n=Count("pk"))
        )
    )
    result = []
    for meeting, cells, count in rows:
        shown = not public or meeting.visibility == Meeting.Visibility.PUBLIC
        result.append(
            MeetingRow(
                starts_at=meeting.starts_at,
                title=meeting.title if shown else "",
                cells=cells,
                present_sectors=count,
                url=meeting.get_absolute_url() if shown else "",
            )
        )
    never = [
        sector
        for i, sector in enumerate(sectors)
        if result and not any(row.cells[i] for row in result)
    ]
    return {
        "count": len(result),
        "rows": result,
        "chart": meeting_figures.presence_chart(
            group, rows, sectors, id="report-presence-chart", table="page"
        ),
        "sectors": sectors,
        "sector_totals": [sum(row.cells[i] for row in result) for i in range(len(sectors))],
        "absent_sectors": never,
        "modes": [
            (str(Attendance.Mode.IN_PERSON.label), modes.get(Attendance.Mode.IN_PERSON, 0)),
            (str(Attendance.Mode.REMOTE.label), modes.get(Attendance.Mode.REMOTE, 0)),
            (None, modes.get("", 0)),
        ],
        "present": sum(modes.values()),
    }


# ---------------------------------------------------------------- 4. decisions and actions


def decisions(group: WorkingGroup, year: int, *, public: bool = False) -> dict:
    """The decisions recorded at the meetings held in ``year`` with their progress
    (Decision.objects.with_progress); the public version gives the texts of the public
    decisions only, the others as counts. One query."""
    since, until = year_bounds(year)
    found = list(
        Decision.objects.filter(meeting__in=meeting_figures.held([group], since=since, until=until))
        .with_progress()
        # Shown in public: the rule of the group's public decisions page, not a copy of it.
        .annotate(
            followed_in_public=Exists(
                Decision.objects.followed_in_public().filter(pk=OuterRef("pk"))
            )
        )
        .select_related("meeting")
        .only(
            "text",
            "public_note",
            "is_public",
            "made_public_at",
            "created_at",
            "meeting__title",
            "meeting__starts_at",
            "meeting__visibility",
            "meeting__status",
        )
        .order_by("meeting__starts_at", "meeting_id", "agenda_item__position", "id")
    )
    progress = Counter(d.progress for d in found)
    shown = [d for d in found if d.followed_in_public] if public else found
    return {
        "count": len(found),
        "progress": [(str(p.label), progress.get(p.value, 0)) for p in Decision.Progress],
        "shown": shown,
        "not_shown": len(found) - len(shown),
    }


def actions(group: WorkingGroup, year: int, *, public: bool = False, today: date | None = None):
    """The action items completed in ``year`` and those overdue now
    (ActionItem.objects.overdue); titles and owners in the full version only (the public
    version counts them). With the quarterly chart of the decisions and completed actions
    (meetings.figures.activity_per_quarter: counts only). Four queries."""
    since, until = year_bounds(year)
    activity = meeting_figures.activity_per_quarter([group], since=since.date(), until=until.date())
    chart = meeting_figures.activity_chart(
        activity,
        id="report-activity-chart",
        title=_("Decisions and completed action items per quarter of %(year)s") % {"year": year},
    )
    chart.table = "open"
    mine = ActionItem.objects.filter(meeting__group=group)
    completed = mine.filter(
        status=ActionItem.Status.DONE,
        completed_on__gte=since.date(),
        completed_on__lt=until.date(),
    )
    overdue = mine.overdue(today)
    if public:
        return {
            "completed_count": completed.count(),
            "overdue_count": overdue.count(),
            "completed": [],
            "overdue": [],
            "activity": activity,
            "chart": chart,
        }
    related = ("owner", "owner_organisation")
    completed = list(completed.select_related(*related).order_by("completed_on", "pk"))
    overdue = list(overdue.select_related(*related).order_by("due_on", "pk"))
    return {
        "completed_count": len(completed),
        "overdue_count": len(overdue),
        "completed": completed,
        "overdue": overdue,
        "activity": activity,
        "chart": chart,
    }


# ---------------------------------------------------------------- 5. practices


def practices(group: WorkingGroup, year: int, *, public: bool = False) -> dict:
    """The practices published in ``year`` in the group's territory, and the suggestions of
    improvement the group took up in ``year`` on its practices (their texts in the full
    version only: a member wrote them). Two queries; the chart of the practices published
    per year in the territory comes from the catalogue index (practices.figures)."""
    since, until = year_bounds(year)
    state = catalogue_cache.current()
    territory = group.territory
    within = state.index.of_territory(territory)
    # The same practices as the chart's bar for the year (the catalogue index): the first
    # PRACTICES_LISTED of them named, all counted, the catalogue filter for the rest.
    of_year = state.index.by_year().get(year, EMPTY) & within
    published = list(
        Practice.objects.published()
        .filter(pk__in=list(of_year))
        .defer(*Practice.TEXT_FIELDS)
        .order_by("published_at", "pk")[:PRACTICES_LISTED]
    )
    retained = list(
        Improvement.objects.filter(
            practice__group=group,
            status=Improvement.Status.TAKEN_UP,
            responded_at__gte=since,
            responded_at__lt=until,
        )
        .select_related("practice")
        .defer(*(f"practice__{name}" for name in Practice.TEXT_FIELDS))
        .order_by("responded_at", "pk")
    )
    improvements = []
    for item in retained:
        readable = item.practice.status == Practice.Status.PUBLISHED
        improvements.append(
            {
                # The public version never names a practice the public cannot read.
                "practice": item.practice if readable or not public else None,
                "practice_public": readable,
                "responded_at": item.responded_at,
                "text": "" if public else item.text,
                "version": item.taken_up_in_version,
            }
        )
    years = (year - CHART_YEARS + 1, year)
    chart = practice_figures.per_year_chart(
        state.memo(
            ("report-per-year", territory.pk, year),
            lambda: practice_figures.per_year_by_sector(within, years=years, index=state.index),
        ),
        id="report-practices-chart",
        title=_("Practices published per year in %(territory)s, by sector")
        % {"territory": territory},
    )
    chart.table = "open"
    query = {"territory": territory.slug} if territory.name else {"country": territory.country.code}
    return {
        "published": published,
        "published_count": len(of_year),
        "catalogue_url": f"{reverse('practices:list')}?{urlencode(query)}",
        "improvements": improvements,
        "chart": chart,
    }


# ---------------------------------------------------------------- 6. protocols


def protocols(group: WorkingGroup, *, public: bool = False, today: date | None = None) -> dict:
    """The protocols of the group's territory in force now, and those due for review or
    renewal (Protocol.objects.due_for_review, as the reminders find them); the public ones
    only in the public version. Two queries."""
    territory = Protocol.objects.filter(territory_id=group.territory_id)
    if public:
        territory = protocol_rules.public(territory)
    in_force = list(territory.in_force().order_by("title", "pk"))
    due = list(territory.due_for_review(today=today))
    return {"in_force": in_force, "due": due}
