"""The reminders job: ``run()`` writes every reminder due and not yet sent.

Run every few minutes (by the worker, or ``manage.py send_reminders``). Each reminder goes
once: a ``SentReminder`` row (unique by kind, subject, person and period) is written in the
same transaction as its email, before it, so a second run, or two runs at the same time,
skip what is already written. Each email is in its recipient's language (``notify()``);
people who turned a kind off on *My account* (``User.reminders_off``), deactivated accounts
and erased people get nothing.

The reminders, with ``now`` in the portal's time zone (``TIME_ZONE``):

- ``meeting-soon``: a planned meeting starting within 48 hours, to each invitee with an
  account who has not declined (invited or confirmed), with its calendar file and its
  agenda; once per start time (a meeting moved to another time within 48 hours is
  announced again).
- ``action-due``: open action items due today or within three days, to their owner; once
  per item and due date.
- ``overdue-digest``: weekly (from Monday 08:00), to each owner their overdue open action
  items, and to each coordinator their groups' overdue items.
- ``invitation-expiring``: invitations not accepted that expire within 24 hours, to the
  coordinator who sent them; once per invitation.
- ``protocols-due``: to each coordinator of a territory's groups, the protocols in force
  of that territory whose review or end date is within ``RENEWAL_DAYS`` (90) or past;
  once per protocol and date (a new review date is announced again).
- ``improvements-waiting``: weekly, to each coordinator the improvement suggestions of
  their groups' practices still waiting for an answer (each new one is also sent as it
  arrives, by ``practices.services.improvement_create``).
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

from meetings import rules as meeting_rules
from meetings.models import ActionItem, AgendaItem, Attendance, Meeting
from meetings.services import calendar_attachment, rsvp_token
from practices import rules as practice_rules
from practices.models import Improvement
from protocols import rules as protocol_rules
from protocols.models import Protocol
from stakeholders import mail
from stakeholders.choices import ReminderKind
from stakeholders.mail import Link
from stakeholders.models import Invitation, Membership, User

from .models import SentReminder

logger = logging.getLogger(__name__)

MEETING_NOTICE = timedelta(hours=48)
RECENTLY_INVITED = timedelta(hours=24)
ACTION_NOTICE_DAYS = 3
INVITATION_NOTICE = timedelta(hours=24)
# Weekly digests go from this time on Monday, in the portal's time zone.
WEEKLY_FROM = time(8, 0)
TEMPLATES = "reminders/email/"


@dataclass
class Email:
    """One email of a reminder to ``user``, and the reminders it records: ``entries``
    (``(object_key, period)``) with the item each one is about, in ``items``. If some
    entries were already sent, the email is written with the others only: ``context`` and
    ``attachments`` are functions of the items left."""

    kind: str
    user: User
    template: str
    entries: list[tuple[str, str]]
    items: list
    context: Callable[[list], dict]
    attachments: Callable[[list], list] = field(default=lambda items: [])


def local_time(now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(settings.TIME_ZONE))


def week_start(now: datetime) -> datetime:
    """Monday 08:00 (portal time) of the week of ``now``, or of the week before if ``now``
    is earlier on Monday: what a weekly digest reports is what stood then, so a digest
    caught up later in the week says the same, and nothing new appears mid-week (new
    suggestions are emailed as they arrive; next Monday's digest has the rest)."""
    local = local_time(now)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), WEEKLY_FROM)
    monday = monday.replace(tzinfo=local.tzinfo)
    if local < monday:
        monday = datetime.combine(monday.date() - timedelta(days=7), WEEKLY_FROM)
        monday = monday.replace(tzinfo=local.tzinfo)
    return monday


def week_key(now: datetime) -> str | None:
    """The ISO week whose digests are due at ``now`` ("2026-W49"), or None before Monday
    08:00 (portal time) of that week."""
    local = local_time(now)
    if local.weekday() == 0 and local.time() < WEEKLY_FROM:
        return None
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


def _wanted(user, kind) -> bool:
    return user is not None and user.wants_reminder(kind)


# ------------------------------------------------------------------------------ kinds


