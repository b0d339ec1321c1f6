"""The read-only open data API under /api/v1/: pagination, published practices only, the
catalogue's filters, public fields only, writing refused, bad input, throttling, queries."""

import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.views import APIView

from api.throttling import AnonRateThrottle, UserRateThrottle
from practices.models import ConventionArticle, Link, Partner, Practice, Reference
from stakeholders.models import Organisation, Sector, Territory
from tests.insight.html import catalogue_slugs
from tests.insight.network import ARTICLES, SECTORS, grow

pytestmark = pytest.mark.django_db

API = "/api/v1/"

PRACTICE_FIELDS = {
    "slug", "title_fr", "title_en", "summary_fr", "summary_en", "description_fr",
    "description_en", "child_participation_fr", "child_participation_en", "territory",
    "sectors", "themes", "target_groups", "articles", "evidence", "year_started",
    "year_ended", "languages", "partners", "links", "references", "implementation",
    "transferability_fr", "transferability_en", "evidence_assessment", "published_at",
    "updated_at", "url",
}  # fmt: skip
ORGANISATION_FIELDS = {
    "slug", "name", "acronym", "sector", "kind", "territory", "website", "public_contact",
    "description_fr", "description_en", "url",
}  # fmt: skip
TERRITORY_FIELDS = {"slug", "country", "country_name", "name"}


def get_json(client, url, status=200, **extra):
    response = client.get(url, **extra)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


def every_item(client, url):
    """Every item of a list endpoint, following ``next`` to the last page."""
    items, pages = [], 0
    while url:
        page = get_json(client, url)
        # A search of practices also says what it searched (the glossary's equivalents,
        # other words).
        q = parse_qs(urlsplit(url).query).get("q", [""])[0].strip()
        search = {"also_searched", "did_you_mean"} if q and "/practices/" in url else set()
        assert set(page) == {"count", "next", "previous", "results"} | search
        items += page["results"]
        url = page["next"]
        pages += 1
        assert pages < 50
    assert len(items) == page["count"]
    return items


def api_slugs(client, query=""):
    return [p["slug"] for p in every_item(client, f"{API}practices/?{query}")]


# ---------------------------------------------------------------- shape and pagination


def test_the_root_lists_the_endpoints(client, db):
    root = get_json(client, API)
    assert set(root) == {
        "practices", "organisations", "sectors", "territories", "articles", "glossary",
        "protocols",
    }  # fmt: skip
    for url in root.values():
        assert url.startswith("http://testserver/api/v1/")
        get_json(client, url)


def test_lists_are_paginated(client, network):
    grow(22)  # 4 + 22 = 26 published practices
    first = get_json(client, f"{API}practices/")
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 26
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/practices/?")
    assert "page=2" in first["next"]
    second = get_json(client, first["next"])
    assert second["count"] == 26
    assert len(second["results"]) == 6
    assert second["next"] is None
    assert second["previous"] is not None
    slugs = [p["slug"] for p in first["results"] + second["results"]]
    assert len(set(slugs)) == 26


def test_pagination_keeps_the_filters(client, network):
    grow(22)
    first = get_json(client, f"{API}practices/?theme=prevention")
    # 22 grown practices and P3 are about prevention.
    assert first["count"] == 23
    assert "theme=prevention" in first["next"]
    assert len(every_item(client, f"{API}practices/?theme=prevention")) == 23


@pytest.mark.parametrize(
    "endpoint, count", [("sectors", 7), ("articles", 12), ("territories", 5), ("organisations", 12)]
)
def test_every_list_is_paginated(client, network, endpoint, count):
    page = get_json(client, f"{API}{endpoint}/")
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == count
    assert page["next"] is None
    assert page["previous"] is None


# ---------------------------------------------------------------- published practices only


def test_only_published_practices_are_listed(client, network):
    assert sorted(api_slugs(client)) == sorted(p.slug for p in network.published)


def test_the_newest_come_first(client, network):
    p = network.practices
    assert api_slugs(client) == [p["p4"].slug, p["p3"].slug, p["p2"].slug, p["p1"].slug]


