"""A practice examined under a meeting's agenda item links back to those meetings, only to
the ones the reader may open; the meeting's page links to the practice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db

S = "published"


@pytest.fixture
def practice(make_practice):
    return make_practice(S, title_en="Child-friendly hearing rooms")


@pytest.fixture
def meetings(group, practice):
    """A public meeting and a members-only one of ``group`` examining ``practice``, and a
    cancelled public one."""
    public = MeetingFactory(
        group=group,
        title="Séance publique sur les auditions",
        visibility=Meeting.Visibility.PUBLIC,
        starts_at=at(days=-20),
        ends_at=at(days=-20, hours=2),
    )
    private = MeetingFactory(group=group, title="Séance interne sur les auditions")
    cancelled = MeetingFactory(
        group=group,
        title="Séance annulée",
        visibility=Meeting.Visibility.PUBLIC,
        status=Meeting.Status.CANCELLED,
    )
    for meeting in (public, private, cancelled):
        AgendaItemFactory(meeting=meeting, practice=practice)
    return public, private


def section(page):
    if 'id="meetings"' not in page:
        return ""
    return page.split('id="meetings"')[1].split("</section>")[0]


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_member", "other_coordinator"])
def test_others_see_only_the_public_meetings(client, request, who, practice, meetings):
    public, private = meetings
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    listed = section(client.get(practice.get_absolute_url()).content.decode())
    assert "Examined at meetings" in listed or "Examinée en réunion" in listed
    assert f'href="{public.get_absolute_url()}#agenda"' in listed
    assert "Séance interne" not in listed
    assert "Séance annulée" not in listed


@pytest.mark.parametrize("who", ["member", "coordinator", "staff"])
def test_the_groups_people_see_every_meeting_oldest_first(client, request, who, practice, meetings):
    public, private = meetings
    client.force_login(request.getfixturevalue(who))
    listed = section(client.get(practice.get_absolute_url()).content.decode())
    assert listed.index(public.title) < listed.index(private.title)
    assert f'href="{private.get_absolute_url()}#agenda"' in listed
    assert "Séance annulée" not in listed


def test_a_practice_never_examined_has_no_such_section(client, member, practice):
    client.force_login(member)
    assert section(client.get(practice.get_absolute_url()).content.decode()) == ""


def test_a_meeting_with_two_items_on_the_practice_is_listed_once(
    client, member, practice, meetings
):
    public, _ = meetings
    AgendaItemFactory(meeting=public, practice=practice, title="Suite")
    client.force_login(member)
    listed = section(client.get(practice.get_absolute_url()).content.decode())
    assert listed.count(public.title) == 1


def test_a_practice_put_on_an_agenda_after_its_page_was_seen_lists_the_meeting(
    client, group, practice
):
    """Which practices were ever on an agenda is kept per state of the network's activity:
    an agenda item added (here without any signal) is seen at the next request."""
    from meetings.models import AgendaItem

    assert section(client.get(practice.get_absolute_url()).content.decode()) == ""
    meeting = MeetingFactory(group=group, visibility=Meeting.Visibility.PUBLIC)
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, practice=practice, title="Point", position=1)]
    )

    listed = section(client.get(practice.get_absolute_url()).content.decode())
    assert f'href="{meeting.get_absolute_url()}#agenda"' in listed


def test_the_meeting_page_links_to_the_practice(client, member, practice, meetings):
    public, _ = meetings
    page = client.get(public.get_absolute_url()).content.decode()
    assert f'href="{practice.get_absolute_url()}"' in page


def test_the_list_takes_one_query_whatever_the_number_of_meetings(client, member, group, practice):
    client.force_login(member)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(practice.get_absolute_url())
        assert response.status_code == 200
        return len(queries.captured_queries), response

    AgendaItemFactory(meeting=MeetingFactory(group=group), practice=practice)
    # The catalogue index and the glossary are read again after any change: not the page's.
    client.get(practice.get_absolute_url())
    few, _ = count()
    for _ in range(10):
        AgendaItemFactory(meeting=MeetingFactory(group=group), practice=practice)
    client.get(practice.get_absolute_url())
    many, response = count()
    assert many == few
    assert len(response.context["examined_at"]) == 11


def test_the_meetings_examining_a_practice_are_a_queryset_method(
    group, practice, meetings, django_assert_num_queries
):
    """Each meeting once (two items on one agenda), oldest first, the cancelled one left out."""
    public, private = meetings
    AgendaItemFactory(meeting=private, practice=practice)

    with django_assert_num_queries(1):
        assert list(Meeting.objects.examining(practice)) == [public, private]
