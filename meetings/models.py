"""Meetings of the working groups: agenda, attendance, minutes, decisions, action items."""

import hashlib
import secrets
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, Count, F, Max, Q, Value, When
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from practices import uploads
from practices.markdown import rendered_fields, stored, validate_markdown
from practices.models import Document, Improvement, Practice
from stakeholders.models import HttpsURLField, Organisation, Person, WorkingGroup


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def next_of_group(self, group_id):
        """The group's next meeting: planned (not held, not cancelled) and not started yet;
        None when there is none."""
        return (
            self.filter(
                group_id=group_id, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()
            )
            .order_by("starts_at", "pk")
            .first()
        )

    def public(self):
        return self.filter(visibility=Meeting.Visibility.PUBLIC).exclude(
            status=Meeting.Status.CANCELLED
        )

    def examining(self, practice):
        """The meetings (not cancelled) whose agenda examines ``practice``, each once,
        oldest first (``examined_practice_ids``: the practices that may have some)."""
        return (
            self.filter(pk__in=AgendaItem.objects.filter(practice=practice).values("meeting_id"))
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at", "pk")
        )

    def examined_practice_ids(self):
        """The ids of the practices an agenda item examines, in any meeting (cancelled ones
        included): those for which ``examining`` may find meetings."""
        return (
            AgendaItem.objects.exclude(practice=None)
            .order_by()
            .values_list("practice_id", flat=True)
            .distinct()
        )

    def visible_to(self, user):
        """Public meetings for everyone; every meeting of their groups for members."""
        from stakeholders.permissions import roles

        r = roles(user)
        if r.is_staff:
            return self
        return self.filter(Q(visibility=Meeting.Visibility.PUBLIC) | Q(group_id__in=r.member_of))


def one_line(value: str) -> str:
    """A title or a place is one line: line breaks typed or pasted become spaces."""
    return " ".join((value or "").split())


