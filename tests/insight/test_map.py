"""The map of Europe on the home page and Insight: its figures against the database, the
map against its table, the links, the layers, both languages and the query counts."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_countries import countries

from practices import cache as catalogue_cache
from practices.models import Practice
from protocols.models import Protocol
from reports import network_map
from stakeholders.models import WorkingGroup
from tests.factories import TerritoryFactory, WorkingGroupFactory
from tests.protocols.factories import ProtocolFactory

from .html import parse, table_rows
from .network import grow

pytestmark = pytest.mark.django_db

P = Protocol.Status
V = Protocol.Visibility


@pytest.fixture
def protocols(network):
    """Public protocols in force: 2 in France (Paris, the whole country), 1 in Belgium; and
    some that must never count."""
    t = network.territories
    counted = [
        ProtocolFactory(territory=t["paris"]),
        ProtocolFactory(territory=t["france"]),
        ProtocolFactory(territory=t["belgium"]),
    ]
    ProtocolFactory(territory=t["paris"], visibility=V.MEMBERS)  # members only
    ProtocolFactory(territory=t["berlin"], visibility=V.MEMBERS)
    ProtocolFactory(territory=t["paris"], status=P.EXPIRED)
    ProtocolFactory(territory=t["lyon"], status=P.IN_PREPARATION)
    ProtocolFactory(territory=t["berlin"], status=P.WITHDRAWN)
    return counted


def by_code(rows):
    return {row.code: row for row in rows}


def svg_countries(doc, map_id):
    """{code: (title, href, level)} of the countries drawn on the map."""
    svg = doc.find("svg", cls="map-svg")
    # A group of links (role="img" would hide them from assistive technologies: axe's
    # nested-interactive), named by its title and described by its desc.
    assert svg.attrs["role"] == "group"
    assert svg.attrs["aria-labelledby"] == f"{map_id}-title"
    assert svg.attrs["aria-describedby"] == f"{map_id}-desc"
    assert svg.find("title", id=f"{map_id}-title") is not None
    assert svg.find("desc", id=f"{map_id}-desc") is not None
    found = {}
    for link in svg.find("g", cls="map-countries").find_all("a"):
        level = next(c for c in link.classes if c.startswith("map-level-"))
        found[link.attrs["data-country"]] = (
            link.find("title").text(),
            link.attrs["href"],
            int(level.rsplit("-", 1)[1]),
        )
    return found


def table_figures(doc):
    """{code: [(number, href), ...]} of the map's table, and the column headers."""
    table = doc.find("table", cls="map-table")
    headers = [th.text() for th in table.find("thead").find_all("th")]
    rows = {}
    for tr in table_rows(table):
        rows[tr.attrs["data-country"]] = [
            (int(td.find("a").text(hidden=False)), td.find("a").attrs["href"])
            for td in tr.find_all("td")
        ]
    return headers, rows


# ------------------------------------------------------------------ the figures


def test_the_figures_are_those_of_the_database(network, protocols):
    rows = by_code(network_map.country_figures())
    published = Counter(Practice.objects.published().values_list("territory__country", flat=True))
    groups = Counter(WorkingGroup.objects.values_list("territory__country", flat=True))
    in_force = Counter(
        Protocol.objects.filter(status=P.IN_FORCE, visibility=V.PUBLIC).values_list(
            "territory__country", flat=True
        )
    )
    assert set(network_map.MEMBERS) <= set(rows)
    for code, row in rows.items():
        assert row.practices == published[code], code
        assert row.groups == groups[code], code
        assert row.protocols == in_force[code], code
    # By hand (tests/insight/network.py): drafts, archived and members-only never count.
    assert (rows["FR"].practices, rows["FR"].groups, rows["FR"].protocols) == (3, 1, 2)
    assert (rows["BE"].practices, rows["BE"].groups, rows["BE"].protocols) == (1, 1, 1)
    assert (rows["DE"].practices, rows["DE"].groups, rows["DE"].protocols) == (0, 0, 0)
    assert rows["FR"].territory == "france"
    assert rows["BE"].territory == "belgique"
    assert rows["DE"].territory == ""


