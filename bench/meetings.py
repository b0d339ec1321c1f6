"""Meetings for the benchmark's working groups: ten years of monthly meetings, each with
its attendance, decisions and action items, so that Insight's charts and the groups' yearly
reports are measured at a size a long-lived network reaches.

Per group: 30 people across the sectors' organisations, 120 held meetings (one a month for
ten years), 20 invitations, 4 decisions and 6 action items each; 16 groups give 1,920
meetings, 38,400 attendances, 7,680 decisions and 11,520 action items. Idempotent: a group
that already has meetings is left alone (``make bench BENCH_ARGS=--reuse`` on a database
filled before meetings existed gets them). Each group publishes its yearly reports when the
reports app knows how (the anonymous "yearly report" row reads them).
"""

import datetime
import random

PEOPLE_PER_GROUP = 30
MEETINGS_PER_GROUP = 120
INVITED = 20
DECISIONS = 4
ACTIONS = 6
FIRST_MONTH = datetime.datetime(2016, 2, 10, 13, 0, tzinfo=datetime.UTC)


def month(n: int) -> datetime.datetime:
    year, index = divmod(FIRST_MONTH.month - 1 + n, 12)
    return FIRST_MONTH.replace(year=FIRST_MONTH.year + year, month=index + 1)


def fill_meetings(seed: int = 7, log=print) -> int:
    """Fill the meetings of every working group without any; the number of groups filled."""
    from django.db import transaction

    from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
    from stakeholders.models import Organisation, Person, WorkingGroup

    rng = random.Random(seed)
    filled = 0
    for group in WorkingGroup.objects.filter(meetings__isnull=True).order_by("pk"):
        with transaction.atomic():
            organisations = list(
                Organisation.objects.filter(territory=group.territory).order_by("pk")[:40]
            ) or list(Organisation.objects.order_by("?")[:40])
            group.organisations.add(*organisations[:20])
            people = Person.objects.bulk_create(
                Person(
                    first_name=f"Prénom{i}",
                    last_name=f"Nom{group.pk}-{i}",
                    organisation=rng.choice(organisations),
                    email=f"bench-{group.pk}-{i}@example.org",
                )
                for i in range(PEOPLE_PER_GROUP)
            )
            meetings = Meeting.objects.bulk_create(
                Meeting(
                    group=group,
                    title=f"Réunion {n + 1}",
                    starts_at=month(n),
                    ends_at=month(n) + datetime.timedelta(hours=2),
                    status=Meeting.Status.HELD,
                    visibility=Meeting.Visibility.PUBLIC if n % 2 else Meeting.Visibility.MEMBERS,
                    minutes="Compte rendu.",
                    closed_at=month(n) + datetime.timedelta(days=2),
                )
                for n in range(MEETINGS_PER_GROUP)
            )
            attendances, items = [], []
            statuses = [Attendance.Status.PRESENT] * 6 + [
                Attendance.Status.EXCUSED,
                Attendance.Status.ABSENT,
            ]
            for meeting in meetings:
                for person in rng.sample(people, INVITED):
                    status = rng.choice(statuses)
                    attendances.append(
                        Attendance(
                            meeting=meeting,
                            person=person,
                            status=status,
                            mode="in-person" if status == Attendance.Status.PRESENT else "",
                        )
                    )
                items.append(AgendaItem(meeting=meeting, title="Point", position=1))
            Attendance.objects.bulk_create(attendances)
            items = AgendaItem.objects.bulk_create(items)
            decisions = Decision.objects.bulk_create(
                Decision(
                    meeting=item.meeting,
                    agenda_item=item,
                    text=f"Décision {d + 1}",
                    is_public=public,
                    made_public_at=item.meeting.closed_at if public else None,
                )
                for item in items
                for d in range(DECISIONS)
                for public in [d == 0 and item.meeting.visibility == Meeting.Visibility.PUBLIC]
            )
            by_meeting = {}
            for decision in decisions:
                by_meeting.setdefault(decision.meeting_id, []).append(decision)
            actions = []
            for meeting in meetings:
                for a in range(ACTIONS):
                    owner = rng.choice(people)
                    done = rng.random() < 0.7
                    due = (meeting.starts_at + datetime.timedelta(days=30 + 10 * a)).date()
                    actions.append(
                        ActionItem(
                            meeting=meeting,
                            decision=by_meeting[meeting.pk][a % DECISIONS],
                            title=f"Action {a + 1}",
                            owner=owner,
                            owner_organisation=owner.organisation,
                            due_on=due,
                            status=ActionItem.Status.DONE if done else ActionItem.Status.OPEN,
                            completed_on=due if done else None,
                        )
                    )
            ActionItem.objects.bulk_create(actions)
            _publish_reports(group)
        filled += 1
    log(f"  meetings for {filled} groups")
    return filled


def _publish_reports(group) -> None:
    """Every year's report of ``group`` made public, if the reports app exists."""
    from django.utils import timezone

    try:
        from reports.models import YearlyReportPublication
    except ImportError:
        return
    YearlyReportPublication.objects.bulk_create(
        [
            YearlyReportPublication(group=group, year=year, published_at=timezone.now())
            for year in range(FIRST_MONTH.year, month(MEETINGS_PER_GROUP - 1).year + 1)
        ],
        ignore_conflicts=True,
    )