class Meeting(models.Model):
    """A meeting of a working group."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Members only")
        PUBLIC = "public", _("Public: everyone sees the summary")

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("working group"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = HttpsURLField(_("online meeting link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        help_text=_("Shown to everyone when the meeting is public. Never put names here."),
    )
    minutes = models.TextField(
        _("minutes"), blank=True, help_text=_("Markdown."), validators=[validate_markdown]
    )
    # The minutes rendered to safe HTML when they are saved (``save``, services.minutes_save).
    minutes_html = models.TextField(editable=False, blank=True, default="")
    minutes_version = models.PositiveIntegerField(default=0, editable=False)
    minutes_shared_at = models.DateTimeField(_("minutes shared"), null=True, blank=True)
    # Stable iCalendar identity; SEQUENCE grows with every change sent to invitees.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings_created",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Closed minutes are a draft until a later meeting approves them (services.minutes_approve):
    # then they are frozen, and the decision that approved them is kept here.
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        "Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approved by the decision"),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(minutes_approved_at__isnull=True, minutes_approved_by__isnull=True)
                | Q(minutes_approved_at__isnull=False, minutes_approved_by__isnull=False),
                name="meeting_minutes_approved_with_decision",
                violation_error_message=_(
                    "Approved minutes need both the date of their approval and the decision "
                    "that approved them."
                ),
            ),
        ]
        indexes = [models.Index(fields=["group", "starts_at"], name="meeting_group_start")]

    def __str__(self):
        return self.title

    # Markdown source → its HTML (``manage.py rerender_markdown`` renders them all again).
    RENDERED = {"minutes": "minutes_html"}

    def save(self, *args, update_fields=None, **kwargs):
        update_fields = rendered_fields(self, self.RENDERED, update_fields)
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        # Titles and places are one line, whoever types them (line breaks become spaces).
        self.title, self.place = one_line(self.title), one_line(self.place)
        # A decision on the public page needs a public meeting (Decision.clean): a meeting
        # keeps its visibility while it has public decisions; withdraw them first.
        if (
            self.pk
            and not self.is_public
            and Decision.objects.filter(meeting_id=self.pk, is_public=True).exists()
        ):
            raise ValidationError(
                {
                    "visibility": _(
                        "Some decisions of this meeting are on the group's public page: "
                        "withdraw them from it before making the meeting members-only."
                    )
                },
                code="has_public_decisions",
            )
        self._clean_approvals()

    def _clean_approvals(self):
        """The minutes approval holds when a meeting moves or changes group (AgendaItem.clean
        holds the item itself): a meeting that approves another's minutes starts after it,
        a meeting whose minutes are approved starts before the approving one, and both stay
        in the same group. Read only when the time or the group changed."""
        if not self.pk:
            return
        stored = Meeting.objects.filter(pk=self.pk).values("starts_at", "group_id").first()
        if stored is None or (
            stored["starts_at"] == self.starts_at and stored["group_id"] == self.group_id
        ):
            return
        approves = AgendaItem.objects.filter(meeting_id=self.pk, minutes_of__isnull=False)
        approved_by = AgendaItem.objects.filter(minutes_of_id=self.pk)
        if stored["group_id"] != self.group_id and (approves.exists() or approved_by.exists()):
            raise ValidationError(
                {
                    "group": ValidationError(
                        _(
                            "This meeting's minutes approval links it to another meeting of "
                            "its group: it cannot move to another group."
                        ),
                        code="approval_other_group",
                    )
                }
            )
        if self.starts_at and (
            approves.filter(minutes_of__starts_at__gte=self.starts_at).exists()
            or approved_by.filter(meeting__starts_at__lte=self.starts_at).exists()
        ):
            raise ValidationError(
                {
                    "starts_at": ValidationError(
                        _(
                            "A meeting that approves the minutes of another must start after "
                            "it: this time would put them in the wrong order."
                        ),
                        code="approves_later_minutes",
                    )
                }
            )

    @property
    def zone(self) -> ZoneInfo:
        """The meeting's own time zone (where it takes place), not the portal's."""
        return ZoneInfo(self.timezone or "Europe/Paris")

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_day(self) -> date:
        """The day the meeting starts, where it takes place (a date, which templates do not
        convert to the portal's time zone as they do a datetime)."""
        return self.local_start.date()

    @property
    def rendered_minutes(self):
        """The minutes as the HTML stored when they were saved."""
        return stored(self.minutes_html)

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def minutes_are_draft(self):
        """Closed, and not approved yet by a later meeting: comments and corrections open."""
        return self.status == self.Status.HELD and self.minutes_approved_at is None


# The title of the agenda item that the portal adds (``matters_arising``): shown through
# gettext when read, so in the reader's language, whoever created the meeting.
MATTERS_ARISING_TITLE = gettext_noop("Matters arising: open action items")
# The title of the item that puts an earlier meeting's minutes to the approval of the next one
# (``minutes_of``), shown in the reader's language too.
MINUTES_APPROVAL_TITLE = gettext_noop("Approval of the minutes of %(title)s (%(date)s)")


def minutes_approval_title(meeting) -> str:
    """The approval item's title for ``meeting``'s minutes, in the active language."""
    day = date_format(meeting.local_day, "DATE_FORMAT")
    return gettext(MINUTES_APPROVAL_TITLE) % {"title": meeting.title, "date": day}


# Planned durations of agenda items, in minutes: a new item's, the matters arising', the
# longest one (a full working day).
DEFAULT_ITEM_MINUTES = 15
MATTERS_ARISING_MINUTES = 10
MAX_ITEM_MINUTES = 480


class AgendaItem(models.Model):
    """One point of a meeting's agenda."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    presenter = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("presenter"),
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("practice discussed"),
    )
    matters_arising = models.BooleanField(
        _("matters arising"),
        default=False,
        help_text=_("Open action items carried over from earlier meetings."),
    )
    # The suggestion this item discusses (services.improvement_to_agenda).
    improvement = models.ForeignKey(
        Improvement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("suggestion discussed"),
    )
    # The item's start is computed (meetings.timetable): the meeting's start plus the
    # durations of the items before it.
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=DEFAULT_ITEM_MINUTES,
        help_text=_("Planned time for this item, from 1 to 480 minutes."),
    )

    # The earlier meeting whose minutes this item puts to the approval of the meeting.
    minutes_of = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="approval_items",
        verbose_name=_("minutes to approve of"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=MAX_ITEM_MINUTES),
                name="agenda_item_duration_range",
                violation_error_message=_(
                    "An agenda item lasts from 1 minute to 480 minutes (8 hours)."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "minutes_of"],
                condition=Q(minutes_of__isnull=False),
                name="agenda_item_minutes_approval_once",
                violation_error_message=_(
                    "The approval of these minutes is already on the agenda of this meeting."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "improvement"],
                condition=Q(improvement__isnull=False),
                name="agenda_item_improvement_once",
                violation_error_message=_(
                    "This suggestion is already on the agenda of this meeting."
                ),
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        self.title = one_line(self.title)
        if (
            self.improvement_id
            and self.meeting_id
            and self.improvement.practice.group_id != self.meeting.group_id
        ):
            raise ValidationError(
                {
                    "improvement": _(
                        "Only a suggestion on a practice of the meeting's group can be on "
                        "its agenda."
                    )
                },
                code="improvement_other_group",
            )
        self._clean_minutes_of()

    def _clean_minutes_of(self):
        """An approval item approves the minutes of an earlier, held meeting of the same
        group. Not attached to a field: the admin shows ``minutes_of`` read-only, and moving
        the item to another meeting breaks the rule as much."""
        if not (self.minutes_of_id and self.meeting_id):
            return
        approved, meeting = self.minutes_of, self.meeting
        if approved.group_id != meeting.group_id:
            raise ValidationError(
                _("A meeting can only approve the minutes of a meeting of its own group."),
                code="minutes_other_group",
            )
        if approved.status != Meeting.Status.HELD:
            raise ValidationError(
                _("Only the minutes of a closed meeting can be approved."), code="not_held"
            )
        if approved.starts_at >= meeting.starts_at:
            raise ValidationError(
                _("A meeting can only approve the minutes of an earlier meeting."),
                code="minutes_not_earlier",
            )

    @property
    def label(self) -> str:
        """The title to show: the portal's own items in the reader's language (the stored
        title is the creator's, kept for the admin and the history)."""
        if self.matters_arising:
            return gettext(MATTERS_ARISING_TITLE)
        if self.minutes_of_id:
            return minutes_approval_title(self.minutes_of)
        return self.title


class Attendance(models.Model):
    """A person invited to a meeting, and whether they came."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", pgettext_lazy("attendance", "Declined")
        PRESENT = "present", pgettext_lazy("attendance", "Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    class Mode(models.TextChoices):
        IN_PERSON = "in-person", _("In person")
        REMOTE = "remote", _("Remote")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("person")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # How a present person took part; blank until recorded, and only for present people.
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_once_per_meeting",
                violation_error_message=_("This person is already invited to this meeting."),
            ),
            models.CheckConstraint(
                condition=Q(mode="") | Q(status="present"),
                name="attendance_mode_only_present",
                violation_error_message=_(
                    "Only a person present at the meeting can attend in person or remotely."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting} ({self.get_status_display()})"


class DecisionQuerySet(models.QuerySet):
    def followed_in_public(self):
        """Decisions made public, of public meetings that were held: what the group's
        public page and feed list."""
        return self.filter(
            is_public=True,
            meeting__visibility=Meeting.Visibility.PUBLIC,
            meeting__status=Meeting.Status.HELD,
        )

    def public_page_of(self, group):
        """``group``'s decisions followed in public, newest meeting first, with their
        progress: only what the public may read (no action item, no owner). The group's
        public page and its feed."""
        return (
            self.followed_in_public()
            .filter(meeting__group=group)
            .with_progress()
            .select_related("meeting")
            .only(
                "text",
                "public_note",
                "made_public_at",
                "created_at",
                "meeting__title",
                "meeting__starts_at",
                "meeting__timezone",
            )
            .order_by("-meeting__starts_at", "-meeting_id", "agenda_item__position", "id")
        )

    def with_progress(self):
        """Each decision's progress from its linked action items, in the same query: the
        counts (``actions_total``, ``actions_done``, ``actions_dropped``,
        ``actions_started``), ``progress`` (a Decision.Progress value) and
        ``actions_updated_at`` (the latest change of a linked action, None without any).

        The one place the progress is worked out: no linked action → not started; all
        dropped → dropped; all done or dropped with at least one done → done; one in
        progress or one done → in progress; otherwise (all open) not started."""
        status = ActionItem.Status
        P = Decision.Progress
        return self.annotate(
            actions_total=Count("action_items"),
            actions_done=Count("action_items", filter=Q(action_items__status=status.DONE)),
            actions_dropped=Count("action_items", filter=Q(action_items__status=status.DROPPED)),
            actions_started=Count(
                "action_items", filter=Q(action_items__status=status.IN_PROGRESS)
            ),
            actions_updated_at=Max("action_items__updated_at"),
        ).annotate(
            progress=Case(
                When(actions_total=0, then=Value(P.NOT_STARTED)),
                When(actions_dropped=F("actions_total"), then=Value(P.DROPPED)),
                When(
                    Q(actions_done__gte=1)
                    & Q(actions_total=F("actions_done") + F("actions_dropped")),
                    then=Value(P.DONE),
                ),
                When(Q(actions_started__gte=1) | Q(actions_done__gte=1), then=Value(P.IN_PROGRESS)),
                default=Value(P.NOT_STARTED),
                output_field=models.CharField(max_length=20),
            )
        )


class Decision(models.Model):
    """A decision recorded under an agenda item; a coordinator may publish one of a public
    meeting, with a short note, on the group's public page where its progress is followed."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not-started", pgettext_lazy("decision", "Not started")
        IN_PROGRESS = "in-progress", pgettext_lazy("decision", "In progress")
        DONE = "done", pgettext_lazy("decision", "Done")
        DROPPED = "dropped", pgettext_lazy("decision", "Dropped")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("decision"), max_length=2000)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    is_public = models.BooleanField(_("on the public page"), default=False)
    public_note = models.TextField(
        _("public note"),
        max_length=500,
        blank=True,
        help_text=_(
            "Shown to everyone with the decision on the group's public page. Never put names here."
        ),
    )
    made_public_at = models.DateTimeField(_("made public"), null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["agenda_item__position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(made_public_at__isnull=False),
                name="decision_public_has_date",
                violation_error_message=_("A public decision needs the date it was made public."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("public_note"), 500),
                name="decision_public_note_short",
                violation_error_message=_("The public note is at most 500 characters long."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        super().clean()
        # Spans two models, so checked here and in services.decision_publish (which locks
        # the meeting); Meeting.clean refuses the other way round.
        if self.is_public and self.meeting_id and not self.meeting.is_public:
            raise ValidationError(
                _("Only a decision of a public meeting can be shown on the public page."),
                code="meeting_not_public",
            )

    @property
    def progress_label(self) -> str:
        """The progress (from ``with_progress``) in words."""
        return self.Progress(self.progress).label

    @property
    def progress_counts(self) -> str:
        """ "2 of 3 actions done" (from ``with_progress``); dropped actions are counted apart."""
        if not self.actions_total:
            return gettext("No action recorded yet")
        text = ngettext(
            "%(done)s of %(total)s action done",
            "%(done)s of %(total)s actions done",
            self.actions_total,
        ) % {"done": self.actions_done, "total": self.actions_total}
        if self.actions_dropped:
            text += ngettext(
                ", %(dropped)s dropped", ", %(dropped)s dropped", self.actions_dropped
            ) % {"dropped": self.actions_dropped}
        return text

    @property
    def progress_changed_at(self):
        """When the public entry last changed: made public, or a linked action changed."""
        moments = [m for m in (self.made_public_at, self.actions_updated_at) if m]
        return max(moments) if moments else self.created_at


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS])

    def carried_over_to(self, meeting):
        """The "matters arising" of ``meeting``: open action items of its group's earlier
        meetings."""
        return self.open().filter(
            meeting__group_id=meeting.group_id, meeting__starts_at__lt=meeting.starts_at
        )

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def due_soon(self, today=None, days=14):
        today = today or timezone.localdate()
        return self.open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=days))