def meetings_soon(now: datetime) -> list[Email]:
    kind = ReminderKind.MEETING_SOON
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            closed_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + MEETING_NOTICE,
        )
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("presenter", "minutes_of").order_by(
                    "position", "id"
                ),
            ),
            Prefetch(
                "attendances",
                # Invited or confirmed: not those who declined (or were excused).
                queryset=Attendance.objects.filter(
                    status__in=[Attendance.Status.INVITED, Attendance.Status.CONFIRMED],
                    person__erased_at__isnull=True,
                    person__user__is_active=True,
                    # Still a member of the group (the agenda names its presenters).
                    person__memberships__group_id=F("meeting__group_id"),
                    # Invited within the day: the invitation itself was the reminder.
                    invited_at__lte=now - RECENTLY_INVITED,
                ).select_related("person__user"),
                to_attr="invitees",
            ),
        )
        .order_by("starts_at", "pk")
    )
    emails = []
    for meeting in meetings:
        for attendance in meeting.invitees:
            user = attendance.person.user
            if not _wanted(user, kind):
                continue
            answer = (
                Link("meetings:rsvp", token=rsvp_token(attendance))
                if attendance.status == Attendance.Status.INVITED
                else None
            )
            emails.append(
                Email(
                    kind=kind,
                    user=user,
                    template=TEMPLATES + "meeting_soon",
                    entries=[(f"meeting:{meeting.pk}", meeting.starts_at.isoformat())],
                    items=[meeting],
                    context=_meeting_context(meeting, attendance.person, answer),
                    attachments=lambda items, meeting=meeting: [calendar_attachment(meeting)],
                )
            )
    return emails


def _meeting_context(meeting: Meeting, person, answer: Link | None):
    """The context of a meeting-soon email: the meeting, its agenda (prefetched, in
    order), its page, and the answer link of an invitee who has not answered yet."""
    return lambda items: {
        "meeting": meeting,
        "person": person,
        "agenda": list(meeting.agenda_items.all()),
        "link": Link(meeting),
        "rsvp_link": answer,
        "join_link": Link("meetings:join", pk=meeting.pk)
        if meeting_rules.has_online_link(meeting)
        else None,
        "link_opens_minutes": settings.MEETING_LINK_OPENS_MINUTES,
    }


def actions_due(now: datetime) -> list[Email]:
    kind = ReminderKind.ACTION_DUE
    today = local_time(now).date()
    items = (
        ActionItem.objects.due_soon(today, days=ACTION_NOTICE_DAYS)
        .filter(owner__erased_at__isnull=True, owner__user__is_active=True)
        .select_related("owner__user", "meeting")
        .order_by("due_on", "pk")
    )
    by_owner = defaultdict(list)
    for item in items:
        if _wanted(item.owner.user, kind):
            by_owner[item.owner.user].append(item)
    return [
        Email(
            kind=kind,
            user=user,
            template=TEMPLATES + "action_due",
            entries=[(f"action:{item.pk}", item.due_on.isoformat()) for item in owned],
            items=owned,
            context=lambda items, person=owned[0].owner: {
                "person": person,
                "items": items,
                "link": Link("meetings:my_actions"),
            },
        )
        for user, owned in by_owner.items()
    ]


def _coordinators(group_ids) -> dict[User, list[int]]:
    """The coordinators of the groups ``group_ids`` with an active account, and which of
    those groups each coordinates."""
    found = defaultdict(list)
    for membership in Membership.objects.coordinators_of(group_ids):
        found[membership.person.user].append(membership.group_id)
    return found


def _groups_digest(kind, user, template: str, week: str, sections: list) -> Email:
    """A coordinator's weekly digest, one section per group they coordinate."""
    return Email(
        kind=kind,
        user=user,
        template=TEMPLATES + template,
        entries=[("groups", week)],
        items=[sections],
        context=lambda items: {"user": user, "sections": sections},
    )


def overdue_digests(now: datetime) -> list[Email]:
    kind = ReminderKind.OVERDUE_DIGEST
    week = week_key(now)
    if week is None:
        return []
    # Overdue on Monday and still open now.
    items = list(
        ActionItem.objects.overdue(week_start(now).date())
        .select_related("owner__user", "meeting__group")
        .order_by("due_on", "pk")
    )
    emails = []
    by_owner = defaultdict(list)
    for item in items:
        owner = item.owner
        if owner.erased_at is None and _wanted(owner.user, kind):
            by_owner[owner.user].append(item)
    for user, owned in by_owner.items():
        emails.append(
            Email(
                kind=kind,
                user=user,
                template=TEMPLATES + "overdue_digest",
                entries=[("own", week)],
                items=[owned],
                context=lambda items, person=owned[0].owner, owned=owned: {
                    "person": person,
                    "items": owned,
                    "link": Link("meetings:my_actions"),
                },
            )
        )
    by_group = defaultdict(list)
    for item in items:
        by_group[item.meeting.group_id].append(item)
    for user, group_ids in _coordinators(by_group).items():
        if not _wanted(user, kind):
            continue
        sections = [
            {
                "group": by_group[group_id][0].meeting.group,
                "items": by_group[group_id],
                "link": Link(by_group[group_id][0].meeting.group),
            }
            for group_id in sorted(group_ids)
        ]
        emails.append(_groups_digest(kind, user, "overdue_digest_groups", week, sections))
    return emails