@pytest.mark.parametrize("key", ["draft", "submitted", "changes", "archived"])
def test_a_practice_that_is_not_published_cannot_be_retrieved(client, network, key):
    practice = network.hidden[key]
    response = client.get(f"{API}practices/{practice.slug}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert practice.title_fr not in response.content.decode()


def test_a_published_practice_can_be_retrieved(client, network):
    p1 = network.practices["p1"]
    data = get_json(client, f"{API}practices/{p1.slug}/")
    assert set(data) == PRACTICE_FIELDS
    assert data["slug"] == p1.slug
    assert data["title_fr"] == p1.title_fr
    assert data["title_en"] == p1.title_en
    assert sorted(data["sectors"]) == ["justice", "medico-legal", "police"]
    assert sorted(data["articles"]) == [5, 12]
    assert data["themes"] == ["child-friendly-justice"]
    assert data["target_groups"] == ["child-victims"]
    assert data["evidence"] == "evaluated"
    assert set(data["territory"]) == TERRITORY_FIELDS
    assert data["territory"]["slug"] == "paris"
    assert data["territory"]["country"] == "FR"
    assert data["partners"] == [
        {
            "organisation": p1.organisation.slug,
            "organisation_name": p1.organisation.name,
            "organisation_kind": p1.organisation.kind,
            "role": "lead",
        }
    ]
    assert data["url"] == f"http://testserver{p1.get_absolute_url()}"


def test_the_list_gives_each_practice_exactly_as_retrieving_it_does(client, network):
    """The list writes its page by hand (api.serializers.PracticeListSerializer): every
    practice, with partners, links, references, languages, an end year and an empty English
    text, reads the same there as on its own endpoint."""
    p1, p2 = network.practices["p1"], network.practices["p2"]
    partner = network.organisations["sos"]
    Partner.objects.create(practice=p1, organisation=partner, role=Partner.Role.PARTNER)
    Link.objects.create(practice=p1, url="https://example.org/a", title="Rapport 2024")
    Link.objects.create(practice=p1, url="https://example.org/b", title="Évaluation")
    Reference.objects.create(
        practice=p1, title="Évaluation nationale", authors="A. Auteur", year=2021,
        doi="10.5555/lanzarote.1", kind=Reference.Kind.choices[0][0],
    )  # fmt: skip
    Reference.objects.create(
        practice=p1, title="Guide", publisher="Ministère", url="https://example.org/g"
    )
    Practice.objects.filter(pk=p2.pk).update(
        languages=["fr", "nl"], year_started=2019, year_ended=2023, summary_en=""
    )
    listed = every_item(client, f"{API}practices/")
    assert {p1.slug, p2.slug} <= {item["slug"] for item in listed}
    for item in listed:
        alone = get_json(client, f"{API}practices/{item['slug']}/")
        assert json.dumps(item) == json.dumps(alone), item["slug"]
    first = next(item for item in listed if item["slug"] == p1.slug)
    assert [link["title"] for link in first["links"]] == ["Rapport 2024", "Évaluation"]
    assert {"organisation": partner.slug, "organisation_name": partner.name,
            "organisation_kind": partner.kind, "role": "partner"} in first["partners"]  # fmt: skip
    assert [(r["title"], r["doi_url"], r["year"]) for r in first["references"]] == [
        ("Évaluation nationale", "https://doi.org/10.5555/lanzarote.1", 2021),
        ("Guide", "", None),
    ]
    second = next(item for item in listed if item["slug"] == p2.slug)
    assert (second["languages"], second["year_ended"]) == (["fr", "nl"], 2023)


def test_a_practice_disappears_from_the_api_once_archived(client, network):
    p2 = network.practices["p2"]
    p2.status = Practice.Status.ARCHIVED
    p2.save()
    assert p2.slug not in api_slugs(client)
    assert client.get(f"{API}practices/{p2.slug}/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "sector=private",
        "sector=justice&sector=private",
        "article=36",
        "country=DE",
        "territory=berlin",
        "q=Xylophage",
        "q=Zinnia",
        "q=Wombat",
        "q=Yuzu",
    ],
)
def test_filters_never_reveal_a_practice_that_is_not_published(client, network, query):
    data = get_json(client, f"{API}practices/?{query}")
    assert data["count"] == 0
    assert data["results"] == []


