"""Meetings for the tests: small factories and helpers. People are fictional."""

from datetime import timedelta

import factory
import icalendar
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem, Attendance, Meeting
from stakeholders.models import Person
from tests.factories import OrganisationFactory, PersonFactory, WorkingGroupFactory, sector


def at(*, days=0, hours=0):
    """A moment relative to now, on the minute (as the meeting form would give it)."""
    return (timezone.now() + timedelta(days=days, hours=hours)).replace(second=0, microsecond=0)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned, members-only meeting next week, two hours long."""

    class Meta:
        model = Meeting

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Réunion plénière {n}")
    starts_at = factory.LazyFunction(lambda: at(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "Maison des associations, Paris 17e"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Point {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = Attendance.Status.INVITED


class ActionItemFactory(factory.django.DjangoModelFactory):
    """An open action item due in a week; done ones get their completion date."""

    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(PersonFactory)
    owner_organisation = factory.LazyAttribute(lambda o: o.owner.organisation)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    status = ActionItem.Status.OPEN
    completed_on = factory.LazyAttribute(
        lambda o: timezone.localdate() if o.status == ActionItem.Status.DONE else None
    )


def person_of(user) -> Person:
    return Person.objects.get(user=user)


def directory_person(group, *, sector_code="ngo", **fields) -> Person:
    """A person (without login) of an organisation taking part in ``group``."""
    organisation = OrganisationFactory(sector=sector(sector_code))
    group.organisations.add(organisation)
    return PersonFactory(organisation=organisation, **fields)


def parse_ics(content):
    """The calendar of an ``.ics`` payload (bytes or str) and its VEVENTs."""
    if isinstance(content, str):
        content = content.encode()
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, list(calendar.walk("VEVENT"))


def ics_attachment(message):
    """The ``(content, mimetype)`` of the only calendar file attached to an email."""
    files = [(c, m) for _, c, m in message.attachments if m.startswith("text/calendar")]
    assert len(files) == 1, message.attachments
    return files[0]
