"""A practice's partners are given by name (stakeholders.widgets): the edit page does not
carry the directory, its queries grow neither with its rows nor with the directory, and a
member without JavaScript adds a partner by typing its name, choosing among the
organisations offered when the name is not enough, without losing what they typed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Partner, Practice
from tests.factories import OrganisationFactory, TerritoryFactory

from .factories import org_of
from .helpers import form_data

pytestmark = pytest.mark.django_db


def edit_page(client, practice, lang="fr"):
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/{lang}/practices/{practice.slug}/edit/")
    assert response.status_code == 200
    return response, len(context.captured_queries)


def shown_partners(html):
    """The name shown in each partner row that has one."""
    return [
        name
        for name in re.findall(r'name="partners-\d+-organisation_name" value="([^"]*)"', html)
        if name
    ]


def test_the_edit_page_shows_each_partners_name_and_not_the_directory(
    client, author, make_practice
):
    practice = make_practice("draft")
    partners = [OrganisationFactory(name=f"Partenaire {n}") for n in range(3)]
    for organisation in partners:
        Partner.objects.create(practice=practice, organisation=organisation)
    OrganisationFactory.create_batch(50, name="Annuaire seulement")
    client.force_login(author)
    response, _ = edit_page(client, practice)
    html = response.content.decode()
    assert sorted(shown_partners(html)) == sorted(
        [str(org_of(author)), *(str(o) for o in partners)]
    )
    assert "Annuaire seulement" not in html
    assert '<select name="partners-0-organisation"' not in html


def test_the_create_page_offers_the_members_organisation_as_lead(client, author):
    client.force_login(author)
    response = client.get("/fr/practices/new/")
    assert response.status_code == 200
    assert shown_partners(response.content.decode()) == [str(org_of(author))]


def test_the_edit_pages_queries_grow_neither_with_rows_nor_with_the_directory(
    client, author, make_practice
):
    practice = make_practice("draft")
    client.force_login(author)
    edit_page(client, practice)
    _, few = edit_page(client, practice)
    for organisation in OrganisationFactory.create_batch(5):
        Partner.objects.create(practice=practice, organisation=organisation)
    OrganisationFactory.create_batch(40)
    response, many = edit_page(client, practice)
    assert len(shown_partners(response.content.decode())) == 6
    assert many == few


def test_a_member_without_javascript_adds_a_partner_by_typing_part_of_its_name(
    client, author, make_practice
):
    practice = make_practice("draft")
    north = OrganisationFactory(name="Maison des adolescents du Nord", acronym="MDA59")
    south = OrganisationFactory(name="Maison des adolescents du Sud")
    client.force_login(author)
    url = f"/fr/practices/{practice.slug}/edit/"
    data = form_data(client.get(url))
    data["summary_fr"] = "Un résumé retravaillé."
    empty_row = next(
        key[: -len("_name")]
        for key, value in data.items()
        if key.endswith("-organisation_name") and not value
    )
    data[f"{empty_row}_name"] = "maison adolescents"

    # Two organisations contain those words: the page says so and offers both.
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "choisissez-en une ci-dessous" in html
    for organisation in (north, south):
        assert f'name="{empty_row}_choice" value="{organisation.pk}"' in html
    # Nothing is saved, and nothing typed is lost.
    practice.refresh_from_db()
    assert practice.summary_fr != "Un résumé retravaillé."
    assert "Un résumé retravaillé." in html

    # The member chooses one and sends the form again.
    again = form_data(response)
    assert again[f"{empty_row}_name"] == "maison adolescents"
    again[f"{empty_row}_choice"] = str(north.pk)
    response = client.post(url, again)
    assert response.status_code == 302, response.content.decode()[:2000]
    practice.refresh_from_db()
    assert practice.summary_fr == "Un résumé retravaillé."
    partners = Partner.objects.filter(practice=practice)
    assert set(partners.values_list("organisation", flat=True)) == {org_of(author).pk, north.pk}


def test_typing_the_acronym_of_an_organisation_adds_it_at_once(client, author, make_practice):
    practice = make_practice("draft")
    bpm = OrganisationFactory(name="Brigade de protection des mineurs", acronym="BPM")
    client.force_login(author)
    url = f"/en/practices/{practice.slug}/edit/"
    data = form_data(client.get(url))
    data["partners-1-organisation_name"] = "bpm"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Partner.objects.filter(practice=practice, organisation=bpm).exists()


def test_the_same_name_in_two_territories_is_told_apart_by_the_territory(
    client, author, make_practice
):
    practice = make_practice("draft")
    lyon, lille = TerritoryFactory(name="Lyon"), TerritoryFactory(name="Lille")
    in_lyon = OrganisationFactory(name="Unité d'accueil pédiatrique", territory=lyon)
    OrganisationFactory(name="Unité d'accueil pédiatrique", territory=lille)
    client.force_login(author)
    url = f"/en/practices/{practice.slug}/edit/"
    data = form_data(client.get(url))
    data["partners-1-organisation_name"] = "Unité d'accueil pédiatrique"
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Lyon (France)" in html and "Lille (France)" in html
    again = form_data(response)
    again["partners-1-organisation_choice"] = str(in_lyon.pk)
    assert client.post(url, again).status_code == 302
    assert Partner.objects.filter(practice=practice, organisation=in_lyon).exists()


def test_an_unchanged_form_keeps_its_partners(client, author, make_practice):
    practice = make_practice("draft")
    partners = Partner.objects.filter(practice=practice)
    before = set(partners.values_list("organisation", "role"))
    client.force_login(author)
    url = f"/fr/practices/{practice.slug}/edit/"
    assert client.post(url, form_data(client.get(url))).status_code == 302
    assert set(partners.values_list("organisation", "role")) == before
    assert Practice.objects.get(pk=practice.pk).status == Practice.Status.DRAFT


def test_two_names_not_read_say_so_each_and_are_not_taken_for_the_same(
    client, author, make_practice
):
    practice = make_practice("draft")
    client.force_login(author)
    url = f"/en/practices/{practice.slug}/edit/"
    data = form_data(client.get(url))
    data["partners-1-organisation_name"] = "Inconnue"
    data["partners-2-organisation_name"] = "Autre inconnue"
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("No organisation of the directory is called") >= 2
    assert "Each organisation can be listed only once" not in html


def test_a_practice_has_a_bounded_number_of_partner_rows(client, author, make_practice):
    from practices.forms import MAX_PARTNERS

    practice = make_practice("draft")
    client.force_login(author)
    url = f"/en/practices/{practice.slug}/edit/"
    page = form_data(client.get(url))

    def post(total):
        data = {**page, "partners-TOTAL_FORMS": str(total)}
        for i in range(total):
            data.setdefault(f"partners-{i}-organisation_name", f"Nom {i}")
            data.setdefault(f"partners-{i}-role", "partner")
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data)
        assert response.status_code == 400
        assert f"Please submit at most {MAX_PARTNERS} forms" in response.content.decode()
        return len(queries)

    # Rows beyond the formset's absolute maximum are not even read.
    at_most = post(MAX_PARTNERS + 10)
    assert post(200) <= at_most
