"""Minutes after the meeting: a draft the group reads and comments on, corrections kept as
versions, approved by the group's next meeting and then frozen."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from meetings import services
from meetings.models import AgendaItem, Decision, Meeting, MinutesComment, MinutesVersion
from tests.practices.helpers import form_data

from .factories import AttendanceFactory, MeetingFactory, at, person_of

pytestmark = pytest.mark.django_db

EN_TITLE = "Approval of the minutes of"


def _held(group, coordinator, *, days=-10, title="Réunion d'hiver", minutes="## Compte rendu"):
    meeting = MeetingFactory(
        group=group,
        title=title,
        starts_at=at(days=days),
        ends_at=at(days=days, hours=2),
        minutes=minutes,
    )
    return services.meeting_close(meeting=meeting, by=coordinator)


def _started(meeting):
    """The approving meeting has started (an hour ago)."""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(hours=-1), ends_at=at(hours=1))
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def cycle(group, coordinator, member):
    """A planned meeting next week, then an earlier one closed: its approval is on the
    planned meeting's agenda. The member was invited to the closed one."""
    following = MeetingFactory(group=group, title="Réunion de printemps", starts_at=at(days=7))
    earlier = MeetingFactory(
        group=group,
        title="Réunion d'hiver",
        starts_at=at(days=-10),
        ends_at=at(days=-10, hours=2),
        minutes="## Compte rendu\n\nPremière version.",
    )
    AttendanceFactory(meeting=earlier, person=person_of(member), status="present")
    services.meeting_close(meeting=earlier, by=coordinator)
    earlier.refresh_from_db()
    return earlier, following


def _item(earlier, following):
    return following.agenda_items.get(minutes_of=earlier)


# ------------------------------------------------------------------ the approval item


def test_closing_puts_the_approval_on_the_next_planned_meeting(cycle):
    earlier, following = cycle
    item = _item(earlier, following)
    assert item.minutes_of == earlier
    assert earlier.minutes_are_draft
    with translation.override("en"):
        assert item.label.startswith(f"{EN_TITLE} Réunion d'hiver (")
    with translation.override("fr"):
        assert item.label.startswith("Approbation du compte rendu de Réunion d'hiver (")


def test_closing_keeps_the_minutes_as_their_first_version(cycle, coordinator):
    earlier, _ = cycle
    (version,) = earlier.minutes_versions.all()
    assert (version.number, version.saved_by) == (1, coordinator)
    assert "Première version." in version.text
    assert "<h2" in version.html


def test_a_meeting_created_later_gets_the_approvals_still_waiting(group, coordinator):
    earlier = _held(group, coordinator)  # no planned meeting at closing: no item
    assert not AgendaItem.objects.filter(minutes_of=earlier).exists()
    created = services.meeting_create(
        meeting=Meeting(
            group=group, title="Réunion suivante", starts_at=at(days=9), ends_at=at(days=9, hours=2)
        ),
        by=coordinator,
    )
    assert created.agenda_items.get(minutes_of=earlier)
    # A second meeting created afterwards does not get it twice: the first one has it.
    second = services.meeting_create(
        meeting=Meeting(
            group=group, title="Encore après", starts_at=at(days=20), ends_at=at(days=20, hours=2)
        ),
        by=coordinator,
    )
    assert not second.agenda_items.filter(minutes_of=earlier).exists()
    assert AgendaItem.objects.filter(minutes_of=earlier).count() == 1


def test_a_meeting_of_another_group_does_not_get_the_approval(group, other_group, coordinator):
    earlier = _held(group, coordinator)
    elsewhere = services.meeting_create(
        meeting=Meeting(
            group=other_group, title="Ailleurs", starts_at=at(days=9), ends_at=at(days=9, hours=2)
        ),
        by=None,
    )
    assert not elsewhere.agenda_items.filter(minutes_of=earlier).exists()


def test_the_approval_is_on_a_meeting_s_agenda_only_once(cycle):
    earlier, following = cycle
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=following, title="Encore", minutes_of=earlier)
    duplicate = AgendaItem(meeting=following, title="Encore", minutes_of=earlier)
    with pytest.raises(ValidationError, match="déjà à l’ordre du jour"):
        duplicate.full_clean()


