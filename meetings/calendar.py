"""iCalendar (RFC 5545) for meetings, with the icalendar library: escaping, time zones,
stable UIDs, and SEQUENCE so that updates and cancellations replace the earlier event."""

from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stakeholders.mail import absolute_url

from . import rules
from .models import AgendaItem, Meeting
from .timetable import timetable

PRODID = "-//Lanzarote working group//Portal//FR"


def _event(meeting: Meeting, *, method: str, private: bool) -> icalendar.Event:
    tz = meeting.zone
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.uid}@lanzarote")
    event.add("sequence", meeting.sequence)
    # RFC 5546: invitations and cancellations name their organiser.
    event.add("organizer", f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", meeting.ends_at.astimezone(tz))
    event.add("summary", meeting.title)
    # Never the video link itself: private files (the group's feeds, the invitees' emails)
    # carry the portal's join address, which lets only invitees in, and only near the time
    # (rules.join_state); public files carry neither.
    online_url = (
        absolute_url(reverse("meetings:join", kwargs={"pk": meeting.pk}))
        if private and rules.has_online_link(meeting)
        else ""
    )
    location = meeting.place or online_url
    if location:
        event.add("location", location)
    url = absolute_url(meeting.get_absolute_url())
    event.add("url", url)
    # In the reader's language and formats ("3 December 2026, 14:30" on English pages).
    when = formats.date_format(meeting.starts_at.astimezone(tz), "DATETIME_FORMAT")
    description = [str(meeting.group), _("When: %(date)s") % {"date": when}]
    if online_url:
        description.append(_("Online: %(url)s") % {"url": online_url})
    if private:
        # The timed agenda, for the group's members only (prefetched by calendar_for).
        agenda = timetable(meeting, meeting.agenda_items.all())
        if agenda:
            description.append(_("Agenda:"))
            description.extend(
                f"{formats.time_format(slot.starts_at, 'TIME_FORMAT')} {slot.item.label}"
                for slot in agenda
            )
    description.append(url)
    event.add("description", "\n".join(description))
    if method == "CANCEL" or meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def calendar_for(
    meetings, *, name: str = "", method: str = "PUBLISH", private: bool = True
) -> bytes:
    """A VCALENDAR with one VEVENT per meeting and the VTIMEZONEs they use; ``private=False``
    (a public meeting downloaded by someone outside its group) leaves out the join address.
    Its links are on the portal's address, in the active language."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    meetings = list(meetings)
    if private:
        # One query for all the agendas (an approval item's label names its meeting).
        prefetch_related_objects(
            meetings,
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("minutes_of")),
        )
    for meeting in meetings:
        cal.add_component(_event(meeting, method=method, private=private))
    cal.add_missing_timezones()
    return cal.to_ical()