def test_the_46_member_states_are_listed_by_their_name_in_each_language(db):
    assert len(network_map.MEMBERS) == 46
    for language in ("en", "fr"):
        with translation.override(language):
            rows = network_map.country_figures()
            names = [row.name for row in rows]
            assert [row.code for row in rows] == sorted(
                network_map.MEMBERS, key=lambda c: network_map.sort_key(countries.name(c))
            )
            assert names == sorted(names, key=network_map.sort_key)
            assert all(row.member for row in rows)
    with translation.override("fr"):
        assert network_map.country_figures()[0].name == "Albanie"
        names = [row.name for row in network_map.country_figures()]
        assert names.index("Allemagne") < names.index("Andorre")


def test_a_country_outside_the_council_with_practices_is_listed_too(network):
    canada = TerritoryFactory(country="CA", name="", slug="canada")
    WorkingGroupFactory(territory=canada, slug="groupe-canada")
    rows = by_code(network_map.country_figures())
    assert rows["CA"].groups == 1
    assert rows["CA"].member is False


def test_the_home_page_asks_for_the_practices_only_without_a_query(network):
    catalogue_cache.current()
    with CaptureQueriesContext(connection) as context:
        rows = network_map.country_figures(layers=(network_map.PRACTICES,))
    # Only the catalogue's "anything new?" look-up: no groups, no protocols.
    sql = " ".join(q["sql"] for q in context.captured_queries)
    assert "stakeholders_" not in sql and "protocols_" not in sql
    assert by_code(rows)["FR"].practices == 3
    assert by_code(rows)["FR"].groups is None


def test_the_colour_levels_and_their_legend():
    bounds = network_map.level_bounds([0, 0, 1, 2, 3, 10, 40, 0])
    assert bounds == {1: 1, 2: 2, 3: 3, 4: 40}
    assert [network_map.level(v, bounds) for v in (0, 1, 2, 3, 10, 11, 40)] == [
        0, 1, 2, 3, 4, 4, 4,
    ]  # fmt: skip
    with translation.override("en"):
        assert network_map.legend(bounds) == [
            (0, "0"),
            (1, "1"),
            (2, "2"),
            (3, "3"),
            (4, "4 to 40"),
        ]
        # One value: the darkest, and the legend says what it covers.
        one = network_map.level_bounds([5, 5, 0])
        assert one == {4: 5}
        assert network_map.legend(one) == [(0, "0"), (4, "1 to 5")]
    with translation.override("fr"):
        assert network_map.legend({2: 3, 4: 9}) == [(0, "0"), (2, "1 à 3"), (4, "4 à 9")]
    # Many values: four levels of about as many values each.
    many = network_map.level_bounds(range(1, 101))
    assert many == {1: 25, 2: 50, 3: 75, 4: 100}
    assert network_map.level_bounds([0, 0]) == {}
    assert network_map.level(0, {}) == 0


def test_the_shapes_are_read_once_and_framed_on_the_members():
    frame = network_map.shapes()
    assert network_map.shapes() is frame
    assert set(frame.members) == set(network_map.MEMBERS)
    assert "RU" in frame.neighbours and "BY" in frame.neighbours
    left, top, width, height = (float(n) for n in frame.view_box.split())
    assert 0 < width < 1000 and 0 < height < 1000  # Europe, not the world
    for code in network_map.MICROSTATES:
        assert frame.members[code].marker is not None, code
    # Every member shows in the frame (far islands, the Canaries or the Azores, may not).
    for shape in frame.members.values():
        points = [
            (float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+),(-?[\d.]+)", shape.d)
        ]
        assert points, shape.code
        assert any(left <= x <= left + width and top <= y <= top + height for x, y in points), (
            shape.code
        )


# ------------------------------------------------------------------ the pages