def test_cancelling_the_approving_meeting_moves_the_item_to_the_next_one(cycle, group):
    earlier, following = cycle
    later = MeetingFactory(group=group, title="Réunion d'été", starts_at=at(days=30))
    services.meeting_cancel(meeting=following, by=None)
    assert _item(earlier, later)
    assert not following.agenda_items.filter(minutes_of=earlier).exists()


def test_with_no_next_meeting_the_approval_waits_for_the_next_one_created(
    cycle, group, coordinator
):
    earlier, following = cycle
    services.meeting_cancel(meeting=following, by=None)
    created = services.meeting_create(
        meeting=Meeting(
            group=group, title="Reprise", starts_at=at(days=40), ends_at=at(days=40, hours=2)
        ),
        by=coordinator,
    )
    assert _item(earlier, created)


# ------------------------------------------------------------------ approving


def test_coordinator_approves_once_the_approving_meeting_has_started(
    cycle, coordinator, member, mailoutbox, django_capture_on_commit_callbacks
):
    earlier, following = cycle
    _started(following)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.minutes_approve(item=_item(earlier, following), by=coordinator)
    earlier.refresh_from_db()
    assert earlier.minutes_approved_by == decision
    assert earlier.minutes_approved_at is not None
    assert decision.meeting == following
    assert decision.agenda_item == _item(earlier, following)
    # A members-only meeting is named by its date (the decision may be made public).
    day = date_format(timezone.localtime(earlier.starts_at, ZoneInfo(earlier.timezone)))
    assert day in decision.text and "Réunion d'hiver" not in decision.text
    assert not earlier.minutes_are_draft
    (message,) = mailoutbox  # the invited member of the group
    assert message.to == [member.email]
    assert "Réunion d'hiver" in message.subject
    with pytest.raises(ValidationError, match="déjà approuvé"):
        services.minutes_approve(item=_item(earlier, following), by=coordinator)
    assert Decision.objects.filter(meeting=following).count() == 1


def test_staff_may_approve(cycle, staff):
    earlier, following = cycle
    _started(following)
    services.minutes_approve(item=_item(earlier, following), by=staff)
    earlier.refresh_from_db()
    assert earlier.minutes_approved_at is not None


@pytest.mark.parametrize("who", ["member", "other_coordinator", "outsider"])
def test_only_the_group_s_coordinators_approve(cycle, request, who):
    earlier, following = cycle
    _started(following)
    with pytest.raises(PermissionDenied):
        services.minutes_approve(item=_item(earlier, following), by=request.getfixturevalue(who))
    earlier.refresh_from_db()
    assert earlier.minutes_approved_at is None


def test_minutes_cannot_be_approved_before_the_meeting_starts(cycle, coordinator):
    earlier, following = cycle
    with pytest.raises(ValidationError, match="commencé"):
        services.minutes_approve(item=_item(earlier, following), by=coordinator)


def test_a_cancelled_meeting_cannot_approve(cycle, coordinator):
    earlier, following = cycle
    item = _item(earlier, following)
    _started(following)
    Meeting.objects.filter(pk=following.pk).update(status=Meeting.Status.CANCELLED)
    with pytest.raises(ValidationError, match="annulée"):
        services.minutes_approve(item=item, by=coordinator)


def test_approval_date_and_decision_go_together_in_the_database(cycle):
    earlier, _ = cycle
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=earlier.pk).update(minutes_approved_at=timezone.now())


# ------------------------------------------------------------------ corrections, comments


