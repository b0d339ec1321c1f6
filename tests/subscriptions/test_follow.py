"""Members follow a practice: the button, the list, and the emails on a new published
version, a suggestion and an answer — once, never to whoever caused it, and only to those
who may see it."""

import re

import pytest
from django.test import Client

from practices import services
from stakeholders.models import Membership
from subscriptions.follows import follow
from subscriptions.models import Follow
from tests.factories import member_user

pytestmark = pytest.mark.django_db


def follow_url(practice):
    return f"/fr/subscriptions/follow/{practice.slug}/"


def test_anonymous_visitors_are_sent_to_log_in(client, publish):
    practice = publish()
    response = client.post(follow_url(practice), {"action": "follow"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()
    assert client.get("/fr/subscriptions/following/").status_code == 302


def test_an_account_in_no_group_may_not_follow(client, outsider, publish):
    practice = publish()
    client.force_login(outsider)
    assert client.post(follow_url(practice), {"action": "follow"}).status_code == 403
    assert not Follow.objects.exists()


def test_a_member_follows_and_unfollows_from_the_practice_page(client, member, publish):
    practice = publish()
    client.force_login(member)
    page = client.get(practice.get_absolute_url())
    assert f'action="{follow_url(practice)}"' in page.content.decode()
    assert ">Suivre<" in page.content.decode()

    response = client.post(follow_url(practice), {"action": "follow"})
    assert response.status_code == 302
    assert response["Location"] == practice.get_absolute_url()
    assert Follow.objects.filter(user=member, practice=practice).exists()
    assert "Ne plus suivre" in client.get(practice.get_absolute_url()).content.decode()
    client.post(follow_url(practice), {"action": "follow"})  # twice: still once
    assert Follow.objects.count() == 1

    client.post(follow_url(practice), {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_anonymous_visitors_see_no_follow_button(client, publish):
    practice = publish()
    assert follow_url(practice) not in client.get(practice.get_absolute_url()).content.decode()


def test_a_member_of_another_group_cannot_follow_a_draft_they_cannot_see(
    client, other_member, publish
):
    draft = publish(status="draft")
    client.force_login(other_member)
    assert client.post(follow_url(draft), {"action": "follow"}).status_code == 404
    assert not Follow.objects.exists()


def test_the_followed_practices_list_unfollows(client, member, publish):
    practices = [publish() for _ in range(3)]
    for practice in practices:
        follow(user=member, practice=practice)
    client.force_login(member)
    page = client.get("/fr/subscriptions/following/")
    assert page.status_code == 200
    for practice in practices:
        assert practice.title_fr in page.content.decode()
    response = client.post(
        follow_url(practices[0]),
        {"action": "unfollow", "next": "/fr/subscriptions/following/"},
    )
    assert response["Location"] == "/fr/subscriptions/following/"
    assert Follow.objects.filter(user=member).count() == 2


def test_the_followed_practices_list_never_goes_to_another_site(client, member, publish):
    practice = publish()
    client.force_login(member)
    response = client.post(
        follow_url(practice), {"action": "follow", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == practice.get_absolute_url()


@pytest.mark.parametrize("count", [1, 8])
def test_the_followed_practices_list_runs_the_same_queries(
    count, client, member, publish, django_assert_max_num_queries
):
    for _ in range(count):
        follow(user=member, practice=publish())
    client.force_login(member)
    client.get("/fr/subscriptions/following/")  # the session and the catalogue warmed up
    with django_assert_max_num_queries(10):
        assert client.get("/fr/subscriptions/following/").status_code == 200


# ---------------------------------------------------------------- emails to followers


@pytest.fixture
def reviewer(group):
    """A coordinator of the practice's group from another organisation (may publish it)."""
    return member_user(group, role=Membership.Role.COORDINATOR)


def test_followers_hear_of_a_new_published_version_but_not_its_publisher(
    publish, member, other_member, reviewer, mailoutbox
):
    practice = publish()
    follow(user=member, practice=practice)
    follow(user=other_member, practice=practice)  # another group, another country
    follow(user=reviewer, practice=practice)
    services.practice_transition(
        practice=practice, action="request_changes", by=reviewer, note="Préciser le public."
    )
    services.practice_transition(practice=practice, action="submit", by=practice.created_by)
    mailoutbox.clear()
    services.practice_transition(practice=practice, action="publish", by=reviewer)

    to_followers = [m for m in mailoutbox if "que vous suivez" in m.body]
    assert sorted(m.to[0] for m in to_followers) == sorted([member.email, other_member.email])
    message = to_followers[0]
    assert "Nouvelle version" in message.subject
    assert f"https://portal.example.org/fr/practices/{practice.slug}/" in message.body
    assert "/fr/subscriptions/following/" in message.body


def test_followers_hear_of_a_suggestion_once_and_not_its_author(
    publish, member, author, other_member, mailoutbox
):
    practice = publish()
    follow(user=member, practice=practice)
    follow(user=author, practice=practice)
    follow(user=other_member, practice=practice)
    services.improvement_create(practice=practice, author=member, text="Ajouter un numéro vert.")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([author.email, other_member.email])
    assert all("Ajouter un numéro vert." in m.body for m in mailoutbox)
    assert all(m.body.count("#improvements") == 1 for m in mailoutbox)


def test_followers_hear_of_an_answer_but_not_the_coordinator_who_answered(
    publish, member, reviewer, other_member, mailoutbox
):
    practice = publish()
    improvement = services.improvement_create(practice=practice, author=member, text="Idée.")
    follow(user=member, practice=practice)
    follow(user=reviewer, practice=practice)
    follow(user=other_member, practice=practice)
    mailoutbox.clear()
    services.improvement_answer(
        improvement=improvement, status="taken-up", response="Merci, c’est retenu.", by=reviewer
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, other_member.email])
    assert all("Merci, c’est retenu." in m.body for m in mailoutbox)


def test_a_follower_who_can_no_longer_see_the_practice_gets_nothing(
    publish, author, other_member, reviewer, member, mailoutbox
):
    """Sent back to its authors, the practice is hidden from another group's member: the
    answer to a suggestion reaches its own organisation's follower only."""
    practice = publish()
    improvement = services.improvement_create(practice=practice, author=member, text="Idée.")
    follow(user=author, practice=practice)
    follow(user=other_member, practice=practice)
    services.practice_transition(
        practice=practice, action="request_changes", by=reviewer, note="À revoir."
    )
    mailoutbox.clear()
    services.improvement_answer(
        improvement=improvement, status="declined", response="Non.", by=reviewer
    )
    assert [m.to for m in mailoutbox if "que vous suivez" in m.body] == [[author.email]]


def test_a_deactivated_follower_gets_nothing(publish, member, author, mailoutbox):
    practice = publish()
    follow(user=member, practice=practice)
    member.is_active = False
    member.save()
    services.improvement_create(practice=practice, author=author, text="Idée.")
    assert mailoutbox == []


def test_a_follower_no_longer_member_gets_no_suggestion(publish, member, author, mailoutbox):
    """Suggestions are for members: a follower who left every group hears of new versions
    (the practice is public) but not of suggestions."""
    practice = publish()
    follow(user=member, practice=practice)
    Membership.objects.filter(person__user=member).delete()
    services.improvement_create(practice=practice, author=author, text="Idée.")
    assert mailoutbox == []


def test_the_email_is_in_the_followers_language(publish, member, author, mailoutbox):
    member.language = "en"
    member.save()
    practice = publish()
    follow(user=member, practice=practice)
    services.improvement_create(practice=practice, author=author, text="Idea.")
    message = mailoutbox[0]
    assert message.subject == f"New improvement suggestion on “{practice.title_en}”"
    assert f"/en/practices/{practice.slug}/#improvements" in message.body


def test_my_space_links_to_the_followed_practices(client, member):
    client.force_login(member)
    page = client.get("/fr/espace/")
    assert 'href="/fr/subscriptions/following/"' in page.content.decode()


def test_a_published_change_in_place_is_a_new_version_for_followers(
    publish, member, reviewer, mailoutbox
):
    practice = publish()
    follow(user=member, practice=practice)
    services.practice_save(
        practice=practice,
        data={"summary_fr": "Un résumé revu."},
        by=reviewer,
        expected_version=practice.version,
    )
    assert practice.status == "published"
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Nouvelle version" in mailoutbox[0].subject


def test_a_save_that_changes_nothing_shown_is_no_new_version(publish, member, reviewer, mailoutbox):
    practice = publish()
    follow(user=member, practice=practice)
    services.practice_save(
        practice=practice,
        data={"summary_fr": practice.summary_fr},
        by=reviewer,
        expected_version=practice.version,
    )
    assert mailoutbox == []


def test_a_change_that_sends_the_practice_back_to_review_is_not_announced(
    publish, member, author, mailoutbox
):
    """Changed by its own organisation, the published practice goes back to review: no
    new public version yet (followers hear of it when it is published again)."""
    practice = publish()
    follow(user=member, practice=practice)
    services.practice_save(
        practice=practice,
        data={"summary_fr": "Un résumé revu."},
        by=author,
        expected_version=practice.version,
    )
    practice.refresh_from_db()
    assert practice.status == "submitted"
    assert [m for m in mailoutbox if "que vous suivez" in m.body] == []


def test_a_coordinator_follows_a_practice_under_review_in_their_group(
    client, publish, reviewer, other_coordinator
):
    submitted = publish(status="submitted")
    client.force_login(other_coordinator)
    assert client.post(follow_url(submitted), {"action": "follow"}).status_code == 404
    client.force_login(reviewer)
    assert client.post(follow_url(submitted), {"action": "follow"}).status_code == 302
    assert list(Follow.objects.values_list("user", flat=True)) == [reviewer.pk]


def test_an_unknown_action_changes_nothing_and_says_so(client, member, publish):
    practice = publish()
    client.force_login(member)
    response = client.post(follow_url(practice), {"action": "subscribe-everyone"}, follow=True)
    assert "Action inconnue" in response.content.decode()
    assert not Follow.objects.exists()


def test_the_follow_button_works_with_csrf_checks(member, publish):
    practice = publish()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get(practice.get_absolute_url()).content.decode()
    form = page[page.index('class="follow-form"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(follow_url(practice), {"action": "follow", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Follow.objects.filter(user=member, practice=practice).exists()
