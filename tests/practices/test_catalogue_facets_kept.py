"""The catalogue's facets (their counts, links and HTML) are drawn once per state of the
catalogue, language and query, the same on each page of the query; their links carry the
catalogue's own parameters and no other. A change of the catalogue draws them again."""

import re

import pytest

from practices.filters import Catalogue
from practices.models import Practice
from stakeholders.models import Sector

from .helpers import published_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawings(monkeypatch):
    """How many times the facets' counts were computed."""
    calls = []
    original = Catalogue.facet_counts

    def counted(self):
        calls.append(self.q)
        return original(self)

    monkeypatch.setattr(Catalogue, "facet_counts", counted)
    return calls


@pytest.fixture
def catalogue(db):
    for _ in range(25):
        published_practice()


def facet_links(response):
    html = response.content.decode()
    start = html.index('<details class="filters')
    section = html[start : html.index("</details>", start)]
    links = re.findall(r'<a href="(\?[^"]*)"', section)
    assert links, "no facet link"
    return links


def test_each_page_of_a_query_shows_the_facets_drawn_once(client, catalogue, drawings):
    first = client.get("/fr/practices/", {"sector": "justice", "page": 1})
    second = client.get("/fr/practices/", {"sector": "justice", "page": 2, "utm_source": "x"})
    assert first.status_code == second.status_code == 200
    assert len(drawings) == 1
    assert facet_links(first) == facet_links(second)

    client.get("/en/practices/", {"sector": "justice"})
    client.get("/fr/practices/", {"sector": "police"})
    assert len(drawings) == 3


def test_facet_links_keep_the_catalogues_parameters_and_drop_the_others(client, catalogue):
    response = client.get(
        "/fr/practices/",
        {"q": "résumé", "sort": "title", "exact": "1", "page": 2, "fbclid": "abc", "_b": "1"},
    )
    links = facet_links(response)
    assert links
    for link in links:
        assert "q=r%C3%A9sum%C3%A9" in link and "sort=title" in link and "exact=1" in link
        assert "fbclid" not in link and "_b=" not in link and "page=" not in link


def test_a_change_of_the_catalogue_draws_the_facets_again(client, catalogue, drawings):
    justice = Sector.objects.get(code="justice")

    def justice_count():
        response = client.get("/fr/practices/")
        sectors = next(f for f in response.context["facets"] if f["name"] == "sector")
        return next(i["count"] for i in sectors["items"] if i["value"] == justice.code)

    before = justice_count()
    assert justice_count() == before
    assert len(drawings) == 1
    published_practice().sectors.add(justice)
    assert justice_count() == before + 1
    assert len(drawings) == 2
    Practice.objects.filter(sectors=justice).update(status=Practice.Status.ARCHIVED)
    assert justice_count() == 0
    assert len(drawings) == 3
