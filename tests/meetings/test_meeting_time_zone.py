"""Days shown for a meeting are days where it takes place (``Meeting.timezone``), not in
the portal's time zone: a meeting at 22:30 in Cayenne is on the 10th, although it is
already the 11th in Paris."""

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from meetings import services
from meetings.models import AgendaItem, Decision, Meeting, minutes_approval_title

from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CAYENNE = "America/Cayenne"  # UTC-3: 22:30 on the 10th is 02:30 on the 11th in Paris


def late_evening_in_cayenne(group, **fields):
    starts = datetime.datetime(2026, 3, 10, 22, 30, tzinfo=ZoneInfo(CAYENNE))
    return MeetingFactory(
        group=group,
        title="Réunion de Guyane",
        timezone=CAYENNE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        **fields,
    )


def test_the_meeting_s_day_is_its_own_zone_s(group):
    meeting = late_evening_in_cayenne(group)

    assert meeting.local_day == datetime.date(2026, 3, 10)
    assert meeting.starts_at.astimezone(ZoneInfo("Europe/Paris")).day == 11


def test_the_approval_item_title_uses_the_meeting_s_time_zone(group):
    earlier = late_evening_in_cayenne(group, status=Meeting.Status.HELD)
    following = MeetingFactory(group=group)
    item = AgendaItem(meeting=following, title="Approbation", minutes_of=earlier)

    with translation.override("fr"):
        assert minutes_approval_title(earlier).endswith("(10 mars 2026)")
        assert "10 mars 2026" in item.label
    with translation.override("en"):
        assert "10 March 2026" in item.label


def public_decision(group):
    meeting = late_evening_in_cayenne(
        group, status=Meeting.Status.HELD, visibility=Meeting.Visibility.PUBLIC
    )
    decision = Decision.objects.create(
        meeting=meeting, agenda_item=AgendaItemFactory(meeting=meeting), text="Décision."
    )
    return services.decision_publish(decision=decision, note="", by=None)


def test_the_decisions_feed_dates_the_meeting_in_its_time_zone(client, group):
    public_decision(group)

    response = client.get(f"/fr/meetings/groups/{group.slug}/decisions/feed/")

    summary = ET.fromstring(response.content).find(f"{ATOM}entry").findtext(f"{ATOM}summary")
    assert "10 mars 2026" in summary
    assert "11 mars" not in summary


def test_the_decisions_page_dates_the_meeting_in_its_time_zone(client, group):
    public_decision(group)

    page = client.get(f"/fr/meetings/groups/{group.slug}/decisions/").content.decode()

    assert "10 mars 2026" in page
    assert "11 mars 2026" not in page