@pytest.mark.parametrize("layer", ["practices", "groups", "protocols"])
def test_the_map_and_its_table_agree(client, network, protocols, layer):
    response = client.get(f"/en/insight/?map={layer}")
    assert response.status_code == 200
    doc = parse(response.content)
    drawn = svg_countries(doc, "network-map")
    headers, table = table_figures(doc)
    assert headers == [
        "Country",
        "Published practices",
        "Working groups",
        "Public protocols in force",
    ]
    assert set(drawn) == set(network_map.MEMBERS)
    assert set(table) == set(network_map.MEMBERS)
    column = ["practices", "groups", "protocols"].index(layer)
    names = {code: countries.name(code) for code in table}
    for code, (title, href, level) in drawn.items():
        number, table_href = table[code][column]
        assert title.startswith(f"{names[code]}: {number} "), title
        assert href == table_href
        assert (level == 0) == (number == 0)
    rows = [tr.find("th").text() for tr in table_rows(doc.find("table", cls="map-table"))]
    assert rows == sorted(rows, key=network_map.sort_key)


def test_the_links_go_to_the_right_filters(client, network, protocols):
    doc = parse(client.get("/en/insight/").content)
    _headers, table = table_figures(doc)
    assert table["FR"] == [
        (3, "/en/practices/?country=FR"),
        (1, "/en/stakeholders/territories/france/"),
        (2, "/en/protocols/?country=FR&amp;status=in-force".replace("&amp;", "&")),
    ]
    assert table["BE"][1] == (1, "/en/stakeholders/territories/belgique/")
    # No whole-country territory: the country on the territories page.
    assert table["DE"][1] == (0, "/en/stakeholders/territories/#country-DE-heading")
    drawn = svg_countries(doc, "network-map")
    # Values 3 (FR) and 1 (BE): the highest on level 4, the other on level 2.
    assert drawn["FR"] == ("France: 3 published practices", "/en/practices/?country=FR", 4)
    groups = svg_countries(parse(client.get("/en/insight/?map=groups").content), "network-map")
    assert groups["FR"][:2] == ("France: 1 working group", "/en/stakeholders/territories/france/")
    found = svg_countries(parse(client.get("/en/insight/?map=protocols").content), "network-map")
    assert found["FR"][:2] == (
        "France: 2 public protocols in force",
        "/en/protocols/?country=FR&status=in-force",
    )
    # The members-only protocol of Berlin never shows.
    assert found["DE"][0] == "Germany: 0 public protocols in force"


def test_the_protocols_linked_are_those_counted(client, network, protocols):
    doc = parse(client.get("/en/insight/?map=protocols").content)
    _headers, table = table_figures(doc)
    number, href = table["FR"][2]
    listed = parse(client.get(href).content)
    slugs = {p.slug for p in protocols if p.territory.country == "FR"}
    links = {a.attrs["href"].rstrip("/").rsplit("/", 1)[-1] for a in listed.find_all("a")}
    assert number == len(slugs) == 2
    assert slugs <= links


def test_the_layer_switch_and_an_unknown_layer(client, network, protocols):
    doc = parse(client.get("/en/insight/?country=BE&map=groups").content)
    nav = doc.find("nav", cls="map-layers")
    links = {a.text(): a for a in nav.find_all("a")}
    assert list(links) == ["Published practices", "Working groups", "Public protocols in force"]
    assert links["Working groups"].attrs.get("aria-current") == "true"
    assert links["Published practices"].attrs.get("aria-current") is None
    # Plain links that keep the scope chosen.
    assert links["Public protocols in force"].attrs["href"] == (
        "?country=BE&map=protocols#map-heading"
    )
    assert links["Published practices"].attrs["href"] == "?country=BE#map-heading"
    assert doc.find("svg", cls="map-svg").find("title").text() == (
        "Map of Europe: Working groups per country"
    )
    for value in ("nonsense", "", "GROUPS", "groups\x00"):
        response = client.get("/en/insight/", {"map": value})
        assert response.status_code == 200
        doc = parse(response.content)
        drawn = svg_countries(doc, "network-map")
        assert drawn["FR"][0] == "France: 3 published practices"