def test_each_correction_after_closing_is_kept_as_a_version(cycle, coordinator):
    earlier, _ = cycle
    services.minutes_save(
        meeting=earlier,
        text="## Compte rendu\n\nCorrigé.",
        expected_version=earlier.minutes_version,
        by=coordinator,
    )
    versions = list(earlier.minutes_versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert "Corrigé." in versions[1].text
    assert earlier.minutes == "## Compte rendu\n\nCorrigé."


def test_saves_before_closing_make_no_version(meeting):
    services.minutes_save(meeting=meeting, text="Brouillon", expected_version=0)
    assert not MinutesVersion.objects.filter(meeting=meeting).exists()


def test_approved_minutes_are_frozen(cycle, coordinator, member):
    earlier, following = cycle
    services.minutes_comment_add(meeting=earlier, by=member, text="Une précision.")
    _started(following)
    services.minutes_approve(item=_item(earlier, following), by=coordinator)
    earlier.refresh_from_db()
    with pytest.raises(ValidationError, match="approuvé"):
        services.minutes_save(
            meeting=earlier, text="Trop tard", expected_version=earlier.minutes_version
        )
    with pytest.raises(ValidationError, match="approuvé"):
        services.minutes_comment_add(meeting=earlier, by=member, text="Trop tard")
    earlier.refresh_from_db()
    assert "Trop tard" not in earlier.minutes
    assert earlier.minutes_versions.count() == 1
    assert MinutesComment.objects.filter(meeting=earlier).count() == 1


def test_members_comment_on_the_draft_others_may_not(cycle, member, other_coordinator):
    earlier, _ = cycle
    comment = services.minutes_comment_add(meeting=earlier, by=member, text="  Une précision. ")
    assert (comment.author, comment.text) == (member, "Une précision.")
    with pytest.raises(PermissionDenied):
        services.minutes_comment_add(meeting=earlier, by=other_coordinator, text="Non")
    with pytest.raises(ValidationError):
        services.minutes_comment_add(meeting=earlier, by=member, text="x" * 2001)


def test_no_comment_before_the_meeting_is_closed(meeting, coordinator):
    with pytest.raises(ValidationError):
        services.minutes_comment_add(meeting=meeting, by=coordinator, text="Trop tôt")


# ------------------------------------------------------------------ pages


def test_member_reads_the_draft_state_and_comments(client_for, cycle, member):
    earlier, following = cycle
    client = client_for(member)
    page = client.get(f"/fr/meetings/{earlier.pk}/").content.decode()
    assert "Compte rendu provisoire, en attente d’approbation" in page
    assert following.title in page
    response = client.post(f"/fr/meetings/{earlier.pk}/minutes/comments/", {"text": "Précision"})
    assert response.status_code == 302
    page = client.get(f"/fr/meetings/{earlier.pk}/").content.decode()
    assert "Précision" in page
    assert client.get(f"/fr/meetings/{earlier.pk}/minutes/versions/").status_code == 200


def test_an_empty_comment_is_refused_with_a_message(client_for, cycle, member):
    earlier, _ = cycle
    response = client_for(member).post(
        f"/fr/meetings/{earlier.pk}/minutes/comments/", {"text": ""}, follow=True
    )
    assert not MinutesComment.objects.exists()
    assert "obligatoire" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, cycle):
    earlier, following = cycle
    item = _item(earlier, following)
    for url in (
        f"/fr/meetings/{earlier.pk}/minutes/comments/",
        f"/fr/meetings/{following.pk}/agenda/{item.pk}/approve/",
    ):
        response = client.post(url, {"text": "x"})
        assert response.status_code == 302
        assert "login" in response["Location"]
    assert client.get(f"/fr/meetings/{earlier.pk}/minutes/versions/").status_code == 302
    assert not MinutesComment.objects.exists()


def test_another_group_s_coordinator_sees_nothing(client_for, cycle, other_coordinator):
    earlier, following = cycle
    _started(following)
    client = client_for(other_coordinator)
    item = _item(earlier, following)
    assert client.get(f"/fr/meetings/{earlier.pk}/minutes/versions/").status_code == 404
    assert (
        client.post(f"/fr/meetings/{earlier.pk}/minutes/comments/", {"text": "x"}).status_code
        == 404
    )
    assert client.post(f"/fr/meetings/{following.pk}/agenda/{item.pk}/approve/").status_code == 404
    earlier.refresh_from_db()
    assert earlier.minutes_approved_at is None
    assert not MinutesComment.objects.exists()


def test_a_member_cannot_approve(client_for, cycle, member):
    earlier, following = cycle
    _started(following)
    client = client_for(member)
    page = client.get(f"/fr/meetings/{following.pk}/").content.decode()
    assert "Approuver ce compte rendu" not in page
    response = client.post(
        f"/fr/meetings/{following.pk}/agenda/{_item(earlier, following).pk}/approve/"
    )
    assert response.status_code == 403
    earlier.refresh_from_db()
    assert earlier.minutes_approved_at is None


