"""The insight page: the sector collaboration matrix, its gaps and who could fill them,
Convention coverage, sector presence at meetings — figures checked against a network whose
answer is known by hand (see network.py), bad input, accessibility, query counts."""

import itertools
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lanzarote import insight
from practices import cache as catalogue_cache
from practices.models import Partner, Practice
from stakeholders.models import Sector

from .html import catalogue_slugs, parse, table_rows
from .network import (
    ARTICLES,
    COVERAGE_ALL,
    COVERAGE_PARIS,
    COVERED,
    HAND_MATRIX_ALL,
    HAND_MATRIX_PARIS,
    PRESENCE,
    PUBLISHED,
    SCOPES,
    SECTORS,
    expected_matrix,
    grow,
    make_practice,
)

pytestmark = pytest.mark.django_db

URL = "/en/insight/"
PARAMS = {
    "all": {},
    "FR": {"country": "FR"},
    "BE": {"country": "BE"},
    "paris": {"territory": "paris"},
}
ALL_PAIRS = {frozenset(pair) for pair in itertools.combinations(SECTORS, 2)}


def english_names():
    return dict(Sector.objects.values_list("code", "name_en"))


def scope_of(name):
    scope, problems = insight.scope_from(PARAMS[name])
    assert problems == []
    return scope


def covered_pairs(scope_name):
    return {frozenset((a, b)) for (a, b), n in expected_matrix(scope_name).items() if a != b and n}


def expected_slugs(network, scope_name, codes):
    """The published practices of a scope that involve every sector of ``codes``, by hand."""
    return {
        network.practices[key].slug for key in SCOPES[scope_name] if set(codes) <= PUBLISHED[key][1]
    }


def link_query(url):
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    return parts.path, sorted(query.pop("sector", [])), query


# ---------------------------------------------------------------- the figures by hand


def test_the_hand_made_tables_agree_with_the_fixture_description():
    """The expected figures written out by hand and those derived from PUBLISHED agree."""
    for scope, hand in (("all", HAND_MATRIX_ALL), ("paris", HAND_MATRIX_PARIS)):
        derived = expected_matrix(scope)
        symmetric = {**hand, **{(b, a): n for (a, b), n in hand.items()}}
        assert {k: v for k, v in derived.items() if v} == symmetric
    assert {s: len(covered_pairs(s)) for s in SCOPES} == COVERED


@pytest.mark.parametrize("scope_name", ["all", "FR", "BE", "paris"])
def test_every_cell_of_the_matrix(network, scope_name):
    matrix = insight.sector_matrix(scope_of(scope_name))
    assert [s.code for s in matrix["sectors"]] == SECTORS
    assert [row.code for row, _cells in matrix["rows"]] == SECTORS
    cells = {}
    for row, row_cells in matrix["rows"]:
        assert [c.column.code for c in row_cells] == SECTORS
        for cell in row_cells:
            assert cell.row == row
            cells[(cell.row.code, cell.column.code)] = cell.count
    assert cells == expected_matrix(scope_name)
    assert matrix["covered"] == COVERED[scope_name]
    assert matrix["pairs"] == 21


def test_the_diagonal_counts_practices_involving_the_sector(network):
    matrix = insight.sector_matrix(scope_of("all"))
    diagonal = {row.code: cells[i].count for i, (row, cells) in enumerate(matrix["rows"])}
    assert diagonal == {
        "justice": 3,
        "police": 2,
        "medico-legal": 1,
        "child-welfare": 1,
        "education": 1,
        "ngo": 1,
        "private": 0,  # only practices that are not published involve it
    }


