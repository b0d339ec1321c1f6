"""Decisions followed in public (issue #19, point 4): a coordinator publishes a decision
of a public meeting with a short note; the group's public page and Atom feed list those of
held public meetings with their progress, worked out from the linked action items."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings import services
from meetings.forms import ActionItemForm
from meetings.models import ActionItem, Decision, Meeting
from tests.factories import WorkingGroupFactory

from .factories import ActionItemFactory, AgendaItemFactory, MeetingFactory, at, directory_person

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
S = ActionItem.Status
P = Decision.Progress


def held_public_meeting(group, *, days_ago=10, title=None):
    starts = at(days=-days_ago)
    return MeetingFactory(
        group=group,
        title=title or f"Réunion publique il y a {days_ago} jours",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        visibility=Meeting.Visibility.PUBLIC,
        status=Meeting.Status.HELD,
    )


def decision_of(meeting, text="Rédiger une fiche commune d'orientation."):
    item = AgendaItemFactory(meeting=meeting)
    return Decision.objects.create(meeting=meeting, agenda_item=item, text=text)


def published(meeting, text="Rédiger une fiche commune d'orientation.", note="Note publique."):
    return services.decision_publish(decision=decision_of(meeting, text), note=note, by=None)


def action_for(decision, status, **fields):
    return ActionItemFactory(meeting=decision.meeting, decision=decision, status=status, **fields)


def progress_of(decision):
    return Decision.objects.with_progress().get(pk=decision.pk)


# ---------------------------------------------------------------- services


def test_a_decision_of_a_public_meeting_is_published_with_its_note(group):
    decision = decision_of(held_public_meeting(group))

    services.decision_publish(decision=decision, note="  Une note sans nom. ", by=None)

    decision.refresh_from_db()
    assert decision.is_public
    assert decision.public_note == "Une note sans nom."
    assert decision.made_public_at is not None


def test_publishing_again_changes_the_note_and_keeps_the_date(group):
    decision = published(held_public_meeting(group), note="Première note.")
    first = decision.made_public_at

    services.decision_publish(decision=decision, note="Note corrigée.", by=None)

    decision.refresh_from_db()
    assert (decision.public_note, decision.made_public_at) == ("Note corrigée.", first)


def test_a_decision_of_a_members_only_meeting_cannot_be_published(group):
    decision = decision_of(MeetingFactory(group=group, status=Meeting.Status.HELD))

    with pytest.raises(ValidationError) as refusal:
        services.decision_publish(decision=decision, note="", by=None)

    assert refusal.value.error_list[0].code == "meeting_not_public"
    decision.refresh_from_db()
    assert not decision.is_public


def test_a_decision_of_a_cancelled_meeting_cannot_be_published(group):
    meeting = MeetingFactory(
        group=group, visibility=Meeting.Visibility.PUBLIC, status=Meeting.Status.CANCELLED
    )
    with pytest.raises(ValidationError):
        services.decision_publish(decision=decision_of(meeting), note="", by=None)


def test_clean_refuses_a_public_decision_of_a_members_only_meeting(group):
    decision = decision_of(MeetingFactory(group=group))
    decision.is_public, decision.made_public_at = True, timezone.now()

    with pytest.raises(ValidationError):
        decision.full_clean()


def test_a_meeting_with_public_decisions_cannot_become_members_only(group):
    meeting = MeetingFactory(group=group, visibility=Meeting.Visibility.PUBLIC)
    published(meeting)
    meeting.visibility = Meeting.Visibility.MEMBERS

    with pytest.raises(ValidationError) as refusal:
        services.meeting_update(meeting=meeting, changed=["visibility"])

    assert "visibility" in refusal.value.message_dict
    assert Meeting.objects.get(pk=meeting.pk).visibility == Meeting.Visibility.PUBLIC


def test_once_withdrawn_the_meeting_can_become_members_only(group):
    meeting = MeetingFactory(group=group, visibility=Meeting.Visibility.PUBLIC)
    decision = published(meeting)
    services.decision_unpublish(decision=decision, by=None)
    meeting.visibility = Meeting.Visibility.MEMBERS

    services.meeting_update(meeting=meeting, changed=["visibility"])

    decision.refresh_from_db()
    assert not decision.is_public and decision.made_public_at is None
    assert decision.public_note == "Note publique."  # kept for a later publication


def test_the_database_refuses_a_public_decision_without_its_date(group):
    decision = decision_of(held_public_meeting(group))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Decision.objects.filter(pk=decision.pk).update(is_public=True)


def test_the_database_refuses_a_long_public_note(group):
    decision = decision_of(held_public_meeting(group))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Decision.objects.filter(pk=decision.pk).update(public_note="x" * 501)


def test_the_public_note_is_at_most_500_characters(group):
    decision = decision_of(held_public_meeting(group))
    with pytest.raises(ValidationError):
        services.decision_publish(decision=decision, note="x" * 501, by=None)


def test_an_action_cannot_carry_out_another_groups_decision(group, other_group):
    decision = decision_of(held_public_meeting(other_group))
    action = ActionItemFactory.build(
        meeting=MeetingFactory(group=group),
        owner=directory_person(group),
        decision=decision,
    )
    action.owner_organisation = action.owner.organisation
    with pytest.raises(ValidationError) as refusal:
        action.full_clean()
    assert "decision" in refusal.value.message_dict


def test_the_action_item_form_offers_the_meetings_decisions(group):
    meeting = MeetingFactory(group=group)
    mine = decision_of(meeting)
    decision_of(MeetingFactory(group=group))

    form = ActionItemForm(meeting=meeting, people=services.directory_people(group))

    assert list(form.fields["decision"].queryset) == [mine]


# ---------------------------------------------------------------- progress


@pytest.mark.parametrize(
    ("statuses", "progress", "counts"),
    [
        ([], P.NOT_STARTED, "No action recorded yet"),
        ([S.OPEN], P.NOT_STARTED, "0 of 1 action done"),
        ([S.OPEN, S.OPEN], P.NOT_STARTED, "0 of 2 actions done"),
        ([S.IN_PROGRESS], P.IN_PROGRESS, "0 of 1 action done"),
        ([S.OPEN, S.IN_PROGRESS], P.IN_PROGRESS, "0 of 2 actions done"),
        ([S.DONE, S.OPEN, S.OPEN], P.IN_PROGRESS, "1 of 3 actions done"),
        ([S.DONE, S.DROPPED, S.IN_PROGRESS], P.IN_PROGRESS, "1 of 3 actions done, 1 dropped"),
        ([S.DONE], P.DONE, "1 of 1 action done"),
        ([S.DONE, S.DONE, S.DROPPED], P.DONE, "2 of 3 actions done, 1 dropped"),
        ([S.DROPPED], P.DROPPED, "0 of 1 action done, 1 dropped"),
        ([S.DROPPED, S.DROPPED], P.DROPPED, "0 of 2 actions done, 2 dropped"),
        ([S.DROPPED, S.OPEN], P.NOT_STARTED, "0 of 2 actions done, 1 dropped"),
    ],
)
def test_the_progress_comes_from_the_linked_action_items(
    group, settings, statuses, progress, counts
):
    settings.LANGUAGE_CODE = "en"
    decision = decision_of(held_public_meeting(group))
    for status in statuses:
        action_for(decision, status)
    action_for(decision_of(decision.meeting, "Une autre décision"), S.DONE)  # not counted

    from django.utils import translation

    with translation.override("en"):
        found = progress_of(decision)
        assert (found.progress, found.progress_counts) == (progress, counts)
        assert found.progress_label == P(progress).label


def test_the_progress_filter_runs_in_the_database(group):
    decision = decision_of(held_public_meeting(group))
    action_for(decision, S.DONE)
    action_for(decision, S.DROPPED)

    assert list(Decision.objects.with_progress().filter(progress=P.DONE)) == [decision]
    assert not Decision.objects.with_progress().filter(progress=P.DROPPED).exists()


# ---------------------------------------------------------------- the public page


def page_url(group, query=""):
    return f"/fr/meetings/groups/{group.slug}/decisions/{query}"


def test_anonymous_sees_only_public_decisions_of_held_public_meetings(client, group):
    meeting = held_public_meeting(group, title="Réunion publique tenue")
    published(meeting, "Décision publique suivie", note="Une note pour tous.")
    decision_of(meeting, "Décision restée interne")
    members_only = MeetingFactory(group=group, status=Meeting.Status.HELD)
    decision_of(members_only, "Décision d’une réunion réservée")
    planned = MeetingFactory(group=group, visibility=Meeting.Visibility.PUBLIC)
    published(planned, "Décision d’une réunion à venir")

    page = client.get(page_url(group)).content.decode()

    assert "Décision publique suivie" in page
    assert "Une note pour tous." in page
    assert "Réunion publique tenue" in page
    assert f'href="/fr/meetings/{meeting.pk}/"' in page
    assert "Décision restée interne" not in page
    assert "Décision d’une réunion réservée" not in page
    assert "Décision d’une réunion à venir" not in page


def test_the_page_shows_progress_in_words_and_no_owner(client, group):
    decision = published(held_public_meeting(group))
    owner = directory_person(group, first_name="Zélie", last_name="Confidentielle")
    action_for(decision, S.DONE, owner=owner, title="Action au titre interne")
    action_for(decision, S.OPEN, owner=owner)

    page = client.get(page_url(group)).content.decode()

    assert "En cours" in page
    assert "Actions réalisées\u00a0: 1 sur 2" in page
    assert "Confidentielle" not in page
    assert "Action au titre interne" not in page


def test_members_see_no_more_on_the_public_page(client_for, group, member):
    meeting = MeetingFactory(group=group, status=Meeting.Status.HELD)
    decision_of(meeting, "Décision d’une réunion réservée")

    page = client_for(member).get(page_url(group)).content.decode()

    assert "Décision d’une réunion réservée" not in page


def test_each_group_has_its_own_page(client, group, other_group):
    published(held_public_meeting(group), "Décision du premier groupe")
    published(held_public_meeting(other_group), "Décision de l’autre groupe")

    page = client.get(page_url(other_group)).content.decode()

    assert "Décision de l’autre groupe" in page
    assert "Décision du premier groupe" not in page


def test_the_page_is_filtered_by_progress_without_javascript(client, group):
    meeting = held_public_meeting(group)
    done = published(meeting, "Décision réalisée")
    action_for(done, S.DONE)
    published(meeting, "Décision pas commencée")

    page = client.get(page_url(group, "?progress=done")).content.decode()

    assert "Décision réalisée" in page
    assert "Décision pas commencée" not in page
    assert '<select name="progress"' in page


def test_an_unknown_progress_is_reported_and_ignored(client, group):
    published(held_public_meeting(group), "Décision publique")

    response = client.get(page_url(group, "?progress=bogus"))

    assert response.status_code == 200
    assert "Décision publique" in response.content.decode()
    assert "error-summary" in response.content.decode()


def test_the_newest_meetings_come_first(client, group):
    published(held_public_meeting(group, days_ago=30), "Décision ancienne")
    published(held_public_meeting(group, days_ago=3), "Décision récente")

    page = client.get(page_url(group)).content.decode()

    assert page.index("Décision récente") < page.index("Décision ancienne")


def test_an_unknown_group_is_404(client, db):
    assert client.get("/fr/meetings/groups/inconnu/decisions/").status_code == 404
    assert client.get("/fr/meetings/groups/inconnu/decisions/feed/").status_code == 404


def test_the_group_page_and_the_public_meeting_page_link_to_it(client, group):
    meeting = held_public_meeting(group)
    published(meeting, "Décision publique suivie")
    url = f'href="/fr/meetings/groups/{group.slug}/decisions/"'

    assert url in client.get(group.get_absolute_url()).content.decode()
    meeting_page = client.get(f"/fr/meetings/{meeting.pk}/").content.decode()
    assert url in meeting_page
    assert "Décision publique suivie" in meeting_page


def test_the_page_links_to_its_feed(client, group):
    page = client.get(page_url(group)).content.decode()

    assert 'type="application/atom+xml"' in page
    assert f'href="/fr/meetings/groups/{group.slug}/decisions/feed/"' in page


def _grow(group, n):
    for k in range(n):
        meeting = held_public_meeting(group, days_ago=k + 1)
        decision = published(meeting, f"Décision {k}")
        action_for(decision, S.DONE)
        action_for(decision, S.IN_PROGRESS)


def test_the_page_and_the_feed_run_constant_queries(client, group, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _grow(group, 1)
    with CaptureQueriesContext(connection) as small_page:
        assert client.get(page_url(group)).status_code == 200
    with CaptureQueriesContext(connection) as small_feed:
        assert client.get(page_url(group, "feed/")).status_code == 200
    _grow(group, 14)
    with django_assert_max_num_queries(len(small_page)):
        assert client.get(page_url(group)).status_code == 200
    with django_assert_max_num_queries(len(small_feed)):
        assert client.get(page_url(group, "feed/")).status_code == 200


# ---------------------------------------------------------------- the feed


def feed_entries(client, group, lang="fr"):
    response = client.get(f"/{lang}/meetings/groups/{group.slug}/decisions/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_the_feed_has_an_entry_per_public_decision_and_no_personal_data(client, group):
    meeting = held_public_meeting(group)
    decision = published(meeting, "Décision publique suivie", note="Note pour tous.")
    owner = directory_person(group, first_name="Zélie", last_name="Confidentielle")
    action_for(decision, S.DONE, owner=owner, title="Action au titre interne")
    decision_of(meeting, "Décision restée interne")
    published(held_public_meeting(WorkingGroupFactory()), "Décision d’un autre groupe")

    response = client.get(f"/fr/meetings/groups/{group.slug}/decisions/feed/")
    entries = feed_entries(client, group)

    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Décision publique suivie"]
    summary = entries[0].findtext(f"{ATOM}summary")
    assert "Note pour tous." in summary
    assert "Réalisée" in summary
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/fr/meetings/{meeting.pk}/#public-decision-{decision.pk}"
    body = response.content.decode()
    for private in ("Confidentielle", "Zélie", "Action au titre interne", "Décision restée"):
        assert private not in body


def test_the_feed_entry_is_updated_when_the_progress_changes(client, group):
    decision = published(held_public_meeting(group))
    action = action_for(decision, S.OPEN)
    before = feed_entries(client, group)[0].findtext(f"{ATOM}updated")

    later = timezone.now() + timedelta(hours=1)
    ActionItem.objects.filter(pk=action.pk).update(
        status=S.DONE, completed_on=later.date(), updated_at=later
    )

    after = feed_entries(client, group)[0].findtext(f"{ATOM}updated")
    assert after > before


def test_the_feed_escapes_markup(client, group):
    published(held_public_meeting(group), "<script>alert(1)</script> décision", note="<b>n</b>")

    response = client.get(f"/fr/meetings/groups/{group.slug}/decisions/feed/")

    assert b"<script>" not in response.content
    summary = feed_entries(client, group)[0].findtext(f"{ATOM}summary")
    assert "<script>" not in summary and "&lt;script&gt;" in summary


# ---------------------------------------------------------------- coordinators publish


def publish_url(decision):
    return f"/fr/meetings/{decision.meeting_id}/decisions/{decision.pk}/publish/"


def unpublish_url(decision):
    return f"/fr/meetings/{decision.meeting_id}/decisions/{decision.pk}/unpublish/"


def test_the_coordinator_publishes_a_held_meetings_decision_from_its_page(
    client_for, group, coordinator
):
    decision = decision_of(held_public_meeting(group))
    client = client_for(coordinator)
    page = client.get(f"/fr/meetings/{decision.meeting_id}/").content.decode()
    assert publish_url(decision) in page

    response = client.post(
        publish_url(decision), {f"publish-{decision.pk}-public_note": "Une note publique."}
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.is_public and decision.public_note == "Une note publique."
    page = client.get(f"/fr/meetings/{decision.meeting_id}/").content.decode()
    assert unpublish_url(decision) in page


def test_the_coordinator_withdraws_a_decision(client_for, group, coordinator):
    decision = published(held_public_meeting(group))

    response = client_for(coordinator).post(unpublish_url(decision))

    assert response.status_code == 302
    decision.refresh_from_db()
    assert not decision.is_public


def test_a_too_long_note_is_refused_with_a_message(client_for, group, coordinator):
    decision = decision_of(held_public_meeting(group))

    response = client_for(coordinator).post(
        publish_url(decision), {f"publish-{decision.pk}-public_note": "x" * 501}, follow=True
    )

    assert "500" in response.content.decode()
    decision.refresh_from_db()
    assert not decision.is_public


def test_a_members_only_meetings_decision_is_refused_with_a_message(client_for, group, coordinator):
    decision = decision_of(MeetingFactory(group=group, status=Meeting.Status.HELD))
    client = client_for(coordinator)
    assert (
        publish_url(decision)
        not in client.get(f"/fr/meetings/{decision.meeting_id}/").content.decode()
    )

    response = client.post(publish_url(decision), {}, follow=True)

    assert "réunion publique" in response.content.decode()
    decision.refresh_from_db()
    assert not decision.is_public


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, "login"),
        ("outsider", 403),
        ("member", 403),
        ("other_member", 403),
        ("other_coordinator", 403),
        ("coordinator", 302),
        ("staff", 302),
    ],
)
def test_only_the_groups_coordinators_and_staff_publish(request, client, group, role, expected):
    decision = decision_of(held_public_meeting(group))
    if role is not None:
        client.force_login(request.getfixturevalue(role))

    response = client.post(publish_url(decision), {f"publish-{decision.pk}-public_note": "N"})
    withdraw = client.post(unpublish_url(decision))

    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert withdraw.status_code == 302 and "/accounts/login/" in withdraw["Location"]
    else:
        assert response.status_code == expected
        assert withdraw.status_code == expected
    decision.refresh_from_db()
    assert decision.public_note == ("N" if expected == 302 else "")


def test_a_decision_of_another_meeting_is_404(client_for, group, coordinator):
    decision = decision_of(held_public_meeting(group))
    other = held_public_meeting(group)

    response = client_for(coordinator).post(
        f"/fr/meetings/{other.pk}/decisions/{decision.pk}/publish/", {}
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("visibility", "status", "publishable"),
    [
        (Meeting.Visibility.PUBLIC, Meeting.Status.PLANNED, True),
        (Meeting.Visibility.PUBLIC, Meeting.Status.HELD, True),
        (Meeting.Visibility.PUBLIC, Meeting.Status.CANCELLED, False),
        (Meeting.Visibility.MEMBERS, Meeting.Status.PLANNED, False),
        (Meeting.Visibility.MEMBERS, Meeting.Status.HELD, False),
    ],
)
def test_the_page_offers_to_publish_exactly_where_the_service_accepts(
    client_for, group, coordinator, visibility, status, publishable
):
    """One rule (meetings.rules.decision_publishing_refusal) for the page and the service."""
    decision = decision_of(MeetingFactory(group=group, visibility=visibility, status=status))

    page = client_for(coordinator).get(f"/fr/meetings/{decision.meeting_id}/").content.decode()
    try:
        services.decision_publish(decision=decision, note="Note.", by=coordinator)
    except ValidationError:
        accepted = False
    else:
        accepted = True

    assert (publish_url(decision) in page) is accepted is publishable


def test_a_member_is_not_offered_to_publish(client_for, group, member):
    decision = decision_of(held_public_meeting(group))

    page = client_for(member).get(f"/fr/meetings/{decision.meeting_id}/").content.decode()

    assert publish_url(decision) not in page
