"""Protocols in the open API, the CSV export and the sitemap: only public protocols out of
preparation, with the list page's filters, in a constant number of queries."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Practice
from protocols.filters import ProtocolFilter
from protocols.models import Protocol, Signatory
from stakeholders.models import Sector
from tests.conftest import PORTAL
from tests.factories import OrganisationFactory, TerritoryFactory
from tests.practices.factories import PracticeFactory

from .factories import ProtocolFactory, with_pathway

pytestmark = pytest.mark.django_db

API = "/api/v1/protocols/"


@pytest.fixture
def protocols(group):
    """A public one in force, a members-only one, one in preparation, one withdrawn."""
    territory = group.territory
    return {
        "public": with_pathway(ProtocolFactory(territory=territory, slug="public-one")),
        "members": with_pathway(
            ProtocolFactory(
                territory=territory, slug="members-one", visibility=Protocol.Visibility.MEMBERS
            )
        ),
        "draft": with_pathway(
            ProtocolFactory(
                territory=territory,
                slug="draft-one",
                status=Protocol.Status.IN_PREPARATION,
                signed_on=None,
                in_force_from=None,
                next_review_on=None,
            )
        ),
        "withdrawn": ProtocolFactory(
            territory=TerritoryFactory(country="BE"),
            slug="withdrawn-one",
            kind=Protocol.Kind.INFORMATION_SHARING,
            status=Protocol.Status.WITHDRAWN,
        ),
    }


def api_slugs(client, query=""):
    response = client.get(API + query)
    assert response.status_code == 200
    return {row["slug"] for row in response.json()["results"]}


def csv_rows(client, query=""):
    response = client.get("/en/protocols/export.csv" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def page_slugs(client, query=""):
    response = client.get("/en/protocols/" + query)
    assert response.status_code == 200
    return {p.slug for p in response.context["object_list"]}


def test_only_public_protocols_out_of_preparation_are_in_the_api(client, protocols):
    assert api_slugs(client) == {"public-one", "withdrawn-one"}
    assert client.get(f"{API}public-one/").status_code == 200
    for hidden in ("members-one", "draft-one", "no-such-one"):
        response = client.get(f"{API}{hidden}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


def test_a_member_logged_in_still_gets_only_public_protocols(client, member, protocols):
    client.force_login(member)
    assert page_slugs(client) >= {"members-one", "draft-one"}
    assert api_slugs(client) == {"public-one", "withdrawn-one"}
    assert client.get(f"{API}members-one/").status_code == 404
    assert {row[-1].rsplit("/", 2)[-2] for row in csv_rows(client)[1:]} == {
        "public-one",
        "withdrawn-one",
    }


def test_the_api_shows_the_protocol_without_personal_data_or_document(client, protocols, staff):
    protocol = protocols["public"]
    protocol.created_by = staff
    practice = PracticeFactory(territory=protocol.territory)
    hidden_practice = PracticeFactory(territory=protocol.territory, status=Practice.Status.DRAFT)
    protocol.practices.add(practice, hidden_practice)
    protocol.supersedes = protocols["members"]
    protocol.save()
    revision = ProtocolFactory(
        territory=protocol.territory,
        slug="public-two",
        supersedes=protocol,
        status=Protocol.Status.WITHDRAWN,
    )
    ProtocolFactory(
        territory=protocol.territory,
        slug="draft-two",
        supersedes=protocol,
        status=Protocol.Status.IN_PREPARATION,
    )
    data = client.get(f"{API}public-one/").json()
    assert data["title_fr"] == protocol.title_fr
    assert data["title_en"] == protocol.title_en
    assert data["kind"] == "referral-pathway"
    assert data["status"] == "in-force"
    assert data["territory"]["slug"] == protocol.territory.slug
    assert data["signed_on"] == "2024-01-10"
    assert data["in_force_from"] == "2024-02-01"
    assert data["sectors_bound"] == [
        s.code for s in Sector.objects.filter(code__in=["child-welfare", "justice"])
    ]
    assert [s["role"] for s in data["signatories"]] == ["signatory", "signatory"]
    assert {"organisation", "organisation_name", "organisation_kind", "role"} == set(
        data["signatories"][0]
    )
    assert [s["position"] for s in data["steps"]] == [1, 2, 3]
    assert data["steps"][0]["what_en"] == "Step 1"
    assert data["steps"][0]["time_limit_fr"] == "sous 24 heures"
    assert data["steps"][0]["responsible_organisation"]
    assert data["practices"] == [practice.slug]
    # The protocol it revises is members-only: not named. Only the public revision is.
    assert data["supersedes"] is None
    assert data["superseded_by"] == [revision.slug]
    assert data["url"] == "http://testserver/fr/protocols/public-one/"
    text = json.dumps(data)
    for private in ("document", "created_by", "adopted_by", "visibility", staff.email):
        assert private not in text
    revised = client.get(f"{API}public-two/").json()
    assert revised["supersedes"] == "public-one"


def test_a_step_may_name_a_sector_instead_of_an_organisation(client, protocols):
    step = protocols["public"].steps.get(position=3)
    step.responsible_organisation = None
    step.responsible_sector = Sector.objects.get(code="police")
    step.save()
    data = client.get(f"{API}public-one/").json()
    assert data["steps"][2]["responsible_organisation"] is None
    assert data["steps"][2]["responsible_sector"] == "police"


FILTERS = [
    "",
    "?kind=information-sharing",
    "?kind=referral-pathway",
    "?status=withdrawn",
    "?status=in-preparation",
    "?sector=justice",
    "?sector=police",
    "?sector=justice&sector=police",
    "?sector=justice&sector=education",
    "?kind=no-such-kind",
    "?sector=no-such-sector",
    "?country=ZZ",
    "?review=due",
]


@pytest.mark.parametrize("query", FILTERS)
def test_filters_agree_between_the_page_the_api_and_the_csv(client, protocols, query):
    on_page = page_slugs(client, query)
    assert api_slugs(client, query) == on_page
    in_csv = {row[-1].rsplit("/", 2)[-2] for row in csv_rows(client, query)[1:]}
    assert in_csv == on_page


def test_the_territory_filter_agrees_too(client, protocols):
    withdrawn = protocols["withdrawn"].territory
    for query in (f"?territory={withdrawn.slug}", f"?country={withdrawn.country.code}"):
        assert page_slugs(client, query) == api_slugs(client, query) == {"withdrawn-one"}
        assert len(csv_rows(client, query)) == 2


def test_the_csv_has_translated_headers_and_neutralises_formulas(client, protocols):
    protocol = protocols["public"]
    protocol.title_en = '=HYPERLINK("http://evil")'
    protocol.title_fr = "+1+1"
    protocol.save()
    rows = csv_rows(client)
    assert rows[0][:4] == ["Title", "Summary", "Kind", "Status"]
    row = next(r for r in rows if r[-1].endswith("/public-one/"))
    assert row[0] == '\'=HYPERLINK("http://evil")'
    assert row[2] == "Referral pathway"
    assert row[-1] == f"{PORTAL}/en/protocols/public-one/"  # never the request's host
    french = client.get("/fr/protocols/export.csv")
    content = b"".join(french.streaming_content).decode("utf-8")
    header = next(csv.reader(io.StringIO(content[1:])))
    assert header[:3] == ["Titre", "Résumé", "Type"]
    assert "'+1+1" in content


def test_the_list_page_links_to_the_csv_with_its_filters(client, protocols):
    content = client.get("/en/protocols/?kind=referral-pathway").content.decode()
    assert 'href="/en/protocols/export.csv?kind=referral-pathway"' in content


def test_the_sitemap_lists_public_protocols_and_the_list_page_only(client, protocols):
    content = client.get("/sitemap.xml").content.decode()
    assert "/fr/protocols/</loc>" in content
    assert "/en/protocols/public-one/</loc>" in content
    assert "/fr/protocols/withdrawn-one/</loc>" in content
    assert "members-one" not in content
    assert "draft-one" not in content


def test_the_schema_lists_the_protocol_endpoints_and_their_filters(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    assert "/api/v1/protocols/{slug}/" in schema["paths"]
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/protocols/"]["get"]["parameters"]}
    assert set(ProtocolFilter.base_filters) <= set(parameters)
    for name in ProtocolFilter.base_filters:
        assert parameters[name]["description"]
    assert "in-preparation" not in parameters["status"]["schema"]["enum"]
    assert "ProtocolKindEnum" in schema["components"]["schemas"]


def add_protocols(territory, n):
    for _ in range(n):
        protocol = with_pathway(ProtocolFactory(territory=territory))
        protocol.practices.add(PracticeFactory(territory=territory))
        Signatory.objects.create(
            protocol=protocol,
            organisation=OrganisationFactory(territory=territory),
            role=Signatory.Role.ASSOCIATED,
        )
        ProtocolFactory(territory=territory, supersedes=protocol)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", [API, "/en/protocols/export.csv", "/sitemap.xml"])
def test_the_number_of_queries_does_not_grow_with_the_protocols(
    client, group, url, django_assert_max_num_queries
):
    add_protocols(group.territory, 2)
    small = count_queries(client, url)
    add_protocols(group.territory, 8)
    with django_assert_max_num_queries(small):
        count_queries(client, url)