def test_practices_in_any_other_state_count_nowhere(network):
    before = insight.sector_matrix(scope_of("all"))
    coverage_before = coverage_table(insight.convention_coverage(scope_of("all")))
    for status in [s for s, _ in Practice.Status.choices if s != Practice.Status.PUBLISHED]:
        make_practice(
            status=status,
            territory=network.territories["paris"],
            organisation=network.organisations["tribunal"],
            group=network.groups["paris"],
            sectors=SECTORS,
            articles=ARTICLES,
        )
    after = insight.sector_matrix(scope_of("all"))
    counts = [[c.count for c in cells] for _row, cells in after["rows"]]
    assert counts == [[c.count for c in cells] for _row, cells in before["rows"]]
    assert after["covered"] == 5
    assert coverage_table(insight.convention_coverage(scope_of("all"))) == coverage_before


@pytest.mark.parametrize(
    "scope_name, extra",
    [("all", {}), ("FR", {"country": ["FR"]}), ("paris", {"territory": ["paris"]})],
)
def test_each_cell_links_to_the_catalogue_filtered_on_both_sectors_and_the_scope(
    network, scope_name, extra
):
    with translation.override("en"):
        matrix = insight.sector_matrix(scope_of(scope_name))
    for row, cells in matrix["rows"]:
        for cell in cells:
            path, sectors, rest = link_query(cell.url)
            assert path == "/en/practices/"
            assert sectors == sorted({row.code, cell.column.code})
            assert rest == extra


@pytest.mark.parametrize("scope_name", ["all", "FR", "BE", "paris"])
def test_empty_pairs_are_listed(network, scope_name):
    matrix = insight.sector_matrix(scope_of(scope_name))
    gaps = [frozenset((g.first.code, g.second.code)) for g in matrix["gaps"]]
    assert len(gaps) == len(set(gaps))
    assert set(gaps) == ALL_PAIRS - covered_pairs(scope_name)
    assert len(gaps) == 21 - COVERED[scope_name]


def gap_organisations(matrix):
    return {
        frozenset((g.first.code, g.second.code)): (
            [o.name for o in g.first_organisations],
            [o.name for o in g.second_organisations],
            g.first.code,
        )
        for g in matrix["gaps"]
    }


def test_for_an_empty_pair_in_a_territory_the_organisations_of_both_sectors_are_named(network):
    gaps = gap_organisations(insight.sector_matrix(scope_of("paris")))

    def names(a, b):
        first, second, first_code = gaps[frozenset((a, b))]
        return (first, second) if first_code == a else (second, first)

    assert names("police", "ngo") == (
        ["Brigade de protection des mineurs"],
        ["Association Enfance Paris"],
    )
    assert names("education", "ngo") == (["Lycée Voltaire"], ["Association Enfance Paris"])
    assert names("medico-legal", "education") == (
        ["Unité médico-judiciaire Hôtel-Dieu"],
        ["Lycée Voltaire"],
    )
    # No organisation of that sector in Paris (Lyon's are not Paris's).
    assert names("justice", "private") == (["Tribunal judiciaire de Paris"], [])
    assert names("child-welfare", "ngo") == ([], ["Association Enfance Paris"])


def test_for_an_empty_pair_in_a_country_the_organisations_across_the_country_are_named(network):
    gaps = gap_organisations(insight.sector_matrix(scope_of("FR")))
    first, second, first_code = gaps[frozenset(("child-welfare", "ngo"))]
    welfare, ngo = (first, second) if first_code == "child-welfare" else (second, first)
    assert welfare == ["Observatoire national de la protection", "Service social de Lyon"]
    assert ngo == ["Association Enfance Paris", "Association Lyon Enfance"]
    # Belgian organisations are not French.
    names = {n for a, b, _c in gaps.values() for n in a + b}
    assert "Parquet de Bruxelles" not in names
    assert "SOS Enfants Bruxelles" not in names


def test_for_all_countries_no_organisation_is_listed(network):
    matrix = insight.sector_matrix(scope_of("all"))
    assert matrix["gaps"]
    for gap in matrix["gaps"]:
        assert gap.first_organisations == []
        assert gap.second_organisations == []


# ---------------------------------------------------------------- Convention coverage


