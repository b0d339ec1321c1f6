"""Improvements as a loop: the coordinators' queue of suggestions, a short discussion on each,
one step to the next meeting's agenda, the version that took a suggestion up, and the public
count of suggestions taken up."""

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache as django_cache
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from practices import services
from practices.models import CatalogueChange, Improvement, ImprovementComment, Practice
from stakeholders.choices import ReminderKind
from stakeholders.models import Membership
from tests.factories import member_user
from tests.meetings.factories import MeetingFactory, at

from .factories import PracticeFactory, complete

pytestmark = pytest.mark.django_db

S = Practice.Status
QUEUE = "/en/practices/suggestions/"


def detail_url(improvement, lang="en"):
    return f"/{lang}/practices/{improvement.practice.slug}/improvements/{improvement.pk}/"


def comment_url(improvement, lang="en"):
    return detail_url(improvement, lang) + "discussion/"


def answer_url(improvement, lang="en"):
    return detail_url(improvement, lang) + "answer/"


def agenda_url(improvement, lang="en"):
    return f"/{lang}/meetings/suggestions/{improvement.pk}/agenda/"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def practice(make_practice):
    return make_practice(S.PUBLISHED, title_en="Child-friendly hearing rooms")


@pytest.fixture
def suggestion(practice, member):
    return services.improvement_create(
        practice=practice, author=member, text="Add the helpline number to the leaflet."
    )


@pytest.fixture
def outsider_author(other_group):
    """A member of another group who suggested something on the first group's practice."""
    return member_user(other_group)


# ---------------------------------------------------------------- the queue


def test_anonymous_visitors_are_sent_to_log_in_from_the_queue(client, db):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/login/")


def test_members_cannot_open_the_queue(client, member):
    client.force_login(member)
    assert client.get(QUEUE).status_code == 403


def test_a_coordinator_sees_the_open_suggestions_of_their_groups_oldest_first(
    client, coordinator, member, make_practice, other_group
):
    practice = make_practice(S.PUBLISHED)
    first = Improvement.objects.create(practice=practice, author=member, text="First idea")
    second = Improvement.objects.create(practice=practice, author=member, text="Second idea")
    Improvement.objects.filter(pk=first.pk).update(created_at=second.created_at.replace(year=2025))
    Improvement.objects.create(practice=practice, author=member, text="Answered", status="declined")
    elsewhere = complete(PracticeFactory(group=other_group))
    Improvement.objects.create(practice=elsewhere, author=member, text="Other group's idea")
    client.force_login(coordinator)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert [i.text for i in response.context["object_list"]] == ["First idea", "Second idea"]
    page = response.content.decode()
    assert "Other group&#x27;s idea" not in page and "Other group's idea" not in page
    assert "Answered" not in page
    counts = {f["value"]: f["count"] for f in response.context["filters"]}
    assert counts == {"open": 2, "taken-up": 0, "declined": 1}


def test_the_queue_filters_answered_suggestions(client, coordinator, suggestion):
    Improvement.objects.filter(pk=suggestion.pk).update(status="declined")
    client.force_login(coordinator)

    assert list(client.get(QUEUE).context["object_list"]) == []
    declined = client.get(QUEUE + "?status=declined").context["object_list"]
    assert [i.pk for i in declined] == [suggestion.pk]
    # An unknown status shows the open ones.
    assert client.get(QUEUE + "?status=nonsense").context["status"] == "open"


def test_another_groups_coordinator_does_not_see_the_suggestions(
    client, other_coordinator, suggestion
):
    client.force_login(other_coordinator)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert suggestion.text not in response.content.decode()


def test_staff_see_every_groups_suggestions(client, staff, suggestion, other_group, member):
    elsewhere = complete(PracticeFactory(group=other_group))
    Improvement.objects.create(practice=elsewhere, author=member, text="Other group's idea")
    client.force_login(staff)

    assert len(client.get(QUEUE).context["object_list"]) == 2


def test_the_queue_and_the_review_queue_link_to_each_other(client, coordinator):
    client.force_login(coordinator)
    assert 'href="/en/practices/review/"' in client.get(QUEUE).content.decode()
    assert f'href="{QUEUE}"' in client.get("/en/practices/review/").content.decode()


