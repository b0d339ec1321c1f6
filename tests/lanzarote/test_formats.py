"""British formats on English pages ("3 December 2026", "03/12/2026", 24-hour time) and French
ones on French pages: in pages, calendar files, the CSV export and emails."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from meetings import services as meeting_services
from stakeholders.models import Membership
from tests.factories import member_user
from tests.meetings.factories import MeetingFactory, parse_ics, person_of
from tests.practices.factories import PracticeFactory, complete

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
THIRD_OF_DECEMBER = datetime(2026, 12, 3, 14, 30, tzinfo=PARIS)


@pytest.fixture
def practice(group):
    return complete(PracticeFactory(group=group, published_at=THIRD_OF_DECEMBER))


def test_english_practice_page_gives_the_publication_date_the_british_way(client, practice):
    response = client.get(f"/en/practices/{practice.slug}/")
    assert "3 December 2026" in response.content.decode()
    assert "December 3, 2026" not in response.content.decode()


def test_french_practice_page_gives_the_publication_date_the_french_way(client, practice):
    response = client.get(f"/fr/practices/{practice.slug}/")
    assert "3 décembre 2026" in response.content.decode()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_short_dates_are_day_first_in_both_languages(client_for, group, lang):
    member = member_user(group)
    Membership.objects.filter(person__user=member).update(since=date(2026, 12, 3))
    page = client_for(member).get(f"/{lang}/stakeholders/groups/{group.slug}/").content.decode()
    assert "03/12/2026" in page
    assert "12/03/2026" not in page


def test_english_csv_export_gives_british_short_dates(client, practice):
    response = client.get("/en/practices/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    assert rows[0]["Published"] == "03/12/2026"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "When: 3 December 2026, 14:30"), ("fr", "Quand : 3 décembre 2026 14:30")],
)
def test_calendar_description_gives_the_time_in_the_readers_formats(
    client_for, group, lang, expected
):
    meeting = MeetingFactory(
        group=group, starts_at=THIRD_OF_DECEMBER, ends_at=THIRD_OF_DECEMBER.replace(hour=16)
    )
    response = client_for(member_user(group)).get(f"/{lang}/meetings/{meeting.pk}.ics")
    _, (event,) = parse_ics(response.content)
    assert expected in str(event["DESCRIPTION"])


def test_english_invitation_email_gives_the_date_the_british_way(
    group, django_capture_on_commit_callbacks, mailoutbox
):
    english = member_user(group)
    english.language = "en"  # the guest's language, whoever invites
    english.save(update_fields=["language"])
    guest = person_of(english)
    meeting = MeetingFactory(
        group=group, starts_at=THIRD_OF_DECEMBER, ends_at=THIRD_OF_DECEMBER.replace(hour=16)
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.invite(meeting=meeting, people=[guest])
    (message,) = mailoutbox
    assert "03/12/2026" in message.subject
    assert "3 December 2026, 14:30" in message.body