def coverage_table(coverage):
    codes = [code for code, _name in coverage["countries"]]
    return codes, {article.number: (counts, total) for article, counts, total in coverage["rows"]}


@pytest.mark.parametrize(
    "scope_name, countries, expected",
    [
        ("all", ["BE", "FR"], COVERAGE_ALL),
        ("FR", ["FR"], {5: {"FR": 1}, 12: {"FR": 3}, 35: {"FR": 1}}),
        ("BE", ["BE"], {5: {"BE": 1}, 12: {"BE": 1}}),
        ("paris", ["FR"], COVERAGE_PARIS),
    ],
)
def test_convention_coverage_per_article_and_country(network, scope_name, countries, expected):
    codes, rows = coverage_table(insight.convention_coverage(scope_of(scope_name)))
    # Germany only has a practice awaiting changes: it gets no column.
    assert codes == countries
    assert list(rows) == ARTICLES
    for number in ARTICLES:
        counts, total = rows[number]
        want = [expected.get(number, {}).get(code, 0) for code in codes]
        assert counts == want, number
        assert total == sum(want), number
    assert rows[36] == ([0] * len(codes), 0)  # addressed by unpublished practices only


def test_convention_coverage_of_a_scope_without_practices_has_no_country(network):
    scope, _problems = insight.scope_from({"territory": "lyon"})
    codes, rows = coverage_table(insight.convention_coverage(scope))
    assert codes == []
    assert all(total == 0 for _counts, total in rows.values())


# ---------------------------------------------------------------- sector presence at meetings


def presence_by_group(presence):
    return {
        group.slug: [
            (meeting.title, {code for code, mark in zip(SECTORS, marks, strict=True) if mark}, n)
            for meeting, marks, n in rows
        ]
        for group, rows in presence
    }


def test_sector_presence_at_each_held_meeting(network_with_meetings):
    presence = presence_by_group(insight.meeting_presence(scope_of("all"))["groups"])
    assert presence == {
        "groupe-paris": [
            ("Réunion first", PRESENCE["first"], 2),
            ("Réunion second", PRESENCE["second"], 2),
        ],
        "groupe-belgique": [],
    }


def test_sector_presence_follows_the_scope(network_with_meetings):
    assert set(presence_by_group(insight.meeting_presence(scope_of("paris"))["groups"])) == {
        "groupe-paris"
    }
    assert set(presence_by_group(insight.meeting_presence(scope_of("BE"))["groups"])) == {
        "groupe-belgique"
    }
    lyon, _problems = insight.scope_from({"territory": "lyon"})
    assert insight.meeting_presence(lyon)["groups"] == []


# ---------------------------------------------------------------- the page


def matrix_table(doc):
    table = doc.find("table", cls="matrix")
    assert table is not None
    return table


