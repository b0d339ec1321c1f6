"""A practice's public versions, and the suggestions each took up: where a suggestion
marked "taken up in version N" leads. The public sees how many; members read them."""

import pytest

from practices.models import Improvement, Practice

pytestmark = pytest.mark.django_db

S = Practice.Status


@pytest.fixture
def practice(make_practice, member):
    practice = make_practice(S.PUBLISHED, title_fr="Protocole")
    practice.version = 3
    practice.save()
    Improvement.objects.create(
        practice=practice,
        author=member,
        text="Ajouter le numéro de nuit.",
        status=Improvement.Status.TAKEN_UP,
        response="Ajouté.",
        practice_version=1,
        taken_up_in_version=2,
    )
    Improvement.objects.create(
        practice=practice, author=member, text="Encore ouverte.", practice_version=2
    )
    return practice


def url(practice):
    return f"/fr/practices/{practice.slug}/versions/"


def test_anyone_sees_the_versions_and_how_many_suggestions_each_took_up(client, practice):
    response = client.get(url(practice))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="version-3"' in page and 'id="version-2"' in page
    assert 'id="version-1"' not in page  # it took nothing up
    assert page.index('id="version-3"') < page.index('id="version-2"')
    assert "Elle a retenu 1 suggestion de membres du groupe de travail." in page
    # The texts are members'.
    assert "Ajouter le numéro de nuit." not in page
    assert "Encore ouverte." not in page


def test_members_read_the_suggestions_a_version_took_up(client, practice, member):
    client.force_login(member)
    page = client.get(url(practice)).content.decode()
    version_2 = page[page.index('id="version-2"') :]
    assert "Ajouter le numéro de nuit." in version_2
    assert "Ajouté." in version_2
    assert "Encore ouverte." not in page


def test_a_taken_up_suggestion_links_to_its_version(client, practice, member):
    client.force_login(member)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'href="/fr/practices/{practice.slug}/versions/#version-2"' in page


def test_a_draft_has_no_public_versions(client, make_practice, author):
    draft = make_practice(S.DRAFT)
    assert client.get(url(draft)).status_code == 404
    client.force_login(author)
    response = client.get(url(draft))
    assert response.status_code == 200
    assert "pas encore été publiée" in response.content.decode()


def test_the_versions_page_runs_the_same_queries_whatever_the_history(
    client, practice, member, django_assert_max_num_queries
):
    client.get(url(practice))
    practice.version = 12
    practice.save()
    for number in range(3, 12):
        Improvement.objects.create(
            practice=practice, author=member, text=f"Idée {number}",
            status=Improvement.Status.TAKEN_UP, practice_version=1, taken_up_in_version=number,
        )  # fmt: skip
    with django_assert_max_num_queries(8):
        response = client.get(url(practice))
    assert 'id="version-11"' in response.content.decode()
