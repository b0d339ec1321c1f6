"""Improvements: members suggest, coordinators answer, the public never sees them."""

import pytest
from django.contrib.messages import get_messages

from practices.models import Improvement, Practice

from .factories import PracticeFactory, complete

pytestmark = pytest.mark.django_db

S = Practice.Status


def suggest_url(practice, lang="fr"):
    return f"/{lang}/practices/{practice.slug}/improvements/"


def answer_url(improvement, lang="fr"):
    return f"/{lang}/practices/{improvement.practice.slug}/improvements/{improvement.pk}/answer/"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("who", ["member", "other_member", "coordinator", "staff"])
def test_a_member_suggests_an_improvement_on_a_published_practice(
    client, request, make_practice, who
):
    practice = make_practice(S.PUBLISHED)
    user = request.getfixturevalue(who)
    client.force_login(user)

    response = client.post(suggest_url(practice, "en"), {"text": "Ajouter un numéro vert."})

    assert response.status_code == 302
    assert response.url == f"/en/practices/{practice.slug}/#improvements"
    improvement = Improvement.objects.get()
    assert (improvement.practice, improvement.author, improvement.text) == (
        practice,
        user,
        "Ajouter un numéro vert.",
    )
    assert improvement.status == Improvement.Status.OPEN
    assert messages_of(response) == [
        "Thank you: your suggestion has been sent to the coordinators."
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, make_practice):
    practice = make_practice(S.PUBLISHED)

    response = client.post(suggest_url(practice), {"text": "Spam"})

    assert response.status_code == 302
    assert response.url.startswith("/fr/accounts/login/")
    assert not Improvement.objects.exists()


def test_people_outside_the_groups_cannot_suggest(client, outsider, make_practice):
    practice = make_practice(S.PUBLISHED)
    client.force_login(outsider)

    assert client.post(suggest_url(practice), {"text": "Spam"}).status_code == 403
    assert not Improvement.objects.exists()


@pytest.mark.parametrize(
    ("status", "who", "code"),
    [
        (S.DRAFT, "author", 403),
        (S.DRAFT, "member", 404),
        (S.SUBMITTED, "coordinator", 403),
        (S.CHANGES_REQUESTED, "author", 403),
        (S.ARCHIVED, "coordinator", 403),
        (S.ARCHIVED, "member", 404),
    ],
)
def test_suggestions_only_on_published_practices(client, request, make_practice, status, who, code):
    practice = make_practice(status)
    client.force_login(request.getfixturevalue(who))

    assert client.post(suggest_url(practice), {"text": "Une idée"}).status_code == code
    assert not Improvement.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_an_empty_or_overlong_suggestion_is_refused(client, member, make_practice, text):
    practice = make_practice(S.PUBLISHED)
    client.force_login(member)

    response = client.post(suggest_url(practice, "en"), {"text": text})

    assert response.status_code == 302
    assert not Improvement.objects.exists()
    assert messages_of(response) == [
        "Write your suggestion before sending it (at most 5,000 characters)."
    ]


def test_the_suggestion_page_only_accepts_posts(client, member, make_practice):
    practice = make_practice(S.PUBLISHED)
    client.force_login(member)

    assert client.get(suggest_url(practice)).status_code == 405


# ---------------------------------------------------------------- answers


@pytest.fixture
def improvement(make_practice, member):
    practice = make_practice(S.PUBLISHED)
    return Improvement.objects.create(practice=practice, author=member, text="Une idée.")


@pytest.mark.parametrize("who", ["coordinator", "staff"])
@pytest.mark.parametrize("status", [Improvement.Status.TAKEN_UP, Improvement.Status.DECLINED])
def test_coordinators_answer_a_suggestion(client, request, improvement, who, status):
    user = request.getfixturevalue(who)
    client.force_login(user)

    response = client.post(answer_url(improvement), {"status": status, "response": "Merci !"})

    assert response.status_code == 302
    assert response.url.endswith("#improvements")
    improvement.refresh_from_db()
    assert improvement.status == status
    assert improvement.response == "Merci !"
    assert improvement.responded_by == user
    assert improvement.responded_at is not None


@pytest.mark.parametrize("who", ["member", "other_member", "other_coordinator", "author"])
def test_only_the_practices_coordinators_answer(client, request, improvement, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(answer_url(improvement), {"status": "declined", "response": "Non."})

    assert response.status_code == 403
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.OPEN
    assert improvement.response == ""
    assert improvement.responded_by is None


def test_anonymous_visitors_cannot_answer(client, improvement):
    response = client.post(answer_url(improvement), {"status": "declined"})

    assert response.status_code == 302
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.OPEN


def test_an_unknown_status_is_refused(client, coordinator, improvement):
    client.force_login(coordinator)

    response = client.post(answer_url(improvement, "en"), {"status": "deleted", "response": "?"})

    assert messages_of(response) == ["Choose a valid status for the suggestion."]
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.OPEN
    assert improvement.response == ""


def test_an_improvement_is_answered_under_its_own_practice_only(
    client, coordinator, improvement, make_practice
):
    other = make_practice(S.PUBLISHED)
    client.force_login(coordinator)

    url = f"/fr/practices/{other.slug}/improvements/{improvement.pk}/answer/"
    assert client.post(url, {"status": "declined"}).status_code == 404
    improvement.refresh_from_db()
    assert improvement.status == Improvement.Status.OPEN


def test_coordinators_get_an_answer_form_and_members_do_not(
    client, coordinator, member, improvement
):
    url = improvement.practice.get_absolute_url()
    client.force_login(coordinator)
    assert answer_url(improvement) in client.get(url).content.decode()
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Une idée." in page
    assert answer_url(improvement) not in page
    assert suggest_url(improvement.practice) in page


def test_the_answer_is_shown_to_members(client, coordinator, member, improvement):
    client.force_login(coordinator)
    client.post(answer_url(improvement), {"status": "taken-up", "response": "Ajouté au protocole."})
    client.force_login(member)

    page = client.get(f"/en/practices/{improvement.practice.slug}/").content.decode()

    assert "Ajouté au protocole." in page
    assert "Taken up" in page


def test_improvements_are_not_shown_to_the_public(client, outsider, coordinator, improvement):
    client.force_login(coordinator)
    client.post(answer_url(improvement), {"status": "taken-up", "response": "Réponse interne."})
    for user in (None, outsider):
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(improvement.practice.get_absolute_url()).content.decode()
        assert "Une idée." not in page
        assert "Réponse interne." not in page
        assert "/improvements/" not in page


def test_a_suggestion_is_shown_as_text_not_html(client, member, make_practice):
    practice = make_practice(S.PUBLISHED)
    client.force_login(member)
    client.post(suggest_url(practice), {"text": "<script>alert(1)</script>\n<b>gras</b>"})

    page = client.get(practice.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;b&gt;gras&lt;/b&gt;" in page


def test_the_suggestion_form_is_not_offered_on_unpublished_practices(client, author, make_practice):
    practice = make_practice(S.DRAFT)
    client.force_login(author)

    page = client.get(practice.get_absolute_url()).content.decode()

    assert suggest_url(practice) not in page


def test_a_practice_made_by_hand_works_too(client, member, group):
    practice = complete(PracticeFactory(group=group))
    client.force_login(member)

    assert client.post(suggest_url(practice), {"text": "Idée"}).status_code == 302