@pytest.mark.parametrize("scope_name", ["all", "FR", "BE", "paris"])
def test_the_page_shows_every_cell_as_an_accessible_table(client, network, scope_name):
    response = client.get(URL, PARAMS[scope_name])
    assert response.status_code == 200
    names = english_names()
    expected = expected_matrix(scope_name)
    table = matrix_table(parse(response.content))

    caption = table.find("caption")
    assert caption is not None
    assert "Published practices shared by each pair of sectors" in caption.text()
    column_headers = table.find("thead").find_all("th")
    assert [th.attrs.get("scope") for th in column_headers] == ["col"] * 7
    assert [th.text() for th in column_headers] == [names[c] for c in SECTORS]

    rows = table_rows(table)
    assert len(rows) == 7
    for code, tr in zip(SECTORS, rows, strict=True):
        header = tr.children_of("th")
        assert len(header) == 1
        assert header[0].attrs.get("scope") == "row"
        assert header[0].text() == names[code]
        cells = tr.children_of("td")
        assert len(cells) == 7
        for column, td in zip(SECTORS, cells, strict=True):
            count = expected[(code, column)]
            # The number is text, not only a colour...
            assert td.text(hidden=False) == str(count), (code, column)
            level = int(re.search(r"level-(\d)", td.attrs["class"]).group(1))
            assert (level == 0) == (count == 0)
            # ...and every cell has a text alternative naming both sectors.
            hidden = [s.text() for s in td.find_all("span", cls="visually-hidden")]
            assert len(hidden) == 1, (code, column)
            assert names[code] in hidden[0]
            assert names[column] in hidden[0]
            spoken = td.text(spoken=True)
            assert names[code] in spoken
            assert names[column] in spoken
            links = td.find_all("a")
            if count:
                # "2 practices shared by Justice and Law enforcement"
                assert spoken.split()[0] == str(count), spoken
                assert not hidden[0].lower().startswith("no "), hidden[0]
                assert len(links) == 1
                path, sectors, rest = link_query(links[0].attrs["href"])
                assert path == "/en/practices/"
                assert sectors == sorted({code, column})
                assert rest == {k: [v] for k, v in PARAMS[scope_name].items()}
            else:
                # "no practice shared by Justice and Private sector"
                assert hidden[0].lower().startswith("no "), hidden[0]
                assert spoken == hidden[0]
                assert links == []


def test_the_page_needs_no_script_nor_outside_service(client, network):
    doc = parse(client.get(URL).content)
    assert doc.find("table", cls="matrix") is not None
    resources = [e.attrs.get("src") for e in doc.find_all() if e.attrs.get("src")]
    resources += [
        e.attrs["href"] for e in doc.find_all("link") if e.attrs.get("rel") != "alternate"
    ]
    assert resources
    for url in resources:
        host = urlsplit(url).netloc
        assert host in ("", "testserver"), url
    assert doc.find_all("iframe") == []
    assert doc.find_all("canvas") == []


@pytest.mark.parametrize("scope_name", ["all", "FR", "BE", "paris"])
def test_following_a_cell_gives_exactly_that_many_practices(client, network, scope_name):
    response = client.get(URL, PARAMS[scope_name])
    table = matrix_table(parse(response.content))
    followed = 0
    for code, tr in zip(SECTORS, table_rows(table), strict=True):
        for column, td in zip(SECTORS, tr.children_of("td"), strict=True):
            link = td.find("a")
            if link is None:
                continue
            slugs = catalogue_slugs(client, link.attrs["href"])
            assert len(slugs) == int(td.text(hidden=False)), (code, column)
            assert set(slugs) == expected_slugs(network, scope_name, {code, column})
            followed += 1
    non_zero = sum(1 for n in expected_matrix(scope_name).values() if n)
    assert followed == non_zero


def gap_items(doc):
    section = doc.find("section", aria_labelledby="gaps-heading")
    assert section is not None
    items = {}
    for li in section.find("ul", cls="gap-list").children_of("li"):
        codes = [
            next(c[len("sector-") :] for c in badge.classes if c.startswith("sector-"))
            for badge in li.children_of("span")
        ]
        assert len(codes) == 2
        items[frozenset(codes)] = li
    return section, items


@pytest.mark.parametrize("scope_name", ["all", "FR", "BE", "paris"])
def test_the_page_lists_the_empty_pairs(client, network, scope_name):
    doc = parse(client.get(URL, PARAMS[scope_name]).content)
    _section, items = gap_items(doc)
    assert set(items) == ALL_PAIRS - covered_pairs(scope_name)