def invitations_expiring(now: datetime) -> list[Email]:
    kind = ReminderKind.INVITATION_EXPIRING
    invitations = (
        Invitation.objects.filter(
            accepted_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + INVITATION_NOTICE,
            invited_by__is_active=True,
        )
        # Only to whoever still coordinates the group (or is staff): the reminder names
        # the invitee and their address.
        .filter(
            Q(invited_by__is_staff=True)
            | Exists(
                Membership.objects.filter(
                    group_id=OuterRef("group_id"),
                    role=Membership.Role.COORDINATOR,
                    person__user_id=OuterRef("invited_by_id"),
                )
            )
        )
        .select_related("invited_by", "group", "person")
        .order_by("expires_at", "pk")
    )
    by_sender = defaultdict(list)
    for invitation in invitations:
        if _wanted(invitation.invited_by, kind):
            by_sender[invitation.invited_by].append(invitation)
    return [
        Email(
            kind=kind,
            user=user,
            template=TEMPLATES + "invitation_expiring",
            entries=[(f"invitation:{i.pk}", i.expires_at.isoformat()) for i in sent],
            items=sent,
            context=lambda items, user=user: {
                "user": user,
                "invitations": [
                    {
                        "invitation": invitation,
                        "link": Link(invitation.group, anchor="#invitations-heading"),
                    }
                    for invitation in items
                ],
            },
        )
        for user, sent in by_sender.items()
    ]


def improvements_waiting(now: datetime) -> list[Email]:
    kind = ReminderKind.IMPROVEMENTS_WAITING
    week = week_key(now)
    if week is None:
        return []
    by_group = defaultdict(list)
    for improvement in (
        # Waiting since before Monday 08:00 and still waiting now.
        Improvement.objects.filter(status=Improvement.Status.OPEN, created_at__lt=week_start(now))
        .select_related("practice__group")
        .order_by("created_at", "pk")
    ):
        by_group[improvement.practice.group_id].append(improvement)
    answerers = defaultdict(list)
    for membership in practice_rules.improvement_answerers(by_group):
        answerers[membership.person.user].append(membership.group_id)
    emails = []
    for user, group_ids in answerers.items():
        if not _wanted(user, kind):
            continue
        sections = [
            {
                "group": by_group[group_id][0].practice.group,
                "improvements": [
                    {
                        "improvement": improvement,
                        "link": Link(improvement),
                    }
                    for improvement in by_group[group_id]
                ],
            }
            for group_id in sorted(group_ids)
        ]
        emails.append(_groups_digest(kind, user, "improvements_waiting", week, sections))
    return emails


def _due_date(protocol: Protocol):
    """The date that makes ``protocol`` due: the earlier of its review and its end."""
    dates = [d for d in (protocol.next_review_on, protocol.in_force_until) if d is not None]
    return min(dates)


def protocols_due(now: datetime) -> list[Email]:
    kind = ReminderKind.PROTOCOLS_DUE
    by_territory = defaultdict(list)
    for protocol in Protocol.objects.due_for_review(today=local_time(now).date()).select_related(
        "territory"
    ):
        by_territory[protocol.territory_id].append(protocol)
    emails = []
    for user, territory_ids in protocol_rules.answerers(by_territory).items():
        if not _wanted(user, kind):
            continue
        due = sorted(
            (p for t in territory_ids for p in by_territory[t]),
            key=lambda p: (_due_date(p), p.pk),
        )
        emails.append(
            Email(
                kind=kind,
                user=user,
                template=TEMPLATES + "protocols_due",
                entries=[(f"protocol:{p.pk}", _due_date(p).isoformat()) for p in due],
                items=due,
                context=lambda items, user=user: {
                    "user": user,
                    "protocols": [
                        {"protocol": p, "due_on": _due_date(p), "link": Link(p)} for p in items
                    ],
                    "renewal_link": Link("member_home", anchor="#protocols-due-heading"),
                },
            )
        )
    return emails