# ---------------------------------------------------------------- the catalogue's filters

AGREEMENT_QUERIES = [
    "",
    "sector=justice",
    "sector=justice&sector=police",
    "sector=justice&sector=police&sector=medico-legal",
    "sector=ngo&sector=education",
    "sector=private",
    "sector=justice&sector=zzz",
    "country=FR",
    "country=BE",
    "country=DE",
    "country=IT",
    "country=fr",
    "country=XX",
    "country=FR&country=BE",
    "territory=paris",
    "territory=lyon",
    "territory=berlin",
    "territory=belgique",
    "territory=nowhere",
    "territory=zone-agreement-0",
    "theme=training",
    "theme=prevention",
    "theme=nope",
    "target=child-victims",
    "target=children",
    "evidence=evaluated",
    "evidence=emerging",
    "evidence=bogus",
    "article=12",
    "article=5",
    "article=36",
    "article=abc",
    "q=training",
    "q=zone",
    "q=Xylophage",
    "q=%00",
    "sector=justice&country=FR&evidence=evaluated",
    "theme=training&target=professionals&article=12",
    "sector=police&sort=title",
    "q=zone&sort=%00",
    "sector=education&page=2",
]


def test_the_api_filters_agree_with_the_catalogue(client, network):
    first = grow(22)[0].territory
    first.slug = "zone-agreement-0"
    first.save()
    disagreements = {}
    for query in AGREEMENT_QUERIES:
        params = "&".join(p for p in query.split("&") if not p.startswith("page="))
        from_api = api_slugs(client, params)
        from_catalogue = catalogue_slugs(client, f"/en/practices/?{params}")
        assert len(from_api) == len(set(from_api)), query
        if set(from_api) != set(from_catalogue) or len(from_catalogue) != len(from_api):
            disagreements[query] = (sorted(from_api), sorted(from_catalogue))
    assert disagreements == {}


def test_the_filters_give_the_practices_worked_out_by_hand(client, network):
    p = {key: practice.slug for key, practice in network.practices.items()}
    expected = {
        "sector=justice": {p["p1"], p["p2"], p["p4"]},
        "sector=justice&sector=police": {p["p1"], p["p2"]},
        "sector=justice&sector=police&sector=medico-legal": {p["p1"]},
        "country=FR": {p["p1"], p["p2"], p["p3"]},
        "country=BE": {p["p4"]},
        "territory=paris": {p["p1"], p["p2"]},
        "theme=child-friendly-justice": {p["p1"], p["p4"]},
        "target=children": {p["p3"]},
        "evidence=evaluated": {p["p1"], p["p4"]},
        "article=12": set(p.values()),
        "article=5": {p["p1"], p["p4"]},
        "article=35": {p["p3"]},
        "q=Brussels": {p["p4"]},
        "sector=justice&country=FR&evidence=evaluated": {p["p1"]},
    }
    for query, slugs in expected.items():
        assert set(api_slugs(client, query)) == slugs, query


def test_sort_by_title(client, network):
    p = network.practices
    data = get_json(client, f"{API}practices/?sort=title", HTTP_ACCEPT_LANGUAGE="fr")
    titles = [item["title_fr"] for item in data["results"]]
    assert len(titles) == 4
    assert set(titles) == {p[k].title_fr for k in p}


# ---------------------------------------------------------------- the other endpoints


def test_organisations_expose_public_fields_only(client, network):
    items = every_item(client, f"{API}organisations/")
    assert len(items) == 12
    for item in items:
        assert set(item) == ORGANISATION_FIELDS
        assert set(item["territory"]) == TERRITORY_FIELDS
    names = [item["name"] for item in items]
    assert names == sorted(names)
    tribunal = get_json(client, f"{API}organisations/tribunal/")
    assert tribunal["name"] == "Tribunal judiciaire de Paris"
    assert tribunal["sector"] == "justice"
    assert tribunal["territory"]["slug"] == "paris"
    assert tribunal["url"].endswith(network.organisations["tribunal"].get_absolute_url())


