"""The suggestions of the organisation fields (``/stakeholders/suggest/?q=``): the directory's
organisations for a name being typed, as JSON, at most ten, the ones called so first. The
directory is public: so are they, to anyone, with one bounded query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stakeholders.models import Organisation
from stakeholders.widgets import CHOICES
from tests.factories import OrganisationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

URL = "/fr/stakeholders/suggest/"


def suggested(client, q, url=URL):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return response.json()["results"]


@pytest.fixture
def directory(db):
    lyon = TerritoryFactory(name="Lyon")
    return {
        "bpm": OrganisationFactory(name="Brigade de protection des mineurs", acronym="BPM"),
        "uap": OrganisationFactory(name="BPM et partenaires", territory=lyon),
        "aide": OrganisationFactory(name="Aide sociale à l'enfance", acronym="ASE"),
    }


def test_anyone_gets_the_organisations_whose_name_starts_or_contains_the_words(client, directory):
    results = suggested(client, "BPM")
    assert [r["label"] for r in results] == [
        "Brigade de protection des mineurs (BPM)",  # its acronym: called so
        "BPM et partenaires",  # starts so
    ]
    assert results[1]["where"] == "Lyon (France)"
    assert results[0]["id"] == directory["bpm"].pk


@pytest.mark.parametrize("who", ["member", "coordinator", "other_coordinator", "staff"])
def test_every_role_gets_the_same_suggestions(client_for, directory, request, who):
    client = client_for(request.getfixturevalue(who))
    assert [r["label"] for r in suggested(client, "aide sociale")] == [
        "Aide sociale à l'enfance (ASE)"
    ]


def test_accents_and_case_are_ignored(client, db):
    hopital = OrganisationFactory(name="Hôpital Necker – Enfants malades", acronym="AP-HP")
    securite = OrganisationFactory(name="Sécurité publique de l'Isère")
    assert [r["id"] for r in suggested(client, "hopital necker")] == [hopital.pk]
    assert [r["id"] for r in suggested(client, "SECURITE isere")] == [securite.pk]
    assert [r["id"] for r in suggested(client, "ap-hp")] == [hopital.pk]


def test_a_renamed_or_new_organisation_is_suggested_at_the_next_request(client, directory):
    assert suggested(client, "Nouvelle brigade") == []
    brigade = directory["bpm"]
    Organisation.objects.filter(pk=brigade.pk).update(name="Nouvelle brigade")
    assert [r["id"] for r in suggested(client, "Nouvelle brigade")] == [brigade.pk]
    added = OrganisationFactory(name="Nouvelle brigade du Nord")
    assert [r["id"] for r in suggested(client, "Nouvelle brigade")] == [brigade.pk, added.pk]


def test_fewer_than_two_letters_suggest_nothing(client, directory):
    assert suggested(client, "b") == []
    assert suggested(client, "  ") == []
    assert suggested(client, "") == []


def test_at_most_ten_are_suggested_in_one_query_once_the_names_are_read(client, db):
    for n in range(CHOICES + 5):
        OrganisationFactory(name=f"Maison des adolescents {n:02d}")
    suggested(client, "maison")  # the directory's names, read once per state
    with CaptureQueriesContext(connection) as queries:
        results = suggested(client, "maison")
    assert len(results) == CHOICES
    assert len([q for q in queries if "stakeholders_organisation" in q["sql"]]) == 1


def test_a_long_or_hostile_text_is_cut_and_answered(client, directory):
    assert suggested(client, "x" * 10_000) == []
    assert [r["label"] for r in suggested(client, "mineurs " * 2000)] == [
        "Brigade de protection des mineurs (BPM)"
    ]
    assert suggested(client, "' OR 1=1 --") == []
    assert suggested(client, "BPM\x00") == []
    hostile = OrganisationFactory(name='<script>alert("x")</script>')
    results = suggested(client, "<script>")
    assert results == [{"id": hostile.pk, "label": hostile.name, "where": str(hostile.territory)}]


def test_only_reading_is_allowed(client, directory):
    assert client.post(URL, {"q": "BPM"}).status_code == 405


def test_the_english_address_answers_the_same(client, directory):
    assert suggested(client, "ASE", url="/en/stakeholders/suggest/")[0]["label"] == (
        "Aide sociale à l'enfance (ASE)"
    )