@pytest.mark.parametrize("who", ["coordinator", "staff"])
def test_approving_from_the_meeting_page(client_for, request, cycle, who):
    earlier, following = cycle
    client = client_for(request.getfixturevalue(who))
    item = _item(earlier, following)
    url = f"/fr/meetings/{following.pk}/agenda/{item.pk}/approve/"
    # Not started yet: no button, and the POST is refused with a message.
    assert url not in client.get(f"/fr/meetings/{following.pk}/").content.decode()
    client.post(url)
    earlier.refresh_from_db()
    assert earlier.minutes_approved_at is None
    _started(following)
    assert url in client.get(f"/fr/meetings/{following.pk}/").content.decode()
    assert client.post(url).status_code == 302
    earlier.refresh_from_db()
    assert earlier.minutes_approved_at is not None
    page = client.get(f"/fr/meetings/{earlier.pk}/").content.decode()
    assert "Approuvé le" in page
    assert "Ajouter mon commentaire" not in page
    # Frozen: the minutes' editor is closed.
    assert client.get(f"/fr/meetings/{earlier.pk}/minutes/").status_code == 403
    versions = client.get(f"/fr/meetings/{earlier.pk}/minutes/versions/").content.decode()
    assert "Version approuvée" in versions


def test_coordinator_corrects_then_approves(client_for, cycle, coordinator):
    earlier, following = cycle
    client = client_for(coordinator)
    response = client.post(
        f"/fr/meetings/{earlier.pk}/minutes/",
        {"minutes": "## Compte rendu corrigé", "version": earlier.minutes_version},
    )
    assert response.status_code == 302
    _started(following)
    client.post(f"/fr/meetings/{following.pk}/agenda/{_item(earlier, following).pk}/approve/")
    page = client.get(f"/fr/meetings/{earlier.pk}/minutes/versions/?version=1").content.decode()
    assert "Première version." in page
    versions = client.get(f"/fr/meetings/{earlier.pk}/minutes/versions/")
    assert versions.context["approved_number"] == 2
    assert versions.context["shown"].number == 2


def test_the_versions_page_refuses_a_version_that_does_not_exist(client_for, cycle, member):
    earlier, _ = cycle
    client = client_for(member)
    assert client.get(f"/fr/meetings/{earlier.pk}/minutes/versions/?version=9").status_code == 404
    assert client.get(f"/fr/meetings/{earlier.pk}/minutes/versions/?version=x").status_code == 200


def test_the_approval_item_is_in_the_reader_s_language(client_for, cycle, member):
    earlier, following = cycle
    page = client_for(member).get(f"/en/meetings/{following.pk}/").content.decode()
    assert f"{EN_TITLE} Réunion d&#x27;hiver" in page


# ------------------------------------------------------------------ queries


def _grow(meeting, coordinator, member, size):
    for n in range(size):
        services.minutes_save(
            meeting=meeting,
            text=f"## Version {n}",
            expected_version=Meeting.objects.get(pk=meeting.pk).minutes_version,
            by=coordinator,
        )
        services.minutes_comment_add(meeting=meeting, by=member, text=f"Commentaire {n}")


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["/fr/meetings/{pk}/", "/fr/meetings/{pk}/minutes/versions/"])
def test_pages_run_constant_queries_as_comments_and_versions_grow(
    client_for, group, coordinator, member, page, django_assert_max_num_queries
):
    small = _held(group, coordinator, days=-20, title="Petite")
    large = _held(group, coordinator, days=-10, title="Grande")
    _grow(small, coordinator, member, 1)
    _grow(large, coordinator, member, 10)
    client = client_for(member)
    few = _count(client, page.format(pk=small.pk))
    many = _count(client, page.format(pk=large.pk))
    assert few == many, f"{few} queries with little data, {many} with more"
    with django_assert_max_num_queries(few):
        response = client.get(page.format(pk=large.pk))
    assert "Commentaire 9" in response.content.decode() or "/versions/" in page