KINDS = {
    ReminderKind.MEETING_SOON: meetings_soon,
    ReminderKind.ACTION_DUE: actions_due,
    ReminderKind.OVERDUE_DIGEST: overdue_digests,
    ReminderKind.INVITATION_EXPIRING: invitations_expiring,
    ReminderKind.IMPROVEMENTS_WAITING: improvements_waiting,
    ReminderKind.PROTOCOLS_DUE: protocols_due,
}


# ---------------------------------------------------------------------------- sending


def _unsent(emails: list[Email]) -> list[Email]:
    """``emails`` without the entries already recorded (one query), and without those
    left with none."""
    if not emails:
        return []
    sent = set(
        SentReminder.objects.filter(
            kind__in={email.kind for email in emails},
            user__in={email.user.pk for email in emails},
            period__in={period for email in emails for _key, period in email.entries},
        ).values_list("kind", "object_key", "user_id", "period")
    )
    left = []
    for email in emails:
        kept = [
            (entry, item)
            for entry, item in zip(email.entries, email.items, strict=True)
            if (email.kind, entry[0], email.user.pk, entry[1]) not in sent
        ]
        if kept:
            email.entries = [entry for entry, _item in kept]
            email.items = [item for _entry, item in kept]
            left.append(email)
    return left


def _rows(email: Email, now: datetime) -> list[SentReminder]:
    return [
        SentReminder(kind=email.kind, object_key=key, user=email.user, period=period, sent_at=now)
        for key, period in email.entries
    ]


def _write(email: Email) -> int:
    return mail.notify(
        to=email.user,
        template=email.template,
        context={
            **email.context(email.items),
            # Every reminder says where to choose them.
            "preferences_link": Link("account", anchor="#reminders-heading"),
        },
        attachments=email.attachments(email.items),
    )


def _write_one(email: Email, now: datetime) -> int:
    """Record and write one email, skipping the entries another run recorded meanwhile."""
    with transaction.atomic():
        kept = []
        for row, item in zip(_rows(email, now), email.items, strict=True):
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue
            kept.append(item)
        if not kept:
            return 0
        email.items = kept
        return _write(email)


def deliver(emails: list[Email], now: datetime) -> int:
    """Record and write ``emails`` (those not sent yet), all in one transaction; if another
    run recorded some of them meanwhile (the unique constraint refuses the rows) or one
    cannot be written, one by one, skipping those (a broken one is logged, the others go,
    then its error is raised). Returns how many emails were written."""
    emails = _unsent(emails)
    if not emails:
        return 0
    try:
        with transaction.atomic():
            SentReminder.objects.bulk_create([row for email in emails for row in _rows(email, now)])
            return sum(_write(email) for email in emails)
    except Exception:
        # Another run recorded some of them meanwhile, or one cannot be written: one by
        # one, so that one broken email does not hold back the others.
        written, broken = 0, None
        for email in _unsent(emails):
            try:
                written += _write_one(email, now)
            except Exception as error:
                logger.exception(
                    "reminder %s for account %s not written", email.kind, email.user.pk
                )
                broken = error
        if broken is not None:
            raise broken from None
        return written


def run(now: datetime | None = None) -> int:
    """Write every reminder due at ``now`` (by default: now) and not sent yet; returns how
    many emails were written. Safe to run again, or twice at the same time.

    A kind that fails does not stop the others: each failure is logged, then, once every
    kind has been tried, ``RemindersFailed`` is raised (what failed is tried again at the
    next run; what was written is kept)."""
    now = now or timezone.now()
    written, failed = 0, []
    for kind, collect in KINDS.items():
        try:
            written += deliver(collect(now), now)
        except Exception as error:
            logger.exception("reminders of kind %s not sent", kind)
            failed.append((kind, error))
    if failed:
        raise RemindersFailed(written, failed)
    return written


class RemindersFailed(Exception):
    """Some kinds of reminders could not be sent (the others were): ``written`` emails
    were written, ``failed`` holds each failed kind with its error."""

    def __init__(self, written: int, failed: list):
        kinds = ", ".join(str(kind) for kind, _error in failed)
        super().__init__(f"reminders not sent: {kinds} ({written} email(s) written)")
        self.written, self.failed = written, failed