def test_the_legend_says_in_words_what_the_colours_mean(client, network, protocols):
    doc = parse(client.get("/en/insight/?map=protocols").content)
    legend = doc.find("figcaption", cls="map-legend")
    assert "Public protocols in force per country" in legend.text()
    items = [li.text() for li in legend.find_all("li")]
    # Values 0 (44 countries), 1 (BE), 2 (FR).
    assert items == ["0", "1", "2"]
    swatches = [
        next(c for c in li.find("span").classes if c.startswith("map-level-"))
        for li in legend.find_all("li")
    ]
    assert swatches == ["map-level-0", "map-level-2", "map-level-4"]
    drawn = svg_countries(doc, "network-map")
    assert (drawn["BE"][2], drawn["FR"][2], drawn["DE"][2]) == (2, 4, 0)


def test_the_home_page_has_a_small_map_of_the_practices(client, network, protocols):
    response = client.get("/en/")
    doc = parse(response.content)
    section = doc.find("section", cls="map-section")
    assert section.find("div", cls="network-map-small") is not None
    drawn = svg_countries(section, "home-map")
    headers, table = table_figures(section)
    assert headers == ["Country", "Published practices"]
    # Values 3 (FR) and 1 (BE): the highest on level 4, the other on level 2.
    assert drawn["FR"] == ("France: 3 published practices", "/en/practices/?country=FR", 4)
    assert table["FR"] == [(3, "/en/practices/?country=FR")]
    assert table["BE"] == [(1, "/en/practices/?country=BE")]
    assert section.find("details", cls="map-details") is not None
    assert doc.find("nav", cls="map-layers") is None


def test_both_languages(client, network, protocols):
    doc = parse(client.get("/fr/insight/?map=groups").content)
    drawn = svg_countries(doc, "network-map")
    assert drawn["FR"][0] == "France : 1 groupe de travail"
    assert drawn["DE"][0] == "Allemagne : 0 groupe de travail"
    assert drawn["FR"][1] == "/fr/stakeholders/territories/france/"
    assert doc.find("svg", cls="map-svg").find("title").text() == (
        "Carte de l’Europe : Groupes de travail par pays"
    )
    home = parse(client.get("/fr/").content)
    assert svg_countries(home, "home-map")["BE"][0] == "Belgique : 1 pratique publiée"
    caption = home.find("table", cls="map-table").find("caption").text()
    assert caption == "Le réseau pays par pays"


def test_no_inline_style_or_script_in_the_map(client, network):
    content = client.get("/en/insight/").content.decode()
    start = content.index('<div class="network-map')
    fragment = content[start : content.index("</table>", start)]
    assert "style=" not in fragment
    assert "<script" not in fragment


def test_the_fragment_is_kept_for_the_same_figures(network):
    rows = network_map.country_figures()
    first = network_map.render(rows, "groups")
    assert network_map.render(network_map.country_figures(), "groups") is first
    assert network_map.render(rows, "practices") is not first


# ------------------------------------------------------------------ query counts


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_map_pages_run_a_constant_number_of_queries(client, network, protocols):
    urls = ["/en/", "/fr/insight/", "/en/insight/?map=groups", "/en/insight/?map=protocols"]
    grow(3)  # as Insight's own count: a territory of every kind to begin with
    for url in urls:  # warm up the catalogue and the process's caches
        client.get(url)
    small = {url: count(client, url) for url in urls}
    grow(12, countries=("FR", "BE", "DE", "IT", "ES", "PL"))
    for territory in network.territories.values():
        ProtocolFactory(territory=territory)
        ProtocolFactory(territory=territory, visibility=V.MEMBERS)
    for url in urls:
        client.get(url)
    large = {url: count(client, url) for url in urls}
    assert large == small