def test_the_page_names_who_could_fill_a_gap_in_paris(client, network):
    doc = parse(client.get(URL, {"territory": "paris"}).content)
    _section, items = gap_items(doc)
    o = network.organisations

    def hrefs(li):
        return {a.attrs["href"] for a in li.find_all("a")}

    police_ngo = items[frozenset(("police", "ngo"))]
    assert "Who could build one here:" in police_ngo.text()
    with translation.override("en"):
        assert hrefs(police_ngo) == {
            o["brigade"].get_absolute_url(),
            o["enfance"].get_absolute_url(),
        }
    assert "Brigade de protection des mineurs" in police_ngo.text()
    assert "Association Enfance Paris" in police_ngo.text()
    justice_private = items[frozenset(("justice", "private"))]
    assert hrefs(justice_private) == set()
    assert "One of these sectors has no organisation in the directory here yet." in (
        justice_private.text()
    )
    # Lyon's organisations are not offered for Paris.
    assert "Lyon" not in doc.find("section", aria_labelledby="gaps-heading").text()


def test_the_page_names_no_organisation_for_all_countries(client, network):
    doc = parse(client.get(URL).content)
    section, items = gap_items(doc)
    assert "Choose a country or a territory" in section.text()
    assert section.find_all("a") == []
    assert section.find_all("div", cls="gap-organisations") == []
    text = section.text()
    for organisation in network.organisations.values():
        assert organisation.name not in text


def test_the_page_shows_the_coverage_table(client, network):
    doc = parse(client.get(URL).content)
    table = doc.find("table", cls="coverage")
    assert table is not None
    assert table.find("caption") is not None
    headers = table.find("thead").find_all("th")
    assert [th.text() for th in headers] == ["Article", "Belgium", "France", "Total"]
    assert {th.attrs.get("scope") for th in headers} == {"col"}
    seen = {}
    for tr in table_rows(table):
        header = tr.children_of("th")[0]
        assert header.attrs.get("scope") == "row"
        number = int(re.match(r"Art\. (\d+)", header.text()).group(1))
        seen[number] = [td.text() for td in tr.children_of("td")]
    assert list(seen) == ARTICLES
    for number in ARTICLES:
        be = COVERAGE_ALL.get(number, {}).get("BE", 0)
        fr = COVERAGE_ALL.get(number, {}).get("FR", 0)
        assert seen[number] == [str(be), str(fr), str(be + fr)], number


def test_the_page_says_when_no_practice_addresses_an_article(client, network):
    doc = parse(client.get(URL, {"territory": "lyon"}).content)
    assert doc.find("table", cls="coverage") is None
    section = doc.find("section", aria_labelledby="coverage-heading")
    assert "No published practice addresses an article here yet." in section.text()


def presence_tables(doc):
    """{group name: [[present sector codes] per meeting row] or None when no meeting}."""
    section = doc.find("section", aria_labelledby="presence-heading")
    result, current = {}, None
    for child in section.children:
        if not hasattr(child, "tag"):
            continue
        if child.tag == "h3":
            current = child.text()
            result[current] = None
        elif current is not None and child.tag == "div":
            table = child.find("table", cls="presence")
            headers = table.find("thead").find_all("th")
            assert [th.attrs.get("scope") for th in headers] == ["col"] * 9
            rows = []
            for tr in table_rows(table):
                assert tr.children_of("th")[0].attrs.get("scope") == "row"
                cells = tr.children_of("td")
                marks = cells[:7]
                for td in marks:
                    hidden = td.find("span", cls="visually-hidden").text()
                    visible = td.text(hidden=False)
                    assert (hidden, visible) in {("present", "✓"), ("absent", "–")}
                present = {
                    code
                    for code, td in zip(SECTORS, marks, strict=True)
                    if td.find("span", cls="visually-hidden").text() == "present"
                }
                assert cells[7].text() == f"{len(present)}/7"
                rows.append(present)
            result[current] = rows
    return result


def test_the_page_marks_the_sectors_present_at_each_meeting(client, network_with_meetings):
    doc = parse(client.get(URL).content)
    tables = presence_tables(doc)
    assert tables == {
        "Paris working group": [PRESENCE["first"], PRESENCE["second"]],
        "Belgian working group": None,
    }
    section = doc.find("section", aria_labelledby="presence-heading")
    assert "No meeting has been held yet." in section.text()


