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


# ------------------------------------------- a New Year's Eve meeting in Reykjavik

REYKJAVIK = ZoneInfo("Atlantic/Reykjavik")  # UTC+0: 23:30 on 31 December is 00:30 in Paris


def new_year_s_eve(year):
    return datetime.datetime(year, 12, 31, 23, 30, tzinfo=REYKJAVIK)


@pytest.fixture
def iceland():
    """An Icelandic group (its coordinator and a member) whose meetings keep Reykjavik's
    clock: one held on New Year's Eve 2029 at 23:30, whose approval waits on the agenda
    of the next, on New Year's Eve 2030 at 23:30; the member was present at the first."""
    import time_machine

    from stakeholders.models import Membership
    from tests.factories import TerritoryFactory, WorkingGroupFactory, member_user

    from .factories import AttendanceFactory, person_of

    group = WorkingGroupFactory(
        territory=TerritoryFactory(country="IS", name="Ísland", slug="island")
    )
    coordinator = member_user(group, role=Membership.Role.COORDINATOR)
    member = member_user(group)
    with time_machine.travel(datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)):
        following = MeetingFactory(
            group=group,
            title="Gamlárskvöld 2030",
            timezone=REYKJAVIK.key,
            starts_at=new_year_s_eve(2030),
            ends_at=new_year_s_eve(2030) + datetime.timedelta(hours=2),
        )
        earlier = MeetingFactory(
            group=group,
            title="Gamlárskvöld 2029",
            timezone=REYKJAVIK.key,
            starts_at=new_year_s_eve(2029),
            ends_at=new_year_s_eve(2029) + datetime.timedelta(hours=2),
            minutes="Fundargerð.",
        )
        AttendanceFactory(meeting=earlier, person=person_of(member), status="present")
        services.meeting_close(meeting=earlier, by=coordinator)
    return coordinator, member, earlier, following


def days(year):
    """The day a New Year's Eve meeting of ``year`` is on in Reykjavik, and in Paris."""
    from django.utils.formats import date_format

    return (
        date_format(datetime.date(year, 12, 31), "DATE_FORMAT"),
        date_format(datetime.date(year + 1, 1, 1), "DATE_FORMAT"),
    )


def test_the_meeting_page_dates_the_meeting_and_its_minutes_approval_in_reykjavik(client, iceland):
    import time_machine

    coordinator, member, earlier, following = iceland
    with translation.override("en"):
        own_2029, paris_2029 = days(2029)
        own_2030, paris_2030 = days(2030)
    with time_machine.travel(datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)):
        client.force_login(member)
        page = client.get(f"/en/meetings/{earlier.pk}/").content.decode()
    assert f"Draft minutes, awaiting approval at the meeting of {own_2030}." in page
    assert paris_2030 not in page
    assert f"{own_2029}, 23:30" in page  # the meeting's own start
    assert paris_2029 not in page

    # The approving meeting started at 23:30 in Reykjavik; approved a quarter later.
    with time_machine.travel(datetime.datetime(2030, 12, 31, 23, 45, tzinfo=datetime.UTC)):
        item = following.agenda_items.get(minutes_of=earlier)
        services.minutes_approve(item=item, by=coordinator)
        client.force_login(member)  # (the session of June has expired)
        page = client.get(f"/en/meetings/{earlier.pk}/").content.decode()
    assert f"Approved on {own_2030} by the meeting of {own_2030}." in page
    assert paris_2030 not in page


def test_the_member_home_and_the_meeting_list_date_meetings_in_reykjavik(client, iceland):
    import time_machine

    _coordinator, member, _earlier, _following = iceland
    with time_machine.travel(datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)):
        client.force_login(member)
        page = client.get("/en/my-space/").content.decode()
        listed = client.get("/en/meetings/").content.decode()
    with translation.override("en"):
        own_2029, paris_2029 = days(2029)
        own_2030, paris_2030 = days(2030)
    assert "Gamlárskvöld 2030" in page and "Gamlárskvöld 2029" in page
    assert own_2029 in page and own_2030 in page
    assert paris_2029 not in page and paris_2030 not in page
    assert f"{own_2030}, 23:30" in listed and f"{own_2029}, 23:30" in listed
    assert paris_2029 not in listed and paris_2030 not in listed


def test_the_attendance_certificate_and_its_check_date_the_meeting_in_reykjavik(client, iceland):
    from meetings import certificates

    from .test_certificates import pdf_text

    _coordinator, member, earlier, _following = iceland
    attendance = earlier.attendances.get()
    certificate = certificates.certificate_for(attendance)
    with translation.override(certificate.language):
        own, paris = days(2029)
    text = pdf_text(certificate.html())
    assert own in text and "23:30" in text
    assert paris not in text
    assert certificate.filename.split("-", 1)[1].startswith("2029-12-31-")

    page = client.get(f"/en/meetings/certificates/{certificates.reference(attendance.pk)}/")
    with translation.override("en"):
        own, paris = days(2029)
    assert own in page.content.decode()
    assert paris not in page.content.decode()


def test_a_suggestion_on_the_agenda_is_dated_in_reykjavik(client, iceland):
    import time_machine
    from django.utils.formats import date_format

    from practices.models import Improvement
    from tests.practices.factories import PracticeFactory

    coordinator, member, _earlier, following = iceland
    practice = PracticeFactory(group=following.group)
    improvement = Improvement.objects.create(practice=practice, author=member, text="Hugmynd")
    with translation.override("en"):
        own, paris = days(2030)
        own_short = date_format(datetime.date(2030, 12, 31), "SHORT_DATE_FORMAT")
        paris_short = date_format(datetime.date(2031, 1, 1), "SHORT_DATE_FORMAT")
    with time_machine.travel(datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)):
        client.force_login(coordinator)
        added = client.post(f"/en/meetings/suggestions/{improvement.pk}/agenda/", follow=True)
        queue = client.get("/en/practices/suggestions/").content.decode()
        client.force_login(member)
        pages = [
            client.get(f"/en/practices/{practice.slug}/improvements/{improvement.pk}/"),
            client.get(f"/en/practices/{practice.slug}/"),
        ]
    assert following.agenda_items.filter(improvement=improvement).exists()
    assert f"is on the agenda of “Gamlárskvöld 2030” ({own})." in added.content.decode()
    assert own_short in queue and paris_short not in queue
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert "On the agenda of" in page
        assert f"({own})" in page
        assert paris not in page
