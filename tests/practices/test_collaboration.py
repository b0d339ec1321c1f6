"""Public institutions with civil society: the catalogue's ``collaboration`` filter, its
agreement with the API, the CSV export and the database, the practice page, and the
change log that keeps it right when partners or organisation kinds change."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.index import PUBLIC_CIVIL
from practices.models import CatalogueChange, Partner, Practice
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

S = Practice.Status
K = Organisation.Kind
R = Partner.Role
LIST = "/fr/practices/"
JOINED = {"collaboration": PUBLIC_CIVIL}


@pytest.fixture
def kinds():
    return {
        "public": OrganisationFactory(name="Parquet de Paris", kind=K.PUBLIC),
        "civil": OrganisationFactory(name="La Voix de l'enfant", kind=K.CIVIL_SOCIETY),
        "private": OrganisationFactory(name="Fondation privée", kind=K.PRIVATE),
    }


@pytest.fixture
def practices(make_practice, kinds):
    """Led by the author's organisation (civil society): with a public partner it joins
    both; with a public *funder*, or a private partner, it does not."""

    def add(practice, organisation, role=R.PARTNER):
        Partner.objects.create(practice=practice, organisation=organisation, role=role)
        return practice

    return {
        "joined": add(make_practice(S.PUBLISHED, title_fr="Jointe"), kinds["public"]),
        "funded": add(make_practice(S.PUBLISHED, title_fr="Financée"), kinds["public"], R.FUNDER),
        "private": add(make_practice(S.PUBLISHED, title_fr="Privée"), kinds["private"]),
        "alone": make_practice(S.PUBLISHED, title_fr="Seule"),
        "draft": add(make_practice(S.DRAFT, title_fr="Brouillon joint"), kinds["public"]),
    }


def listed(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return sorted(p.title_fr for p in response.context["object_list"])


def facet(response) -> dict:
    found = next(f for f in response.context["facets"] if f["name"] == "collaboration")
    return {item["value"]: item for item in found["items"]}


def test_the_filter_keeps_practices_joining_a_public_institution_and_civil_society(
    client, practices
):
    assert listed(client, **JOINED) == ["Jointe"]
    assert listed(client) == ["Financée", "Jointe", "Privée", "Seule"]
    expected = Practice.objects.published().joining_public_and_civil_society()
    assert [p.title_fr for p in expected] == ["Jointe"]


def test_the_facet_counts_and_links_to_the_filter(client, practices):
    item = facet(client.get(LIST))[PUBLIC_CIVIL]
    assert item["count"] == 1
    assert not item["chosen"]
    assert item["url"] == f"?collaboration={PUBLIC_CIVIL}"
    chosen = client.get(LIST, JOINED)
    assert facet(chosen)[PUBLIC_CIVIL]["chosen"]
    page = chosen.content.decode()
    assert "Public institutions with civil society" in client.get("/en/practices/").content.decode()
    assert "Institutions publiques avec la société civile" in page


def test_the_facet_combines_with_the_other_filters(client, practices, kinds):
    assert listed(client, sector="ngo", **JOINED) == []
    assert listed(client, sector="justice", **JOINED) == ["Jointe"]
    assert listed(client, q="Jointe", **JOINED) == ["Jointe"]
    assert listed(client, q="Seule", **JOINED) == []


def test_an_unknown_value_is_reported_and_ignored(client, practices):
    response = client.get(LIST, {"collaboration": "everyone"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 4
    assert "everyone" in response.content.decode()


def test_the_api_and_the_csv_agree_with_the_page(client, practices):
    api = client.get("/api/v1/practices/", JOINED).json()
    assert [item["slug"] for item in api["results"]] == [practices["joined"].slug]
    kinds = {p["organisation_kind"] for p in api["results"][0]["partners"]}
    assert kinds == {"public", "civil-society"}

    export = client.get("/en/practices/export.csv", JOINED)
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["Title"] for row in rows] == [practices["joined"].title_en or "Jointe"]
    column = "Kinds of organisations carrying it out"
    assert rows[0][column] == "Public institution, Civil society"


def test_the_csv_names_the_kinds_of_every_practice(client, practices):
    export = client.get("/en/practices/export.csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    column = "Kinds of organisations carrying it out"
    by_title = {row["Title"]: row[column] for row in csv.DictReader(io.StringIO(text))}
    # A funder does not carry the practice out.
    assert set(by_title.values()) == {
        "Public institution, Civil society",
        "Civil society",
        "Civil society, Private sector",
    }


def test_the_practice_page_shows_the_kinds_and_says_when_both_work_together(client, practices):
    page = client.get(practices["joined"].get_absolute_url()).content.decode()
    assert "Public institution" in page or "Institution publique" in page
    assert f'href="/fr/practices/?collaboration={PUBLIC_CIVIL}"' in page
    other = client.get(practices["funded"].get_absolute_url()).content.decode()
    assert f"?collaboration={PUBLIC_CIVIL}" not in other
    assert practices["joined"].joins_public_and_civil_society
    assert not practices["funded"].joins_public_and_civil_society


# ---------------------------------------------------------------- kept right by the database


def test_a_new_partner_of_a_published_practice_changes_the_facet_at_once(client, practices, kinds):
    assert listed(client, **JOINED) == ["Jointe"]
    Partner.objects.create(practice=practices["alone"], organisation=kinds["public"])
    assert listed(client, **JOINED) == ["Jointe", "Seule"]
    Partner.objects.filter(practice=practices["joined"], organisation=kinds["public"]).delete()
    assert listed(client, **JOINED) == ["Seule"]


def test_a_change_of_an_organisations_kind_is_seen_even_by_update(client, practices, kinds):
    assert listed(client, **JOINED) == ["Jointe"]
    CatalogueChange.objects.all().delete()
    # update() bypasses every signal: the database's triggers see it.
    Organisation.objects.filter(pk=kinds["private"].pk).update(kind=K.PUBLIC)
    assert ("i", practices["private"].pk) in CatalogueChange.objects.values_list(
        "kind", "practice_id"
    )
    assert listed(client, **JOINED) == ["Jointe", "Privée"]
    # Renaming it changes only what pages show; the draft never counts.
    CatalogueChange.objects.all().delete()
    Organisation.objects.filter(pk=kinds["public"].pk).update(name="Parquet")
    assert set(CatalogueChange.objects.values_list("kind", flat=True)) == {"r"}
    assert listed(client, **JOINED) == ["Jointe", "Privée"]


def test_a_draft_joining_both_counts_nowhere(client, practices):
    assert "Brouillon joint" not in listed(client, **JOINED)
    home = client.get("/en/").content.decode()
    assert "Practices joining public institutions and civil society" in home


def test_the_catalogue_runs_the_same_queries_whatever_the_number_of_practices(
    client, practices, make_practice, kinds
):
    client.get(LIST, JOINED)  # the index is built
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, JOINED)
    for i in range(15):
        practice = make_practice(S.PUBLISHED, title_fr=f"Autre {i}")
        Partner.objects.create(practice=practice, organisation=kinds["public"])
    client.get(LIST, JOINED)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST, JOINED)
    assert response.context["paginator"].count == 16
    assert len(many) == len(few)