class ActionItem(models.Model):
    """Something a person promised to do, followed until it is done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in-progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("owner")
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("organisation"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    practice = models.ForeignKey(
        Practice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("practice"),
    )
    # The decision this action carries out: its progress is the decision's.
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("decision carried out"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = [F("due_on").asc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False) | ~Q(status="done"),
                name="action_item_done_has_date",
                violation_error_message=_("A finished action needs its completion date."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.decision_id
            and self.meeting_id
            and self.decision.meeting.group_id != self.meeting.group_id
        ):
            raise ValidationError(
                {"decision": _("Only a decision of the same working group can be carried out.")},
                code="decision_other_group",
            )

    @property
    def is_open(self):
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)

    @property
    def is_overdue(self):
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


class ActionItemComment(models.Model):
    """A progress note on an action item, with the status it set."""

    action_item = models.ForeignKey(
        ActionItem,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("action item"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="action_item_comments",
        verbose_name=_("author"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ActionItem.Status.choices)
    text = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class MinutesVersion(models.Model):
    """The minutes as they were at the closing of the meeting and after each correction."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="minutes_versions",
        verbose_name=_("meeting"),
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("minutes"), blank=True)
    html = models.TextField(editable=False, blank=True, default="")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_versions",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)

    RENDERED = {"text": "html"}

    class Meta:
        verbose_name = _("version of the minutes")
        verbose_name_plural = _("versions of the minutes")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="minutes_version_once",
                violation_error_message=_("This version of the minutes exists already."),
            )
        ]

    def __str__(self):
        return f"{self.meeting} – {self.number}"

    def save(self, *args, update_fields=None, **kwargs):
        update_fields = rendered_fields(self, self.RENDERED, update_fields)
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def rendered(self):
        return stored(self.html)