def test_a_closed_meeting_cannot_approve_minutes_and_the_next_one_created_takes_the_item(
    cycle, group, coordinator
):
    earlier, following = cycle
    _started(following)
    services.meeting_close(meeting=following, by=coordinator)
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(item=_item(earlier, following), by=coordinator)
    assert refused.value.code == "approving_closed"
    later = services.meeting_create(
        meeting=Meeting(
            group=group, title="Réunion d'été", starts_at=at(days=20), ends_at=at(days=20, hours=2)
        ),
        by=coordinator,
    )
    assert later.agenda_items.filter(minutes_of=earlier).exists()


def test_a_members_only_meetings_title_stays_off_the_public_agenda_and_decision(
    client, cycle, coordinator
):
    earlier, following = cycle
    Meeting.objects.filter(pk=earlier.pk).update(visibility=Meeting.Visibility.MEMBERS)
    Meeting.objects.filter(pk=following.pk).update(visibility=Meeting.Visibility.PUBLIC)
    _started(following)
    page = client.get(f"/fr/meetings/{following.pk}/").content.decode()
    assert "Réunion d'hiver" not in page and "Réunion d&#x27;hiver" not in page
    decision = services.minutes_approve(item=_item(earlier, following), by=coordinator)
    assert "hiver" not in decision.text


# ------------------------------------------------ the approval item's rule, everywhere


def test_an_approval_item_on_another_group_s_meeting_is_refused_by_clean(cycle, other_group):
    earlier, following = cycle
    item = _item(earlier, following)
    item.meeting = MeetingFactory(group=other_group, starts_at=at(days=7))

    with pytest.raises(ValidationError) as error:
        item.full_clean()

    assert error.value.error_dict["__all__"][0].code == "minutes_other_group"


def test_an_approval_item_on_an_earlier_meeting_is_refused_by_clean(cycle, group):
    earlier, following = cycle
    item = _item(earlier, following)
    item.meeting = MeetingFactory(
        group=group, starts_at=at(days=-20), ends_at=at(days=-20, hours=2)
    )

    with pytest.raises(ValidationError) as error:
        item.full_clean()

    assert error.value.error_dict["__all__"][0].code == "minutes_not_earlier"


def test_an_approval_item_of_minutes_not_yet_held_is_refused_by_clean(group):
    planned = MeetingFactory(group=group, starts_at=at(days=3))
    later = MeetingFactory(group=group, starts_at=at(days=7))
    item = AgendaItem(meeting=later, title="Approbation", minutes_of=planned)

    with pytest.raises(ValidationError) as error:
        item.full_clean()

    assert error.value.error_dict["__all__"][0].code == "not_held"


def test_a_valid_approval_item_passes_clean(cycle):
    earlier, following = cycle
    _item(earlier, following).full_clean()


def _admin_change(client, item, meeting):
    url = f"/admin/meetings/agendaitem/{item.pk}/change/"
    data = form_data(client.get(url), form_id="agendaitem_form")
    data["meeting"] = str(meeting.pk)
    return client.post(url, data)


@pytest.mark.parametrize("where", ["other group", "earlier"])
def test_staff_cannot_move_an_approval_item_where_it_breaks_the_rule_in_the_admin(
    client, cycle, group, other_group, staff, where
):
    earlier, following = cycle
    item = _item(earlier, following)
    if where == "other group":
        target = MeetingFactory(group=other_group, starts_at=at(days=7))
        message = "réunion de son propre groupe"
    else:
        message = "réunion antérieure"
        target = MeetingFactory(group=group, starts_at=at(days=-20), ends_at=at(days=-20, hours=2))
    client.force_login(staff)

    response = _admin_change(client, item, target)

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.non_field_errors())
    item.refresh_from_db()
    assert item.meeting_id == following.pk


def test_staff_may_move_an_approval_item_to_a_later_meeting_of_the_group_in_the_admin(
    client, cycle, group, staff
):
    earlier, following = cycle
    item = _item(earlier, following)
    later = MeetingFactory(group=group, starts_at=at(days=14))
    client.force_login(staff)

    response = _admin_change(client, item, later)

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.meeting_id == later.pk


# ------------------------------------------------ bounded comments on the minutes


def _comment_form(client, meeting):
    """The comment form as the meeting's page gives it (with its one-time token)."""
    data = form_data(client.get(f"/en/meetings/{meeting.pk}/"), form_id="minutes-comment-form")
    assert data["submission"], "the comment form carries its one-time token"
    return data