def test_the_page_shows_the_presence_of_the_scope_only(client, network_with_meetings):
    tables = presence_tables(parse(client.get(URL, {"country": "BE"}).content))
    assert tables == {"Belgian working group": None}
    tables = presence_tables(parse(client.get(URL, {"territory": "paris"}).content))
    assert list(tables) == ["Paris working group"]


def test_the_scope_form_offers_countries_and_named_territories(client, network):
    doc = parse(client.get(URL, {"territory": "paris"}).content)
    countries = [o.attrs["value"] for o in doc.find("select", id="id_country").find_all("option")]
    assert set(countries) == {"", "FR", "BE", "DE"}
    territory_select = doc.find("select", id="id_territory")
    territories = [o.attrs["value"] for o in territory_select.find_all("option")]
    assert set(territories) == {"", "paris", "lyon", "berlin"}
    chosen = [
        o.attrs["value"] for o in territory_select.find_all("option") if "selected" in o.attrs
    ]
    assert chosen == ["paris"]
    assert "Paris" in doc.find("h1").text()


def test_a_whole_country_territory_agrees_with_the_catalogue(client, network):
    """The catalogue has no filter for a whole-country territory, so the insight page must
    not count figures it cannot link to: following every cell gives its number."""
    make_practice(
        title_en="Lyon prevention network",
        slug="lyon-prevention",
        territory=network.territories["lyon"],
        organisation=network.organisations["lyon-welfare"],
        group=network.groups["paris"],
        sectors=("child-welfare", "education"),
    )
    response = client.get(URL, {"territory": network.territories["france"].slug})
    assert response.status_code == 200
    table = matrix_table(parse(response.content))
    followed = 0
    for tr in table_rows(table):
        for td in tr.children_of("td"):
            link = td.find("a")
            if link is not None:
                slugs = catalogue_slugs(client, link.attrs["href"])
                assert len(slugs) == int(td.text(hidden=False)), link.attrs["href"]
                followed += 1
    assert followed


# ---------------------------------------------------------------- bad input

UNKNOWN = "An unknown country or territory was asked for and has been ignored."


