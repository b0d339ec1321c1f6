"""What a member finds after logging in: their open action items, their practices and what
each needs next, their next meetings with their answer and, for coordinators, the review
queue, the open suggestions on their groups' practices and the practices proposed from
outside.

Every list is cut to its first rows and counted, so that the page runs the same queries
whatever a member has piled up.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from meetings.models import ActionItem, Attendance, Meeting
from practices.models import Improvement, Practice
from proposals.models import Proposal
from protocols import rules as protocol_rules
from protocols.models import Protocol
from stakeholders.permissions import roles

# How many rows each section shows before its "see all" link.
SHOWN = 6
# What the lists do not show.
HEAVY = tuple(
    f"{name}{suffix}"
    for name in ("description", "child_participation")
    for suffix in ("", "_fr", "_en")
)


@dataclass
class Section:
    """The first rows of a list, and how many there are in all."""

    rows: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _section(queryset, shown=SHOWN) -> Section:
    rows = list(queryset[:shown])
    total = len(rows) if len(rows) < shown else queryset.order_by().count()
    return Section(rows=rows, total=total)


def action_items(person_id) -> Section:
    """Open action items of the person: overdue first (the earliest due), undated last."""
    if person_id is None:
        return Section()
    return _section(
        ActionItem.objects.open()
        .filter(owner_id=person_id)
        .select_related("meeting", "meeting__group")
        .order_by("due_on", "id")
    )


def practices(user, organisation_id) -> Section:
    """Practices of the member's organisation or written by them, what needs them first."""
    mine = Q(created_by=user)
    if organisation_id is not None:
        mine |= Q(organisation_id=organisation_id)
    return _section(
        Practice.objects.filter(mine)
        .exclude(status=Practice.Status.ARCHIVED)
        .defer(*HEAVY)
        .in_work_order()
    )


def meetings(person_id, group_ids) -> Section:
    """Planned meetings to come of the member's groups or to which they are invited, with
    their own answer (``my_attendance``, or None when not invited)."""
    invited = Attendance.objects.filter(meeting=OuterRef("pk"), person_id=person_id)
    mine = Q(group_id__in=group_ids)
    if person_id is not None:
        mine |= Q(Exists(invited))
    elif not group_ids:
        return Section()
    return _section(
        Meeting.objects.upcoming()
        .filter(mine, status=Meeting.Status.PLANNED)
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(person_id=person_id),
                to_attr="mine",
            )
        )
    )


def attended(person_id) -> Section:
    """Held meetings the member was present at, the latest first: each has its attendance
    certificate to download."""
    if person_id is None:
        return Section()
    return _section(
        Meeting.objects.filter(
            status=Meeting.Status.HELD,
            attendances__person_id=person_id,
            attendances__status=Attendance.Status.PRESENT,
        )
        .select_related("group")
        .only("pk", "title", "starts_at", "timezone", "group__name", "group__slug")
        .order_by("-starts_at", "-pk")
    )


def review_queue(user) -> Section:
    return _section(
        Practice.objects.awaiting_review_by(user)
        .select_related("organisation", "group")
        .defer(*HEAVY)
    )


# The oldest open suggestions shown; the rest are in the suggestions' queue.
SUGGESTIONS_SHOWN = 5


def open_suggestions(user) -> Section:
    return _section(
        Improvement.objects.waiting_for(user).select_related("practice", "author"),
        shown=SUGGESTIONS_SHOWN,
    )


def proposals(user) -> Section:
    """Practices proposed from outside, waiting for the coordinator's groups."""
    return _section(Proposal.objects.queue_of(user).only("pk", "title", "confirmed_at"))


def protocols_due(user) -> Section:
    """Protocols of the territories the coordinator's groups work in (all for staff) that
    are to be reviewed or renewed soon, or overdue."""
    return _section(
        Protocol.objects.filter(territory__in=protocol_rules.coordinated_territories(user))
        .due_for_review()
        .select_related("territory")
        .only("pk", "slug", "title_fr", "title_en", "next_review_on", "in_force_until",
              "territory__name", "territory__country", "territory__slug")
    )  # fmt: skip


def context(user) -> dict:
    """Everything the member home shows, for ``user``."""
    r = roles(user)
    data = {
        "roles": r,
        "action_items": action_items(r.person_id),
        "practices": practices(user, r.organisation_id),
        "meetings": meetings(r.person_id, r.member_of),
        "attended": attended(r.person_id),
    }
    for meeting in data["meetings"].rows:
        meeting.my_attendance = meeting.mine[0] if meeting.mine else None
    if r.is_coordinator:
        data["review_queue"] = review_queue(user)
        data["suggestions"] = open_suggestions(user)
        data["proposals"] = proposals(user)
        data["protocols_due"] = protocols_due(user)
        data["today"] = timezone.localdate()
    return data