def test_organisation_filters(client, network):
    def names(query):
        return sorted(o["name"] for o in every_item(client, f"{API}organisations/?{query}"))

    assert names("sector=ngo") == [
        "Association Enfance Paris",
        "Association Lyon Enfance",
        "SOS Enfants Bruxelles",
    ]
    assert names("country=BE") == ["Parquet de Bruxelles", "SOS Enfants Bruxelles"]
    assert names("territory=lyon") == [
        "Association Lyon Enfance",
        "Plateforme numérique lyonnaise",
        "Service social de Lyon",
    ]
    assert names("q=brigade") == ["Brigade de protection des mineurs"]
    assert len(names("kind=nope")) == 12  # unknown values are ignored


def test_sectors(client, db):
    items = every_item(client, f"{API}sectors/")
    assert [s["code"] for s in items] == SECTORS
    assert set(items[0]) == {"code", "name_fr", "name_en", "description_fr", "description_en"}
    justice = get_json(client, f"{API}sectors/justice/")
    assert justice["name_en"] == Sector.objects.get(code="justice").name_en
    get_json(client, f"{API}sectors/nope/", status=404)


def test_territories(client, network):
    items = every_item(client, f"{API}territories/")
    assert {t["slug"] for t in items} == {"paris", "lyon", "france", "belgique", "berlin"}
    for item in items:
        assert set(item) == TERRITORY_FIELDS
    paris = get_json(client, f"{API}territories/paris/")
    assert paris == {"slug": "paris", "country": "FR", "country_name": "France", "name": "Paris"}


def test_articles(client, db):
    items = every_item(client, f"{API}articles/")
    assert [a["number"] for a in items] == ARTICLES
    assert set(items[0]) == {"number", "title_fr", "title_en"}
    article = get_json(client, f"{API}articles/35/")
    assert article["title_en"] == ConventionArticle.objects.get(number=35).title_en
    get_json(client, f"{API}articles/11/", status=404)


