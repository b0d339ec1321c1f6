"""A renamed practice's old address leads to the new one only for those who may see the
practice (#11 part 7): anyone else gets the same 404 as for an address that never existed,
never a redirect that would reveal a draft's new title."""

import pytest

from practices.models import Practice
from practices.services import refresh_slug

pytestmark = pytest.mark.django_db

S = Practice.Status


@pytest.fixture
def renamed(make_practice):
    """``renamed(status)``: a practice renamed from "Ancien titre" to "Titre secret"."""

    def make(status):
        practice = make_practice(status, title_fr="Ancien titre", slug="ancien-titre")
        practice.title_fr = "Titre secret"
        refresh_slug(practice)
        practice.save()
        assert practice.slug == "titre-secret"
        return practice

    return make


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "member", "other_coordinator", "coordinator", "staff"]
)
def test_a_renamed_draft_s_old_address_reveals_nothing_to_those_who_may_not_see_it(
    client, request, renamed, who
):
    renamed(S.DRAFT)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for path in ("/fr/practices/ancien-titre/", "/en/practices/ancien-titre/edit/"):
        response = client.get(path)
        # The edit page sends visitors to log in, and refuses members of no group, before
        # it looks the practice up.
        expected = {"anonymous": 302, "outsider": 403}.get(who, 404)
        assert response.status_code == (expected if path.endswith("/edit/") else 404)
        assert "titre-secret" not in response.get("Location", "")
        assert "Titre secret" not in response.content.decode()


def test_the_author_still_follows_the_old_address_of_their_draft(client, author, renamed):
    renamed(S.DRAFT)
    client.force_login(author)
    response = client.get("/fr/practices/ancien-titre/")
    assert response.status_code == 301
    assert response.url == "/fr/practices/titre-secret/"


def test_a_submitted_practice_s_old_address_leads_its_reviewers_on_but_not_the_public(
    client, coordinator, renamed
):
    renamed(S.SUBMITTED)
    assert client.get("/fr/practices/ancien-titre/").status_code == 404
    client.force_login(coordinator)
    assert client.get("/fr/practices/ancien-titre/").url == "/fr/practices/titre-secret/"


def test_a_published_practice_s_old_address_redirects_everyone(client, renamed):
    renamed(S.PUBLISHED)
    response = client.get("/fr/practices/ancien-titre/")
    assert response.status_code == 301
    assert response.url == "/fr/practices/titre-secret/"