def test_the_queue_runs_constant_queries(
    client, coordinator, member, make_practice, django_assert_max_num_queries
):
    def pile_up(n):
        for i in range(n):
            practice = make_practice(S.PUBLISHED)
            improvement = Improvement.objects.create(practice=practice, author=member, text=str(i))
            ImprovementComment.objects.create(improvement=improvement, author=member, text="Yes")
            meeting = MeetingFactory(group=practice.group)
            AgendaItem.objects.create(
                meeting=meeting, title="x", improvement=improvement, practice=practice
            )

    client.force_login(coordinator)
    pile_up(2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(QUEUE).status_code == 200
    pile_up(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert len(response.context["object_list"]) == 12
    assert response.content.decode().count('href="/en/meetings/') >= 12


def test_the_member_home_shows_coordinators_the_five_oldest_open_suggestions(
    client, coordinator, member, practice
):
    for n in range(7):
        Improvement.objects.create(practice=practice, author=member, text=f"Idea number {n}")
    client.force_login(coordinator)

    response = client.get("/en/my-space/")

    section = response.context["suggestions"]
    assert (len(section.rows), section.total) == (5, 7)
    assert [i.text for i in section.rows] == [f"Idea number {n}" for n in range(5)]
    page = response.content.decode()
    assert f'href="{QUEUE}"' in page
    assert detail_url(section.rows[0]) in page


# ---------------------------------------------------------------- the discussion


@pytest.mark.parametrize("who", ["member", "coordinator", "staff", "author"])
def test_the_groups_people_read_and_write_in_the_discussion(
    client, request, suggestion, who, mailoutbox, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(who)
    client.force_login(user)

    assert client.get(detail_url(suggestion)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(comment_url(suggestion), {"text": "We tried this in Lyon."})

    assert response.status_code == 302
    assert response.url == detail_url(suggestion) + "#discussion"
    comment = suggestion.comments.get()
    assert (comment.author, comment.text) == (user, "We tried this in Lyon.")
    assert "We tried this in Lyon." in client.get(detail_url(suggestion)).content.decode()


def test_the_author_from_another_group_takes_part_in_their_suggestions_discussion(
    client, practice, outsider_author
):
    improvement = services.improvement_create(
        practice=practice, author=outsider_author, text="An idea from Lyon"
    )
    client.force_login(outsider_author)

    assert client.get(detail_url(improvement)).status_code == 200
    assert client.post(comment_url(improvement), {"text": "More details"}).status_code == 302


@pytest.mark.parametrize("who", ["other_member", "other_coordinator"])
def test_members_of_other_groups_neither_read_nor_write(client, request, suggestion, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(detail_url(suggestion)).status_code == 403
    assert client.post(comment_url(suggestion), {"text": "Intrusion"}).status_code == 403
    assert not ImprovementComment.objects.exists()


def test_outsiders_and_anonymous_visitors_are_kept_out(client, suggestion, outsider):
    response = client.get(detail_url(suggestion))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(outsider)
    assert client.get(detail_url(suggestion)).status_code == 403
    assert client.post(comment_url(suggestion), {"text": "Spam"}).status_code == 403
    assert not ImprovementComment.objects.exists()


def test_an_answered_suggestions_discussion_is_read_only(client, member, coordinator, suggestion):
    services.improvement_answer(
        improvement=suggestion, status="declined", response="Not now.", by=coordinator
    )
    client.force_login(member)

    page = client.get(detail_url(suggestion)).content.decode()
    assert "its discussion is closed" in page
    assert comment_url(suggestion) not in page
    response = client.post(comment_url(suggestion), {"text": "But why?"})
    assert response.status_code == 400
    assert "its discussion is closed" in response.content.decode()
    assert not ImprovementComment.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_an_empty_or_overlong_message_is_refused_and_kept(client, member, suggestion, text):
    client.force_login(member)

    response = client.post(comment_url(suggestion), {"text": text})

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not ImprovementComment.objects.exists()


def test_a_discussion_stops_at_its_maximum(member, suggestion, monkeypatch):
    monkeypatch.setattr(Improvement, "MAX_COMMENTS", 2)
    for text in ("one", "two"):
        services.improvement_comment_add(improvement=suggestion, author=member, text=text)
    with pytest.raises(ValidationError) as refused:
        services.improvement_comment_add(improvement=suggestion, author=member, text="three")
    assert refused.value.code == "too_many"
    assert suggestion.comments.count() == 2


def test_the_service_refuses_someone_who_may_not_read_the_discussion(other_member, suggestion):
    with pytest.raises(PermissionDenied):
        services.improvement_comment_add(improvement=suggestion, author=other_member, text="Hi")


def test_a_message_tells_the_author_earlier_writers_and_coordinators_not_the_writer(
    group, member, coordinator, suggestion, mailoutbox, django_capture_on_commit_callbacks
):
    earlier = member_user(group)
    quiet = member_user(group)
    quiet.reminders_off = [ReminderKind.SUGGESTION_DISCUSSION]
    quiet.save()
    services.improvement_comment_add(improvement=suggestion, author=earlier, text="I agree")
    services.improvement_comment_add(improvement=suggestion, author=quiet, text="Me too")
    writer = member_user(group)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.improvement_comment_add(improvement=suggestion, author=writer, text="Done it")

    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted([member.email, coordinator.email, earlier.email])
    message = mailoutbox[0]
    assert "Done it" in message.body
    assert f"https://portal.example.org/fr/practices/{suggestion.practice.slug}/improvements/" in (
        message.body
    )


def test_a_former_group_member_is_no_longer_told(
    group, member, suggestion, mailoutbox, django_capture_on_commit_callbacks
):
    leaver = member_user(group)
    services.improvement_comment_add(improvement=suggestion, author=leaver, text="Hello")
    Membership.objects.filter(person__user=leaver).delete()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.improvement_comment_add(improvement=suggestion, author=member, text="Reply")

    assert leaver.email not in [address for message in mailoutbox for address in message.to]


def test_the_practice_page_links_each_suggestion_to_its_discussion(
    client, member, other_member, suggestion
):
    services.improvement_comment_add(improvement=suggestion, author=member, text="First")
    client.force_login(member)
    page = client.get(suggestion.practice.get_absolute_url()).content.decode()
    assert detail_url(suggestion, "fr") + "#discussion" in page
    client.force_login(other_member)
    page = client.get(suggestion.practice.get_absolute_url()).content.decode()
    assert suggestion.text in page
    assert detail_url(suggestion, "fr") not in page


def test_a_message_is_shown_as_text(client, member, suggestion):
    services.improvement_comment_add(
        improvement=suggestion, author=member, text="<script>alert(1)</script>"
    )
    client.force_login(member)
    page = client.get(detail_url(suggestion)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ---------------------------------------------------------------- the next meeting's agenda


@pytest.fixture
def next_meeting(group):
    MeetingFactory(group=group, starts_at=at(days=30), ends_at=at(days=30, hours=2))
    MeetingFactory(group=group, status=Meeting.Status.CANCELLED, starts_at=at(days=3))
    MeetingFactory(group=group, starts_at=at(hours=-1), ends_at=at(hours=1))  # started
    return MeetingFactory(group=group, title="Plenary", starts_at=at(days=10))


def test_a_coordinator_puts_a_suggestion_on_the_next_meetings_agenda(
    client, coordinator, member, suggestion, next_meeting
):
    client.force_login(coordinator)

    response = client.post(agenda_url(suggestion))

    assert response.status_code == 302
    assert response.url == detail_url(suggestion)
    item = next_meeting.agenda_items.get()
    assert item.improvement == suggestion
    assert item.practice == suggestion.practice
    assert item.title == "Suggestion on Child-friendly hearing rooms"
    assert item.description == "> Add the helpline number to the leaflet."
    assert messages_of(response)[0].startswith("The suggestion is on the agenda of “Plenary”")
    # The suggestion says where it stands, and links to the meeting.
    client.force_login(member)
    page = client.get(detail_url(suggestion)).content.decode()
    assert f'On the agenda of <a href="/en/meetings/{next_meeting.pk}/">Plenary</a>' in page


def test_twice_on_the_agenda_is_once(client, coordinator, suggestion, next_meeting):
    client.force_login(coordinator)
    client.post(agenda_url(suggestion))

    response = client.post(agenda_url(suggestion))

    assert next_meeting.agenda_items.count() == 1
    assert messages_of(response)[-1].startswith("The suggestion is already on the agenda")


def test_without_a_next_meeting_nothing_changes(client, coordinator, suggestion, group):
    MeetingFactory(group=group, status=Meeting.Status.HELD, starts_at=at(days=-3))
    client.force_login(coordinator)

    response = client.post(agenda_url(suggestion))

    assert response.status_code == 302
    assert not AgendaItem.objects.exists()
    assert "has no meeting planned yet" in messages_of(response)[0]


@pytest.mark.parametrize("who", ["member", "other_coordinator", "other_member"])
def test_only_the_groups_coordinators_put_a_suggestion_on_the_agenda(
    client, request, suggestion, next_meeting, who
):
    client.force_login(request.getfixturevalue(who))
    assert client.post(agenda_url(suggestion)).status_code == 403
    assert not AgendaItem.objects.exists()


def test_staff_put_a_suggestion_on_the_agenda(client, staff, suggestion, next_meeting):
    client.force_login(staff)
    client.post(agenda_url(suggestion))
    assert next_meeting.agenda_items.filter(improvement=suggestion).exists()


def test_an_answered_suggestion_is_not_put_on_the_agenda(coordinator, suggestion, next_meeting):
    Improvement.objects.filter(pk=suggestion.pk).update(status="declined")
    with pytest.raises(ValidationError):
        meeting_services.improvement_to_agenda(improvement=suggestion, by=coordinator)


def test_the_public_meeting_page_hides_the_suggestions_text(
    client, coordinator, suggestion, next_meeting
):
    Meeting.objects.filter(pk=next_meeting.pk).update(visibility=Meeting.Visibility.PUBLIC)
    meeting_services.improvement_to_agenda(improvement=suggestion, by=coordinator)

    page = client.get(f"/en/meetings/{next_meeting.pk}/").content.decode()

    assert "<h3>Suggestion sur " in page  # the title in the language it was added in
    assert suggestion.text not in page


# ---------------------------------------------------------------- taken up in a version


def test_a_suggestion_remembers_the_practices_version(suggestion, practice):
    assert suggestion.practice_version == practice.version


def test_taken_up_without_a_change_since_defaults_to_the_next_version(coordinator, suggestion):
    current = suggestion.practice.version
    answered = services.improvement_answer(
        improvement=suggestion, status="taken-up", response="Yes", by=coordinator
    )
    assert answered.taken_up_in_version == current + 1


def test_taken_up_after_a_change_defaults_to_the_current_version(coordinator, suggestion):
    Practice.objects.filter(pk=suggestion.practice_id).update(
        version=suggestion.practice_version + 2
    )
    answered = services.improvement_answer(
        improvement=suggestion, status="taken-up", response="Done", by=coordinator
    )
    assert answered.taken_up_in_version == suggestion.practice_version + 2


def test_the_coordinator_chooses_the_version_from_the_suggestions_one_on(
    client, coordinator, suggestion
):
    base = suggestion.practice_version
    Practice.objects.filter(pk=suggestion.practice_id).update(version=base + 3)
    client.force_login(coordinator)

    client.post(
        answer_url(suggestion),
        {
            "status": "taken-up",
            "response": "In v+1",
            "taken_up_in_version": base + 1,
            "back": "detail",
        },
    )
    suggestion.refresh_from_db()
    assert suggestion.taken_up_in_version == base + 1

    response = client.post(
        answer_url(suggestion),
        {"status": "taken-up", "response": "Too early", "taken_up_in_version": base - 1 or 0},
    )
    suggestion.refresh_from_db()
    assert suggestion.taken_up_in_version == base + 1
    assert suggestion.response == "In v+1"
    assert messages_of(response)


def test_declining_forgets_the_version(coordinator, client, suggestion):
    services.improvement_answer(
        improvement=suggestion, status="taken-up", response="Yes", by=coordinator
    )
    client.force_login(coordinator)
    client.post(
        answer_url(suggestion),
        {"status": "declined", "response": "No after all", "taken_up_in_version": 5},
    )
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.taken_up_in_version) == ("declined", None)


def test_the_database_refuses_a_version_on_a_suggestion_not_taken_up(suggestion):
    suggestion.taken_up_in_version = 3
    with pytest.raises(ValidationError):
        suggestion.full_clean()


def test_the_detail_page_offers_coordinators_the_version_and_the_agenda(
    client, coordinator, member, suggestion
):
    client.force_login(coordinator)
    page = client.get(detail_url(suggestion)).content.decode()
    assert 'name="taken_up_in_version"' in page
    assert f'value="{suggestion.practice_version + 1}"' in page
    assert agenda_url(suggestion) in page
    client.force_login(member)
    page = client.get(detail_url(suggestion)).content.decode()
    assert 'name="taken_up_in_version"' not in page
    assert agenda_url(suggestion) not in page


def test_the_suggestion_says_which_version_took_it_up(client, coordinator, member, suggestion):
    Practice.objects.filter(pk=suggestion.practice_id).update(
        version=suggestion.practice_version + 1
    )
    services.improvement_answer(
        improvement=suggestion, status="taken-up", response="Done", by=coordinator
    )
    client.force_login(member)
    page = client.get(suggestion.practice.get_absolute_url().replace("/fr/", "/en/"))
    assert f"Taken up in version {suggestion.practice_version + 1} of the practice" in (
        page.content.decode()
    )


# ---------------------------------------------------------------- the public count


def test_the_practice_page_shows_everyone_how_many_suggestions_were_taken_up(
    client, member, practice
):
    for status in ("taken-up", "taken-up", "declined", "open"):
        Improvement.objects.create(practice=practice, author=member, text="x", status=status)

    page = client.get(f"/en/practices/{practice.slug}/").content.decode()

    assert "2 suggestions from members of the working group have been taken up" in page
    assert "/improvements/" not in page


def test_no_count_when_none_was_taken_up(client, member, practice):
    Improvement.objects.create(practice=practice, author=member, text="x")
    page = client.get(f"/fr/practices/{practice.slug}/").content.decode()
    assert "improvements-taken-up" not in page


def changes_for(practice):
    return list(
        CatalogueChange.objects.filter(practice_id=practice.pk).values_list("kind", flat=True)
    )


def test_only_a_suggestion_entering_or_leaving_taken_up_changes_the_public_page(
    member, coordinator, practice, make_practice
):
    CatalogueChange.objects.all().delete()
    improvement = services.improvement_create(practice=practice, author=member, text="Idea")
    ImprovementComment.objects.create(improvement=improvement, author=member, text="Yes")
    assert changes_for(practice) == []  # the members' side only

    services.improvement_answer(
        improvement=improvement, status="taken-up", response="Done", by=coordinator
    )
    assert changes_for(practice) == ["r"]
    services.improvement_answer(
        improvement=improvement, status="taken-up", response="Reworded", by=coordinator
    )
    assert changes_for(practice) == ["r"]  # still taken up: the count did not change
    Improvement.objects.filter(pk=improvement.pk).update(
        status="declined", taken_up_in_version=None
    )
    assert changes_for(practice) == ["r", "r"]
    Improvement.objects.filter(pk=improvement.pk).update(status="taken-up")
    Improvement.objects.filter(pk=improvement.pk).delete()
    assert changes_for(practice) == ["r", "r", "r", "r"]

    draft = make_practice(S.DRAFT)
    Improvement.objects.create(practice=draft, author=member, text="x", status="taken-up")
    assert changes_for(draft) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_kept_public_page_shows_the_new_count_at_once(client, settings, group, member):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    django_cache.clear()
    practice = complete(PracticeFactory(group=group, territory=group.territory))
    improvement = Improvement.objects.create(practice=practice, author=member, text="x")
    url = f"/en/practices/{practice.slug}/"
    assert "taken up in this practice" not in client.get(url).content.decode()
    assert "taken up in this practice" not in client.get(url).content.decode()  # kept

    Improvement.objects.filter(pk=improvement.pk).update(status="taken-up")

    assert "1 suggestion from members" in client.get(url).content.decode()
    django_cache.clear()


# ---------------------------------------------------------------- the admin


def test_the_admin_shows_the_discussion_and_the_answer_read_only(client, staff, member, suggestion):
    ImprovementComment.objects.create(improvement=suggestion, author=member, text="Seen in Lyon")
    client.force_login(staff)

    page = client.get(f"/admin/practices/improvement/{suggestion.pk}/change/").content.decode()

    assert "Seen in Lyon" in page
    assert 'name="status"' not in page
    assert 'name="taken_up_in_version"' not in page
    assert 'name="comments-0-text"' not in page


def test_an_agenda_item_discusses_only_a_suggestion_of_its_meetings_group(suggestion, other_group):
    item = AgendaItem(
        meeting=MeetingFactory(group=other_group), title="x", position=1, improvement=suggestion
    )
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert "improvement" in refused.value.message_dict
