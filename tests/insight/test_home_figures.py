"""The home page's figures (practices, organisations, countries, sector pairs covered) and
its latest published practices, against the network whose answer is known by hand."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanzarote.views import portal_figures
from practices.models import Practice

from .html import parse
from .network import grow

pytestmark = pytest.mark.django_db

HOME = "/en/"


def figures(response) -> dict[str, str]:
    doc = parse(response.content)
    section = doc.find("section", aria_labelledby="figures-heading")
    assert section is not None
    result = {}
    for div in section.find("dl", cls="figure-list").children_of("div"):
        result[div.find("dt").text()] = div.find("dd").text()
    return result


def latest_titles(response) -> list[str]:
    doc = parse(response.content)
    section = doc.find("section", aria_labelledby="latest-heading")
    if section is None:
        return []
    return [card.find("h3").text() for card in section.find_all("li", cls="practice-card")]


def test_portal_figures_by_hand(network):
    assert portal_figures() == {
        "practices": 4,
        # Twelve organisations in Paris, Lyon, France and Belgium.
        "organisations": 12,
        "sectors": 7,
        # France and Belgium have organisations; Germany only an unpublished practice.
        "countries": 2,
        "groups": 2,
        # J+P, J+M, P+M, C+E, J+N; never a pair of an unpublished practice (… + private).
        "sector_pairs": 5,
        # Only the Brussels practice has a public institution and an NGO at work together.
        "public_civil": 1,
    }


def test_the_home_page_shows_the_figures(client, network):
    response = client.get(HOME)
    assert response.status_code == 200
    assert figures(response) == {
        "Published practices": "4",
        "Organisations": "12",
        "Sectors": "7",
        "Countries": "2",
        "Practices joining public institutions and civil society": "1",
        "Sector pairs working together": "5 / 21",
        "Working groups": "2",
    }


def test_the_french_home_page_shows_the_same_numbers(client, network):
    numbers = sorted(figures(client.get("/fr/")).values())
    assert numbers == sorted(["4", "12", "7", "2", "1", "5 / 21", "2"])


def test_the_home_page_shows_the_latest_published_practices(client, network):
    p = network.practices
    response = client.get(HOME)
    assert latest_titles(response) == [p["p4"].title_en, p["p3"].title_en, p["p2"].title_en]
    assert latest_titles(client.get("/fr/")) == [
        p["p4"].title_fr,
        p["p3"].title_fr,
        p["p2"].title_fr,
    ]


def test_the_home_page_never_shows_a_practice_that_is_not_published(client, network):
    for url in (HOME, "/fr/"):
        content = client.get(url).content.decode()
        for practice in network.hidden.values():
            assert practice.title_fr not in content
            assert practice.title_en not in content
            assert practice.slug not in content


def test_an_archived_practice_leaves_the_figures(client, network):
    network.practices["p1"].status = Practice.Status.ARCHIVED
    network.practices["p1"].save()
    response = client.get(HOME)
    assert figures(response)["Published practices"] == "3"
    # P1 alone joined medico-legal to justice and police.
    assert figures(response)["Sector pairs working together"] == "3 / 21"


def test_an_empty_portal(client, db):
    response = client.get(HOME)
    assert response.status_code == 200
    got = figures(response)
    assert got["Published practices"] == "0"
    assert got["Sector pairs working together"] == "0 / 21"
    assert latest_titles(response) == []


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_home_page_runs_a_constant_number_of_queries(client, db, django_assert_max_num_queries):
    grow(3)
    small = count_queries(client, HOME)
    grow(17)
    large = count_queries(client, HOME)
    assert large == small
    with django_assert_max_num_queries(small):
        response = client.get(HOME)
    assert len(latest_titles(response)) == 3
    assert figures(response)["Published practices"] == "20"