def test_the_same_comment_form_sent_twice_makes_one_comment(client_for, cycle, member):
    earlier, _ = cycle
    client = client_for(member)
    data = {**_comment_form(client, earlier), "text": "Une précision."}
    url = f"/en/meetings/{earlier.pk}/minutes/comments/"

    first, second = client.post(url, data), client.post(url, data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/en/meetings/{earlier.pk}/#minutes"
    page = client.get(second["Location"]).content.decode()
    assert "You had already sent this form: it was taken into account only once." in page
    assert MinutesComment.objects.filter(meeting=earlier).count() == 1


def test_two_comment_forms_with_the_same_text_make_two_comments(
    client_for, cycle, member, coordinator
):
    earlier, _ = cycle
    client = client_for(member)
    url = f"/en/meetings/{earlier.pk}/minutes/comments/"
    for _ in range(2):
        response = client.post(url, {**_comment_form(client, earlier), "text": "D’accord."})
        assert response.status_code == 302
    # The service has no window of its own: the same text again is a new comment.
    services.minutes_comment_add(meeting=earlier, by=member, text="D’accord.")

    assert MinutesComment.objects.filter(meeting=earlier, text="D’accord.").count() == 3


def test_a_member_writes_at_most_twenty_comments_on_one_draft(cycle, member, coordinator):
    earlier, _ = cycle
    for n in range(MinutesComment.MAX_PER_AUTHOR):
        services.minutes_comment_add(meeting=earlier, by=member, text=f"Remarque {n}")

    with pytest.raises(ValidationError) as error, translation.override("fr"):
        services.minutes_comment_add(meeting=earlier, by=member, text="Une de trop")

    assert error.value.code == "too_many_comments"
    assert "déjà écrit 20 commentaires" in error.value.messages[0]
    assert MinutesComment.objects.filter(author=member).count() == 20
    # Others still comment.
    services.minutes_comment_add(meeting=earlier, by=coordinator, text="Une remarque")


def test_the_comment_page_says_why_a_comment_over_the_limit_is_refused(client_for, cycle, member):
    earlier, _ = cycle
    MinutesComment.objects.bulk_create(
        MinutesComment(meeting=earlier, author=member, text=f"Remarque {n}")
        for n in range(MinutesComment.MAX_PER_AUTHOR)
    )
    client = client_for(member)

    response = client.post(
        f"/en/meetings/{earlier.pk}/minutes/comments/", {"text": "One too many"}, follow=True
    )

    assert "already written 20 comments on these minutes" in response.content.decode()
    assert not MinutesComment.objects.filter(text="One too many").exists()


def test_a_meeting_that_approves_earlier_minutes_cannot_be_moved_before_them(cycle, coordinator):
    """The approval item's rule holds when the meeting moves too (the service, the form,
    the admin all clean the meeting)."""
    earlier, following = cycle
    following.starts_at = earlier.starts_at - timedelta(days=1)
    following.ends_at = following.starts_at + timedelta(hours=2)

    with pytest.raises(ValidationError) as error:
        services.meeting_update(meeting=following, changed=["starts_at", "ends_at"])

    assert error.value.error_dict["starts_at"][0].code == "approves_later_minutes"
    following.refresh_from_db()
    assert following.starts_at > earlier.starts_at


def test_the_approved_meeting_cannot_move_after_the_one_approving_it(cycle):
    """The other direction: the admin leaves a held meeting's time editable."""
    earlier, following = cycle
    earlier.starts_at = following.starts_at + timedelta(days=1)
    earlier.ends_at = earlier.starts_at + timedelta(hours=2)

    with pytest.raises(ValidationError) as error:
        earlier.full_clean()

    assert error.value.error_dict["starts_at"][0].code == "approves_later_minutes"


def test_meetings_linked_by_an_approval_cannot_change_group(cycle, other_group):
    earlier, following = cycle
    for meeting in (earlier, following):
        meeting.refresh_from_db()
        meeting.group = other_group
        with pytest.raises(ValidationError) as error:
            meeting.full_clean()
        assert error.value.error_dict["group"][0].code == "approval_other_group"