@pytest.mark.parametrize(
    "query",
    [
        "country=ZZ",
        "country=RU",  # a real country, but not a Council of Europe member
        "country=%00",
        "country=FR%00",
        "territory=nowhere",
        "territory=%00",
        "territory=paris%00",
        "territory=" + "x" * 10_000,
        "country=" + "F" * 10_000,
        "country=%FF%FE",
        "territory=%E2%80%AE%F0%9F%92%A5",
        "territory=../../etc/passwd",
        "territory=paris'--",
    ],
)
def test_unknown_or_junk_scope_is_ignored_with_a_message(client, network, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    content = response.content.decode()
    assert UNKNOWN in content
    # The figures fall back to all countries.
    table = matrix_table(parse(content))
    justice = table_rows(table)[0].children_of("td")[0]
    assert justice.text(hidden=False) == "3"


@pytest.mark.parametrize(
    "query",
    [
        "country=FR&country=BE",
        "country=XX&country=FR",
        "territory=paris&territory=nowhere",
        "territory=nowhere&territory=paris",
        "country=BE&territory=paris",
        "country=fr",
        "territory=&country=",
        "%00=%00",
        "page=-1&sort=%00",
        "country[]=FR",
        "&&&=&=",
        "a=" + "b" * 10_000,
    ],
)
def test_repeated_or_junk_parameters_never_fail(client, network, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert b'class="matrix"' in response.content


def test_a_territory_wins_over_a_country(client, network):
    response = client.get(URL, {"country": "BE", "territory": "paris"})
    table = matrix_table(parse(response.content))
    justice = table_rows(table)[0].children_of("td")[0]
    assert justice.text(hidden=False) == "2"
    assert UNKNOWN not in response.content.decode()


def test_the_french_page_has_the_same_figures(client, network):
    doc = parse(client.get("/fr/insight/", {"territory": "paris"}).content)
    table = matrix_table(doc)
    expected = expected_matrix("paris")
    for code, tr in zip(SECTORS, table_rows(table), strict=True):
        for column, td in zip(SECTORS, tr.children_of("td"), strict=True):
            assert td.text(hidden=False) == str(expected[(code, column)])
            link = td.find("a")
            if link is not None:
                assert link.attrs["href"].startswith("/fr/practices/?")


# ---------------------------------------------------------------- query counts


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_data(
    client, db, django_assert_max_num_queries
):
    first = grow(3)
    territory = first[0].territory
    urls = [
        URL,
        f"{URL}?{urlencode({'country': territory.country.code})}",
        f"{URL}?{urlencode({'territory': territory.slug})}",
    ]
    # The catalogue index is brought up to date once per change (its own query counts:
    # tests/practices/test_cache_invalidation.py), not by the page.
    catalogue_cache.current()
    small = {url: count_queries(client, url) for url in urls}
    grow(17)
    assert Practice.objects.published().count() == 20
    catalogue_cache.current()
    large = {url: count_queries(client, url) for url in urls}
    assert large == small
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)
    # A handful of aggregate queries, whatever the data (one of them the protocols overlay's,
    # two the map's: groups and protocols per country, tests/insight/test_map.py; two the
    # quarterly chart's: decisions and completed actions). Inside the test's transaction each
    # of the page's looks at the catalogue's state (every figure is kept with it, ~18) costs
    # two queries; in production a request makes one, at its first look: the next test
    # counts the queries as production makes them.
    assert max(small.values()) <= 40


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_insight_is_drawn_once_per_state_and_scope(client):
    """Outside a transaction, as in production: the first request of a state draws the
    figures (a fixed number of queries, whatever the data); the next ones, for the same
    scope and language, only look at the change log and list the scope's choices; a change
    of the meetings draws them again, with the change."""
    first = grow(3)
    territory = first[0].territory
    urls = [URL, f"{URL}?{urlencode({'country': territory.country.code})}"]
    # The index is built outside the requests (its own queries: test_cache_invalidation).
    catalogue_cache.reset()
    catalogue_cache.current()
    cold = {url: count_queries(client, url) for url in urls}
    grow(5)
    catalogue_cache.reset()
    catalogue_cache.current()
    assert {url: count_queries(client, url) for url in urls} == cold
    assert max(cold.values()) <= 14
    # The change log (and a country's page: the scope is read from the address).
    assert count_queries(client, f"{urls[0]}?again=1") == 1
    assert count_queries(client, f"{urls[1]}&again=1") == 2
    page = client.get(URL).content.decode()
    from meetings.models import Attendance

    assert Attendance.objects.filter(status=Attendance.Status.PRESENT).update(
        status=Attendance.Status.ABSENT
    )
    assert client.get(URL).content.decode() != page
    assert count_queries(client, URL) == 1


def test_a_whole_country_territory_stands_for_its_country(network):
    scope, problems = insight.scope_from({"territory": "france"})
    assert problems == []
    assert scope.territory is None
    assert scope.country == "FR"
    matrix = insight.sector_matrix(scope)
    cells = {(c.row.code, c.column.code): c.count for _row, cs in matrix["rows"] for c in cs}
    assert cells == expected_matrix("FR")


def test_the_scope_of_a_named_territory(network):
    scope, problems = insight.scope_from({"territory": "paris", "country": "BE"})
    assert problems == []
    assert scope.territory == network.territories["paris"]
    assert scope.country == "FR"
    assert scope.catalogue_params() == {"territory": "paris"}
    scope, problems = insight.scope_from({"country": "be"})
    assert (scope.country, scope.territory, problems) == ("BE", None, [])
    assert scope.catalogue_params() == {"country": "BE"}
    scope, problems = insight.scope_from({"country": "XX", "territory": "nowhere"})
    assert (scope.country, scope.territory) == ("", None)
    assert sorted(problems) == ["country", "territory"]


# ---------------------------------------------------------- public institutions × civil society


def scoped_practices(scope_name):
    published = Practice.objects.published()
    params = PARAMS[scope_name]
    if "territory" in params:
        return published.filter(territory__slug=params["territory"])
    if "country" in params:
        return published.filter(territory__country=params["country"])
    return published


def collaboration_tables(doc):
    section = doc.find("section", aria_labelledby="collaboration-heading")
    assert section is not None
    return section, section.find_all("table", cls="collaboration")


@pytest.mark.parametrize("scope_name", ["all", "FR", "BE", "paris"])
def test_public_and_civil_society_partnerships_by_country_and_sector(client, network, scope_name):
    """Each figure agrees with the database, and each link lists exactly those practices."""
    in_scope = scoped_practices(scope_name)
    joined = in_scope.joining_public_and_civil_society()
    figures = insight.public_civil_collaboration(scope_of(scope_name))
    assert (figures["practices"], figures["joined"]) == (in_scope.count(), joined.count())

    response = client.get(URL, PARAMS[scope_name])
    _section, (by_country, by_sector) = collaboration_tables(parse(response.content))
    names = english_names()
    sector_rows = table_rows(by_sector)
    assert [tr.find("th").text() for tr in sector_rows] == [names[code] for code in SECTORS]
    for code, tr in zip(SECTORS, sector_rows, strict=True):
        total, with_both, _share = (td.text(hidden=False) for td in tr.children_of("td"))
        expected = joined.filter(sectors__code=code)
        assert int(total) == in_scope.filter(sectors__code=code).count()
        assert int(with_both) == expected.count()
        link = tr.children_of("td")[1].find("a")
        if link is not None:
            slugs = catalogue_slugs(client, link.attrs["href"])
            assert set(slugs) == set(expected.values_list("slug", flat=True))
    for tr in table_rows(by_country):
        total, with_both, _share = (td.text(hidden=False) for td in tr.children_of("td"))
        link = tr.children_of("td")[1].find("a")
        if link is not None:
            country = parse_qs(urlsplit(link.attrs["href"]).query)["country"][0]
            expected = joined.filter(territory__country=country)
            assert int(with_both) == expected.count()
            assert set(catalogue_slugs(client, link.attrs["href"])) == set(
                expected.values_list("slug", flat=True)
            )


def test_a_practice_only_funded_by_civil_society_is_not_a_partnership(network):
    p1 = network.practices["p1"]  # led by a public hospital unit
    Partner.objects.create(
        practice=p1, organisation=network.organisations["enfance"], role=Partner.Role.FUNDER
    )
    figures = insight.public_civil_collaboration(scope_of("all"))
    assert figures["joined"] == 1  # the Brussels practice only
    Partner.objects.filter(practice=p1, role=Partner.Role.FUNDER).update(role=Partner.Role.PARTNER)
    assert insight.public_civil_collaboration(scope_of("all"))["joined"] == 2


def test_within_a_territory_a_country_row_lists_that_territory_only(client, network):
    o, p = network.organisations, network.practices
    Partner.objects.create(practice=p["p1"], organisation=o["enfance"], role=Partner.Role.PARTNER)
    Partner.objects.create(
        practice=p["p3"], organisation=o["lyon-ngo"], role=Partner.Role.PARTNER
    )  # France-wide, not Paris
    response = client.get(URL, PARAMS["paris"])
    _section, (by_country, _by_sector) = collaboration_tables(parse(response.content))
    (france,) = table_rows(by_country)
    link = france.children_of("td")[1].find("a")
    assert link.text() == "1"
    assert catalogue_slugs(client, link.attrs["href"]) == [p["p1"].slug]
