"""iCalendar (RFC 5545) for meetings, with the icalendar library: escaping, time zones,
stable UIDs, and SEQUENCE so that updates and cancellations replace the earlier event."""

from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Meeting

PRODID = "-//Lanzarote working group//Portal//FR"


def _event(meeting: Meeting, *, base_url: str, method: str) -> icalendar.Event:
    tz = ZoneInfo(meeting.timezone or "Europe/Paris")
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.uid}@lanzarote")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", meeting.ends_at.astimezone(tz))
    event.add("summary", meeting.title)
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    url = base_url + meeting.get_absolute_url()
    event.add("url", url)
    description = [str(meeting.group)]
    if meeting.online_url:
        description.append(_("Online: %(url)s") % {"url": meeting.online_url})
    description.append(url)
    event.add("description", "\n".join(description))
    if method == "CANCEL" or meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def calendar_for(meetings, *, base_url: str, name: str = "", method: str = "PUBLISH") -> bytes:
    """A VCALENDAR with one VEVENT per meeting and the VTIMEZONEs they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(_event(meeting, base_url=base_url, method=method))
    cal.add_missing_timezones()
    return cal.to_ical()