def test_the_documentation_is_served_locally(client, db):
    response = client.get(f"{API}docs/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "swagger" in content.lower()
    assert "cdn" not in content.lower()
    assert "https://" not in content.split("<body", 1)[0]


# ---------------------------------------------------------------- writing is refused


def snapshot():
    return {
        "practices": sorted(Practice.objects.values_list("slug", "title_fr", "status")),
        "organisations": sorted(Organisation.objects.values_list("slug", "name")),
        "sectors": sorted(Sector.objects.values_list("code", "name")),
        "territories": sorted(Territory.objects.values_list("slug", "name")),
        "articles": sorted(ConventionArticle.objects.values_list("number", "title")),
    }


WRITE_URLS = [
    "practices/",
    "practices/uaped-paris/",
    "practices/brouillon-xylophage/",
    "organisations/",
    "organisations/tribunal/",
    "sectors/",
    "sectors/justice/",
    "territories/",
    "territories/paris/",
    "articles/",
    "articles/12/",
]


@pytest.mark.parametrize("who", ["anonymous", "staff"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_are_refused(client, network, staff, who, method):
    if who == "staff":
        client.force_login(staff)
    before = snapshot()
    body = json.dumps(
        {"slug": "pirate", "title_fr": "Piraté", "name": "Piraté", "code": "pirate", "number": 99}
    )
    for url in WRITE_URLS:
        response = getattr(client, method)(f"{API}{url}", body, content_type="application/json")
        assert response.status_code in (403, 405), (method, url, response.status_code)
        assert response["Content-Type"].startswith("application/json")
    assert snapshot() == before


def test_writing_is_refused_even_with_a_csrf_token(network, staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    before = snapshot()
    response = client.post(f"{API}practices/", {"slug": "pirate"}, content_type="application/json")
    assert response.status_code in (403, 405)
    assert snapshot() == before


def test_reading_methods_are_allowed(client, network):
    response = client.options(f"{API}practices/")
    assert response.status_code == 200
    allowed = {m.strip() for m in response["Allow"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    assert client.head(f"{API}practices/").status_code == 200


# ---------------------------------------------------------------- bad input

IGNORED = [
    "practices/?sector=zzz",
    "practices/?sector=%00",
    "practices/?sector=" + "s" * 10_240,
    "practices/?country=%00",
    "practices/?country=" + "C" * 10_240,
    "practices/?territory=%00",
    "practices/?territory=" + "t" * 10_240,
    "practices/?theme=%00",
    "practices/?target=" + "x" * 10_240,
    "practices/?evidence=%00",
    "practices/?article=-1",
    "practices/?article=99999999999999999999",
    "practices/?article=1.5",
    "practices/?article=%00",
    "practices/?q=%00",
    "practices/?q=" + "q" * 10_240,
    "practices/?q=%20%20",
    "practices/?sort=%00",
    "practices/?sort=" + "z" * 10_240,
    "practices/?%00=%00",
    "practices/?page_size=100000",
    "practices/?limit=1&offset=-5",
    "practices/?unknown=1",
    "organisations/?q=%00",
    "organisations/?q=" + "o" * 10_240,
    "organisations/?kind=zzz",
    "organisations/?sector=%00",
    "organisations/?territory=%00",
    "organisations/?territory=" + "t" * 10_240,
    "organisations/?country=zz",
]


@pytest.mark.parametrize("url", IGNORED, ids=lambda u: u[:60])
def test_unknown_or_junk_values_are_ignored(client, network, url):
    endpoint = url.split("?")[0]
    everything = get_json(client, f"{API}{endpoint}")["count"]
    data = get_json(client, f"{API}{url}")
    assert data["count"] == everything


@pytest.mark.parametrize("junk", ["zzz", "%00", "s" * 10_240])
def test_an_unknown_sector_beside_a_known_one_leaves_the_known_one_filtering(client, network, junk):
    justice = get_json(client, f"{API}practices/?sector=justice")["count"]
    everything = get_json(client, f"{API}practices/")["count"]
    assert justice < everything
    data = get_json(client, f"{API}practices/?sector=justice&sector={junk}")
    assert data["count"] == justice


NEVER_500 = [
    "practices/?page=999999",
    "practices/?page=0",
    "practices/?page=-1",
    "practices/?page=abc",
    "practices/?page=%00",
    "practices/?page=1e3",
    "practices/?page=99999999999999999999999999",
    "practices/?page=1&page=2",
    "practices/?page=" + "9" * 10_240,
    "practices/?q=%FF%FE",
    "practices/?q=%27%20OR%201%3D1%20--",
    "practices/?q=%5C",
    "practices/?q=%25%5F",
    "practices/?q=%22unterminated",
    "practices/?q=-",
    "practices/?q=%21%21%26%7C",
    "practices/?q=%E2%80%AE%F0%9F%92%A5",
    "practices/?country=FR&country=BE",
    "practices/?sector=justice&sector=justice",
    "practices/?format=xml",
    "practices/?format=%00",
    "practices/?format=api",
    "organisations/?page=999999",
    "organisations/?page=%00",
    "sectors/?page=999999",
    "territories/?page=abc",
    "articles/?page=-3",
    "practices/nope/",
    "practices/%00/",
    "practices/" + "x" * 10_240 + "/",
    "practices/uaped-paris/?format=%00",
    "organisations/nope/",
    "sectors/NOPE/",
    "sectors/%00/",
    "territories/nope/",
    "articles/0/",
    "articles/9999/",
    "articles/99999999/",
    "articles/-1/",
    "articles/abc/",
]


@pytest.mark.parametrize("url", NEVER_500, ids=lambda u: u[:60])
def test_junk_never_makes_a_server_error(client, network, url):
    response = client.get(f"{API}{url}")
    assert 200 <= response.status_code < 500, response.status_code
    # Errors too are JSON, as the schema documents (never the site's HTML pages).
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 404:
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    "path",
    ["nope/", "practices/%C2%84/", "practices/caf%C3%A9/", "practices/a%0Ab/", "a/b/c/d/"],
)
def test_an_unknown_api_path_is_a_json_404(client, db, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}
    response = client.post(f"{API}{path}", {}, content_type="application/json")
    assert response.status_code in (403, 404, 405)


def test_a_missing_trailing_slash_is_still_redirected(client, db):
    response = client.get(f"{API}practices")
    assert response.status_code == 301
    assert response["Location"] == f"{API}practices/"


@pytest.mark.parametrize(
    "endpoint", ["practices", "organisations", "sectors", "territories", "articles"]
)
def test_a_page_past_the_end_is_a_json_404(client, network, endpoint):
    data = get_json(client, f"{API}{endpoint}/?page=999999", status=404)
    assert set(data) == {"detail"}


def test_repeated_parameters(client, network):
    # The last value of a single-valued filter counts, as on the catalogue page.
    assert set(api_slugs(client, "country=FR&country=BE")) == {network.practices["p4"].slug}
    assert set(api_slugs(client, "sector=justice&sector=justice")) == set(
        api_slugs(client, "sector=justice")
    )


# ---------------------------------------------------------------- throttling


def test_throttling_is_configured_for_every_view(db, throttled):
    assert AnonRateThrottle in APIView.throttle_classes
    assert UserRateThrottle in APIView.throttle_classes


def test_anonymous_use_is_throttled(client, network, throttled):
    for _ in range(3):
        assert client.get(f"{API}practices/").status_code == 200
    response = client.get(f"{API}practices/")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= 60
    # Every endpoint shares the same allowance.
    response = client.get(f"{API}sectors/")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_throttling_counts_each_visitor_apart(client, network, throttled):
    for _ in range(4):
        client.get(f"{API}sectors/", REMOTE_ADDR="192.0.2.1")
    assert client.get(f"{API}sectors/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(f"{API}sectors/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_logged_in_user_has_a_larger_allowance(client, network, throttled, member):
    client.force_login(member)
    for _ in range(5):
        assert client.get(f"{API}sectors/").status_code == 200


# ---------------------------------------------------------------- query counts


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


LIST_URLS = [
    f"{API}practices/",
    f"{API}practices/?" + urlencode([("sector", "justice"), ("sector", "police")]),
    f"{API}practices/?theme=prevention&target=children&evidence=emerging&q=zone",
    f"{API}practices/?page=2",
    f"{API}organisations/",
    f"{API}organisations/?sector=ngo&q=zone",
    f"{API}territories/",
]


def test_the_number_of_queries_does_not_grow_with_the_rows(
    client, db, django_assert_max_num_queries
):
    def add_rows(n):
        for practice in grow(n):
            practice.sectors.add(*Sector.objects.filter(code__in=["justice", "police"]))

    add_rows(3)
    small_urls = [u for u in LIST_URLS if "page=2" not in u]
    # Every list has rows to show (an empty page would skip the prefetches).
    for url in small_urls:
        assert client.get(url).json()["count"] >= 1, url
    small = {url: count_queries(client, url) for url in small_urls}
    add_rows(22)
    assert Practice.objects.published().count() == 25
    # As for the small counts, after a first visit: the catalogue index is brought up to
    # date once per change (its own query counts: tests/practices/
    # test_cache_invalidation.py) and a search is matched once per change, not per request.
    for url in small_urls:
        client.get(url)
    large = {url: count_queries(client, url) for url in small_urls}
    assert large == small
    for url in small_urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)
    # The second page of 25 practices costs what the first does.
    assert count_queries(client, f"{API}practices/?page=2") == small[f"{API}practices/"]
    assert max(small.values()) <= 15


def test_the_schema_documents_every_filter_of_the_catalogue(client):
    from practices.filters import PracticeFilter

    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]}
    assert set(PracticeFilter.base_filters) | {"exact", "page"} <= set(parameters)
    assert parameters["sector"]["schema"]["type"] == "array"
    assert parameters["collaboration"]["schema"]["enum"] == ["public-civil-society"]
    assert parameters["article"]["schema"]["type"] == "integer"


def test_reading_the_schema_leaves_the_organisations_country_filter_working(client, network):
    """drf-spectacular reads the directory's filters to describe them; the country filter's
    choices must survive it (they were frozen empty, and ?country= was then ignored)."""
    assert client.get(f"{API}schema/").status_code == 200
    names = sorted(o["name"] for o in every_item(client, f"{API}organisations/?country=BE"))
    assert names == ["Parquet de Bruxelles", "SOS Enfants Bruxelles"]
