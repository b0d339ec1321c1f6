"""“My action items”: overdue and due soon first, the member's own only; progress is
reported with a comment by the owner or a coordinator of the group."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages

from meetings.models import ActionItem, ActionItemComment
from stakeholders.models import Membership
from tests.factories import member_user

from .factories import ActionItemFactory, MeetingFactory, person_of

pytestmark = pytest.mark.django_db

TODAY = date(2031, 3, 10)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2031, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))):
        yield


def _section(page, css):
    match = re.search(rf'<section class="actions-section actions-{css}".*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_my_action_items_sorts_the_members_own_items(frozen, client, member, other_member, group):
    meeting = MeetingFactory(group=group)
    mine = person_of(member)
    for title, due, status in (
        ("En retard", date(2031, 3, 9), ActionItem.Status.OPEN),
        ("Très en retard", date(2031, 1, 2), ActionItem.Status.IN_PROGRESS),
        ("Pour aujourd'hui", TODAY, ActionItem.Status.OPEN),
        ("Dans deux semaines", date(2031, 3, 24), ActionItem.Status.IN_PROGRESS),
        ("Plus tard", date(2031, 3, 25), ActionItem.Status.OPEN),
        ("Sans date", None, ActionItem.Status.OPEN),
        ("Déjà fait", date(2031, 3, 1), ActionItem.Status.DONE),
        ("Abandonné", date(2031, 3, 1), ActionItem.Status.DROPPED),
    ):
        ActionItemFactory(meeting=meeting, owner=mine, title=title, due_on=due, status=status)
    ActionItemFactory(
        meeting=meeting, owner=person_of(other_member), title="Celle d'un autre", due_on=TODAY
    )
    client.force_login(member)
    response = client.get("/en/meetings/actions/")
    assert response.status_code == 200
    page = response.content.decode()

    def titles(key):
        return [item.title for item in response.context[key]]

    assert titles("overdue") == ["Très en retard", "En retard"]
    assert titles("due_soon") == ["Pour aujourd'hui", "Dans deux semaines"]
    assert titles("other_open") == ["Plus tard", "Sans date"]
    assert sorted(titles("closed")) == ["Abandonné", "Déjà fait"]
    overdue, soon = _section(page, "overdue"), _section(page, "due-soon")
    assert "Overdue" in overdue
    assert "Très en retard" in overdue and "En retard" in overdue
    assert "Pour aujourd&#x27;hui" in soon and "Dans deux semaines" in soon
    assert "Plus tard" not in overdue + soon
    assert "Celle d&#x27;un autre" not in page
    assert "Celle d'un autre" not in page


def test_my_action_items_without_any(client, member):
    client.force_login(member)
    assert "You have no action item." in client.get("/en/meetings/actions/").content.decode()


def test_overdue_items_stay_overdue_as_time_passes(client, member, group):
    item = ActionItemFactory(
        meeting=MeetingFactory(group=group), owner=person_of(member), due_on=date(2031, 3, 20)
    )
    with time_machine.travel(datetime(2031, 3, 19, 12, tzinfo=ZoneInfo("Europe/Paris"))):
        client.force_login(member)  # a session of that day
        response = client.get("/en/meetings/actions/")
        assert [i.pk for i in response.context["due_soon"]] == [item.pk]
        assert response.context["overdue"] == []
    with time_machine.travel(datetime(2031, 3, 21, 12, tzinfo=ZoneInfo("Europe/Paris"))):
        client.force_login(member)
        response = client.get("/en/meetings/actions/")
        assert [i.pk for i in response.context["overdue"]] == [item.pk]
        assert response.context["due_soon"] == []


def _update(client, item, status, comment="", **extra):
    return client.post(
        f"/en/meetings/actions/{item.pk}/", {"status": status, "comment": comment, **extra}
    )


def test_owner_reports_progress_with_a_comment(frozen, client, member, group):
    item = ActionItemFactory(meeting=MeetingFactory(group=group), owner=person_of(member))
    client.force_login(member)
    response = _update(client, item, "in-progress", "  Premier jet envoyé.  ")
    assert response.status_code == 302
    assert response["Location"] == "/en/meetings/actions/"
    item.refresh_from_db()
    assert item.status == ActionItem.Status.IN_PROGRESS
    assert item.completed_on is None
    comment = ActionItemComment.objects.get(action_item=item)
    assert (comment.author, comment.status, comment.text) == (
        member,
        ActionItem.Status.IN_PROGRESS,
        "Premier jet envoyé.",
    )

    _update(client, item, "done", "Fiche diffusée.")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.completed_on == TODAY
    assert list(item.comments.values_list("text", flat=True)) == [
        "Premier jet envoyé.",
        "Fiche diffusée.",
    ]
    page = client.get("/en/meetings/actions/").content.decode()
    assert "Premier jet envoyé." in page
    assert "Fiche diffusée." in page


def test_reopening_a_done_item_clears_its_completion_date(client, member, group):
    item = ActionItemFactory(
        meeting=MeetingFactory(group=group),
        owner=person_of(member),
        status=ActionItem.Status.DONE,
    )
    client.force_login(member)
    _update(client, item, "open", "Pas fini finalement.")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
    assert item.completed_on is None


def test_updating_from_the_meeting_page_goes_back_there(client, member, group):
    meeting = MeetingFactory(group=group)
    item = ActionItemFactory(meeting=meeting, owner=person_of(member))
    client.force_login(member)
    response = _update(client, item, "in-progress", back="meeting")
    assert response["Location"] == f"/en/meetings/{meeting.pk}/"


def test_a_member_who_is_not_the_owner_gets_403(client, member, group):
    colleague = member_user(group)
    item = ActionItemFactory(meeting=MeetingFactory(group=group), owner=person_of(member))
    client.force_login(colleague)
    response = _update(client, item, "dropped", "Je l'abandonne pour toi.")
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
    assert not ActionItemComment.objects.exists()


def test_a_coordinator_of_the_group_updates_any_item(frozen, client, coordinator, member, group):
    item = ActionItemFactory(meeting=MeetingFactory(group=group), owner=person_of(member))
    client.force_login(coordinator)
    response = _update(client, item, "done", "Fait en séance.")
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.completed_on) == (ActionItem.Status.DONE, TODAY)
    assert ActionItemComment.objects.get().author == coordinator


def test_a_coordinator_of_another_group_gets_404(client, other_coordinator, member, group):
    item = ActionItemFactory(meeting=MeetingFactory(group=group), owner=person_of(member))
    client.force_login(other_coordinator)
    assert _update(client, item, "done").status_code == 404
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN


def test_an_unknown_status_is_refused_with_a_message(client, member, group):
    item = ActionItemFactory(meeting=MeetingFactory(group=group), owner=person_of(member))
    client.force_login(member)
    response = _update(client, item, "finished-ish", "?")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Choose a valid status (comments: 2,000 characters at most)." in messages
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
    assert not ActionItemComment.objects.exists()


def test_an_unknown_action_item_is_404(client, member):
    client.force_login(member)
    assert _update(client, ActionItem(pk=999999), "done").status_code == 404


def test_owner_who_is_no_longer_coordinator_still_updates_their_item(client, group):
    user = member_user(group, role=Membership.Role.COORDINATOR)
    item = ActionItemFactory(meeting=MeetingFactory(group=group), owner=person_of(user))
    Membership.objects.filter(person=person_of(user)).update(role=Membership.Role.MEMBER)
    client.force_login(user)
    assert _update(client, item, "in-progress").status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItem.Status.IN_PROGRESS
