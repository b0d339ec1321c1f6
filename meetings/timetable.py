"""A meeting's timetable: each agenda item starts when the ones before it are over.

Nothing is stored but the durations: the times follow from the meeting's start and the
order of the items, so moving an item moves the times with it. Computed in one pass over
items already loaded (no query)."""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils.formats import time_format
from django.utils.translation import ngettext

from .models import AgendaItem, Meeting


@dataclass(frozen=True)
class Slot:
    item: AgendaItem
    starts_at: datetime
    ends_at: datetime

    @property
    def minutes(self) -> int:
        return self.item.duration_minutes


@dataclass(frozen=True)
class Timetable:
    meeting: Meeting
    slots: list[Slot]
    ends_at: datetime  # when the last item ends (the meeting's start for an empty agenda)

    @property
    def overrun_minutes(self) -> int:
        """How many minutes the agenda runs past the meeting's end (0 when it fits)."""
        seconds = (self.ends_at - self.meeting.ends_at).total_seconds()
        return math.ceil(seconds / 60) if seconds > 0 else 0

    @property
    def overrun_message(self) -> str:
        """The warning to show when the agenda runs past the end, in the active language;
        empty when it fits."""
        minutes = self.overrun_minutes
        if not minutes:
            return ""
        end = time_format(self.meeting.ends_at.astimezone(self.meeting.zone), "TIME_FORMAT")
        return ngettext(
            "The agenda runs %(minutes)s minute past the end of the meeting (%(end)s).",
            "The agenda runs %(minutes)s minutes past the end of the meeting (%(end)s).",
            minutes,
        ) % {"minutes": minutes, "end": end}

    def __iter__(self):
        return iter(self.slots)

    def __len__(self):
        return len(self.slots)

    def __bool__(self):
        return bool(self.slots)


def timetable(meeting: Meeting, items) -> Timetable:
    """The times of ``items`` (the meeting's agenda, in its order), in the meeting's time
    zone. Durations are elapsed time: they are added in UTC, then shown on the meeting's
    clock (an item across a change to summer time still lasts what it says)."""
    zone = meeting.zone
    # In UTC: Python adds a timedelta to a zoned time on the wall clock, not in elapsed time.
    moment = meeting.starts_at.astimezone(UTC)
    slots = []
    for item in items:
        end = moment + timedelta(minutes=item.duration_minutes or 0)
        slots.append(
            Slot(item=item, starts_at=moment.astimezone(zone), ends_at=end.astimezone(zone))
        )
        moment = end
    return Timetable(meeting=meeting, slots=slots, ends_at=moment.astimezone(zone))
