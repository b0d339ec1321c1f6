"""The public organisation directory: filters, search, pagination, query count."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stakeholders.models import Organisation
from tests.factories import OrganisationFactory, TerritoryFactory, sector

pytestmark = pytest.mark.django_db

URL = "/fr/stakeholders/"
PAGE_SIZE = 24


def names(response):
    return sorted(o.name for o in response.context["object_list"])


@pytest.fixture
def directory(db):
    paris = TerritoryFactory(country="FR", name="Paris", slug="paris")
    lyon = TerritoryFactory(country="FR", name="Lyon", slug="lyon")
    brussels = TerritoryFactory(country="BE", name="Bruxelles", slug="bruxelles")
    return {
        "brigade": OrganisationFactory(
            name="Brigade de protection des mineurs",
            acronym="BPM",
            sector=sector("police"),
            kind=Organisation.Kind.PUBLIC,
            territory=paris,
        ),
        "enfance": OrganisationFactory(
            name="La Voix de l'Enfant",
            acronym="",
            sector=sector("ngo"),
            kind=Organisation.Kind.CIVIL_SOCIETY,
            territory=paris,
        ),
        "umj": OrganisationFactory(
            name="Unité médico-judiciaire",
            acronym="UMJ",
            sector=sector("medico-legal"),
            kind=Organisation.Kind.PUBLIC,
            territory=lyon,
        ),
        "child_focus": OrganisationFactory(
            name="Child Focus",
            acronym="CF",
            sector=sector("ngo"),
            kind=Organisation.Kind.CIVIL_SOCIETY,
            territory=brussels,
        ),
        "telecom": OrganisationFactory(
            name="Opérateur télécom",
            acronym="OPTEL",
            sector=sector("private"),
            kind=Organisation.Kind.PRIVATE,
            territory=brussels,
        ),
    }


ALL = [
    "Brigade de protection des mineurs",
    "Child Focus",
    "La Voix de l'Enfant",
    "Opérateur télécom",
    "Unité médico-judiciaire",
]


@pytest.mark.parametrize(
    ("lang", "sector_name"), [("fr", "Police et gendarmerie"), ("en", "Law enforcement")]
)
def test_directory_lists_every_organisation_in_both_languages(client, directory, lang, sector_name):
    response = client.get(f"/{lang}/stakeholders/")
    assert response.status_code == 200
    assert names(response) == ALL
    content = response.content.decode()
    assert f'lang="{lang}"' in content
    assert sector_name in content
    assert directory["brigade"].get_absolute_url() in content
    assert response.context["paginator"].count == 5


def test_directory_filters_by_sector_code(client, directory):
    response = client.get(URL, {"sector": "ngo"})
    assert response.status_code == 200
    assert names(response) == ["Child Focus", "La Voix de l'Enfant"]
    assert not response.context["filter"].errors


def test_directory_filters_by_several_sectors(client, directory):
    response = client.get(f"{URL}?sector=police&sector=ngo")
    assert names(response) == [
        "Brigade de protection des mineurs",
        "Child Focus",
        "La Voix de l'Enfant",
    ]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("public", ["Brigade de protection des mineurs", "Unité médico-judiciaire"]),
        ("civil-society", ["Child Focus", "La Voix de l'Enfant"]),
        ("private", ["Opérateur télécom"]),
    ],
)
def test_directory_filters_by_kind(client, directory, kind, expected):
    assert names(client.get(URL, {"kind": kind})) == expected


def test_directory_filters_by_country_iso_code(client, directory):
    assert names(client.get(URL, {"country": "BE"})) == ["Child Focus", "Opérateur télécom"]
    assert names(client.get(URL, {"country": "FR"})) == [
        "Brigade de protection des mineurs",
        "La Voix de l'Enfant",
        "Unité médico-judiciaire",
    ]


def test_directory_filters_by_territory_slug(client, directory):
    assert names(client.get(URL, {"territory": "lyon"})) == ["Unité médico-judiciaire"]
    assert names(client.get(URL, {"territory": "paris"})) == [
        "Brigade de protection des mineurs",
        "La Voix de l'Enfant",
    ]


@pytest.mark.parametrize("q", ["protection", "PROTECTION", "  Protection  ", "mineurs"])
def test_directory_search_matches_the_name_case_insensitively(client, directory, q):
    assert names(client.get(URL, {"q": q})) == ["Brigade de protection des mineurs"]


@pytest.mark.parametrize("q", ["umj", "UMJ", "Umj"])
def test_directory_search_matches_the_acronym_case_insensitively(client, directory, q):
    assert names(client.get(URL, {"q": q})) == ["Unité médico-judiciaire"]


def test_directory_search_with_no_match_says_so(client, directory):
    response = client.get("/en/stakeholders/", {"q": "nothing-like-this"})
    assert response.status_code == 200
    assert names(response) == []
    assert "No organisation matches these filters." in response.content.decode()


def test_directory_combines_filters(client, directory):
    response = client.get(f"{URL}?sector=ngo&sector=police&country=FR&kind=civil-society")
    assert names(response) == ["La Voix de l'Enfant"]
    response = client.get(URL, {"q": "child", "territory": "bruxelles"})
    assert names(response) == ["Child Focus"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("sector=nope", "sector"),
        ("sector=police&sector=nope", "sector"),
        ("country=ZZ", "country"),
        ("country=US", "country"),  # a real country, but not a Council of Europe member
        ("territory=unknown", "territory"),
        ("kind=x", "kind"),
        ("q=" + "x" * 101, "q"),
    ],
)
def test_unknown_filter_value_is_ignored_with_a_message(client, directory, query, field):
    for lang in ("fr", "en"):
        response = client.get(f"/{lang}/stakeholders/?{query}")
        assert response.status_code == 200
        assert field in response.context["filter"].errors
        assert names(response) == ALL  # the bad filter is ignored, not applied
        assert 'class="error-summary" role="alert"' in response.content.decode()
    assert "Some filters were not understood and have been ignored:" in (response.content.decode())


@pytest.mark.parametrize("field", ["q", "sector", "kind", "country", "territory", "page"])
def test_nul_character_in_a_filter_is_ignored_not_a_server_error(client, directory, field):
    # PostgreSQL refuses NUL in text: the value must be rejected before it reaches a query.
    response = client.get(f"{URL}?{field}=po%00lice")
    assert response.status_code == 200
    assert names(response) == ALL
    if field != "page":
        assert field in response.context["filter"].errors


def test_country_level_territory_is_not_a_territory_filter(client, directory):
    # Whole countries are chosen with the country filter; territory is for local areas.
    TerritoryFactory(country="FR", name="", slug="france")
    response = client.get(URL, {"territory": "france"})
    assert response.status_code == 200
    assert "territory" in response.context["filter"].errors
    assert names(response) == ALL


def test_unknown_filter_value_keeps_the_valid_filters(client, directory):
    response = client.get(f"{URL}?sector=police&country=ZZ&kind=x&q=brigade")
    assert response.status_code == 200
    assert set(response.context["filter"].errors) == {"country", "kind"}
    assert names(response) == ["Brigade de protection des mineurs"]


@pytest.fixture
def thirty(db):
    territory = TerritoryFactory(country="FR", name="Paris", slug="paris")
    for n in range(30):
        OrganisationFactory(
            name=f"Association {n:02d}",
            sector=sector("ngo" if n % 2 else "police"),
            kind=Organisation.Kind.CIVIL_SOCIETY,
            territory=territory,
        )


@pytest.mark.parametrize(
    ("page", "expected_number"),
    [("abc", 1), ("", 1), ("1.5", 1), ("0", 1), ("-1", 1), ("2", 2), ("99999", 2)],
)
def test_bad_page_number_shows_first_or_last_page(client, thirty, page, expected_number):
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    page_obj = response.context["page_obj"]
    assert page_obj.paginator.num_pages == 2
    assert page_obj.number == expected_number
    assert len(page_obj.object_list) == (PAGE_SIZE if expected_number == 1 else 6)


def test_page_past_the_end_of_a_filtered_list_shows_its_last_page(client, thirty):
    response = client.get(URL, {"sector": "ngo", "page": "7"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert len(response.context["object_list"]) == 15


def link_query(content, rel):
    match = re.search(rf'<a href="([^"]*)" rel="{rel}"', content)
    assert match, f"no {rel} link"
    return parse_qs(urlsplit(html.unescape(match.group(1))).query)


def test_next_page_link_keeps_the_filters(client, thirty):
    for n in range(30, 60):
        OrganisationFactory(name=f"Association {n:02d}", sector=sector("ngo"))
    response = client.get(f"{URL}?sector=police&sector=ngo&q=association&kind=civil-society")
    assert response.context["page_obj"].has_next()
    query = link_query(response.content.decode(), "next")
    assert query == {
        "sector": ["police", "ngo"],
        "q": ["association"],
        "kind": ["civil-society"],
        "page": ["2"],
    }

    response = client.get(URL, query)
    assert response.context["page_obj"].number == 2
    previous = link_query(response.content.decode(), "prev")
    assert previous["sector"] == ["police", "ngo"]
    assert previous["page"] == ["1"]


def test_directory_has_no_pagination_when_everything_fits(client, directory):
    response = client.get(URL)
    assert 'rel="next"' not in response.content.decode()


def test_coordinator_sees_the_add_button_and_the_public_does_not(client, directory, coordinator):
    assert "/fr/stakeholders/new/" not in client.get(URL).content.decode()
    client.force_login(coordinator)
    assert 'href="/fr/stakeholders/new/"' in client.get(URL).content.decode()


def test_member_does_not_see_the_add_button(client, directory, member):
    client.force_login(member)
    assert 'href="/fr/stakeholders/new/"' not in client.get(URL).content.decode()


# Query count: constant whatever the number of organisations ("prevents N+1")


def make_organisations(count):
    # Each in its own territory, so that a missing select_related would show.
    sectors = ["justice", "police", "medico-legal", "child-welfare", "education", "ngo"]
    for n in range(count):
        OrganisationFactory(sector=sector(sectors[n % len(sectors)]), acronym=f"A{n}")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_directory_query_count_does_not_grow_with_organisations(client, request, who):
    if who == "member":
        client.force_login(request.getfixturevalue("member"))
    make_organisations(3)
    few, response = count_queries(client, URL)
    assert len(response.context["object_list"]) >= 3
    make_organisations(27)
    many, response = count_queries(client, URL)
    assert len(response.context["object_list"]) == PAGE_SIZE
    assert many == few
    filtered, _ = count_queries(client, f"{URL}?sector=police&sector=ngo&country=FR&q=org")
    assert filtered <= few + 1


def test_directory_query_count_is_bounded(client, django_assert_max_num_queries):
    make_organisations(30)
    # count, page, and one count per facet (sector, kind, country, territory)
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200


def test_directory_query_count_is_bounded_for_a_member(
    client, member, django_assert_max_num_queries
):
    make_organisations(30)
    client.force_login(member)
    # session, user, the member's roles (person, memberships) and the page's four queries;
    # a little headroom for the layout, none for a query per organisation (24 on the page)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200


# ---------------------------------------------------------------- facet links with counts


def facet(response, name):
    return {item["value"]: item for item in dict_of(response)[name]["items"]}


def dict_of(response):
    return {f["name"]: f for f in response.context["facets"]}


def test_directory_filters_are_facet_links_with_counts_like_the_catalogue(client, directory):
    response = client.get(URL)
    page = response.content.decode()
    assert "<select" not in page.split('class="filters"')[1].split("</details>")[0]
    sectors = facet(response, "sector")
    assert sectors["police"]["count"] == 1
    assert sectors["ngo"]["count"] == 2
    assert sectors["police"]["url"] == "?sector=police"
    assert 'href="?sector=police"' in page
    assert "1 organisation</span>" in page or "1 organisation" in page


def test_facet_counts_follow_the_other_filters_and_keep_the_chosen_ones(client, directory):
    response = client.get(f"{URL}?sector=ngo&country=FR")
    sectors = facet(response, "sector")
    assert sectors["ngo"]["chosen"]
    assert sectors["ngo"]["url"] == "?country=FR"  # choosing it again drops it
    assert sectors["police"]["url"] == "?sector=ngo&sector=police&country=FR"
    countries = facet(response, "country")
    assert countries["FR"]["chosen"]
    # The country facet counts the chosen sectors' organisations in every country.
    assert sum(item["count"] for item in countries.values()) == 2
    chips = response.context["active_filters"]
    assert {chip["drop_url"] for chip in chips} == {"?country=FR", "?sector=ngo"}


def test_facet_links_keep_the_search_and_drop_the_page(client, directory):
    response = client.get(f"{URL}?q=brigade&page=3")
    assert facet(response, "sector")["police"]["url"] == "?q=brigade&sector=police"
    chips = response.context["active_filters"]
    assert [chip["drop_url"] for chip in chips] == ["?"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_facet_labels_are_in_the_page_language(client, directory, lang):
    response = client.get(f"/{lang}/stakeholders/")
    label = facet(response, "sector")["police"]["label"]
    assert label == ("Police et gendarmerie" if lang == "fr" else "Law enforcement")


def test_an_unknown_filter_value_has_no_chip_and_no_chosen_facet(client, directory):
    response = client.get(f"{URL}?sector=nope&kind=x")
    assert response.context["active_filters"] == []
    assert not any(item["chosen"] for f in response.context["facets"] for item in f["items"])


def test_facet_queries_stay_constant_when_filtered(client, django_assert_max_num_queries):
    make_organisations(30)
    # + the sectors chosen, checked by the filter form
    with django_assert_max_num_queries(7):
        response = client.get(f"{URL}?sector=police&sector=ngo&kind=public&q=a")
    assert response.status_code == 200


# ---------------------------------------------------------------- counts kept per version


def count_sql(client, url):
    """The COUNT and GROUP BY queries of one visit, and the response."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    counting = [q["sql"] for q in context.captured_queries if "COUNT(" in q["sql"].upper()]
    return counting, response


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_counts_are_kept_until_an_organisation_changes(client):
    """Outside a transaction (as in production) the directory counts each filter
    combination once per catalogue version; any change of an organisation, even by
    ``update()``, is counted at the next visit."""
    make_organisations(30)
    paris = TerritoryFactory(name="Paris", country="FR")
    OrganisationFactory(sector=sector("police"), territory=paris, name="Brigade des mineurs")
    counting, first = count_sql(client, f"{URL}?sector=police")
    assert counting  # the first visit counts
    counting, again = count_sql(client, f"{URL}?sector=police&page=2&utm=x")
    assert counting == []
    assert again.context["paginator"].count == first.context["paginator"].count == 6
    counts = {
        name: {k: v["count"] for k, v in facet(first, name).items()}
        for name in ["sector", "kind", "country", "territory"]
    }
    assert counts == {
        name: {k: v["count"] for k, v in facet(again, name).items()} for name in counts
    }
    # The links are the visit's own (with its other parameters), not the kept ones.
    assert facet(again, "kind")["civil-society"]["url"].endswith("&utm=x&kind=civil-society")

    Organisation.objects.filter(name="Brigade des mineurs").update(sector=sector("ngo"))

    counting, after = count_sql(client, f"{URL}?sector=police")
    assert counting
    assert after.context["paginator"].count == 5
    assert "Brigade des mineurs" not in after.content.decode()
    assert facet(after, "sector")["ngo"]["count"] == facet(first, "sector")["ngo"]["count"] + 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_renamed_organisation_shows_its_new_name_on_its_kept_card(client):
    organisation = OrganisationFactory(sector=sector("police"), name="Ancien nom", acronym="AN")
    assert "Ancien nom" in client.get(URL).content.decode()
    Organisation.objects.filter(pk=organisation.pk).update(name="Nouveau <nom>")
    page = client.get(URL).content.decode()
    assert "Ancien nom" not in page
    assert "Nouveau &lt;nom&gt;" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_whole_page_is_kept_for_anonymous_visitors_only(client, settings, coordinator):
    from django.core.cache import cache as django_cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    django_cache.clear()
    OrganisationFactory(sector=sector("police"), name="Brigade des mineurs")
    first = client.get(URL)
    assert first.context is not None  # rendered by the view
    kept = client.get(URL)
    assert kept.context is None and kept.content == first.content  # from the cache
    client.force_login(coordinator)
    page = client.get(URL)
    assert page.context is not None
    assert page.context["can_add"]
    django_cache.clear()


def test_the_kept_counts_drop_the_least_recently_used_first(monkeypatch):
    from collections import OrderedDict

    from stakeholders import facets

    monkeypatch.setattr(facets, "KEPT", 2)
    memo, built = OrderedDict(), []

    def value(key):
        return facets.kept(memo, key, lambda: built.append(key) or key)

    value("a"), value("b"), value("a"), value("c")  # "b" is the least recently used
    assert list(memo) == ["a", "c"]
    value("a")
    assert built == ["a", "b", "c"]


def test_sectors_chosen_list_each_organisation_once_read_in_the_name_order(client, directory):
    """An organisation has one sector: choosing sectors needs no DISTINCT, which would sort
    every matching row instead of reading the name index a page at a time."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"{URL}?sector=ngo&sector=police")

    listed = [o.name for o in response.context["object_list"]]
    assert listed == ["Brigade de protection des mineurs", "Child Focus", "La Voix de l'Enfant"]
    order = 'ORDER BY "stakeholders_organisation"."name"'
    [page_query] = [q["sql"] for q in ctx.captured_queries if order in q["sql"]]
    assert "DISTINCT" not in page_query.upper()