class MinutesComment(models.Model):
    """A member's remark on draft minutes, before a later meeting approves them."""

    # Each member writes at most this many comments on one meeting's minutes
    # (services.minutes_comment_add holds it).
    MAX_PER_AUTHOR = 20

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="minutes_comments",
        verbose_name=_("meeting"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="minutes_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=2000, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


def meeting_attachment_path(instance, filename):
    """A generated name with the extension of the type found in the content."""
    return uploads.stored_name("meetings", instance.content_type)


class MeetingAttachment(Document):
    """A document of a meeting (members only)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )
    file = models.FileField(_("file"), upload_to=meeting_attachment_path, max_length=200)

    class Meta(Document.Meta):
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")


def agenda_item_paper_path(instance, filename):
    """A generated name with the extension of the type found in the content."""
    return uploads.stored_name("meetings/papers", instance.content_type)


class AgendaItemPaper(Document):
    """A paper for one agenda item (members of the group only, like meeting documents)."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="papers", verbose_name=_("agenda item")
    )
    file = models.FileField(_("file"), upload_to=agenda_item_paper_path, max_length=200)

    class Meta(Document.Meta):
        verbose_name = _("agenda item paper")
        verbose_name_plural = _("agenda item papers")


class CalendarToken(models.Model):
    """A private, revocable address for a member's calendar feed of a working group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        verbose_name=_("user"),
    )
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        verbose_name=_("working group"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} – {self.group}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
