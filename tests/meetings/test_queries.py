"""Constant queries: a meeting page, the meeting list and “My action items” run the same
number of queries with one agenda item, attendee and action item as with many."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import (
    ActionItemComment,
    AgendaItemPaper,
    Attendance,
    Decision,
    Meeting,
    MeetingAttachment,
)
from practices.models import Practice
from stakeholders.models import Membership
from tests.factories import WorkingGroupFactory

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    at,
    directory_person,
    person_of,
)

pytestmark = pytest.mark.django_db

SECTORS = ["justice", "police", "medico-legal", "child-welfare", "education", "ngo", "private"]
SMALL, LARGE = 1, 12


def _practice(group, n):
    return Practice.objects.create(
        title_fr=f"Pratique {group.pk}-{n}",
        title_en=f"Practice {group.pk}-{n}",
        slug=f"pratique-{group.pk}-{n}",
        territory=group.territory,
        organisation=group.organisations.first(),
        group=group,
        status=Practice.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def _meeting_with(group, member, size):
    """A meeting of ``group`` with ``size`` agenda items (each presented, about a practice,
    timed, with a decision, an action item and two papers), attendees, documents and
    carried-over items."""
    earlier = MeetingFactory(group=group, starts_at=at(days=-40), ends_at=at(days=-40, hours=2))
    meeting = MeetingFactory(
        group=group, starts_at=at(days=5), minutes="## Compte rendu\n\n- un\n- deux"
    )
    AgendaItemFactory(meeting=meeting, position=0, matters_arising=True, title="Suivi")
    AttendanceFactory(meeting=meeting, person=person_of(member), status="confirmed")
    for n in range(size):
        person = directory_person(group, sector_code=SECTORS[n % 7])
        item = AgendaItemFactory(meeting=meeting, presenter=person, practice=_practice(group, n))
        Decision.objects.create(meeting=meeting, agenda_item=item, text=f"Décision {n}")
        ActionItemFactory(meeting=meeting, agenda_item=item, owner=person)
        ActionItemFactory(meeting=earlier, owner=person)
        AttendanceFactory(meeting=meeting, person=person, status=Attendance.Status.CONFIRMED)
        for suffix in ("a", "b"):
            AgendaItemPaper.objects.create(
                agenda_item=item,
                file=ContentFile(b"%PDF-1.4\n", name="paper.pdf"),
                title=f"Pièce {n}{suffix}",
                content_type="application/pdf",
                size=9,
            )
        MeetingAttachment.objects.create(
            meeting=meeting,
            file=ContentFile(b"%PDF-1.4\n", name="doc.pdf"),
            title=f"Document {n}",
            content_type="application/pdf",
            size=9,
        )
    return meeting


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


def _compare(client, small_url, large_url):
    client.get(small_url)  # warm up caches that live longer than a request
    small, _ = _count(client, small_url)
    large, response = _count(client, large_url)
    assert small == large, f"{small} queries with little data, {large} with more"
    return large, response


@pytest.fixture
def two_meetings(group, member, coordinator):
    """The same shape at two sizes, in two groups both coordinated by ``coordinator`` and
    both with ``member``."""
    second = WorkingGroupFactory()
    second.organisations.add(person_of(member).organisation)
    Membership.objects.create(person=person_of(member), group=second)
    Membership.objects.create(
        person=person_of(coordinator), group=second, role=Membership.Role.COORDINATOR
    )
    return _meeting_with(group, member, SMALL), _meeting_with(second, member, LARGE)


@pytest.mark.parametrize("who", ["member", "coordinator"])
def test_meeting_page_runs_constant_queries(
    client, request, two_meetings, who, django_assert_max_num_queries
):
    small, large = two_meetings
    client.force_login(request.getfixturevalue(who))
    count, response = _compare(client, f"/fr/meetings/{small.pk}/", f"/fr/meetings/{large.pk}/")
    page = response.content.decode()
    assert "Décision 11" in page  # the large meeting was rendered in full
    assert "Document 11" in page
    assert "Pièce 11b" in page  # each item's papers
    assert page.count("</time> (15 min)") == LARGE + 1  # each item's times
    assert len(response.context["attendances"]) == LARGE + 1
    # Coordinators: one more query to check their two-factor authentication, and one for
    # the decisions the action item form offers. The papers: one query (and the paper
    # form's list of items for coordinators).
    with django_assert_max_num_queries({"member": 14, "coordinator": 24}[who]):
        client.get(f"/fr/meetings/{large.pk}/")


def test_public_meeting_page_runs_constant_queries(
    client, two_meetings, django_assert_max_num_queries
):
    small, large = two_meetings
    Meeting.objects.update(visibility=Meeting.Visibility.PUBLIC)
    _, response = _compare(client, f"/fr/meetings/{small.pk}/", f"/fr/meetings/{large.pk}/")
    assert "Pièce" not in response.content.decode()  # papers are for members
    # The meeting, its agenda, and its decisions followed in public.
    with django_assert_max_num_queries(3):
        client.get(f"/fr/meetings/{large.pk}/")


def test_meeting_list_runs_constant_queries(
    client, member, group, other_group, django_assert_max_num_queries
):
    client.force_login(member)
    MeetingFactory(group=group)
    MeetingFactory(group=group, starts_at=at(days=-9), ends_at=at(days=-9, hours=2))
    client.get("/fr/meetings/")
    small, _ = _count(client, "/fr/meetings/")
    for n in range(15):
        MeetingFactory(group=group, starts_at=at(days=n + 1))
        MeetingFactory(group=group, starts_at=at(days=-n - 2), ends_at=at(days=-n - 2, hours=1))
        MeetingFactory(group=other_group, visibility=Meeting.Visibility.PUBLIC)
    large, response = _count(client, "/fr/meetings/")
    assert small == large
    assert len(response.context["upcoming"]) == 16 + 15
    with django_assert_max_num_queries(6):
        client.get("/fr/meetings/")


def test_my_action_items_runs_constant_queries(
    client, member, group, django_assert_max_num_queries
):
    owner = person_of(member)

    def add(count):
        for n in range(count):
            meeting = MeetingFactory(group=group)
            item = ActionItemFactory(
                meeting=meeting,
                owner=owner,
                practice=_practice(group, f"{meeting.pk}-{n}"),
                due_on=timezone.localdate() + timedelta(days=n - 3),
            )
            for text in ("Commencé.", "Presque fini."):
                ActionItemComment.objects.create(
                    action_item=item, author=member, status=item.status, text=text
                )

    client.force_login(member)
    add(1)
    client.get("/fr/meetings/actions/")
    small, _ = _count(client, "/fr/meetings/actions/")
    add(12)
    large, response = _count(client, "/fr/meetings/actions/")
    assert small == large
    shown = sum(len(response.context[k]) for k in ("overdue", "due_soon", "other_open"))
    assert shown == 13
    assert response.content.decode().count("Presque fini.") == 13
    with django_assert_max_num_queries(7):
        client.get("/fr/meetings/actions/")


def test_public_meeting_list_runs_constant_queries_for_visitors(
    client, group, other_group, django_assert_max_num_queries
):
    MeetingFactory(group=group, visibility=Meeting.Visibility.PUBLIC)
    client.get("/fr/meetings/")
    small, _ = _count(client, "/fr/meetings/")
    for n in range(15):
        MeetingFactory(group=group, visibility=Meeting.Visibility.PUBLIC, starts_at=at(days=n + 1))
        MeetingFactory(group=other_group, visibility=Meeting.Visibility.PUBLIC)
    large, response = _count(client, "/fr/meetings/")
    assert small == large
    assert len(response.context["upcoming"]) == 31
    with django_assert_max_num_queries(large):
        client.get("/fr/meetings/")
